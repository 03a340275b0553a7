"""Data versions: immutable DuckDB files in the data folder and a pointer naming the current one.

A publish builds a new file beside the current one, derives the summary tables the pages read,
checkpoints and closes it, then replaces the pointer with `os.replace` (atomic on POSIX). A failure at
any point before that leaves the served version untouched and removes the half-built file. Every
version has its own file name because DuckDB hands back an already-open database for a reused path.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import hashlib
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import duckdb
from pydantic import BaseModel

from ld_dash import privacy, schema, thresholds
from ld_dash.settings import get_settings

# No connection ever installs or loads an extension by itself: a foreign file (SQLite, say) named as a
# version would otherwise make DuckDB try to fetch one from the internet. What ld-dash needs (parquet,
# json, icu) is built in.
NO_EXTENSIONS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
VERSION_NAME = re.compile(r"^v[0-9]{8}T[0-9]{12}-[0-9a-f]{8}\.duckdb$")
POINTER_NAME = "CURRENT"
LOCK_NAME = ".publish.lock"
BUILDING_PREFIX = ".building-"
DERIVED_SQL = Path(__file__).parent / "sql" / "derived.sql"


class ImportAlreadyRunning(RuntimeError):
    """Another process is building a version in the same data folder."""


class DiskFull(RuntimeError):
    """The disk holding the data folder filled up while a version was being built; nothing was published."""


def _is_disk_full(exc: BaseException) -> bool:
    import errno

    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return True
    return isinstance(exc, duckdb.Error) and "no space left on device" in str(exc).lower()


class NoDataVersion(RuntimeError):
    """The data folder has no published version yet."""


class Version(BaseModel, frozen=True):
    name: str
    path: Path


def _data_dir(data_dir: Path | None) -> Path:
    return Path(data_dir) if data_dir is not None else get_settings().data_dir


def current_version(data_dir: Path | None = None) -> Version | None:
    """The version the pointer names, or None when nothing has been published."""
    folder = _data_dir(data_dir)
    pointer = folder / POINTER_NAME
    if not pointer.exists():
        return None
    name = _pointed_name(pointer)
    path = folder / name
    if not name or not path.exists():
        raise NoDataVersion(f"The pointer {pointer} names {name!r}, which does not exist")
    return Version(name=name, path=path)


def _pointed_name(pointer: Path) -> str:
    """The version file the pointer names; "" when it names none in this release's form.

    Whatever the pointer holds (bytes that are not UTF-8, a path, an old name) never raises here and
    never leads outside the data folder: a name is a version file's name or nothing.
    """
    try:
        with open(pointer, "rb") as handle:  # a name is short: never read a huge file whole
            name = handle.read(200).decode("utf-8", errors="replace").strip()
    except OSError:
        return ""
    return name if VERSION_NAME.match(name) else ""


def require_version(data_dir: Path | None = None) -> Version:
    version = current_version(data_dir)
    if version is None:
        raise NoDataVersion(
            f"No data in {_data_dir(data_dir)}: run `python -m ld_dash demo` or import your data"
        )
    return version


HEADER_BYTES = 3 * 4096  # DuckDB's file header and two database headers

# A version file's plain-English problem, by the DuckDB message that reveals it.
_PROBLEMS = (
    ("not a valid DuckDB database file", "is not a DuckDB database file (overwritten or damaged)"),
    ("Could not read enough bytes", "is truncated (an incomplete copy, or the disk filled up)"),
    ("checksum", "is corrupt (its checksums do not match)"),
    ("older version", "was written by an older DuckDB that this release cannot read"),
    ("newer version", "was written by a newer DuckDB than this release"),
    ("serialization", "was written by another DuckDB version that this release cannot read"),
    # DuckDB recognised another program's database (SQLite, say) and wanted an extension to read it.
    ("extension", "is not a DuckDB database file (another program's database?)"),
    ("Catalog Error", "is a DuckDB file but not an ld-dash data version (its tables are missing)"),
)


@functools.lru_cache(maxsize=64)
def _problem(path: str, size: int, mtime_ns: int) -> str | None:
    # Keyed by size and modification time too, so a file replaced under the same name is checked again.
    try:
        con = duckdb.connect(path, read_only=True, config=NO_EXTENSIONS)
        try:
            con.execute("SELECT count(*) FROM dataset_info").fetchall()
            block_size, blocks = con.execute(
                "SELECT block_size, total_blocks FROM pragma_database_size()").fetchall()[0]
        finally:
            con.close()
        # A cut-off file can still answer for its first blocks; its length gives it away (a version is
        # checkpointed and closed, so its file holds every block after the 3 header blocks).
        if size < HEADER_BYTES + block_size * blocks:
            return "is truncated (an incomplete copy, or the disk filled up)"
    except duckdb.Error as exc:
        text = str(exc)
        for marker, plain in _PROBLEMS:
            if marker.lower() in text.lower():
                return plain
        return f"cannot be opened ({text.splitlines()[0][:200]})"
    return None


def problem(version: Version) -> str | None:
    """Why a version file cannot be served, in plain words; None when it opens and reads."""
    try:
        info = version.path.stat()
    except OSError:
        return "is missing"
    return _problem(str(version.path), info.st_size, info.st_mtime_ns)


def _versions(folder: Path) -> list[Version]:
    """Every published version in the folder, newest first (names sort by their timestamp)."""
    return [Version(name=p.name, path=p) for p in sorted(folder.glob("v*.duckdb"), key=lambda p: p.name,
                                                          reverse=True)]


def serving_version(data_dir: Path | None = None) -> tuple[Version | None, str | None]:
    """The version to serve, and a warning when it is not the one the pointer names.

    A pointer to a missing file, or a current version that cannot be read (corrupt, truncated, written
    by another DuckDB), falls back to the newest older version that reads: nothing is deleted, so the
    damaged file stays for inspection and the next import publishes over it. None when nothing was ever
    published; NoDataVersion when versions exist but none can be read.
    """
    folder = _data_dir(data_dir)
    pointer = folder / POINTER_NAME
    named = _pointed_name(pointer) if pointer.exists() else ""
    versions = _versions(folder)
    if not named and not versions:
        return None, None
    current = Version(name=named, path=folder / named) if named else None
    trouble = (f"The pointer {POINTER_NAME} names no valid version" if current is None
               else f"The current data version {named} {problem(current)}" if problem(current) else None)
    if trouble is None:
        assert current is not None
        return current, None
    for candidate in versions:
        if candidate.name != named and problem(candidate) is None:
            return candidate, (f"{trouble}. Showing the previous version, {candidate.name}, instead. "
                               "Re-run the last import (or `python -m ld_dash demo`) to publish a good one.")
    raise NoDataVersion(f"{trouble}, and no earlier version can be read. Re-run the import, or "
                        "`python -m ld_dash demo` for the demo data.")


def connect(version: Version) -> duckdb.DuckDBPyConnection:
    """A read-only connection to one version; open one per version and a cursor per query."""
    return duckdb.connect(str(version.path), read_only=True, config=NO_EXTENSIONS)


@contextlib.contextmanager
def _publish_lock(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_NAME, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise ImportAlreadyRunning(
                "An import is already running on this data folder; try again when it has finished"
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _new_version_name() -> str:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    # Microseconds keep names in publish order, which `prune` relies on.
    return f"v{stamp}-{secrets.token_hex(4)}.duckdb"


def _derived_scripts() -> list[Path]:
    return [DERIVED_SQL, *sorted(DERIVED_SQL.parent.glob("*/_derived.sql"))]


def derived_fingerprint() -> str:
    """Identifies this release's summary tables and macros; stored in every version it publishes."""
    digest = hashlib.sha256(schema.ddl().encode())
    digest.update(repr(sorted(thresholds.SQL_MACROS.items())).encode())
    # The cells filtered views leave out depend on the minimum group size (a setting): a new minimum
    # makes every version stale, and serving it rebuilds them.
    digest.update(f"min_group_size={get_settings().min_group_size}".encode())
    for script in _derived_scripts():
        digest.update(script.read_bytes())
    return digest.hexdigest()[:16]


def build_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Summary tables and macros the metrics read; rebuilt at every publish.

    The shared `sql/derived.sql` runs first, then each dimension's own `sql/<slug>/_derived.sql`.
    """
    for name, value in thresholds.SQL_MACROS.items():
        # A number from ld_dash/thresholds.py (never user input), written as a SQL literal.
        con.execute(f"CREATE OR REPLACE MACRO {name}() AS {value!r}")
    _build_withheld_cells(con)
    for script in _derived_scripts():
        con.execute(script.read_text(encoding="utf-8"))
    con.execute("CREATE OR REPLACE TABLE derived_info AS SELECT ? AS fingerprint, now() AS built_at",
                [derived_fingerprint()])


def _build_withheld_cells(con: duckdb.DuckDBPyConnection) -> None:
    """The small cells that filtered views leave out (privacy.withheld_cells), for in_scope() to read."""
    people = con.execute("SELECT business_unit, region, job_level, hire_date, termination_date "
                         "FROM employees").df()
    # The earliest day a viewer can pick: a year before the first learning (comparison periods).
    first_day = con.execute(
        "SELECT CAST(coalesce((SELECT min(enrolled_on) FROM enrollments), (SELECT min(hire_date) FROM employees),"
        " current_date) - INTERVAL 1 YEAR AS DATE)").fetchone()[0]
    minimum = get_settings().min_group_size  # read once: the cells and the minimum stored beside them agree
    cells = sorted(privacy.cell_key(c) for c in privacy.withheld_cells(people, first_day, minimum))
    con.execute("CREATE OR REPLACE TABLE scope_withheld AS SELECT CAST(? AS VARCHAR[]) AS cells, ? AS minimum",
                [cells, minimum])


def needs_refresh(con: duckdb.DuckDBPyConnection) -> bool:
    """True when a version's summary tables were built by another release of ld-dash."""
    try:
        row = con.cursor().execute("SELECT fingerprint FROM derived_info").fetchone()
    except duckdb.CatalogException:
        return True
    return row is None or row[0] != derived_fingerprint()


def refresh_derived(data_dir: Path | None = None) -> Version:
    """Publish the current data again with this release's summary tables; the data itself is copied."""
    with building(data_dir, copy_current=True):
        pass
    return require_version(data_dir)


def _write_pointer(folder: Path, name: str) -> None:
    tmp = folder / f".{POINTER_NAME}.{secrets.token_hex(4)}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, folder / POINTER_NAME)
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@contextlib.contextmanager
def building(data_dir: Path | None = None, *, copy_current: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a writable connection to a new version; publish it if the block succeeds.

    With `copy_current`, the new version starts as a copy of the current one (for imports that
    replace or append to some tables only); otherwise it starts with empty canonical tables.
    """
    folder = _data_dir(data_dir)
    with _publish_lock(folder):
        _remove_leftovers(folder)
        # A damaged current version is skipped: the import builds on the version being served.
        base = serving_version(folder)[0] if copy_current else None
        name = _new_version_name()
        tmp_path = folder / f"{BUILDING_PREFIX}{name}"
        con = duckdb.connect(str(tmp_path), config=NO_EXTENSIONS)
        try:
            if base is not None:
                con.execute("ATTACH ? AS base (READ_ONLY)", [str(base.path)])
                existing = {r[0] for r in con.execute(
                    "SELECT table_name FROM duckdb_tables() WHERE database_name = 'base'").fetchall()}
                for table in schema.TABLES:
                    # This release's table, filled with the base's rows by column name: a table or a column
                    # added by a later release starts empty (NULL), one it dropped is left behind.
                    con.execute(schema.create_table_sql(table))
                    if table in existing:
                        shared = [c for c in schema.columns(table) if c in {r[0] for r in con.execute(
                            "SELECT column_name FROM duckdb_columns() WHERE database_name = 'base' AND "
                            "table_name = ?", [table]).fetchall()}]
                        names = ", ".join(shared)
                        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM base.{table}")
                con.execute("DETACH base")
            else:
                con.execute(schema.ddl())
            yield con
            build_derived(con)
            con.execute("CHECKPOINT")
            con.close()
            final_path = folder / name
            os.replace(tmp_path, final_path)
            _write_pointer(folder, name)
        except BaseException as exc:
            with contextlib.suppress(Exception):
                con.close()
            for leftover in (tmp_path, tmp_path.with_name(tmp_path.name + ".wal")):
                leftover.unlink(missing_ok=True)
            if _is_disk_full(exc):
                raise DiskFull(f"The disk holding the data folder ({folder}) is full, so the new data version "
                               "could not be written. Nothing was changed: the dashboard still shows the "
                               "previous data. Free some space and run the import again.") from exc
            raise
        prune(folder)


def sweep_leftovers(data_dir: Path | None = None) -> int:
    """At start: remove what a killed build left behind, unless an import is running right now.

    Returns the number of files removed. The next publish would sweep them too; doing it at start means
    a killed import's (possibly large) half-built file does not wait for the next import.
    """
    folder = _data_dir(data_dir)
    if not folder.is_dir():
        return 0
    before = len(list(folder.glob(BUILDING_PREFIX + "*")) + list(folder.glob(f".{POINTER_NAME}.*.tmp")))
    try:
        with _publish_lock(folder):
            _remove_leftovers(folder)
    except ImportAlreadyRunning:
        return 0
    return before


def _remove_leftovers(folder: Path) -> None:
    """Half-built files of a build that was killed (SIGKILL, power loss) before it could clean up.

    Only called while holding the publish lock, so no other build can own them.
    """
    for leftover in folder.glob(BUILDING_PREFIX + "*"):
        leftover.unlink(missing_ok=True)
    for pointer_tmp in folder.glob(f".{POINTER_NAME}.*.tmp"):
        pointer_tmp.unlink(missing_ok=True)


def prune(data_dir: Path | None = None, keep: int | None = None) -> list[Path]:
    """Delete all but the newest `keep` versions (never the current one); return what was removed."""
    folder = _data_dir(data_dir)
    keep = keep if keep is not None else get_settings().keep_versions
    current = current_version(folder)
    versions = sorted(folder.glob("v*.duckdb"), key=lambda p: p.name, reverse=True)
    removed = []
    for path in versions[keep:]:
        if current is not None and path == current.path:
            continue
        # An open reader on Linux keeps its inode; new sessions follow the pointer.
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


EMPTY_SOURCE = "empty organisation: no data imported yet"
DEMO_SOURCE_PREFIX = "demo:"


def source_of(version: Version) -> str | None:
    """Where a version's data came from (dataset_info.source): "demo: ...", "import: ...", or the empty start."""
    con = connect(version)
    try:
        rows = con.cursor().execute("SELECT source FROM dataset_info LIMIT 1").fetchall()
    finally:
        con.close()
    return str(rows[0][0]) if rows else None


def publish_empty(organisation_name: str, data_dir: Path | None = None) -> Version:
    """Publish an organisation with no rows at all: where a customer's own imports start, so that no demo
    row is ever carried into them. The as-of date is today until the first import sets it."""
    with building(data_dir) as con:
        con.execute("INSERT INTO dataset_info VALUES (current_date, ?, ?, now())", [EMPTY_SOURCE, organisation_name])
    version = current_version(data_dir)
    assert version is not None
    return version
