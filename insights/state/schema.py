"""The state database's schema, by version. A newer version migrates an older store the
first time it is opened (each step in its own transaction); the SQL runs on DuckDB and
on PostgreSQL alike."""

from __future__ import annotations

from insights.state.store import Store

# Each entry: the statements that take the schema from the previous version to this one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
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
    (  # 2: a tombstone may cover interviews up to a date only (retention; NULL: every date)
        "ALTER TABLE tombstones ADD COLUMN covers_until DATE",
    ),
)
VERSION = len(MIGRATIONS)


def migrate(store: Store) -> int:
    """Bring the store to VERSION; returns the version it was at."""
    with store.transaction() as tx:
        tx.execute("CREATE TABLE IF NOT EXISTS state_info (key VARCHAR PRIMARY KEY, value VARCHAR)")
        row = tx.one("SELECT value FROM state_info WHERE key = 'schema_version'")
    start = int(row[0]) if row else 0
    for version in range(start + 1, VERSION + 1):
        with store.transaction() as tx:
            for statement in MIGRATIONS[version - 1]:
                tx.execute(statement)
            tx.execute(
                "INSERT INTO state_info (key, value) VALUES ('schema_version', :v) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                {"v": str(version)},
            )
    return start
