"""Dashboard benchmark: each insight page's AppTest render time and the process memory at
10,000 and at 1,000,000 interviews, and their ratios (DESIGN section 6).

    python bench/bench_pages.py                      # builds both warehouses once (generator + ETL)
    python bench/bench_pages.py SMALL.duckdb BIG.duckdb
    python bench/bench_pages.py --small-rows 10000 --big-rows 1000000 --out bench/out
    python bench/bench_pages.py --rebuild            # regenerate and reload the cached warehouses

Warehouses are built by etl.generate + etl.load.run_load and cached as
<out>/bench-<rows>.duckdb (bench/out is git-ignored); delete them or pass --rebuild after
an ETL change. Targets: every page at 1M renders within 3x of its 10k time and well under
2 s; memory grows < 400 MB. Each size runs in a fresh subprocess so memory is measured per
size. Render time = median of --repeats cold renders (Streamlit caches cleared before
each); "cached" = a rerun with the same filters and a warm st.cache_data (no query runs).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PAGES = (
    "views/overview.py",
    "views/compensation.py",
    "views/work_conditions.py",
    "views/culture.py",
    "views/candidate_questions.py",
)
TIME_RATIO_TARGET = 3.0
ABSOLUTE_TARGET_S = 2.0
MEMORY_GROWTH_TARGET_MB = 400


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(db: Path, repeats: int) -> dict[str, object]:
    """In this process: render every page `repeats` times, cold; report times and memory."""
    os.environ["INSIGHTS_DB"] = str(db)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.apptest_support import patch_navigation

    patch_navigation()
    app = str(ROOT / "dashboard.py")
    base = rss_mb()
    times: dict[str, float] = {}
    cached: dict[str, float] = {}
    for page in PAGES:
        samples = []
        for _ in range(repeats):
            st.cache_data.clear()
            at = AppTest.from_file(app, default_timeout=120)
            at.run()  # shell + overview (connection, filter options)
            if page != "views/overview.py":
                at.switch_page(page)
            st.cache_data.clear()
            start = time.perf_counter()
            at.run()
            samples.append(time.perf_counter() - start)
            if at.exception:
                raise RuntimeError(f"{page}: {[e.value for e in at.exception]}")
        times[page] = statistics.median(samples)
        start = time.perf_counter()
        at.run()  # same filters, warm cache: no query may run
        cached[page] = time.perf_counter() - start
    return {
        "times": times,
        "cached": cached,
        "rss_start_mb": base,
        "rss_end_mb": rss_mb(),
        "peak_mb": peak_mb(),
    }


def build(rows: int, folder: Path, *, rebuild: bool = False) -> Path:
    """The cached warehouse of `rows` generated interviews (built when absent).

    Built in a child process: the measuring children are forked from this one and would
    otherwise inherit (and report) the generator's peak memory as their own.
    """
    db = folder / f"bench-{rows}.duckdb"
    if db.exists() and not rebuild:
        return db
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(f"bench-{rows}.duckdb*"):
        stale.unlink()
    script = (
        "import sys, tempfile; from pathlib import Path; from etl.generate import generate; "
        "from etl.load import run_load\n"
        "with tempfile.TemporaryDirectory(prefix='bench-pages-') as tmp:\n"
        "    files = generate(Path(tmp) / 'src', rows=int(sys.argv[1]), seed=42, fmt='csv')\n"
        "    run_load(files, db=sys.argv[2], loaded_by='bench')\n"
    )
    subprocess.run([sys.executable, "-c", script, str(rows), str(db)], cwd=ROOT, check=True)
    return db


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("small", nargs="?", type=Path, help="warehouse with ~10k interviews")
    parser.add_argument("big", nargs="?", type=Path, help="warehouse with ~1M interviews")
    parser.add_argument("--small-rows", type=int, default=10_000)
    parser.add_argument("--big-rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--rebuild", action="store_true", help="rebuild cached warehouses")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # child mode
    args = parser.parse_args()

    if args.measure:
        print(json.dumps(measure(args.measure, args.repeats)))
        return 0

    small = args.small or build(args.small_rows, args.out, rebuild=args.rebuild)
    big = args.big or build(args.big_rows, args.out, rebuild=args.rebuild)
    results = {}
    for label, db in (("small", small), ("big", big)):
        proc = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--measure", str(db), "--repeats", str(args.repeats)],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return 1
        results[label] = json.loads(proc.stdout.strip().splitlines()[-1])
        results[label]["interviews"] = _count(db)

    s, b = results["small"], results["big"]
    ok = True
    print(
        f"Dashboard pages: {s['interviews']:,} vs {b['interviews']:,} interviews "
        f"(median of {args.repeats} cold AppTest renders)"
    )
    print(f"{'page':<32}{'small s':>10}{'big s':>10}{'ratio':>8}{'cached s':>10}  verdict")
    for page in PAGES:
        ts, tb = s["times"][page], b["times"][page]
        ratio = tb / ts if ts else float("inf")
        good = ratio <= TIME_RATIO_TARGET and tb < ABSOLUTE_TARGET_S
        ok &= good
        warm = b["cached"][page]
        print(
            f"{page:<32}{ts:>10.3f}{tb:>10.3f}{ratio:>8.2f}{warm:>10.3f}  "
            f"{'ok' if good else 'SLOW'}"
        )
    growth = b["peak_mb"] - s["peak_mb"]
    ok &= growth < MEMORY_GROWTH_TARGET_MB
    print(
        f"peak RSS: {s['peak_mb']:.0f} MB -> {b['peak_mb']:.0f} MB "
        f"(+{growth:.0f} MB, ratio {b['peak_mb'] / s['peak_mb']:.2f}; target < +{MEMORY_GROWTH_TARGET_MB} MB)"
    )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench_pages.json").write_text(json.dumps(results, indent=2, default=str))
    return 0 if ok else 1


def _count(db: Path) -> int:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return int(con.execute("SELECT count(*) FROM interviews").fetchone()[0])  # type: ignore[index]
    finally:
        con.close()


if __name__ == "__main__":
    raise SystemExit(main())
