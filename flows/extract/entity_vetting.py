"""Vetoes on the model's organizations and places that the gazetteer does not know.

Measured on real web pages (audits/entities-html-bodies-before.tsv): almost every wrong ORG
or LOC is the model's own span and type, passed through. A Reuters-1996 model reads any
capitalized word in a place-like slot as a place ("Stadia delivers", "on Instagram") and
any acronym as an organization ("a traditional IRA"). So, for a name the gazetteer does not
know:
- a place needs evidence the article gives: a preposition of place before it somewhere in
  the article ("in Mongolia"), "Town, ST", a dateline, or a last word that names a kind of
  place ("Yellow River", "Shoreline Amphitheatre"); else it names no place;
- an acronym English writes as a common noun ("SUV", "IPO", "PR") or one a descriptive
  adjective modifies ("traditional IRA", "royal PR aides") names no organization.
"""

from __future__ import annotations

import re
from functools import cache

from flows.extract import entity_lexicon as lexicon
from flows.extract.entity_places import region_follows
from flows.extract.entity_shapes import is_acronym
from flows.extract.entity_tokens import Tokens
from flows.extract.gazetteer import place_candidates
from flows.models import EntityType

# Suffixes of descriptive adjectives ("traditional", "electric", "expensive", "famous"):
# such an adjective describes a kind of thing, and an organization's name takes none.
# Plain "-al" and "-ary" are left out: "journal", "festival", "library" are nouns.
_ADJECTIVE_ENDING = re.compile(r"[a-z]{2,}(?:ional|ical|ic|ive|ous|ful|less|able|ible)")
# Adjectives of those shapes that do stand before an organization ("local NBC affiliate",
# "rival CNN", "several NGOs").
_ORG_ADJECTIVES = frozenset({"local", "rival", "several", "general", "national", "federal"})
# Headings are short: a longer line of capitalized words is a list or a table row.
MAX_HEADING_WORDS = 10
# Last words of the names of an organization's units ("Jet Propulsion Laboratory").
UNIT_WORDS = frozenset(
    {"center", "centre", "laboratory", "laboratories", "lab", "labs", "observatory", "division"}
)
POSSESSIVE_GAPS = frozenset({"'s ", "\u2019s "})
PUNCTUATION = ".,;:!?\"')"
DASHES = (",", "-", "\u2013", "\u2014")


@cache
def _words(filename: str) -> frozenset[str]:
    return lexicon.word_set(filename)


def vetted_type(
    tokens: Tokens, left: int, right: int, kind: EntityType, placed: dict[str, bool]
) -> EntityType | None:
    """The type of a model span the gazetteer does not know once the evidence above is read;
    None when it names no entity. ``placed`` caches, per article, whether the article puts
    the words in a place anywhere."""
    if right > left and heading_run(tokens, left, right):
        return None
    if left == right and len(tokens[left].text) == 1:
        return None  # "S sport seats": one letter names nothing
    if _after_capitalized_hyphen(tokens, left):
        return None  # "Tyvak Nano-[Satellite Systems Inc]": a fragment of a longer name
    if kind == "ORG" and tokens.body[: tokens[left].start].endswith(" @ "):
        return "LOC"  # "Camden, NJ @ BB&T Pavilion": a listing's "at" precedes a venue
    if kind == "LOC":
        return _vetted_place(tokens, left, right, placed)
    if kind == "ORG" and left == right and common_acronym(tokens, left):
        return None
    return kind


def _vetted_place(
    tokens: Tokens, left: int, right: int, placed: dict[str, bool]
) -> EntityType | None:
    last = tokens[right].lower
    if left == right and "." in tokens[left].text.rstrip("."):
        return "LOC"  # "N.Y.", "D.C.": a dotted abbreviation is a place's
    if right > left and (last in _kind_of_place_words() or place_candidates(tokens[right].text)):
        return "LOC"  # "Yellow River"; "South China", "Arab East Jerusalem"
    if region_follows(tokens, right) or _in_dateline(tokens, left, right):
        return "LOC"
    text = tokens.span_text(left, right)
    if text not in placed:
        placed[text] = _placed_in_article(tokens.body, text)
    if placed[text]:
        return "LOC"
    if right > left and last in lexicon.org_head_words():
        return "ORG"  # "Bureau Federation" read as a place
    return None


def _kind_of_place_words() -> frozenset[str]:
    return _words("geo_feature_words.txt") | lexicon.venue_words() | lexicon.place_suffixes()


def _placed_in_article(body: str, text: str) -> bool:
    """Whether any occurrence of ``text`` in ``body`` follows a preposition of place, with
    "the" and one lowercase word between or not ("in Europe", "in neighbouring Nandrin"),
    follows a kind of place and "of" ("the village of Mahala"), or precedes a kind of
    place ("the Pamir mountains")."""
    prepositions = _words("place_prepositions.txt")
    kinds = _kind_of_place_words()
    for match in re.finditer(r"(?<![\w-])" + re.escape(text) + r"(?![\w-])", body):
        before = [word.lower() for word in body[max(0, match.start() - 60) : match.start()].split()]
        after = body[match.end() : match.end() + 40].split()
        if _kind_of_place_follows(after, kinds):
            return True
        if len(before) >= 2 and before[-1] == "of" and before[-2] in kinds:
            return True
        # one modifier between ("in neighbouring Nandrin", "in the eastern Sharqiyah")
        skippable = bool(before) and before[-1] != "the" and before[-1].isalpha()
        if skippable and len(before) > 1 and before[-2] in ("the", *prepositions):
            before = before[:-1]
        if before and before[-1] == "the":
            before = before[:-1]
        # "in the Stadia library": a modifier of a common noun, not the place itself
        following = after[0].strip(PUNCTUATION) if after else ""
        modifies = (
            following.isalpha() and following.islower() and following not in lexicon.stop_words()
        )
        if before and before[-1] in prepositions and not modifies:
            return True
    return False


def _kind_of_place_follows(after: list[str], kinds: frozenset[str]) -> bool:
    """ "the Pamir mountains", "Bagram US military base": a kind of place within three words,
    over modifiers only (no function word between)."""
    for word in after[:3]:
        if word.strip(PUNCTUATION).lower() in kinds:
            return True
        if not word.isalpha() or word in lexicon.stop_words():
            return False
    return False


def _in_dateline(tokens: Tokens, left: int, right: int) -> bool:
    """ "LONGYEAR, Norway —", "BOMBAY 1996-08-30", "IRVINE, Calif": a name opening a line,
    then a comma, a dash or a date; or a region after such a name and a comma."""
    if _opens_line(tokens, left):
        after = tokens.body[tokens[right].end :].lstrip(" \t")
        if tokens[left].all_caps:
            return after[:1] in DASHES or after[:1].isdigit()
        # "Stadia, Google's platform, launches": a comma after a mixed-case subject is prose
        return after[:1] in DASHES[1:] or after[:1] == "("
    if left == 0 or tokens.body[tokens[left - 1].end : tokens[left].start].strip() != ",":
        return False
    previous = tokens[left - 1]
    return (previous.all_caps and _opens_line(tokens, left - 1)) or bool(
        place_candidates(previous.text)
    )


def _opens_line(tokens: Tokens, index: int) -> bool:
    before = tokens.body[: tokens[index].start].rstrip(" \t")
    return not before or before.endswith("\n")


def heading_run(tokens: Tokens, left: int, right: int) -> bool:
    """ "The Doobie Brothers Tour Dates", "What Does Stadia Offer?": a run of capitalized
    words in a heading line (short, Title Case, no digits, no closing period) that the
    article never writes outside that line glues a name to heading words or names nothing,
    unless it ends in an organization's head word ("Bear Stearns & Co Inc")."""
    body = tokens.body
    start = body.rfind("\n", 0, tokens[left].start) + 1
    end = body.find("\n", tokens[right].end)
    end = len(body) if end < 0 else end
    line = body[start:end].strip()
    words = [word for word in line.split() if word[:1].isalpha()]
    if not words or len(words) > MAX_HEADING_WORDS or line.endswith(".") or _has_digit(line):
        return False
    if line.isupper() or ":" in line or tokens[right].lower in lexicon.org_head_words():
        return False  # a masthead ("JAKARTA POST"), a field ("PAYING AGENT : ..."), "Co Inc"
    content = [word for word in words if word.lower() not in lexicon.stop_words()]
    if not content or not all(word[:1].isupper() for word in content):
        return False
    text = tokens.span_text(left, right)
    return text not in body[:start] and text not in body[end:]


def _after_capitalized_hyphen(tokens: Tokens, left: int) -> bool:
    before = tokens.body[max(0, tokens[left].start - 20) : tokens[left].start]
    # a capitalized word, not a party's letter or a code ("D-N.Y.", "R-Neb.")
    match = re.search(r"([A-Z][a-z]{2,})-$", before)
    return match is not None


def owned_by_organization(body: str, start: int, organization_ends: frozenset[int]) -> bool:
    """ "Apple's AirPods", "SpaceX's Starship", "Ascom's Unite Connect": a name right after an
    organization's possessive is what it makes or runs, a product or a program."""
    return any(body[end:start] in POSSESSIVE_GAPS for end in organization_ends if end < start)


def names_a_unit(tokens: Tokens, right: int) -> bool:
    """ "NASA's Jet Propulsion Laboratory", "NASA's Goddard Space Flight Center": a unit of
    the organization, which is an organization too."""
    last = tokens[right].lower
    return last in lexicon.org_head_words() or last in UNIT_WORDS


def _has_digit(text: str) -> bool:
    return any(char.isdigit() for char in text)


def modified_by_adjective(tokens: Tokens, index: int) -> bool:
    """ "a traditional IRA": a descriptive adjective just before an acronym."""
    if index == 0 or tokens[index - 1].sentence != tokens[index].sentence:
        return False
    before = tokens[index - 1].text
    return bool(_ADJECTIVE_ENDING.fullmatch(before)) and before not in _ORG_ADJECTIVES


def common_acronym(tokens: Tokens, index: int) -> bool:
    """An acronym used as a common noun: one English always writes so ("SUV", "IPO"), or one
    a descriptive adjective modifies ("traditional IRA")."""
    token = tokens[index]
    if not is_acronym(token.text) or token.sentence in tokens.all_caps_sentences:
        return False
    if token.text.replace(".", "").lower() in _words("common_acronyms.txt"):
        return True
    return modified_by_adjective(tokens, index)
