"""Currencies for the pool: the base currency, conversion rates per year, pay for people.

Pay is written with ISO currency codes ("INR 2,230,000", "EUR 4,900/month"): a
dollar sign alone could be US, Canadian or Australian dollars.
"""

from __future__ import annotations

import math
from typing import Any

import duckdb
import pandas as pd

PERIOD_WORDS = {"year": "year", "month": "month", "week": "week", "day": "day", "hour": "hour"}


def base_currency(con: duckdb.DuckDBPyConnection) -> str:
    """The warehouse's base currency (warehouse_info), USD when unset."""
    rows = con.execute("SELECT value FROM warehouse_info WHERE key = 'base_currency'").fetchall()
    row = rows[0] if rows else None
    return (row[0] if row and row[0] else "USD").upper()


def currencies(con: duckdb.DuckDBPyConnection, base: str) -> list[str]:
    """Currencies a budget can be given in: the base currency first, then fx_rates'."""
    rows = con.execute("SELECT DISTINCT upper(currency) FROM fx_rates ORDER BY 1").fetchall()
    others = [r[0] for r in rows if r[0] != base]
    if base != "USD" and "USD" not in others:
        others.insert(0, "USD")
    return [base, *others]


def fx_rates(con: duckdb.DuckDBPyConnection) -> dict[str, dict[int, float]]:
    """Units of each currency per USD, per year (fx_rates)."""
    out: dict[str, dict[int, float]] = {}
    rows = con.execute(
        "SELECT upper(currency), year, units_per_usd FROM fx_rates WHERE units_per_usd > 0"
    ).fetchall()
    for cur, year, rate in rows:
        out.setdefault(str(cur), {})[int(year)] = float(rate)
    return out


def fx_by_year(
    rates: dict[str, dict[int, float]], from_currency: str, to_currency: str
) -> dict[int, float]:
    """Units of ``to_currency`` per unit of ``from_currency``, per year (as the ETL converts:
    each currency's rate for that year, clamped to the years fx_rates has for it).

    Empty when the currencies are the same. Raises ValueError for a currency without rates.
    """
    src, dst = from_currency.upper(), to_currency.upper()
    if src == dst:
        return {}
    known: dict[str, dict[int, float]] = {c: dict(rates.get(c, {})) for c in (src, dst)}
    for cur in (src, dst):
        if not known[cur] and cur == "USD":
            known[cur] = {0: 1.0}
    missing = [c for c in (src, dst) if not known[c]]
    if missing:
        raise ValueError(f"No exchange rate for {', '.join(missing)}")
    years = sorted({y for r in known.values() for y in r if y}) or [0]

    def at(cur: str, year: int) -> float:
        table = known[cur]
        span = sorted(table)
        return table[min(max(year, span[0]), span[-1])]

    return {y: at(dst, y) / at(src, y) for y in range(years[0], years[-1] + 1)}


def missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def amount(value: float) -> str:
    """A whole amount with thousands separators; cents only below 100 (hourly pay)."""
    if abs(value) < 100 and not float(value).is_integer():
        return f"{value:,.2f}"
    return f"{math.floor(value + 0.5):,}"


def pay_range(low: Any, high: Any, currency: Any, period: Any = None) -> str | None:
    """Pay for people: ``EUR 85,000–95,000``, ``INR 2,230,000``, ``USD 45/hour``."""
    lo = None if missing(low) else float(low)
    hi = None if missing(high) else float(high)
    if lo is None and hi is None:
        return None
    code = "" if missing(currency) or not currency else f"{str(currency).upper()} "
    if lo is None:
        text = f"up to {code}{amount(hi or 0.0)}"
    elif hi is None or amount(lo) == amount(hi):
        text = f"{code}{amount(lo)}" + ("+" if hi is None else "")
    else:
        text = f"{code}{amount(lo)}–{amount(hi)}"
    per = None if missing(period) else PERIOD_WORDS.get(str(period))
    if per and per != "year":
        text += f"/{per}"
    return text


def short(value: float) -> str:
    """A compact amount: ``950``, ``25.2k``, ``1.25M``."""
    if abs(value) >= 999_500:
        return f"{value / 1_000_000:.2f}".rstrip("0").rstrip(".") + "M"
    if abs(value) >= 1000:
        return f"{value / 1000:.1f}".rstrip("0").rstrip(".") + "k"
    return f"{math.floor(value + 0.5):,}"


def short_range(low: Any, high: Any) -> str | None:
    """A compact per-year range for a narrow column: ``85k–95k``, ``25.2k``."""
    lo = None if missing(low) else float(low)
    hi = None if missing(high) else float(high)
    if lo is None and hi is None:
        return None
    if lo is None:
        return f"≤ {short(hi or 0.0)}"
    if hi is None or short(lo) == short(hi):
        return short(lo) + ("+" if hi is None else "")
    return f"{short(lo)}–{short(hi)}"
