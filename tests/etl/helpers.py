"""Write small exports in tests and read back what the ETL stored."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import duckdb

from etl.load import LoadSummary, run_load


def write_csv(
    path: Path, rows: list[dict[str, Any]], encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    headers: list[str] = []
    for row in rows:
        for key in row:
            if key not in headers:
                headers.append(key)
    with open(path, "w", newline="", encoding=encoding) as handle:
        writer = csv.DictWriter(handle, fieldnames=headers, delimiter=delimiter)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    return path


def load_rows(
    tmp_path: Path, rows: list[dict[str, Any]], **kwargs: Any
) -> tuple[LoadSummary, Path]:
    db = tmp_path / "warehouse.duckdb"
    source = write_csv(tmp_path / "export.csv", rows)
    return run_load([source], db=db, **kwargs), db


def query(db: Path, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cursor = con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    finally:
        con.close()


def balanced(summary: LoadSummary) -> bool:
    return (
        summary.rows_read
        == summary.inserted + summary.updated + summary.duplicates + summary.rejected
    )
