"""ETL benchmark (DESIGN section 6): our load vs DuckDB's own CSV import, side by side.

For a generated export of N rows (BENCH_ROWS, default 1,000,000), clean and with
--messy 0.05, it prints the time of `insights load` into a fresh warehouse next to
`CREATE TABLE AS SELECT * FROM read_csv(...)` into an on-disk file, their ratio,
rows per second and each process's peak memory. Targets: clean <= 4x, messy <= 5x,
peak memory < 3 GB.

    .venv/bin/python bench/bench_etl.py            # or: make bench
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
TARGETS = {0.0: 4.0, 0.05: 5.0}

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
s = run_load([sys.argv[1]], db=sys.argv[2])
assert s.rows_read == s.inserted + s.updated + s.duplicates + s.rejected
print(s.rows_read, s.inserted, s.updated, s.duplicates, s.rejected, s.warnings)
"""


def _export(messy: float) -> Path:
    """The generated export for this size and messiness, made once and cached under bench/out/.

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


PEAK = "\nimport resource\nprint('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"


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


def main() -> None:
    print(f"ETL benchmark, {ROWS:,} rows per file ({os.cpu_count()} cores)")
    failures = []
    for messy, target in TARGETS.items():
        print(f"\nexport with --messy {messy}")
        path = _export(messy)
        with tempfile.TemporaryDirectory() as tmp:
            base_time, base_mem, _ = _run(BASELINE, str(path), str(Path(tmp) / "baseline.duckdb"))
            etl_time, etl_mem, counts = _run(ETL, str(path), str(Path(tmp) / "warehouse.duckdb"))
        ratio = etl_time / base_time
        read, inserted, updated, dups, rejected, warnings = counts.split()
        print(f"  duckdb read_csv CTAS : {base_time:7.2f} s   peak {base_mem:7.0f} MB")
        print(
            f"  insights load        : {etl_time:7.2f} s   peak {etl_mem:7.0f} MB   "
            f"{int(read) / etl_time:,.0f} rows/s"
        )
        print(
            f"  rows read {int(read):,}: inserted {int(inserted):,}, updated {int(updated):,}, "
            f"duplicates {int(dups):,}, rejected {int(rejected):,}; warnings {int(warnings):,}"
        )
        verdict = "ok" if ratio <= target and etl_mem < 3072 else "OVER TARGET"
        print(
            f"  ratio {ratio:.2f}x (target <= {target:.0f}x), peak memory target < 3072 MB: {verdict}"
        )
        if verdict != "ok":
            failures.append(messy)
    if failures:
        print(f"\nover target for messy = {failures}")


if __name__ == "__main__":
    main()
