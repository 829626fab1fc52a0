"""One person under one name across articles: "Trump" is "Donald Trump" when the corpus names
him in full.

Within an article :func:`flows.extract.entity_people.link_people` already gives "Trump",
"President Trump" and "Mr. Trump's" the fullest name the article writes. An article that
writes only the surname keeps the surname; this step gives it the full name when exactly
one person of that surname is named in full among the articles of the run so far and the
people already published in the warehouse. Two people of one surname ("George Bush",
"Jeb Bush") leave it as written: a guess would merge two people.

It runs in the flow's single writer, chunk by chunk in input order, so a run with workers
decides what a run without them does. Entity ids stay a function of type and name
(:func:`flows.ids.entity_id`); a published row is never renamed, so a rerun of unchanged
files adds and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from flows.models import ArticleFacts, Entity


class PersonDirectory:
    """Full names of people known so far, by surname."""

    def __init__(self, full_names: Iterable[str] = ()) -> None:
        self._by_surname: dict[str, set[str]] = {}
        self.add(full_names)

    def add(self, names: Iterable[str]) -> None:
        for name in names:
            words = name.split()
            if len(words) > 1:
                self._by_surname.setdefault(words[-1].casefold(), set()).add(name)

    def full_name(self, surname: str) -> str | None:
        """The one full name ending in ``surname``, or None when there is none or several."""
        names = self._by_surname.get(surname.casefold(), set())
        return next(iter(names)) if len(names) == 1 else None


def full_person_names(facts: Iterable[ArticleFacts]) -> list[str]:
    return [
        entity.name
        for article in facts
        for entity in article.entities
        if entity.type == "PERSON" and " " in entity.name
    ]


def link_surnames(facts: Sequence[ArticleFacts], directory: PersonDirectory) -> list[ArticleFacts]:
    """``facts`` with each one-word person named by the full name ``directory`` holds for it
    (after adding the batch's own full names to it)."""
    directory.add(full_person_names(facts))
    return [_linked(article, directory) for article in facts]


def _linked(article: ArticleFacts, directory: PersonDirectory) -> ArticleFacts:
    renamed: dict[str, str] = {}
    for entity in article.entities:
        if entity.type == "PERSON" and " " not in entity.name:
            full = directory.full_name(entity.name)
            if full is not None:
                renamed[entity.name] = full
    if not renamed:
        return article
    entities: dict[str, Entity] = {}
    for entity in article.entities:
        name = renamed.get(entity.name, entity.name) if entity.type == "PERSON" else entity.name
        aliases = set(entity.aliases) | ({entity.name} if name != entity.name else set())
        key = f"{entity.type}\x1f{name}"
        if key in entities:
            aliases |= set(entities[key].aliases)
        entities[key] = replace(entity, name=name, aliases=tuple(sorted(aliases - {name})))
    mentions = tuple(
        replace(m, entity_name=renamed[m.entity_name])
        if m.entity_type == "PERSON" and m.entity_name in renamed
        else m
        for m in article.mentions
    )
    quotes = tuple(
        replace(q, speaker_entity_name=renamed[q.speaker_entity_name])
        if q.speaker_entity_type == "PERSON" and q.speaker_entity_name in renamed
        else q
        for q in article.quotes
    )
    return replace(article, entities=tuple(entities.values()), mentions=mentions, quotes=quotes)
