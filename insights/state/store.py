"""Where the product's own state lives: accounts, sign-in failures, the audit trail, erasure
tombstones (and the recruiters' workspace). One interface, `Store`, over a backend:
the embedded DuckDB file beside the warehouse (default), or PostgreSQL.

SQL is written once, with `:name` placeholders, in the subset both backends read (plain
types, sequences, ON CONFLICT, RETURNING); each backend binds it its own way. Every
operation runs in one transaction (`with store.transaction() as tx:`), which commits when
the block succeeds. A store busy for longer than its timeout raises `StateBusy`, whose
text is one line for a person ("busy, try again"), never a path or a traceback.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import duckdb

from etl.private import private_files
from etl.warehouse import fsync_dir, rewrite_database

_PLACEHOLDER = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")
_LOCKED = ("lock", "conflict", "already open", "being used", "could not set lock")


class StateBusy(RuntimeError):
    """The state database is in use by another process for longer than we wait."""

    def __init__(self) -> None:
        super().__init__(
            "The workspace is busy (another server or command is using it): try again."
        )


class Transaction(Protocol):
    def execute(
        self, sql: str, params: Mapping[str, Any] | None = None
    ) -> list[tuple[Any, ...]]: ...

    def one(self, sql: str, params: Mapping[str, Any] | None = None) -> tuple[Any, ...] | None: ...

    def executemany(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> None: ...


class Store(Protocol):
    """A state backend. `kind` is 'duckdb' or 'postgresql'; `location` names it for
    messages (a path or a URL without its password)."""

    kind: str
    location: str

    def transaction(self) -> contextlib.AbstractContextManager[Transaction]: ...

    def compact(self) -> bool:
        """Leave no deleted row's bytes where the store keeps its data (after an erasure
        or a rewrite of ids): how far each backend can promise that, its own says. False
        when it could not be done now (busy, not permitted): the caller tries again."""
        ...


def to_duckdb(sql: str) -> str:
    return _PLACEHOLDER.sub(r"$\1", sql)


def to_psycopg(sql: str) -> str:
    return _PLACEHOLDER.sub(r"%(\1)s", sql.replace("%", "%%"))


class RowsOf:
    """`one` and `executemany` for a backend's transaction, from its `execute`."""

    def execute(
        self, sql: str, params: Mapping[str, Any] | None = None
    ) -> list[tuple[Any, ...]]:  # pragma: no cover - each backend's own
        raise NotImplementedError

    def one(self, sql: str, params: Mapping[str, Any] | None = None) -> tuple[Any, ...] | None:
        rows = self.execute(sql, params)
        return rows[0] if rows else None

    def executemany(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> None:
        for row in rows:
            self.execute(sql, row)


class _DuckTx(RowsOf):
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        text = to_duckdb(sql)
        used = {k: v for k, v in (params or {}).items() if f"${k}" in text}
        cur = self.con.execute(text, used)
        try:
            return list(cur.fetchall())
        except duckdb.InvalidInputException:  # a statement without a result set
            return []


# DuckDB allows one read-write opener per file at a time; the app serves many sessions
# from threads of one process, and the CLI may hold the file for a moment.
_LOCK = threading.RLock()
# The cross-process lock file each store holds while it uses its database: path ->
# (descriptor, depth), under _LOCK (a transaction inside a transaction holds it once).
_HELD: dict[Path, tuple[int, int]] = {}


class DuckDBStore:
    kind = "duckdb"

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 5.0) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self.timeout = timeout

    @contextlib.contextmanager
    def _exclusive(self) -> Iterator[None]:
        """One process at a time uses the file (`NAME.lock`, flock), waiting up to the
        timeout, then StateBusy. DuckDB's own lock refuses a second opener instead of
        queueing it, and cannot cover a compaction, which swaps the file itself."""
        key = self.path.resolve()
        held = _HELD.get(key)
        if held is not None:
            _HELD[key] = (held[0], held[1] + 1)
            try:
                yield
            finally:
                fd, depth = _HELD[key]
                _HELD[key] = (fd, depth - 1)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(f"{self.path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            deadline = time.monotonic() + self.timeout
            delay = 0.01
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise StateBusy() from None
                    time.sleep(delay)
                    delay = min(delay * 2, 0.1)
            _HELD[key] = (fd, 1)
            try:
                yield
            finally:
                del _HELD[key]
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        # Owner-only files: the database and the write-ahead log DuckDB creates in a write.
        with _LOCK, private_files(), self._exclusive():
            con = self._connect()
            try:
                con.execute("BEGIN TRANSACTION")
                try:
                    yield _DuckTx(con)
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
                try:
                    con.execute("COMMIT")
                except duckdb.TransactionException as exc:
                    raise StateBusy() from exc
            finally:
                con.close()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not self.path.exists()
        deadline = time.monotonic() + self.timeout
        delay = 0.02
        while True:
            try:
                con = duckdb.connect(str(self.path))
                break
            except duckdb.IOException as exc:
                if not any(w in str(exc).lower() for w in _LOCKED):
                    raise
                if time.monotonic() >= deadline:
                    raise StateBusy() from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.25)
        if fresh:
            private(self.path)
        return con

    def compact(self) -> bool:
        """Rewrite the file so no freed block or write-ahead log keeps a deleted row; True
        when done.

        DuckDB reuses freed blocks but does not wipe them, so the live rows are copied into
        a new file beside this one (COPY FROM DATABASE keeps sequences' next values),
        which replaces it with os.replace. The store's lock file is held throughout, so no
        other process opens the old file, or the new one, until the swap is complete.
        (The old file's blocks go back to the file system unwiped, as any deleted file's.)"""
        wal = Path(f"{self.path}.wal")
        with _LOCK, private_files(), self._exclusive():
            if not self.path.exists():
                return True
            # With the file held, a copy left beside it is a killed process's: remove it.
            for stale in self.path.parent.glob(f".{self.path.name}.compact-*"):
                stale.unlink(missing_ok=True)
            compacted = self.path.with_name(f".{self.path.name}.compact-{uuid.uuid4().hex[:12]}")
            try:
                con = self._connect()
                try:
                    con.execute("CHECKPOINT")  # the old write-ahead log merged into the file
                finally:
                    con.close()
                rewrite_database(self.path, compacted)
                os.chmod(compacted, 0o600)
                wal.unlink(missing_ok=True)  # a log left by the checkpoint holds old rows
                os.replace(compacted, self.path)
                fsync_dir(self.path.parent)
            except BaseException:
                for leftover in (compacted, Path(f"{compacted}.wal")):
                    leftover.unlink(missing_ok=True)
                raise
        return True


def private(path: Path) -> None:
    """Owner-only permissions for a file the product keeps (and its WAL when present)."""
    for target in (path, Path(f"{path}.wal")):
        with contextlib.suppress(FileNotFoundError, PermissionError):
            os.chmod(target, 0o600)
