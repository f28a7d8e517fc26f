"""Benchmark: the talent-pool query with every filter set, at 10,000 and 1,000,000 interviews.

Both warehouses are built by the real pipeline (``etl.generate`` exports loaded with
``etl.load.run_load``) and cached under bench/out/ (git-ignored; the 1M one takes a few
minutes the first time). Both sizes are timed in the same run, interleaved round by round
so machine noise hits both alike; each timing is one page of 50 plus the total count, as
the page runs it, and the best of N is reported. Besides the headline (every filter,
including a free-text word), the run also times every filter without text, the text
filter alone and the unfiltered first page.

    .venv/bin/python bench/bench_pool.py [--small 10000] [--large 1000000] [--repeats 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb  # noqa: E402

from insights.pool import fetch_pool  # noqa: E402
from insights.pool_filters import PoolFilters  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
SEED = 11

# Values the generator produces, so the all-filters query has real work at every stage.
ALL_FILTERS = PoolFilters(
    skills_all=("sql",),
    skills_any=("python", "excel"),
    role_families=("Data Analytics", "Data Science & ML"),
    seniorities=("junior", "mid", "senior"),
    countries=("DE",),
    cities=("Berlin",),
    willing_to_relocate=True,
    max_pay=95_000,
    pay_currency="EUR",
    work_arrangements=("hybrid",),
    available_by=dt.date(2027, 6, 30),
    min_fit=3,
    min_interest=3,
    credentials_verified=True,
    pool_statuses=("prescreened", "nurture", "new"),
    tags=("strong-sql",),
    text="analyst",
)
QUERIES: dict[str, PoolFilters] = {
    "all filters + text": ALL_FILTERS,
    "all filters, no text": PoolFilters(
        **{
            **{f: getattr(ALL_FILTERS, f) for f in ALL_FILTERS.__dataclass_fields__},
            "text": "",
        }
    ),
    "text only ('dashboards')": PoolFilters(text="dashboards"),
    "no filter": PoolFilters(),
}


def warehouse(interviews: int) -> Path:
    """The cached warehouse for ``interviews`` generated rows, built on first use."""
    db = OUT / f"pool-{interviews}-s{SEED}.duckdb"
    if db.exists():
        return db
    from etl.generate import generate
    from etl.load import run_load

    OUT.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    src = OUT / f"pool-src-{interviews}-s{SEED}"
    paths = generate(src, rows=interviews, seed=SEED, fmt="csv")
    building = db.with_name(db.name + ".building")
    building.unlink(missing_ok=True)
    summary = run_load(paths, db=building, loaded_by="bench")
    if summary.status != "published":
        raise SystemExit(f"load of {interviews} rows failed: {summary}")
    building.rename(db)
    shutil.rmtree(src)  # the export (1.2 GB at 1M rows) is not needed once loaded
    print(f"built {db.name} in {time.perf_counter() - start:.0f} s", flush=True)
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    sizes = (args.small, args.large)
    cons = {n: duckdb.connect(str(warehouse(n)), read_only=True) for n in sizes}
    best: dict[tuple[str, int], float] = {}
    cpu: dict[tuple[str, int], float] = {}
    matches: dict[tuple[str, int], int] = {}
    try:
        for name, f in QUERIES.items():
            for n in sizes:  # warm-up
                matches[name, n] = fetch_pool(cons[n], f, page_size=50).total
            for _ in range(args.repeats):
                for n in sizes:
                    start, start_cpu = time.perf_counter(), time.process_time()
                    fetch_pool(cons[n], f, page_size=50)
                    took = time.perf_counter() - start
                    used = time.process_time() - start_cpu
                    best[name, n] = min(best.get((name, n), took), took)
                    cpu[name, n] = min(cpu.get((name, n), used), used)
    finally:
        for con in cons.values():
            con.close()
    print(
        f"pool query: page of 50 + total count, best of {args.repeats} "
        "(wall clock; CPU time of all DuckDB threads in brackets: steadier on a busy machine)"
    )
    print(f"{'query':<26}" + "".join(f"{n:>26,} interviews" for n in sizes) + "   ratio")
    for name in QUERIES:
        cells = "".join(
            f"{best[name, n] * 1000:>9.1f} ms [{cpu[name, n] * 1000:>7.1f} cpu] {matches[name, n]:>7}"
            for n in sizes
        )
        ratio = best[name, args.large] / best[name, args.small]
        print(f"{name:<26}{cells}   {ratio:5.1f}x")
    print(
        f"(last column of each size: matching candidates; {args.large // args.small}x the interviews)"
    )


if __name__ == "__main__":
    main()
