"""Shared by the input tests: a tiny article, and reading a real file the way a run does."""

from __future__ import annotations

from pathlib import Path

from flows.clean import clean_document
from flows.ingest import read_input
from flows.models import CleanArticle, InputFile, Quarantined, RawDocument
from flows.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
LIMIT = Settings().max_file_bytes
ARTICLE = """Harbor Town Votes to Rebuild Its Flooded Seawall

By Jane Doe
March 3, 2019

Residents packed the town hall on Tuesday as the council weighed a plan that had divided
the town for two years. The vote was five to two.

"We cannot wait for another storm," said Mayor Ana Ruiz, who backed the plan.

Opponents said the town should first study moving homes away from the shore.
"""


def read(path: Path, limit: int = LIMIT) -> RawDocument | Quarantined:
    return read_input(InputFile(str(path), str(path)), limit)


def loaded(path: Path) -> RawDocument:
    result = read(path)
    assert isinstance(result, RawDocument), result
    return result


def quarantined(result: object, reason: str, stage: str = "ingest") -> Quarantined:
    assert isinstance(result, Quarantined), result
    assert (result.stage, result.reason) == (stage, reason), result
    assert result.detail
    return result


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def article_of(path: Path) -> CleanArticle:
    return clean_document(loaded(path))
