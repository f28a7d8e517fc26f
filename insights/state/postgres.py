"""The state store in PostgreSQL (`INSIGHTS_STATE_URL=postgresql://...`), for several app
servers sharing one truth: psycopg 3 with a connection pool, one transaction per
operation, the same SQL as the embedded store."""

from __future__ import annotations

import contextlib
import logging
import threading
import urllib.parse
from collections.abc import Iterator, Mapping
from typing import Any

import psycopg
from psycopg import sql
from psycopg_pool import ConnectionPool, PoolTimeout

from insights.state.store import RowsOf, StateBusy, Transaction, to_psycopg

# Lock waits longer than this end the operation with StateBusy (one line, try again).
LOCK_TIMEOUT_MS = 5_000
# What compact() rewrites: every table a person's id, note or search can be in.
_log = logging.getLogger(__name__)

COMPACTED_TABLES = (
    "shortlist_members",
    "shortlists",
    "candidate_tags",
    "pool_status_changes",
    "saved_searches",
    "audit_trail",
)


class _PgTx(RowsOf):
    def __init__(self, cur: psycopg.Cursor[Any]) -> None:
        self.cur = cur

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        text = to_psycopg(sql)
        used = {k: v for k, v in (params or {}).items() if f"%({k})s" in text}
        self.cur.execute(text, used)  # type: ignore[arg-type]
        return list(self.cur.fetchall()) if self.cur.description else []


class PostgresStore:
    kind = "postgresql"

    def __init__(
        self, url: str, *, min_size: int = 1, max_size: int = 8, timeout: float = 10
    ) -> None:
        self.url = url
        self.location = redact(url)
        self._pool = ConnectionPool(
            url,
            min_size=min_size,
            max_size=max_size,
            open=True,
            kwargs={"options": f"-c lock_timeout={LOCK_TIMEOUT_MS}", "autocommit": False},
            timeout=timeout,  # waiting for a free connection longer: StateBusy
        )
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        try:
            with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
                yield _PgTx(cur)
        except (psycopg.errors.LockNotAvailable, psycopg.errors.SerializationFailure) as exc:
            raise StateBusy() from exc
        except psycopg.errors.DeadlockDetected as exc:
            raise StateBusy() from exc
        except PoolTimeout as exc:  # every connection of this server in use for too long
            raise StateBusy() from exc

    def compact(self) -> bool:
        """VACUUM FULL the tables that name people (the workspace's and the audit trail),
        which rewrites each into new files without its deleted rows; True when every one
        was. It runs outside a transaction; a table that stays locked past the lock
        timeout, or that the connecting role does not own (PostgreSQL then skips it with
        a warning only), makes it False, and the caller tries again later
        (insights.state.compact_if_due). VACUUM FULL locks each table while it runs: on
        a large audit trail, other servers' audited actions wait that long.
        PostgreSQL's own write-ahead log, replicas and backups keep deleted rows until
        they are recycled: purge those by your database's procedures."""
        try:
            with self._pool.connection() as conn:
                owned = {
                    str(r[0])
                    for r in conn.execute(
                        "SELECT tablename FROM pg_tables WHERE tableowner = current_user "
                        "AND schemaname = current_schema()"
                    ).fetchall()
                }
                conn.rollback()
                missing = [t for t in COMPACTED_TABLES if t not in owned]
                if missing:
                    _log.warning(
                        "state compaction skipped: the database role does not own %s",
                        ", ".join(missing),
                    )
                    return False
                conn.autocommit = True  # VACUUM cannot run inside a transaction
                try:
                    for table in COMPACTED_TABLES:
                        conn.execute(sql.SQL("VACUUM FULL {}").format(sql.Identifier(table)))
                finally:
                    conn.autocommit = False
        except (psycopg.errors.LockNotAvailable, psycopg.errors.QueryCanceled, PoolTimeout):
            return False
        return True

    def close(self) -> None:
        self._pool.close()


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))
