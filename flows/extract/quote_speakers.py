"""Who a quotation's attribution phrase refers to, and the organization they speak for.

Split from quotes.py (which finds quotes and their cue phrases) because resolving
"he", "a Taliban spokesman" or "Rassoui" to an entity is its own job: it reads the
entity mentions when the extractor gave some, and falls back to capitalised name runs
in the text when it gave none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from flows.extract.quote_antecedents import person_genders, pronoun_antecedent, sentence_starts
from flows.extract.quote_lexicon import quote_lexicon
from flows.extract.quote_sources import (
    bare_word,
    document_source,
    introduced_as,
    known_organization,
)
from flows.models import Entity, EntityType, Mention

# A capitalised word, or an abbreviation with its period ("U.S.", "Col."); a longer word
# followed by a period ends a sentence, so it ends the run too.
CAPITAL_WORD = r"[A-Z](?:\.(?:[A-Z]\.)+|[a-z]{0,2}\.|[\w'’\-]*)"
NAME_PARTICLE = r"(?:de|van|von|bin|al|el)\b"
NAME_RUN = re.compile(rf"{CAPITAL_WORD}(?:[ \t\u00a0]+(?:{CAPITAL_WORD}|{NAME_PARTICLE}))*")
# Sentence-initial function words are capitalised but never part of a name.
LEADING_DETERMINER = re.compile(
    r"^(?:(?:The|A|An|This|That|But|And|So|If|When|While|From|Both|As|In|On|At|For|Then|Yet|Or)"
    r"(?:\s+|$))+"
)

# "Sen. Dana Cole", "Mr. Rhodes": the name without its abbreviated title.
HONORIFIC = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Del|Gen|Lt|Col|Sgt|Capt|Adm|Maj|Rev|Prof)\.\s+)+(?=[A-Z])"
)


LEFT_CONTEXT_CHARS = 60
SPEAKER_MAX_DESCRIPTION_WORDS = 6
DESCRIPTION_LOOKBACK_CHARS = 1500
DESCRIPTION_LOOKAHEAD_CHARS = 700
ORG_AFTER_NAME = re.compile(
    r"^,\s+(?:the\s+|a\s+)?[\w\s.'’\-]{0,60}?\b(?:of|at|for|with)\s+(?:the\s+)?"
    r"(?P<org>[A-Z][\w&.'’\-]*(?:\s+(?:of\s+|for\s+|the\s+)?[A-Z][\w&.'’\-]*){0,6})"
)


@dataclass(frozen=True)
class Speaker:
    name: str | None
    entity_name: str | None
    entity_type: EntityType | None
    org: str | None
    is_person: bool


class SpeakerResolver:
    """Resolves attribution phrases for one article."""

    def __init__(
        self,
        body: str,
        mentions: Sequence[Mention],
        entities: Sequence[Entity],
        quoted_spans: Sequence[tuple[int, int]],
    ) -> None:
        self.body = body
        self.quoted = quoted_spans
        self.mentions = sorted(
            (m for m in mentions if not self._inside_quote(m.start_char)),
            key=lambda m: m.start_char,
        )
        self.by_alias: dict[str, Entity] = {}
        for entity in entities:
            for alias in (entity.name, *entity.aliases):
                self.by_alias.setdefault(alias.casefold(), entity)
        if not self.mentions:
            self.mentions = self._fallback_mentions()
        self.people = [m for m in self.mentions if m.entity_type == "PERSON"]
        self.genders = person_genders(body, self.people, quoted_spans)
        self.sentence_starts = sentence_starts(body)
        self.spoken: list[tuple[int, str]] = []  # (offset, name) of people quoted so far

    def _inside_quote(self, char: int) -> bool:
        return any(start <= char < end for start, end in self.quoted)

    def _fallback_mentions(self) -> list[Mention]:
        """Two or more capitalised words outside quotes, taken as people names."""
        lex = quote_lexicon()
        found: list[Mention] = []
        for match in NAME_RUN.finditer(self.body):
            words = match.group().split()
            if self._inside_quote(match.start()):
                continue
            # "NATO Secretary General Jens Stoltenberg": the name follows the last title word.
            titled = [i for i, w in enumerate(words) if w.lower() in lex.titles]
            skip = titled[-1] + 1 if titled else int(words[0] in ("The", "A", "An", "This", "That"))
            name_words = HONORIFIC.sub("", " ".join(words[skip:])).split()
            if len(name_words) < 2:
                continue
            name = " ".join(name_words)
            start = self.body.find(name, match.start())
            if start >= 0:
                found.append(Mention(name, "PERSON", name, start, start + len(name), 0))
        return found

    def _entity_for(self, text: str) -> Entity | None:
        key = text.casefold()
        if key in self.by_alias:
            return self.by_alias[key]
        if key.startswith("the ") and key[4:] in self.by_alias:
            return self.by_alias[key[4:]]
        # A surname alone ("Mujahid said") or a misspelt one matches a person's last name.
        for alias, entity in self.by_alias.items():
            if entity.type == "PERSON" and alias.split()[-1] == key:
                return entity
        return None

    def resolve(
        self,
        phrase: str,
        phrase_start: int,
        quote_start: int,
        speaker_first: bool,
        span: tuple[int, int] = (-1, -1),
    ) -> Speaker:
        """``phrase`` is the cleaned speaker phrase at ``phrase_start``; ``span`` the raw
        clause it was cut from ("X, a former aide to Y and now ..."), searched for a
        PERSON mention first: the one nearest the cue. Call in text order: a later "he
        said" prefers a person already quoted in the sentence it refers back to."""
        speaker = self._resolve(phrase, phrase_start, quote_start, speaker_first, span)
        if speaker.is_person and speaker.name:
            self.spoken.append((phrase_start if phrase_start >= 0 else quote_start, speaker.name))
        return speaker

    def _resolve(
        self,
        phrase: str,
        phrase_start: int,
        quote_start: int,
        speaker_first: bool,
        span: tuple[int, int],
    ) -> Speaker:
        lex = quote_lexicon()
        words = phrase.split()
        phrase_end = phrase_start + len(phrase)
        inside = [m for m in self.mentions if phrase_start <= m.start_char < phrase_end]
        people = [m for m in inside if m.entity_type == "PERSON"]
        if people:
            mention = people[0] if speaker_first else people[-1]
            return self._person(mention.entity_name, phrase)
        in_span = [
            m
            for m in self.mentions
            if span[0] <= m.start_char < span[1] and m.entity_type == "PERSON"
        ]
        pronoun = len(words) == 1 and words[0].lower() in lex.pronouns
        # A phrase with a name of its own ("Prince Andrew", or "Andrew" of a person named
        # elsewhere) is not replaced by another person its clause mentions ("..., a friend
        # of Jeffrey Epstein"); a capitalised opener ("What", "Signs") is no name.
        person_words = {w for m in self.people for w in m.entity_name.split()}
        named = any(w[:1].isupper() for w in words[1:]) or (
            bool(words)
            and words[0] in person_words
            and not any(words[0] in m.entity_name.split() for m in in_span)
        )
        if in_span and not pronoun and not named:
            # The phrase was cut from a longer clause without keeping a name.
            mention = in_span[0] if speaker_first else in_span[-1]
            return self._person(mention.entity_name, phrase)
        if not words:
            return Speaker(None, None, None, None, False)
        lower_words = [w.lower().strip(".,") for w in words]
        if len(words) == 1 and lower_words[0] in lex.pronouns:
            at = min(quote_start, phrase_start) if phrase_start >= 0 else quote_start
            return self._pronoun(lower_words[0], at)
        if lower_words[0] in lex.group_pronouns and len(words) == 1:
            return Speaker(None, None, None, None, False)
        if any(w in lex.titles for w in lower_words):
            resolved = self._document(phrase, quote_start) or self._description(phrase, quote_start)
            if resolved is not None:
                return resolved
            return Speaker(phrase, None, None, self._org_from_prefix(phrase), False)
        orgs = [m for m in inside if m.entity_type == "ORG"]
        if orgs:
            org = orgs[0].entity_name
            return Speaker(org, org, "ORG", org, False)
        runs = [HONORIFIC.sub("", LEADING_DETERMINER.sub("", r)) for r in NAME_RUN.findall(phrase)]
        runs = [r for r in runs if r]
        if runs:
            name = (runs[0] if speaker_first else runs[-1]).rstrip(".,")
            full = self._full_name(name)
            if full is not None:
                return self._person(full, phrase)
            entity = self._entity_for(name)
            if entity is not None:
                org = entity.name if entity.type == "ORG" else self._org_of_person(entity.name)
                return Speaker(entity.name, entity.name, entity.type, org, entity.type == "PERSON")
            at = self.body.find(name, phrase_start)
            tail = self.body[at + len(name) : at + len(name) + 120] if at >= 0 else ""
            after = ORG_AFTER_NAME.match(tail)
            org = self._known_org(after.group("org")) if after else None
            return Speaker(
                name, None, None, org or self._org_from_prefix(phrase), len(name.split()) >= 2
            )
        short = len(words) <= SPEAKER_MAX_DESCRIPTION_WORDS
        if short and (words[0][:1].islower() or words[0] in ("The", "A", "An")):
            resolved = self._document(phrase, quote_start)
            if resolved is not None:
                return resolved
            return Speaker(phrase, None, None, None, False)  # "the ad", "a source"
        return Speaker(None, None, None, None, False)

    def _full_name(self, word: str) -> str | None:
        """A surname alone ("Rassoui said") -> the full name given nearby, misspelt or not."""
        if " " in word or len(word) < 4:
            return None
        for mention in reversed(self.mentions):
            if mention.entity_type != "PERSON" or " " not in mention.entity_name:
                continue
            last = mention.entity_name.split()[-1]
            same_length = len(last) == len(word)
            near = sum(a != b for a, b in zip(last, word, strict=False)) <= (
                1 if len(word) >= 5 else 0
            )
            if same_length and near:
                return mention.entity_name
        return None

    def _person(self, name: str, phrase: str) -> Speaker:
        entity = self._entity_for(name)
        org = self._org_from_prefix(phrase) or self._org_of_person(name)
        if entity is None:
            return Speaker(name, None, None, org, True)
        return Speaker(name, entity.name, "PERSON", org, True)

    def _pronoun(self, pronoun: str, at: int) -> Speaker:
        mention = pronoun_antecedent(
            self.body, pronoun, at, self.people, self.genders, self.sentence_starts, self.spoken
        )
        if mention is None:
            return Speaker(None, None, None, None, False)
        return self._person(mention.entity_name, "")

    def _document(self, phrase: str, quote_start: int) -> Speaker | None:
        """ "the statement" -> the organization or person the article says issued it."""
        mention = document_source(self.body, phrase, quote_start, self.mentions)
        if mention is None:
            return None
        if mention.entity_type == "PERSON":
            return self._person(mention.entity_name, "")
        name = mention.entity_name
        return Speaker(name, name, "ORG", name, False)

    def _known_org(self, name: str) -> str | None:
        return known_organization(name, self.by_alias)

    def _description(self, phrase: str, quote_start: int) -> Speaker | None:
        """ "the NATO chief" -> the person introduced with NATO or "chief" near their name."""
        lex = quote_lexicon()
        keys = {bare_word(w) for w in phrase.split()} - lex.determiners
        keys = {k for k in keys if k and (k in lex.titles or k[0:1].isalpha())}
        previous = [
            m
            for m in self.mentions
            if m.entity_type == "PERSON"
            and quote_start - DESCRIPTION_LOOKBACK_CHARS <= m.start_char < quote_start
        ]
        following = [
            m
            for m in self.mentions
            if m.entity_type == "PERSON"
            and quote_start < m.start_char <= quote_start + DESCRIPTION_LOOKAHEAD_CHARS
        ]
        heads = [w.lower().strip(".,") for w in phrase.split() if w.lower() in lex.titles]
        if heads and heads[-1].endswith("s") and heads[-1] not in ("boss", "press"):
            return None  # "officials", "sources": several people, not one named person
        for mention in [*reversed(previous), *following]:
            left = self.body[max(0, mention.start_char - LEFT_CONTEXT_CHARS) : mention.start_char]
            context = {bare_word(w) for w in left.split()[-6:]}
            if keys & context & (
                lex.titles | {k for k in keys if k not in lex.titles}
            ) or introduced_as(self.body, mention, keys & lex.titles):
                return self._person(mention.entity_name, phrase)
        return None

    def _org_from_prefix(self, phrase: str) -> str | None:
        """ "Taliban spokesman", "ISAF commander General": capitalised words before a title."""
        lex = quote_lexicon()
        words = phrase.split()
        for i, word in enumerate(words):
            if word.lower().strip(".,") in lex.titles:
                # "While White House spokesman X": a clause word opens the sentence, not the name.
                before = LEADING_DETERMINER.sub(
                    "", " ".join(w for w in words[:i] if w[:1].isupper())
                ).split()
                if not before:
                    return None
                candidate = " ".join(before)
                entity = self._entity_for(candidate) or self._entity_for(before[-1])
                if entity is not None and entity.type == "ORG":
                    return entity.name
                gov = word.lower() in lex.government_titles
                if gov and re.fullmatch(r"[A-Z][a-z]+(?:an|ese|i|ish|ch)", before[-1]):
                    return f"{before[-1]} government"
                # Only an organization: "When", "July", "While White House" are not.
                return self._known_org(candidate) or self._known_org(before[-1])
        return None

    def _org_of_person(self, name: str) -> str | None:
        """The organization stated next to any mention of the person."""
        for mention in self.mentions:
            if mention.entity_name != name:
                continue
            left = self.body[max(0, mention.start_char - LEFT_CONTEXT_CHARS) : mention.start_char]
            left = re.split(r"[.;:,\n\"“”]", left)[-1]
            org = self._org_from_prefix(left.strip() + " " + name) if left.strip() else None
            if org:
                return org
            after = ORG_AFTER_NAME.match(self.body[mention.end_char : mention.end_char + 120])
            org = self._known_org(after.group("org")) if after else None
            if org:
                return org
        return None
