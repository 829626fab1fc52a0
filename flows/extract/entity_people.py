"""People: the model's names and capitalized names with evidence, and their short forms
linked to them.

A capitalized pair the model did not read as a person is as often a slogan ("Resolute
Support") as a person, so it needs evidence: a title before it ("President", "spokesman"),
a speech verb beside it ("... said"), a known given name first, or a full name given
elsewhere in the article that it shortens ("Obama" after "Barack Obama").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flows.extract import entity_lexicon as lexicon
from flows.extract.entity_evidence import speech_beside
from flows.extract.entity_places import Found
from flows.extract.entity_shapes import person_shaped
from flows.extract.entity_tokens import Tokens
from flows.extract.entity_words import descriptive_words

log = logging.getLogger(__name__)

MAX_NAME_WORDS = 4
MIN_FUZZY_SURNAME_LENGTH = 5  # below this one edit turns a name into another name
BYLINE_CUES = frozenset({"by"})


@dataclass(frozen=True)
class Candidate:
    left: int
    right: int
    words: tuple[str, ...]
    titled: bool
    speaking: bool
    sentence_initial: bool = False
    # A lone word the model reads as a person with nothing around it that says so ("her
    # Netflix special", "Costco and Pepsi are among retailers"): kept only if it shortens a
    # fuller name of the article
    unsupported: bool = False

    @property
    def surname(self) -> tuple[str, ...]:
        """The family name: from the first particle on ("bin Laden"), else the last word."""
        particles = lexicon.name_particles()
        for position, word in enumerate(self.words[1:], start=1):
            if word.lower() in particles:
                return self.words[position:]
        return self.words[-1:]


def _initial(word: str) -> bool:
    return len(word) == 2 and word[0].isupper() and word[1] == "."


def _key(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(word.replace(".", "").casefold() for word in words)


def find_candidates(tokens: Tokens, claimed: list[bool]) -> list[Candidate]:
    """Runs of capitalized words not yet claimed, titles stripped, with the cues around them."""
    particles = lexicon.name_particles()
    candidates: list[Candidate] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        starts_name = token.capitalized or (
            token.lower in particles and index + 1 < len(tokens) and tokens[index + 1].capitalized
        )
        if claimed[index] or not starts_name or tokens.headline_like(token):
            index += 1
            continue
        right = index
        while (
            right + 1 < len(tokens) and tokens[right + 1].joins_previous and not claimed[right + 1]
        ):
            following = tokens[right + 1]
            if not (following.capitalized or following.lower in particles):
                break
            right += 1
        while right > index and tokens[right].lower in particles:
            right -= 1
        candidate = _strip(tokens, index, right)
        if candidate is not None:
            candidates.append(candidate)
        index = right + 1
    return candidates


def _strip(tokens: Tokens, left: int, right: int) -> Candidate | None:
    """Drop titles, nationalities and function words around a name; note the cues."""
    titles = lexicon.person_titles()
    skip = descriptive_words()
    opens_line = _starts_line(tokens, left)
    titled = left > 0 and _title_before(tokens, left)
    while left <= right and (tokens[left].lower in titles or tokens[left].lower in skip):
        titled = titled or tokens[left].lower in titles
        left += 1
    while right >= left and (tokens[right].lower in skip or tokens[right].lower in titles):
        right -= 1
    for inner in range(right - 1, left - 1, -1):  # "Indonesian President Suharto": after the title
        if tokens[inner].lower in titles:
            left, titled = inner + 1, True
            break
    if left > right or right - left + 1 > MAX_NAME_WORDS:
        return None
    words = tuple(tokens[k].text for k in range(left, right + 1))
    if any(
        t.all_caps and len(t.text) > 1 and not t.text.endswith(".")
        for t in tokens.items[left : right + 1]
    ):
        return None
    # all capitals were ruled out just above, where a line's case is known
    if not person_shaped(words, all_caps_line=True):
        return None  # "IEDs", "iPhone", "Galaxy S10", "MacBook Pro"
    if any(
        word.lower() in lexicon.org_head_words() or word.lower() in lexicon.event_words()
        for word in words
    ):
        return None
    if is_byline(tokens, left, right):
        return None
    return Candidate(
        left,
        right,
        words,
        titled,
        speech_beside(tokens, left, right),
        opens_line,
    )


def _title_before(tokens: Tokens, left: int) -> bool:
    """ "spokesman Zabihullah Mujahid", "leader, Osama bin Laden": a lowercase title just before."""
    before = tokens[left - 1]
    return (
        before.lower in lexicon.person_titles()
        and not before.capitalized
        and before.sentence == tokens[left].sentence
    )


def is_byline(tokens: Tokens, left: int, right: int) -> bool:
    """ "By Stephanie Gaskell" or a sign-off line: the writer, not someone the article is about."""
    cued = left > 0 and tokens[left - 1].lower in BYLINE_CUES
    first = left - 1 if cued else left
    end = right + 1
    if cued:
        # The model may cut the writer's name short ("By [Jane] Fielding"): capitalized words
        # up to the end of a line that opens with "By" are still the byline.
        while end < len(tokens) and not _starts_line(tokens, end) and tokens[end].capitalized:
            end += 1
    return _starts_line(tokens, first) and (end >= len(tokens) or _starts_line(tokens, end))


def _starts_line(tokens: Tokens, index: int) -> bool:
    """Whether token ``index`` opens a sentence or a line."""
    if index == 0 or tokens[index].sentence_initial:
        return True
    return "\n" in tokens.body[tokens[index - 1].end : tokens[index].start]


def link_people(candidates: list[Candidate]) -> list[Found]:
    """Accept candidates with evidence and give every mention its person's fullest name."""
    given = lexicon.given_names()
    full = [c for c in candidates if len(c.surname) < len(c.words)]
    accepted = [
        c for c in full if c.titled or c.speaking or c.words[0] in given or _initial(c.words[0])
    ]
    # Two or three capitalized words that nothing else claims and no list knows: a name,
    # unless the sentence starts with them (where any word is capitalized).
    surnames = {_key(c.surname) for c in accepted} | {
        _key(c.words) for c in candidates if len(c.words) == 1 and c.titled
    }
    accepted += [c for c in full if c not in accepted and _key(c.surname) in surnames]
    clusters = _clusters(accepted)
    found: list[Found] = []
    for candidate in candidates:
        name = _name_for(candidate, clusters, accepted)
        if name is not None:
            found.append(Found(candidate.left, candidate.right, name, "PERSON"))
    return found


def _clusters(accepted: list[Candidate]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Each accepted full name's key -> the one longest name in the article that ends with it,
    or the one name that has its given name and surname with a middle name between ("Owen
    Dempsey" is "Owen John Dempsey"; beside "George H.W. Bush" and "George W. Bush", "George
    Bush" is neither).

    A name that ends two longer ones ("Wright-Phillips" beside "Shaun Wright-Phillips" and
    "Bradley Wright-Phillips") gets no entry: which person it is depends on where it is
    written, so :func:`_name_for` decides per mention. Names are taken longest first, then in
    the order the article writes them, never in set order (which changes with
    PYTHONHASHSEED): the first of two ties used to win by hash order."""
    first_left: dict[tuple[str, ...], int] = {}
    for c in accepted:
        first_left[c.words] = min(c.left, first_left.get(c.words, c.left))
    names = sorted(first_left, key=lambda words: (-len(words), first_left[words]))
    canonical: dict[tuple[str, ...], tuple[str, ...]] = {}
    for words in names:
        key = _key(words)
        if key in canonical:
            continue  # the same name spelt again ("OBAMA" after "Obama"): the first spelling
        endings = _longer_names_ending(key, canonical)
        if len(endings) > 1:
            continue
        longer = endings.pop() if endings else None
        if longer is None and len(key) > 1:
            middled = {
                c
                for k, c in canonical.items()
                if len(k) > len(key) and (k[0], k[-1]) == (key[0], key[-1])
            }
            longer = middled.pop() if len(middled) == 1 else None
        canonical[key] = longer or words
    return canonical


def _longer_names_ending(
    key: tuple[str, ...], clusters: dict[tuple[str, ...], tuple[str, ...]]
) -> set[tuple[str, ...]]:
    """The distinct people whose longer name ends with ``key`` ("Wright Phillips")."""
    return {c for k, c in clusters.items() if len(k) > len(key) and k[-len(key) :] == key}


def _name_for(candidate: Candidate, clusters: dict, accepted: list[Candidate]) -> str | None:
    key = _key(candidate.words)
    if key in clusters:
        return " ".join(clusters[key])
    if candidate in accepted:
        # a name two people end with (see _clusters): the one the writer named last before it
        shared = _longer_names_ending(key, clusters)
        if len(shared) > 1:
            return " ".join(_nearest_named(candidate, shared, clusters, accepted))
    if len(key) <= 2 and candidate not in accepted:
        matches = [
            full for k, full in clusters.items() if _surname_matches(key, _key(_surname_of(full)))
        ]
        distinct = {tuple(m) for m in matches}
        if len(distinct) == 1:
            return " ".join(matches[0])
        if len(distinct) > 1:
            return " ".join(_nearest_named(candidate, distinct, clusters, accepted))
    if len(key) == 1 and candidate not in accepted:
        # "LeBron" after "LeBron James": the one person of the article with that given name
        given = {full for full in clusters.values() if len(full) > 1 and _key(full[:1]) == key}
        if len(given) == 1:
            return " ".join(given.pop())
    if len(candidate.words) == 1 and candidate.titled and not candidate.unsupported:
        return candidate.words[0]
    return None


def _nearest_named(
    candidate: Candidate,
    names: set[tuple[str, ...]],
    clusters: dict[tuple[str, ...], tuple[str, ...]],
    accepted: list[Candidate],
) -> tuple[str, ...]:
    """Of two people sharing a surname ("Hillary Clinton", "Bill Clinton"), the one named last
    before ``candidate`` (else the first named after it): a bare "Clinton" refers back to the
    Clinton the writer just named. Ties between equally long names used to be broken by set
    order, which changes from one process to the next."""
    named = [(c.left, clusters.get(_key(c.words), c.words)) for c in accepted]
    named = [(left, full) for left, full in named if full in names]
    before = [item for item in named if item[0] < candidate.left]
    if before:
        return max(before)[1]
    after = [item for item in named if item[0] > candidate.left]
    return min(after)[1] if after else max(sorted(names), key=len)


def _surname_of(words: tuple[str, ...]) -> tuple[str, ...]:
    return Candidate(0, 0, words, False, False).surname


def _surname_matches(written: tuple[str, ...], surname: tuple[str, ...]) -> bool:
    if written == surname:
        return True
    if len(written) != 1 or len(surname) != 1 or len(written[0]) < MIN_FUZZY_SURNAME_LENGTH:
        return False
    return _within_one_edit(written[0], surname[0])


def _within_one_edit(first: str, second: str) -> bool:
    """Levenshtein distance at most 1 (a misspelt surname: "Rassoui" for "Rassoul")."""
    if abs(len(first) - len(second)) > 1:
        return False
    if len(first) == len(second):
        return sum(a != b for a, b in zip(first, second, strict=False)) <= 1
    shorter, longer = sorted((first, second), key=len)
    for position in range(len(longer)):
        if longer[:position] + longer[position + 1 :] == shorter:
            return True
    return False
