"""The recruiters' workspace: user-owned state kept beside the warehouse, never inside it.

Shortlists (with an owner, and a stage and note per candidate), saved searches,
pool-status changes, tag edits and the audit log live in their own DuckDB file
(``$INSIGHTS_WORKSPACE``, else ``workspace.duckdb`` next to the warehouse). An ETL load
replaces the warehouse file with ``os.replace``; it never touches this file, so a load can
neither overwrite nor lose a recruiter's work, and it never waits for the app.

Every operation opens the file, does its work in one transaction and closes it again,
so the dashboard and the CLI can both use it; a briefly locked file is retried. The
functions below are the whole interface: nothing else runs SQL against the workspace.
Edits that could collide carry the version the editor saw (``expected_version``): a
stale edit is refused with :class:`StaleEdit`, never silently overwritten.
Reads hand small Arrow tables to the pool query, which joins them to the pool index
inside DuckDB (see :func:`overlay`).

Schema versions (``workspace_info.schema_version``): 1 = shortlists keyed by name;
2 = shortlists with an id, owner, updated_at/by and version, members with a stage, note,
updated_at/by and version. A version-1 file is migrated the first time it is opened.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import secrets
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from etl import settings
from etl.canonical import POOL_STATUS

WORKSPACE_ENV = "INSIGHTS_WORKSPACE"
WORKSPACE_FILE = "workspace.duckdb"
SCHEMA_VERSION = "2"

# A candidate's stage on one shortlist (independent of their pool status).
STAGES = (
    "to_contact",
    "contacted",
    "replied",
    "interested",
    "submitted",
    "not_interested",
    "not_a_fit",
)
STAGE_LABELS = {
    "to_contact": "To contact",
    "contacted": "Contacted",
    "replied": "Replied",
    "interested": "Interested",
    "submitted": "Submitted to hiring team",
    "not_interested": "Not interested",
    "not_a_fit": "Not a fit",
}
FIRST_STAGE = STAGES[0]
NOTE_MAX = 4000

SCHEMA = """
CREATE SEQUENCE IF NOT EXISTS status_change_seq;
CREATE SEQUENCE IF NOT EXISTS audit_seq;
CREATE TABLE IF NOT EXISTS workspace_info (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS saved_searches (
    name        VARCHAR PRIMARY KEY,
    query       VARCHAR NOT NULL,              -- URL query string of the pool filters
    created_by  VARCHAR,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS pool_status_changes (
    change_id    BIGINT PRIMARY KEY DEFAULT nextval('status_change_seq'),
    candidate_id VARCHAR NOT NULL,
    old_status   VARCHAR,
    new_status   VARCHAR NOT NULL,
    changed_by   VARCHAR,
    changed_at   TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS candidate_tags (
    candidate_id VARCHAR NOT NULL,
    tag          VARCHAR NOT NULL,             -- trimmed, lower case
    state        VARCHAR NOT NULL CHECK (state IN ('added', 'removed')),
    changed_by   VARCHAR,
    changed_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (candidate_id, tag)
);
CREATE TABLE IF NOT EXISTS audit_log (
    event_id     BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
    event_at     TIMESTAMP NOT NULL,
    actor        VARCHAR,
    action       VARCHAR NOT NULL,
    candidate_id VARCHAR,
    detail       JSON
);
"""

# Version 2 shortlists. Names are unique case-insensitively (checked on write: DuckDB
# indexes and updates of indexed columns do not mix well, so the name is not indexed).
SHORTLIST_TABLES = """
CREATE TABLE IF NOT EXISTS shortlists (
    shortlist_id VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    owner        VARCHAR,                      -- who made it: the signed-in user (or demo name)
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    updated_by   VARCHAR,
    version      INTEGER NOT NULL              -- +1 on every change to the list or its members
);
CREATE TABLE IF NOT EXISTS shortlist_members (
    shortlist_id VARCHAR NOT NULL,
    candidate_id VARCHAR NOT NULL,
    stage        VARCHAR NOT NULL,
    note         VARCHAR,
    added_by     VARCHAR,
    added_at     TIMESTAMP NOT NULL,
    updated_by   VARCHAR,
    updated_at   TIMESTAMP NOT NULL,
    version      INTEGER NOT NULL,             -- +1 on every edit of this member's stage or note
    PRIMARY KEY (shortlist_id, candidate_id)
);
"""

# Version 1 -> 2: shortlists get an id (derived from the old name), an owner (the old
# created_by) and versions; members get the first stage and no note.
MIGRATE_1_TO_2 = """
ALTER TABLE shortlists RENAME TO shortlists_v1;
ALTER TABLE shortlist_members RENAME TO shortlist_members_v1;
"""
MIGRATE_1_TO_2_COPY = """
INSERT INTO shortlists
    SELECT 'sl_' || substr(md5(name), 1, 12), name, created_by, created_at, created_at,
           created_by, 1
    FROM shortlists_v1;
INSERT INTO shortlist_members
    SELECT 'sl_' || substr(md5(m.shortlist), 1, 12), m.candidate_id, 'to_contact', NULL,
           m.added_by, m.added_at, m.added_by, m.added_at, 1
    FROM shortlist_members_v1 m JOIN shortlists_v1 s ON s.name = m.shortlist;
DROP TABLE shortlist_members_v1;
DROP TABLE shortlists_v1;
"""

# One in-process lock: DuckDB allows a single read-write opener per file, and the
# dashboard serves many sessions from threads of one process.
_LOCK = threading.RLock()
_LOCKED_MESSAGES = ("lock", "conflicting", "already open", "being used")


class WorkspaceError(ValueError):
    """A workspace operation was refused (unknown shortlist, bad name, ...)."""


class StaleEdit(WorkspaceError):
    """Someone changed the thing since the editor read it; nothing was saved."""


def workspace_path(warehouse: str | os.PathLike[str] | None = None) -> Path:
    """``$INSIGHTS_WORKSPACE``, else ``workspace.duckdb`` in the warehouse's directory."""
    env = os.environ.get(WORKSPACE_ENV)
    if env:
        return Path(env)
    return settings.db_path(warehouse).parent / WORKSPACE_FILE


def now() -> dt.datetime:
    """Current time in UTC, without tzinfo (how the workspace stores every timestamp)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def version(path: str | os.PathLike[str]) -> str:
    """A token that changes whenever the workspace file changes (for cache keys)."""
    parts = []
    for p in (Path(path), Path(f"{path}.wal")):
        try:
            st = p.stat()
        except FileNotFoundError:
            parts.append("-")
            continue
        parts.append(f"{st.st_mtime_ns}:{st.st_size}")
    return "|".join(parts)


@contextlib.contextmanager
def session(
    path: str | os.PathLike[str], *, timeout: float = 5.0
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the workspace (creating it), yield a connection inside a transaction, close.

    The transaction commits when the block succeeds and rolls back when it raises. A
    file locked by another process (the CLI, a second app server) is retried for
    ``timeout`` seconds.
    """
    target = Path(path)
    with _LOCK:
        con = _connect(target, timeout)
        try:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        finally:
            con.close()


def _connect(path: Path, timeout: float) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    delay = 0.02
    while True:
        try:
            con = duckdb.connect(str(path))
            break
        except duckdb.IOException as exc:  # another process holds the write lock
            if time.monotonic() >= deadline or not _is_lock_error(exc):
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.25)
    try:
        _ensure_schema(con)
    except BaseException:
        con.close()
        raise
    return con


def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables of a new file, or migrate an older file to SCHEMA_VERSION."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(SCHEMA)
        rows = con.execute(
            "SELECT value FROM workspace_info WHERE key = 'schema_version'"
        ).fetchall()
        found = rows[0][0] if rows else None
        if found is None:  # a new file, or one made before versions were recorded
            found = "1" if _has_v1_shortlists(con) else SCHEMA_VERSION
        if int(found) > int(SCHEMA_VERSION):
            raise WorkspaceError(
                f"The workspace file has schema version {found}; this version of the app "
                f"understands up to {SCHEMA_VERSION}. Upgrade the app."
            )
        if found == "1":
            if _has_v1_shortlists(con):
                con.execute(MIGRATE_1_TO_2)
                con.execute(SHORTLIST_TABLES)
                con.execute(MIGRATE_1_TO_2_COPY)
            found = "2"
        con.execute(SHORTLIST_TABLES)
        con.execute(
            "INSERT INTO workspace_info VALUES ('schema_version', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [found],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _has_v1_shortlists(con: duckdb.DuckDBPyConnection) -> bool:
    rows = con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'shortlists' "
        "AND column_name = 'created_by' AND database_name = current_database()"
    ).fetchall()
    return bool(rows and rows[0][0])


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return any(word in text for word in _LOCKED_MESSAGES)


def audit(
    con: duckdb.DuckDBPyConnection,
    actor: str | None,
    action: str,
    candidate_id: str | None = None,
    **detail: Any,
) -> None:
    """Append one event to the audit log (inside the caller's transaction)."""
    con.execute(
        "INSERT INTO audit_log (event_at, actor, action, candidate_id, detail) VALUES (?, ?, ?, ?, ?)",
        [now(), actor, action, candidate_id, json.dumps(detail, default=str, sort_keys=True)],
    )


def log_event(
    path: str | os.PathLike[str],
    actor: str | None,
    action: str,
    candidate_id: str | None = None,
    **detail: Any,
) -> None:
    """Record an event that changes nothing else (an export, a profile view)."""
    with session(path) as con:
        audit(con, actor, action, candidate_id, **detail)


# --- names and tags -------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def clean_name(name: str) -> str:
    """A shortlist or saved-search name: trimmed, inner whitespace collapsed, 1-80 chars."""
    cleaned = _SPACES.sub(" ", name or "").strip()
    if not cleaned:
        raise WorkspaceError("A name is required.")
    if len(cleaned) > 80:
        raise WorkspaceError("Names are at most 80 characters.")
    return cleaned


def clean_tag(tag: str) -> str:
    """Tags compare case-insensitively: trimmed, whitespace collapsed, lower case."""
    return _SPACES.sub(" ", tag or "").strip().lower()


# --- shortlists ---------------------------------------------------------------------


@dataclass(frozen=True)
class Shortlist:
    shortlist_id: str
    name: str
    owner: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    updated_by: str | None
    version: int
    size: int


@dataclass(frozen=True)
class Member:
    shortlist_id: str
    candidate_id: str
    stage: str
    note: str | None
    added_by: str | None
    added_at: dt.datetime
    updated_by: str | None
    updated_at: dt.datetime
    version: int


_LIST_COLUMNS = (
    "s.shortlist_id, s.name, s.owner, s.created_at, s.updated_at, s.updated_by, s.version, "
    "(SELECT count(*) FROM shortlist_members m WHERE m.shortlist_id = s.shortlist_id)"
)
_MEMBER_COLUMNS = (
    "shortlist_id, candidate_id, stage, note, added_by, added_at, updated_by, updated_at, version"
)


def _list_row(con: duckdb.DuckDBPyConnection, shortlist_id: str) -> Shortlist:
    rows = con.execute(
        f"SELECT {_LIST_COLUMNS} FROM shortlists s WHERE s.shortlist_id = ?",  # noqa: S608 (constant columns)
        [shortlist_id],
    ).fetchall()
    if not rows:
        raise WorkspaceError("That shortlist no longer exists (someone deleted it).")
    return Shortlist(*rows[0])


def _check_version(found: Shortlist, expected: int | None) -> None:
    if expected is not None and found.version != expected:
        who = f" by {found.updated_by}" if found.updated_by else ""
        raise StaleEdit(
            f"“{found.name}” was changed{who} at {found.updated_at:%Y-%m-%d %H:%M} UTC since "
            "you opened it; nothing was saved. Look at it again and redo your change."
        )


def _name_taken(con: duckdb.DuckDBPyConnection, name: str, but: str | None = None) -> None:
    rows = con.execute(
        "SELECT name, owner FROM shortlists WHERE lower(name) = lower(?) AND shortlist_id IS DISTINCT FROM ?",
        [name, but],
    ).fetchall()
    if rows:
        owner = f" (owner: {rows[0][1]})" if rows[0][1] else ""
        raise WorkspaceError(f"A shortlist named “{rows[0][0]}” already exists{owner}.")


def _touch(con: duckdb.DuckDBPyConnection, shortlist_id: str, actor: str | None) -> None:
    con.execute(
        "UPDATE shortlists SET version = version + 1, updated_at = ?, updated_by = ? "
        "WHERE shortlist_id = ?",
        [now(), actor, shortlist_id],
    )


def create_shortlist(path: str | os.PathLike[str], name: str, *, actor: str | None) -> Shortlist:
    """A new, empty shortlist owned by ``actor``; refused when the name is taken."""
    clean = clean_name(name)
    with session(path) as con:
        _name_taken(con, clean)
        shortlist_id = "sl_" + secrets.token_hex(6)
        at = now()
        con.execute(
            "INSERT INTO shortlists VALUES (?, ?, ?, ?, ?, ?, 1)",
            [shortlist_id, clean, actor, at, at, actor],
        )
        audit(con, actor, "shortlist_create", None, shortlist_id=shortlist_id, name=clean)
        return _list_row(con, shortlist_id)


def rename_shortlist(
    path: str | os.PathLike[str],
    shortlist_id: str,
    new_name: str,
    *,
    actor: str | None,
    expected_version: int | None = None,
) -> Shortlist:
    """Rename a shortlist (refused if the name is taken or the list changed meanwhile)."""
    clean = clean_name(new_name)
    with session(path) as con:
        found = _list_row(con, shortlist_id)
        _check_version(found, expected_version)
        if clean == found.name:
            return found
        _name_taken(con, clean, but=shortlist_id)
        con.execute("UPDATE shortlists SET name = ? WHERE shortlist_id = ?", [clean, shortlist_id])
        _touch(con, shortlist_id, actor)
        audit(
            con,
            actor,
            "shortlist_rename",
            None,
            shortlist_id=shortlist_id,
            old=found.name,
            new=clean,
        )
        return _list_row(con, shortlist_id)


def delete_shortlist(
    path: str | os.PathLike[str],
    shortlist_id: str,
    *,
    actor: str | None,
    expected_version: int | None = None,
) -> Shortlist:
    """Delete a shortlist with its members' stages and notes; returns what was deleted."""
    with session(path) as con:
        found = _list_row(con, shortlist_id)
        _check_version(found, expected_version)
        con.execute("DELETE FROM shortlist_members WHERE shortlist_id = ?", [shortlist_id])
        con.execute("DELETE FROM shortlists WHERE shortlist_id = ?", [shortlist_id])
        audit(
            con,
            actor,
            "shortlist_delete",
            None,
            shortlist_id=shortlist_id,
            name=found.name,
            members=found.size,
        )
        return found


def add_to_shortlist(
    path: str | os.PathLike[str],
    shortlist_id: str,
    candidate_ids: Iterable[str],
    *,
    actor: str | None,
) -> int:
    """Add candidates (stage "to contact"); returns how many were new on the list."""
    ids = sorted({c for c in candidate_ids if c})
    with session(path) as con:
        found = _list_row(con, shortlist_id)
        at = now()
        before = found.size
        if ids:
            con.execute(
                "INSERT OR IGNORE INTO shortlist_members "
                "SELECT ?, unnest(?::VARCHAR[]), ?, NULL, ?, ?, ?, ?, 1",
                [shortlist_id, ids, FIRST_STAGE, actor, at, actor, at],
            )
        added = _list_row(con, shortlist_id).size - before
        if added:
            _touch(con, shortlist_id, actor)
        audit(
            con,
            actor,
            "shortlist_add",
            None,
            shortlist_id=shortlist_id,
            candidates=ids,
            added=added,
        )
    return added


def remove_from_shortlist(
    path: str | os.PathLike[str],
    shortlist_id: str,
    candidate_ids: Iterable[str],
    *,
    actor: str | None,
) -> int:
    """Remove candidates from a shortlist; returns how many were removed."""
    ids = sorted({c for c in candidate_ids if c})
    with session(path) as con:
        before = _list_row(con, shortlist_id).size
        if ids:
            con.execute(
                "DELETE FROM shortlist_members WHERE shortlist_id = ? AND list_contains(?, candidate_id)",
                [shortlist_id, ids],
            )
        removed = before - _list_row(con, shortlist_id).size
        if removed:
            _touch(con, shortlist_id, actor)
        audit(
            con,
            actor,
            "shortlist_remove",
            None,
            shortlist_id=shortlist_id,
            candidates=ids,
            removed=removed,
        )
    return removed


_UNSET: Any = object()


def update_member(
    path: str | os.PathLike[str],
    shortlist_id: str,
    candidate_id: str,
    *,
    actor: str | None,
    stage: str = _UNSET,
    note: str | None = _UNSET,
    expected_version: int | None = None,
) -> Member:
    """Set a member's stage and/or note. ``expected_version`` is the member's version the
    editor saw: if someone saved in between, :class:`StaleEdit` and nothing changes."""
    changes: dict[str, Any] = {}
    if stage is not _UNSET:
        if stage not in STAGES:
            raise WorkspaceError(f"Unknown stage {stage!r}.")
        changes["stage"] = stage
    if note is not _UNSET:
        text = (note or "").strip()
        if len(text) > NOTE_MAX:
            raise WorkspaceError(f"Notes are at most {NOTE_MAX} characters.")
        changes["note"] = text or None
    with session(path) as con:
        found = _list_row(con, shortlist_id)
        member = _member(con, shortlist_id, candidate_id)
        if member is None:
            raise WorkspaceError(f"That candidate is no longer on “{found.name}”.")
        if expected_version is not None and member.version != expected_version:
            who = f" by {member.updated_by}" if member.updated_by else ""
            raise StaleEdit(
                f"This candidate's stage or note on “{found.name}” was changed{who} at "
                f"{member.updated_at:%Y-%m-%d %H:%M} UTC since you opened it; your edit was not "
                "saved. Look at it again and redo your change."
            )
        changes = {k: v for k, v in changes.items() if getattr(member, k) != v}
        if not changes:
            return member
        at = now()
        sets = ", ".join(f"{column} = ?" for column in changes)  # column names are constants
        con.execute(
            f"UPDATE shortlist_members SET {sets}, updated_by = ?, updated_at = ?, "  # noqa: S608 (constant column names)
            "version = version + 1 WHERE shortlist_id = ? AND candidate_id = ?",
            [*changes.values(), actor, at, shortlist_id, candidate_id],
        )
        _touch(con, shortlist_id, actor)
        audit(
            con,
            actor,
            "shortlist_member",
            candidate_id,
            shortlist_id=shortlist_id,
            fields=sorted(changes),
            stage=changes.get("stage"),
        )
        updated = _member(con, shortlist_id, candidate_id)
        assert updated is not None
        return updated


def _member(con: duckdb.DuckDBPyConnection, shortlist_id: str, candidate_id: str) -> Member | None:
    rows = con.execute(
        f"SELECT {_MEMBER_COLUMNS} FROM shortlist_members WHERE shortlist_id = ? AND candidate_id = ?",  # noqa: S608 (constant columns)
        [shortlist_id, candidate_id],
    ).fetchall()
    return Member(*rows[0]) if rows else None


def list_shortlists(path: str | os.PathLike[str]) -> list[Shortlist]:
    """Every shortlist, alphabetical (case-insensitively)."""
    if not Path(path).exists():
        return []
    with session(path) as con:
        rows = con.execute(
            f"SELECT {_LIST_COLUMNS} FROM shortlists s ORDER BY lower(s.name), s.shortlist_id"  # noqa: S608 (constant columns)
        ).fetchall()
    return [Shortlist(*r) for r in rows]


def find_shortlist(path: str | os.PathLike[str], ref: str) -> Shortlist | None:
    """A shortlist by id, else by name (case-insensitively)."""
    for found in list_shortlists(path):
        if found.shortlist_id == ref:
            return found
    wanted = _SPACES.sub(" ", ref or "").strip().lower()
    return next((s for s in list_shortlists(path) if s.name.lower() == wanted), None)


def shortlist_members(path: str | os.PathLike[str], shortlist_id: str) -> list[Member]:
    """The members of a shortlist, in the order they were added."""
    if not Path(path).exists():
        return []
    with session(path) as con:
        rows = con.execute(
            f"SELECT {_MEMBER_COLUMNS} FROM shortlist_members WHERE shortlist_id = ? "  # noqa: S608 (constant columns)
            "ORDER BY added_at, candidate_id",
            [shortlist_id],
        ).fetchall()
    return [Member(*r) for r in rows]


def shortlists_of(path: str | os.PathLike[str], candidate_id: str) -> list[dict[str, Any]]:
    """The shortlists one candidate is on: shortlist_id, name, owner, stage, note, added_by,
    added_at, version (the member's)."""
    if not Path(path).exists():
        return []
    with session(path) as con:
        rows = con.execute(
            "SELECT s.shortlist_id, s.name, s.owner, m.stage, m.note, m.added_by, m.added_at, "
            "m.version FROM shortlist_members m JOIN shortlists s USING (shortlist_id) "
            "WHERE m.candidate_id = ? ORDER BY lower(s.name)",
            [candidate_id],
        ).fetchall()
    keys = ("shortlist_id", "name", "owner", "stage", "note", "added_by", "added_at", "version")
    return [dict(zip(keys, r, strict=True)) for r in rows]


# --- saved searches -------------------------------------------------------------------


def save_search(path: str | os.PathLike[str], name: str, query: str, *, actor: str | None) -> None:
    """Save (or overwrite) a named search; ``query`` is the filters' URL query string."""
    clean = clean_name(name)
    with session(path) as con:
        at = now()
        con.execute(
            "INSERT INTO saved_searches VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET query = excluded.query, updated_at = excluded.updated_at",
            [clean, query, actor, at, at],
        )
        audit(con, actor, "search_save", None, name=clean, query=query)


def saved_searches(path: str | os.PathLike[str]) -> dict[str, str]:
    """Every saved search: name -> URL query string, alphabetical."""
    if not Path(path).exists():
        return {}
    with session(path) as con:
        rows = con.execute("SELECT name, query FROM saved_searches ORDER BY lower(name)").fetchall()
    return {r[0]: r[1] for r in rows}


def delete_search(path: str | os.PathLike[str], name: str, *, actor: str | None) -> None:
    with session(path) as con:
        con.execute("DELETE FROM saved_searches WHERE name = ?", [name])
        audit(con, actor, "search_delete", None, name=name)


# --- pool status and tags -------------------------------------------------------------


def set_pool_status(
    path: str | os.PathLike[str],
    candidate_id: str,
    new_status: str,
    *,
    current_status: str | None,
    actor: str | None,
) -> bool:
    """Record a pool-status change (old = the status the user saw); False if unchanged."""
    if new_status not in POOL_STATUS:
        raise WorkspaceError(f"Unknown pool status {new_status!r}.")
    if new_status == current_status:
        return False
    with session(path) as con:
        con.execute(
            "INSERT INTO pool_status_changes "
            "(candidate_id, old_status, new_status, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)",
            [candidate_id, current_status, new_status, actor, now()],
        )
        audit(con, actor, "pool_status", candidate_id, old=current_status, new=new_status)
    return True


def set_pool_statuses(
    path: str | os.PathLike[str],
    current: dict[str, str | None],
    new_status: str,
    *,
    actor: str | None,
) -> int:
    """Record one pool-status change for many candidates at once (``current``: id -> the
    status the user saw); returns how many changed (those already at it are skipped)."""
    if new_status not in POOL_STATUS:
        raise WorkspaceError(f"Unknown pool status {new_status!r}.")
    changes = {cid: old for cid, old in current.items() if cid and old != new_status}
    if not changes:
        return 0
    with session(path) as con:
        at = now()
        for cid, old in sorted(changes.items()):
            con.execute(
                "INSERT INTO pool_status_changes "
                "(candidate_id, old_status, new_status, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)",
                [cid, old, new_status, actor, at],
            )
            audit(con, actor, "pool_status", cid, old=old, new=new_status)
    return len(changes)


def status_history(path: str | os.PathLike[str], candidate_id: str) -> list[dict[str, Any]]:
    """Every workspace pool-status change of one candidate, oldest first."""
    if not Path(path).exists():
        return []
    with session(path) as con:
        rows = con.execute(
            "SELECT changed_at, changed_by, old_status, new_status FROM pool_status_changes "
            "WHERE candidate_id = ? ORDER BY change_id",
            [candidate_id],
        ).fetchall()
    keys = ("changed_at", "changed_by", "old_status", "new_status")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def set_tags(
    path: str | os.PathLike[str],
    candidate_id: str,
    tags: Iterable[str],
    *,
    current_tags: Iterable[str],
    actor: str | None,
) -> tuple[list[str], list[str]]:
    """Make a candidate's effective tags ``tags``; returns (added, removed).

    Edits are stored as per-tag deltas over the warehouse tags, so a tag a later load
    brings in still appears unless a user removed that very tag.
    """
    wanted = {t for t in (clean_tag(x) for x in tags) if t}
    current = {t for t in (clean_tag(x) for x in current_tags) if t}
    added, removed = sorted(wanted - current), sorted(current - wanted)
    if not added and not removed:
        return [], []
    with session(path) as con:
        at = now()
        for tag, state in [*((t, "added") for t in added), *((t, "removed") for t in removed)]:
            con.execute(
                "INSERT INTO candidate_tags VALUES (?, ?, ?, ?, ?) ON CONFLICT (candidate_id, tag) "
                "DO UPDATE SET state = excluded.state, changed_by = excluded.changed_by, "
                "changed_at = excluded.changed_at",
                [candidate_id, tag, state, actor, at],
            )
        audit(con, actor, "tags", candidate_id, added=added, removed=removed)
    return added, removed


def audit_events(path: str | os.PathLike[str], *, limit: int = 100) -> list[dict[str, Any]]:
    """The most recent audit events, newest first."""
    if not Path(path).exists():
        return []
    with session(path) as con:
        rows = con.execute(
            "SELECT event_id, event_at, actor, action, candidate_id, detail FROM audit_log "
            "ORDER BY event_id DESC LIMIT ?",
            [limit],
        ).fetchall()
    keys = ("event_id", "event_at", "actor", "action", "candidate_id", "detail")
    return [dict(zip(keys, r, strict=True)) for r in rows]


# --- the overlay the pool query joins to the warehouse ---------------------------------


@dataclass(frozen=True)
class Overlay:
    """Workspace state as Arrow tables, registered as views on a warehouse cursor.

    ``ws_status(candidate_id, pool_status)``: the latest change per candidate;
    ``ws_tags(candidate_id, tag, state)``; ``ws_members`` (one shortlist's members with
    their stage, note, added_by, added_at and version).
    """

    status: pa.Table
    tags: pa.Table
    members: pa.Table

    def register(self, con: duckdb.DuckDBPyConnection) -> None:
        con.register("ws_status", self.status)
        con.register("ws_tags", self.tags)
        con.register("ws_members", self.members)


_STATUS_SCHEMA = pa.schema([("candidate_id", pa.string()), ("pool_status", pa.string())])
_TAGS_SCHEMA = pa.schema(
    [("candidate_id", pa.string()), ("tag", pa.string()), ("state", pa.string())]
)
_MEMBERS_SCHEMA = pa.schema(
    [
        ("shortlist_id", pa.string()),
        ("candidate_id", pa.string()),
        ("stage", pa.string()),
        ("note", pa.string()),
        ("added_by", pa.string()),
        ("added_at", pa.timestamp("us")),
        ("member_version", pa.int64()),
    ]
)


def empty_overlay() -> Overlay:
    return Overlay(
        _STATUS_SCHEMA.empty_table(), _TAGS_SCHEMA.empty_table(), _MEMBERS_SCHEMA.empty_table()
    )


def overlay(path: str | os.PathLike[str], shortlist_id: str | None = None) -> Overlay:
    """Read the workspace state the pool query needs (members of one shortlist only)."""
    if not Path(path).exists():
        return empty_overlay()
    with session(path) as con:
        status: pa.Table = con.sql(
            "SELECT candidate_id, arg_max(new_status, change_id) AS pool_status "
            "FROM pool_status_changes GROUP BY candidate_id"
        ).to_arrow_table()
        tags: pa.Table = con.sql(
            "SELECT candidate_id, tag, state FROM candidate_tags"
        ).to_arrow_table()
        members: pa.Table = con.sql(
            "SELECT shortlist_id, candidate_id, stage, note, added_by, added_at, "
            "version AS member_version FROM shortlist_members WHERE shortlist_id = ?",
            params=[shortlist_id or ""],
        ).to_arrow_table()
    return Overlay(
        status.cast(_STATUS_SCHEMA), tags.cast(_TAGS_SCHEMA), members.cast(_MEMBERS_SCHEMA)
    )
