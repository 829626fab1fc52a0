"""The plain-text classifier's cue phrases, read once from ``data/boilerplate_cues.txt``.

Cue phrases are data so that adding a site's stock phrase never touches classifier code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CUE_FILE = Path(__file__).with_name("data") / "boilerplate_cues.txt"
_SECTIONS = ("whole_line", "anywhere", "tail", "ui_words")


class CueFileError(ValueError):
    """The cue file is malformed (unknown section or an invalid regular expression)."""


@dataclass(frozen=True)
class CuePatterns:
    whole_line: tuple[re.Pattern[str], ...]
    anywhere: tuple[re.Pattern[str], ...]
    tail: tuple[re.Pattern[str], ...]
    ui_words: frozenset[str]

    def is_whole_line_cue(self, line: str) -> bool:
        return any(pattern.fullmatch(line) for pattern in self.whole_line)

    def has_anywhere_cue(self, line: str) -> bool:
        return any(pattern.search(line) for pattern in self.anywhere)

    def has_tail_cue(self, line: str) -> bool:
        return any(pattern.search(line) for pattern in self.tail)


def parse_cue_text(text: str) -> CuePatterns:
    entries: dict[str, list[str]] = {name: [] for name in _SECTIONS}
    section: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]") and line[1:-1] in entries:
            section = line[1:-1]
            continue
        if section is None:
            raise CueFileError(f"line {number}: cue before any [section] header")
        entries[section].append(line)
    try:
        compiled = {
            name: tuple(re.compile(p, re.IGNORECASE) for p in entries[name])
            for name in ("whole_line", "anywhere", "tail")
        }
    except re.error as error:
        raise CueFileError(f"invalid cue pattern: {error}") from error
    return CuePatterns(
        whole_line=compiled["whole_line"],
        anywhere=compiled["anywhere"],
        tail=compiled["tail"],
        ui_words=frozenset(word.casefold() for word in entries["ui_words"]),
    )


@lru_cache(maxsize=1)
def load_cues() -> CuePatterns:
    return parse_cue_text(CUE_FILE.read_text(encoding="utf-8"))
