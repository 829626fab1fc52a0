"""HTML articles: trafilatura for the main text and the page's metadata.

The page's structural furniture (asides, captions, sign-up boxes, link lists: see
html_structure.py) is pruned first; trafilatura is then run favoring recall (a lost article
sentence costs more than a stray line), without comments. When it finds nothing, the page's
visible text goes through the plain-text classifier instead, so a page trafilatura does not
understand still yields its article if the text is there. When even that leaves nothing,
markup that swallows the page (an unclosed ``<title>``) is repaired and both are tried again.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import lxml.html
import trafilatura

from flows.clean.html_structure import prune_furniture
from flows.clean.lines import is_page_furniture
from flows.clean.markup_repair import repair_runaway_markup
from flows.clean.plaintext import PARAGRAPH_SEPARATOR, clean_plain_text
from flows.clean.unicode import repair_text

log = logging.getLogger(__name__)

# trafilatura Document attributes copied into CleanArticle.html_meta when present (and
# "copyright", read from the page's head here).
HTML_META_FIELDS = ("title", "author", "date", "sitename", "hostname", "url", "description")
# Elements whose text is never article text, dropped before the fallback reads the page.
NON_TEXT_TAGS = ("script", "style", "noscript", "template", "svg", "head", "nav", "footer")
# Characters XML has no place for. lxml reads the page past C0 controls and U+FFFE/FFFF
# but refuses to write them back (ValueError when the fallback edits a tail), and stops
# reading at a lone surrogate, losing the rest of the page. Controls go (ftfy drops them
# from text anyway), vertical tab and form feed are line breaks (as in unicode.py), and a
# surrogate is a replacement character.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_character(match: re.Match[str]) -> str:
    character = match.group(0)
    if character in "\x0b\x0c":
        return "\n"
    return "\ufffd" if "\ud800" <= character <= "\udfff" else ""


# What separates a page title's headline from its section or site name.
_TITLE_PARTS = re.compile(r"\s+[|–—-]\s+")


@dataclass(frozen=True)
class HtmlResult:
    title: str
    body: str
    html_meta: dict[str, str] = field(default_factory=dict)
    dropped_lines: tuple[tuple[str, str], ...] = ()
    header_lines: tuple[str, ...] = ()


def _pruned_page(html: str) -> lxml.html.HtmlElement | str:
    """The page's tree, parsed as trafilatura parses it (comments dropped), without its
    structural furniture; the text itself when it cannot be parsed."""
    tree = None
    try:
        # trafilatura's parser refuses fragments ("<p>Hello</p>"); lxml's reads them.
        tree = trafilatura.load_html(html)
        if tree is None:
            tree = lxml.html.fromstring(html)
    except Exception as error:  # noqa: BLE001 - malformed markup must not stop the batch
        log.warning("the page could not be parsed (%s: %s)", type(error).__name__, error)
    if tree is None:
        return html
    prune_furniture(tree)
    return tree


def _run_trafilatura(page: lxml.html.HtmlElement | str) -> object | None:
    try:
        return trafilatura.bare_extraction(
            page,
            favor_recall=True,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
        )
    except Exception as error:  # noqa: BLE001 - malformed markup must not stop the batch
        log.warning(
            "trafilatura failed (%s: %s); falling back to the page text",
            type(error).__name__,
            error,
        )
        return None


def _metadata_of(document: object | None) -> dict[str, str]:
    if document is None:
        return {}
    meta: dict[str, str] = {}
    for name in HTML_META_FIELDS:
        value = getattr(document, name, None)
        if isinstance(value, str) and value.strip():
            meta[name] = repair_text(value).strip()
    return meta


def _visible_text(html: str) -> str:
    """Text a browser would show, one block element a line; "" when lxml cannot parse."""
    tree = _pruned_page(html)
    if isinstance(tree, str):
        return ""
    for element in list(tree.iter(*NON_TEXT_TAGS)):
        element.drop_tree()
    for element in tree.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section"):
        element.tail = "\n" + (element.tail or "")
    return tree.text_content()


def _body_paragraphs(text: str, title: str) -> list[str]:
    paragraphs = [
        line.strip()
        for line in repair_text(text).split("\n")
        if line.strip() and not is_page_furniture(line.strip())
    ]
    # trafilatura often repeats the headline as the first line of the text, where the page
    # title may carry a section or the site's name around it ("Opinion | Headline").
    if paragraphs and title and paragraphs[0].casefold() in _headline_forms(title):
        paragraphs = paragraphs[1:]
    return paragraphs


def _headline_forms(title: str) -> set[str]:
    forms = {title.casefold()}
    forms.update(part.strip().casefold() for part in _TITLE_PARTS.split(title) if part.strip())
    return forms


def _copyright_holder(page: lxml.html.HtmlElement | str) -> str | None:
    """The page's copyright statement from its head (``<meta name="copyright">``): whoever
    it names owns the site, so an author field naming them names no writer."""
    if isinstance(page, str):
        return None
    for content in page.xpath(
        "//meta[translate(@name, 'COPYRIGHTS', 'copyrights')"
        " = 'copyright' or @name = 'dcterms.rightsHolder']/@content"
    ):
        if str(content).strip():
            return repair_text(str(content)).strip()
    return None


def _extract(html: str) -> HtmlResult:
    page = _pruned_page(html)
    document = _run_trafilatura(page)
    meta = _metadata_of(document)
    if (holder := _copyright_holder(page)) is not None:
        meta["copyright"] = holder
    title = meta.get("title", "")
    text = getattr(document, "text", None) or ""
    paragraphs = _body_paragraphs(text, title)
    if paragraphs:
        dropped = (("title", title),) if title else ()
        return HtmlResult(
            title, PARAGRAPH_SEPARATOR.join(paragraphs), meta, dropped, (title,) if title else ()
        )
    log.info("trafilatura found no main text; classifying the page's visible text")
    fallback = clean_plain_text(repair_text(_visible_text(html)))
    return HtmlResult(
        title=title or fallback.title,
        body=fallback.body,
        html_meta=meta,
        dropped_lines=fallback.dropped_lines,
        header_lines=fallback.header_lines,
    )


def clean_html(html: str) -> HtmlResult:
    """Main text and metadata of an HTML page; body is "" when no text is found."""
    html = _NOT_XML.sub(_xml_character, html)
    result = _extract(html)
    if result.body.strip():
        return result
    repaired = repair_runaway_markup(html)
    if repaired == html:
        return result
    log.info("no text in the page as written; retrying with its unclosed elements closed")
    retried = _extract(repaired)
    return retried if retried.body.strip() else result
