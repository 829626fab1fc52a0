"""Organizations named by an acronym definition or by an organization head word.

"International Security Assistance Force (ISAF)" defines a name and its short form at
once; "Afghan National Army" and "Ministry of Defence" say what they are in their last or
first word. Both are read before the gazetteer, so "Bank of England" is not "England".
"""

from __future__ import annotations

import logging
import re

from flows.extract import entity_lexicon as lexicon
from flows.extract.entity_places import Found, claim, free
from flows.extract.entity_tokens import Token, Tokens
from flows.extract.entity_words import demonym_words
from flows.extract.gazetteer import lookup
from flows.models import EntityType

log = logging.getLogger(__name__)

ACRONYM_CONNECTORS = frozenset({"of", "the", "and", "for", "on", "in", "de", "&"})
_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z&]{1,9})\s*\)")


def find_acronym_definitions(
    body: str, tokens: Tokens, claimed: list[bool]
) -> tuple[list[Found], dict[str, Found]]:
    """ "International Security Assistance Force (ISAF)": one entity named by the expansion."""
    found: list[Found] = []
    acronyms: dict[str, Found] = {}
    starts = {token.start: token.index for token in tokens.items}
    for match in _ACRONYM.finditer(body):
        acronym = match.group(1)
        acronym_index = starts.get(match.start(1))
        if acronym_index is None or not acronym.isupper():
            continue
        right = acronym_index - 1
        if right < 0 or body[tokens[right].end : match.start()].strip():
            continue
        expansion = _expansion_for(acronym, tokens, right)
        if expansion is None or not free(claimed, expansion, acronym_index):
            continue
        text = body[tokens[expansion].start : tokens[right].end]
        alias = lookup(text) or lookup(acronym)
        name = alias.entry.name if alias else text
        kind: EntityType = alias.entry.type if alias else "ORG"
        entry = alias.entry if alias else None
        found.append(claim(Found(expansion, right, name, kind, entry), claimed))
        found.append(claim(Found(acronym_index, acronym_index, name, kind, entry), claimed))
        acronyms[acronym] = found[-1]
    return found, acronyms


def _expansion_for(acronym: str, tokens: Tokens, right: int) -> int | None:
    """Index of the first word whose initials, with those after it, spell ``acronym``."""
    letters = acronym.replace("&", "").upper()
    initials: list[str] = []
    index = right
    while index >= 0 and len(initials) <= len(letters) + 2:
        token = tokens[index]
        if index < right and not tokens[index + 1].joins_previous:
            return None
        if token.lower in ACRONYM_CONNECTORS and index < right:
            index -= 1
            continue
        if not token.capitalized:
            return None
        initials.insert(0, token.text[0].upper())
        if "".join(initials) == letters:
            return index
        index -= 1
    return None


def find_head_word_organizations(tokens: Tokens, claimed: list[bool]) -> list[Found]:
    """Capitalized names ending in an organization word ("Afghan National Army", "Ministry of X")."""
    heads = lexicon.org_head_words()
    skip = lexicon.stop_words() | lexicon.person_titles()
    found: list[Found] = []
    for token in tokens.items:
        if claimed[token.index] or not token.capitalized or token.lower not in heads:
            continue
        if tokens.headline_like(token) or token.all_caps:
            continue
        left = token.index
        while left > 0 and tokens[left].joins_previous and not claimed[left - 1]:
            before = tokens[left - 1]
            if not before.capitalized or before.lower in skip:
                break
            left -= 1
        right = _of_complement(tokens, claimed, token.index)
        modifiers = [tokens[k] for k in range(left, token.index)]
        if right == token.index and not _names_something(modifiers):
            continue
        if right == token.index and left == token.index:
            continue
        text = tokens.span_text(left, right)
        alias = lookup(text)
        if alias is not None:
            found.append(
                claim(Found(left, right, alias.entry.name, alias.entry.type, alias.entry), claimed)
            )
        else:
            found.append(claim(Found(left, right, text, "ORG"), claimed))
    return found


def _of_complement(tokens: Tokens, claimed: list[bool], head: int) -> int:
    """ "Ministry of Defence": the capitalized words after "of" (or "for") that complete the name."""
    if head + 2 >= len(tokens) or tokens[head + 1].lower not in {"of", "for"}:
        return head
    index = head + 2
    if tokens[index].lower == "the" and index + 1 < len(tokens):
        index += 1
    if not tokens.joined(head, index) or not tokens[index].capitalized or claimed[index]:
        return head
    while (
        index + 1 < len(tokens)
        and tokens[index + 1].joins_previous
        and tokens[index + 1].capitalized
    ):
        index += 1
    return index


def _names_something(modifiers: list[Token]) -> bool:
    """A modifier that is not only a nationality or a place ("Afghan Forces" is a description)."""
    demonyms = demonym_words()
    return any(t.lower not in demonyms and lookup(t.text) is None for t in modifiers)
