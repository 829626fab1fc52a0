"""What a person's name looks like, and acronyms, read from the letters alone.

The model, trained on Reuters 1996, reads any capitalized run in a subject position as a
person: "Retina MacBook Pro", "IEDs", "NASA". People's names have a shape those lack: no
digits, no product-line word at the end, no lowercase word with a capital inside ("iPhone"),
no acronym. These tests need no list of names, so they hold for names never seen; the
word lists they read are small and closed (see ``flows/extract/data``).
"""

from __future__ import annotations

import re

from flows.extract import entity_lexicon as lexicon

# "IEDs", "SUVs", "NGOs": two or more capitals then a plural "s": a common noun's plural.
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")
# "iPhone", "eBay": a lowercase start with a capital inside is a brand's spelling.
_LOWER_CAMEL = re.compile(r"[a-z]+[A-Z]")
# "Henry VIII", "John Paul II": a regnal number is all capitals but part of a name.
_ROMAN_NUMERAL = re.compile(r"[IVXLC]+")


def is_acronym(word: str) -> bool:
    """Two or more capitals and nothing else ("NASA", "CBP", "U.S."), not an initial ("W.")."""
    letters = word.replace(".", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def is_plural_acronym(word: str) -> bool:
    return bool(_PLURAL_ACRONYM.fullmatch(word))


def person_shaped(words: tuple[str, ...] | list[str], all_caps_line: bool = False) -> bool:
    """Whether ``words`` can be a person's name by their letters: no digits, no brand
    spelling, no acronym (in a line that is not all capitals, where "JOHN SMITH" is a name),
    no product-line, organization or venue word at the end ("MacBook Pro", "Ryman Auditorium").
    Event words are left out: "Day" and "Park" are surnames too."""
    if not words:
        return False
    shut_out = lexicon.product_words() | lexicon.org_head_words() | lexicon.venue_words()
    for word in words:
        if any(char.isdigit() for char in word) or _LOWER_CAMEL.match(word):
            return False
        acronym = is_acronym(word) and not _ROMAN_NUMERAL.fullmatch(word)
        if is_plural_acronym(word) or (not all_caps_line and acronym):
            return False
    return words[-1].lower() not in shut_out


# "the West", "the North": a compass point alone is a direction or a bloc, no town to geocode.
_COMPASS_POINTS = frozenset({"north", "south", "east", "west"})


def names_no_single_entity(word: str) -> bool:
    """A one-word span that is a people ("Soviets", "Afghani": a demonym) or a compass point
    names no person, organization or place of its own, whatever the model read."""
    folded = word.lower()
    return folded in lexicon.demonyms() or folded in _COMPASS_POINTS
