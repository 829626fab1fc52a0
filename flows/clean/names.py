"""Is this short string a person's name? Shared by the line classifier (sign-offs) and
metadata (authors), so both agree on what a byline name looks like.

Hand-written because a name test here needs no model: bylines are short, capitalized and
stand alone, and the blank spaCy pipeline has no NER to ask.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

# Lower-case particles that sit inside names ("Osama bin Laden", "Ursula von der Leyen").
NAME_PARTICLES = frozenset(
    {
        "al",
        "bin",
        "ibn",
        "da",
        "de",
        "del",
        "della",
        "der",
        "di",
        "du",
        "el",
        "la",
        "le",
        "van",
        "von",
        "y",
        "dos",
        "das",
    }
)
# Words that make a capitalized phrase a heading, a job or an outlet rather than a person.
NOT_NAME_WORDS = frozenset(
    {
        "news",
        "press",
        "agency",
        "staff",
        "report",
        "reports",
        "reporter",
        "reporters",
        "correspondent",
        "editor",
        "editors",
        "writer",
        "contributor",
        "desk",
        "team",
        "update",
        "updates",
        "live",
        "breaking",
        "comments",
        "related",
        "sources",
        "notes",
        "background",
        "conclusion",
        "summary",
        "contents",
        "analysis",
        "opinion",
        "editorial",
        "photo",
        "photos",
        "video",
        "images",
        "getty",
        "reuters",
        "afp",
        "associated",
        "international",
        "national",
        "world",
        "politics",
        "business",
        "sport",
        "sports",
        "weather",
        "home",
        "final",
        "thoughts",
        "introduction",
        "origins",
        "timeline",
        "share",
        "print",
        # jobs and roles a byline glues to the name ("Editor-at-large CNN", "Staff")
        "columnist",
        "producer",
        "anchor",
        "host",
        "chief",
        "senior",
        "deputy",
        "managing",
        "executive",
        "contributing",
        "columnists",
        "photographer",
        "author",
        "admin",
        "administrator",
        "webmaster",
        "guest",
        "large",
        "freelance",
        "intern",
        # an outlet or company named in the author field ("NJ Advance Media", "X Group Inc")
        "media",
        "group",
        "inc",
        "llc",
        "ltd",
        "corp",
        "company",
        "network",
        "newsroom",
        "magazine",
        "newspaper",
        "journal",
        "gazette",
        "tribune",
        "online",
        "digital",
    }
)
_TOKEN = re.compile(
    r"^(?:[A-Z][a-zà-ÿ'’\-]+(?:-[A-Z][a-zà-ÿ'’]+)?|[A-Z]\.|[A-Z]{2,}|Mc[A-Z][a-z]+|O['’][A-Z][a-z]+)$"
)


def looks_like_person_name(text: str) -> bool:
    """True for "Stephanie Gaskell", "George W. Bush", "MIAH Malik"; False for headings."""
    tokens = text.strip().split()
    if not 2 <= len(tokens) <= 4:
        return False
    capitalized = 0
    for token in tokens:
        lowered = token.casefold()
        if lowered in NAME_PARTICLES:
            continue
        parts = lowered.strip(".").split("-")  # "editor-at-large": a job, hyphenated
        if (
            lowered in STOP_WORDS
            or not _TOKEN.match(token)
            or any(part in NOT_NAME_WORDS for part in parts)
        ):
            return False
        capitalized += 1
    if tokens[0].casefold() in NAME_PARTICLES or capitalized < 2:
        return False
    # An all-capitals phrase with no mixed-case word is a shouted heading, not a name.
    return any(not token.isupper() for token in tokens if len(token) > 2)


def normalize_person_name(text: str) -> str:
    """ "MIAH Malik" -> "Malik Miah": an all-capitals token is the family name written first
    (a common French/European byline convention); everything else keeps its order."""
    tokens = text.strip().split()
    surnames = [t for t in tokens if len(t) > 1 and t.isupper() and t.isalpha()]
    if surnames and len(surnames) < len(tokens):
        given = [t for t in tokens if t not in surnames]
        tokens = given + [t.capitalize() for t in surnames]
    return " ".join(tokens)
