"""Who "he" or "she" in an attribution ("...," he said) refers to.

Split from quote_speakers.py: the nearest compatible person named before the pronoun,
taken as the subject of their sentence (the first person it names: in "Andrew said he
never met Epstein." the next "he said" is Andrew), with gender read from the text itself.
Hand-written because the blank spaCy pipeline has no coreference component, and the
coreference models on the index are far too slow for 2 cores; gender comes from the text
(a title such as Mr./Mrs., or the pronouns that follow a person's name) rather than a
first-name list, since none is installed and a name's gender is a guess a text can settle.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from flows.models import Mention

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
MALE_TITLES = frozenset(
    {
        "mr",
        "sir",
        "king",
        "prince",
        "lord",
        "father",
        "brother",
        "duke",
        "congressman",
        "chairman",
        "spokesman",
        "businessman",
    }
)
FEMALE_TITLES = frozenset(
    {
        "mrs",
        "ms",
        "miss",
        "madam",
        "queen",
        "princess",
        "lady",
        "sister",
        "duchess",
        "congresswoman",
        "chairwoman",
        "spokeswoman",
        "businesswoman",
    }
)
PRONOUN_WORD = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", re.I)
TITLE_BEFORE = re.compile(r"([A-Za-z]+)\.?\s+$")
PRONOUN_EVIDENCE_CHARS = 200  # how far after a name its pronouns are read
SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+(?=[\"“‘A-Z])")


def sentence_starts(body: str) -> list[int]:
    starts = [0]
    for match in SENTENCE_END.finditer(body):
        before = body[max(0, match.start() - 4) : match.start()]
        if not re.search(
            r"\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Maj|Adm|[A-Z])$", before
        ):
            starts.append(match.end())
    for match in re.finditer(r"\n\s*", body):
        starts.append(match.end())
    return sorted(set(starts))


def _sentence_of(starts: Sequence[int], at: int) -> int:
    index = 0
    for i, start in enumerate(starts):
        if start > at:
            break
        index = i
    return index


def person_genders(
    body: str, people: Sequence[Mention], quoted: Sequence[tuple[int, int]]
) -> dict[str, str]:
    """Entity name -> "m" or "f" when the text shows it: a gendered title right before a
    mention settles it; otherwise the pronouns in the writer's words after a mention and
    before the next person's name, by majority."""
    titled: dict[str, str] = {}
    votes: dict[str, Counter] = {}
    ordered = sorted(people, key=lambda m: m.start_char)
    for index, mention in enumerate(ordered):
        title = TITLE_BEFORE.search(body[max(0, mention.start_char - 20) : mention.start_char])
        word = title.group(1).lower() if title else ""
        if word in MALE_TITLES or word in FEMALE_TITLES:
            titled.setdefault(mention.entity_name, "m" if word in MALE_TITLES else "f")
        stop = mention.end_char + PRONOUN_EVIDENCE_CHARS
        following = [m for m in ordered[index + 1 :] if m.entity_name != mention.entity_name]
        if following:
            stop = min(stop, following[0].start_char)
        for pronoun in PRONOUN_WORD.finditer(body, mention.end_char, stop):
            if any(start <= pronoun.start() < end for start, end in quoted):
                continue  # "he" inside someone's quote is about someone else
            word = pronoun.group().lower()
            votes.setdefault(mention.entity_name, Counter())[
                "m" if word in MALE_PRONOUNS else "f"
            ] += 1
            break  # the first pronoun after a name is the one most likely about it
    genders = {}
    for name, counter in votes.items():
        (best, count), *rest = counter.most_common()
        if not rest or count > rest[0][1]:
            genders[name] = best
    genders.update(titled)
    return genders


def pronoun_antecedent(
    body: str,
    pronoun: str,
    at: int,
    people: Sequence[Mention],
    genders: dict[str, str],
    starts: Sequence[int],
    spoken: Sequence[tuple[int, str]] = (),
) -> Mention | None:
    """The person ``pronoun`` (he/she) at offset ``at`` refers to: in the nearest earlier
    sentence naming a compatible person, the one quoted there (``spoken``: offsets and
    names of earlier speakers; 'Yet X is a "change agent," Cole said.' points at Cole),
    else the first such person (the sentence's subject, not the one it mentions: "Andrew
    said he never met Epstein."). A sentence whose subject is the same pronoun ("He also
    met Jones.") carries the earlier antecedent on."""
    wanted = "m" if pronoun.lower() == "he" else "f"
    compatible = [
        m for m in people if m.end_char <= at and genders.get(m.entity_name, wanted) == wanted
    ]
    if not compatible:
        return None
    by_sentence: dict[int, list[Mention]] = {}
    for mention in compatible:
        by_sentence.setdefault(_sentence_of(starts, mention.start_char), []).append(mention)
    current = _sentence_of(starts, at)
    for sentence in sorted(by_sentence, reverse=True):
        found = sorted(by_sentence[sentence], key=lambda m: m.start_char)
        opening = body[starts[sentence] : found[0].start_char].strip().lower()
        same_pronoun_subject = re.match(rf"^[\"“‘]?{pronoun.lower()}\b", opening)
        if same_pronoun_subject and sentence != current and sentence > 0:
            continue
        end = starts[sentence + 1] if sentence + 1 < len(starts) else len(body)
        quoted_here = {name for offset, name in spoken if starts[sentence] <= offset < end}
        speaker = next((m for m in found if m.entity_name in quoted_here), None)
        return speaker or _not_possessor(body, found)
    return None


def _not_possessor(body: str, found: Sequence[Mention]) -> Mention:
    """The first mention, unless it only modifies another noun ("Epstein's friend Andrew")."""
    for mention in found:
        if not re.match(r"['’]s?\s", body[mention.end_char : mention.end_char + 3]):
            return mention
    return found[0]
