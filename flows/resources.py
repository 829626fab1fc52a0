"""Where the package's SQL scripts and expectation suites are, installed or in a checkout.

The repository keeps ``sql/`` and ``expectations/`` at its top level (the project's layout),
beside ``flows/``. A wheel maps them into the package (pyproject's ``package-dir``), so an
installed newsfacts has them as ``flows/sql`` and ``flows/expectations``. A checkout, an
editable install and ``PYTHONPATH=.`` have no such folders inside ``flows/``: they read the
top-level ones. Deliberately no heavy imports here: settings, the validate stage and eval
all ask this module.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# In a checkout, the repository; in an installed wheel, site-packages (which has no sql/).
CHECKOUT_ROOT = PACKAGE_DIR.parent


def resource_dir(name: str) -> Path:
    """The installed copy of a top-level data folder if the package has one, else the
    checkout's."""
    installed = PACKAGE_DIR / name
    return installed if installed.is_dir() else CHECKOUT_ROOT / name


SQL_DIR = resource_dir("sql")
EXPECTATIONS_DIR = resource_dir("expectations")
