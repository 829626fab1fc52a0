"""What in an article says a capitalized word names a person: a speech verb beside it, a
title before it, "he" or "she" after it, a given name; kept apart from the linker in
:mod:`flows.extract.entity_people`, which reads it."""

from __future__ import annotations

from flows.extract import entity_lexicon as lexicon
from flows.extract.entity_tokens import Tokens

PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "himself", "herself"})


def speech_beside(tokens: Tokens, left: int, right: int) -> bool:
    verbs = lexicon.speech_verbs()
    after = tokens[right + 1] if right + 1 < len(tokens) else None
    before = tokens[left - 1] if left > 0 else None
    return bool(
        (after is not None and after.lower in verbs and after.sentence == tokens[right].sentence)
        or (
            before is not None
            and before.lower in verbs
            and before.sentence == tokens[left].sentence
        )
    )


def lone_name_supported(tokens: Tokens, index: int) -> bool:
    """Whether the article says a lone capitalized word names a person: a known given name,
    a title before it ("Mr. Parise", "spokesman Vogel"), a speech verb beside it, or "he"
    or "she" after it in its sentence or the next; or it stands in a line that is no prose
    (a results table: "Tendulkar c Smith b Jones 23")."""
    token = tokens[index]
    if token.text in lexicon.given_names() or speech_beside(tokens, index, index):
        return True
    if index > 0 and tokens[index - 1].lower in lexicon.person_titles():
        return True
    for following in tokens.items[index + 1 :]:
        if following.sentence > token.sentence + 1:
            break
        if following.lower in PERSONAL_PRONOUNS:
            return True
    return _in_table_line(tokens, index)


def _in_table_line(tokens: Tokens, index: int) -> bool:
    body = tokens.body
    start = body.rfind("\n", 0, tokens[index].start) + 1
    end = body.find("\n", tokens[index].end)
    line = body[start : end if end >= 0 else len(body)]
    words = line.split()
    has_number = any(word[:1].isdigit() for word in words)
    prose_words = sum(word.isalpha() and word.islower() and len(word) > 3 for word in words)
    return has_number and prose_words <= 1
