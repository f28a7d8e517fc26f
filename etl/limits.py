"""The bounds every load runs within: columns, memory, time (settings in the environment).

A load is refused by name, never crashed, when a file goes beyond them:

- INSIGHTS_MAX_COLUMNS (default 2,000): columns a file may have.
- INSIGHTS_ETL_MEMORY (default 768MB): DuckDB's memory limit for a load; beyond it DuckDB
  spills to a private temp folder, and a load that still does not fit fails with a message.
- INSIGHTS_ETL_TIMEOUT (seconds, default 3600): the wall-clock time a load may take.
- INSIGHTS_MAX_CELL_MB (default 64): the longest single value (a CSV field, a JSON line,
  a spreadsheet cell) read; a record holding a longer one is rejected, not loaded.

The Python readers check the deadline as they stream; DuckDB statements are interrupted
when it passes (see `Deadline`).
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

MB = 1 << 20


class LimitExceeded(Exception):
    """A bound was reached; str() is the one-line reason (names the setting)."""


def _int_env(name: str, default: int, minimum: int = 1) -> int:
    raw = os.environ.get(name, "").strip().replace("_", "").replace(",", "")
    if not raw:
        return default
    try:
        return max(minimum, int(float(raw)))
    except ValueError:
        return default


def max_columns() -> int:
    return _int_env("INSIGHTS_MAX_COLUMNS", 2000)


def max_cell_bytes() -> int:
    return _int_env("INSIGHTS_MAX_CELL_MB", 64) * MB


def too_long(what: str = "a value") -> str:
    """The reason a record is rejected for a value over the cell limit."""
    return f"{what} is longer than {max_cell_bytes() // MB} MB (INSIGHTS_MAX_CELL_MB)"


def timeout_seconds() -> float:
    return float(_int_env("INSIGHTS_ETL_TIMEOUT", 3600))


def memory_limit() -> str:
    """DuckDB's memory_limit for a load, e.g. '1GB' (validated: it goes into SQL text)."""
    raw = os.environ.get("INSIGHTS_ETL_MEMORY", "").strip().upper().replace(" ", "")
    if re.fullmatch(r"\d+(\.\d+)?(KB|MB|GB|TB|KIB|MIB|GIB|TIB)", raw):
        return raw
    return "768MB"


@dataclass
class Deadline:
    """The wall-clock end of one load. `check()` raises LimitExceeded once it has passed;
    `watch(interrupt)` calls `interrupt` (DuckDB's con.interrupt) when it passes."""

    seconds: float
    started: float = 0.0

    def __post_init__(self) -> None:
        self.started = time.monotonic()
        self._timer: threading.Timer | None = None
        self.expired = False

    def remaining(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def check(self) -> None:
        if self.expired or self.remaining() <= 0:
            self.expired = True
            raise LimitExceeded(self.message())

    def message(self) -> str:
        return (
            f"the load took longer than its time limit of {self.seconds:,.0f} s "
            "(INSIGHTS_ETL_TIMEOUT); split the file or raise the limit"
        )

    def watch(self, interrupt: Callable[[], None]) -> None:
        def fire() -> None:
            self.expired = True
            interrupt()

        self._timer = threading.Timer(max(0.0, self.remaining()), fire)
        self._timer.daemon = True
        self._timer.start()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer.join(timeout=5)
            self._timer = None


def memory_message() -> str:
    return (
        f"the load needs more memory than its limit of {memory_limit()} (INSIGHTS_ETL_MEMORY); "
        "split the file or raise the limit"
    )
