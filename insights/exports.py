"""Tabular exports (CSV, XLSX) an ATS, a CRM or a spreadsheet takes as they are.

Values keep their types: numbers are written as numbers (``4``, ``85000``, ``3.5``), dates
as ISO dates (CSV) or date cells (XLSX), text as text. Formula injection: only a cell a
spreadsheet would *evaluate to something other than itself* is neutralised, i.e. text
starting with ``=``, ``@``, a tab or a carriage return, or with ``+`` / ``-`` when the rest
is not a plain number. So an E.164 phone ``+4915123456789`` or ``-2`` is written as is,
while ``=HYPERLINK(...)`` or ``+1 555 0100`` is not evaluated:

- CSV (UTF-8 with a byte-order mark, so Excel reads accents right): such a cell gets a
  leading apostrophe (OWASP's advice; there is no other way to mark text in CSV);
- XLSX: every text cell is a string cell (``write_string``), which Excel never evaluates;
  a formula-like one also gets Excel's "quote prefix" style, so it stays text even when a
  user edits it, and its value carries no apostrophe. Numbers are number cells, dates
  date cells; phones are text.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import math
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
XLSX_MAX_CELL = 32_767  # Excel's limit on characters in a cell
XLSX_MAX_ROWS = 1_048_575


class Format(enum.StrEnum):
    CSV = "csv"
    XLSX = "xlsx"

    @property
    def mime(self) -> str:
        if self is Format.CSV:
            return "text/csv"
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> Format:
        """The format a file name asks for (``.csv`` or ``.xlsx``)."""
        suffix = Path(path).suffix.lower().lstrip(".")
        try:
            return cls(suffix)
        except ValueError:
            raise ValueError(f"Cannot tell the format of {path}: use .csv or .xlsx") from None


def is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )


def cell_text(value: Any) -> str:
    """A value as CSV text: blank for missing, ISO dates, ``4`` not ``4.0``."""
    if is_missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if is_number(value):
        number = float(value)
        if not math.isfinite(number):
            return ""
        if number.is_integer() and abs(number) < 1e16:
            return str(int(number))
        return repr(number)
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | np.ndarray):
        return ", ".join(cell_text(v) for v in value)
    return str(value)


def evaluates(text: str) -> bool:
    """Would a spreadsheet evaluate this text to something other than itself?"""
    if not text or not text.startswith(FORMULA_TRIGGERS):
        return False
    if text[0] in "+-":
        return not PLAIN_NUMBER.fullmatch(text)
    return True


def safe_cell(value: Any) -> str:
    """:func:`cell_text`, with a leading apostrophe when a spreadsheet would evaluate it."""
    text = cell_text(value)
    return "'" + text if evaluates(text) else text


def rows_of(frame: pd.DataFrame) -> list[list[str]]:
    """Header and body of a frame (index left out) as CSV-safe strings."""
    header = [safe_cell(c) for c in frame.columns]
    body = [[safe_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return [header, *body]


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV, UTF-8 with BOM, fields quoted when needed, CRLF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerows(rows_of(frame))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx_bytes(
    frame: pd.DataFrame,
    *,
    sheet: str = "Export",
    about: Sequence[tuple[str, str]] = (),
) -> bytes:
    """XLSX with typed cells, a bold frozen header and filters; ``about`` (label, text)
    pairs go on a second sheet "About this export"."""
    if len(frame) > XLSX_MAX_ROWS:
        raise ValueError(f"{len(frame):,} rows do not fit in one sheet: narrow the export.")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    ws = book.add_worksheet(_sheet_name(sheet))
    styles = {
        "header": book.add_format({"bold": True}),
        "quoted": book.add_format({"quote_prefix": True}),
        "int": book.add_format({"num_format": "#,##0"}),
        "float": book.add_format({"num_format": "#,##0.##"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
    }
    widths = [len(str(c)) for c in frame.columns]
    for c, name in enumerate(frame.columns):
        _write(ws, 0, c, str(name), styles, header=True)
    for r, row in enumerate(frame.itertuples(index=False, name=None), start=1):
        for c, value in enumerate(row):
            shown = _write(ws, r, c, value, styles)
            widths[c] = max(widths[c], min(shown, 60))
    for c, width in enumerate(widths):
        ws.set_column(c, c, max(8, width + 2))
    ws.freeze_panes(1, 0)
    if len(frame.columns):
        ws.autofilter(0, 0, max(0, len(frame)), len(frame.columns) - 1)
    if about:
        info = book.add_worksheet("About this export")
        info.set_column(0, 0, 24)
        info.set_column(1, 1, 90)
        for r, (label, text) in enumerate(about):
            info.write_string(r, 0, str(label), styles["header"])
            _write(info, r, 1, str(text), styles)
    book.close()
    return buffer.getvalue()


def _write(
    ws: Any, r: int, c: int, value: Any, styles: dict[str, Any], *, header: bool = False
) -> int:
    """Write one typed cell; returns its width in characters (for the column width)."""
    if is_missing(value):
        return 0
    if header:
        ws.write_string(r, c, str(value)[:XLSX_MAX_CELL], styles["header"])
        return len(str(value))
    if isinstance(value, bool | np.bool_):
        ws.write_boolean(r, c, bool(value))
        return 5
    if is_number(value):
        number = float(value)
        if not math.isfinite(number):
            return 0
        integral = number.is_integer()
        ws.write_number(r, c, number, styles["int" if integral else "float"])
        return len(f"{number:,.0f}") if integral else len(f"{number:,.2f}")
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            ws.write_datetime(r, c, value, styles["date"])
            return 10
        ws.write_datetime(r, c, value.replace(tzinfo=None), styles["datetime"])
        return 16
    if isinstance(value, dt.date):
        ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), styles["date"])
        return 10
    text = cell_text(value)[:XLSX_MAX_CELL]
    ws.write_string(r, c, text, styles["quoted"] if evaluates(text) else None)
    return len(text)


def _sheet_name(name: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'") or "Export"
    return cleaned[:31]


def to_bytes(
    frame: pd.DataFrame,
    fmt: Format,
    *,
    sheet: str = "Export",
    about: Sequence[tuple[str, str]] = (),
) -> bytes:
    if fmt is Format.CSV:
        return to_csv_bytes(frame)
    return to_xlsx_bytes(frame, sheet=sheet, about=about)


def write(
    frame: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    sheet: str = "Export",
    about: Sequence[tuple[str, str]] = (),
) -> Format:
    """Write ``frame`` to ``path`` in the format its suffix names; returns the format."""
    fmt = Format.from_path(path)
    target = Path(path)
    tmp = target.with_name(f".{target.name}.part")
    tmp.write_bytes(to_bytes(frame, fmt, sheet=sheet, about=about))
    os.replace(tmp, target)
    return fmt
