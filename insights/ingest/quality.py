"""Data quality for the Data page: load history, rejected rows (paged), warnings by field.

Read-only queries with bound parameters on the published warehouse, a cursor each.
Rejected rows hold whole source records (possibly personal data): only the Data page,
which viewers cannot open, shows them.
"""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from insights import exports

HISTORY_COLUMNS = (
    "run_id", "finished_at", "loaded_by", "files", "profile", "rows_read", "inserted",
    "updated", "duplicates", "rejected", "warnings", "status", "message",
)  # fmt: skip


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


def rejected_count(con: duckdb.DuckDBPyConnection, run_id: int) -> int:
    df = _df(con, "SELECT count(*) AS n FROM rejected_rows WHERE run_id = ?", [run_id])
    return int(df["n"].iloc[0])


_REJECTED_SQL = """
SELECT source_file AS file, source_row AS row, array_to_string(reasons, '; ') AS reasons,
       raw::VARCHAR AS raw
FROM rejected_rows WHERE run_id = ?
ORDER BY source_file, source_row NULLS LAST
"""


def rejected_page(
    con: duckdb.DuckDBPyConnection, run_id: int, page: int = 1, size: int = 50
) -> pd.DataFrame:
    """One page (1-based) of a run's rejected rows: file, row, reasons, then the source
    record's own columns, so a row can be fixed and uploaded again."""
    offset = max(0, int(page) - 1) * int(size)
    df = _df(con, _REJECTED_SQL + " LIMIT ? OFFSET ?", [run_id, int(size), offset])
    return _expand(df)


def rejected_csv(con: duckdb.DuckDBPyConnection, run_id: int) -> bytes:
    """All of a run's rejected rows as CSV (UTF-8 with BOM, formula-injection safe)."""
    return exports.to_csv_bytes(_expand(_df(con, _REJECTED_SQL, [run_id])))


def _expand(df: pd.DataFrame) -> pd.DataFrame:
    records = [json.loads(v) if v else {} for v in df["raw"]]
    columns: dict[str, None] = {}
    for record in records:
        columns.update(dict.fromkeys(record))
    body = pd.DataFrame(
        [[r.get(c) for c in columns] for r in records], columns=list(columns), index=df.index
    ).astype("object")
    body.columns = [c if c not in ("file", "row", "reasons") else f"{c} (source)" for c in columns]
    return pd.concat([df[["file", "row", "reasons"]], body], axis=1)


_WARNINGS_SQL = """
SELECT field, count(*) AS warnings, count(DISTINCT (source_file, source_row)) AS rows,
       mode(reason) AS most_common_reason
FROM load_warnings WHERE ? IS NULL OR run_id = ?
GROUP BY field ORDER BY warnings DESC, field
"""


def warnings_by_field(con: duckdb.DuckDBPyConnection, run_id: int | None = None) -> pd.DataFrame:
    """Warnings per field (the value was loaded empty): field, warnings, rows, most common reason."""
    return _df(con, _WARNINGS_SQL, [run_id, run_id])
