"""Tabular exports (CSV, XLSX) that no spreadsheet evaluates.

Every cell is written as text. A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return gets a leading single quote (OWASP CSV injection), in both formats,
so a phone number ``+1 555 0100`` is exported as ``'+1 555 0100``. CSV is UTF-8 with a
byte-order mark (Excel then reads accents right); XLSX cells are written with
``write_string`` so nothing becomes a formula, a number or a link.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import math
import os
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_CELL = 32_767  # Excel's limit on characters in a cell


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


def cell_text(value: Any) -> str:
    """A value as the text a person reads: blanks for missing, ISO dates, ``4`` not ``4.0``."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(cell_text(v) for v in value)
    return str(value)


def safe_cell(value: Any) -> str:
    """:func:`cell_text`, with a leading quote when a spreadsheet would evaluate it."""
    text = cell_text(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def rows_of(frame: pd.DataFrame) -> list[list[str]]:
    """Header and body of a frame (index left out) as safe strings."""
    header = [safe_cell(c) for c in frame.columns]
    body = [[safe_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return [header, *body]


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV, UTF-8 with BOM, every field quoted when needed, CRLF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerows(rows_of(frame))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, *, sheet: str = "Export") -> bytes:
    """XLSX with every cell a string (``write_string``), a bold frozen header and filters."""
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
    bold = book.add_format({"bold": True})
    rows = rows_of(frame)
    widths = [0] * len(rows[0])
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            ws.write_string(r, c, text[:XLSX_MAX_CELL], bold if r == 0 else None)
            widths[c] = max(widths[c], min(len(text), 60))
    for c, width in enumerate(widths):
        ws.set_column(c, c, max(8, width + 2))
    ws.freeze_panes(1, 0)
    if rows[0]:
        ws.autofilter(0, 0, max(0, len(rows) - 1), len(rows[0]) - 1)
    book.close()
    return buffer.getvalue()


def _sheet_name(name: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'") or "Export"
    return cleaned[:31]


def to_bytes(frame: pd.DataFrame, fmt: Format, *, sheet: str = "Export") -> bytes:
    return to_csv_bytes(frame) if fmt is Format.CSV else to_xlsx_bytes(frame, sheet=sheet)


def write(frame: pd.DataFrame, path: str | os.PathLike[str], *, sheet: str = "Export") -> Format:
    """Write ``frame`` to ``path`` in the format its suffix names; returns the format."""
    fmt = Format.from_path(path)
    target = Path(path)
    tmp = target.with_name(f".{target.name}.part")
    tmp.write_bytes(to_bytes(frame, fmt, sheet=sheet))
    os.replace(tmp, target)
    return fmt
