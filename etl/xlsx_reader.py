"""XLSX -> raw table, read from the cells the sheet really holds.

A sheet's XML lists its cells sparsely; spreadsheet libraries that build the grid the sheet
declares (a cell at XFD1048576 declares 17 billion) can be made to allocate without bound
by a 2 KB file. This reader streams the sheet's XML (expat, no DTDs or entities) and keeps
only cells that exist: memory is the shared strings plus one chunk of rows, whatever the
declared size. A cell beyond INSIGHTS_MAX_COLUMNS, or shared strings beyond their budget,
are refused by name; the load's deadline is checked as the XML streams.

Legacy .xls and .ods workbooks are read by python-calamine in a child process under a
memory limit, so that a hostile one ends that child, not the load.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import posixpath
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.parsers import expat

import duckdb

from etl import limits
from etl.readers import (
    Format,
    ReadError,
    RowSink,
    SourceTable,
    cell_text,
    check_width,
    dedupe_headers,
    too_many_columns,
)

SHARED_STRINGS_BUDGET = 512 * limits.MB  # estimated memory of the shared strings table
READ_SIZE = 1 << 20
_DATE_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

Row = tuple[int, dict[int, Any]]  # spreadsheet row number, column index -> value
MAX_ROW_DIGITS = 7  # Excel's last row is 1,048,576


class _TooLong:
    """A cell value longer than INSIGHTS_MAX_CELL_MB: its text is never assembled, its row
    is rejected."""


TOO_LONG = _TooLong()


def _local(tag: str) -> str:
    return tag.rsplit(" ", 1)[-1].rsplit(":", 1)[-1]


def _parser(
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    text: Callable[[str], None] | None = None,
) -> Any:
    parser = expat.ParserCreate(namespace_separator=" ")

    def no_dtd(*_args: Any) -> None:
        raise ReadError("the workbook's XML declares a DTD (not allowed)")

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.StartElementHandler = lambda tag, attrs: start(_local(tag), attrs)
    parser.EndElementHandler = lambda tag: end(_local(tag))
    if text is not None:
        parser.CharacterDataHandler = text
    parser.buffer_text = True
    return parser


def _feed(
    archive: zipfile.ZipFile, member: str, parser: Any, deadline: limits.Deadline | None
) -> Iterator[None]:
    """Stream one member's XML into the parser; yields after each block (to drain rows)."""
    with archive.open(member) as stream:
        while block := stream.read(READ_SIZE):
            if deadline is not None:
                deadline.check()
            parser.Parse(block, False)
            yield
        parser.Parse(b"", True)
        yield


def _attr(attrs: dict[str, str], name: str) -> str | None:
    for key, value in attrs.items():
        if _local(key) == name:
            return value
    return None


class Workbook:
    def __init__(self, path: Path, name: str) -> None:
        self.name = name
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ReadError(
                f"{name}: cannot be read as XLSX: not a valid workbook ({exc})"
            ) from exc
        self.members = set(self.archive.namelist())
        self.sheets: list[tuple[str, str]] = []  # (name, member)
        self.date1904 = False
        self._read_workbook()

    def close(self) -> None:
        self.archive.close()

    def _xml(self, member: str, start: Callable[[str, dict[str, str]], None]) -> None:
        parser = _parser(start, lambda _tag: None)
        for _ in _feed(self.archive, member, parser, None):
            pass

    def _read_workbook(self) -> None:
        if "xl/workbook.xml" not in self.members:
            raise ReadError(f"{self.name}: cannot be read as XLSX: no workbook part")
        rels: dict[str, str] = {}

        def rel(tag: str, attrs: dict[str, str]) -> None:
            if tag == "Relationship" and attrs.get("Id") and attrs.get("Target"):
                rels[attrs["Id"]] = attrs["Target"]

        if "xl/_rels/workbook.xml.rels" in self.members:
            self._xml("xl/_rels/workbook.xml.rels", rel)
        self.rels = rels
        sheets: list[tuple[str, str]] = []

        def sheet(tag: str, attrs: dict[str, str]) -> None:
            if tag == "sheet":
                sheets.append((attrs.get("name", ""), _attr(attrs, "id") or ""))
            elif tag == "workbookPr" and attrs.get("date1904", "").lower() in ("1", "true"):
                self.date1904 = True

        self._xml("xl/workbook.xml", sheet)
        for index, (sheet_name, rel_id) in enumerate(sheets, start=1):
            target = rels.get(rel_id, f"worksheets/sheet{index}.xml")
            member = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            self.sheets.append((sheet_name, posixpath.normpath(member)))

    def sheet_member(self, sheet: str | None) -> str:
        names = [n for n, _ in self.sheets]
        if not self.sheets:
            raise ReadError(f"{self.name}: the workbook has no sheets")
        if sheet is not None and sheet not in names:
            raise ReadError(f"{self.name}: no sheet named '{sheet}' (sheets: {', '.join(names)})")
        member = self.sheets[names.index(sheet) if sheet is not None else 0][1]
        if member not in self.members:
            raise ReadError(f"{self.name}: cannot be read as XLSX: sheet part {member} is missing")
        return member

    def shared_strings(self, deadline: limits.Deadline | None) -> list[str | _TooLong]:
        member = next(
            (
                posixpath.normpath(posixpath.join("xl", t))
                for t in self.rels.values()
                if t.lower().endswith("sharedstrings.xml")
            ),
            "xl/sharedStrings.xml",
        )
        if member not in self.members:
            return []
        strings: list[str | _TooLong] = []
        parts: list[str] = []
        state = {"in_si": False, "in_t": False, "in_rph": False, "budget": 0, "size": 0}
        limit = limits.max_cell_bytes()

        def start(tag: str, _attrs: dict[str, str]) -> None:
            if tag == "si":
                state["in_si"] = True
                state["size"] = 0
                parts.clear()
            elif tag == "t" and state["in_si"] and not state["in_rph"]:
                state["in_t"] = True
            elif tag == "rPh":
                state["in_rph"] = True

        def end(tag: str) -> None:
            if tag == "si":
                text = "".join(parts) if state["size"] <= limit else TOO_LONG
                strings.append(text)
                state["in_si"] = False
                state["budget"] += 64 + (len(text) if isinstance(text, str) else 0)
                if state["budget"] > SHARED_STRINGS_BUDGET:
                    raise ReadError(
                        f"{self.name}: the workbook's shared strings need more than "
                        f"{SHARED_STRINGS_BUDGET // limits.MB} MB"
                    )
            elif tag == "t":
                state["in_t"] = False
            elif tag == "rPh":
                state["in_rph"] = False

        def text(data: str) -> None:
            if state["in_t"]:
                state["size"] += len(data)
                if state["size"] <= limit:
                    parts.append(data)
                else:
                    parts.clear()

        parser = _parser(start, end, text)
        for _ in _feed(self.archive, member, parser, deadline):
            pass
        return strings

    def date_styles(self) -> set[int]:
        """Indexes of cell styles (cellXfs) whose number format shows a date or time."""
        if "xl/styles.xml" not in self.members:
            return set()
        custom: dict[int, str] = {}
        xfs: list[int] = []
        state = {"in_xfs": False}

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag == "numFmt":
                with contextlib.suppress(ValueError):
                    custom[int(attrs.get("numFmtId", "-1"))] = attrs.get("formatCode", "")
            elif tag == "cellXfs":
                state["in_xfs"] = True
            elif tag == "xf" and state["in_xfs"]:
                try:
                    xfs.append(int(attrs.get("numFmtId", "0")))
                except ValueError:
                    xfs.append(0)

        parser = _parser(
            start, lambda tag: state.update(in_xfs=False) if tag == "cellXfs" else None
        )
        for _ in _feed(self.archive, "xl/styles.xml", parser, None):
            pass
        return {
            i
            for i, fmt in enumerate(xfs)
            if fmt in _DATE_IDS or (fmt in custom and _is_date_format(custom[fmt]))
        }

    def rows(
        self, sheet: str | None, deadline: limits.Deadline | None, max_columns: int
    ) -> Iterator[Row]:
        """Each row that holds at least one value: (row number, {column: value})."""
        member = self.sheet_member(sheet)
        strings = self.shared_strings(deadline)
        dates = self.date_styles()
        epoch = dt.datetime(1904, 1, 1) if self.date1904 else dt.datetime(1899, 12, 30)
        ready: list[Row] = []
        cells: dict[int, Any] = {}
        parts: list[str] = []
        state: dict[str, Any] = {
            "row": 0,
            "col": -1,
            "kind": None,
            "style": 0,
            "capture": False,
            "size": 0,
        }
        limit = limits.max_cell_bytes()

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag == "row":
                # Rows come in order: a number that does not follow (repeated, backwards,
                # absent or absurd) is read as the next row, so no two rows share a number.
                number = attrs.get("r") or ""
                given = int(number) if number.isdigit() and len(number) <= MAX_ROW_DIGITS else 0
                state["row"] = given if given > state["row"] else state["row"] + 1
                state["col"] = -1
                cells.clear()
            elif tag == "c":
                # Likewise a cell whose reference names no later column is the next one, so
                # no value overwrites another or lands before the first column.
                given = _column(attrs.get("r") or "")
                state["col"] = given if given > state["col"] else state["col"] + 1
                ref = attrs.get("r")
                if state["col"] >= max_columns:
                    raise ReadError(
                        too_many_columns(self.name, state["col"] + 1)
                        + f": the sheet has a value in cell {ref or state['col'] + 1}"
                    )
                state["kind"] = attrs.get("t", "n")
                style = attrs.get("s")
                state["style"] = int(style) if style and style.isdigit() and len(style) < 9 else 0
                state["size"] = 0
                parts.clear()
            elif tag in ("v", "t"):
                state["capture"] = True

        def end(tag: str) -> None:
            if tag in ("v", "t"):
                state["capture"] = False
            elif tag == "c":
                value = (
                    TOO_LONG
                    if state["size"] > limit
                    else _value(
                        "".join(parts), state["kind"], state["style"] in dates, strings, epoch
                    )
                )
                if value is not None:
                    cells[state["col"]] = value
            elif tag == "row" and cells:
                ready.append((state["row"], dict(cells)))

        def text(data: str) -> None:
            if state["capture"]:
                state["size"] += len(data)
                if state["size"] <= limit:
                    parts.append(data)
                else:
                    parts.clear()

        parser = _parser(start, end, text)
        for _ in _feed(self.archive, member, parser, deadline):
            yield from ready
            ready.clear()


def _column(ref: str) -> int:
    index = 0
    for char in ref:
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            index = index * 26 + ord(char) - 96
        else:
            break
    return index - 1


def _is_date_format(code: str) -> bool:
    plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    return bool(re.search(r"[dmyhs]", plain)) and not re.search(r"[0#?]", plain.split(";")[0])


def _value(
    text: str, kind: str, is_date: bool, strings: list[str | _TooLong], epoch: dt.datetime
) -> Any:
    if kind == "s":
        try:
            return strings[int(text)]
        except (ValueError, IndexError):
            return None
    if kind in ("str", "inlineStr", "e", "d"):
        return text or None
    if kind == "b":
        return text.strip() in ("1", "true")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    if is_date and 0 <= number < 2958466:
        try:
            moment = epoch + dt.timedelta(days=number)
            moment = moment.replace(microsecond=0) + dt.timedelta(
                seconds=round(moment.microsecond / 1e6)
            )
        except OverflowError:  # rounds past 9999-12-31: the number as written
            return number
        return moment.time() if number < 1 else moment
    return number


# ---------------------------------------------------------------- the raw table


def _rows(
    path: Path, name: str, sheet: str | None, deadline: limits.Deadline | None
) -> Iterator[Row]:
    if path.suffix.lower() in (".xls", ".ods"):
        yield from _legacy_rows(path, name, sheet, deadline)
        return
    book = Workbook(path, name)
    try:
        yield from book.rows(sheet, deadline, limits.max_columns())
    finally:
        book.close()


def _header(rows: Iterator[Row], name: str) -> tuple[int, list[str]]:
    for number, cells in rows:
        if any(v is TOO_LONG for v in cells.values()):
            raise ReadError(f"{name}: {limits.too_long(f'a header cell in row {number}')}")
        texts = {c: cell_text(v) for c, v in cells.items()}
        if any(texts.values()):
            width = max(c for c, t in texts.items() if t) + 1
            check_width(name, width)
            return number, dedupe_headers([texts.get(i) or "" for i in range(width)])
    raise ReadError(f"{name}: the sheet is empty")


def xlsx_headers(path: Path, name: str, sheet: str | None) -> list[str]:
    rows = _rows(path, name, sheet, limits.Deadline(limits.timeout_seconds()))
    try:
        return _header(rows, name)[1]
    finally:
        close = getattr(rows, "close", None)
        if close:
            close()


def read_xlsx(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    name: str,
    sheet: str | None,
    deadline: limits.Deadline,
) -> SourceTable:
    rows = _rows(path, name, sheet, deadline)
    _number, headers = _header(rows, name)
    width = len(headers)
    sink = RowSink(con, table, width, deadline, name)
    limit = limits.max_cell_bytes()
    for number, cells in rows:
        if any(v is TOO_LONG for v in cells.values()):
            sink.reject(number, {}, limits.too_long())
            continue
        texts = {c: cell_text(v) for c, v in cells.items()}
        if not any(texts.values()):
            continue
        if any(t for c, t in texts.items() if c >= width):
            raw = {
                headers[c] if c < width else f"(extra column {c + 1})": t
                for c, t in texts.items()
                if t
            }
            sink.reject(number, raw, f"row has values beyond the {width} headed columns")
            continue
        if any(t and len(t) > limit for t in texts.values()):
            sink.reject(number, {}, limits.too_long())
            continue
        sink.add([texts.get(i) for i in range(width)], number)
    sink.flush()
    return SourceTable(path, name, Format.XLSX, table, headers, sink.rows, sink.unreadable)


# ---------------------------------------------------------------- .xls / .ods

_LEGACY_CHILD = r"""
import json, resource, sys
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
names = book.sheet_names
if not names:
    print(json.dumps({"error": "the workbook has no sheets"})); sys.exit(0)
sheet = sys.argv[2] or names[0]
if sheet not in names:
    print(json.dumps({"error": f"no sheet named '{sheet}' (sheets: {', '.join(names)})"})); sys.exit(0)
for number, row in enumerate(book.get_sheet_by_name(sheet).iter_rows(), start=1):
    cells = {i: v for i, v in enumerate(row) if v not in (None, "")}
    if cells:
        print(json.dumps([number, {i: (v.isoformat() if hasattr(v, "isoformat") else v) for i, v in cells.items()}], default=str))
"""


def _legacy_rows(
    path: Path, name: str, sheet: str | None, deadline: limits.Deadline | None
) -> Iterator[Row]:
    """python-calamine builds the sheet's whole grid: it runs in a child process whose
    address space is capped, so a workbook declaring a huge grid ends that child only."""
    cap = str(2048 * limits.MB)
    process = subprocess.Popen(
        [sys.executable, "-c", _LEGACY_CHILD, str(path), sheet or "", cap],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    try:
        for line in process.stdout:
            if deadline is not None:
                deadline.check()
            item = json.loads(line)
            if isinstance(item, dict):
                raise ReadError(f"{name}: {item['error']}")
            number, cells = item
            yield int(number), {int(c): _legacy_value(v) for c, v in cells.items()}
    finally:
        process.kill()
        process.wait()
    if process.returncode not in (0, -9):
        raise ReadError(
            f"{name}: cannot be read as a spreadsheet (the reader stopped with code "
            f"{process.returncode}: a damaged file, or a declared grid too large to read)"
        )


def _legacy_value(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d)?", value):
        return dt.datetime.fromisoformat(value)
    return value
