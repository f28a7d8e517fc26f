"""The global filters in the sidebar, mirrored in the URL query string."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from insights import charts
from insights.filters import DATE_KEYS, FILTER_KEYS, LABELS, LIST_FIELDS, Filters
from insights.queries import meta
from insights.ui.data import connection, query

STATE_KEY = "insights_filters"
NOTICES_KEY = "insights_filter_notices"
_INIT_KEY = "insights_filters_initialised"
_DATES = "flt_dates"


def widget_key(name: str) -> str:
    return f"flt_{name}"


def current_filters() -> Filters:
    """The filters chosen in the sidebar on this run (all data before the sidebar ran)."""
    value = st.session_state.get(STATE_KEY)
    return value if isinstance(value, Filters) else Filters()


def render() -> Filters:
    """Draw the filter widgets, sync them with st.query_params, return the Filters."""
    con = connection()
    if con is None:
        st.session_state[STATE_KEY] = Filters()
        return Filters()
    options = query(meta.filter_options, Filters())
    bounds = query(meta.date_range, Filters())
    if not st.session_state.get(_INIT_KEY):
        _seed_from_url(options, bounds)
        st.session_state[_INIT_KEY] = True

    with st.sidebar:
        st.header("Filters")
        for notice in st.session_state.get(NOTICES_KEY, []):
            st.warning(notice, icon=":material/link_off:")
        date_from, date_to = _date_widget(bounds)
        chosen: dict[str, Any] = {}
        for name in LIST_FIELDS:
            if name == "city":
                opts = query(
                    meta.city_options,
                    Filters(),
                    tuple(st.session_state.get(widget_key("country"), [])),
                )
            else:
                opts = _ordered(name, options.get(name, []))
            key = widget_key(name)
            if key in st.session_state:  # keep the selection valid for the current options
                st.session_state[key] = [v for v in st.session_state[key] if v in opts]
            chosen[name] = tuple(
                st.multiselect(
                    LABELS[name],
                    opts,
                    key=key,
                    format_func=charts.pretty if name != "role_family" else str,
                    placeholder="All",
                    on_change=_clear_notices,
                )
            )
        filters = Filters(date_from=date_from, date_to=date_to, **chosen)
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


def _ordered(name: str, values: list[str]) -> list[str]:
    order = list(charts.ORDERS.get(name, ()))
    return [v for v in order if v in values] + sorted(v for v in values if v not in order)


def _date_widget(bounds: tuple[dt.date, dt.date] | None) -> tuple[dt.date | None, dt.date | None]:
    if bounds is None:
        st.caption("No interview dates yet.")
        return None, None
    lo, hi = bounds
    current = st.session_state.get(_DATES)
    if current is None:
        st.session_state[_DATES] = (lo, hi)
        current = (lo, hi)
    picked = [d for d in current if d is not None]
    min_value = min([lo, *picked])
    max_value = max([hi, *picked])
    value = st.date_input(
        "Interview date",
        key=_DATES,
        min_value=min_value,
        max_value=max_value,
        format="YYYY-MM-DD",
        on_change=_clear_notices,
        help="Interviews held in this range (inclusive). The full range = no date filter.",
    )
    dates = list(value) if isinstance(value, (tuple, list)) else [value]
    start = dates[0] if dates else None
    end = dates[1] if len(dates) > 1 else None
    return (None if start == lo else start), (None if end == hi else end)


def _seed_from_url(options: dict[str, list[str]], bounds: tuple[dt.date, dt.date] | None) -> None:
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    filters, notices = Filters.from_query_params(params)
    for name in LIST_FIELDS:
        values = getattr(filters, name)
        if name == "city":
            known = set(query(meta.city_options, Filters(), filters.country))
        else:
            known = set(options.get(name, []))
        unknown = [v for v in values if v not in known]
        if unknown:
            notices.append(
                f"Ignored {LABELS[name].lower()} {', '.join(repr(v) for v in unknown)} from the "
                "link: no interviews have it."
            )
        if values:
            st.session_state[widget_key(name)] = [v for v in values if v in known]
    if bounds is not None and (filters.date_from or filters.date_to):
        st.session_state[_DATES] = (filters.date_from or bounds[0], filters.date_to or bounds[1])
    st.session_state[NOTICES_KEY] = notices


def _write_url(filters: Filters) -> None:
    wanted = filters.to_query_params()
    for key in FILTER_KEYS:
        current = st.query_params.get_all(key) if key in st.query_params else []
        target = wanted.get(key, [])
        if current != target:
            if target:
                st.query_params[key] = target if key not in DATE_KEYS else target[0]
            else:
                del st.query_params[key]


def _clear_notices() -> None:
    st.session_state[NOTICES_KEY] = []


def _clear_all() -> None:
    for name in LIST_FIELDS:
        st.session_state[widget_key(name)] = []
    st.session_state.pop(_DATES, None)
    _clear_notices()
