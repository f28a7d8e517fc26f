"""Build a real-shaped export of N rows from ../shared/realdata (for bench/bench_etl.py).

The Ask a Manager 2023 survey (16,888 responses, 18 columns, long free-text answers) is
repeated with each copy's timestamps shifted by a whole number of days, so every row is
a new anonymous interview (the content hash includes the date) and the file keeps the
real one's shape: the same columns, texts, quoting and multi-line answers. DuckDB writes
it (COPY ... TO csv quotes where needed), reading the source with all columns as text.

    .venv/bin/python bench/realshaped.py OUT.csv 1000000
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
REALDATA = ROOT.parent / "shared" / "realdata" / "ask-a-manager-salary-survey-2023.csv"
PROFILE = "ask-a-manager-2023"
DATE_FORMAT = "%m/%d/%Y %H:%M:%S"
OUT_FORMAT = "%-m/%-d/%Y %H:%M:%S"  # as the form tool writes it (no leading zeros)


def build(out: Path, rows: int, source: Path = REALDATA) -> Path:
    """Write `rows` rows shaped like `source` to `out` (made once; reused when present)."""
    if out.exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    con = duckdb.connect()
    try:
        con.execute("SET preserve_insertion_order = true")
        con.execute(
            "CREATE TABLE src AS SELECT row_number() OVER () AS n, * FROM read_csv(?, all_varchar = true, header = true)",
            [str(source)],
        )
        count = int(con.execute("SELECT count(*) FROM src").fetchall()[0][0])
        names = [d[0] for d in con.execute("SELECT * FROM src LIMIT 0").description][1:]
        stamp = names[0]
        columns = ", ".join(
            f"""coalesce(strftime(try_strptime("{c}", '{DATE_FORMAT}') + INTERVAL (k) DAY, '{OUT_FORMAT}'), "{c}") AS "{c}\""""
            if c == stamp
            else f'"{c}"'
            for c in names
        )
        copies = -(-rows // count)
        con.execute(
            f"""COPY (
                    SELECT {columns} FROM range({copies}) r(k), src
                    ORDER BY k, n LIMIT {rows}
                ) TO '{tmp}' (HEADER, DELIMITER ',')"""
        )
    finally:
        con.close()
    tmp.rename(out)
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]), int(sys.argv[2])))
