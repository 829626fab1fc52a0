"""Speaker phrases cut to the speaker: "Nelson Diaz, a former aide to ..." -> "Nelson Diaz",
"..., but a Taliban spokesman later" -> "a Taliban spokesman".

Regular expressions over the words around a cue (the blank spaCy pipeline has no
parser to give the subject); used by quote_attribution.py.
"""

from __future__ import annotations

import re

from flows.extract.quote_lexicon import quote_lexicon

SPEAKER_MAX_WORDS = 9
# "Mr. Rhodes", "Sen. X", "John F. Kennedy": a period that does not end the sentence.
ABBREVIATION = (
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Maj|St|Jr|Sr|Rev|Prof|[A-Z])"
    r"\.\s*)"
)
# Capitalised sentence openers that start a clause, not a name.
NOT_NAME_START = (
    r"(?:In|At|On|For|After|Before|During|From|With|Without|Since|When|While|As|By|Under|"
    r"Over|Within|Despite|Like|Unlike|Among|Through|Asked|Speaking|Later|Earlier|Still|But|"
    r"And|So|Yet|Then|Also|However|Meanwhile|Instead|If|Although|Though|Because|The|A|An|"
    r"This|That|These|Those|It|He|She|They|We|I|You|Here|There|Now|Today|Yesterday)"
)
# A name followed by an apposition: "X Y, a former aide", "X, 30,", "X, who ...".
APPOSITIVE = re.compile(
    rf"^\s*(?!{NOT_NAME_START}\b)"
    rf"(?P<name>(?:{ABBREVIATION}|[A-Z][\w'’.-]*\s+){{0,3}}[A-Z][\w'’-]+),\s+"
    # "Tim Morrison, Vindman's superior": a possessive name opens an apposition too.
    r"(?:a|an|the|who|whose|one|[a-z]+'s|[A-Z][\w.-]*['’]s\s|\d|[a-z])"
)
# A clause's subject: the words before its first verb ("Band member X shared ...").
SUBJECT = re.compile(
    r"^\s*(?P<subject>[A-Z][^,;:]{0,80}?)\s+"
    r"(?:was|is|were|are|has|had|have|also|[a-z]+ed|[a-z]+s)\b"
)


def clean_phrase(phrase: str) -> tuple[str, int]:
    """Drop leading clause words and trailing adverbs/times ("The Taliban on Saturday")."""
    lex = quote_lexicon()
    offset = 0
    # "(R-Fla.)", "(D-Md.)": party and state after a lawmaker's name.
    phrase = re.sub(r"\s*\([^()]{0,40}\)", lambda m: " " * len(m.group()), phrase)
    appositive = APPOSITIVE.match(phrase)
    if appositive:
        # "Nelson Diaz, a former aide to ..." / "Harry Bond, 30, of Raleigh": the name.
        return appositive.group("name"), appositive.start("name")
    # Keep the last clause: "..., but a Taliban spokesman later" -> "a Taliban spokesman".
    for marker in (
        " but ",
        " and ",
        " while ",
        " as ",
        " because ",
        " after ",
        " that ",
        " when ",
        " so ",
        " — ",
        " – ",
        " -- ",
    ):
        cut = phrase.lower().rfind(marker)
        if cut >= 0 and len(phrase[cut + len(marker) :].split()) >= 1:
            offset += cut + len(marker)
            phrase = phrase[cut + len(marker) :]
    phrase = phrase.rstrip(" ,")
    if "," in phrase:
        head, _, tail = phrase.rpartition(",")
        # "Hamid Karzai, the president" / "Sarandon, 69" keep the name; "In Kabul,
        # officials" keeps the tail.
        description = tail.strip()[:1].islower() or tail.strip()[:1].isdigit()
        name_before = head.strip()[-1:].isalpha() and head.split()[-1][:1].isupper()
        if not (description and name_before):
            offset += len(head) + 1
            phrase = tail
    words = phrase.split()
    offset += len(phrase) - len(phrase.lstrip())
    while words and (
        words[-1].lower() in lex.trailing_noise
        or (words[-1].endswith("ly") and words[-1].islower())
    ):
        words.pop()
        # "on Saturday": the preposition goes with its noun.
        if words and words[-1].lower() in ("on", "in", "at", "last", "this"):
            words.pop()
    if len(words) > SPEAKER_MAX_WORDS:
        return "", offset
    return " ".join(words), offset
