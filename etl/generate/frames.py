"""All rows of an export in one DataFrame: clean rows, made messy on request."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from etl.generate.messy import make_messy
from etl.generate.rows import clean_rows
from etl.generate.schema import DEFAULT_END, HEADERS, SPAN_DAYS


def generate_frames(
    rows: int = 5000, seed: int = 7, messy: float = 0.0, start: date | None = None
) -> pd.DataFrame:
    """The export rows (text cells, "" = empty) under the canonical first header spellings.

    `df.attrs["messy_counts"]` says how many rows of each hostile kind were made.
    """
    if rows < 1:
        raise ValueError("rows must be >= 1")
    messy = float(min(max(messy, 0.0), 1.0))
    rng = np.random.default_rng(seed)
    n_dup = int(rng.binomial(rows, messy / 4)) if messy and rows > 2 else 0
    n_edit = int(rng.binomial(rows, messy / 4)) if messy and rows > 2 else 0
    n_base = max(1, rows - n_dup - n_edit)
    n_dup, n_edit = (n_dup, n_edit) if n_base + n_dup + n_edit == rows else (0, 0)
    start_day = start or (DEFAULT_END - timedelta(days=SPAN_DAYS))
    end_day = (
        min(
            start_day + timedelta(days=SPAN_DAYS),
            max(DEFAULT_END, date.today() - timedelta(days=1)),
        )
        if start
        else DEFAULT_END
    )
    span = max(1, (end_day - start_day).days)
    df = clean_rows(rng, n_base, start_day, span)
    counts: dict[str, int] = {}
    if messy:
        df, counts = make_messy(df, np.random.default_rng([seed, 1]), messy, n_dup, n_edit)
    out = pd.DataFrame(
        {HEADERS.get(c, c): df[c].to_numpy() for c in df.columns if c != "_annual"}, dtype=object
    )
    out.attrs["messy_counts"] = counts
    return out
