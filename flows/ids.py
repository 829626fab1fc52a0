"""Stable identifiers: the same input always gets the same ids, so reruns add nothing."""

from __future__ import annotations

import hashlib


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def article_id(body: str) -> str:
    """Hash of the cleaned body: one article under two file names is one row."""
    return sha256_hex(body.encode("utf-8"))[:32]


def stable_id(*parts: object) -> str:
    """A short id derived from its parts (unit separator keeps ("a","bc") != ("ab","c"))."""
    joined = "\x1f".join("" if part is None else str(part) for part in parts)
    return sha256_hex(joined.encode("utf-8"))[:24]


def entity_id(entity_type: str, name: str) -> str:
    return stable_id("entity", entity_type, name.casefold())
