"""Read-only warehouse access for the app: one cached connection per published version,
a cursor per query (in insights.queries), results cached by (query, filters, version).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import streamlit as st

from etl import settings, warehouse
from insights.access import Principal
from insights.reader import Reader

T = TypeVar("T")
_lock = threading.Lock()
_open_versions: dict[str, str] = {}


def db_path() -> Path:
    return settings.db_path()


def current_version() -> str | None:
    """Changes whenever a load publishes a new warehouse (None when there is none)."""
    return warehouse.version(db_path())


@st.cache_resource(show_spinner=False, on_release=lambda con: con.close())
def _open(path: str, version: str) -> duckdb.DuckDBPyConnection:
    return warehouse.open_read_only(path)


def connection() -> duckdb.DuckDBPyConnection | None:
    """The shared read-only connection to the current warehouse version (None if absent).

    DuckDB reuses an open database instance for the same path, so the previous version's
    connection is closed before the new one opens; otherwise a freshly published file
    would be read through the old instance.
    """
    path = str(db_path())
    version = warehouse.version(path)
    if version is None:
        return None
    with _lock:
        if _open_versions.get(path, version) != version:
            _open.clear()
        _open_versions[path] = version
        return _open(path, version)


@st.cache_data(show_spinner=False, max_entries=512)
def _run(target: str, path: str, version: str, args: tuple[Any, ...]) -> Any:
    module_name, _, name = target.partition(":")
    func: Any = importlib.import_module(module_name)
    for part in name.split("."):
        func = getattr(func, part)
    con = connection()
    if con is None:
        raise FileNotFoundError(path)
    return func(con, *args)


def cached_run(func: Callable[..., T], args: tuple[Any, ...]) -> T:
    """`func(connection, *args)` cached by (function, arguments, warehouse version): the
    Reader's cache. Arguments are values (filters, query specs), so equal views share it."""
    version = current_version()
    if version is None:
        raise FileNotFoundError(str(db_path()))
    result: T = _run(f"{func.__module__}:{func.__qualname__}", str(db_path()), version, args)
    return result


def reader(principal: Principal) -> Reader:
    """The read side's door for this session's user (see insights.reader)."""
    return Reader(connection, principal, cache=cached_run)
