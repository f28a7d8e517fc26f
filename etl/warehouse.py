"""Locate, create, publish atomically and open read-only the DuckDB warehouse.

A load never writes the live file: it copies it beside itself, changes the copy,
CHECKPOINTs, closes, and swaps it in with os.replace. Readers keep the inode they
opened, so they never see half a load and never hit a lock; a crash leaves the
previous version in place.

A version that must not keep what it replaced (an erasure, a retention run, the
migration to keyed ids) is published `fresh`: the changed copy is rewritten table by
table into a new file, so no freed block of the published file still holds a removed
value, and every read link of older versions is removed. Every file is owner-only (0600).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb

from etl import identity, limits, reference, settings
from etl.private import private_files
from etl.secret import installation_secret

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


def _remove_stale_aliases(live: Path, keep: Path | None) -> None:
    for stale in live.parent.glob(f".{live.name}.r*"):
        if stale != keep:
            with contextlib.suppress(OSError):
                stale.unlink()


def remove_read_links(path: str | os.PathLike[str]) -> None:
    """Remove every per-version read link (`.NAME.r<inode>`): after a fresh publish none
    may keep a replaced version's bytes on disk. A reader that holds one open keeps
    reading it until it closes; its next open links the new version."""
    _remove_stale_aliases(Path(path).resolve(), keep=None)


SCHEMA_VERSION = 4


class SecretMismatch(RuntimeError):
    """The installation secret is not the one this warehouse's ids were keyed with."""


def apply_schema(con: duckdb.DuckDBPyConnection, secret: bytes | None = None) -> bool:
    """Create or migrate the schema; True when stored ids were re-keyed (the version must
    then be published fresh, so the old ids leave no trace in the file)."""
    rekeyed = _migrate(con, secret)
    con.execute(SCHEMA_SQL.read_text())
    con.execute(
        "INSERT OR REPLACE INTO warehouse_info VALUES ('base_currency', ?), ('schema_version', ?)",
        [settings.base_currency(), str(SCHEMA_VERSION)],
    )
    if secret is not None:
        check_secret(con, secret)
        con.execute(
            "INSERT OR REPLACE INTO warehouse_info VALUES ('secret_check', ?)",
            [identity.check_value(secret)],
        )
    reference.load_reference_tables(con)
    return rekeyed


def check_secret(con: duckdb.DuckDBPyConnection, secret: bytes) -> None:
    """Raise SecretMismatch when the warehouse's ids were keyed with another secret (a load
    would then give every known candidate a new id and count their interviews twice)."""
    row = con.execute("SELECT value FROM warehouse_info WHERE key = 'secret_check'").fetchall()
    if row and row[0][0] != identity.check_value(secret):
        raise SecretMismatch(
            "the installation secret differs from the one this warehouse was built with: "
            "restore the .insights-secret file beside it (or $INSIGHTS_SECRET) from your backup"
        )


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The warehouse's schema version (0 for an empty database)."""
    try:
        row = con.execute(
            "SELECT value FROM warehouse_info WHERE key = 'schema_version'"
        ).fetchall()
    except duckdb.CatalogException:
        return 0
    return int(row[0][0]) if row else 0


def _migrate(con: duckdb.DuckDBPyConnection, secret: bytes | None) -> bool:
    """Bring a warehouse written by an earlier schema up to date (runs on a staging copy);
    True when version 4's re-keying ran.

    Version 1 kept culture ratings in a table of their own; version 2 keeps them in
    interviews.culture and offers the same rows through the view culture_ratings.
    Version 3 adds interviews.city_raw (the city as written; `city` becomes canonical, see
    etl.cities, which re-derives stored cities when the alias list changes) and
    rejected_rows.raw_hash (a rejected record is kept once).
    Version 4 keys candidate ids with the installation secret (etl.identity): every
    stored candidate id, identified interview id and the versions, warnings and referral
    links that name them are re-keyed; candidates gain the source of their consent and
    rejected rows the headers of their personal fields and their identities' keys.
    """
    kinds = dict(
        con.execute(
            "SELECT table_name, table_type FROM information_schema.tables "
            "WHERE table_schema = 'main' AND table_catalog = current_database()"
        ).fetchall()
    )
    if "interviews" not in kinds:
        return False
    version = schema_version(con) if "warehouse_info" in kinds else 0
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
    for table, column, kind in (
        ("candidates", "consent_source", "VARCHAR"),
        ("candidates", "consent_run_id", "INTEGER"),
        ("rejected_rows", "personal_keys", "VARCHAR[]"),
        ("rejected_rows", "identity_keys", "VARCHAR[]"),
    ):
        if table in kinds and (table, column) not in columns:
            con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    if kinds.get("culture_ratings") == "BASE TABLE":
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
    if version >= 4:
        return False
    if secret is None:
        raise SecretMismatch("a warehouse of schema 3 or older needs the secret to migrate")
    _rekey(con, secret)
    return True


def _rekey(con: duckdb.DuckDBPyConnection, secret: bytes) -> None:
    """Schema 4: md5 candidate ids -> keyed ones, from each row's stored identity (the
    e-mail, E.164 phone and LinkedIn URL are stored as they were hashed), and the ids that
    derive from them. A candidate id maps one to one, so no two interviews merge."""
    identity.install(con, secret)
    new_cid = identity.candidate_id_sql("email", "phone", identity.slug_sql("linkedin_url"))
    new_iid = identity.interview_id_sql("new_cid", "interview_date", "interviewer", "role_title")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE rekey_interviews AS
            SELECT interview_id AS old_iid, candidate_id AS old_cid, {new_iid} AS new_iid, new_cid
            FROM (SELECT *, {new_cid} AS new_cid FROM interviews WHERE candidate_id IS NOT NULL)"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE rekey_candidates AS
           SELECT DISTINCT old_cid, new_cid FROM rekey_interviews"""
    )
    con.execute(
        """UPDATE interviews t SET interview_id = m.new_iid, candidate_id = m.new_cid
           FROM rekey_interviews m WHERE t.interview_id = m.old_iid"""
    )
    for table in ("interview_versions", "load_warnings"):
        con.execute(
            f"""UPDATE {table} t SET interview_id = m.new_iid
                FROM rekey_interviews m WHERE t.interview_id = m.old_iid"""
        )
    con.execute(
        """UPDATE candidates t SET candidate_id = m.new_cid
           FROM rekey_candidates m WHERE t.candidate_id = m.old_cid"""
    )
    con.execute(
        """UPDATE candidates t SET referred_by_candidate_id = m.new_cid
           FROM rekey_candidates m WHERE t.referred_by_candidate_id = m.old_cid"""
    )
    con.execute("DROP TABLE rekey_interviews")
    con.execute("DROP TABLE rekey_candidates")


@contextlib.contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """Serialise writers of one warehouse (readers never take it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def next_version(
    path: str | os.PathLike[str], *, fresh: bool = False, secret: bytes | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a writable copy of the warehouse; publish it atomically when the block succeeds.

    If the block raises (or the process dies), the copy is discarded and the published
    version is untouched. `fresh`: publish a rewrite of the copy into a new file (see the
    module's docstring), as a migration that re-keys ids does by itself. The secret is
    the installation's (etl.secret) unless given.
    """
    live = Path(path)
    key = secret if secret is not None else installation_secret(live)
    with writer_lock(live), private_files():
        # Under the lock no other writer exists: any staging file left is from a killed load.
        for pattern in (f".{live.name}.next-*", f".{live.name}.fresh-*"):
            for stale in live.parent.glob(pattern):
                _remove(stale)
        staging = live.with_name(f".{live.name}.next-{os.getpid()}")
        if live.exists():
            _private_copy(live, staging)
        con = duckdb.connect(str(staging))
        try:
            rekeyed = apply_schema(con, key)
            identity.install(con, key)
            yield con
            con.execute("CHECKPOINT")
            con.close()
            if fresh or rekeyed:
                rewritten = live.with_name(f".{live.name}.fresh-{os.getpid()}")
                try:
                    rewrite_database(staging, rewritten)
                finally:
                    _remove(staging)
                staging = rewritten
            os.chmod(staging, 0o600)
            os.replace(staging, live)
            fsync_dir(live.parent)
            if fresh or rekeyed:
                remove_read_links(live)
        except BaseException:
            with contextlib.suppress(Exception):
                con.close()
            _remove(staging)
            _remove(live.with_name(f".{live.name}.fresh-{os.getpid()}"))
            raise


def _private_copy(source: Path, target: Path) -> None:
    """Copy a file into a new 0600 file (the copy never exists with wider permissions)."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(source, "rb") as src, os.fdopen(fd, "wb") as dst:
        shutil.copyfileobj(src, dst, 16 << 20)


def rewrite_database(source: Path, target: Path) -> None:
    """Copy every table, view, sequence and macro of `source` into a new database file
    `target`: only live rows are written, so nothing `source` freed (or kept in free
    blocks) is. Also how the state's embedded store compacts itself."""
    _remove(target)
    spill = Path(tempfile.mkdtemp(prefix="insights-rewrite-"))
    con = duckdb.connect(str(target))
    try:
        con.execute(f"SET memory_limit = '{limits.memory_limit()}'")
        con.execute("SET temp_directory = " + "'" + str(spill).replace("'", "''") + "'")
        con.execute("SET enable_progress_bar = false")
        name = con.execute("SELECT current_database()").fetchall()[0][0]
        con.execute("ATTACH ? AS rewrite_source (READ_ONLY)", [str(source)])
        con.execute(f'COPY FROM DATABASE rewrite_source TO "{name}"')
        con.execute("DETACH rewrite_source")
        con.execute("CHECKPOINT")
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)


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


def fsync_dir(directory: Path) -> None:
    """Make a rename inside `directory` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
