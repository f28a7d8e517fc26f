"""What the app does once per process, before its first page: the state's saved
candidate ids follow the warehouse's keyed ids (insights.identity_migration), and a
compaction of the state that an erasure left due (the state was busy) runs.

Neither may keep the app from starting: a failure is logged for the operator (never
shown to users) and tried again at the next load or start.
"""

from __future__ import annotations

import logging
import threading

from etl import settings
from insights.identity_migration import migrate_quietly
from insights.state import compact_if_due, open_state

log = logging.getLogger(__name__)
_lock = threading.Lock()
_done: set[str] = set()


def once() -> None:
    """Run the start-up work for the configured warehouse, the first time only."""
    db = str(settings.db_path())
    with _lock:
        if db in _done:
            return
        _done.add(db)
    migrate_quietly(db)
    try:
        compact_if_due(open_state(db).store)
    except Exception:  # noqa: BLE001 - logged for the operator; the app carries on
        log.warning("The state's due compaction did not run (retried later)", exc_info=True)
