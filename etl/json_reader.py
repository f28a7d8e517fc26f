"""JSON -> raw table: an array of objects, {"records": [...]} (or rows/data/items/...),
one object, or NDJSON (one object per line), streamed.

Arrays and containers stream through ijson (records are built one at a time); NDJSON is
read line by line. Each record's keys become columns as they first appear. A record that
is not an object, nests deeper than MAX_DEPTH, or (NDJSON) a line that is not valid JSON
is kept as unreadable with its reason: one bad line never fails the file.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from etl import limits
from etl.readers import Format, ReadError, RowSink, SourceTable, cell_text

CONTAINER_KEYS = ("records", "rows", "data", "items", "responses", "results")
MAX_DEPTH = 64
SCAN_DEPTH = 1_000  # beyond it a document is refused before it is built (see _check_nesting)
HEADER_SCAN = 10_000  # records a mapping preview looks at for keys
HEADER_SCAN_BYTES = 64 * limits.MB  # how far the preview checks the nesting (it runs capped)


class _Bad:
    def __init__(self, raw: dict[str, Any], reason: str) -> None:
        self.raw, self.reason = raw, reason


def _encoding(path: Path) -> str:
    from etl.csv_reader import detect_encoding

    return detect_encoding(path, prefix=4 << 20)


@contextlib.contextmanager
def _utf8(path: Path) -> Iterator[Path]:
    encoding = _encoding(path)
    if encoding in ("utf-8", "utf-8-sig"):
        yield path
        return
    fd, tmp = tempfile.mkstemp(suffix=".json", prefix="insights-utf8-")
    try:
        with (
            os.fdopen(fd, "w", encoding="utf-8") as out,
            open(path, encoding=encoding, errors="replace") as src,
        ):
            while chunk := src.read(4 << 20):
                out.write(chunk)
        yield Path(tmp)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _first_char(path: Path) -> str:
    with open(path, "rb") as handle:
        while block := handle.read(1 << 16):
            text = block.lstrip(codecs.BOM_UTF8).lstrip()
            if text:
                return chr(text[0])
    return ""


def _lines(path: Path, deadline: limits.Deadline | None) -> Iterator[bytes | None]:
    """Non-empty lines; None for a line longer than the cell limit (skipped, not held)."""
    limit = limits.max_cell_bytes()
    with open(path, "rb") as handle:
        while True:
            if deadline is not None:
                deadline.check()
            line = handle.readline(limit + 1)
            if not line:
                return
            if len(line) > limit and not line.endswith(b"\n"):
                while (more := handle.readline(limit)) and not more.endswith(b"\n"):
                    pass
                yield None
                continue
            if line.strip():
                yield line


def _is_ndjson(path: Path) -> bool:
    """Objects one per line: the .ndjson/.jsonl suffix, or one of the first two lines is a
    whole JSON object and another non-empty line follows it."""
    if path.suffix.lower() in (".ndjson", ".jsonl"):
        return True
    lines = []
    for line in _lines(path, None):
        lines.append(line)
        if len(lines) == 3:
            break
    if len(lines) < 2:
        return False
    for line in lines[:2]:
        if line is None:
            continue
        with contextlib.suppress(ValueError, RecursionError):
            if isinstance(json.loads(line.lstrip(codecs.BOM_UTF8)), dict):
                return True
    return False


def _container_prefix(path: Path) -> str | None:
    """For a top-level object: the ijson prefix of its records list ('records.item'), or
    None when the object is itself the one record."""
    import ijson

    with open(path, "rb") as handle:
        depth = 0
        key = None
        for prefix, event, value in ijson.parse(handle):
            if event in ("start_map", "start_array"):
                depth += 1
                if depth == 2 and event == "start_array" and key in CONTAINER_KEYS:
                    return f"{key}.item"
            elif event in ("end_map", "end_array"):
                depth -= 1
            elif event == "map_key" and depth == 1:
                key = value
            del prefix
    return None


class _Prefix:
    """The first `size` bytes of a binary file, as a file (a bounded scan)."""

    def __init__(self, handle: Any, size: int) -> None:
        self.handle, self.left = handle, size

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        data = self.handle.read(n) if n > 0 else b""
        self.left -= len(data)
        return bytes(data)


def _check_nesting(path: Path, deadline: limits.Deadline | None, prefix: int | None = None) -> None:
    """Refuse a JSON document nesting deeper than SCAN_DEPTH before ijson builds it: ijson
    names each value by its path, so memory grows with the square of the depth (a 200 KB
    file of brackets took gigabytes). Its basic events carry no path. A record nesting
    deeper than MAX_DEPTH but within SCAN_DEPTH is rejected alone, as it is read."""
    import ijson

    depth = 0
    with open(path, "rb") as handle:
        stream = handle if prefix is None else _Prefix(handle, prefix)
        try:
            for count, (event, _value) in enumerate(ijson.basic_parse(stream)):
                if event in ("start_map", "start_array"):
                    depth += 1
                    if depth > SCAN_DEPTH:
                        raise ReadError(
                            f"{path.name}: nests deeper than {SCAN_DEPTH:,} levels (a record "
                            f"nesting deeper than {MAX_DEPTH} is rejected; one line of NDJSON "
                            "would be rejected alone)"
                        )
                elif event in ("end_map", "end_array"):
                    depth -= 1
                if deadline is not None and count % 100_000 == 0:
                    deadline.check()
        except ijson.JSONError:
            return  # the read itself reports where the JSON breaks


def _records(
    path: Path, deadline: limits.Deadline | None, scan: int | None = None
) -> Iterator[Any]:
    """The file's records; `scan` bounds the nesting check to the first bytes a caller
    reading only the first records needs (the headers preview)."""
    first = _first_char(path)
    if first not in ("[", "{"):
        raise ReadError(f"{path.name}: not JSON (an array of objects or one object per line)")
    if first == "{" and _is_ndjson(path):
        yield from _ndjson(path, deadline)
        return
    import ijson

    _check_nesting(path, deadline, scan)
    prefix = "item" if first == "[" else _container_prefix(path)
    with open(path, "rb") as handle:
        try:
            items = ijson.items(handle, prefix or "", use_float=True)
            for count, item in enumerate(items):
                if deadline is not None and count % 1000 == 0:
                    deadline.check()
                yield item
        except ijson.JSONError as exc:
            raise ReadError(f"{path.name}: invalid JSON: {str(exc).splitlines()[0][:200]}") from exc


def _ndjson(path: Path, deadline: limits.Deadline | None) -> Iterator[Any]:
    for line in _lines(path, deadline):
        if line is None:
            yield _Bad({}, limits.too_long("line"))
            continue
        text = line.decode("utf-8", errors="replace").lstrip("\ufeff")
        try:
            yield json.loads(text)
        except RecursionError:
            yield _Bad(
                {"line": text[:1000]}, f"invalid JSON: nested deeper than {MAX_DEPTH} levels"
            )
        except ValueError as exc:
            yield _Bad({"line": text[:100_000]}, f"invalid JSON: {str(exc).splitlines()[0]}")


def _depth(value: Any) -> int:
    """How deep a parsed value nests (iteratively: a hostile value cannot exhaust the stack)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if deepest > MAX_DEPTH:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        items = [_text(v) for v in value]
        return "; ".join(i for i in items if i) or None
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return cell_text(value)


def json_headers(path: Path, name: str) -> list[str]:
    seen: dict[str, None] = {}
    with _utf8(path) as utf8:
        records = _records(utf8, limits.Deadline(limits.timeout_seconds()), HEADER_SCAN_BYTES)
        for count, record in enumerate(records):
            if count >= HEADER_SCAN:
                break
            if isinstance(record, dict):
                seen.update(dict.fromkeys(str(k) for k in record))
    if not seen:
        raise ReadError(f"{name}: no JSON objects found")
    return list(seen)


def read_json(
    con: duckdb.DuckDBPyConnection, path: Path, table: str, name: str, deadline: limits.Deadline
) -> SourceTable:
    columns: dict[str, int] = {}
    sink = RowSink(con, table, 0, deadline, name)
    with _utf8(path) as utf8:
        try:
            for number, record in enumerate(_records(utf8, deadline), start=1):
                _one(sink, columns, number, record)
        except ReadError as exc:
            raise ReadError(str(exc).replace(utf8.name, name)) from exc
    sink.flush()
    if not columns:
        raise ReadError(f"{name}: no JSON objects found")
    headers = list(columns)
    return SourceTable(path, name, Format.JSON, table, headers, sink.rows, sink.unreadable)


def _one(sink: RowSink, columns: dict[str, int], number: int, record: Any) -> None:
    if isinstance(record, _Bad):
        sink.reject(number, record.raw, record.reason)
        return
    if not isinstance(record, dict):
        if _depth(record) > MAX_DEPTH:
            sink.reject(number, {}, f"record nests deeper than {MAX_DEPTH} levels")
        else:
            sink.reject(number, {"value": record}, "record is not a JSON object")
        return
    if _depth(record) > MAX_DEPTH:
        sink.reject(number, {}, f"record nests deeper than {MAX_DEPTH} levels")
        return
    new = [str(k) for k in record if str(k) not in columns]
    if new:
        for key in new:
            columns[key] = len(columns)
        sink.widen(len(columns))
    cells: list[str | None] = [None] * len(columns)
    for key, value in record.items():
        cells[columns[str(key)]] = _text(value)
    sink.add(cells, number)
