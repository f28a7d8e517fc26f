"""The state database's schema, by version. A newer version migrates an older store the
first time it is opened (each step in its own transaction, so a step is applied whole or
not at all); the SQL runs on DuckDB and on PostgreSQL alike.

A step is a tuple of SQL statements and Python functions ``(tx, secret) -> None`` (for
what SQL alone cannot say: look at what an old file holds, carry its rows over);
``secret()`` returns the installation's secret, asked for only when a step needs it.

The recruiters' workspace (shortlists, saved searches, pool-status changes, tag edits)
lived in the same embedded file with a version of its own (``workspace_info``: 1 =
shortlists keyed by name, 2 = shortlists with an id, owner and versions) and an
``audit_log`` of its own. Steps 2 and 3 bring such a file into this versioning: its
tables are kept (version 1 converted), its audit_log is appended to the chained audit
trail once, in order, each entry marked as imported, and then dropped.
"""

from __future__ import annotations

import json
import secrets as random
from collections.abc import Callable
from typing import Any

from insights.state import audit
from insights.state.store import Store, Transaction

Secret = Callable[[], bytes]
Step = tuple[str | Callable[[Transaction, Secret], None], ...]


class NewerSchema(RuntimeError):
    """The store was written by a newer version of the app: refused, left untouched."""


def _tables(tx: Transaction) -> set[str]:
    rows = tx.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_catalog = current_database()"
    )
    return {str(r[0]) for r in rows}


def _columns(tx: Transaction, table: str) -> set[str]:
    rows = tx.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = :t "
        "AND table_schema = current_schema() AND table_catalog = current_database()",
        {"t": table},
    )
    return {str(r[0]) for r in rows}


# --- 2: the recruiters' workspace ------------------------------------------------------------

# Shortlist names are unique case-insensitively, checked on write (DuckDB indexes and
# updates of indexed columns do not mix well, so the name is not indexed). Every write of
# the workspace first bumps state_info 'workspace_version' (insights.workspace): that row
# lock serialises workspace writers on PostgreSQL, and the value keys the app's caches.
WORKSPACE_TABLES = (
    "CREATE SEQUENCE IF NOT EXISTS status_change_seq",
    """CREATE TABLE IF NOT EXISTS saved_searches (
        name        VARCHAR PRIMARY KEY,
        query       VARCHAR NOT NULL,              -- URL query string of the pool filters
        created_by  VARCHAR,
        created_at  TIMESTAMP NOT NULL,
        updated_at  TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS pool_status_changes (
        change_id    BIGINT PRIMARY KEY DEFAULT nextval('status_change_seq'),
        candidate_id VARCHAR NOT NULL,
        old_status   VARCHAR,
        new_status   VARCHAR NOT NULL,
        changed_by   VARCHAR,
        changed_at   TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS candidate_tags (
        candidate_id VARCHAR NOT NULL,
        tag          VARCHAR NOT NULL,             -- trimmed, lower case
        state        VARCHAR NOT NULL CHECK (state IN ('added', 'removed')),
        changed_by   VARCHAR,
        changed_at   TIMESTAMP NOT NULL,
        PRIMARY KEY (candidate_id, tag)
    )""",
    """CREATE TABLE IF NOT EXISTS shortlists (
        shortlist_id VARCHAR PRIMARY KEY,
        name         VARCHAR NOT NULL,
        owner        VARCHAR,                      -- who made it (account or demo name)
        created_at   TIMESTAMP NOT NULL,
        updated_at   TIMESTAMP NOT NULL,
        updated_by   VARCHAR,
        version      INTEGER NOT NULL              -- +1 on every change to the list or its members
    )""",
    """CREATE TABLE IF NOT EXISTS shortlist_members (
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
    )""",
)
WORKSPACE_VERSION_LEGACY = 2  # the last version of the workspace's own workspace_info

# Workspace version 1 -> 2: shortlists get an id (derived from the old name), an owner
# (the old created_by) and versions; members get the first stage and no note.
_V1_COPY = (
    """INSERT INTO shortlists
        (shortlist_id, name, owner, created_at, updated_at, updated_by, version)
        SELECT 'sl_' || substr(md5(name), 1, 12), name, created_by, created_at, created_at,
               created_by, 1
        FROM shortlists_v1""",
    """INSERT INTO shortlist_members
        (shortlist_id, candidate_id, stage, note, added_by, added_at, updated_by, updated_at,
         version)
        SELECT 'sl_' || substr(md5(m.shortlist), 1, 12), m.candidate_id, 'to_contact', NULL,
               m.added_by, m.added_at, m.added_by, m.added_at, 1
        FROM shortlist_members_v1 m JOIN shortlists_v1 s ON s.name = m.shortlist""",
    "DROP TABLE shortlist_members_v1",
    "DROP TABLE shortlists_v1",
)


def _workspace(tx: Transaction, secret: Secret) -> None:
    """Create the workspace's tables, or take over those of an embedded workspace file
    (converting version 1 shortlists); refuse a workspace newer than this code knows."""
    tables = _tables(tx)
    if "workspace_info" in tables:
        row = tx.one("SELECT value FROM workspace_info WHERE key = 'schema_version'")
        if row is not None and int(str(row[0])) > WORKSPACE_VERSION_LEGACY:
            raise NewerSchema(
                f"The workspace has schema version {row[0]}; this version of the app "
                f"understands up to {WORKSPACE_VERSION_LEGACY}. Upgrade the app."
            )
    v1 = "shortlists" in tables and "shortlist_id" not in _columns(tx, "shortlists")
    if v1:
        tx.execute("ALTER TABLE shortlists RENAME TO shortlists_v1")
        tx.execute("ALTER TABLE shortlist_members RENAME TO shortlist_members_v1")
    for statement in WORKSPACE_TABLES:
        tx.execute(statement)
    if v1:
        for statement in _V1_COPY:
            tx.execute(statement)
    tx.execute("DROP TABLE IF EXISTS workspace_info")
    tx.execute(
        "INSERT INTO state_info (key, value) VALUES ('workspace_version', '0'), "
        "('workspace_epoch', :epoch) ON CONFLICT (key) DO NOTHING",
        {"epoch": random.token_hex(8)},
    )


# --- 3: the workspace's audit_log joins the chained audit trail ------------------------------

IMPORTED_FROM = "workspace audit_log"


def _import_audit_log(tx: Transaction, secret: Secret) -> None:
    """Append every row of an embedded workspace's audit_log to the chain (in event order,
    with its original time and a mark naming where it came from), then drop the table."""
    if "audit_log" not in _tables(tx):
        return
    rows = tx.execute(
        "SELECT event_id, event_at, actor, action, candidate_id, CAST(detail AS VARCHAR) "
        "FROM audit_log ORDER BY event_id"
    )
    key = secret() if rows else b""
    for event_id, event_at, actor, action, candidate_id, detail in rows:
        details: dict[str, Any] = {}
        if detail:
            loaded = json.loads(detail)
            details = loaded if isinstance(loaded, dict) else {"detail": loaded}
        details.update(imported_from=IMPORTED_FROM, imported_event_id=int(event_id))
        audit.append(
            tx,
            key,
            actor=actor,
            role=None,
            action=str(action),
            target=candidate_id,
            details=details,
            at=event_at,
        )
    tx.execute("DROP TABLE audit_log")
    tx.execute("DROP SEQUENCE IF EXISTS audit_seq")


# Each entry: what takes the schema from the previous version to this one.
MIGRATIONS: tuple[Step, ...] = (
    (  # 1: accounts, sign-in failures, the audit trail, erasure tombstones
        """CREATE TABLE IF NOT EXISTS accounts (
            username      VARCHAR PRIMARY KEY,
            role          VARCHAR NOT NULL,
            password_hash VARCHAR,               -- NULL: signs in through OIDC only
            created_at    TIMESTAMP NOT NULL,
            updated_at    TIMESTAMP NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS signin_failures (
            key          VARCHAR PRIMARY KEY,    -- 'user:<name>' or 'client:<address>'
            failures     INTEGER NOT NULL,
            last_at      TIMESTAMP NOT NULL,
            locked_until TIMESTAMP
        )""",
        """CREATE TABLE IF NOT EXISTS audit_head (
            id   INTEGER PRIMARY KEY,
            seq  BIGINT NOT NULL,
            hash VARCHAR NOT NULL
        )""",
        "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, 'genesis') ON CONFLICT DO NOTHING",
        """CREATE TABLE IF NOT EXISTS audit_trail (
            seq       BIGINT PRIMARY KEY,
            event_at  TIMESTAMP NOT NULL,
            actor     VARCHAR,
            role      VARCHAR,
            action    VARCHAR NOT NULL,
            target    VARCHAR,
            details   VARCHAR NOT NULL,          -- JSON text
            prev_hash VARCHAR NOT NULL,
            hash      VARCHAR NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS tombstones (
            key       VARCHAR PRIMARY KEY,       -- HMAC of an erased identity
            kind      VARCHAR NOT NULL,          -- email | phone | linkedin
            erased_at TIMESTAMP NOT NULL
        )""",
    ),
)
MIGRATIONS += (
    (_workspace,),  # 2: the recruiters' workspace (an embedded workspace file's tables kept)
    (_import_audit_log,),  # 3: an embedded workspace's audit_log carried into the chain
    (  # 4: a tombstone may cover interviews up to a date only (retention; NULL: every date)
        "ALTER TABLE tombstones ADD COLUMN covers_until DATE",
    ),
)
VERSION = len(MIGRATIONS)


def _no_secret() -> bytes:
    raise RuntimeError("this migration step needs the installation's secret")


# Servers started together on a fresh PostgreSQL state would race to create the same
# tables (and fail on PostgreSQL's catalog): each step runs under this advisory lock and
# looks at the version again first. (An embedded file has one writing process anyway.)
_MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(4740131)"


def _one_at_a_time(store: Store, tx: Transaction) -> int:
    """Wait for any other migrating process; the store's version (0: none yet)."""
    if store.kind == "postgresql":
        tx.execute(_MIGRATION_LOCK)
    tx.execute("CREATE TABLE IF NOT EXISTS state_info (key VARCHAR PRIMARY KEY, value VARCHAR)")
    row = tx.one("SELECT value FROM state_info WHERE key = 'schema_version'")
    return int(row[0]) if row else 0


def migrate(store: Store, secret: Secret | None = None) -> int:
    """Bring the store to VERSION; returns the version it was at. Refuses (NewerSchema) a
    store written by a newer version of the app."""
    with store.transaction() as tx:
        start = _one_at_a_time(store, tx)
    if start > VERSION:
        raise NewerSchema(
            f"The state database has schema version {start}; this version of the app "
            f"understands up to {VERSION}. Upgrade the app."
        )
    for version in range(start + 1, VERSION + 1):
        with store.transaction() as tx:
            if _one_at_a_time(store, tx) >= version:
                continue  # another server took this step meanwhile
            for item in MIGRATIONS[version - 1]:
                if isinstance(item, str):
                    tx.execute(item)
                else:
                    item(tx, secret or _no_secret)
            tx.execute(
                "INSERT INTO state_info (key, value) VALUES ('schema_version', :v) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                {"v": str(version)},
            )
    return start
