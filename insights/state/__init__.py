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
from insights.state.schema import NewerSchema
from insights.state.store import DuckDBStore, StateBusy, Store, Transaction

__all__ = [
    "STATE_URL_ENV",
    "NewerSchema",
    "State",
    "StateBusy",
    "Store",
    "Transaction",
    "close_stores",
    "compact_if_due",
    "mark_compact_due",
    "open_state",
    "open_store",
    "state_path",
]

WORKSPACE_ENV = "INSIGHTS_WORKSPACE"
WORKSPACE_FILE = "workspace.duckdb"
STATE_URL_ENV = "INSIGHTS_STATE_URL"
_stores: dict[str, Store] = {}
_secrets: dict[str, bytes] = {}  # kept in a PostgreSQL state: read once per process
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


def open_store(
    db: str | os.PathLike[str] | None = None, *, path: str | os.PathLike[str] | None = None
) -> Store:
    """The state store for the warehouse `db` (migrated to the current schema): PostgreSQL
    when $INSIGHTS_STATE_URL is set, else the embedded file `path` (default
    `state_path(db)`). With the URL set, `path` is ignored: nothing is written there."""
    url = state_url()
    owner = _secret_owner(db, path)
    if url:
        key = f"postgresql:{url}"
        with _lock:
            found = _stores.get(key)
            if found is None:
                from insights.state.postgres import PostgresStore

                pg = PostgresStore(url)
                try:
                    schema.migrate(pg, lambda: _secret(pg, owner))
                except BaseException:
                    pg.close()
                    raise
                _stores[key] = found = pg
        return found
    file = Path(path) if path is not None else state_path(db)
    key = f"duckdb:{file.resolve()}"
    with _lock:
        found = _stores.get(key)
        if found is None or not file.exists():
            embedded = DuckDBStore(file)
            schema.migrate(embedded, lambda: _secret(embedded, owner))
            _stores[key] = found = embedded
    return found


def open_state(
    db: str | os.PathLike[str] | None = None, *, path: str | os.PathLike[str] | None = None
) -> State:
    """The store and the installation's secret for the warehouse `db`; `path` names the
    embedded state file when it is not `state_path(db)` (ignored with the URL set)."""
    store = open_store(db, path=path)
    return State(store, _secret(store, _secret_owner(db, path)))


def _secret_owner(
    db: str | os.PathLike[str] | None, path: str | os.PathLike[str] | None
) -> str | os.PathLike[str] | None:
    """The warehouse whose secret (file) an embedded state uses. A state file named by its
    path alone belongs to $INSIGHTS_DB's warehouse when it is that warehouse's state file,
    else to a warehouse in its own folder (the default layout: the file beside its
    warehouse), so a path and `open_state(db)` never key one audit chain two ways."""
    if path is None or db is not None:
        return db
    file = Path(path)
    if file.resolve() == state_path(None).resolve():
        return None
    return file.parent / settings.DEFAULT_DB_PATH.name


# Set (state_info) by a change that deleted or rewrote what named a person, removed once
# the store has been compacted: a compaction that failed (busy) is done by the next caller.
# Each mark is a new token, so a mark made during a compaction survives it.
_COMPACT_DUE = "compact_due"


def mark_compact_due(tx: Transaction) -> None:
    """Inside a transaction that deleted or rewrote a person's rows: compact the store
    when it is over (compact_if_due)."""
    tx.execute(
        "INSERT INTO state_info (key, value) VALUES (:key, :token) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        {"key": _COMPACT_DUE, "token": secrets.token_hex(8)},
    )


def compact_if_due(store: Store) -> bool:
    """Compact the store (Store.compact) when a change marked it due; True if it did. The
    mark stays when the compaction could not be done (the next caller tries again)."""
    with store.transaction() as tx:
        due = tx.one("SELECT value FROM state_info WHERE key = :key", {"key": _COMPACT_DUE})
    if due is None or not store.compact():
        return False
    with store.transaction() as tx:
        tx.execute(
            "DELETE FROM state_info WHERE key = :key AND value = :token",
            {"key": _COMPACT_DUE, "token": due[0]},
        )
    return True


def close_stores() -> None:
    """Close every open store (PostgreSQL pools); the next open_store opens afresh."""
    with _lock:
        stores = list(_stores.values())
        _stores.clear()
        _secrets.clear()
    for store in stores:
        close = getattr(store, "close", None)
        if close is not None:
            close()


def _secret(store: Store, db: str | os.PathLike[str] | None) -> bytes:
    if os.environ.get(SECRET_ENV, "").strip() or store.kind == "duckdb":
        return installation_secret(db)
    cached = _secrets.get(store.location)
    if cached is not None:
        return cached
    with store.transaction() as tx:
        tx.execute(
            "INSERT INTO state_info (key, value) VALUES ('installation_secret', :v) "
            "ON CONFLICT (key) DO NOTHING",
            {"v": secrets.token_hex(32)},
        )
        row = tx.one("SELECT value FROM state_info WHERE key = 'installation_secret'")
    assert row is not None
    value = bytes.fromhex(str(row[0]))
    _secrets[store.location] = value
    return value
