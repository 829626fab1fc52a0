"""What must be set before Great Expectations is imported; import this module first.

Every newsfacts module that imports GX imports this one before it.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path

# GX reads this when it is imported: keep usage statistics off even though it makes no calls.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def quiet_gx_loggers() -> None:
    """GX logs at INFO what is of no use to someone running newsfacts (200+ lines of API
    registration on import, every store write, datasource bookkeeping): its loggers show
    WARNING and above only. Set before the import, which is when the registration is logged.
    One GX module names its logger after its file path rather than under the package."""
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    spec = importlib.util.find_spec("great_expectations")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        variables = Path(folder) / "data_context" / "data_context_variables.py"
        logging.getLogger(str(variables)).setLevel(logging.WARNING)


quiet_gx_loggers()
