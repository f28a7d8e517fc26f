"""The recruiters' workspace: user-owned state kept beside the warehouse, never inside it.

Shortlists, saved searches, pool-status changes, tag edits and the audit log live in
their own DuckDB file (``$INSIGHTS_WORKSPACE``, else ``workspace.duckdb`` next to the
warehouse). An ETL load replaces the warehouse file with ``os.replace``; it never
touches this file, so a load can neither overwrite nor lose a recruiter's work, and it
never waits for the app.

Every operation opens the file, does its work in one transaction and closes it again,
so the dashboard and the CLI can both use it; a briefly locked file is retried.
Reads hand small Arrow tables to the pool query, which joins them to the read-only
warehouse inside DuckDB (see :func:`overlay`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
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
SCHEMA_VERSION = "1"

SCHEMA = """
CREATE SEQUENCE IF NOT EXISTS status_change_seq;
CREATE SEQUENCE IF NOT EXISTS audit_seq;
CREATE TABLE IF NOT EXISTS workspace_info (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS shortlists (
    name        VARCHAR PRIMARY KEY,
    created_by  VARCHAR,
    created_at  TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS shortlist_members (
    shortlist    VARCHAR NOT NULL,
    candidate_id VARCHAR NOT NULL,
    added_by     VARCHAR,
    added_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (shortlist, candidate_id)
);
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

# One in-process lock: DuckDB allows a single read-write opener per file, and the
# dashboard serves many sessions from threads of one process.
_LOCK = threading.RLock()
_LOCKED_MESSAGES = ("lock", "conflicting", "already open", "being used")


class WorkspaceError(ValueError):
    """A workspace operation was refused (unknown shortlist, bad name, ...)."""


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
        con.execute(SCHEMA)
        con.execute(
            "INSERT OR IGNORE INTO workspace_info VALUES ('schema_version', ?)",
            [SCHEMA_VERSION],
        )
    except BaseException:
        con.close()
        raise
    return con


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


# --- shortlists -----------------------------------------------------------------------


def add_to_shortlist(
    path: str | os.PathLike[str],
    shortlist: str,
    candidate_ids: Iterable[str],
    *,
    actor: str | None,
) -> int:
    """Add candidates to a shortlist, creating it if needed; returns how many were new."""
    name = clean_name(shortlist)
    ids = sorted({c for c in candidate_ids if c})
    with session(path) as con:
        at = now()
        con.execute(
            "INSERT OR IGNORE INTO shortlists (name, created_by, created_at) VALUES (?, ?, ?)",
            [name, actor, at],
        )
        before = _member_count(con, name)
        for cid in ids:
            con.execute(
                "INSERT OR IGNORE INTO shortlist_members VALUES (?, ?, ?, ?)",
                [name, cid, actor, at],
            )
        added = _member_count(con, name) - before
        audit(con, actor, "shortlist_add", None, shortlist=name, candidates=ids, added=added)
    return added


def remove_from_shortlist(
    path: str | os.PathLike[str],
    shortlist: str,
    candidate_ids: Iterable[str],
    *,
    actor: str | None,
) -> int:
    """Remove candidates from a shortlist; returns how many were removed."""
    name = clean_name(shortlist)
    ids = sorted({c for c in candidate_ids if c})
    with session(path) as con:
        before = _member_count(con, name)
        if ids:
            con.execute(
                "DELETE FROM shortlist_members WHERE shortlist = ? AND list_contains(?, candidate_id)",
                [name, ids],
            )
        removed = before - _member_count(con, name)
        audit(con, actor, "shortlist_remove", None, shortlist=name, candidates=ids, removed=removed)
    return removed


def delete_shortlist(path: str | os.PathLike[str], shortlist: str, *, actor: str | None) -> None:
    """Delete a shortlist and its memberships."""
    name = clean_name(shortlist)
    with session(path) as con:
        con.execute("DELETE FROM shortlist_members WHERE shortlist = ?", [name])
        con.execute("DELETE FROM shortlists WHERE name = ?", [name])
        audit(con, actor, "shortlist_delete", None, shortlist=name)


def _member_count(con: duckdb.DuckDBPyConnection, name: str) -> int:
    row = con.execute(
        "SELECT count(*) FROM shortlist_members WHERE shortlist = ?", [name]
    ).fetchall()
    return int(row[0][0]) if row else 0


def shortlists(path: str | os.PathLike[str]) -> list[str]:
    """Names of every shortlist, alphabetical."""
    if not Path(path).exists():
        return []
    with session(path) as con:
        return [
            r[0] for r in con.execute("SELECT name FROM shortlists ORDER BY lower(name)").fetchall()
        ]


def shortlist_members(path: str | os.PathLike[str], shortlist: str) -> list[str]:
    """Candidate ids on a shortlist, in the order they were added."""
    if not Path(path).exists():
        return []
    with session(path) as con:
        rows = con.execute(
            "SELECT candidate_id FROM shortlist_members WHERE shortlist = ? "
            "ORDER BY added_at, candidate_id",
            [shortlist],
        ).fetchall()
    return [r[0] for r in rows]


def shortlists_of(path: str | os.PathLike[str], candidate_id: str) -> list[dict[str, Any]]:
    """The shortlists one candidate is on: name, added_by, added_at."""
    if not Path(path).exists():
        return []
    with session(path) as con:
        rows = con.execute(
            "SELECT shortlist, added_by, added_at FROM shortlist_members "
            "WHERE candidate_id = ? ORDER BY lower(shortlist)",
            [candidate_id],
        ).fetchall()
    return [{"shortlist": r[0], "added_by": r[1], "added_at": r[2]} for r in rows]


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
    ``ws_tags(candidate_id, tag, state)``; ``ws_members(shortlist, candidate_id, added_at)``.
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
    [("shortlist", pa.string()), ("candidate_id", pa.string()), ("added_at", pa.timestamp("us"))]
)


def empty_overlay() -> Overlay:
    return Overlay(
        _STATUS_SCHEMA.empty_table(), _TAGS_SCHEMA.empty_table(), _MEMBERS_SCHEMA.empty_table()
    )


def overlay(path: str | os.PathLike[str], shortlist: str | None = None) -> Overlay:
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
            "SELECT shortlist, candidate_id, added_at FROM shortlist_members WHERE shortlist = ?",
            params=[shortlist or ""],
        ).to_arrow_table()
    return Overlay(
        status.cast(_STATUS_SCHEMA), tags.cast(_TAGS_SCHEMA), members.cast(_MEMBERS_SCHEMA)
    )
