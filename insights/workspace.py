"""The recruiters' workspace: user-owned state kept in the product's state, never inside
the warehouse.

Shortlists (with an owner, and a stage and note per candidate), saved searches,
pool-status changes and tag edits live in the state store (insights.state): the embedded
DuckDB file beside the warehouse (``$INSIGHTS_WORKSPACE``, else ``workspace.duckdb``), or
PostgreSQL when ``INSIGHTS_STATE_URL`` is set, shared by several app servers. An ETL load
replaces the warehouse file with ``os.replace``; it never touches the state, so a load can
neither overwrite nor lose a recruiter's work, and it never waits for the app.

Every function takes ``where``: a :class:`~insights.state.State` (``open_state(db)``), or
the path of the embedded state file (``workspace_path(db)``, what the pages and the CLI
pass), which is ignored when ``INSIGHTS_STATE_URL`` is set. Each operation is one
transaction of the store; a store busy for longer than its timeout raises
:class:`WorkspaceBusy`, an :class:`~insights.state.StateBusy` (one line: "busy, try
again") that is also a :class:`WorkspaceError`, so every place that shows a refused edit
shows it too. The functions below are the whole interface: nothing else runs SQL against
the workspace's tables (their schema is in insights.state.schema). An erasure or a
retention run deletes the rows about the people it anonymises (:func:`forget_candidates`);
the one-time move to keyed candidate ids (insights.identity_migration) re-keys them
(:func:`rekey_candidates`).

Every change is recorded in the chained audit trail (insights.state.audit) inside the
transaction that makes it, so the trail holds exactly the changes that were made, in the
order they were made. Every write first bumps ``workspace_version`` (see :func:`version`):
on PostgreSQL that row lock serialises the workspace's writers across servers, so a
check-then-write inside one operation always sees the other servers' committed work.
Edits that could collide carry the version the editor saw (``expected_version``): a stale
edit is refused with :class:`StaleEdit`, never silently overwritten. Reads hand small
Arrow tables to the pool query, which joins them to the pool index inside DuckDB (see
:func:`overlay`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from etl.canonical import POOL_STATUS
from insights.access import Principal
from insights.state import (
    State,
    StateBusy,
    Transaction,
    audit,
    mark_compact_due,
    open_state,
    open_store,
    state_path,
)
from insights.state.store import Store

WORKSPACE_ENV = "INSIGHTS_WORKSPACE"
WORKSPACE_FILE = "workspace.duckdb"

# A State, or the path of the embedded state file (ignored with INSIGHTS_STATE_URL set).
Where = State | str | os.PathLike[str]

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


class WorkspaceError(ValueError):
    """A workspace operation was refused (unknown shortlist, bad name, ...)."""


class StaleEdit(WorkspaceError):
    """Someone changed the thing since the editor read it; nothing was saved."""


class WorkspaceBusy(StateBusy, WorkspaceError):
    """The state store stayed busy past its timeout; nothing was saved: try again."""


def workspace_path(warehouse: str | os.PathLike[str] | None = None) -> Path:
    """``$INSIGHTS_WORKSPACE``, else ``workspace.duckdb`` in the warehouse's directory (the
    embedded state file; unused when ``INSIGHTS_STATE_URL`` is set)."""
    return state_path(warehouse)


def now() -> dt.datetime:
    """Current time in UTC, without tzinfo (how the state stores every timestamp)."""
    return audit.now()


# --- transactions ------------------------------------------------------------------------


@contextlib.contextmanager
def _busy() -> Iterator[None]:
    try:
        yield
    except WorkspaceBusy:
        raise
    except StateBusy as exc:
        raise WorkspaceBusy() from exc


def _state(where: Where) -> State:
    return where if isinstance(where, State) else open_state(path=where)


def _store(where: Where) -> Store:
    return where.store if isinstance(where, State) else open_store(path=where)


@contextlib.contextmanager
def _reading(where: Where) -> Iterator[Transaction]:
    with _busy(), _store(where).transaction() as tx:
        yield tx


# Taken first by every write: serialises workspace writers (a row lock on PostgreSQL; on
# DuckDB one process writes the file at a time) and changes what version() returns.
_BUMP = (
    "UPDATE state_info SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) "
    "WHERE key = 'workspace_version'"
)


# Who makes a change: the caller, whose name the workspace stores and whose role the
# audit trail records with it; a bare name (imports, scripts) is recorded without a role.
Actor = Principal | str | None


def _name(actor: Actor) -> str | None:
    return actor.name if isinstance(actor, Principal) else actor


def _role(actor: Actor) -> str | None:
    return actor.role.value if isinstance(actor, Principal) else None


@dataclass(frozen=True)
class _Write:
    tx: Transaction
    secret: bytes

    def audit(
        self, actor: Actor, action: str, candidate_id: str | None = None, /, **detail: Any
    ) -> None:
        """Append one entry to the audit trail, inside this change's transaction."""
        audit.append(
            self.tx,
            self.secret,
            actor=_name(actor),
            role=_role(actor),
            action=action,
            target=candidate_id,
            details=detail,
        )


@contextlib.contextmanager
def writing(where: Where) -> Iterator[_Write]:
    """One write of the workspace: a transaction that takes the writers' lock first. Also
    for a change of the workspace together with the rest of the state in one transaction
    (insights.identity_migration)."""
    with _busy():
        state = _state(where)
        with state.store.transaction() as tx:
            tx.execute(_BUMP)
            yield _Write(tx, state.secret)


def version(where: Where) -> str:
    """A token that changes whenever the workspace changes, on any server (cache keys)."""
    with _busy():
        store = _store(where)  # opening may migrate: busy too, when another process writes
        with store.transaction() as tx:
            rows = dict(
                tx.execute(
                    "SELECT key, value FROM state_info "
                    "WHERE key IN ('workspace_epoch', 'workspace_version')"
                )
            )
    return f"{store.location}|{rows.get('workspace_epoch')}|{rows.get('workspace_version')}"


def log_event(
    where: Where,
    actor: Actor,
    action: str,
    candidate_id: str | None = None,
    **detail: Any,
) -> None:
    """Record an event that changes nothing else (an export, a profile view)."""
    with _busy():
        state = _state(where)
        with state.store.transaction() as tx:
            _Write(tx, state.secret).audit(actor, action, candidate_id, **detail)


def audit_events(where: Where, *, limit: int = 100) -> list[dict[str, Any]]:
    """The most recent entries of the audit trail (every kind, not only the workspace's),
    newest first: event_id (the entry's number in the chain), event_at, actor, role,
    action, candidate_id (the entry's target), detail (a dict)."""
    with _busy():
        found = audit.entries(_store(where), limit=limit)
    return [
        {
            "event_id": e.seq,
            "event_at": e.at,
            "actor": e.actor,
            "role": e.role,
            "action": e.action,
            "candidate_id": e.target,
            "detail": e.details,
        }
        for e in reversed(found)
    ]


# --- names and tags -------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


MAX_NAME = 80


def clean_name(name: str) -> str:
    """A shortlist or saved-search name: trimmed, inner whitespace collapsed, 1-80 chars."""
    cleaned = _SPACES.sub(" ", name or "").strip()
    if not cleaned:
        raise WorkspaceError("A name is required.")
    if len(cleaned) > MAX_NAME:
        raise WorkspaceError(f"Names are at most {MAX_NAME} characters.")
    return cleaned


def _fitted(name: str, suffix: str = "") -> str:
    """A name a redaction made (it may be longer than the one typed) with ``suffix``,
    shortened to the length clean_name allows."""
    return name[: MAX_NAME - len(suffix)].rstrip() + suffix


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


def _shortlist(row: Sequence[Any]) -> Shortlist:
    return Shortlist(
        str(row[0]), str(row[1]), row[2], row[3], row[4], row[5], int(row[6]), int(row[7])
    )


def _member_of(row: Sequence[Any]) -> Member:
    return Member(
        str(row[0]), str(row[1]), str(row[2]), row[3], row[4], row[5], row[6], row[7], int(row[8])
    )


def _list_row(tx: Transaction, shortlist_id: str) -> Shortlist:
    row = tx.one(
        f"SELECT {_LIST_COLUMNS} FROM shortlists s WHERE s.shortlist_id = :id",  # noqa: S608 (constant columns)
        {"id": shortlist_id},
    )
    if row is None:
        raise WorkspaceError("That shortlist no longer exists (someone deleted it).")
    return _shortlist(row)


def _check_version(found: Shortlist, expected: int | None) -> None:
    if expected is not None and found.version != expected:
        who = f" by {found.updated_by}" if found.updated_by else ""
        raise StaleEdit(
            f"“{found.name}” was changed{who} at {found.updated_at:%Y-%m-%d %H:%M} UTC since "
            "you opened it; nothing was saved. Look at it again and redo your change."
        )


def _name_taken(tx: Transaction, name: str, but: str | None = None) -> None:
    row = tx.one(
        "SELECT name, owner FROM shortlists WHERE lower(name) = lower(:name) "
        "AND shortlist_id IS DISTINCT FROM :but",
        {"name": name, "but": but},
    )
    if row is not None:
        owner = f" (owner: {row[1]})" if row[1] else ""
        raise WorkspaceError(f"A shortlist named “{row[0]}” already exists{owner}.")


def _touch(tx: Transaction, shortlist_id: str, actor: Actor) -> None:
    tx.execute(
        "UPDATE shortlists SET version = version + 1, updated_at = :at, updated_by = :actor "
        "WHERE shortlist_id = :id",
        {"at": now(), "actor": _name(actor), "id": shortlist_id},
    )


def create_shortlist(where: Where, name: str, *, actor: Actor) -> Shortlist:
    """A new, empty shortlist owned by ``actor``; refused when the name is taken."""
    clean = clean_name(name)
    with writing(where) as w:
        _name_taken(w.tx, clean)
        shortlist_id = "sl_" + secrets.token_hex(6)
        w.tx.execute(
            "INSERT INTO shortlists (shortlist_id, name, owner, created_at, updated_at, "
            "updated_by, version) VALUES (:id, :name, :actor, :at, :at, :actor, 1)",
            {"id": shortlist_id, "name": clean, "actor": _name(actor), "at": now()},
        )
        w.audit(actor, "shortlist_create", None, shortlist_id=shortlist_id, name=clean)
        return _list_row(w.tx, shortlist_id)


def rename_shortlist(
    where: Where,
    shortlist_id: str,
    new_name: str,
    *,
    actor: Actor,
    expected_version: int | None = None,
) -> Shortlist:
    """Rename a shortlist (refused if the name is taken or the list changed meanwhile)."""
    clean = clean_name(new_name)
    with writing(where) as w:
        found = _list_row(w.tx, shortlist_id)
        _check_version(found, expected_version)
        if clean == found.name:
            return found
        _name_taken(w.tx, clean, but=shortlist_id)
        w.tx.execute(
            "UPDATE shortlists SET name = :name WHERE shortlist_id = :id",
            {"name": clean, "id": shortlist_id},
        )
        _touch(w.tx, shortlist_id, actor)
        w.audit(
            actor, "shortlist_rename", None, shortlist_id=shortlist_id, old=found.name, new=clean
        )
        return _list_row(w.tx, shortlist_id)


def delete_shortlist(
    where: Where,
    shortlist_id: str,
    *,
    actor: Actor,
    expected_version: int | None = None,
) -> Shortlist:
    """Delete a shortlist with its members' stages and notes; returns what was deleted."""
    with writing(where) as w:
        found = _list_row(w.tx, shortlist_id)
        _check_version(found, expected_version)
        w.tx.execute("DELETE FROM shortlist_members WHERE shortlist_id = :id", {"id": shortlist_id})
        w.tx.execute("DELETE FROM shortlists WHERE shortlist_id = :id", {"id": shortlist_id})
        w.audit(
            actor,
            "shortlist_delete",
            None,
            shortlist_id=shortlist_id,
            name=found.name,
            members=found.size,
        )
        return found


def add_to_shortlist(
    where: Where,
    shortlist_id: str,
    candidate_ids: Iterable[str],
    *,
    actor: Actor,
) -> int:
    """Add candidates (stage "to contact"); returns how many were new on the list."""
    ids = sorted({c for c in candidate_ids if c})
    with writing(where) as w:
        before = _list_row(w.tx, shortlist_id).size
        if ids:
            w.tx.execute(
                "INSERT INTO shortlist_members (shortlist_id, candidate_id, stage, note, "
                "added_by, added_at, updated_by, updated_at, version) "
                "SELECT :id, u.cid, :stage, NULL, :actor, :at, :actor, :at, 1 "
                "FROM unnest(CAST(:ids AS VARCHAR[])) AS u(cid) "
                "ON CONFLICT (shortlist_id, candidate_id) DO NOTHING",
                {
                    "id": shortlist_id,
                    "stage": FIRST_STAGE,
                    "actor": _name(actor),
                    "at": now(),
                    "ids": ids,
                },
            )
        added = _list_row(w.tx, shortlist_id).size - before
        if added:
            _touch(w.tx, shortlist_id, actor)
        w.audit(
            actor, "shortlist_add", None, shortlist_id=shortlist_id, candidates=ids, added=added
        )
    return added


def remove_from_shortlist(
    where: Where,
    shortlist_id: str,
    candidate_ids: Iterable[str],
    *,
    actor: Actor,
) -> int:
    """Remove candidates from a shortlist; returns how many were removed."""
    ids = sorted({c for c in candidate_ids if c})
    with writing(where) as w:
        _list_row(w.tx, shortlist_id)
        gone = (
            w.tx.execute(
                "DELETE FROM shortlist_members WHERE shortlist_id = :id "
                "AND candidate_id IN (SELECT unnest(CAST(:ids AS VARCHAR[]))) "
                "RETURNING candidate_id",
                {"id": shortlist_id, "ids": ids},
            )
            if ids
            else []
        )
        if gone:
            _touch(w.tx, shortlist_id, actor)
        w.audit(
            actor,
            "shortlist_remove",
            None,
            shortlist_id=shortlist_id,
            candidates=ids,
            removed=len(gone),
        )
    return len(gone)


_UNSET: Any = object()


def update_member(
    where: Where,
    shortlist_id: str,
    candidate_id: str,
    *,
    actor: Actor,
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
    with writing(where) as w:
        found = _list_row(w.tx, shortlist_id)
        member = _member(w.tx, shortlist_id, candidate_id)
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
        sets = ", ".join(f"{column} = :{column}" for column in changes)  # constant names
        # The version read above is checked again by the update itself: an edit never
        # lands on a version it did not see.
        done = w.tx.execute(
            f"UPDATE shortlist_members SET {sets}, updated_by = :actor, updated_at = :at, "  # noqa: S608 (constant column names)
            "version = version + 1 WHERE shortlist_id = :id AND candidate_id = :cid "
            "AND version = :seen RETURNING version",
            {
                **changes,
                "actor": _name(actor),
                "at": now(),
                "id": shortlist_id,
                "cid": candidate_id,
                "seen": member.version,
            },
        )
        if not done:  # pragma: no cover - writers are serialised by writing()
            raise StaleEdit(f"This candidate's stage or note on “{found.name}” just changed.")
        _touch(w.tx, shortlist_id, actor)
        w.audit(
            actor,
            "shortlist_member",
            candidate_id,
            shortlist_id=shortlist_id,
            fields=sorted(changes),
            stage=changes.get("stage"),
            version=int(done[0][0]),
        )
        updated = _member(w.tx, shortlist_id, candidate_id)
        assert updated is not None
        return updated


def _member(tx: Transaction, shortlist_id: str, candidate_id: str) -> Member | None:
    row = tx.one(
        f"SELECT {_MEMBER_COLUMNS} FROM shortlist_members "  # noqa: S608 (constant columns)
        "WHERE shortlist_id = :id AND candidate_id = :cid",
        {"id": shortlist_id, "cid": candidate_id},
    )
    return _member_of(row) if row else None


def list_shortlists(where: Where) -> list[Shortlist]:
    """Every shortlist, alphabetical (case-insensitively)."""
    with _reading(where) as tx:
        rows = tx.execute(
            f"SELECT {_LIST_COLUMNS} FROM shortlists s ORDER BY lower(s.name), s.shortlist_id"  # noqa: S608 (constant columns)
        )
    return [_shortlist(r) for r in rows]


def find_shortlist(where: Where, ref: str) -> Shortlist | None:
    """A shortlist by id, else by name (case-insensitively)."""
    lists = list_shortlists(where)
    for found in lists:
        if found.shortlist_id == ref:
            return found
    wanted = _SPACES.sub(" ", ref or "").strip().lower()
    return next((s for s in lists if s.name.lower() == wanted), None)


def shortlist_members(where: Where, shortlist_id: str) -> list[Member]:
    """The members of a shortlist, in the order they were added."""
    with _reading(where) as tx:
        rows = tx.execute(
            f"SELECT {_MEMBER_COLUMNS} FROM shortlist_members WHERE shortlist_id = :id "  # noqa: S608 (constant columns)
            "ORDER BY added_at, candidate_id",
            {"id": shortlist_id},
        )
    return [_member_of(r) for r in rows]


def shortlists_of(where: Where, candidate_id: str) -> list[dict[str, Any]]:
    """The shortlists one candidate is on: shortlist_id, name, owner, stage, note, added_by,
    added_at, version (the member's)."""
    with _reading(where) as tx:
        rows = tx.execute(
            "SELECT s.shortlist_id, s.name, s.owner, m.stage, m.note, m.added_by, m.added_at, "
            "m.version FROM shortlist_members m JOIN shortlists s USING (shortlist_id) "
            "WHERE m.candidate_id = :cid ORDER BY lower(s.name)",
            {"cid": candidate_id},
        )
    keys = ("shortlist_id", "name", "owner", "stage", "note", "added_by", "added_at", "version")
    return [dict(zip(keys, r, strict=True)) for r in rows]


# --- saved searches -------------------------------------------------------------------


def save_search(where: Where, name: str, query: str, *, actor: Actor) -> None:
    """Save (or overwrite) a named search; ``query`` is the filters' URL query string."""
    clean = clean_name(name)
    with writing(where) as w:
        w.tx.execute(
            "INSERT INTO saved_searches (name, query, created_by, created_at, updated_at) "
            "VALUES (:name, :query, :actor, :at, :at) ON CONFLICT (name) DO UPDATE SET "
            "query = excluded.query, updated_at = excluded.updated_at",
            {"name": clean, "query": query, "actor": _name(actor), "at": now()},
        )
        w.audit(actor, "search_save", None, name=clean, query=query)


def saved_searches(where: Where) -> dict[str, str]:
    """Every saved search: name -> URL query string, alphabetical."""
    with _reading(where) as tx:
        rows = tx.execute("SELECT name, query FROM saved_searches ORDER BY lower(name)")
    return {str(r[0]): str(r[1]) for r in rows}


def delete_search(where: Where, name: str, *, actor: Actor) -> None:
    with writing(where) as w:
        w.tx.execute("DELETE FROM saved_searches WHERE name = :name", {"name": name})
        w.audit(actor, "search_delete", None, name=name)


# --- pool status and tags -------------------------------------------------------------

_ADD_STATUS = (
    "INSERT INTO pool_status_changes "
    "(candidate_id, old_status, new_status, changed_by, changed_at) "
    "VALUES (:cid, :old, :new, :actor, :at)"
)


def set_pool_status(
    where: Where,
    candidate_id: str,
    new_status: str,
    *,
    current_status: str | None,
    actor: Actor,
) -> bool:
    """Record a pool-status change (old = the status the user saw); False if unchanged."""
    if new_status not in POOL_STATUS:
        raise WorkspaceError(f"Unknown pool status {new_status!r}.")
    if new_status == current_status:
        return False
    with writing(where) as w:
        w.tx.execute(
            _ADD_STATUS,
            {
                "cid": candidate_id,
                "old": current_status,
                "new": new_status,
                "actor": _name(actor),
                "at": now(),
            },
        )
        w.audit(actor, "pool_status", candidate_id, old=current_status, new=new_status)
    return True


def set_pool_statuses(
    where: Where,
    current: dict[str, str | None],
    new_status: str,
    *,
    actor: Actor,
) -> int:
    """Record one pool-status change for many candidates at once (``current``: id -> the
    status the user saw); returns how many changed (those already at it are skipped)."""
    if new_status not in POOL_STATUS:
        raise WorkspaceError(f"Unknown pool status {new_status!r}.")
    changes = {cid: old for cid, old in current.items() if cid and old != new_status}
    if not changes:
        return 0
    with writing(where) as w:
        at = now()
        for cid, old in sorted(changes.items()):
            w.tx.execute(
                _ADD_STATUS,
                {"cid": cid, "old": old, "new": new_status, "actor": _name(actor), "at": at},
            )
            w.audit(actor, "pool_status", cid, old=old, new=new_status)
    return len(changes)


def status_history(where: Where, candidate_id: str) -> list[dict[str, Any]]:
    """Every workspace pool-status change of one candidate, oldest first."""
    with _reading(where) as tx:
        rows = tx.execute(
            "SELECT changed_at, changed_by, old_status, new_status FROM pool_status_changes "
            "WHERE candidate_id = :cid ORDER BY change_id",
            {"cid": candidate_id},
        )
    keys = ("changed_at", "changed_by", "old_status", "new_status")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def set_tags(
    where: Where,
    candidate_id: str,
    tags: Iterable[str],
    *,
    current_tags: Iterable[str],
    actor: Actor,
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
    with writing(where) as w:
        at = now()
        for tag, state in [*((t, "added") for t in added), *((t, "removed") for t in removed)]:
            w.tx.execute(
                "INSERT INTO candidate_tags (candidate_id, tag, state, changed_by, changed_at) "
                "VALUES (:cid, :tag, :state, :actor, :at) ON CONFLICT (candidate_id, tag) "
                "DO UPDATE SET state = excluded.state, changed_by = excluded.changed_by, "
                "changed_at = excluded.changed_at",
                {"cid": candidate_id, "tag": tag, "state": state, "actor": _name(actor), "at": at},
            )
        w.audit(actor, "tags", candidate_id, added=added, removed=removed)
    return added, removed


# --- erasure and re-keyed ids ---------------------------------------------------------------

# What forget_candidates deletes, per table (the keys of its counts).
ABOUT_CANDIDATES = ("shortlist_members", "candidate_tags", "pool_status_changes")
FORGOTTEN = (*ABOUT_CANDIDATES, "saved_searches")


def _ids_param(candidate_ids: Iterable[str]) -> dict[str, list[str]]:
    return {"ids": sorted({c for c in candidate_ids if c})}


_ABOUT = "candidate_id IN (SELECT unnest(CAST(:ids AS VARCHAR[])))"


def _searches_mentioning(tx: Transaction, mentions: Callable[[str], bool] | None) -> list[str]:
    if mentions is None:
        return []
    rows = tx.execute("SELECT name, query FROM saved_searches ORDER BY name")
    return [str(name) for name, query in rows if mentions(str(query))]


def rows_about(
    where: Where,
    candidate_ids: Iterable[str],
    *,
    search_mentions: Callable[[str], bool] | None = None,
) -> dict[str, int]:
    """How many rows :func:`forget_candidates` would delete, per table (changes nothing)."""
    params = _ids_param(candidate_ids)
    with _reading(where) as tx:
        counts = {
            table: int(
                (tx.one(f"SELECT count(*) FROM {table} WHERE {_ABOUT}", params) or (0,))[0]  # noqa: S608 (constant table names)
            )
            for table in ABOUT_CANDIDATES
        }
        counts["saved_searches"] = len(_searches_mentioning(tx, search_mentions))
    return counts


def forget_candidates(
    where: Where,
    candidate_ids: Iterable[str],
    *,
    search_mentions: Callable[[str], bool] | None = None,
    actor: Actor,
    reason: str,
) -> dict[str, int]:
    """Delete every workspace row about these candidates (an erasure or a retention run
    anonymised them): their places on shortlists with stage and note (each list stays,
    its version bumped so every server sees it changed), their tag edits and their
    pool-status history; with ``search_mentions``, the saved searches whose query it
    matches. Returns the rows deleted per table (FORGOTTEN). When something went, one
    audit entry ``workspace.forget`` holds the counts and ``reason`` (never an id or a
    value), and the state is marked for compaction (insights.state.compact_if_due)."""
    params = _ids_param(candidate_ids)
    with writing(where) as w:
        members = w.tx.execute(
            f"DELETE FROM shortlist_members WHERE {_ABOUT} RETURNING shortlist_id",  # noqa: S608 (constant clause)
            params,
        )
        lists = sorted({str(r[0]) for r in members})
        for shortlist_id in lists:
            _touch(w.tx, shortlist_id, actor)
        counts = {"shortlist_members": len(members)}
        for table in ("candidate_tags", "pool_status_changes"):
            gone = w.tx.execute(
                f"DELETE FROM {table} WHERE {_ABOUT} RETURNING candidate_id",  # noqa: S608 (constant table names)
                params,
            )
            counts[table] = len(gone)
        searches = _searches_mentioning(w.tx, search_mentions)
        if searches:
            w.tx.execute(
                "DELETE FROM saved_searches WHERE name IN (SELECT unnest(CAST(:names AS VARCHAR[])))",
                {"names": searches},
            )
        counts["saved_searches"] = len(searches)
        if any(counts.values()):
            w.audit(
                actor, "workspace.forget", reason=reason, shortlists_changed=len(lists), **counts
            )
            mark_compact_due(w.tx)
    return counts


def redact_text(
    where: Where,
    redact: Callable[[str], str],
    *,
    actor: Actor,
    reason: str,
) -> dict[str, int]:
    """Pass the text people typed about others through ``redact`` (an erasure's: it
    replaces an erased person's name, e-mail, phone or LinkedIn by "[erased]"): shortlist
    names, notes on other candidates' places, tags, and saved searches' queries and names. A name that
    becomes one another list or search already has gets its id or a number appended.
    Returns the rows changed per kind; when any, one audit entry with the counts."""
    counts = dict.fromkeys(
        ("shortlist_names", "notes", "tags", "saved_search_queries", "saved_search_names"), 0
    )
    with writing(where) as w:
        for shortlist_id, name in w.tx.execute("SELECT shortlist_id, name FROM shortlists"):
            new = _fitted(redact(str(name)))
            if new != name:
                taken = w.tx.one(
                    "SELECT 1 FROM shortlists WHERE lower(name) = lower(:name)", {"name": new}
                )
                new = _fitted(new, f" ({shortlist_id})") if taken else new
                w.tx.execute(
                    "UPDATE shortlists SET name = :name, version = version + 1 "
                    "WHERE shortlist_id = :id",
                    {"name": new, "id": shortlist_id},
                )
                counts["shortlist_names"] += 1
        notes = w.tx.execute(
            "SELECT shortlist_id, candidate_id, note FROM shortlist_members WHERE note IS NOT NULL"
        )
        for shortlist_id, candidate_id, note in notes:
            new = redact(str(note))
            if new != note:
                w.tx.execute(
                    "UPDATE shortlist_members SET note = :note, version = version + 1 "
                    "WHERE shortlist_id = :list AND candidate_id = :candidate",
                    {"note": new, "list": shortlist_id, "candidate": candidate_id},
                )
                _touch(w.tx, str(shortlist_id), actor)
                counts["notes"] += 1
        for candidate_id, tag in w.tx.execute("SELECT candidate_id, tag FROM candidate_tags"):
            new = redact(str(tag)).lower()
            if new != tag:
                params = {"id": candidate_id, "old": tag, "new": new}
                if w.tx.one(
                    "SELECT 1 FROM candidate_tags WHERE candidate_id = :id AND tag = :new", params
                ):
                    w.tx.execute(
                        "DELETE FROM candidate_tags WHERE candidate_id = :id AND tag = :old",
                        params,
                    )
                else:
                    w.tx.execute(
                        "UPDATE candidate_tags SET tag = :new "
                        "WHERE candidate_id = :id AND tag = :old",
                        params,
                    )
                counts["tags"] += 1
        for name, query in w.tx.execute("SELECT name, query FROM saved_searches"):
            new_query = redact(str(query))
            if new_query != query:
                w.tx.execute(
                    "UPDATE saved_searches SET query = :query WHERE name = :name",
                    {"query": new_query, "name": name},
                )
                counts["saved_search_queries"] += 1
        for (name,) in w.tx.execute("SELECT name FROM saved_searches ORDER BY name"):
            new = _fitted(redact(str(name)))
            if new != name:
                number = 2
                while w.tx.one("SELECT 1 FROM saved_searches WHERE name = :n", {"n": new}):
                    new, number = _fitted(redact(str(name)), f" ({number})"), number + 1
                w.tx.execute(
                    "UPDATE saved_searches SET name = :new WHERE name = :old",
                    {"new": new, "old": name},
                )
                counts["saved_search_names"] += 1
        if any(counts.values()):
            w.audit(actor, "workspace.redact", reason=reason, **counts)
            mark_compact_due(w.tx)
    return counts


def candidate_ids_in_use(tx: Transaction) -> set[str]:
    """Every candidate id the workspace's rows hold (inside the caller's transaction)."""
    found: set[str] = set()
    for table in ABOUT_CANDIDATES:
        found |= {str(r[0]) for r in tx.execute(f"SELECT DISTINCT candidate_id FROM {table}")}  # noqa: S608 (constant table names)
    return found


def rekey_candidates(
    tx: Transaction, new_ids: Mapping[str, str], actor: str = "identity migration"
) -> dict[str, int]:
    """Inside the caller's write (:func:`writing`): give every row about a candidate id
    that is a key of ``new_ids`` the id it maps to; returns the rows changed per table.
    Where a shortlist or a tag already has a row under the new id (made after the
    warehouse re-keyed its ids, so the later work), that row is kept and the old one
    dropped (counted as changed); the kept place takes the dropped one's note below its
    own, since a note is work a recruiter typed, and shows ``actor`` as its last editor."""
    counts = dict.fromkeys(ABOUT_CANDIDATES, 0)
    for old, new in sorted(new_ids.items()):
        ids = {"old": old, "new": new}
        # Within the notes' limit (NOTE_MAX): the kept note whole, the old one as it fits
        # (a full note is left as it is).
        tx.execute(
            "UPDATE shortlist_members AS n SET version = n.version + 1, updated_by = :actor, "
            "updated_at = :at, note = CASE "
            "WHEN n.note IS NULL OR n.note = '' THEN o.note "
            "ELSE left(n.note || chr(10) || o.note, :most) END "
            "FROM shortlist_members AS o WHERE n.candidate_id = :new AND o.candidate_id = :old "
            "AND o.shortlist_id = n.shortlist_id AND o.note IS NOT NULL AND o.note <> '' "
            "AND (n.note IS NULL OR (strpos(n.note, o.note) = 0 AND length(n.note) + 1 < :most))",
            {**ids, "most": NOTE_MAX, "actor": actor, "at": now()},
        )
        dropped = {
            "shortlist_members": tx.execute(
                "DELETE FROM shortlist_members WHERE candidate_id = :old AND shortlist_id IN "
                "(SELECT shortlist_id FROM shortlist_members WHERE candidate_id = :new) "
                "RETURNING candidate_id",
                ids,
            ),
            "candidate_tags": tx.execute(
                "DELETE FROM candidate_tags WHERE candidate_id = :old AND tag IN "
                "(SELECT tag FROM candidate_tags WHERE candidate_id = :new) "
                "RETURNING candidate_id",
                ids,
            ),
        }
        for table in ABOUT_CANDIDATES:
            changed = tx.execute(
                f"UPDATE {table} SET candidate_id = :new WHERE candidate_id = :old "  # noqa: S608 (constant table names)
                "RETURNING candidate_id",
                ids,
            )
            counts[table] += len(changed) + len(dropped.get(table, []))
    return counts


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


def _arrow(rows: list[tuple[Any, ...]], schema: pa.Schema) -> pa.Table:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    return pa.Table.from_arrays(
        [pa.array(list(values), type=f.type) for values, f in zip(columns, schema, strict=True)],
        schema=schema,
    )


def overlay(where: Where, shortlist_id: str | None = None) -> Overlay:
    """Read the workspace state the pool query needs (members of one shortlist only)."""
    with _reading(where) as tx:
        status = tx.execute(
            "SELECT candidate_id, new_status FROM pool_status_changes WHERE change_id IN "
            "(SELECT max(change_id) FROM pool_status_changes GROUP BY candidate_id)"
        )
        tags = tx.execute("SELECT candidate_id, tag, state FROM candidate_tags")
        members = tx.execute(
            "SELECT shortlist_id, candidate_id, stage, note, added_by, added_at, version "
            "FROM shortlist_members WHERE shortlist_id = :id",
            {"id": shortlist_id or ""},
        )
    return Overlay(
        _arrow(status, _STATUS_SCHEMA), _arrow(tags, _TAGS_SCHEMA), _arrow(members, _MEMBERS_SCHEMA)
    )
