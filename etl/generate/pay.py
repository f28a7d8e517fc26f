"""Pay: log-normal by family, seniority and country with a yearly trend, written as people do."""

from __future__ import annotations

import numpy as np

from etl.generate.arrays import _group, _s
from etl.generate.careers import SENIORITY
from etl.generate.places import _CC, COUNTRIES
from etl.generate.roles import _FAM, FAMILIES

TREND = 0.035  # yearly pay drift
SENIORITY_PAY = {
    "intern": 0.35,
    "junior": 0.72,
    "mid": 1.0,
    "senior": 1.3,
    "lead": 1.5,
    "manager": 1.55,
    "director": 2.0,
    "executive": 2.6,
}


def pay(
    rng: np.random.Generator,
    col: dict[str, np.ndarray],
    days: np.ndarray,
    cc: np.ndarray,
    fam: np.ndarray,
    sen: np.ndarray,
    stage: np.ndarray,
    j: np.ndarray,
) -> None:
    """Expected pay per row (repeat visits ask more) as comp text, currency and period."""
    n = len(days)
    base_pay = np.array([c[3] for c in COUNTRIES.values()])[cc]
    fam_pay = np.array([FAMILIES[f][1] for f in _FAM])[fam]
    sen_pay = np.array([SENIORITY_PAY[s] for s in SENIORITY])[sen]
    year_frac = (days - np.datetime64("2024-01-01")).astype(np.int64) / 365.25
    stage_pay = np.array([0.95, 1.0, 1.0, 1.05, 0.92])[stage]
    annual = base_pay * fam_pay * sen_pay * stage_pay * np.exp(TREND * year_frac) * 1.06**j
    annual *= rng.lognormal(0.0, 0.17, n)
    _comp(rng, col, annual, cc, sen)
    col["_annual"] = annual


def _comp(rng, col, annual, cc, sen) -> None:
    """Pay written the many ways people write it, with currency and period columns."""
    n = len(annual)
    cur = np.array([c[1] for c in COUNTRIES.values()], dtype=object)[cc]
    sym = np.array([c[2] for c in COUNTRIES.values()], dtype=object)[cc]
    euro = cur == "EUR"
    hourly_ok = np.isin(cc, [_CC.index(c) for c in ("US", "CA", "AU", "GB")]) & (sen <= 2)
    monthly_ok = np.isin(cc, [_CC.index(c) for c in ("DE", "NL", "FR", "ES", "IN")])
    u = rng.random(n)
    period = np.where(
        hourly_ok & (u < 0.18), 4, np.where(monthly_ok & (u < 0.16), 1, np.where(u > 0.992, 3, 0))
    )
    lo = annual * (1 - rng.random(n) * 0.04)
    hi = lo * (1.08 + rng.random(n) * 0.17)
    lo_k, hi_k = np.round(lo / 1000).astype(np.int64), np.round(hi / 1000).astype(np.int64)
    is_range = rng.random(n) < 0.4
    style = rng.integers(0, 6, n)
    text = np.full(n, "", dtype=object)
    # each way of writing is built only for the rows that use it
    ways = [
        (is_range & (style <= 1), lambda m: sym[m] + _s(lo_k[m]) + "k-" + _s(hi_k[m]) + "k"),
        (
            is_range & (style == 2),
            lambda m: (
                _group(lo_k[m] * 1000, ",") + "-" + _group(hi_k[m] * 1000, ",") + " " + cur[m]
            ),
        ),
        (is_range & (style == 3), lambda m: _s(lo_k[m]) + "k - " + _s(hi_k[m]) + "k " + cur[m]),
        (
            is_range & (style >= 4) & euro,
            lambda m: (
                _group(lo_k[m] * 1000, ".") + " - " + _group(hi_k[m] * 1000, ".") + " " + cur[m]
            ),
        ),
        (is_range & (style >= 4) & ~euro, lambda m: _s(lo_k[m] * 1000) + "-" + _s(hi_k[m] * 1000)),
        (~is_range & (style == 0), lambda m: _s(lo_k[m] * 1000)),
        (~is_range & (style == 1) & euro, lambda m: _group(lo_k[m] * 1000, ".") + " " + cur[m]),
        (~is_range & (style == 1) & ~euro, lambda m: _group(lo_k[m] * 1000, ",") + " " + cur[m]),
        (~is_range & (style == 2), lambda m: sym[m] + _s(lo_k[m]) + "k"),
        (~is_range & (style == 3), lambda m: cur[m] + " " + _group(lo_k[m] * 1000, ",")),
        (~is_range & (style >= 4) & euro, lambda m: _s(lo_k[m]) + "k " + sym[m]),
        (~is_range & (style >= 4) & ~euro, lambda m: _group(lo_k[m] * 1000, ",")),
    ]
    mo = np.round(lo / 12 / 100).astype(np.int64) * 100
    hr = np.round(lo / 2080).astype(np.int64)
    dy = np.round(lo / 220 / 10).astype(np.int64) * 10
    ways = [(sel & (period == 0), f) for sel, f in ways] + [
        ((period == 1) & (style % 2 == 0), lambda m: _s(mo[m]) + " per month"),
        (
            (period == 1) & (style % 2 == 1) & euro,
            lambda m: _group(mo[m], ".") + " " + sym[m] + "/month",
        ),
        ((period == 1) & (style % 2 == 1) & ~euro, lambda m: _s(mo[m]) + "/month"),
        ((period == 4) & (style % 2 == 0), lambda m: _s(hr[m]) + "/hr"),
        ((period == 4) & (style % 2 == 1), lambda m: sym[m] + _s(hr[m]) + " per hour"),
        (period == 3, lambda m: _s(dy[m]) + " per day"),
    ]
    bare = np.zeros(n, dtype=bool)
    for sel, build in ways:
        m = np.flatnonzero(sel)
        if len(m):
            text[m] = build(m)
    bare[np.flatnonzero(~is_range & (style == 0) & (period == 0))] = True
    bare[np.flatnonzero(~is_range & (style >= 4) & ~euro & (period == 0))] = True
    bare[np.flatnonzero(is_range & (style >= 4) & ~euro & (period == 0))] = True
    vague = rng.random(n) < 0.03
    text[vague] = np.array(
        ["negotiable", "open", "depends on the package", "flexible"], dtype=object
    )[rng.integers(0, 4, int(vague.sum()))]
    col["comp"] = text
    # currency column: usually filled, always when the text is a bare number
    col["comp_currency"] = np.where((bare | (rng.random(n) < 0.75)) & ~vague, cur, "")
    per = np.array(["Year", "Month", "Week", "Day", "Hour"], dtype=object)[period]
    col["comp_period"] = np.where((rng.random(n) < 0.6) & ~vague, per, "")
