"""Is there an article in this body? Prose against page furniture, whatever the words.

An article, however short, has at least one sentence of running prose: several words, most
of them not capitalized, ending in sentence punctuation. What is left of a page of menus,
footers, cookie notices and link lists has none: labels ("World", "Privacy policy"), often
the same few repeated, and at most a stray prompt ("Sorry!", "Thanks for signing up!"). The
test counts the words of the distinct prose sentences; a body without one such sentence
is not an article, unless it is a table of figures (results, standings, earnings: lines of
names and numbers, which a menu is not). Hand-written: the shape of a sentence is all it
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
# A line cut mid-sentence by a hard wrap is at least this long; labels are shorter.
MIN_WRAPPED_LINE_WORDS = 8
# A table of figures (results, standings, earnings) is content, not furniture, even without
# a sentence: at least this many of its distinct lines, and this share of them, hold digits.
MIN_FIGURE_LINES = 2
MIN_FIGURE_LINE_SHARE = 1 / 3
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
    sentence continues on the next when that one starts in lower case, or when it is itself
    a long run of words cut mid-sentence ("... in the tournament on" / "Friday ."). A short
    label line ("Menu", "Cookie settings") stays apart, so labels never pass for prose."""
    lines: list[str] = []
    for line in (line.strip() for line in body.split("\n")):
        if not line:
            continue
        previous = lines[-1] if lines else ""
        if (
            previous
            and not _ENDS_SENTENCE.search(previous)
            and (line[0].islower() or len(_WORD.findall(previous)) >= MIN_WRAPPED_LINE_WORDS)
        ):
            lines[-1] = f"{previous} {line}"
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


def is_table_of_figures(body: str) -> bool:
    """Sports results, standings, company earnings: lines of names and numbers."""
    if not any(character.isalpha() for character in body):
        return False  # figures with no names are not a table anyone can read
    lines = {" ".join(line.split()).casefold() for line in body.split("\n") if line.strip()}
    figures = sum(1 for line in lines if any(character.isdigit() for character in line))
    return figures >= MIN_FIGURE_LINES and figures >= MIN_FIGURE_LINE_SHARE * len(lines)


def has_article_text(body: str) -> bool:
    """A sentence of prose or a table of figures: what a menu or footer page never has."""
    return has_article_prose(body) or is_table_of_figures(body)
