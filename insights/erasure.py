"""Erasure and retention for administrators: the Principal-checked doors over etl.erasure
that the admin pages and the `insights erase` / `insights retention` commands use.

    preview_erasure(SYSTEM, "email", "jane@example.com")     # what would go (counts)
    erase(SYSTEM, "email", "jane@example.com")                # tombstones, warehouse, audit
    retention_preview(SYSTEM, months=24)                       # who is due
    apply_retention(SYSTEM, months=24)

Every function requires Permission.ERASURE. An erasure stores the tombstones (keyed
HMACs of the person's identities) in the state before it changes the warehouse, so a load
that starts meanwhile already anonymises the person; the audit entry holds counts and
tombstone key prefixes, never the erased data. `tombstones(db)` is what every load passes
to the ETL.

The recruiters' workspace loses every row about the people anonymised (their places on
shortlists with stage and note, tag edits, pool-status history) and the saved searches
whose query names them (`search_mentions`; insights.workspace.forget_candidates).
It is cleared before the warehouse changes (so a failed run is repeated by running it
again: the warehouse still finds the person) and again after (for anything a recruiter
added meanwhile); then an embedded state file is compacted, so no freed block of it keeps
their bytes. The audit trail keeps its entries: they name people by keyed id only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
from collections.abc import Callable, Collection, Iterable
from typing import NoReturn

from etl import erasure as core
from etl.identity import KINDS, IdentityError
from insights import admin, workspace
from insights.access import Permission, Principal
from insights.identity_migration import migrate_candidate_ids, migrate_quietly
from insights.mentions import redact_values, redactor, search_mentions
from insights.state import State, audit, compact_if_due, mark_compact_due, open_state

__all__ = [
    "KINDS",
    "Due",
    "ErasureIncomplete",
    "ErasureSummary",
    "IdentityError",
    "RetentionChanged",
    "apply_retention",
    "cutoff_date",
    "erase",
    "preview_erasure",
    "retention_preview",
    "tombstone_source",
    "tombstones",
]

_log = logging.getLogger(__name__)

Due = core.Due
ErasureSummary = core.ErasureSummary
cutoff_date = core.cutoff_date
DEFAULT_MONTHS = 24


def _state(db: str | os.PathLike[str] | None, state: State | None) -> State:
    return state or open_state(db)


def preview_erasure(
    caller: Principal,
    kind: str,
    value: str,
    *,
    db: str | os.PathLike[str] | None = None,
    state: State | None = None,
) -> ErasureSummary:
    """What erasing the person with this e-mail / phone / LinkedIn would change (counts,
    the workspace's rows included); IdentityError for a value that is not one."""
    caller.require(Permission.ERASURE)
    s = _state(db, state)
    found = core.preview(db, [(kind, value)], s.secret)
    found.workspace_rows = workspace.rows_about(
        s,
        found.candidate_ids,
        search_mentions=search_mentions(found.tombstones, s.secret, (kind, value)),
    )
    return found


class RetentionChanged(ValueError):
    """The candidates due are no longer the ones the caller confirmed."""


class ErasureIncomplete(RuntimeError):
    """The warehouse part of an erasure or retention run is done; what follows it (the
    workspace, the audit trail, the audit entry) is not: running it again finishes it."""


def erase(
    caller: Principal,
    kind: str,
    value: str,
    *,
    db: str | os.PathLike[str] | None = None,
    state: State | None = None,
) -> ErasureSummary:
    """Erase the person everywhere in the warehouse and the workspace, redact what people
    typed about them, and keep their tombstones."""
    caller.require(Permission.ERASURE)
    s = _state(db, state)
    try:
        migrate_candidate_ids(db, s)  # the workspace names people as the warehouse does
        found = core.preview(db, [(kind, value)], s.secret)
        _keep(s, found.tombstones)  # first: a load from now on anonymises them
        mentions = search_mentions(found.tombstones, s.secret, (kind, value))
        cleared = _forget(s, caller, "erasure", found.candidate_ids, mentions)
        try:
            summary = core.erase(db, [(kind, value)], s.secret)
        except Exception as exc:
            found.workspace_rows = cleared
            _audit(s, caller, "erasure.failed", found, error=type(exc).__name__)
            raise
        try:
            _keep(s, summary.tombstones)
            mentions = search_mentions(summary.tombstones, s.secret, (kind, value))
            summary.workspace_rows = _added(
                cleared, _forget(s, caller, "erasure", summary.candidate_ids, mentions)
            )
            summary.audit_entries_redacted = _redact(s, caller, "erasure", (kind, value))
            _audit(s, caller, "erasure", summary)
        except Exception as exc:
            _incomplete(s, caller, "erasure.partial", summary, exc)
        migrate_quietly(db, s)
    finally:
        _compact_quietly(s)
    return summary


def _incomplete(
    state: State, caller: Principal, action: str, summary: ErasureSummary, exc: Exception
) -> NoReturn:
    """Record what was done (best effort: the state may be what failed) and say how to
    finish. The tombstones are kept first of all, so a second run redacts everything."""
    with contextlib.suppress(Exception):
        _audit(state, caller, action, summary, error=type(exc).__name__)
    raise ErasureIncomplete(
        "The warehouse no longer holds the person's data, but clearing the workspace and "
        "the audit trail did not finish (the state was busy): run it again to finish."
    ) from exc


def _compact_quietly(state: State) -> None:
    """Compact the state when a change marked it due; a busy state is compacted by the
    next erasure, load or app start."""
    try:
        compact_if_due(state.store)
    except Exception:  # noqa: BLE001 - the mark stays: someone else finishes it
        _log.warning("state compaction deferred", exc_info=True)


def retention_preview(
    caller: Principal,
    months: int = DEFAULT_MONTHS,
    today: dt.date | None = None,
    *,
    db: str | os.PathLike[str] | None = None,
    state: State | None = None,
) -> list[Due]:
    """Identified candidates with no contact (interview or consent) for `months` months."""
    caller.require(Permission.ERASURE)
    due = core.retention_due(db, months, today)
    admin.record(
        caller,
        "retention.preview",
        details={"months": months, "due": len(due)},
        state=_state(db, state),
    )
    return due


def apply_retention(
    caller: Principal,
    months: int = DEFAULT_MONTHS,
    today: dt.date | None = None,
    *,
    db: str | os.PathLike[str] | None = None,
    state: State | None = None,
    expected: Collection[str] | None = None,
) -> ErasureSummary:
    """Anonymise everyone due, in the warehouse and the workspace, and keep tombstones up
    to the cutoff date. `expected`: the candidate ids the caller confirmed (the Privacy
    page's list); when those due now differ (a load ran since), RetentionChanged and
    nothing changes."""
    caller.require(Permission.ERASURE)
    s = _state(db, state)
    migrate_candidate_ids(db, s)
    cutoff = core.cutoff_date(months, today)
    due = core.retention_due(db, months, today)
    if expected is not None and {d.candidate_id for d in due} != set(expected):
        raise RetentionChanged(
            f"{len(due):,} candidate(s) are due now, not the {len(set(expected)):,} listed "
            "(data was loaded since): list them again before applying."
        )
    cleared: dict[str, int] = {}
    if due:
        kept = _due_tombstones(db, due, s.secret, cutoff)
        _keep(s, kept)
        ids = [d.candidate_id for d in due]
        cleared = _forget(s, caller, "retention", ids, search_mentions(kept, s.secret))
    summary = core.apply_retention(db, s.secret, months, today)
    try:
        _keep(s, summary.tombstones)
        mentions = search_mentions(summary.tombstones, s.secret)
        summary.workspace_rows = _added(
            cleared, _forget(s, caller, "retention", summary.candidate_ids, mentions)
        )
        summary.audit_entries_redacted = _redact(s, caller, "retention")
        _audit(s, caller, "retention.apply", summary, months=months)
    except Exception as exc:
        _incomplete(s, caller, "retention.partial", summary, exc)
    finally:
        migrate_quietly(db, s)
        _compact_quietly(s)
    return summary


def _redact(
    state: State, caller: Principal, reason: str, given: tuple[str, str] | None = None
) -> int:
    """What people typed about anyone erased so far (every kept tombstone, so a run that
    stopped half-way is finished by the next): the workspace's names and notes, then the
    audit trail (which by then holds the workspace's own redaction entry, counts only)."""
    kept = [("", key, until) for key, until in tombstones(state=state).items()]
    redact = redactor(kept, state.secret, given)
    workspace.redact_text(state, redact, actor=caller, reason=reason)
    return redact_audit_trail(state, caller, reason, redact)


def redact_audit_trail(
    state: State, caller: Principal, reason: str, redact: Callable[[str], str]
) -> int:
    """Redact, in every audit entry, the text a user typed that names someone erased (a
    pool search, a saved search's query or name, tags, list names) and recompute the
    chain (audit.rewrite); the rewrite is recorded in an `audit.redacted` entry (how many
    entries, the first, the head hash before). Returns the number of entries changed.
    Which entries change is found in a read pass first, so the chain's lock, which every
    audited action on every server waits for, is held for the rewrite alone."""
    caller.require(Permission.ERASURE)

    def change(stored: str) -> str:
        try:
            data = json.loads(stored)
        except ValueError:  # a target: plain text
            return redact(stored)
        walked = redact_values(data, redact)
        return stored if walked == data else json.dumps(walked, sort_keys=True, default=str)

    with state.store.transaction() as tx:
        rows = tx.execute("SELECT seq, target, details FROM audit_trail ORDER BY seq")
    last = int(rows[-1][0]) if rows else 0
    seqs = [
        int(seq)
        for seq, target, details in rows
        if (target is not None and change(str(target)) != target) or change(str(details)) != details
    ]
    if not seqs:
        return 0
    with state.store.transaction() as tx:
        done = audit.rewrite(tx, state.secret, change, like="%", only=(seqs, last))
        if done.entries:
            audit.append(
                tx,
                state.secret,
                actor=caller.name,
                role=caller.role.value,
                action="audit.redacted",
                details={
                    "reason": reason,
                    "audit_entries": done.entries,
                    "first_rewritten_seq": done.first_seq,
                    "previous_head_hash": done.previous_head,
                },
            )
            mark_compact_due(tx)
    return done.entries


def _forget(
    state: State,
    caller: Principal,
    reason: str,
    candidate_ids: list[str],
    mentions: Callable[[str], bool] | None = None,
) -> dict[str, int]:
    return workspace.forget_candidates(
        state,
        candidate_ids,
        search_mentions=mentions,
        actor=caller,
        reason=reason,
    )


def _added(first: dict[str, int], second: dict[str, int]) -> dict[str, int]:
    return {k: first.get(k, 0) + second.get(k, 0) for k in workspace.FORGOTTEN}


def _due_tombstones(
    db: str | os.PathLike[str] | None, due: list[Due], secret: bytes, cutoff: dt.date
) -> list[tuple[str, str, dt.date | None]]:
    return core.due_tombstones(db, [d.candidate_id for d in due], secret, cutoff)


def _keep(state: State, tombstones: Iterable[tuple[str, str, dt.date | None]]) -> None:
    """Store tombstones; a key already kept keeps the wider cover (no date beats a date)."""
    rows = list(tombstones)
    if not rows:
        return
    at = audit.now()
    with state.store.transaction() as tx:
        for kind, key, until in rows:
            tx.execute(
                "INSERT INTO tombstones (key, kind, erased_at, covers_until) "
                "VALUES (:key, :kind, :at, :until) ON CONFLICT (key) DO UPDATE SET "
                "covers_until = CASE WHEN tombstones.covers_until IS NULL "
                "OR excluded.covers_until IS NULL THEN NULL "
                "ELSE greatest(tombstones.covers_until, excluded.covers_until) END",
                {"key": key, "kind": kind, "at": at, "until": until},
            )


def _audit(
    state: State,
    caller: Principal,
    action: str,
    summary: ErasureSummary,
    **extra: object,
) -> None:
    details = summary.to_dict()
    details.pop("published", None)
    admin.record(caller, action, details={**details, **extra}, state=state)


def tombstones(
    db: str | os.PathLike[str] | None = None, state: State | None = None
) -> dict[str, dt.date | None]:
    """Every tombstone: key -> the last interview date it covers (None: every date)."""
    s = _state(db, state)
    with s.store.transaction() as tx:
        rows = tx.execute("SELECT key, covers_until FROM tombstones")
    return {str(key): until for key, until in rows}


def tombstone_source(
    db: str | os.PathLike[str] | None = None, state: State | None = None
) -> Callable[[], dict[str, dt.date | None]]:
    """For etl.load.run_load(tombstones=...): read under the warehouse's writer lock."""
    return lambda: tombstones(db, state)
