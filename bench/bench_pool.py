"""Benchmark: the talent-pool query with every filter set, at 10,000 and 1,000,000 interviews.

Both warehouses are built in the same run (synthetic rows written straight into the
warehouse schema with SQL, about 3 interviews per candidate), then each query is timed
(best of 5 after a warm-up): one page of 50 with the total count, as the page runs it.

    .venv/bin/python bench/bench_pool.py [--small 10000] [--large 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb  # noqa: E402

from etl import warehouse  # noqa: E402
from insights.pool import fetch_pool  # noqa: E402
from insights.pool_filters import PoolFilters  # noqa: E402

FILTERS = PoolFilters(
    skills_all=("sql",),
    skills_any=("python", "tableau"),
    role_families=("Data Analytics", "Data Science & ML"),
    seniorities=("mid", "senior"),
    countries=("DE",),
    cities=("Berlin",),
    willing_to_relocate=True,
    max_pay=95_000,
    pay_currency="EUR",
    work_arrangements=("hybrid",),
    available_by=dt.date(2026, 6, 30),
    min_fit=3,
    min_interest=3,
    credentials_verified=True,
    pool_statuses=("prescreened", "nurture", "new"),
    tags=("strong sql",),
    text="analyst",
)


def build(path: Path, interviews: int) -> None:
    people = max(1, interviews // 3)
    with warehouse.next_version(path) as con:
        con.execute(
            """
            INSERT INTO candidates BY NAME
            SELECT 'c_' || i AS candidate_id,
                   'Person ' || i AS full_name,
                   'p' || i || '@example.com' AS email,
                   '+4930' || lpad(CAST(i AS VARCHAR), 7, '0') AS phone,
                   'https://www.linkedin.com/in/p' || i AS linkedin_url,
                   (['Berlin', 'Munich', 'London', 'New York', 'Austin'])[1 + i % 5] AS city,
                   (['DE', 'DE', 'GB', 'US', 'US'])[1 + i % 5] AS country,
                   (['Analyst', 'Data Analyst', 'Engineer', 'Designer'])[1 + i % 4] AS current_title,
                   list_slice(['SQL', 'Python', 'Tableau', 'Excel', 'Spark', 'Java'], 1 + i % 3, 3 + i % 4) AS skills,
                   DATE '2026-01-01' + CAST(i % 365 AS INTEGER) AS available_from,
                   i % 7 <> 0 AS consent_to_contact,
                   (['Data Analytics', 'Data Science & ML', 'Design', 'Software Engineering'])[1 + i % 4] AS role_family,
                   (['junior', 'mid', 'senior'])[1 + (i // 7) % 3] AS seniority,
                   'Data Analyst' AS role_title,
                   (['remote', 'hybrid', 'on_site', 'flexible'])[1 + i % 4] AS work_arrangement,
                   (['yes', 'no', 'maybe'])[1 + i % 3] AS relocation,
                   50000 + (i * 7919) % 100000 AS comp_min_annual,
                   60000 + (i * 7919) % 100000 AS comp_max_annual,
                   55000 + (i * 7919) % 100000 AS comp_mid_annual,
                   1 + i % 5 AS fit_score, 1 + (i // 5) % 5 AS interest_level,
                   (['verified', 'pending', 'not_checked'])[1 + i % 3] AS credentials,
                   (['new', 'prescreened', 'nurture', 'contacted', 'withdrawn'])[1 + i % 5] AS pool_status,
                   CASE WHEN (i // 2) % 2 = 0 THEN ['strong sql'] ELSE ['bootcamp'] END AS tags,
                   'Notes about person ' || i AS notes,
                   DATE '2025-01-01' AS first_interview_date, DATE '2025-06-01' AS last_interview_date,
                   3 AS interview_count
            FROM range(?) t(i)
            """,
            [people],
        )
        con.execute(
            """
            INSERT INTO interviews BY NAME
            SELECT 'i_' || j AS interview_id, 'c_' || (j % ?) AS candidate_id,
                   DATE '2024-01-01' + CAST(j % 600 AS INTEGER) AS interview_date,
                   'Data Analyst' AS role_title, 'Interview notes ' || j AS notes,
                   50000.0 + j % 90000 AS comp_mid_annual, 'h' || j AS content_hash
            FROM range(?) t(j)
            """,
            [people, interviews],
        )


def time_query(path: Path, repeats: int = 5) -> tuple[float, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        page = fetch_pool(con, FILTERS, page_size=50)  # warm-up
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            page = fetch_pool(con, FILTERS, page_size=50)
            times.append(time.perf_counter() - start)
    finally:
        con.close()
    return min(times), page.total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pool-") as tmp:
        results = {}
        for n in (args.small, args.large):
            path = Path(tmp) / f"w{n}.duckdb"
            start = time.perf_counter()
            build(path, n)
            built = time.perf_counter() - start
            best, total = time_query(path)
            results[n] = best
            print(
                f"{n:>10,} interviews: pool query (all filters, page of 50 + count) "
                f"{best * 1000:8.1f} ms best of 5, {total} matches (warehouse built in {built:.1f} s)"
            )
        ratio = results[args.large] / results[args.small]
        print(
            f"ratio {args.large:,} / {args.small:,}: {ratio:.1f}x for {args.large / args.small:.0f}x the interviews"
        )


if __name__ == "__main__":
    main()
