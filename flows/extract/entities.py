"""Entities of an article: people, organizations and places, with canonical names.

A statistical model (trained on CoNLL-2003) combined with rules and gazetteers: each finder
takes the words it is sure of, from the most certain evidence to the least, so
"International Security Assistance Force (ISAF)" is read as one organization before the
model or the gazetteer could read a place in it; the model's spans come next (typed and
named by the gazetteer where it knows them, see :mod:`flows.extract.entity_model`); then
gazetteer names and rule-found people in what is left.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from flows.extract import entity_lexicon as lexicon
from flows.extract.entity_model import find_model_entities
from flows.extract.entity_orgs import find_acronym_definitions, find_head_word_organizations
from flows.extract.entity_people import Candidate, find_candidates, link_people
from flows.extract.entity_places import Found, find_known_names, find_suffixed_places
from flows.extract.entity_tokens import Tokens, tokenize
from flows.extract.gazetteer import GazetteerEntry
from flows.extract.ner import NamedSpan, recognize
from flows.extract.nlp import ParsedText
from flows.extract.place_context import resolve_places
from flows.extract.place_hints import find_abbreviated_regions, find_places_of_residents
from flows.models import Entity, EntityType, Mention

log = logging.getLogger(__name__)


def extract_entities(
    parsed: ParsedText, named: list[NamedSpan] | None = None
) -> tuple[list[Entity], list[Mention]]:
    """Distinct canonical entities of ``parsed.body`` and every mention of them; ``named``
    are the model's spans over the body (recognized here when not given)."""
    named = recognize(parsed.body) if named is None else named
    tokens = tokenize(parsed)
    claimed = [False] * len(tokens)
    found, acronyms = find_acronym_definitions(parsed.body, tokens, claimed)
    found += find_abbreviated_regions(tokens, claimed)
    found += find_places_of_residents(tokens, claimed)
    model_found, model_people = find_model_entities(named, tokens, claimed, acronyms)
    found += model_found
    found += find_head_word_organizations(tokens, claimed)
    people_words = _probable_person_words(tokens, claimed)
    found += find_known_names(tokens, claimed, acronyms, people_words)
    found += find_suffixed_places(tokens, claimed)
    people = link_people(model_people + find_candidates(tokens, claimed))
    found += _known_names_of_dropped_people(
        model_people, people, tokens, claimed, acronyms, people_words
    )
    found = _people_over_cities(found, people, tokens)
    people, found = _places_over_lone_names(people, found, tokens)
    found = resolve_places(found, tokens) + people
    return _entities_and_mentions(parsed, tokens, found)


def _probable_person_words(tokens: Tokens, claimed: list[bool]) -> frozenset[str]:
    """Surnames of people named in full with a given name ("Lewis Hamilton"), read first so a
    later "Hamilton" is not taken for the city."""
    given = lexicon.given_names()
    particles = lexicon.name_particles()
    words: set[str] = set()
    for token in tokens.items:
        if token.text not in given or claimed[token.index]:
            continue
        index = token.index
        while (
            index + 1 < len(tokens)
            and tokens[index + 1].joins_previous
            and (tokens[index + 1].capitalized or tokens[index + 1].lower in particles)
        ):
            index += 1
        if index > token.index and not tokens[index].all_caps:
            words.add(tokens[index].text)
    return frozenset(words)


def _known_names_of_dropped_people(
    model_people: list[Candidate],
    people: list[Found],
    tokens: Tokens,
    claimed: list[bool],
    acronyms: dict[str, Found],
    people_words: frozenset[str],
) -> list[Found]:
    """A lone word the model read as a person that the linker dropped (nothing in the article
    says it is one) goes back to the gazetteer: "in Gainesville" read as a person is the city."""
    kept = {(person.left, person.right) for person in people}
    released = False
    for candidate in model_people:
        if candidate.left == candidate.right and (candidate.left, candidate.right) not in kept:
            claimed[candidate.left] = False
            released = True
    return find_known_names(tokens, claimed, acronyms, people_words) if released else []


def _people_over_cities(found: list[Found], people: list[Found], tokens: Tokens) -> list[Found]:
    """A one-word city that is also the surname of a person in the article is that person:
    one named in full ("Lewis Hamilton") or by a title and surname ("President Bush")."""
    titles = lexicon.person_titles()
    surnames = {
        person.name.split()[-1]: person.name
        for person in people
        if " " in person.name or (person.left > 0 and tokens[person.left - 1].lower in titles)
    }
    kept: list[Found] = []
    for item in found:
        entry = item.entry
        is_city_word = (
            entry is not None and entry.kind in ("city", "district") and item.left == item.right
        )
        if is_city_word and entry is not None and _written_name(entry, item) in surnames:
            kept.append(
                Found(item.left, item.right, surnames[_written_name(entry, item)], "PERSON")
            )
        else:
            kept.append(item)
    return kept


def _places_over_lone_names(
    people: list[Found], found: list[Found], tokens: Tokens
) -> tuple[list[Found], list[Found]]:
    """One sense per article: a name read as a person only where it stands alone (never
    with a given name or title that links it to someone) is the place the same words name
    elsewhere in the article and the gazetteer knows ("in Gainesville" ... "Gainesville's
    supermarket")."""
    # a place the gazetteer knows: the model's own place spans are no evidence against it
    places = {
        tokens.span_text(item.left, item.right): item
        for item in found
        if item.type == "LOC" and item.entry is not None
    }
    kept: list[Found] = []
    for person in people:
        text = tokens.span_text(person.left, person.right)
        place = places.get(text)
        if place is not None and person.name == text:
            found.append(replace(place, left=person.left, right=person.right))
        else:
            kept.append(person)
    return kept, found


def _written_name(entry: GazetteerEntry, item: Found) -> str:
    return entry.name if " " not in entry.name else item.name


def _entities_and_mentions(
    parsed: ParsedText, tokens: Tokens, found: list[Found]
) -> tuple[list[Entity], list[Mention]]:
    mentions: list[Mention] = []
    written: dict[tuple[EntityType, str], list[str]] = {}
    entries: dict[tuple[EntityType, str], GazetteerEntry | None] = {}
    for item in sorted(found, key=lambda f: f.left):
        start, end = tokens[item.left].start, tokens[item.right].end
        text = parsed.body[start:end]
        key = (item.type, item.name)
        written.setdefault(key, [])
        if text not in written[key]:
            written[key].append(text)
        entries[key] = entries.get(key) or item.entry
        mentions.append(
            Mention(
                entity_name=item.name,
                entity_type=item.type,
                text=text,
                start_char=start,
                end_char=end,
                sentence_index=parsed.sentence_index_at(start),
            )
        )
    entities = [
        _entity(kind, name, tuple(text for text in texts if text != name), entries[(kind, name)])
        for (kind, name), texts in written.items()
    ]
    return entities, mentions


def _entity(
    kind: EntityType, name: str, aliases: tuple[str, ...], entry: GazetteerEntry | None
) -> Entity:
    if kind != "LOC" or entry is None:
        return Entity(name=name, type=kind, aliases=aliases)
    return Entity(
        name=name,
        type=kind,
        aliases=aliases,
        country_code=entry.country_code,
        latitude=entry.latitude,
        longitude=entry.longitude,
    )
