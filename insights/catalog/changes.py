"""The most notable changes between two periods, found across the insight pages.

Candidates: expected pay (median) and the preference for remote work, overall, per role
family, per country and per both; each culture trait's mean rating; each question
topic's share. A change counts only when its test is significant at 95% (see
insights.stats) and both periods hold at least max(k, MIN_N) responses; the strongest
(smallest p-value) come first, each with the page and filters that show it.

The periods: the filtered date range and the period just before it; without a date
filter, the latest calendar quarter with data and the quarter before.
"""

from __future__ import annotations

import datetime as dt
import math
import urllib.parse

import duckdb
import pandas as pd

from insights import labels, periods, privacy, stats
from insights.filters import Filters
from insights.queries import changes, meta

MIN_N = 30  # a smaller group rarely gives a change worth a headline
TOP = 4
COLUMNS = (
    "page",
    "query",
    "statement",
    "interval",
    "test",
    "p_value",
    "n",
    "n_previous",
)


def windows(
    con: duckdb.DuckDBPyConnection, filters: Filters
) -> tuple[dt.date, dt.date, dt.date, dt.date] | None:
    """(start, end, previous start, previous end) compared; None without data."""
    # The warehouse's span, never the matching rows' own (that would date a small group).
    span = meta.date_range(con, Filters())
    if span is None:
        return None
    if filters.date_from is not None or filters.date_to is not None:
        start = filters.date_from or span[0]
        end = filters.date_to or span[1]
    else:
        resolved = periods.resolve("latest_quarter", span[1])
        if resolved is None:  # pragma: no cover - latest_quarter always resolves
            return None
        start, end = resolved
    prev_start, prev_end, _ = periods.comparison(start, end, span[0], span[1])
    if prev_start is None or prev_end is None:
        return None
    return start, min(end, span[1]), prev_start, prev_end


def notable(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """The significant changes, strongest first (at most TOP), as statements with their
    interval, test, n of both periods and the page + query string that shows each.
    attrs: 'window' (the periods in words), 'start', 'end'."""
    span = windows(con, filters)
    empty = pd.DataFrame(columns=list(COLUMNS))
    if span is None:
        empty.attrs["window"] = "no earlier period the data fully covers"
        return empty
    start, end, prev_start, prev_end = span
    window = f"{periods.span_text(start, end)} vs {periods.span_text(prev_start, prev_end)}"
    floor = max(privacy.k(), MIN_N)
    currency = meta.base_currency(con)
    found: list[dict[str, object]] = []
    base = filters.replace(date_from=start, date_to=end, period="")

    pay = changes.pay_and_remote(con, filters, start, end, prev_start, prev_end)
    for _, now, before in _pairs(pay, ["role_family", "country", "by_role_family", "by_country"]):
        role_family = now["role_family"] if now["by_role_family"] else None
        country = now["country"] if now["by_country"] else None
        where = _place(role_family, country)
        group_filters = base.replace(
            role_family=(role_family,) if role_family else base.role_family,
            country=(country,) if country else base.country,
        )
        if _enough(now["n_pay"], before["n_pay"], floor):
            change = stats.medians(
                now["median_pay"],
                now["iqr_pay"],
                now["n_pay"],
                before["median_pay"],
                before["iqr_pay"],
                before["n_pay"],
            )
            if change is not None and change.significant and before["median_pay"]:
                pct = change.difference / before["median_pay"]
                found.append(
                    _row(
                        "views/compensation.py",
                        group_filters,
                        f"Expected pay{where} {_moved(pct)} {abs(pct):.0%} "
                        f"({currency} {before['median_pay']:,.0f} → {now['median_pay']:,.0f}, "
                        "median)",
                        f"{change.low / before['median_pay']:+.0%} to "
                        f"{change.high / before['median_pay']:+.0%}",
                        change,
                        now["n_pay"],
                        before["n_pay"],
                    )
                )
        if _enough(now["n_arrangement"], before["n_arrangement"], floor):
            change = stats.shares(
                now["share_remote"],
                now["n_arrangement"],
                before["share_remote"],
                before["n_arrangement"],
            )
            if change is not None and change.significant:
                found.append(
                    _row(
                        "views/work_conditions.py",
                        group_filters,
                        f"Preference for fully remote work{where} {_moved(change.difference)} "
                        f"{abs(change.difference) * 100:.0f} points "
                        f"({before['share_remote']:.0%} → {now['share_remote']:.0%})",
                        _points(change),
                        change,
                        now["n_arrangement"],
                        before["n_arrangement"],
                    )
                )

    ratings = changes.culture(con, filters, start, end, prev_start, prev_end)
    for _, now, before in _pairs(ratings, ["dimension"]):
        if not _enough(now["n"], before["n"], floor):
            continue
        change = stats.means(
            now["mean"], now["sd"], now["n"], before["mean"], before["sd"], before["n"]
        )
        if change is not None and change.significant:
            found.append(
                _row(
                    "views/culture.py",
                    base,
                    f"Importance of {labels.pretty(now['dimension']).lower()} "
                    f"{_moved(change.difference)} {abs(change.difference):.2f} "
                    f"({before['mean']:.2f} → {now['mean']:.2f} of 5)",
                    f"{change.low:+.2f} to {change.high:+.2f}",
                    change,
                    now["n"],
                    before["n"],
                )
            )

    asked = changes.topics(con, filters, start, end, prev_start, prev_end)
    for _, now, before in _pairs(asked, ["topic"]):
        if not _enough(now["n"], before["n"], floor):
            continue
        change = stats.shares(now["share"], now["n"], before["share"], before["n"])
        if change is not None and change.significant:
            found.append(
                _row(
                    "views/candidate_questions.py",
                    base,
                    f"Candidates asking about {labels.pretty(now['topic'], 'topic').lower()} "
                    f"{_moved(change.difference)} {abs(change.difference) * 100:.0f} points "
                    f"({before['share']:.0%} → {now['share']:.0%})",
                    _points(change),
                    change,
                    now["n"],
                    before["n"],
                )
            )

    out = pd.DataFrame(found, columns=list(COLUMNS)) if found else empty
    out = out.sort_values("p_value", kind="stable").head(TOP).reset_index(drop=True)
    out.attrs.update({"window": window, "start": start, "end": end})
    return out


def _pairs(
    df: pd.DataFrame, keys: list[str]
) -> list[tuple[tuple[object, ...], pd.Series, pd.Series]]:
    """(key, current row, previous row) for each group present in both periods."""
    if df.empty:
        return []
    data = df.copy()
    for key in keys:
        data[key] = data[key].astype("object").where(data[key].notna(), None)
    rows: dict[tuple[object, ...], dict[bool, pd.Series]] = {}
    for _, row in data.iterrows():
        rows.setdefault(tuple(row[k] for k in keys), {})[bool(row["cur"])] = row
    return [(key, pair[True], pair[False]) for key, pair in rows.items() if len(pair) == 2]


def _enough(n_now: object, n_before: object, floor: int) -> bool:
    try:
        values = [float(n_now), float(n_before)]  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return all(not math.isnan(v) and v >= floor for v in values)


def _place(role_family: object, country: object) -> str:
    parts = []
    if role_family:
        parts.append(f" for {role_family}")
    if country:
        parts.append(f" in {labels.country_name(str(country))}")
    return "".join(parts)


def _moved(difference: float) -> str:
    return "rose" if difference > 0 else "fell"


def _points(change: stats.Change) -> str:
    return f"{int(round(change.low * 100)):+d} to {int(round(change.high * 100)):+d} points"


def _row(
    page: str,
    filters: Filters,
    statement: str,
    interval: str,
    change: stats.Change,
    n: object,
    n_previous: object,
) -> dict[str, object]:
    return {
        "page": page,
        "query": urllib.parse.urlencode(filters.to_query_params(), doseq=True),
        "statement": statement,
        "interval": interval,
        "test": change.test,
        "p_value": change.p_value if math.isfinite(change.p_value) else 1.0,
        "n": int(float(n)),  # type: ignore[arg-type]
        "n_previous": int(float(n_previous)),  # type: ignore[arg-type]
    }
