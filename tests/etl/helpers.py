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


def downgrade_to_schema_3(db: Path) -> None:
    """What a schema-3 warehouse held: md5 candidate ids and the interview ids built on them,
    no secret check, none of schema 4's columns (verified against the schema-3 loader)."""
    con = duckdb.connect(str(db))
    con.execute(
        """UPDATE interviews SET candidate_id = CASE
             WHEN email IS NOT NULL THEN 'c_' || substr(md5('email:' || email), 1, 16)
             WHEN phone IS NOT NULL THEN 'c_' || substr(md5('phone:' || phone), 1, 16)
             WHEN linkedin_url IS NOT NULL
               THEN 'c_' || substr(md5('linkedin:' || substr(linkedin_url, 29)), 1, 16) END"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE m AS SELECT interview_id AS new,
             'i_' || substr(md5(concat_ws('|', candidate_id, CAST(interview_date AS VARCHAR),
                    lower(coalesce(interviewer, '')), lower(role_title))), 1, 16) AS old
           FROM interviews WHERE candidate_id IS NOT NULL"""
    )
    for table in ("interviews", "interview_versions", "load_warnings"):
        con.execute(
            f"UPDATE {table} t SET interview_id = m.old FROM m WHERE t.interview_id = m.new"
        )
    con.execute(
        """UPDATE candidates c SET candidate_id = i.candidate_id FROM (
               SELECT DISTINCT candidate_id, email, phone, linkedin_url FROM interviews) i
           WHERE (c.email IS NOT DISTINCT FROM i.email) AND (c.phone IS NOT DISTINCT FROM i.phone)
             AND (c.linkedin_url IS NOT DISTINCT FROM i.linkedin_url)"""
    )
    con.execute("ALTER TABLE candidates DROP COLUMN consent_source")
    con.execute("ALTER TABLE candidates DROP COLUMN consent_run_id")
    con.execute("ALTER TABLE rejected_rows DROP COLUMN personal_keys")
    con.execute("ALTER TABLE rejected_rows DROP COLUMN identity_keys")
    con.execute("DELETE FROM warehouse_info WHERE key = 'secret_check'")
    con.execute("UPDATE warehouse_info SET value = '3' WHERE key = 'schema_version'")
    con.execute("CHECKPOINT")
    con.close()
