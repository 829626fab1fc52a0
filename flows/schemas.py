"""Arrow schemas of the warehouse tables, as imported across newsfacts: derived from the
one declaration of each table in :mod:`flows.warehouse.catalogue` (kept as a re-export)."""

from __future__ import annotations

from flows.warehouse.catalogue import KEY_COLUMNS, RUN_SCHEMAS, SCHEMAS

__all__ = ["KEY_COLUMNS", "RUN_SCHEMAS", "SCHEMAS"]
