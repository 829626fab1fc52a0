"""Types the article contradicts, for a model span the gazetteer does not know.

The model types each occurrence on its own, from a few words around it; the article
usually settles the type elsewhere (measured on real web pages: most wrong types were the
model's own reading passed through). So, in order of the strength of the evidence:
- the letters: an acronym is no person ("NASA", "CBP"), a plural acronym no name ("IEDs");
- the article's people: a span that is part of a person the model names in full ("Hawk
  Sawyer" of "Kathleen Hawk Sawyer", "LeBron" of "LeBron James") or that ends in the name of
  one ("Ilhan Omar" read as a place, "Omar said") is that person; so is a span after a
  person's title ("Sen. Ben Sasse");
- the words around it: "Tampa, FL" and "BAAR, SWITZERLAND" are places, as is a name ending
  in a venue word ("Shoreline Amphitheatre");
- else the label the model gives the same words most often in the article.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flows.extract import entity_lexicon as lexicon
from flows.extract.entity_places import region_follows
from flows.extract.entity_shapes import is_acronym, is_plural_acronym, person_shaped
from flows.extract.entity_tokens import Tokens
from flows.extract.gazetteer import lookup, place_candidates
from flows.extract.ner import NamedSpan
from flows.extract.place_hints import MUNICIPALITY_WORDS

ENTITY_LABELS = ("PER", "ORG", "LOC")
# Shortest all-capitals word taken for an organization when the model reads it as a place
# the gazetteer does not know ("NASA", "CBP"; "NY" and "HK" are places' codes).
MIN_ORG_ACRONYM = 3
# Longer runs of capitals are words set in capitals (a dateline's "HARWINTON"), not acronyms.
MAX_ORG_ACRONYM = 6
DATELINE_MARKS = frozenset({",", "-", "\u2013", "\u2014"})
# Between a title and a name: a space, or an abbreviation's dot and a space ("Sen. Ben Sasse").
TITLE_GAPS = frozenset({" ", ". "})


def voted_labels(spans: list[NamedSpan], body: str) -> dict[str, str]:
    """One sense per article: the type the model gives most often to a name the gazetteer
    does not know ("SpaceX" read as an organization twice and as a place once is the
    organization). A tie says nothing; a known name ("New York" the team or the city) and a
    MISC reading (an adjective, an event) are left to each mention."""
    votes: dict[str, Counter[str]] = {}
    for span in spans:
        if span.label in ENTITY_LABELS:
            text = " ".join(body[span.start : span.end].split())
            votes.setdefault(text, Counter())[span.label] += 1
    voted: dict[str, str] = {}
    for text, counter in votes.items():
        (first, count), *rest = counter.most_common(2)
        if rest and rest[0][1] < count and lookup(text) is None:
            voted[text] = first
    return voted


@dataclass(frozen=True)
class ModelPeople:
    """What names a person the model reads as one. ``parts``: of each person named in full,
    the given name and every tail ("Kathleen Hawk Sawyer" gives "Kathleen", "Hawk Sawyer",
    "Sawyer"); ``lone``: each one-word person ("Omar")."""

    parts: frozenset[str]
    lone: frozenset[str]


def people_of(spans: list[NamedSpan], body: str) -> ModelPeople:
    parts: set[str] = set()
    lone: set[str] = set()
    events = lexicon.event_words()
    for span in spans:
        words = body[span.start : span.end].split()
        if span.label != "PER" or not person_shaped(words):
            continue
        if len(words) == 1:
            lone.add(words[0])
        elif words[-1].lower() in events:
            continue  # "Insein Prison" read as a person
        elif lookup(words[0]) is None or words[0] in lexicon.given_names():
            # a known place first is a team or a company ("Cleveland Browns", "Bangladesh
            # Lamps") unless it is also a given name ("Paris Hilton")
            parts.add(words[0])
            parts.update(" ".join(words[k:]) for k in range(1, len(words)))
    return ModelPeople(frozenset(parts), frozenset(lone))


def relabeled(tokens: Tokens, left: int, right: int, label: str, people: ModelPeople) -> str:
    """The label of tokens ``left`` .. ``right`` (which the gazetteer does not know) once the
    evidence above is read; MISC for what names nothing."""
    text = tokens.span_text(left, right)
    if left == right and is_plural_acronym(text):
        return "MISC"
    if right > left and tokens[right].lower in lexicon.product_words():
        return "MISC"  # "AirPods Pro", "Chromecast Ultra": a product, no organization
    all_caps_line = tokens[left].sentence in tokens.all_caps_sentences
    if left == right and is_acronym(text) and not all_caps_line:
        if label == "PER":
            return "ORG"
        # a dotted abbreviation ("N.Y.", "D.C.") is a place's, not an organization's
        undotted = "." not in text and MIN_ORG_ACRONYM <= len(text) <= MAX_ORG_ACRONYM
        unknown_place = undotted and not place_candidates(text)
        if label == "LOC" and unknown_place and not _opens_dateline(tokens, left):
            return "ORG"
    if label in ("ORG", "LOC") and _names_a_person(tokens, left, right, label, people):
        return "PER"
    if label in ("PER", "ORG") and placed_by_context(tokens, left, right, text):
        return "LOC"
    return label


def _names_a_person(tokens: Tokens, left: int, right: int, label: str, people: ModelPeople) -> bool:
    words = tuple(tokens[k].text for k in range(left, right + 1))
    all_caps_line = tokens[left].sentence in tokens.all_caps_sentences
    if right - left > 2 or not person_shaped(words, all_caps_line):
        return False
    if " ".join(words) in people.parts or _title_before(tokens, left):
        return True
    # "Ilhan Omar" read as a place, "Omar" as a person: unless the first word is a known
    # name of its own ("Philadelphia Eagles" is the team). Read as an organization, a name
    # ending in a lone word read as a person is as often a title ("Star Wars Souls").
    return (
        right == left + 1
        and (words[-1] in people.parts or (label == "LOC" and words[-1] in people.lone))
        and lookup(words[0]) is None
        and lookup(words[-1]) is None
        and not place_candidates(" ".join(words))
    )


def _title_before(tokens: Tokens, left: int) -> bool:
    """ "Sen. Ben Sasse", "President Suharto": a person's title just before the name."""
    if left == 0:
        return False
    before = tokens[left - 1]
    gap = tokens.body[before.end : tokens[left].start]
    return gap in TITLE_GAPS and before.lower in lexicon.person_titles()


def placed_by_context(tokens: Tokens, left: int, right: int, text: str) -> bool:
    """ "Tampa, FL", "Palo Alto, California": a name the place index knows, then a comma and
    a region; "BAAR, SWITZERLAND": a dateline; "Shoreline Amphitheatre": a venue."""
    if right > left and tokens[right].lower in lexicon.venue_words():
        return True
    if not region_follows(tokens, right):
        return False
    return bool(place_candidates(text)) or (left == right and _opens_dateline(tokens, left))


def _opens_dateline(tokens: Tokens, index: int) -> bool:
    """ "LONGYEAR, Norway", "HARWINTON —": a word in capitals opening a line, then a comma or
    a dash, is a dateline's place."""
    before = tokens.body[: tokens[index].start].rstrip(" \t")
    after = tokens.body[tokens[index].end :].lstrip(" \t")
    opens_line = not before or before.endswith("\n")
    return tokens[index].all_caps and opens_line and after[:1] in DATELINE_MARKS


def merged_over_particles(spans: list[NamedSpan], body: str) -> list[NamedSpan]:
    """ "Osama" + "bin" + "Laden": a lowercase name particle between two spans joins them into
    one person; CoNLL has too few such names for the model to learn it. "[The City] of
    [Edwardsville]" joins into the municipality "City of Edwardsville"."""
    particles = lexicon.name_particles()
    merged: list[NamedSpan] = []
    for span in sorted(spans, key=lambda s: s.start):
        if merged:
            gap = body[merged[-1].end : span.start].split()
            if len(gap) == 1 and gap[0] in particles and "PER" in (merged[-1].label, span.label):
                merged[-1] = NamedSpan(merged[-1].start, span.end, "PER")
                continue
            before = body[merged[-1].start : merged[-1].end].split()
            if (
                gap == ["of"]
                and span.label == "LOC"
                and before[-1].lower() in MUNICIPALITY_WORDS
                and (len(before) == 1 or [w.lower() for w in before[:-1]] == ["the"])
            ):
                # "[The City] of [Edwardsville]": one municipality, "City of Edwardsville"
                merged[-1] = NamedSpan(merged[-1].end - len(before[-1]), span.end, "LOC")
                continue
        merged.append(span)
    return merged


def surnames_of_people(spans: list[NamedSpan], body: str) -> frozenset[str]:
    """Last words of the people named in full: a later "Laden" the model calls an
    organization is the person ("bin Laden"), as the article has already said who he is.
    Only words shaped as names count ("Pro" of a "MacBook Pro" read as a person does not)."""
    surnames = set()
    for span in spans:
        words = body[span.start : span.end].split()
        if span.label == "PER" and len(words) > 1 and person_shaped(words):
            surnames.add(words[-1])
    return frozenset(surnames)
