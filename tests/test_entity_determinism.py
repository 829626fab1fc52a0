"""Entity extraction gives the same people in every process, whatever PYTHONHASHSEED is.

Two people sharing a hyphenated surname used to be told apart by set order: the bare
surname went to whichever full name the hash order put first, for the whole article."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Written for this test: two people named Ashworth-Pryce, each followed by the bare surname.
BODY = (
    "Anna Ashworth-Pryce opened the scoring for Leeds after ten minutes. Ashworth-Pryce then "
    "hit the post before half-time.\n\n"
    "Her brother Tom Ashworth-Pryce came on in the second half. Ashworth-Pryce set up the "
    "winner late on, and Ashworth-Pryce was named man of the match.\n"
)

# Run in a fresh interpreter: the hash seed is fixed when a process starts.
SCRIPT = """
import json, sys
from flows.extract.entities import extract_entities
from flows.extract.nlp import parse
_, mentions = extract_entities(parse(sys.stdin.read()))
print(json.dumps([[m.start_char, m.text, m.entity_name] for m in mentions
                  if m.entity_type == "PERSON"]))
"""


def _people(seed: str) -> list[list]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=BODY,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_shared_surname_goes_to_the_person_named_last_before_it_in_every_process() -> None:
    runs = {seed: _people(seed) for seed in ("1", "2", "3")}
    expected = [
        [0, "Anna Ashworth-Pryce", "Anna Ashworth Pryce"],
        [BODY.index("Ashworth-Pryce then"), "Ashworth-Pryce", "Anna Ashworth Pryce"],
        [BODY.index("Tom "), "Tom Ashworth-Pryce", "Tom Ashworth Pryce"],
        [BODY.index("Ashworth-Pryce set"), "Ashworth-Pryce", "Tom Ashworth Pryce"],
        [BODY.index("Ashworth-Pryce was"), "Ashworth-Pryce", "Tom Ashworth Pryce"],
    ]
    assert runs == dict.fromkeys(runs, expected)
