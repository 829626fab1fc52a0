"""Entities from the statistical model, made to agree with the gazetteer and the rules.

The model (:mod:`flows.extract.ner`) reads context: "Kent" the batsman is a person, "Hamilton"
after "Lewis" too. The gazetteer knows what a Reuters-1996 model cannot: that the Taliban is
an organization, that "U.S." is the United States, and where places are. So a span the model
finds takes its words from the model, and its type and canonical name from the gazetteer when
the gazetteer names an organization or a country (curated, unambiguous); a city or region
the model reads as a person or organization stays what the model says.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from flows.extract import entity_lexicon as lexicon
from flows.extract.entity_evidence import lone_name_supported
from flows.extract.entity_people import Candidate, is_byline
from flows.extract.entity_places import Found, claim, free
from flows.extract.entity_retype import (
    merged_over_particles,
    people_of,
    placed_by_context,
    relabeled,
    surnames_of_people,
    voted_labels,
)
from flows.extract.entity_shapes import (
    is_acronym,
    is_plural_acronym,
    names_no_single_entity,
    person_shaped,
)
from flows.extract.entity_tokens import Tokens
from flows.extract.entity_vetting import (
    modified_by_adjective,
    names_a_unit,
    owned_by_organization,
    vetted_type,
)
from flows.extract.entity_words import descriptive_words
from flows.extract.gazetteer import lookup, place_candidates
from flows.extract.ner import NamedSpan
from flows.extract.place_hints import abbreviation_at
from flows.models import EntityType

TYPE_OF_LABEL: dict[str, EntityType] = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
STRONG_GAZETTEER_KINDS = frozenset({"org", "country"})
# Words before a noun's modifier ("her Netflix special"), never before a person's name alone.
DETERMINERS = frozenset(
    {"the", "a", "an", "her", "his", "its", "their", "our", "my", "your", "this", "that"}
)
# Table cells and listings ("AZ @ Ak-Chin Pavilion"): no name runs across these.
SEPARATOR_MARKS = ("|", "@")
# "the Bagram US military base": a country's short name modifies the noun after a place.
COUNTRY_MODIFIERS = frozenset({"US", "U.S.", "UK", "U.K."})
# Last words of a region's own name ("Henry County"); "Kansas City" may be a team.
ADMINISTRATIVE_WORDS = frozenset(
    {"county", "parish", "province", "district", "governorate", "prefecture", "oblast"}
)


def find_model_entities(
    spans: list[NamedSpan],
    tokens: Tokens,
    claimed: list[bool],
    acronyms: dict[str, Found],
) -> tuple[list[Found], list[Candidate]]:
    """Places and organizations found by the model, and its people as candidates for the
    person linker (which gives "Obama" the fullest name written in the article)."""
    spans = merged_over_particles(spans, tokens.body)
    surnames = surnames_of_people(spans, tokens.body)
    voted = voted_labels(spans, tokens.body)
    model_people = people_of(spans, tokens.body)
    # Read once per article, not once per span: words written capitalized mid-sentence.
    mid_sentence = frozenset(t.text for t in tokens.items if not t.sentence_initial)
    placed: dict[str, bool] = {}
    organization_ends = frozenset(span.end for span in spans if span.label == "ORG")
    starts = [token.start for token in tokens.items]
    ends = [token.end for token in tokens.items]
    found: list[Found] = []
    people: list[Candidate] = []
    for span in spans:
        left = bisect_left(starts, span.start)
        right = bisect_right(ends, span.end) - 1
        if left > right or not free(claimed, left, right):
            continue
        text = tokens.span_text(left, right)
        if not _written_as_name(tokens, left, right) or _joins_known_names(text):
            continue
        if any(mark in text for mark in SEPARATOR_MARKS):  # "HD | THE", "AZ @ Ak-Chin"
            continue
        if left == right and _capitalized_only_by_position(tokens, left, mid_sentence):
            continue
        if _unsupported_in_title_case(tokens, left, right, text):
            continue
        if left == right and span.label != "LOC" and _region_abbreviation_after_comma(tokens, left):
            continue  # "Rep. John Smith, Ind.": a state affiliation, not an organization
        label = span.label if span.label not in TYPE_OF_LABEL else voted.get(text, span.label)
        label = "PER" if left == right and text in surnames else label
        if label == "LOC" and right > left and tokens[right].text in COUNTRY_MODIFIERS:
            head = tokens.span_text(left, right - 1)
            if lookup(head) is not None or place_candidates(head):
                right, text = right - 1, tokens.span_text(left, right - 1)  # "Bagram [US] base"
        if left == right and label in TYPE_OF_LABEL and names_no_single_entity(text):
            claimed[left] = True  # "the Soviets", "the West": no entity of their own
            continue
        known = acronyms.get(text) if left == right else None
        if known is not None:
            found.append(claim(Found(left, right, known.name, known.type, known.entry), claimed))
            continue
        alias = lookup(text)
        entry = alias.entry if alias else None
        if entry is None:
            label = relabeled(tokens, left, right, label, model_people)
        elif entry.type == "LOC" and label in ("PER", "ORG"):
            # "Tampa, FL": a known place the model read as a person, placed by its context
            label = "LOC" if placed_by_context(tokens, left, right, text) else label
        if label == "MISC" and left == right and is_plural_acronym(text):
            claimed[left] = True  # "IEDs": a common noun's plural, no name
            continue
        if _named_as_place(tokens, left, right, text):  # whatever the label: "Madison County"
            if entry is None and right > left and not place_candidates(text):
                # "Khost Province" is the province "Khost"
                head = lookup(tokens.span_text(left, right - 1))
                entry = head.entry if head is not None else None
            name = entry.name if entry is not None and entry.type == "LOC" else text
            place = entry if entry is not None and entry.type == "LOC" else None
            found.append(claim(Found(left, right, name, "LOC", place), claimed))
            continue
        if (
            entry is not None
            and entry.kind == "org"
            and left == right
            and is_acronym(text)
            and modified_by_adjective(tokens, left)
        ):
            claimed[left] = True  # "a traditional IRA": a kind of account, no army
            continue
        if entry is not None and (entry.kind in STRONG_GAZETTEER_KINDS or label == "LOC"):
            if label == "MISC" and entry.kind != "org":
                continue  # "Afghan" the adjective: the gazetteer's demonym rule decides
            found.append(claim(Found(left, right, entry.name, entry.type, entry), claimed))
        elif label == "PER" or _given_name_first(tokens, left, right):
            left, right = _without_titles(tokens, left, right)
            left = _with_particle_before(tokens, claimed, left)
            if left <= right and not _person_shaped(tokens, left, right):
                if tokens[right].lower in lexicon.org_head_words():  # "Jones Medical Inc"
                    company = Found(left, right, tokens.span_text(left, right), "ORG")
                    found.append(claim(company, claimed))
                for index in range(left, right + 1):
                    claimed[index] = True  # "Retina MacBook Pro": a product, no person
            elif left <= right and not is_byline(tokens, left, right):
                words = tuple(tokens[k].text for k in range(left, right + 1))
                determined = left > 0 and tokens[left - 1].lower in DETERMINERS
                unsupported = left == right and (
                    determined or not lone_name_supported(tokens, left)
                )
                people.append(
                    Candidate(
                        left, right, words, titled=True, speaking=False, unsupported=unsupported
                    )
                )
                for index in range(left, right + 1):
                    claimed[index] = True
        elif label in TYPE_OF_LABEL:
            kind = (
                TYPE_OF_LABEL[label]
                if entry
                else vetted_type(tokens, left, right, TYPE_OF_LABEL[label], placed)
            )
            owned = owned_by_organization(tokens.body, span.start, organization_ends)
            owned = owned and not names_a_unit(tokens, right)
            kind = None if kind == "ORG" and not entry and owned else kind
            if kind is None:  # "Stadia delivers", "a traditional IRA": no entity
                claim(Found(left, right, text, "ORG"), claimed)
                continue
            found.append(claim(Found(left, right, " ".join(text.split()), kind), claimed))
        elif right > left:
            # "U.S. Open", "Hong Kong Open": a named event or product holds no place of its
            # own; a one-word MISC ("Afghan") is left to the demonym rules.
            for index in range(left, right + 1):
                claimed[index] = True
    return found, people


def _person_shaped(tokens: Tokens, left: int, right: int) -> bool:
    words = tuple(tokens[k].text for k in range(left, right + 1))
    return person_shaped(words, tokens[left].sentence in tokens.all_caps_sentences)


def _named_as_place(tokens: Tokens, left: int, right: int, text: str) -> bool:
    """ "Balkh province", "Henry County": a known place name followed by, or ending in, a
    word for a kind of place is that place, whatever the model read (CoNLL has few)."""
    if left == right and tokens[left].lower in descriptive_words():
        return False  # "English county", "Afghan district"
    suffixes = lexicon.place_suffixes()
    after = right + 1
    followed = (
        after < len(tokens) and tokens[after].joins_previous and tokens[after].lower in suffixes
    )
    ends_with = right > left and tokens[right].lower in ADMINISTRATIVE_WORDS
    if followed and tokens[after].text in ADMINISTRATIVE_WORDS:
        return True  # "the Zharay district": unknown to the gazetteer, but a district
    if followed or ends_with:
        # "Khost Province": the region is known as "Khost" (or as "Henry County" whole)
        named = place_candidates(text)
        if not named and ends_with:
            named = place_candidates(tokens.span_text(left, right - 1))
        return any(c.kind in ("region", "district", "city") for c in named)
    # "London, Ontario": a region's name after a place's name and a comma is that region
    gap = tokens.body[tokens[left - 1].end : tokens[left].start] if left > 0 else ""
    if gap.strip() != "," or not tokens[left - 1].capitalized:
        return False
    alias = lookup(tokens.span_text(left - 1, left - 1))
    return (
        alias is not None
        and alias.entry.type == "LOC"
        and any(c.kind in ("region", "country") for c in place_candidates(text))
    )


def _region_abbreviation_after_comma(tokens: Tokens, index: int) -> bool:
    """ "Ind." or "Kan." after a comma: a region (find_abbreviated_regions takes those after a
    town of that region) or someone's state, never a person or an organization of its own."""
    hint = abbreviation_at(tokens, index)
    return (
        index > 0
        and hint is not None
        and hint.admin1 is not None
        and tokens[index].text.upper() != tokens[index].text
        and "," in tokens.body[tokens[index - 1].end : tokens[index].start]
    )


def _given_name_first(tokens: Tokens, left: int, right: int) -> bool:
    """ "Barack Obama" read as an organization: two or three words opening with a known given
    name are a person."""
    return 0 < right - left <= 2 and tokens[left].text in lexicon.given_names()


def _written_as_name(tokens: Tokens, left: int, right: int) -> bool:
    """A name starts and ends with a capitalized word ("Osama bin Laden"); a lowercase word
    the model tagged is its error, not a name."""
    first, last = tokens[left], tokens[right]
    if left == right and first.lower in lexicon.stop_words():
        return False  # "Why", "Whether" opening a sentence
    return (first.capitalized or first.text[:1].isdigit()) and last.capitalized


def _capitalized_only_by_position(tokens: Tokens, index: int, mid_sentence: frozenset[str]) -> bool:
    """ "Reading the report, ...": a lone word capitalized because it opens the sentence is a
    name only if the article also writes it capitalized mid-sentence or the gazetteer knows
    it as an organization or a country."""
    token = tokens[index]
    if not token.sentence_initial or token.all_caps or not _prose_follows(tokens, index):
        return False
    alias = lookup(token.text)
    if alias is not None and alias.entry.kind in STRONG_GAZETTEER_KINDS:
        return False
    return token.text not in mid_sentence


def _unsupported_in_title_case(tokens: Tokens, left: int, right: int, text: str) -> bool:
    """A Title Case headline opening the body capitalizes every word, which the model
    (trained on Reuters prose and ALL CAPS headlines) reads as names: "Taliban Claims",
    "NATO Withdraws Troops". There a span stands only when the gazetteer knows it or the
    article writes it again below the headline."""
    first_line_end = tokens.body.find("\n")
    in_headline = first_line_end < 0 or tokens[left].start < first_line_end
    if not in_headline or tokens[left].sentence not in tokens.title_case_sentences:
        return False
    return lookup(text) is None and text not in tokens.body[max(first_line_end, 0) :]


def _prose_follows(tokens: Tokens, index: int) -> bool:
    """A lower-case word or a comma next: prose ("Reading the report,"), not a table row or a
    list ("Leicestershire 22 points")."""
    if index + 1 >= len(tokens) or tokens[index + 1].sentence != tokens[index].sentence:
        return False
    following = tokens[index + 1]
    gap = tokens.body[tokens[index].end : following.start]
    return "," in gap or following.text[:1].islower()


def _joins_known_names(text: str) -> bool:
    """ "U.S.-NATO", "Afghan-U.S.": two known names joined by a hyphen are two entities, which
    the gazetteer finds one by one."""
    parts = text.split("-")
    return len(parts) > 1 and all(lookup(part.strip()) is not None for part in parts)


def _with_particle_before(tokens: Tokens, claimed: list[bool], left: int) -> int:
    """ "bin Laden": the particle the model left out belongs to the surname."""
    before = left - 1
    if (
        before >= 0
        and not claimed[before]
        and tokens[left].joins_previous
        and tokens[before].lower in lexicon.name_particles()
        and not tokens[before].capitalized
    ):
        return before
    return left


def _without_titles(tokens: Tokens, left: int, right: int) -> tuple[int, int]:
    """ "President Obama" read whole by the model: the title is not part of the name."""
    titles = lexicon.person_titles()
    while left <= right and tokens[left].lower in titles:
        left += 1
    return left, right
