"""Minimum group size and complementary suppression (DESIGN section 4).

No figure describes fewer than k responses: not a median, a share, a mean, nor a count,
wherever it appears. Every query masks its result here before it returns (see
insights.queries._sql), and every count that reaches a caption, header or CLI line is a
`Count`, whose only text form says "fewer than k responses" for a small group.

Complementary suppression: in a breakdown whose groups partition a total that is shown
elsewhere (a page's n, the Overview's interview count), hiding one small group is not
enough: total - sum(shown) would give it away. `protect` therefore keeps hiding the next
smallest group until at least two groups are hidden and the hidden groups together hold
at least k responses, so what subtraction recovers describes k or more responses and no
single hidden group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl import settings

SUPPRESSED = "suppressed"
# Why a row is hidden: "small" (fewer than k responses) or "complement" (enough responses,
# hidden so that a small group cannot be worked out by subtraction).
REASON = "hidden_reason"
SMALL = "small"
COMPLEMENT = "complement"


def k() -> int:
    """The minimum group size (INSIGHTS_MIN_GROUP, default 5)."""
    return settings.min_group_size()


def label(min_size: int | None = None) -> str:
    """How a suppressed group reads on screen, e.g. 'fewer than 5 responses'."""
    return f"fewer than {min_size or k()} responses"


def complement_label() -> str:
    """How a group hidden by complementary suppression reads."""
    return "hidden so that a smaller group cannot be worked out"


@dataclass(frozen=True)
class Count:
    """A number of responses that may be printed: its text says 'fewer than k responses'
    when it is below k, so a caption cannot show a small count by accident.

    >>> str(Count.of(3, min_size=5)), str(Count.of(1234, min_size=5)), str(Count.of(0))
    ('fewer than 5', '1,234', '0')
    """

    value: int | None  # None: hidden (1 to k-1)
    min_size: int

    @classmethod
    def of(cls, n: object, *, min_size: int | None = None) -> Count:
        limit = min_size or k()
        try:
            number = int(float(n))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            number = 0
        if np.isnan(float(number)) or number <= 0:
            return cls(0, limit)
        return cls(number if number >= limit else None, limit)

    @property
    def hidden(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return f"fewer than {self.min_size}" if self.value is None else f"{self.value:,}"

    def text(self, unit: str = "responses") -> str:
        """'1,234 responses', 'fewer than 5 responses', '0 responses'."""
        return f"{self} {unit}"

    def __int__(self) -> int:
        """The number when it may be shown; 0 when hidden (never the hidden value)."""
        return self.value or 0


def mask(
    df: pd.DataFrame,
    values: Sequence[str],
    *,
    n: str = "n",
    min_size: int | None = None,
) -> pd.DataFrame:
    """Blank `values` and `n` where `n` < k; add a boolean `suppressed` column. No
    complementary suppression: use `protect` for a breakdown.

    A count of 0 is not hidden: it describes no one.

    >>> out = mask(pd.DataFrame({"g": ["a", "b"], "n": [7, 2], "p50": [1.0, 9.0]}), ["p50"], min_size=5)
    >>> out[["g", "n", "p50", "suppressed"]].to_dict("list")
    {'g': ['a', 'b'], 'n': [7, None], 'p50': [1.0, nan], 'suppressed': [False, True]}
    """
    limit = min_size or k()
    counts = pd.to_numeric(df[n], errors="coerce").fillna(0)
    # A count of 0 describes no one: it is shown as 0 (its other figures are empty anyway).
    small = ((counts > 0) & (counts < limit)).to_numpy()
    return _blank(df, values, n=n, hide=small, reasons=np.where(small, SMALL, ""))


def protect(
    df: pd.DataFrame,
    values: Sequence[str],
    *,
    n: str = "n",
    group: Sequence[str] = (),
    within: Sequence[str] = (),
    min_size: int | None = None,
) -> pd.DataFrame:
    """Mask a breakdown: small groups and their complements lose every number.

    Rows are groups (or, with `group`, several rows per group sharing its `n`); `within`
    names the columns of independent breakdowns in one frame (e.g. each culture dimension
    is a breakdown of its own). A hidden group keeps one row, so it is listed, never
    silently dropped.

    >>> df = pd.DataFrame({"g": list("abcd"), "n": [3, 40, 9, 50], "v": [1.0, 2, 3, 4]})
    >>> protect(df, ["v"], min_size=5)[["g", "n", "hidden_reason"]].to_dict("list")
    {'g': ['a', 'b', 'c', 'd'], 'n': [None, 40, None, 50], 'hidden_reason': ['small', '', 'complement', '']}
    """
    limit = min_size or k()
    counts = pd.to_numeric(df[n], errors="coerce").fillna(0).to_numpy(dtype="float64")
    keys = list(group)
    parts = list(within)
    reasons = np.where((counts > 0) & (counts < limit), SMALL, "").astype(object)
    if len(df):
        frame = pd.DataFrame(
            {
                "_part": _key(df, parts),
                "_group": _key(df, keys) if keys else np.arange(len(df)).astype(str),
                "_n": counts,
            }
        )
        groups = frame.drop_duplicates(["_part", "_group"])
        for _, part in groups.groupby("_part", sort=False):
            for name in _complements(part, limit):
                hit = (frame["_part"] == part["_part"].iloc[0]) & (frame["_group"] == name)
                reasons[hit.to_numpy()] = COMPLEMENT
    hide = reasons != ""
    out = _blank(df, values, n=n, hide=hide, reasons=reasons)
    if keys:
        hidden = out[SUPPRESSED].to_numpy()
        out = pd.concat(
            [out[~hidden], out[hidden].drop_duplicates(subset=[*parts, *keys])]
        ).reset_index(drop=True)
    return out


def _key(df: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    if not columns:
        return np.full(len(df), "", dtype=object)
    return df[list(columns)].astype(str).agg("\x1f".join, axis=1).to_numpy()


def _complements(groups: pd.DataFrame, limit: int) -> list[str]:
    """Groups to hide beside the small ones of one breakdown (smallest first)."""
    small = (groups["_n"] > 0) & (groups["_n"] < limit)
    if not small.any() or len(groups) < 2:
        return []
    hidden_n = float(groups.loc[small, "_n"].sum())
    hidden = int(small.sum())
    candidates = groups[~small & (groups["_n"] > 0)].sort_values(["_n", "_group"], kind="stable")
    out: list[str] = []
    for name, size in zip(candidates["_group"], candidates["_n"], strict=True):
        if hidden >= 2 and hidden_n >= limit:
            break
        out.append(str(name))
        hidden += 1
        hidden_n += float(size)
    return out


def _blank(
    df: pd.DataFrame,
    values: Sequence[str],
    *,
    n: str,
    hide: np.ndarray,
    reasons: np.ndarray,
) -> pd.DataFrame:
    out = df.copy()
    for col in values:
        if pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].astype("float64").where(~hide, np.nan)
        else:
            out[col] = out[col].astype("object").where(~hide, None)
    out[n] = (
        pd.to_numeric(out[n], errors="coerce")
        .astype("Int64")
        .mask(pd.Series(hide, index=out.index))
    )
    out[SUPPRESSED] = hide
    out[REASON] = pd.Series(reasons, index=out.index, dtype="object")
    return out


def shown(df: pd.DataFrame) -> pd.DataFrame:
    """Rows whose numbers may be shown."""
    return df[~df[SUPPRESSED]] if SUPPRESSED in df else df


def hidden(df: pd.DataFrame) -> pd.DataFrame:
    """Rows hidden for privacy (small groups and their complements)."""
    return df[df[SUPPRESSED]] if SUPPRESSED in df else df.iloc[0:0]


def row_label(reason: object) -> str:
    """The text shown in place of a hidden row's numbers."""
    return complement_label() if reason == COMPLEMENT else label()
