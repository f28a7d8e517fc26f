"""Loads as the product runs them: with the state's secret and tombstones, and audited.

    summary = load_files(SYSTEM, ["form.csv"], profile="ask-a-manager-2023")

`insights load` calls `load_files`; the Data page runs the ETL in a child process
(insights.ingest) with `etl_options(db)`, records the outcome with `record_load` and
calls `after_publish`.
Every load that publishes or fails leaves one audit entry: who, the files, the run id and
the counts (a dry run changes nothing and leaves none).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import Any

from etl.load import LoadError, LoadSummary, run_load
from insights import admin
from insights.access import Permission, Principal
from insights.erasure import tombstone_source
from insights.identity_migration import migrate_quietly
from insights.state import State, compact_if_due, open_state

_log = logging.getLogger(__name__)

COUNTS = ("rows_read", "inserted", "updated", "duplicates", "rejected", "warnings")


def etl_options(db: str | os.PathLike[str] | None, state: State | None = None) -> dict[str, Any]:
    """What every load passes to etl.load.run_load: the installation's secret as the state
    holds it (shared by every server) and the erasure tombstones (read under the lock)."""
    s = state or open_state(db)
    return {"secret": s.secret, "tombstones": tombstone_source(db, s)}


def load_files(
    caller: Principal,
    paths: Sequence[str | os.PathLike[str]],
    *,
    db: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
    state: State | None = None,
    **kwargs: Any,
) -> LoadSummary:
    """run_load with the secret and tombstones, audited; LoadError when it fails."""
    caller.require(Permission.IMPORTS)
    s = state or open_state(db)
    names = [os.fspath(p) for p in kwargs.get("display_names") or paths]
    try:
        summary = run_load(
            paths,
            db=db,
            dry_run=dry_run,
            loaded_by=kwargs.pop("loaded_by", None) or caller.name,
            **kwargs,
            **etl_options(db, s),
        )
    except LoadError as exc:
        if not dry_run:
            record_load(caller, names, error=str(exc), run_id=exc.run_id, state=s)
        raise
    if not dry_run:
        record_load(caller, names, summary=summary, state=s)
        after_publish(db, s)
    return summary


def after_publish(db: str | os.PathLike[str] | None, state: State | None = None) -> None:
    """After a load published: a warehouse it moved to keyed ids takes the workspace's and
    the audit trail's old ids along (insights.identity_migration; logged, never raised),
    and a compaction of the state an erasure left due (it was busy) runs."""
    migrate_quietly(db, state)
    try:
        compact_if_due((state or open_state(db)).store)
    except Exception:  # noqa: BLE001 - the mark stays: the next caller does it
        _log.warning("The state's due compaction did not run (retried later)", exc_info=True)


def record_load(
    caller: Principal,
    files: Sequence[str],
    *,
    summary: LoadSummary | None = None,
    error: str | None = None,
    run_id: int | None = None,
    db: str | os.PathLike[str] | None = None,
    state: State | None = None,
) -> int:
    """One audit entry for a load: its run, files, counts and status (or the failure)."""
    s = state or open_state(db)
    details: dict[str, Any] = {"files": [os.path.basename(str(f)) for f in files]}
    if summary is not None:
        details |= {"status": summary.status} | {c: getattr(summary, c) for c in COUNTS}
        run_id = summary.run_id
    else:
        details |= {"status": "failed", "error": (error or "")[:300]}
    target = None if run_id is None else f"run {run_id}"
    return admin.record(caller, "load", target=target, details=details, state=s)
