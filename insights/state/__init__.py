"""The product's state: accounts, sign-in failures, the audit trail, erasure tombstones
(and the recruiters' workspace).

    state = open_state()            # beside the warehouse, or $INSIGHTS_STATE_URL
    with state.store.transaction() as tx: ...

Two backends behind one interface (insights.state.store.Store): the embedded DuckDB file
beside the warehouse ($INSIGHTS_WORKSPACE, else workspace.duckdb; nothing to set up), or
PostgreSQL when INSIGHTS_STATE_URL=postgresql://... is set, for several app servers. The
installation's secret comes from $INSIGHTS_SECRET, else (embedded) the file beside the
warehouse, else (PostgreSQL) the state database itself, so every server shares it and
nothing but the warehouse is written beside the warehouse.
"""

from __future__ import annotations

import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from etl import settings
from etl.secret import SECRET_ENV, installation_secret
from insights.state import schema
from insights.state.store import DuckDBStore, StateBusy, Store, Transaction

__all__ = [
    "STATE_URL_ENV",
    "State",
    "StateBusy",
    "Store",
    "Transaction",
    "open_state",
    "open_store",
    "state_path",
]

WORKSPACE_ENV = "INSIGHTS_WORKSPACE"
WORKSPACE_FILE = "workspace.duckdb"
STATE_URL_ENV = "INSIGHTS_STATE_URL"
_stores: dict[str, Store] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class State:
    """The store and the installation's secret (the key of the audit chain, candidate ids
    and erasure tombstones)."""

    store: Store
    secret: bytes


def state_url() -> str:
    return os.environ.get(STATE_URL_ENV, "").strip()


def state_path(db: str | os.PathLike[str] | None = None) -> Path:
    """``$INSIGHTS_WORKSPACE``, else ``workspace.duckdb`` in the warehouse's directory."""
    env = os.environ.get(WORKSPACE_ENV)
    if env:
        return Path(env)
    return settings.db_path(db).parent / WORKSPACE_FILE


def open_store(db: str | os.PathLike[str] | None = None) -> Store:
    """The state store for the warehouse `db` (migrated to the current schema)."""
    url = state_url()
    if url:
        key = f"postgresql:{url}"
        with _lock:
            store = _stores.get(key)
            if store is None:
                from insights.state.postgres import PostgresStore

                store = PostgresStore(url)
                schema.migrate(store)
                _stores[key] = store
        return store
    path = state_path(db)
    key = f"duckdb:{path.resolve()}"
    with _lock:
        store = _stores.get(key)
        if store is None or not path.exists():
            store = DuckDBStore(path)
            schema.migrate(store)
            _stores[key] = store
    return store


def open_state(db: str | os.PathLike[str] | None = None) -> State:
    store = open_store(db)
    return State(store, _secret(store, db))


def _secret(store: Store, db: str | os.PathLike[str] | None) -> bytes:
    if os.environ.get(SECRET_ENV, "").strip() or store.kind == "duckdb":
        return installation_secret(db)
    with store.transaction() as tx:
        tx.execute(
            "INSERT INTO state_info (key, value) VALUES ('installation_secret', :v) "
            "ON CONFLICT (key) DO NOTHING",
            {"v": secrets.token_hex(32)},
        )
        row = tx.one("SELECT value FROM state_info WHERE key = 'installation_secret'")
    assert row is not None
    return bytes.fromhex(str(row[0]))
