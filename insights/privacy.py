"""Minimum group size: no aggregate describes fewer than k responses (DESIGN section 4).

Every query function masks its result with `mask` before returning it, so no page can
forget the rule: a small group keeps its row (labelled "fewer than k responses") but
loses every number, its count included.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from etl import settings

SUPPRESSED = "suppressed"


def k() -> int:
    """The minimum group size (INSIGHTS_MIN_GROUP, default 5)."""
    return settings.min_group_size()


def label(min_size: int | None = None) -> str:
    """How a suppressed group reads on screen, e.g. 'fewer than 5 responses'."""
    return f"fewer than {min_size or k()} responses"


def mask(
    df: pd.DataFrame,
    values: Sequence[str],
    *,
    n: str = "n",
    min_size: int | None = None,
) -> pd.DataFrame:
    """Blank `values` and `n` where `n` < k; add a boolean `suppressed` column.

    >>> out = mask(pd.DataFrame({"g": ["a", "b"], "n": [7, 2], "p50": [1.0, 9.0]}), ["p50"], min_size=5)
    >>> out[["g", "n", "p50", "suppressed"]].to_dict("list")
    {'g': ['a', 'b'], 'n': [7, None], 'p50': [1.0, nan], 'suppressed': [False, True]}
    """
    limit = min_size or k()
    out = df.copy()
    counts = pd.to_numeric(out[n], errors="coerce")
    small = (counts.fillna(0) < limit).to_numpy()
    for col in values:
        if pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].astype("float64").where(~small, np.nan)
        else:
            out[col] = out[col].astype("object").where(~small, None)
    out[n] = counts.astype("Int64").mask(pd.Series(small, index=out.index))
    out[SUPPRESSED] = small
    return out


def shown(df: pd.DataFrame) -> pd.DataFrame:
    """Rows whose numbers may be shown."""
    return df[~df[SUPPRESSED]] if SUPPRESSED in df else df


def hidden(df: pd.DataFrame) -> pd.DataFrame:
    """Rows suppressed for having fewer than k responses."""
    return df[df[SUPPRESSED]] if SUPPRESSED in df else df.iloc[0:0]
