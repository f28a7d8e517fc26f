"""The global filters in the sidebar, mirrored in the URL query string.

Dates follow the data: the default is all data, and a named period ("Latest quarter")
is kept by name and resolved against the warehouse on every run, so a load of newer or
older rows is never silently left out. A custom range that leaves data out says so. A
link with filters (shared, or from the Overview's notable changes) sets them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st

from insights import catalog, labels, periods
from insights.filters import FILTER_KEYS, LABELS, LIST_FIELDS, Filters
from insights.reader import Reader
from insights.ui.plain import md

STATE_KEY = "insights_filters"
NOTICES_KEY = "insights_filter_notices"
_WRITTEN_KEY = "insights_filters_written"
_INIT_KEY = "insights_filters_initialised"
_PERIOD = "flt_period"
_DATES = "flt_dates"


def widget_key(name: str) -> str:
    return f"flt_{name}"


def current_filters() -> Filters:
    """The filters chosen in the sidebar on this run (all data before the sidebar ran)."""
    value = st.session_state.get(STATE_KEY)
    return value if isinstance(value, Filters) else Filters()


def render(reader: Reader) -> Filters:
    """Draw the filter widgets, sync them with st.query_params, return the Filters (a named
    period already resolved to dates)."""
    if not reader.has_warehouse():
        st.session_state[STATE_KEY] = Filters()
        return Filters()
    options = catalog.facts.filter_options(reader)
    bounds = catalog.facts.date_range(reader)
    url = _url_params()
    if not st.session_state.get(_INIT_KEY) or (
        any(url.values()) and url != st.session_state.get(_WRITTEN_KEY)
    ):
        _seed_from_url(reader, url, options, bounds)
        st.session_state[_INIT_KEY] = True

    with st.sidebar:
        st.header("Filters")
        for notice in st.session_state.get(NOTICES_KEY, []):
            st.warning(md(notice), icon=":material/link_off:")
        period, date_from, date_to = _date_widgets(bounds)
        chosen: dict[str, Any] = {}
        for name in LIST_FIELDS:
            if name == "city":
                countries = tuple(st.session_state.get(widget_key("country"), []))
                opts = catalog.facts.city_options(reader, countries)
            elif name in labels.ORDERS:
                opts = labels.order(name, options.get(name, []))
            else:  # open fields by the name a reader sees (countries by name, not code)
                show = _formatter(name)
                opts = sorted(options.get(name, []), key=lambda v: show(v).lower())
            key = widget_key(name)
            if key in st.session_state:  # keep the selection valid for the current options
                st.session_state[key] = [v for v in st.session_state[key] if v in opts]
            chosen[name] = tuple(
                st.multiselect(
                    LABELS[name],
                    opts,
                    key=key,
                    format_func=_formatter(name),
                    placeholder="All",
                    on_change=_clear_notices,
                )
            )
        filters = Filters(date_from=date_from, date_to=date_to, period=period, **chosen)
        filters = filters.resolve(bounds[1] if bounds else None)
        if not filters.is_default():
            st.button(
                "Clear all filters",
                on_click=_clear_all,
                key="flt_clear",
                icon=":material/filter_alt_off:",
            )
    _write_url(filters)
    st.session_state[STATE_KEY] = filters
    return filters


def keep() -> None:
    """On a page without the filters: keep their choices for the next page that draws them
    (Streamlit forgets the state of a widget that a run does not draw)."""
    for key in (_PERIOD, _DATES, *(widget_key(name) for name in LIST_FIELDS)):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def _formatter(field: str) -> Callable[[object], str]:
    return lambda value: labels.pretty(value, field)


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in FILTER_KEYS if key in st.query_params}


def _date_widgets(
    bounds: tuple[dt.date, dt.date] | None,
) -> tuple[str, dt.date | None, dt.date | None]:
    """(preset name, custom start, custom end)."""
    if bounds is None:
        st.caption("No interview dates yet.")
        return "", None, None
    lo, hi = bounds
    names = list(periods.PRESETS)
    preset = st.selectbox(
        "Period",
        names,
        key=_PERIOD,
        format_func=lambda p: _preset_label(p, hi),
        on_change=_clear_notices,
        help="Named periods end with the month of the latest interview and follow the data "
        "as new exports are loaded.",
    )
    if preset != "custom":
        return ("" if preset == periods.ALL else str(preset)), None, None
    current = st.session_state.get(_DATES)
    if not current:
        st.session_state[_DATES] = (lo, hi)
        current = (lo, hi)
    picked = [d for d in current if d is not None]
    value = st.date_input(
        "Interview dates",
        key=_DATES,
        min_value=min([lo, *picked]),
        max_value=max([hi, *picked]),
        format="YYYY-MM-DD",
        on_change=_clear_notices,
        help="Interviews held in this range (inclusive).",
    )
    dates = list(value) if isinstance(value, tuple | list) else [value]
    start = dates[0] if dates else None
    end = dates[1] if len(dates) > 1 else start
    if start is not None and end is not None and (start > lo or end < hi):
        st.caption(
            f"This range leaves out interviews outside {start:%d %b %Y} – {end:%d %b %Y}: the "
            f"data runs from {lo:%d %b %Y} to {hi:%d %b %Y}."
        )
    return "", start, end


def _preset_label(preset: str, last: dt.date) -> str:
    span = periods.resolve(preset, last)
    name = periods.PRESETS.get(preset, preset)
    return f"{name} ({periods.span_text(*span)})" if span else name


def _seed_from_url(
    reader: Reader,
    params: dict[str, list[str]],
    options: dict[str, list[str]],
    bounds: tuple[dt.date, dt.date] | None,
) -> None:
    filters, notices = Filters.from_query_params(params)
    for name in LIST_FIELDS:
        values = getattr(filters, name)
        if name == "city":
            known = set(catalog.facts.city_options(reader, filters.country))
        else:
            known = set(options.get(name, []))
        unknown = [v for v in values if v not in known]
        if unknown:
            notices.append(
                f"Ignored {LABELS[name].lower()} {', '.join(repr(v) for v in unknown)} from the "
                "link: no interviews have it."
            )
        st.session_state[widget_key(name)] = [v for v in values if v in known]
    if filters.is_preset():
        st.session_state[_PERIOD] = filters.period
    elif filters.date_from or filters.date_to:
        st.session_state[_PERIOD] = "custom"
        lo, hi = bounds or (filters.date_from, filters.date_to)
        st.session_state[_DATES] = (filters.date_from or lo, filters.date_to or hi)
    else:
        st.session_state[_PERIOD] = periods.ALL
        st.session_state.pop(_DATES, None)
    st.session_state[NOTICES_KEY] = notices


def _write_url(filters: Filters) -> None:
    wanted = filters.to_query_params()
    for key in FILTER_KEYS:
        current = st.query_params.get_all(key) if key in st.query_params else []
        target = wanted.get(key, [])
        if current != target:
            if target:
                st.query_params[key] = target if key in LIST_FIELDS else target[0]
            else:
                del st.query_params[key]
    st.session_state[_WRITTEN_KEY] = {k: v for k, v in wanted.items() if v}


def _clear_notices() -> None:
    st.session_state[NOTICES_KEY] = []


def _clear_all() -> None:
    for name in LIST_FIELDS:
        st.session_state[widget_key(name)] = []
    st.session_state[_PERIOD] = periods.ALL
    st.session_state.pop(_DATES, None)
    _clear_notices()
