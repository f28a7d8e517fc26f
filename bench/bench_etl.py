"""ETL benchmark (DESIGN section 6): our load vs DuckDB's own CSV import, side by side.

Three exports of N rows (BENCH_ROWS, default 1,000,000): the generator's clean file, the
generator's `--messy 0.05` file, and the real export in ../shared/realdata repeated with
shifted dates (bench/realshaped.py; 18 columns, a profile mapping 12, long free text kept
in `extra`). For each, in the same run and BENCH_REPEATS times (default 2), a fresh
process runs `CREATE TABLE AS SELECT * FROM read_csv(...)` into an on-disk file and a
fresh process runs `insights load` into a fresh warehouse; it prints both times, their
ratio (range over the repeats), rows per second and each process's peak RSS.

Memory must not grow with the file: with BENCH_5M=1 the real-shaped export is also loaded
at 5,000,000 rows and its peak RSS compared with the 1,000,000-row one.

Targets: ratio clean <= 3x, messy <= 3.5x, real-shaped <= 3x; peak RSS < 2 GB at both
sizes and at 5M <= 1.2x the peak at 1M.

    .venv/bin/python bench/bench_etl.py            # or: make bench
    BENCH_5M=1 BENCH_REPEATS=3 .venv/bin/python bench/bench_etl.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from realshaped import PROFILE, REALDATA  # noqa: E402

OUT = ROOT / "bench" / "out"
ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
REPEATS = max(1, int(os.environ.get("BENCH_REPEATS", "2")))
BIG = 5_000_000
TARGETS = {"clean": 3.0, "messy 0.05": 3.5, "real-shaped": 3.0}
MAX_PEAK_MB = 2048
GROWTH = 1.2

BASELINE = """
import sys, duckdb
con = duckdb.connect(sys.argv[2])
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [sys.argv[1]])
con.execute("CHECKPOINT")
con.close()
"""
ETL = """
import sys
from etl.load import run_load
s = run_load([sys.argv[1]], db=sys.argv[2], profile=sys.argv[3] or None)
assert s.rows_read == s.inserted + s.updated + s.duplicates + s.rejected
print(s.rows_read, s.inserted, s.updated, s.duplicates, s.rejected, s.warnings)
"""
PEAK = "\nimport resource\nprint('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"


def _generated(messy: float) -> Path:
    """The generator's export for this size and messiness, made once under bench/out/.

    Generation runs in its own process: a child forked from a big parent would inherit the
    parent's peak RSS, which would then be reported as the child's.
    """
    folder = OUT / f"rows{ROWS}-messy{messy}"
    existing = sorted(folder.glob("*.csv")) if folder.exists() else []
    if existing:
        return existing[0]
    started = time.perf_counter()
    script = (
        "import sys; from pathlib import Path; from etl.generate import generate; "
        "print(generate(Path(sys.argv[1]), rows=int(sys.argv[2]), seed=42, fmt='csv', messy=float(sys.argv[3]))[0])"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder), str(ROWS), str(messy)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    path = Path(done.stdout.strip().splitlines()[-1])
    print(
        f"  generated {path.name} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f}s"
    )
    return path


def _realshaped(rows: int) -> Path | None:
    if not REALDATA.exists():
        print(f"  real export not found at {REALDATA}: real-shaped runs skipped")
        return None
    path = OUT / f"realshaped-{rows}.csv"
    if not path.exists():
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "realshaped.py"), str(path), str(rows)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        print(
            f"  built {path.name} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f}s"
        )
    return path


def _run(script: str, *args: str) -> tuple[float, float, str]:
    """Wall time, peak RSS in MB and stdout of a child Python process (a fresh process each)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script + PEAK, *args], cwd=ROOT, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"benchmark step failed:\n{done.stderr}")
    lines = done.stdout.strip().splitlines()
    peak_kb = int(lines[-1].split()[1])
    return elapsed, peak_kb / 1024, "\n".join(lines[:-1])


def measure(label: str, path: Path, profile: str = "", repeats: int = REPEATS) -> dict:
    """CTAS and load side by side, `repeats` times; prints and returns the figures."""
    ratios, loads, peaks, bases = [], [], [], []
    counts = ""
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            base_time, base_mem, _ = _run(BASELINE, str(path), str(Path(tmp) / "baseline.duckdb"))
            etl_time, etl_mem, counts = _run(
                ETL, str(path), str(Path(tmp) / "warehouse.duckdb"), profile
            )
        ratios.append(etl_time / base_time)
        loads.append(etl_time)
        bases.append(base_time)
        peaks.append(etl_mem)
        print(
            f"  duckdb CTAS {base_time:6.2f} s (peak {base_mem:5.0f} MB) | insights load "
            f"{etl_time:6.2f} s (peak {etl_mem:5.0f} MB) | ratio {etl_time / base_time:.2f}x"
        )
    read, inserted, updated, dups, rejected, warnings = (int(x) for x in counts.split())
    result = {
        "label": label,
        "ratio": statistics.median(ratios),
        "ratio_range": (min(ratios), max(ratios)),
        "rows_per_s": read / statistics.median(loads),
        "peak_mb": max(peaks),
        "target": TARGETS.get(label),
    }
    print(
        f"  rows read {read:,}: inserted {inserted:,}, updated {updated:,}, duplicates {dups:,}, "
        f"rejected {rejected:,}; warnings {warnings:,}"
    )
    print(
        f"  => ratio median {result['ratio']:.2f}x (range {min(ratios):.2f}-{max(ratios):.2f}x), "
        f"{result['rows_per_s']:,.0f} rows/s, peak RSS {result['peak_mb']:,.0f} MB"
    )
    return result


def main() -> None:
    print(f"ETL benchmark, {ROWS:,} rows per file, {REPEATS} run(s) each ({os.cpu_count()} cores)")
    results = []
    for label, messy in (("clean", 0.0), ("messy 0.05", 0.05)):
        print(f"\n{label}: the generator's export")
        results.append(measure(label, _generated(messy)))
    print("\nreal-shaped: ../shared/realdata repeated with shifted dates")
    real = _realshaped(ROWS)
    if real is not None:
        results.append(measure("real-shaped", real, PROFILE))
    big = None
    if real is not None and os.environ.get("BENCH_5M"):
        print(f"\nreal-shaped at {BIG:,} rows (memory must not grow with the file)")
        big = measure("real-shaped 5M", _realshaped(BIG) or real, PROFILE, repeats=1)
    print("\nsummary")
    failures = []
    for r in results:
        ok = r["ratio"] <= r["target"] and r["peak_mb"] < MAX_PEAK_MB
        print(
            f"  {r['label']:12s} ratio {r['ratio']:.2f}x (range {r['ratio_range'][0]:.2f}-"
            f"{r['ratio_range'][1]:.2f}, target <= {r['target']}x), {r['rows_per_s']:,.0f} rows/s, "
            f"peak {r['peak_mb']:,.0f} MB (target < {MAX_PEAK_MB}): {'ok' if ok else 'OVER TARGET'}"
        )
        if not ok:
            failures.append(r["label"])
    if big is not None:
        small = next(r for r in results if r["label"] == "real-shaped")
        growth = big["peak_mb"] / small["peak_mb"]
        ok = growth <= GROWTH and big["peak_mb"] < MAX_PEAK_MB
        print(
            f"  peak RSS real-shaped: {small['peak_mb']:,.0f} MB at {ROWS:,} rows, "
            f"{big['peak_mb']:,.0f} MB at {BIG:,} ({growth:.2f}x, target <= {GROWTH}x): "
            f"{'ok' if ok else 'OVER TARGET'}"
        )
        if not ok:
            failures.append("memory growth")
    else:
        print("  (set BENCH_5M=1 to measure peak memory at 5,000,000 rows too)")
    if failures:
        print(f"\nover target: {', '.join(failures)}")


if __name__ == "__main__":
    main()
