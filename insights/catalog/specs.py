"""Query specs: the hashable "what to compute" of each insight, and how to run many at once.

A page asks for all its insights together: `run_specs` resolves every breakdown's named
groups (top N by responses, or the reader's pick) in one read, then runs specs of the
same kind as one statement (e.g. four pay distributions in one scan), exactly as the
query functions' `*_sets` variants allow. Every frame comes back protected by
insights.privacy (small groups and their complements hidden).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from etl import settings
from insights import labels
from insights.catalog import changes
from insights.filters import Filters
from insights.queries import compensation, culture, meta, overview, questions
from insights.queries import work_conditions as wc
from insights.queries._sql import Grouping, list_shares


@dataclass(frozen=True)
class Breakdown:
    """Fields shared by specs grouped by a field: `pick` = groups the reader chose (the
    rest as all others); `top` = show the largest groups by name (setting, default 12)
    and the rest as all others; `keep` = the groups named, resolved by run_specs."""

    by: str | None = None
    every: str | None = None
    pick: tuple[str, ...] = ()
    top: bool = True
    keep: tuple[str, ...] | None = None

    def grouping(self) -> Grouping:
        return Grouping(self.by, self.every, self.keep)

    def needs_top(self) -> bool:
        return (
            self.by in labels.OPEN_FIELDS
            and self.every is None
            and not self.pick
            and self.top
            and self.keep is None
        )


@dataclass(frozen=True)
class Distribution(Breakdown):
    value: str = "comp_mid_annual"


@dataclass(frozen=True)
class Shares(Breakdown):
    column: str = "work_arrangement"


@dataclass(frozen=True)
class ListShares(Breakdown):
    column: str = "benefits"
    item: str = "benefit"
    rank: bool = False


@dataclass(frozen=True)
class Means(Breakdown):
    pass


@dataclass(frozen=True)
class PayTrend:
    every: str = "quarter"


@dataclass(frozen=True)
class Bands:
    role_family: str | None = None


@dataclass(frozen=True)
class BandRatios:
    pass


@dataclass(frozen=True)
class Phrases:
    limit: int = 20


@dataclass(frozen=True)
class Headlines:
    pass


@dataclass(frozen=True)
class Weekly:
    pass


@dataclass(frozen=True)
class Changes:
    pass


def top_n() -> int:
    return settings.top_groups()


def run_specs(
    con: duckdb.DuckDBPyConnection, filters: Filters, specs: tuple[Any, ...]
) -> list[pd.DataFrame]:
    """One protected frame per spec, in order."""
    resolved = _resolve_keeps(con, filters, specs)
    out: list[pd.DataFrame | None] = [None] * len(specs)
    batches: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i, spec in enumerate(resolved):
        batches[_batch_key(spec)].append(i)
    for key, indexes in batches.items():
        frames = _run_batch(con, filters, key, [resolved[i] for i in indexes])
        for i, frame in zip(indexes, frames, strict=True):
            out[i] = frame
    return [frame if frame is not None else pd.DataFrame() for frame in out]


def _resolve_keeps(
    con: duckdb.DuckDBPyConnection, filters: Filters, specs: Sequence[Any]
) -> list[Any]:
    """Each open breakdown's named groups: the reader's pick, else the top N by interviews.
    Only groups of at least k interviews are ever named (top_groups); every other group,
    small ones included, is summed up as 'all others', so a small group is never shown by
    name in an open field (role family, department, country, city)."""
    limit = top_n()
    wanted = tuple(
        dict.fromkeys(str(s.by) for s in specs if isinstance(s, Breakdown) and s.needs_top())
    )
    tops = meta.top_groups(con, filters, wanted, limit) if wanted else {}
    out = []
    for spec in specs:
        if isinstance(spec, Breakdown) and spec.pick and spec.every is None:
            spec = dataclasses.replace(spec, keep=tuple(spec.pick))
        elif isinstance(spec, Breakdown) and spec.needs_top():
            spec = dataclasses.replace(spec, keep=tuple(tops.get(str(spec.by), [])))
        out.append(spec)
    return out


def _batch_key(spec: Any) -> tuple[Any, ...]:
    if isinstance(spec, Distribution):
        return (Distribution, spec.value)
    if isinstance(spec, ListShares):
        return (ListShares, spec.column, spec.item, spec.rank)
    if isinstance(spec, Shares | Means):
        return (type(spec),)
    return (type(spec), spec)


def _run_batch(
    con: duckdb.DuckDBPyConnection, filters: Filters, key: tuple[Any, ...], specs: list[Any]
) -> list[pd.DataFrame]:
    kind = key[0]
    if kind is Distribution:
        return compensation.distribution_sets(
            con, filters, [s.grouping() for s in specs], specs[0].value
        )
    if kind is Shares:
        requests = [(s.column, s.by, s.every, s.keep) for s in specs]
        return wc.category_share_sets(con, filters, requests)
    if kind is ListShares:
        first = specs[0]
        groupings = [s.grouping() for s in specs]
        return list_shares(con, filters, first.column, first.item, groupings, rank=first.rank)
    if kind is Means:
        return culture.dimension_mean_sets(con, filters, [s.grouping() for s in specs])
    spec = specs[0]
    if kind is PayTrend:
        return [compensation.pay_trend(con, filters, spec.every)]
    if kind is Bands:
        return [compensation.bands_vs_expectations(con, filters, spec.role_family)]
    if kind is BandRatios:
        return [compensation.band_ratios(con, filters)]
    if kind is Phrases:
        phrases = questions.top_phrases(con, filters, spec.limit)
        phrases.attrs["responses"] = questions.text_responses(con, filters)
        return [phrases]
    if kind is Headlines:
        return [overview.kpis(con, filters)]
    if kind is Weekly:
        return [overview.interviews_per_week(con, filters)]
    if kind is Changes:
        return [changes.notable(con, filters)]
    raise TypeError(f"unknown query spec {spec!r}")
