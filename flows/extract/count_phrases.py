"""Noun phrases and number spans for counts: which people a number counts, its
qualifier ("more than", "about"), word quantities ("several", "a"), and what is no count
(money, years, durations).

Split from counts.py; the rules are described there.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from flows.extract.calendar_words import is_month_word
from flows.extract.count_cues import cue_kind
from flows.extract.count_lexicon import lexicon, lowers, match_at, match_ending_at
from flows.extract.numbers import NumberSpan, is_number_word
from flows.models import Qualifier

SINGULAR_ARTICLES = frozenset({"a", "an", "one", "another"})
CURRENCY = frozenset(["$", "€", "£", "¥", "us$", "usd"])
MAX_NP_TOKENS = 6
NEW_PHRASE = frozenset({"the", "a", "an"})
ORDINALS = frozenset({"second", "third", "fourth", "fifth", "sixth"})
FIRST_YEAR, LAST_YEAR = 1800, 2100
# No count of people exceeds the world's population (about 8 billion); a larger number is
# an identifier, a sum of money or a typo, and past 2**63 it would not fit fct_counts.value
# (BIGINT) and fail the load.
MAX_PEOPLE = 10_000_000_000


def _is_plural_demonym(text: str) -> bool:
    # "Afghans", "Americans", "Iraqis": a capitalised plural used as the counted people.
    return text[:1].isupper() and text.isalpha() and text.lower().endswith(("ans", "is"))


@dataclass(frozen=True)
class NounPhrase:
    start: int
    head_end: int
    head: str
    is_troop: bool
    who: str | None = None  # the counted people when not the span itself ("of them")
    head_start: int = -1  # first token of the people noun, after any modifiers


def people_phrase(doc: Doc, start: int, sent: Span, strength: bool) -> NounPhrase | bool | None:
    """The people noun phrase after a number; False when a non-people noun follows."""
    lex = lexicon()
    limit = min(sent.end, start + MAX_NP_TOKENS)
    i = start
    while i < limit:
        tok = doc[i]
        lower = tok.lower_
        age = age_length(doc, i, sent.end)
        if age:
            # "a 23-year-old man": the age is a modifier; "a 23-year-old was shot": the person.
            if not match_at(doc, i + age, lex.people_troop_nouns, sent.end):
                return NounPhrase(start, i + age, doc[i : i + age].text, False, head_start=i)
            limit = min(sent.end, limit + age)
            i += age
            continue
        # "heavily-armed insurgents": a hyphen inside a compound modifier is no boundary.
        joined = tok.text == "-" and i > start and not doc[i - 1].whitespace_
        if tok.is_punct and not tok.text.endswith(".") and not joined:
            return None
        # "a Taliban weapons dealer": a thing noun modifying a people noun is no thing count.
        if lower in NEW_PHRASE and i > start:
            return None  # "two intruders shot the man": a second noun phrase began
        if lower in lex.non_people and not match_at(doc, i + 1, lex.people_nouns, sent.end):
            return False
        if lower == "and" and _starts_clause(doc, i + 1, sent.end):
            return None  # "a farm tractor and detained several": the phrase ended
        troop_phrases = lex.strength_nouns if strength else lex.troop_nouns
        length = match_at(doc, i, troop_phrases, sent.end)
        is_troop = length > 0
        length = length or match_at(doc, i, lex.people_nouns, sent.end)
        next_capitalised = doc[i + 1 : i + 2].text[:1].isupper()
        if not length and _is_plural_demonym(tok.text) and not next_capitalised:
            length = 1
        if length == 1 and tok.text[:1].isupper() and not lower.endswith("s") and next_capitalised:
            length = 0  # "Afghan National Army soldiers": a word of a name, not the head
        if length and i + length < sent.end and doc[i + length].lower_ in ("'s", "’s"):
            length = 0  # "the facilitator's associates": the owner is not the head
            i += 1
        if length:
            end = i + length
            nouns = lex.people_strength_nouns if strength else lex.people_troop_nouns
            while end < sent.end and (more := match_at(doc, end, nouns, sent.end)):
                is_troop = is_troop or match_at(doc, end, troop_phrases, sent.end) > 0
                end += more
            return NounPhrase(start, end, doc[i:end].text, is_troop, head_start=i)
        # "an Islamic Movement of Uzbekistan facilitator": "of" inside a proper name.
        in_name = (
            lower == "of"
            and doc[i - 1].text[:1].isupper()
            and doc[i + 1 : i + 2].text[:1].isupper()
        )
        # spaCy's like_num holds ordinals too: "a second victim" is one person.
        if (lower in lex.stop_words and not in_name) or (tok.like_num and lower not in ORDINALS):
            return None
        i += 1
    return None


AGE_UNITS = frozenset({"year", "years", "month", "months", "week", "weeks", "day", "days"})


def age_length(doc: Doc, i: int, limit: int) -> int:
    """Tokens of an age written "23-year-old" (tokenized 23 - year - old) or "23 year old"
    starting at token i, 0 when there is none."""
    if not doc[i].like_num:
        return 0
    words = lowers(doc)[i + 1 : min(limit, i + 5)]
    if (
        len(words) >= 4
        and words[0] == "-"
        and words[1] in AGE_UNITS
        and words[2] == "-"
        and (words[3] in ("old", "olds"))
    ):
        return 5
    if len(words) >= 2 and words[0] in AGE_UNITS and words[1] in ("old", "olds"):
        return 3
    return 0


PARTITIVE_DETERMINERS = frozenset({"the", "his", "their", "its", "these", "those"})
PARTITIVE_PRONOUNS = frozenset({"them", "these", "those"})
ANTECEDENT_WINDOW = 40


def partitive_phrase(doc: Doc, i: int, sent: Span) -> NounPhrase | None:
    """ "two of his associates", "several of the men", "several of them": the people
    counted are the noun after the determiner, or for a pronoun the last plural people
    noun before it. Never a force strength."""
    if i + 1 >= sent.end or doc[i].lower_ != "of":
        return None
    word = doc[i + 1].lower_
    end_of_pronoun = i + 2 >= sent.end or not doc[i + 2].is_alpha
    if word in PARTITIVE_PRONOUNS and (word == "them" or end_of_pronoun):
        antecedent = _last_people_noun(doc, i)
        return NounPhrase(i, i + 2, doc[i + 1].text, False, antecedent or doc[i + 1].text, i + 1)
    if word not in PARTITIVE_DETERMINERS:
        return None
    phrase = people_phrase(doc, i + 2, sent, False)
    if not isinstance(phrase, NounPhrase):
        return None
    return NounPhrase(i + 2, phrase.head_end, phrase.head, False, head_start=phrase.head_start)


def _last_people_noun(doc: Doc, before: int) -> str | None:
    nouns = lexicon().people_troop_nouns
    for i in range(before - 1, max(-1, before - ANTECEDENT_WINDOW), -1):
        length = match_at(doc, i, nouns, before)
        if length and doc[i + length - 1].lower_.endswith("s"):
            return doc[i : i + length].text
    return None


def _starts_clause(doc: Doc, i: int, limit: int) -> bool:
    """After "and": a verb of counting, a number or a determiner begins something new."""
    if i >= limit:
        return True
    tok = doc[i]
    return (
        tok.like_num or tok.lower_ in ("a", "an", "the", "several") or bool(cue_kind(doc, i, limit))
    )


def qualifier_of(doc: Doc, number: NumberSpan, floor: int) -> tuple[Qualifier, int]:
    lex = lexicon()
    for qualifier, phrases in lex.qualifiers.items():
        length = match_ending_at(doc, number.start, phrases, floor)
        if length:
            return qualifier, length  # type: ignore[return-value]
    return "exact", 0


def is_excluded(doc: Doc, number: NumberSpan) -> bool:
    """Money, percentages, durations, ages, dates and years are not counts of people."""
    before = doc[number.start - 1].lower_ if number.start > 0 else ""
    after = doc[number.end].lower_ if number.end < len(doc) else ""
    after2 = doc[number.end + 1].lower_ if number.end + 1 < len(doc) else ""
    if not 0 < number.value <= MAX_PEOPLE or number.value != int(number.value):
        return True
    if before == "no":
        return True  # "no one was injured"
    if (
        before in CURRENCY
        or is_month_word(before)
        or is_month_word(after)
        or after in ("%", "percent")
    ):
        return True
    # "shot three times", "the 8700 block of": a frequency or an address number.
    if (after == "-" and after2 != "strong") or after in ("times", "block"):
        return True
    plain = number.text.isdigit() and len(number.text) == 4
    return plain and FIRST_YEAR <= number.value <= LAST_YEAR and after2 != "troops"


def word_quantities(doc: Doc) -> list[NumberSpan]:
    """Vague quantities, and "a"/"an" as one person ("arrested a Taliban leader")."""
    found: list[NumberSpan] = []
    words = lowers(doc)
    n = len(words)
    vague_by_first = lexicon().vague_by_first
    for i, word in enumerate(words):
        # The longest vague phrase starting here wins (the lists are longest first).
        for phrase, value in vague_by_first.get(word, ()):
            end = i + len(phrase)
            if end <= n and all(words[i + k] == w for k, w in enumerate(phrase)):
                if end < n and words[end] == "times":
                    break  # "shot multiple times": how often, not how many people
                span = doc[i:end]
                found.append(
                    NumberSpan(
                        i, end, value, span.start_char, span.end_char, span.text, is_digits=False
                    )
                )
                break
        else:
            if word not in SINGULAR_ARTICLES:
                continue
            # "a 1,000" is no person, "a 23-year-old" is; "no one was hurt" is nobody.
            before_number = (
                i + 1 < n
                and doc[i + 1].like_num
                and words[i + 1] not in ORDINALS
                and not age_length(doc, i + 1, n)
            )
            if not before_number and not (i > 0 and words[i - 1] == "no"):
                tok = doc[i]
                found.append(NumberSpan(i, i + 1, 1, tok.idx, tok.idx + len(tok), tok.text, False))
    return found


def is_vague(number: NumberSpan) -> bool:
    """ "several", "a number of": a word quantity that is neither a numeral nor "a"/"one"."""
    if number.is_digits or number.text.lower() in SINGULAR_ARTICLES:
        return False
    return not all(is_number_word(w) for w in number.text.split() if w != "-")
