"""The product's state: accounts, sign-in failures, the audit trail, erasure tombstones.

    store = open_store()            # beside the warehouse, or $INSIGHTS_STATE_URL
    with store.transaction() as tx: ...

The embedded default is a DuckDB file beside the warehouse ($INSIGHTS_WORKSPACE, else
workspace.duckdb); nothing to set up.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from etl import settings
from etl.secret import installation_secret
from insights.state import schema
from insights.state.store import DuckDBStore, StateBusy, Store, Transaction

__all__ = ["State", "StateBusy", "Store", "Transaction", "open_state", "open_store", "state_path"]


@dataclass(frozen=True)
class State:
    """The store and the installation's secret (the key of the audit chain and of the
    erasure tombstones)."""

    store: Store
    secret: bytes


def open_state(db: str | os.PathLike[str] | None = None) -> State:
    return State(open_store(db), installation_secret(db))


WORKSPACE_ENV = "INSIGHTS_WORKSPACE"
WORKSPACE_FILE = "workspace.duckdb"
_stores: dict[str, Store] = {}
_lock = threading.Lock()


def state_path(db: str | os.PathLike[str] | None = None) -> Path:
    """``$INSIGHTS_WORKSPACE``, else ``workspace.duckdb`` in the warehouse's directory."""
    env = os.environ.get(WORKSPACE_ENV)
    if env:
        return Path(env)
    return settings.db_path(db).parent / WORKSPACE_FILE


def open_store(db: str | os.PathLike[str] | None = None) -> Store:
    """The state store for the warehouse `db` (migrated to the current schema)."""
    path = state_path(db)
    key = f"duckdb:{path.resolve()}"
    with _lock:
        store = _stores.get(key)
        if store is None or not path.exists():
            store = DuckDBStore(path)
            schema.migrate(store)
            _stores[key] = store
    return store
