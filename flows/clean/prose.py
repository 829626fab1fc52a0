"""Is there an article in this body? Prose against page furniture, whatever the words.

An article, however short, has at least one sentence of running prose: several words, most
of them not capitalized, ending in sentence punctuation. What is left of a page of menus,
footers, cookie notices and link lists has none: labels ("World", "Privacy policy"), often
the same few repeated, and at most a stray prompt ("Sorry!", "Thanks for signing up!"). The
test counts the words of the distinct prose sentences; a body without one such sentence
is not an article. Hand-written: the shape of a sentence is all it
needs, the same in every language written with spaces and sentence punctuation; scripts
written without spaces (Chinese, Japanese) are measured in characters instead.
"""

from __future__ import annotations

import re

from flows.ids import SENTENCE_STOP

# A sentence shorter than this is a prompt or label ("Thank you.", "Sign in here.").
MIN_SENTENCE_WORDS = 5
# Not even one sentence of prose: not an article. (Prompts that are sentences, such as a
# cookie notice, are removed before this by the cue phrases and the page structure.)
MIN_PROSE_WORDS = MIN_SENTENCE_WORDS
# Running prose is mostly lower-case words; a menu or a headline in title case is not.
MIN_LOWERCASE_SHARE = 0.3
# Characters of a script written without spaces that stand for one word.
CHARACTERS_PER_WORD = 2

_SENTENCE = re.compile(rf"[^.!?…。！？؟।]+?(?:{SENTENCE_STOP}|$)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Han, kana and Hangul: scripts written with no spaces between words.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_ENDS_SENTENCE = re.compile(SENTENCE_STOP + r"\s*$")


def _prose_words(sentence: str) -> int:
    """Words of ``sentence`` if it reads as prose, else 0."""
    if not _ENDS_SENTENCE.search(sentence):
        return 0
    unspaced = len(_UNSPACED.findall(sentence))
    if unspaced:
        return unspaced // CHARACTERS_PER_WORD
    words = _WORD.findall(sentence)
    if len(words) < MIN_SENTENCE_WORDS:
        return 0
    cased = [word for word in words if word[0].isupper() or word[0].islower()]
    lowercase = sum(1 for word in cased if word[0].islower())
    if cased and lowercase < MIN_LOWERCASE_SHARE * len(cased):
        return 0
    return len(words)


def _lines(body: str) -> list[str]:
    """The body's lines, a hard-wrapped sentence joined again: a line that does not end a
    sentence, followed by one starting in lower case, continues on it. A label line
    ("Menu") before a capitalized sentence stays apart, so it never passes for prose."""
    lines: list[str] = []
    for line in (line.strip() for line in body.split("\n")):
        if not line:
            continue
        if lines and line[0].islower() and not _ENDS_SENTENCE.search(lines[-1]):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


def prose_word_count(body: str) -> int:
    """Words in the distinct prose sentences of ``body`` (a repeated sentence counts once)."""
    seen: set[str] = set()
    total = 0
    sentences = (match.group(0) for line in _lines(body) for match in _SENTENCE.finditer(line))
    for raw_sentence in sentences:
        sentence = " ".join(raw_sentence.split())
        key = sentence.casefold()
        if not sentence or key in seen:
            continue
        seen.add(key)
        total += _prose_words(sentence)
    return total


def has_article_prose(body: str) -> bool:
    return prose_word_count(body) >= MIN_PROSE_WORDS
