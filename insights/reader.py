"""The read side's one door: a read-only warehouse and who is reading it.

Pages, reports, exports and commands never hold a database connection or call a query
function: they ask a `Reader`, which checks the caller's permission first and runs the
query (through a cache when the app gives one). `insights.queries` is private to the
read side (an import-linter contract), so there is no other way to a figure.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from etl import settings, warehouse
from insights.access import SYSTEM, Permission, Principal

T = TypeVar("T")

# cache(func, args) -> func(con, *args): the app's cache keyed by the function, its
# (hashable) arguments and the warehouse version; the default runs it directly.
Cache = Callable[[Callable[..., Any], tuple[Any, ...]], Any]


class NoWarehouse(FileNotFoundError):
    """There is no warehouse file (yet) where the settings point."""


class Reader:
    def __init__(
        self,
        connect: Callable[[], duckdb.DuckDBPyConnection | None],
        principal: Principal,
        *,
        cache: Cache | None = None,
    ) -> None:
        self._connect = connect
        self.principal = principal
        self._cache = cache

    def require(self, permission: Permission) -> None:
        """Raise AccessDenied unless the caller's role grants `permission`."""
        self.principal.require(permission)

    def may(self, permission: Permission) -> bool:
        return self.principal.may(permission)

    def connection(self) -> duckdb.DuckDBPyConnection:
        con = self._connect()
        if con is None:
            raise NoWarehouse("no warehouse")
        return con

    def has_warehouse(self) -> bool:
        return self._connect() is not None

    def run(self, permission: Permission, func: Callable[..., T], *args: Any) -> T:
        """`func(connection, *args)` after checking `permission`, through the cache."""
        self.require(permission)
        if self._cache is not None:
            result: T = self._cache(func, tuple(args))
            return result
        return func(self.connection(), *args)


@contextlib.contextmanager
def open_reader(db: str | Path | None = None, principal: Principal = SYSTEM) -> Iterator[Reader]:
    """A Reader over the warehouse file (`--db`, else $INSIGHTS_DB, else the default),
    for commands and scripts; the connection is closed on exit."""
    path = settings.db_path(db)
    if not path.exists():
        raise NoWarehouse(f"no warehouse at {path}: run `insights demo` or `insights load FILE`")
    con = warehouse.open_read_only(path)
    try:
        yield Reader(lambda: con, principal)
    finally:
        con.close()
