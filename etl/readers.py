"""CSV / XLSX / JSON -> one raw all-text DuckDB table per file.

Every reader produces the same shape: columns c0..cN (VARCHAR, in header order),
plus __row, the row number a person would quote: for CSV and XLSX the spreadsheet
row (the header is row 1), for JSON the record number (the first object is 1).
Records that cannot be split into the header's columns go to a second table
(`SourceTable.unreadable_table`: __row, raw JSON, reason), so they are counted and kept.

Readers stream: no file is ever held whole in memory (DuckDB's CSV reader, or chunks of
rows from the Python readers), and every one is bounded by etl.limits (columns, cell
size, time).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import duckdb

from etl import limits


class ReadError(Exception):
    """The file cannot be read at all; the message names the file and the reason."""


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"

    @classmethod
    def for_path(cls, path: Path, name: str | None = None) -> Format:
        suffix = path.suffix.lower()
        if suffix in (".csv", ".tsv", ".txt"):
            return cls.CSV
        if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            return cls.XLSX
        if suffix in (".json", ".ndjson", ".jsonl"):
            return cls.JSON
        raise ReadError(
            f"{name or path.name}: unsupported file type '{suffix}' (expected .csv, .xlsx or .json)"
        )


@dataclass
class SourceTable:
    path: Path
    display_name: str
    format: Format
    table: str
    headers: list[str]
    rows: int
    unreadable_count: int = 0
    encoding: str | None = None
    row_sql: str = "__row"  # how the table yields the row number (CSV: its rowid)

    @property
    def unreadable_table(self) -> str:
        return f"{self.table}__unreadable"


def read_headers(
    path: str | os.PathLike[str], sheet: str | None = None, display_name: str | None = None
) -> list[str]:
    """Only the header row of a file (for mapping previews); bounded like a load."""
    p = Path(path)
    name = display_name or p.name
    fmt = Format.for_path(p, name)
    try:
        if fmt is Format.CSV:
            from etl.csv_reader import csv_headers

            return csv_headers(p, name)
        if fmt is Format.XLSX:
            from etl.xlsx_reader import xlsx_headers

            return xlsx_headers(p, name, sheet)
        from etl.json_reader import json_headers

        return json_headers(p, name)
    except (ReadError, limits.LimitExceeded):
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure is "this file cannot be read"
        raise ReadError(
            f"{name}: cannot be read as {fmt.value.upper()}: {first_line(exc)}"
        ) from exc


def read_source(
    con: duckdb.DuckDBPyConnection,
    path: str | os.PathLike[str],
    table: str,
    *,
    sheet: str | None = None,
    display_name: str | None = None,
    deadline: limits.Deadline | None = None,
) -> SourceTable:
    p = Path(path)
    name = display_name or p.name
    if not p.exists():
        raise ReadError(f"{name}: file not found")
    if p.stat().st_size == 0:
        raise ReadError(f"{name}: the file is empty")
    fmt = Format.for_path(p, name)
    clock = deadline or limits.Deadline(limits.timeout_seconds())
    try:
        if fmt is Format.CSV:
            from etl.csv_reader import read_csv

            return read_csv(con, p, table, name, clock)
        if fmt is Format.XLSX:
            from etl.xlsx_reader import read_xlsx

            return read_xlsx(con, p, table, name, sheet, clock)
        from etl.json_reader import read_json

        return read_json(con, p, table, name, clock)
    except (ReadError, limits.LimitExceeded, duckdb.InterruptException, MemoryError):
        raise
    except duckdb.OutOfMemoryException:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure is "this file cannot be read"
        raise ReadError(
            f"{name}: cannot be read as {fmt.value.upper()}: {first_line(exc)}"
        ) from exc


# ---------------------------------------------------------------- shared


class RowSink:
    """Streams rows into `table` (c0..cN VARCHAR, __row BIGINT) in chunks, so memory stays
    bounded whatever the file's size; unreadable records go to `table`__unreadable."""

    CHUNK_ROWS = 20_000
    CHUNK_BYTES = 32 * limits.MB

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        table: str,
        width: int,
        deadline: limits.Deadline,
        name: str = "",
    ) -> None:
        self.con, self.table, self.width, self.deadline = con, table, width, deadline
        self.name = name or table
        self.rows = 0
        self.unreadable = 0
        self._chunk: list[list[str | None]] = []
        self._numbers: list[int] = []
        self._bad: list[tuple[int | None, str, str]] = []
        self._bytes = 0
        self._table_width = width
        columns = ", ".join(f"c{i} VARCHAR" for i in range(width))
        con.execute(
            f'CREATE OR REPLACE TEMP TABLE "{table}" ({columns}{", " if columns else ""}__row BIGINT)'
        )
        con.execute(
            f'CREATE OR REPLACE TEMP TABLE "{table}__unreadable" '
            "(__row BIGINT, raw VARCHAR, reason VARCHAR)"
        )

    def widen(self, width: int) -> None:
        """More columns (JSON records name new keys as they come); earlier rows hold NULL.
        The table gains them at the next flush: a file naming a new key on every line
        then costs one ALTER per column, not a flush and an ALTER per line."""
        if width > limits.max_columns():
            raise ReadError(too_many_columns(self.name, width))
        self.width = max(self.width, width)

    def add(self, cells: list[str | None], row: int) -> None:
        self._chunk.append(cells)
        self._numbers.append(row)
        self._bytes += sum(len(c) for c in cells if c)
        if len(self._chunk) >= self.CHUNK_ROWS or self._bytes >= self.CHUNK_BYTES:
            self.flush()

    def reject(self, row: int | None, raw: dict[str, Any], reason: str) -> None:
        text = json.dumps(raw, ensure_ascii=False, default=str)
        self._bad.append((row, text, reason))
        self._bytes += len(text)
        if len(self._bad) >= self.CHUNK_ROWS or self._bytes >= self.CHUNK_BYTES:
            self.flush()

    def flush(self) -> None:
        self.deadline.check()
        for i in range(self._table_width, self.width):
            self.con.execute(f'ALTER TABLE "{self.table}" ADD COLUMN c{i} VARCHAR')
        self._table_width = self.width
        if self._chunk:
            import pyarrow as pa  # only the Python readers need it (CSV goes straight to DuckDB)

            columns: dict[str, Any] = {}
            for i in range(self.width):
                columns[f"c{i}"] = pa.array(
                    [r[i] if i < len(r) else None for r in self._chunk], type=pa.large_string()
                )
            columns["__row"] = pa.array(self._numbers, type=pa.int64())
            arrow = pa.table(columns)
            view = f"{self.table}__chunk"
            self.con.register(view, arrow)
            try:
                self.con.execute(f'INSERT INTO "{self.table}" BY NAME SELECT * FROM "{view}"')
            finally:
                self.con.unregister(view)
            self.rows += len(self._chunk)
            self._chunk, self._numbers = [], []
        if self._bad:
            self.con.executemany(
                f'INSERT INTO "{self.table}__unreadable" VALUES (?, ?, ?)', self._bad
            )
            self.unreadable += len(self._bad)
            self._bad = []
        self._bytes = 0


def too_many_columns(name: str, count: int) -> str:
    return (
        f"{name}: {count:,} columns; at most {limits.max_columns():,} are read "
        "(INSIGHTS_MAX_COLUMNS)"
    )


def check_width(name: str, count: int) -> None:
    if count > limits.max_columns():
        raise ReadError(too_many_columns(name, count))


def cell_text(value: Any) -> str | None:
    """A spreadsheet or JSON cell as the text a person would type; numbers lose a spurious '.0'."""
    import datetime as dt

    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    text = str(value)
    return text if text.strip() else None


def dedupe_headers(raw: list[str]) -> list[str]:
    out: list[str] = []
    seen: dict[str, int] = {}
    for index, header in enumerate(raw, start=1):
        text = " ".join(str(header).replace("\ufeff", "").split())
        if not text:
            text = f"column {index}"
        key = text.lower()
        if key in seen:
            seen[key] += 1
            text = f"{text} ({seen[key]})"
        else:
            seen[key] = 1
        out.append(text)
    return out


def count_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0]
    return int(row[0]) if row else 0


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
