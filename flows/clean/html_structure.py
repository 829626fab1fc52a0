"""What a page's markup says is not article text, removed before the main-text extractor.

trafilatura judges blocks mostly by their text; the markup often says more plainly what a
block is: an ``<aside>``, a ``<figcaption>``, an element with ``role="complementary"``, a box
whose class names it a newsletter sign-up or a "related stories" list, an element hidden from
the reader, a list whose items are nothing but links to other stories. These are the page's
furniture on every site, so they go first, by structure, never by a site's words.

Hand-written over lxml because no installed library exposes this pruning on its own:
trafilatura's own discard rules run inside its extraction and are relaxed by
``favor_recall``, which the cleaner needs for article sentences.

A pruned element never takes the article with it: an element holding most of the page's
paragraph text is kept whatever its class says (a site may call its story box "promo").
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

# Elements that hold navigation, forms and captions, never the story's own sentences.
FURNITURE_TAGS = ("aside", "nav", "footer", "figcaption", "form", "dialog", "button", "select")
# WAI-ARIA landmark and widget roles that are not the main content.
FURNITURE_ROLES = frozenset(
    {
        "navigation",
        "complementary",
        "banner",
        "contentinfo",
        "dialog",
        "alertdialog",
        "search",
        "menu",
        "menubar",
        "toolbar",
    }
)
# Words in class or id names that name a block of web furniture, generic across sites:
# sign-ups, promos, "related"/"more"/"popular" lists, share bars, captions, ads, consent
# banners and pop-ups.
FURNITURE_NAME_WORDS = frozenset(
    {
        "newsletter",
        "newsletters",
        "signup",
        "subscribe",
        "subscription",
        "promo",
        "promos",
        "related",
        "recirc",
        "recirculation",
        "recommended",
        "popular",
        "trending",
        "sidebar",
        "share",
        "sharing",
        "social",
        "caption",
        "captions",
        "credit",
        "gallery",
        "breadcrumb",
        "breadcrumbs",
        "advert",
        "advertisement",
        "ads",
        "sponsored",
        "outbrain",
        "taboola",
        "cookie",
        "consent",
        "modal",
        "popup",
        "overlay",
        "scrim",
        "reprint",
        "reprints",
    }
)
# Whole class names that hide an element from sighted readers (not "hidden-xs", which only
# hides it on small screens).
HIDDEN_CLASSES = frozenset({"hidden", "hide", "is-hidden", "d-none", "sr-only", "visually-hidden"})
_NAME_PART = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# An element holding more than this share of the page's paragraph text is the article.
MAX_PRUNED_SHARE = 0.5
# A list is a link list when it has this many items and each is (almost) all link text.
MIN_LINK_LIST_ITEMS = 3
LINK_ITEM_SHARE = 0.8
# A short paragraph or heading that is (almost) all link text is a teaser for another page
# ("Who will make the Hall of Fame in 2020?", "SEE MORE: ..."); article sentences are text.
LINK_PARAGRAPH_TAGS = ("p", "h2", "h3", "h4", "h5", "h6")
LINK_PARAGRAPH_SHARE = 0.9
MAX_LINK_PARAGRAPH_WORDS = 30


def _name_words(element: HtmlElement) -> set[str]:
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return {part.casefold() for part in _NAME_PART.findall(names)}


def _is_hidden(element: HtmlElement) -> bool:
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or bool(_HIDDEN_STYLE.search(element.get("style") or ""))
        or bool(set((element.get("class") or "").casefold().split()) & HIDDEN_CLASSES)
    )


def _text_length(element: HtmlElement) -> int:
    return len(" ".join(element.text_content().split()))


def _is_link_list(element: HtmlElement) -> bool:
    items = [item for item in element if isinstance(item.tag, str) and item.tag == "li"]
    if len(items) < MIN_LINK_LIST_ITEMS:
        return False
    return all(_linked_share(item) >= LINK_ITEM_SHARE for item in items)


def _linked_share(element: HtmlElement) -> float:
    total = _text_length(element)
    return sum(_text_length(link) for link in element.iter("a")) / total if total else 0.0


def _is_link_paragraph(element: HtmlElement) -> bool:
    return (
        len(element.text_content().split()) <= MAX_LINK_PARAGRAPH_WORDS
        and _linked_share(element) >= LINK_PARAGRAPH_SHARE
    )


def is_furniture_element(element: HtmlElement) -> bool:
    """Does the markup itself say this element is not article text?"""
    if not isinstance(element.tag, str):
        return False
    if element.tag in FURNITURE_TAGS or _is_hidden(element):
        return True
    if (element.get("role") or "").casefold() in FURNITURE_ROLES:
        return True
    if element.tag in ("ul", "ol") and _is_link_list(element):
        return True
    if element.tag in LINK_PARAGRAPH_TAGS and _is_link_paragraph(element):
        return True
    return bool(_name_words(element) & FURNITURE_NAME_WORDS)


def prune_furniture(tree: HtmlElement) -> int:
    """Remove the page furniture from ``tree`` (in place, ``<head>`` untouched); returns how
    many elements went. An element holding most of the paragraph text stays."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    page_text = sum(_text_length(paragraph) for paragraph in root.iter("p")) or 1
    doomed: list[HtmlElement] = []
    doomed_set: set[HtmlElement] = set()
    for element in root.iter():
        if element is root or not is_furniture_element(element):
            continue
        if any(ancestor in doomed_set for ancestor in element.iterancestors()):
            continue
        held = sum(_text_length(paragraph) for paragraph in element.iter("p"))
        if held > MAX_PRUNED_SHARE * page_text:
            continue
        doomed.append(element)
        doomed_set.add(element)
    for element in doomed:
        element.drop_tree()
    return len(doomed)
