"""CSV -> raw table: DuckDB's parallel reader, checked against the file's own record count.

DuckDB reads the file (delimiter and quoting sniffed by Python's csv module on a prefix).
Its rejects table does not record every line it skips, so the records it returned are
compared with the file's physical record count (records = non-empty lines outside
quotes, counted with numpy). When DuckDB rejected anything or the counts differ, the file
is read again with Python's csv module, streamed in chunks: every record keeps its exact
spreadsheet row number, and a record that cannot be split into the header's columns (or
holds a value longer than INSIGHTS_MAX_CELL_MB) is kept as unreadable with its reason.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import duckdb

from etl import limits
from etl.readers import (
    Format,
    ReadError,
    RowSink,
    SourceTable,
    check_width,
    count_rows,
    dedupe_headers,
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
HEADER_BYTES = 16 * limits.MB  # the header row must end within this many bytes


def detect_encoding(path: Path, prefix: int | None = None) -> str:
    """BOM, UTF-16 without BOM, else UTF-8 when the bytes decode as UTF-8, else cp1252.

    With `prefix`, only that many bytes are checked: DuckDB checks the rest while it
    parses (see read_csv), which saves decoding the whole file in Python.
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


def _text_prefix(path: Path, name: str, size: int = 256 << 10) -> tuple[str, str]:
    if _looks_binary(path):
        raise ReadError(
            f"{name}: not a text CSV file (binary content; an Excel file must end in .xlsx)"
        )
    encoding = detect_encoding(path, prefix=size * 4)
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        return handle.read(size), encoding


def _sniff(text: str) -> Any:
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


def _header(path: Path, name: str) -> tuple[list[str], Any, str]:
    """The header row (deduplicated), the dialect and the encoding; bounded in size and width."""
    text, encoding = _text_prefix(path, name)
    if not text.strip():
        raise ReadError(f"{name}: the file is empty")
    dialect = _sniff(text)
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        head = handle.read(HEADER_BYTES)
        complete = len(head) < HEADER_BYTES
    buffer = io.StringIO(head, newline="")  # a lone \r ends a line too (old Mac exports)
    csv.field_size_limit(HEADER_BYTES)
    try:
        row = next(csv.reader(buffer, dialect), [])
    except csv.Error as exc:
        raise ReadError(f"{name}: the header row cannot be read: {exc}") from exc
    if not complete and buffer.tell() >= len(head):
        raise ReadError(f"{name}: the header row is longer than {HEADER_BYTES // limits.MB} MB")
    check_width(name, len(row))
    headers = dedupe_headers(row)
    if not any(h.strip() for h in row):
        raise ReadError(f"{name}: no header row found")
    return headers, dialect, encoding


def csv_headers(path: Path, name: str) -> list[str]:
    return _header(path, name)[0]


@contextlib.contextmanager
def _utf8_copy(path: Path, encoding: str) -> Iterator[Path]:
    """DuckDB reads UTF-8 only: transcode other encodings to a private temporary file."""
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


def read_csv(
    con: duckdb.DuckDBPyConnection, path: Path, table: str, name: str, deadline: limits.Deadline
) -> SourceTable:
    headers, dialect, encoding = _header(path, name)
    columns = {f"c{i}": "VARCHAR" for i in range(len(headers))}
    read = False
    counted: tuple[int, bool] | None = None
    if encoding == "utf-8":
        # The records are counted beside DuckDB's reader rather than after it: keeping the
        # file's order, the reader leaves a core idle for much of its run.
        stop = threading.Event()  # a failed read does not wait for the count
        with ThreadPoolExecutor(1, thread_name_prefix="count-records") as pool:
            counting = pool.submit(count_records, path, deadline, stop)
            try:
                outcome = _duckdb_read_csv(con, path, table, dialect, columns)
            except BaseException:
                stop.set()
                raise
            read = outcome != "encoding"
            counted = counting.result()
        if outcome == "unparsed" and detect_encoding(path) != "utf-8":
            # DuckDB gave up before it reached the bytes that are not UTF-8: the exact
            # reader reads a transcoded copy.
            encoding, counted = "cp1252", None
        if not read:
            # Valid UTF-8 at the start, not further on: a cp1252 export (accents after the prefix).
            con.execute(f'DROP TABLE "{table}"')
            encoding = "cp1252"
    with _utf8_copy(path, encoding) as utf8_path:
        if not read or counted is None:
            outcome = _duckdb_read_csv(con, utf8_path, table, dialect, columns)
        deadline.check()
        records, open_quote = counted if counted else count_records(utf8_path, deadline)
        rows = 0 if outcome == "unparsed" else count_rows(con, table)
        if outcome == "unparsed" or _reject_count(con) or rows != records:
            # Rows the fast parser could not split, or lines it skipped without a word: read
            # the file again exactly, so every record keeps its row number and the bad ones
            # their reason.
            con.execute(f'DROP TABLE IF EXISTS "{table}"')
            return _read_exactly(
                con, utf8_path, table, name, headers, dialect, encoding, path, open_quote, deadline
            )
    con.execute(
        f'CREATE OR REPLACE TEMP TABLE "{table}__unreadable" '
        "(__row BIGINT, raw VARCHAR, reason VARCHAR)"
    )
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
    """DuckDB's parallel CSV reader into `table`; 'encoding' when some bytes were not UTF-8,
    'unparsed' when its parser gave up on the file (then there is no table)."""
    con.execute("DROP TABLE IF EXISTS reject_errors; DROP TABLE IF EXISTS reject_scans")
    try:
        _duckdb_read_into(con, path, table, dialect, columns)
    except duckdb.InvalidInputException:
        # e.g. "the CSV Parser state machine reached an invalid state" on a stray carriage
        # return: the exact reader then reads the file record by record.
        return "unparsed"
    bad_bytes = con.execute(
        "SELECT count(*) FROM reject_errors WHERE error_type = 'INVALID ENCODING'"
    ).fetchall()
    return "encoding" if bad_bytes and bad_bytes[0][0] else None


def _duckdb_read_into(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    dialect: Any,
    columns: dict[str, str],
) -> None:
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE "{table}" AS
            SELECT * FROM read_csv(?, delim = ?, quote = '"', escape = '"', header = true,
                                   auto_detect = false, columns = ?, store_rejects = true,
                                   max_line_size = ?, buffer_size = 33554432)""",
        # A longer line goes to the exact reader, which rejects a value over the cell limit.
        [str(path), dialect.delimiter, columns, min(16 * limits.MB, limits.max_cell_bytes())],
    )


def _reject_count(con: duckdb.DuckDBPyConnection) -> int:
    rows = con.execute("SELECT count(*) FROM reject_errors").fetchall()
    return int(rows[0][0]) if rows else 0


def count_records(
    path: Path, deadline: limits.Deadline | None = None, stop: threading.Event | None = None
) -> tuple[int, bool]:
    """The file's data records (non-empty lines outside double quotes, less the header) and
    whether it ends inside a quoted value. numpy scans the bytes in chunks: about 1 s/GB.
    Once `stop` is set it gives up (its result is then meaningless)."""
    import numpy as np

    chunk_size = 4 * limits.MB  # small: it runs beside DuckDB, within the same memory
    records = 0
    inside = False  # within quotes at the chunk's start
    previous_end = -1  # offset of the last record end (or -1 = start of file)
    offset = 0
    with open(path, "rb") as handle:
        if handle.read(3) != codecs.BOM_UTF8:
            handle.seek(0)
        else:
            offset = previous_end = 2
        while chunk := handle.read(chunk_size):
            if stop is not None and stop.is_set():
                return 0, False
            if deadline is not None:
                deadline.check()
            data = np.frombuffer(chunk, dtype=np.uint8)
            quotes = np.flatnonzero(data == 34)
            newlines = np.flatnonzero(data == 10)
            # quotes before each newline (within the chunk) -> parity -> a record end or not
            before = np.searchsorted(quotes, newlines)
            parity = (before + (1 if inside else 0)) % 2
            ends = newlines[parity == 0] + offset
            if len(ends):
                gaps = np.diff(np.concatenate(([previous_end], ends)))
                # an empty line (gap 1, or 2 for \r\n) is not a record
                blank = (gaps == 1) | (
                    (gaps == 2) & (_byte_before(path, ends, chunk, offset, data) == 13)
                )
                records += int(len(ends) - np.count_nonzero(blank))
                previous_end = int(ends[-1])
            inside = (len(quotes) + (1 if inside else 0)) % 2 == 1
            offset += len(chunk)
    if offset - 1 > previous_end:  # a last record without a line break
        records += 1
    return max(0, records - 1), inside


def _byte_before(path: Path, ends: Any, chunk: bytes, offset: int, data: Any) -> Any:
    """The byte before each record end (to tell a blank \\r\\n line); 0 where it lies in an
    earlier chunk (such a line is then counted, which at worst sends the file to the exact
    reader)."""
    import numpy as np

    local = ends - offset - 1
    out = np.zeros(len(local), dtype=np.uint8)
    ok = local >= 0
    out[ok] = data[local[ok]]
    return out


def _read_exactly(
    con: duckdb.DuckDBPyConnection,
    utf8_path: Path,
    table: str,
    name: str,
    headers: list[str],
    dialect: Any,
    encoding: str,
    original: Path,
    open_quote: bool,
    deadline: limits.Deadline,
) -> SourceTable:
    """Python's csv module, record by record. A quote that never closes would make the
    rest of the file one record: that record's first line is rejected alone and the
    lines after it are read again as records of their own."""
    width = len(headers)
    limit = limits.max_cell_bytes()
    csv.field_size_limit(limit)
    sink = RowSink(con, table, width, deadline, name)
    with open(utf8_path, encoding="utf-8-sig", newline="") as handle:
        lines = _QuoteCount(handle, dialect)
        reader = csv.reader(lines, dialect)
        next(reader, None)
        index, skipped = 1, 0  # rows numbered so far; physical lines before `lines`
        restarts = 0
        while True:
            last: tuple[int, list[str], int] | None = None
            while True:
                index += 1
                starts = skipped + reader.line_num + 1  # the physical line this record starts on
                try:
                    record = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    reason = (
                        limits.too_long()
                        if "field larger" in str(exc)
                        else f"cannot be read as CSV: {exc}"
                    )
                    ends = skipped + reader.line_num
                    sink.reject(index, {"line": f"(ends at line {ends})"}, reason)
                    continue
                if not record:
                    continue
                if last is not None:
                    _keep(sink, headers, last[0], last[1])
                last = (index, record, starts)
            if last is None:
                break
            row, record, starts = last
            spans_lines = any("\n" in cell or "\r" in cell for cell in record)
            if not spans_lines or not (open_quote if lines.counts is None else lines.inside):
                _keep(sink, headers, row, record)
                break
            # Quotes are odd in number, but a stray one in an unquoted value (12" pizza)
            # does that too: only a quote still open at the end of the file is unterminated.
            deadline.check()
            first = _skip_to(handle, starts)
            if not _ends_inside_quotes(first, handle, dialect):
                _keep(sink, headers, row, record)
                break
            raw = {"line": first.rstrip("\r\n")[:100_000]}
            if restarts == MAX_RESTARTS:
                sink.reject(
                    row,
                    raw,
                    f"unterminated quote: the record runs to the end of the file (after "
                    f"{MAX_RESTARTS} other unterminated quotes the rest is not read again)",
                )
                break
            sink.reject(row, raw, "unterminated quote: a quote opened in this row never closes")
            # Read on from the line after the one the open quote is on.
            restarts += 1
            _skip_to(handle, starts)
            skipped, index = starts, row
            lines = _QuoteCount(handle, dialect)
            reader = csv.reader(lines, dialect)
    sink.flush()
    return SourceTable(
        original, name, Format.CSV, table, headers, sink.rows, sink.unreadable, encoding
    )


MAX_RESTARTS = 20  # each one reads the file again from its start


def _skip_to(handle: Any, line_number: int) -> str:
    """Put `handle` just after physical line `line_number` (1-based); returns that line."""
    handle.seek(0)
    for number, line in enumerate(handle, start=1):
        if number == line_number:
            return str(line)
    return ""


def _ends_inside_quotes(first: str, rest: Iterator[str], dialect: Any) -> bool:
    """Whether a record starting with line `first` (and going on with `rest`) reaches the
    end of the file inside quotes: the strict csv parser says "unexpected end of data".
    Another strict complaint leaves the decision to the quote count."""
    strict = csv.reader(_chain(first, rest), dialect, strict=True)
    try:
        for _record in strict:
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc) or "field larger" not in str(exc)
    return False


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


class _QuoteCount:
    """The lines of a file as the csv module reads them, counting quote characters: an
    odd count at the end means the last record ends inside quotes. Only with quotes
    escaped by doubling them (counts is None otherwise: the file's count decides)."""

    def __init__(self, lines: Iterator[str], dialect: Any) -> None:
        self.lines = lines
        self.quote = dialect.quotechar or '"'
        self.counts: int | None = 0 if dialect.escapechar is None else None

    def __iter__(self) -> _QuoteCount:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        if self.counts is not None:
            self.counts += line.count(self.quote)
        return line

    @property
    def inside(self) -> bool:
        return self.counts is not None and self.counts % 2 == 1


def _keep(sink: RowSink, headers: list[str], row: int, record: list[str]) -> None:
    width = len(headers)
    if len(record) > width and not any(cell.strip() for cell in record[width:]):
        record = record[:width]  # trailing empty cells (a trailing delimiter): harmless
    elif len(record) < width:
        record = record + [""] * (width - len(record))  # trailing answers left off
    if len(record) != width:
        raw = {
            headers[i] if i < width else f"(extra column {i + 1})": v for i, v in enumerate(record)
        }
        sink.reject(row, raw, f"row has {len(record)} fields but the header has {width}")
        return
    sink.add([c if c != "" else None for c in record], row)
