"""Make GX Data Docs render offline: ship the CDN assets and point the pages at them.

GX 1.24.1 pages load Bootstrap, jQuery, Vega, Font Awesome, bootstrap-table/-datepicker and
its logo from CDNs. Those exact files are vendored (from their npm packages, hashes checked
against the SRI attributes GX uses) under ``flows/data_docs_assets/`` with ``manifest.json``
mapping each URL to its file. After every build the folder is copied next to the docs and
the URLs in the pages are rewritten to relative paths. Nothing is downloaded at run time.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

ASSETS_DIR = Path(__file__).resolve().parent / "data_docs_assets"
MANIFEST_NAME = "manifest.json"
# Folder inside the docs site that receives the vendored files.
VENDOR_DIR_NAME = "vendor"

# The pages are GX's fixed templates, so a targeted rewrite of URLs and of the attributes
# of the tags carrying them is enough; an HTML parser would re-serialize whole pages
# (inline scripts included) for no gain.
_URL = re.compile(r"https?://[^\s\"'()<>]+")
_ASSET_TAG = re.compile(r"<(?:script|link|img)\b[^>]*>", re.IGNORECASE)
_TAG_URL_ATTR = re.compile(r"""\b(?:src|href)\s*=\s*["'](https?://[^"']+)["']""", re.IGNORECASE)
# Subresource-integrity and CORS attributes make browsers refuse file:// scripts.
_CORS_ATTRS = re.compile(r"""\s+(?:integrity|crossorigin)\s*=\s*["'][^"']*["']""", re.IGNORECASE)
_LOCAL_MARKER = f"{VENDOR_DIR_NAME}/"
# GX's own static files, referenced relative to the page; GX 1.24.1 gets the depth of
# validation pages wrong for the favicon (one "../" short).
_STATIC_REF = re.compile(r"""(\b(?:src|href)=["'])((?:\.\./)*)(static/[^"'?#]+)""")


class DataDocsAssetError(RuntimeError):
    """The vendored assets are missing or do not match their manifest."""


@dataclass(frozen=True)
class OfflineDocsSummary:
    pages_rewritten: int
    urls_rewritten: int
    unknown_asset_urls: tuple[str, ...]


def load_asset_map(assets_dir: Path = ASSETS_DIR) -> dict[str, str]:
    """CDN URL -> vendored file, relative to the assets folder."""
    manifest_path = assets_dir / MANIFEST_NAME
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DataDocsAssetError(f"cannot read {manifest_path}: {error}") from error
    asset_map = {entry["url"]: entry["file"] for entry in manifest["assets"]}
    missing = [file for file in asset_map.values() if not (assets_dir / file).is_file()]
    if missing:
        raise DataDocsAssetError(f"vendored Data Docs assets missing: {sorted(set(missing))}")
    return asset_map


def copy_assets(docs_dir: Path, assets_dir: Path = ASSETS_DIR) -> Path:
    """Mirror the vendored files into ``<docs>/vendor`` (only what is missing or changed)."""
    target_root = docs_dir / VENDOR_DIR_NAME
    for source in assets_dir.rglob("*"):
        if not source.is_file() or source.name == MANIFEST_NAME:
            continue
        target = target_root / source.relative_to(assets_dir)
        if target.is_file() and target.stat().st_size == source.stat().st_size:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return target_root


def _local_target(url: str, asset_map: dict[str, str]) -> str | None:
    # GX appends cache-busting queries to its logo URL (?d=...&dataContextId=...).
    return asset_map.get(url) or asset_map.get(url.split("?", 1)[0])


def rewrite_page(
    text: str, page_dir: Path, docs_dir: Path, asset_map: dict[str, str]
) -> tuple[str, int, set[str]]:
    """The page with every known CDN URL replaced by a path relative to ``page_dir``.

    Returns the new text, how many URLs were replaced, and the URLs of asset tags
    (script/link/img) that the manifest does not know, so a GX upgrade that adds a CDN
    is noticed instead of silently needing the network.
    """
    replaced = 0
    vendor_root = docs_dir / VENDOR_DIR_NAME

    def local_url(match: re.Match[str]) -> str:
        nonlocal replaced
        file = _local_target(match.group(0), asset_map)
        if file is None:
            return match.group(0)
        replaced += 1
        return Path(os.path.relpath(vendor_root / file, page_dir)).as_posix()

    def static_ref(match: re.Match[str]) -> str:
        nonlocal replaced
        if (page_dir / match.group(2) / match.group(3)).is_file():
            return match.group(0)
        replaced += 1
        repaired = Path(os.path.relpath(docs_dir / match.group(3), page_dir)).as_posix()
        return match.group(1) + repaired

    def fix_tag(match: re.Match[str]) -> str:
        tag = _STATIC_REF.sub(static_ref, _URL.sub(local_url, match.group(0)))
        return _CORS_ATTRS.sub("", tag) if _LOCAL_MARKER in tag else tag

    text = _ASSET_TAG.sub(fix_tag, text)
    # Remaining URLs sit in inline CSS (url(...)) or plain links; only known assets change.
    text = _URL.sub(local_url, text)
    unknown = {url for tag in _ASSET_TAG.findall(text) for url in _TAG_URL_ATTR.findall(tag)}
    return text, replaced, unknown


def make_docs_offline(
    docs_dir: Path, changed_since: float | None = None, assets_dir: Path = ASSETS_DIR
) -> OfflineDocsSummary:
    """Copy the assets next to the docs and rewrite the pages GX wrote.

    ``changed_since`` (a timestamp) limits the HTML rewrite to pages written by this build:
    older pages were rewritten by the build that wrote them. GX copies its static CSS with
    the original mtimes, so stylesheets are always checked (there are two).
    """
    asset_map = load_asset_map(assets_dir)
    copy_assets(docs_dir, assets_dir)
    pages = rewritten_urls = 0
    unknown: set[str] = set()
    for page in _pages(docs_dir):
        is_old = changed_since is not None and page.stat().st_mtime < changed_since
        if is_old and page.suffix == ".html":
            continue
        original = page.read_text(encoding="utf-8")
        text, replaced, page_unknown = rewrite_page(original, page.parent, docs_dir, asset_map)
        unknown |= page_unknown
        if text != original:
            page.write_text(text, encoding="utf-8")
            pages += 1
            rewritten_urls += replaced
    if unknown:
        logger.warning(
            "Data Docs reference assets that are not vendored (they need the network): %s",
            sorted(unknown),
        )
    return OfflineDocsSummary(pages, rewritten_urls, tuple(sorted(unknown)))


def _pages(docs_dir: Path) -> list[Path]:
    vendor_root = docs_dir / VENDOR_DIR_NAME
    return [
        path
        for pattern in ("*.html", "*.css")
        for path in docs_dir.rglob(pattern)
        if vendor_root not in path.parents
    ]
