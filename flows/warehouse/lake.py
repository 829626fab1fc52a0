"""DuckLake: where the published warehouse lives, and how a DuckDB connection reaches it.

Layout under the warehouse folder (the default, embedded: nothing to start):
``catalog.sqlite`` (DuckLake's catalog in SQLite, so readers attach while a run writes)
and ``data/`` (the tables' Parquet files). A team points ``catalog`` at PostgreSQL
(``postgres:dbname=... host=...``) and ``data_path`` at a shared folder instead.

The DuckLake, SQLite and PostgreSQL extensions come from pinned wheels
(``duckdb-extension-*``) and are loaded by path, their signatures checked; automatic
install and load are switched off, so nothing is ever downloaded.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

LAKE_ALIAS = "lake"
CATALOG_FILE = "catalog.sqlite"
DATA_FOLDER = "data"
# Small inserts would otherwise be kept inside the catalog database ("data inlining");
# the contract promises Parquet files a reader can find under data/.
INLINING_ROW_LIMIT = 0

# wheel package -> (file in it, the name DuckDB must load it under). DuckDB derives an
# extension's entry point from its file name, and the SQLite extension's is
# ``sqlite_scanner`` while the wheel ships it as ``sqlite.duckdb_extension``.
_EXTENSIONS = {
    "ducklake": ("duckdb_extension_ducklake", "ducklake"),
    "sqlite": ("duckdb_extension_sqlite", "sqlite_scanner"),
    "postgres": ("duckdb_extension_postgres", "postgres_scanner"),
}


class ExtensionMissing(RuntimeError):
    """A pinned extension wheel is not installed (run ``make setup``)."""


@dataclass(frozen=True)
class LakeLocation:
    """Where a warehouse's DuckLake catalog and data files are."""

    catalog: str  # "sqlite:<file>" or "postgres:<libpq connection string>"
    data_path: str
    # The catalog records the data path it was created with (absolute). When the data live
    # in the warehouse folder, the folder is the unit: copied or moved, it still opens, its
    # data path taken from where the folder is now (DuckLake's override_data_path).
    data_in_folder: bool = False

    @classmethod
    def in_folder(
        cls, warehouse: str | Path, catalog: str | None = None, data_path: str | None = None
    ) -> LakeLocation:
        root = Path(warehouse).absolute()
        return cls(
            catalog=catalog or f"sqlite:{root / CATALOG_FILE}",
            data_path=data_path or f"{root / DATA_FOLDER}/",
            data_in_folder=data_path is None,
        )

    @property
    def backend(self) -> str:
        return self.catalog.split(":", 1)[0]

    def exists(self) -> bool:
        """Whether a catalog is there to attach (a PostgreSQL catalog is assumed to be)."""
        if self.backend == "sqlite":
            return Path(self.catalog.split(":", 1)[1]).exists()
        return True


def extension_file(name: str) -> Path:
    """The loadable file of a pinned extension (``ducklake``, ``sqlite`` or ``postgres``)."""
    package, load_name = _EXTENSIONS[name]
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ExtensionMissing(
            f"the DuckDB {name} extension is not installed (package {package}); run `make setup`"
        )
    version = duckdb.__version__
    shipped = Path(next(iter(spec.submodule_search_locations))) / "extensions" / f"v{version}"
    files = sorted(shipped.glob("*.duckdb_extension"))
    if not files:
        raise ExtensionMissing(
            f"{package} has no extension built for duckdb {version} in {shipped}"
        )
    if files[0].stem == load_name:
        return files[0]
    return _renamed_link(files[0], load_name, version)


def _renamed_link(target: Path, load_name: str, version: str) -> Path:
    """A symbolic link named as DuckDB wants, in a per-user cache (no copy of the binary)."""
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    for base in (Path(cache_home), Path(tempfile.gettempdir())):
        folder = base / "newsfacts" / "duckdb-extensions" / f"v{version}"
        link = folder / f"{load_name}.duckdb_extension"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if link.is_symlink() and Path(os.readlink(link)) == target:
                return link
            temporary = folder / f".{load_name}.{os.getpid()}.tmp"
            temporary.unlink(missing_ok=True)
            temporary.symlink_to(target)
            os.replace(temporary, link)  # atomic: concurrent processes agree
            return link
        except OSError:
            continue
    raise ExtensionMissing(f"cannot place a link to {target} in a cache folder")


def load_extensions(con: duckdb.DuckDBPyConnection, backend: str = "sqlite") -> None:
    """Load DuckLake and the catalog backend's extension into ``con`` by path."""
    con.execute("set autoinstall_known_extensions = false")
    con.execute("set autoload_known_extensions = false")
    for name in ("ducklake", backend):
        con.load_extension(str(extension_file(name)))  # LOAD by path, the path not in SQL text


def attach_sql(
    location: LakeLocation,
    read_only: bool = False,
    snapshot_version: int | None = None,
    alias: str = LAKE_ALIAS,
) -> str:
    """The ATTACH statement for the lake (also what the DuckDB CLI recipe runs)."""
    options = [
        f"data_path '{_quoted(location.data_path)}'",
        f"data_inlining_row_limit {INLINING_ROW_LIMIT}",
    ]
    if location.data_in_folder:
        options.append("override_data_path true")
    if location.backend == "sqlite":
        # In SQLite's default journal mode a reader that left a result half-read holds the
        # catalog's read lock and the run's commit fails ("database is locked", measured);
        # with write-ahead logging readers never block the writer.
        options.append("meta_journal_mode 'WAL'")
    if read_only:
        options.append("read_only")
    if snapshot_version is not None:
        options.append(f"snapshot_version {int(snapshot_version)}")
    return f"attach 'ducklake:{_quoted(location.catalog)}' as {alias} ({', '.join(options)})"


def attach(
    con: duckdb.DuckDBPyConnection,
    location: LakeLocation,
    read_only: bool = False,
    snapshot_version: int | None = None,
) -> None:
    """Attach the lake to ``con`` and make it the default catalog: plain names resolve to it."""
    load_extensions(con, location.backend)
    if location.backend == "sqlite" and not read_only:
        Path(location.catalog.split(":", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    if not read_only and "://" not in location.data_path:
        Path(location.data_path).mkdir(parents=True, exist_ok=True)
    con.execute(attach_sql(location, read_only, snapshot_version))
    con.execute("use lake")  # LAKE_ALIAS: SQL statements are constant text


def _quoted(text: str) -> str:
    return text.replace("'", "''")
