"""GX's Data Docs views with their compiled Jinja templates kept between builds.

GX 1.24.1 gives every view object its own Jinja ``Environment`` and builds new view objects
for every Data Docs build, so each build parses and compiles the same ~50 templates again:
most of a build's seconds. These subclasses only attach a bytecode cache to that
environment (Jinja's own mechanism, keyed by the template source's checksum, so an upgraded
GX template is compiled afresh); the templates, the renderers and the pages stay GX's own.
The cache lives in the GX context's ``uncommitted/`` folder, next to the results it renders.
"""

from __future__ import annotations

from pathlib import Path

import flows.gx_setup  # noqa: F401  (before GX is imported)

# isort: split
from great_expectations.render.view import DefaultJinjaIndexPageView, DefaultJinjaPageView
from jinja2 import BytecodeCache, FileSystemBytecodeCache

VIEWS_MODULE = __name__
PAGE_VIEW = "CachedJinjaPageView"
INDEX_VIEW = "CachedJinjaIndexPageView"

# One cache object per folder for the process: a second build in the same process reads
# compiled templates from memory instead of the disk.
_caches: dict[str, BytecodeCache] = {}


class _MemoryOverDiskCache(BytecodeCache):
    """Jinja bytecode in memory for this process, backed by a folder for the next one."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._disk = FileSystemBytecodeCache(str(directory))
        self._memory: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:  # type: ignore[no-untyped-def]
        data = self._memory.get(bucket.key)
        if data is None:
            self._disk.load_bytecode(bucket)
            if bucket.code is not None:
                self._memory[bucket.key] = bucket.bytecode_to_string()
            return
        bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket) -> None:  # type: ignore[no-untyped-def]
        self._memory[bucket.key] = bucket.bytecode_to_string()
        self._disk.dump_bytecode(bucket)


def bytecode_cache(directory: str | Path) -> BytecodeCache:
    key = str(Path(directory).resolve())
    if key not in _caches:
        _caches[key] = _MemoryOverDiskCache(Path(key))
    return _caches[key]


def view_config(class_name: str, cache_dir: Path) -> dict[str, str]:
    """The ``view`` entry of a site section or index builder's config."""
    return {
        "module_name": VIEWS_MODULE,
        "class_name": class_name,
        "bytecode_cache_dir": str(cache_dir.resolve()),
    }


class CachedJinjaPageView(DefaultJinjaPageView):
    def __init__(self, bytecode_cache_dir: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(**kwargs)
        self.env.bytecode_cache = bytecode_cache(bytecode_cache_dir)


class CachedJinjaIndexPageView(DefaultJinjaIndexPageView):
    def __init__(self, bytecode_cache_dir: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(**kwargs)
        self.env.bytecode_cache = bytecode_cache(bytecode_cache_dir)
