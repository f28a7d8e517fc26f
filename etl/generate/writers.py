"""Writing exports: CSV, XLSX or JSON files, split like weekly exports; the test fixture."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from etl.generate.frames import generate_frames
from etl.generate.schema import HEADERS, NUMERIC_FIELDS, header_variants


def _typed(series: pd.Series, numeric: bool) -> np.ndarray:
    """Text cells -> Python values for XLSX/JSON: None for empty, numbers where clean."""
    text = series.to_numpy(dtype=object)
    out: np.ndarray = np.where(text == "", None, text)  # type: ignore[call-overload]
    if numeric:
        nums = pd.to_numeric(series.replace("", np.nan), errors="coerce").to_numpy(dtype=float)
        ok = ~np.isnan(nums)
        whole = ok & (nums == np.floor(nums))
        out[whole] = nums[whole].astype(np.int64).astype(object)
        frac = ok & ~whole
        out[frac] = nums[frac].astype(object)
    return out


def _write(df: pd.DataFrame, path: Path, fmt: str, numeric_cols: set[str]) -> None:
    if fmt == "csv":  # pyarrow: several times faster than DataFrame.to_csv; empty cells unquoted
        table = pa.table(
            {
                c: pa.array(
                    np.where(  # type: ignore[call-overload]
                        df[c].to_numpy(dtype=object) == "", None, df[c].to_numpy(dtype=object)
                    ),
                    type=pa.string(),
                )
                for c in df.columns
            }
        )
        pa_csv.write_csv(table, path, write_options=pa_csv.WriteOptions(quoting_style="needed"))
        return
    values = {c: _typed(df[c], c in numeric_cols) for c in df.columns}
    if fmt == "json":
        typed = pd.DataFrame(values, dtype=object)
        path.write_text(
            typed.to_json(orient="records", force_ascii=False, indent=None), encoding="utf-8"
        )
        return
    import xlsxwriter

    if len(df) >= 1_048_576:
        raise ValueError("an XLSX sheet holds at most 1,048,575 rows: use more files or CSV")
    with xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    ) as book:
        sheet = book.add_worksheet("Responses")
        sheet.write_row(0, 0, list(df.columns))
        for i, row in enumerate(zip(*values.values(), strict=True), start=1):
            sheet.write_row(i, 0, row)


def generate(
    out_dir: Path,
    rows: int = 5000,
    seed: int = 7,
    fmt: str = "csv",
    messy: float = 0.0,
    files: int = 1,
    start: date | None = None,
) -> list[Path]:
    """Write `files` exports (`interviews-<seed>-<i>.<ext>`) holding `rows` rows in all.

    Rows are in interview-date order and split into consecutive files, like weekly exports;
    with messy > 0 each file gets its own header spellings.
    """
    fmt = fmt.lower().strip()
    if fmt not in ("csv", "xlsx", "json"):
        raise ValueError(f"fmt must be csv, xlsx or json, not {fmt!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    df = generate_frames(rows, seed, messy, start=start)
    canonical_of = {v: k for k, v in HEADERS.items()}
    files = max(1, min(int(files), len(df)))
    paths = []
    bounds = np.linspace(0, len(df), files + 1).astype(int)
    for i in range(files):
        part = df.iloc[bounds[i] : bounds[i + 1]]
        names = header_variants(np.random.default_rng([seed, 2, i]), messy)
        renamed = {h: names[canonical_of[h]] if h in canonical_of else h for h in part.columns}
        numeric = {renamed[h] for h in part.columns if canonical_of.get(h) in NUMERIC_FIELDS}
        path = out_dir / f"interviews-{seed}-{i + 1}.{fmt}"
        _write(part.rename(columns=renamed), path, fmt, numeric)
        paths.append(path)
    return paths


FIXTURE_ROWS, FIXTURE_SEED = 400, 2024


def write_fixture(out_dir: Path) -> list[Path]:
    """tests/data/fixture: the same 400 clean rows as interviews.csv, .xlsx and .json."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    df = generate_frames(FIXTURE_ROWS, FIXTURE_SEED, 0.0)
    canonical_of = {v: k for k, v in HEADERS.items()}
    numeric = {h for h in df.columns if canonical_of.get(h) in NUMERIC_FIELDS}
    paths = [out_dir / f"interviews.{ext}" for ext in ("csv", "xlsx", "json")]
    for path in paths:
        _write(df, path, path.suffix[1:], numeric)
    return paths
