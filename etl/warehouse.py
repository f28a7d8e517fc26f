"""Locate, create, publish atomically and open read-only the DuckDB warehouse.

A load never writes the live file: it copies it beside itself, changes the copy,
CHECKPOINTs, closes, and swaps it in with os.replace. Readers keep the inode they
opened, so they never see half a load and never hit a lock; a crash leaves the
previous version in place.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb

from etl import reference, settings

SCHEMA_SQL = Path(__file__).with_name("schema.sql")


def version(path: str | os.PathLike[str]) -> str | None:
    """A token that changes whenever a new warehouse version is published (None if absent)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"


def open_read_only(path: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """Open the published warehouse for reading; it must exist.

    DuckDB caches database instances by file path within a process, so connecting to the
    path again after a publish would hand back the replaced version. Each published version
    is therefore opened through a hard link named after its inode (`.NAME.r<inode>`): a new
    version gets a new name and a fresh instance; links of replaced versions are removed
    (a reader still holding one keeps reading its version).
    """
    live = Path(path).resolve()
    for _attempt in range(3):
        inode = live.stat().st_ino
        alias = live.with_name(f".{live.name}.r{inode}")
        try:
            if not alias.exists():
                os.link(live, alias)
            if alias.stat().st_ino != inode:
                continue  # a publish happened in between: look again
        except FileExistsError:
            continue
        except OSError:
            return duckdb.connect(str(live), read_only=True)  # no hard links here: best effort
        _remove_stale_aliases(live, keep=alias)
        try:
            return duckdb.connect(str(alias), read_only=True)
        except duckdb.IOException:
            continue
    return duckdb.connect(str(live), read_only=True)


def _remove_stale_aliases(live: Path, keep: Path) -> None:
    for stale in live.parent.glob(f".{live.name}.r*"):
        if stale != keep:
            with contextlib.suppress(OSError):
                stale.unlink()


SCHEMA_VERSION = 3


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    _migrate(con)
    con.execute(SCHEMA_SQL.read_text())
    con.execute(
        "INSERT OR REPLACE INTO warehouse_info VALUES ('base_currency', ?), ('schema_version', ?)",
        [settings.base_currency(), str(SCHEMA_VERSION)],
    )
    reference.load_reference_tables(con)


def _migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a warehouse written by an earlier schema up to date (runs on a staging copy).

    Version 1 kept culture ratings in a table of their own; version 2 keeps them in
    interviews.culture and offers the same rows through the view culture_ratings.
    Version 3 adds interviews.city_raw (the city as written; `city` becomes canonical, see
    etl.cities, which re-derives stored cities when the alias list changes) and
    rejected_rows.raw_hash (a rejected record is kept once).
    """
    kinds = dict(
        con.execute(
            "SELECT table_name, table_type FROM information_schema.tables "
            "WHERE table_schema = 'main' AND table_catalog = current_database()"
        ).fetchall()
    )
    if "interviews" in kinds:
        columns = {
            (t, c)
            for t, c in con.execute(
                "SELECT table_name, column_name FROM duckdb_columns() "
                "WHERE database_name = current_database() AND schema_name = 'main'"
            ).fetchall()
        }
        if ("interviews", "city_raw") not in columns:
            con.execute("ALTER TABLE interviews ADD COLUMN city_raw VARCHAR")
            con.execute("UPDATE interviews SET city_raw = city WHERE city IS NOT NULL")
        if "rejected_rows" in kinds and ("rejected_rows", "raw_hash") not in columns:
            con.execute("ALTER TABLE rejected_rows ADD COLUMN raw_hash VARCHAR")
            con.execute("UPDATE rejected_rows SET raw_hash = md5(CAST(raw AS VARCHAR))")
    if kinds.get("culture_ratings") != "BASE TABLE":
        return
    con.execute(
        "ALTER TABLE interviews ADD COLUMN IF NOT EXISTS culture STRUCT(dimension VARCHAR, rating DOUBLE)[]"
    )
    con.execute(
        """UPDATE interviews i SET culture = r.culture FROM (
               SELECT interview_id, list({'dimension': dimension, 'rating': rating} ORDER BY dimension) AS culture
               FROM culture_ratings GROUP BY interview_id
           ) r WHERE r.interview_id = i.interview_id"""
    )
    con.execute("DROP VIEW IF EXISTS culture_facts")
    con.execute("DROP TABLE culture_ratings")


@contextlib.contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """Serialise writers of one warehouse (readers never take it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def next_version(path: str | os.PathLike[str]) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a writable copy of the warehouse; publish it atomically when the block succeeds.

    If the block raises (or the process dies), the copy is discarded and the published
    version is untouched.
    """
    live = Path(path)
    with writer_lock(live):
        # Under the lock no other writer exists: any staging file left is from a killed load.
        for stale in live.parent.glob(f".{live.name}.next-*"):
            _remove(stale)
        staging = live.with_name(f".{live.name}.next-{os.getpid()}")
        if live.exists():
            shutil.copyfile(live, staging)
        con = duckdb.connect(str(staging))
        try:
            apply_schema(con)
            yield con
            con.execute("CHECKPOINT")
            con.close()
            os.replace(staging, live)
            _fsync_dir(live.parent)
        except BaseException:
            with contextlib.suppress(Exception):
                con.close()
            _remove(staging)
            raise


def ensure_exists(path: str | os.PathLike[str]) -> Path:
    """Create an empty, schema-complete warehouse when there is none."""
    live = Path(path)
    if not live.exists():
        with next_version(live):
            pass
    return live


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
