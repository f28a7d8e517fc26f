"""Data quality for the Data page and `insights rejects`: load history, rejected rows
(paged, masked or raw), warnings by field. Raw access is private to the read side: pages
and commands call insights.catalog.quality, which checks the caller's permission.

Rejected rows hold whole source records (possibly personal data). Masked (what HR sees),
a record shows "•••" for the source columns the load mapped to personal fields
(etl.personal.PERSONAL_FIELDS, kept per row in rejected_rows.personal_keys; for rows
loaded before schema 4, the headers the built-in profile reads as those fields), and
any e-mail address or phone number elsewhere in it is masked too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import duckdb
import pandas as pd

from etl import canonical, personal
from insights import exports

HISTORY_COLUMNS = (
    "run_id", "finished_at", "loaded_by", "files", "profile", "rows_read", "inserted",
    "updated", "duplicates", "rejected", "warnings", "status", "message",
)  # fmt: skip
MASK = "•••"
# Bounded parts (64 before the @, 255 after, as RFC 5321 allows): unbounded ones backtrack
# over every long run of such characters, and a 20,000-character cell took half a second.
_EMAIL = re.compile(r"[^\s@<>()\[\],;:\"']{1,64}@[^\s@<>()\[\],;:\"']{1,255}\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\w.])(?:\+|00)?\(?\d[\d ()./-]{5,}\d(?![\w])")
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
_RANGE = re.compile(r"\d{4,}\s*[-/]\s*\d{4,}")  # 120000 - 140000
_AMOUNT = re.compile(r"\d{1,3}(?:[.,]\d{3})+")  # 140.000, 1,250,000


def _header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


# Headers the built-in profile maps to a personal field (for rows without personal_keys).
_PERSONAL_HEADERS = frozenset(
    _header_key(spelling)
    for f in canonical.FIELDS
    if f.name in personal.PERSONAL_FIELDS
    for spelling in (f.name, *f.synonyms)
)


def _df(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None
) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return cur.execute(sql, params or []).df()
    finally:
        cur.close()


def load_history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every recorded load, newest first: who, when, which files, the counts, the status."""
    df = _df(
        con,
        """SELECT run_id, finished_at, loaded_by, files, profile, rows_read, inserted, updated,
                  duplicates, rejected, warnings, status, message
           FROM load_runs ORDER BY run_id DESC""",
    )
    df["files"] = [
        ", ".join(f.get("file", "?") for f in json.loads(v or "[]")) for v in df["files"]
    ]
    return df[list(HISTORY_COLUMNS)]


def runs_with_rejects(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Run ids that rejected at least one row, newest first."""
    df = _df(con, "SELECT DISTINCT run_id FROM rejected_rows ORDER BY run_id DESC")
    return [int(v) for v in df["run_id"]]


def rejected_count(con: duckdb.DuckDBPyConnection, run_id: int | None) -> int:
    """Rejected rows kept for a run (None: every run)."""
    df = _df(
        con,
        "SELECT count(*) AS n FROM rejected_rows WHERE ? IS NULL OR run_id = ?",
        [run_id, run_id],
    )
    return int(df["n"].iloc[0])


_REJECTED_SQL = """
SELECT run_id AS run, source_file AS file, source_row AS row,
       array_to_string(reasons, '; ') AS reasons, raw::VARCHAR AS raw, personal_keys
FROM rejected_rows WHERE ? IS NULL OR run_id = ?
ORDER BY run_id, source_file, source_row NULLS LAST
"""


def rejected_page(
    con: duckdb.DuckDBPyConnection,
    run_id: int | None,
    page: int = 1,
    size: int = 50,
    raw: bool = False,
) -> pd.DataFrame:
    """One page (1-based) of a run's rejected rows: run, file, row, reasons, then the
    source record's own columns (masked unless `raw`), so a row can be fixed and loaded
    again."""
    offset = max(0, int(page) - 1) * int(size)
    df = _df(con, _REJECTED_SQL + " LIMIT ? OFFSET ?", [run_id, run_id, int(size), offset])
    return _expand(df, raw)


def rejected_rows(
    con: duckdb.DuckDBPyConnection, run_id: int | None, raw: bool = False
) -> pd.DataFrame:
    """Every rejected row of a run (None: of every run), masked unless `raw`."""
    return _expand(_df(con, _REJECTED_SQL, [run_id, run_id]), raw)


def rejected_csv(con: duckdb.DuckDBPyConnection, run_id: int | None, raw: bool = False) -> bytes:
    """rejected_rows as CSV (UTF-8 with BOM, formula-injection safe)."""
    return to_csv(rejected_rows(con, run_id, raw))


def to_csv(frame: pd.DataFrame) -> bytes:
    return exports.to_csv_bytes(frame)


def mask_record(record: dict[str, Any], personal_keys: Iterable[str] | None) -> dict[str, Any]:
    """A source record as HR sees it: personal columns and any e-mail or phone masked."""
    keys = set(personal_keys or ())
    out: dict[str, Any] = {}
    for key, value in record.items():
        if value is None or value == "":
            out[key] = value
        elif key in keys or _header_key(str(key)) in _PERSONAL_HEADERS:
            out[key] = MASK
        else:
            out[key] = mask_text(value) if isinstance(value, str) else value
    return out


def mask_text(text: str) -> str:
    """Mask e-mail addresses and phone numbers in text: 8+ digits after + or 00, else
    9-15 digits that are not a date, a range of two amounts or a thousands-grouped amount."""
    text = _EMAIL.sub(MASK, text)

    def phone(match: re.Match[str]) -> str:
        found = match.group(0)
        digits = sum(c.isdigit() for c in found)
        international = found.startswith(("+", "00"))
        if international:
            return MASK if digits >= 8 else found
        amount = any(_AMOUNT.fullmatch(p) for p in re.split(r"[\s/()-]+", found))
        if amount or _DATE.search(found) or _RANGE.search(found) or not 9 <= digits <= 15:
            return found
        return MASK

    return _PHONE.sub(phone, text)


_PERSONAL_REASON = re.compile(rf"\b({'|'.join(personal.PERSONAL_FIELDS)}): '(?:[^']|'')*'")


def mask_reasons(text: str) -> str:
    """Reasons as HR sees them: the value quoted after a personal field masked, and any
    e-mail or phone elsewhere."""
    return mask_text(_PERSONAL_REASON.sub(lambda m: f"{m.group(1)}: '{MASK}'", text))


def _expand(df: pd.DataFrame, raw: bool) -> pd.DataFrame:
    records = []
    for value, keys in zip(df["raw"], df["personal_keys"], strict=True):
        record = json.loads(value) if value else {}
        if not isinstance(record, dict):
            record = {"record": record}
        listed = list(keys) if keys is not None and not isinstance(keys, float) else None
        records.append(record if raw else mask_record(record, listed))
    columns: dict[str, None] = {}
    for record in records:
        columns.update(dict.fromkeys(record))
    body = pd.DataFrame(
        [[r.get(c) for c in columns] for r in records], columns=list(columns), index=df.index
    ).astype("object")
    fixed = ("run", "file", "row", "reasons")
    df = df.assign(run=df["run"].astype("Int64"), row=df["row"].astype("Int64"))
    body.columns = [c if c not in fixed else f"{c} (source)" for c in columns]
    if not raw:
        df = df.assign(
            reasons=[mask_reasons(r) if isinstance(r, str) else r for r in df["reasons"]]
        )
    return pd.concat([df[list(fixed)], body], axis=1)


_WARNINGS_SQL = """
SELECT field, count(*) AS warnings,
       count(DISTINCT (source_file, source_row, interview_id)) AS rows,
       mode(reason) AS most_common_reason
FROM load_warnings WHERE ? IS NULL OR run_id = ?
GROUP BY field ORDER BY warnings DESC, field
"""


def warnings_by_field(con: duckdb.DuckDBPyConnection, run_id: int | None = None) -> pd.DataFrame:
    """Warnings per field (the value was loaded empty): field, warnings, rows, most common reason."""
    return _df(con, _WARNINGS_SQL, [run_id, run_id])
