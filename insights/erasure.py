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
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable

from etl import erasure as core
from etl.identity import KINDS, IdentityError
from insights.access import Permission, Principal
from insights.state import State, audit, open_state

__all__ = [
    "KINDS",
    "Due",
    "ErasureSummary",
    "IdentityError",
    "apply_retention",
    "cutoff_date",
    "erase",
    "preview_erasure",
    "retention_preview",
    "tombstone_source",
    "tombstones",
]

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
    """What erasing the person with this e-mail / phone / LinkedIn would change (counts);
    IdentityError for a value that is not one."""
    caller.require(Permission.ERASURE)
    return core.preview(db, [(kind, value)], _state(db, state).secret)


def erase(
    caller: Principal,
    kind: str,
    value: str,
    *,
    db: str | os.PathLike[str] | None = None,
    state: State | None = None,
) -> ErasureSummary:
    """Erase the person everywhere in the warehouse and keep their tombstones."""
    caller.require(Permission.ERASURE)
    s = _state(db, state)
    found = core.preview(db, [(kind, value)], s.secret)
    _keep(s, found.tombstones)  # first: a load from now on anonymises them
    try:
        summary = core.erase(db, [(kind, value)], s.secret)
    except Exception as exc:
        _audit(s, caller, "erasure.failed", found, error=type(exc).__name__)
        raise
    _keep(s, summary.tombstones)
    _audit(s, caller, "erasure", summary)
    return summary


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
    s = _state(db, state)
    audit.record(
        s.store,
        s.secret,
        actor=caller.name,
        role=caller.role.value,
        action="retention.preview",
        details={"months": months, "due": len(due)},
    )
    return due


def apply_retention(
    caller: Principal,
    months: int = DEFAULT_MONTHS,
    today: dt.date | None = None,
    *,
    db: str | os.PathLike[str] | None = None,
    state: State | None = None,
) -> ErasureSummary:
    """Anonymise everyone due and keep tombstones up to the cutoff date."""
    caller.require(Permission.ERASURE)
    s = _state(db, state)
    cutoff = core.cutoff_date(months, today)
    due = core.retention_due(db, months, today)
    if due:
        _keep(s, _due_tombstones(db, due, s.secret, cutoff))
    summary = core.apply_retention(db, s.secret, months, today)
    _keep(s, summary.tombstones)
    _audit(s, caller, "retention.apply", summary, months=months)
    return summary


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
    audit.record(
        state.store,
        state.secret,
        actor=caller.name,
        role=caller.role.value,
        action=action,
        details={**details, **extra},
    )


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
