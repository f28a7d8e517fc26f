"""CSV / XLSX / JSON -> one raw all-text DuckDB table per file.

Every reader produces the same shape: columns c0..cN (VARCHAR, in header order),
plus __row, the row number a person would quote: for CSV and XLSX the spreadsheet
row (the header is row 1), for JSON the record number (the first object is 1).
Records the parser cannot split into the header's columns come back as
`SourceTable.unreadable` with their reasons, so they are counted and kept.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import json
import math
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import duckdb


class ReadError(Exception):
    """The file cannot be read at all; the message names the file and the reason."""


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"

    @classmethod
    def for_path(cls, path: Path) -> Format:
        suffix = path.suffix.lower()
        if suffix in (".csv", ".tsv", ".txt"):
            return cls.CSV
        if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            return cls.XLSX
        if suffix in (".json", ".ndjson", ".jsonl"):
            return cls.JSON
        raise ReadError(
            f"{path.name}: unsupported file type '{suffix}' (expected .csv, .xlsx or .json)"
        )


@dataclass
class UnreadableRecord:
    row: int | None
    raw: dict[str, Any]
    reason: str


@dataclass
class SourceTable:
    path: Path
    display_name: str
    format: Format
    table: str
    headers: list[str]
    rows: int
    unreadable: list[UnreadableRecord] = field(default_factory=list)
    encoding: str | None = None
    row_sql: str = "__row"  # how the table yields the row number (CSV: its rowid)


def read_headers(path: str | os.PathLike[str], sheet: str | None = None) -> list[str]:
    """Only the header row of a file (for mapping previews)."""
    p = Path(path)
    fmt = Format.for_path(p)
    if fmt is Format.CSV:
        text, _ = _text_prefix(p)
        dialect = _sniff(text, p)
        return _dedupe_headers(next(csv.reader(io.StringIO(text), dialect), []), p)
    if fmt is Format.XLSX:
        rows = _xlsx_rows(p, sheet)
        return _dedupe_headers([_cell_text(c) or "" for c in next(rows, [])], p)
    records = _json_records(p)
    return _json_headers(records)


def read_source(
    con: duckdb.DuckDBPyConnection,
    path: str | os.PathLike[str],
    table: str,
    *,
    sheet: str | None = None,
    display_name: str | None = None,
) -> SourceTable:
    p = Path(path)
    name = display_name or p.name
    if not p.exists():
        raise ReadError(f"{name}: file not found")
    if p.stat().st_size == 0:
        raise ReadError(f"{name}: the file is empty")
    fmt = Format.for_path(p)
    try:
        if fmt is Format.CSV:
            return _read_csv(con, p, table, name)
        if fmt is Format.XLSX:
            return _read_xlsx(con, p, table, name, sheet)
        return _read_json(con, p, table, name)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure is "this file cannot be read"
        raise ReadError(
            f"{name}: cannot be read as {fmt.value.upper()}: {_first_line(exc)}"
        ) from exc


# ---------------------------------------------------------------- CSV

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _detect_encoding(path: Path, prefix: int | None = None) -> str:
    """BOM, UTF-16 without BOM, else UTF-8 when the bytes decode as UTF-8, else cp1252.

    With `prefix`, only that many bytes are checked: the CSV reader lets DuckDB check the
    rest while it parses (see _read_csv), which saves decoding the whole file in Python.
    """
    with open(path, "rb") as handle:
        head = handle.read(4)
        for bom, encoding in _BOMS:
            if head.startswith(bom):
                return encoding
        if len(head) >= 2 and (head[0] == 0) != (head[1] == 0):
            return "utf-16-le" if head[1] == 0 else "utf-16-be"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            if prefix is not None:
                decoder.decode(handle.read(prefix))
            else:
                while chunk := handle.read(8 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def _looks_binary(path: Path) -> bool:
    """A NUL-heavy start (not UTF-16) or a known binary signature: not a text export."""
    with open(path, "rb") as handle:
        head = handle.read(8192)
    if head.startswith(
        (b"PK\x03\x04", b"\x89PNG", b"%PDF", b"\xd0\xcf\x11\xe0", b"GIF8", b"\xff\xd8\xff")
    ):
        return True
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or (
        len(head) > 1 and (head[0] == 0) != (head[1] == 0)
    ):
        return False
    return head.count(0) > max(2, len(head) // 100)


def _text_prefix(path: Path, size: int = 256 << 10) -> tuple[str, str]:
    if _looks_binary(path):
        raise ReadError(
            f"{path.name}: not a text CSV file (binary content; an Excel file must end in .xlsx)"
        )
    encoding = _detect_encoding(path, prefix=size * 4)
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        return handle.read(size), encoding


def _sniff(text: str, path: Path) -> type[csv.Dialect] | csv.Dialect:
    sample = text[: 64 << 10]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        counts = {d: first.count(d) for d in ",;\t|"}
        best = max(counts, key=lambda d: counts[d])
        dialect = csv.excel()
        if counts[best]:
            dialect.delimiter = best
        return dialect


@contextlib.contextmanager
def _utf8_copy(path: Path, encoding: str) -> Iterator[Path]:
    """DuckDB reads UTF-8 only: transcode other encodings to a temporary file."""
    if encoding in ("utf-8", "utf-8-sig"):
        yield path
        return
    fd, tmp = tempfile.mkstemp(suffix=".csv", prefix="insights-utf8-")
    try:
        with (
            os.fdopen(fd, "w", encoding="utf-8", newline="") as out,
            open(path, encoding=encoding, errors="replace", newline="") as src,
        ):
            while chunk := src.read(4 << 20):
                out.write(chunk)
        yield Path(tmp)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _read_csv(con: duckdb.DuckDBPyConnection, path: Path, table: str, name: str) -> SourceTable:
    text, encoding = _text_prefix(path)
    if not text.strip():
        raise ReadError(f"{name}: the file is empty")
    dialect = _sniff(text, path)
    header_row = next(csv.reader(io.StringIO(text), dialect), [])
    headers = _dedupe_headers(header_row, path)
    if not any(h.strip() for h in headers):
        raise ReadError(f"{name}: no header row found")
    columns = {f"c{i}": "VARCHAR" for i in range(len(headers))}
    read = False
    if encoding == "utf-8":
        read = _duckdb_read_csv(con, path, table, dialect, columns) != "encoding"
        if not read:
            # Valid UTF-8 at the start, not further on: a cp1252 export (accents after the prefix).
            con.execute(f'DROP TABLE "{table}"')
            encoding = "cp1252"
    with _utf8_copy(path, encoding) as utf8_path:
        if not read:
            _duckdb_read_csv(con, utf8_path, table, dialect, columns)
        if _reject_count(con):
            # Rows the fast parser could not split: re-read with Python's csv module so every
            # record keeps its exact spreadsheet row number and the malformed ones their reason.
            con.execute(f'DROP TABLE "{table}"')
            return _read_csv_exactly(con, utf8_path, table, name, headers, dialect, encoding, path)
    rows = _count(con, table)
    # Records come back in file order, so the spreadsheet row is the rowid + 2 (header = row 1).
    return SourceTable(
        path, name, Format.CSV, table, headers, rows, encoding=encoding, row_sql="(rowid + 2)"
    )


def _duckdb_read_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    dialect: Any,
    columns: dict[str, str],
) -> str | None:
    """DuckDB's parallel CSV reader into `table`; 'encoding' when some bytes were not UTF-8."""
    con.execute("DROP TABLE IF EXISTS reject_errors; DROP TABLE IF EXISTS reject_scans")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE "{table}" AS
            SELECT * FROM read_csv(?, delim = ?, quote = '"', escape = '"', header = true,
                                   auto_detect = false, columns = ?, store_rejects = true,
                                   max_line_size = 16777216, buffer_size = 33554432)""",
        [str(path), dialect.delimiter, columns],
    )
    bad_bytes = con.execute(
        "SELECT count(*) FROM reject_errors WHERE error_type = 'INVALID ENCODING'"
    ).fetchall()
    return "encoding" if bad_bytes and bad_bytes[0][0] else None


def _reject_count(con: duckdb.DuckDBPyConnection) -> int:
    rows = con.execute("SELECT count(*) FROM reject_errors").fetchall()
    return int(rows[0][0]) if rows else 0


def _read_csv_exactly(
    con: duckdb.DuckDBPyConnection,
    utf8_path: Path,
    table: str,
    name: str,
    headers: list[str],
    dialect: Any,
    encoding: str,
    original: Path,
) -> SourceTable:
    width = len(headers)
    good: list[list[str | None]] = []
    unreadable: list[UnreadableRecord] = []
    with open(utf8_path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, dialect)
        next(reader, None)
        for index, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > width and not any(cell.strip() for cell in record[width:]):
                record = record[:width]  # trailing empty cells (a trailing delimiter): harmless
            elif len(record) < width:
                record = record + [""] * (width - len(record))  # trailing answers left off
            if len(record) != width:
                raw = {
                    headers[i] if i < width else f"(extra column {i + 1})": v
                    for i, v in enumerate(record)
                }
                unreadable.append(
                    UnreadableRecord(
                        index, raw, f"row has {len(record)} fields but the header has {width}"
                    )
                )
                continue
            good.append([*(c if c != "" else None for c in record), str(index)])
    _create_from_rows(con, table, width, good)
    return SourceTable(original, name, Format.CSV, table, headers, len(good), unreadable, encoding)


# ---------------------------------------------------------------- XLSX


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[list[Any]]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    names = workbook.sheet_names
    if not names:
        raise ReadError(f"{path.name}: the workbook has no sheets")
    if sheet is not None and sheet not in names:
        raise ReadError(f"{path.name}: no sheet named '{sheet}' (sheets: {', '.join(names)})")
    data = workbook.get_sheet_by_name(sheet or names[0]).to_python(skip_empty_area=False)
    return iter(data)


def _read_xlsx(
    con: duckdb.DuckDBPyConnection, path: Path, table: str, name: str, sheet: str | None
) -> SourceTable:
    rows = _xlsx_rows(path, sheet)
    header_index, header = next(
        ((i, row) for i, row in enumerate(rows, start=1) if any(_cell_text(c) for c in row)),
        (0, []),
    )
    if not header:
        raise ReadError(f"{name}: the sheet is empty")
    headers = _dedupe_headers([_cell_text(c) or "" for c in header], path)
    while headers and not headers[-1].strip() and headers[-1].startswith("column "):
        headers.pop()
    width = len(headers)
    good: list[list[str | None]] = []
    unreadable: list[UnreadableRecord] = []
    for index, record in enumerate(rows, start=header_index + 1):
        cells = [_cell_text(c) for c in record]
        if not any(cells):
            continue
        if any(cells[width:]):
            raw = {
                headers[i] if i < width else f"(extra column {i + 1})": v
                for i, v in enumerate(cells)
                if v
            }
            unreadable.append(
                UnreadableRecord(index, raw, f"row has values beyond the {width} headed columns")
            )
            continue
        cells = (cells + [None] * width)[:width]
        good.append([*cells, str(index)])
    _create_from_rows(con, table, width, good)
    return SourceTable(path, name, Format.XLSX, table, headers, len(good), unreadable)


def _cell_text(value: Any) -> str | None:
    """A spreadsheet cell as the text a person would type; numbers lose a spurious '.0'."""
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


# ---------------------------------------------------------------- JSON


def _json_records(path: Path) -> list[Any]:
    encoding = _detect_encoding(path)
    with open(path, encoding=encoding) as handle:
        text = handle.read()
    stripped = text.lstrip()
    if not stripped:
        raise ReadError(f"{path.name}: the file is empty")
    if stripped[0] == "[":
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ReadError(f"{path.name}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
        return list(data)
    if stripped[0] == "{":
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict):
            for key in ("records", "rows", "data", "items", "responses", "results"):
                if isinstance(data.get(key), list):
                    return list(data[key])
            return [data]
    records: list[Any] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            records.append(_BrokenLine(number, line, exc.msg))
    if records and all(isinstance(r, _BrokenLine) for r in records):
        raise ReadError(f"{path.name}: not JSON (an array of objects or one object per line)")
    return records


@dataclass
class _BrokenLine:
    line: int
    text: str
    reason: str


def _json_headers(records: Iterable[Any]) -> list[str]:
    seen: dict[str, None] = {}
    for record in records:
        if isinstance(record, dict):
            for key in record:
                seen.setdefault(str(key), None)
    return list(seen)


def _json_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        items = [_json_text(v) for v in value]
        return "; ".join(i for i in items if i) or None
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return _cell_text(value)


def _read_json(con: duckdb.DuckDBPyConnection, path: Path, table: str, name: str) -> SourceTable:
    records = _json_records(path)
    headers = _json_headers(records)
    if not headers:
        raise ReadError(f"{name}: no JSON objects found")
    good: list[list[str | None]] = []
    unreadable: list[UnreadableRecord] = []
    for number, record in enumerate(records, start=1):
        if isinstance(record, _BrokenLine):
            unreadable.append(
                UnreadableRecord(number, {"line": record.text}, f"invalid JSON: {record.reason}")
            )
            continue
        if not isinstance(record, dict):
            unreadable.append(
                UnreadableRecord(number, {"value": record}, "record is not a JSON object")
            )
            continue
        cells = [_json_text(record.get(h)) for h in headers]
        if not any(cells):
            continue
        good.append([*cells, str(number)])
    _create_from_rows(con, table, len(headers), good)
    return SourceTable(path, name, Format.JSON, table, headers, len(good), unreadable)


# ---------------------------------------------------------------- shared


def _create_from_rows(
    con: duckdb.DuckDBPyConnection, table: str, width: int, rows: list[list[str | None]]
) -> None:
    import pyarrow as pa  # only the Python readers need it (CSV goes straight to DuckDB)

    names = [f"c{i}" for i in range(width)] + ["__row_text"]
    columns: list[Sequence[str | None]] = (
        list(zip(*rows, strict=True)) if rows else [[] for _ in names]
    )
    arrow = pa.table(
        {n: pa.array(list(col), type=pa.string()) for n, col in zip(names, columns, strict=True)}
    )
    con.register(f"{table}__arrow", arrow)
    try:
        con.execute(
            f'CREATE OR REPLACE TEMP TABLE "{table}" AS SELECT * EXCLUDE (__row_text), '
            f'CAST(__row_text AS BIGINT) AS __row FROM "{table}__arrow"'
        )
    finally:
        con.unregister(f"{table}__arrow")


def _dedupe_headers(raw: list[str], path: Path) -> list[str]:
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


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0]
    return int(row[0]) if row else 0


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
