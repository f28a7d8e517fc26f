"""Streamlit helpers shared by dashboard.py and pages/ (the only Streamlit code in insights).

Public API:
    connection(), query(func, filters, *args)  -- cached read-only access (insights.ui.data)
    current_filters(), render_filters()        -- the global sidebar filters (insights.ui.sidebar)
    require_data(filters)                      -- friendly empty / missing states; False = stop
    chart(fig), numbers(df, columns), period_picker(key), base_currency()
    auth.gate(), auth.can_see_talent(role), auth.can_see_data(role)
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from insights import privacy
from insights.filters import Filters
from insights.queries import meta
from insights.ui import auth
from insights.ui.data import connection, current_version, db_path, query
from insights.ui.sidebar import current_filters
from insights.ui.sidebar import render as render_filters

__all__ = [
    "auth",
    "base_currency",
    "chart",
    "connection",
    "current_filters",
    "current_version",
    "numbers",
    "period_picker",
    "query",
    "render_filters",
    "require_data",
]

PERIODS = {"month": "Month", "quarter": "Quarter"}


def require_data(filters: Filters) -> bool:
    """Explain what to do when there is no warehouse, no data, or nothing matches."""
    if connection() is None:
        st.warning(
            f"There is no warehouse yet at `{db_path()}`.\n\n"
            "Build one to see insights:\n"
            "- `make demo` (or `insights demo`) creates a demo warehouse with generated "
            "interviews;\n"
            "- `insights load FILE...` loads your feedback-form exports (CSV, Excel, JSON).\n\n"
            "Point the app at another file with the `INSIGHTS_DB` environment variable.",
            icon=":material/database:",
        )
        return False
    if query(meta.interview_count, Filters()) == 0:
        st.info(
            "The warehouse has no interviews yet. Load your feedback-form export with "
            "`insights load FILE...` (or upload it on the Data page), or run `make demo` to "
            "explore generated data.",
            icon=":material/inbox:",
        )
        return False
    if query(meta.interview_count, filters) == 0:
        st.info(
            f"No interviews match these filters ({filters.describe()}). Widen the date range "
            "or remove a filter in the sidebar.",
            icon=":material/filter_alt_off:",
        )
        return False
    return True


def chart(fig: go.Figure, key: str | None = None) -> None:
    st.plotly_chart(
        fig,
        key=key,
        config={"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]},
    )


def nothing(df: pd.DataFrame, what: str) -> bool:
    """True (and an explanation shown) when a result has no group that may be shown."""
    if df.empty:
        st.info(f"No answers about {what} among the matching interviews.", icon=":material/info:")
        return True
    if not len(privacy.shown(df)):
        st.info(
            f"Every group answering about {what} has {privacy.label()}, so nothing can be "
            "shown. Widen the filters to see it.",
            icon=":material/visibility_off:",
        )
        return True
    return False


def numbers(
    df: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    label: str = "Show the numbers",
    percent: tuple[str, ...] = ("share",),
) -> None:
    """An expander with the chart's numbers; suppressed groups say so instead of a value."""
    with st.expander(label):
        table = df[[c for c in columns if c in df.columns]].copy()
        hidden = (
            df[privacy.SUPPRESSED].to_numpy(dtype=bool)
            if privacy.SUPPRESSED in df
            else [False] * len(df)
        )
        for col in table.columns:
            if pd.api.types.is_numeric_dtype(table[col]) and not pd.api.types.is_bool_dtype(
                table[col]
            ):
                table[col] = [
                    privacy.label() if h else _format(v, col in percent)
                    for v, h in zip(table[col], hidden, strict=True)
                ]
        st.dataframe(table.rename(columns=dict(columns)), hide_index=True)


def _format(value: object, percent: bool) -> str:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    if math.isnan(number):
        return ""
    if percent:
        return f"{number:.1%}"
    if number.is_integer() or abs(number) >= 100:
        return f"{number:,.0f}"
    return f"{number:,.2f}"


def period_picker(key: str, default: str = "quarter") -> str:
    choice = st.segmented_control(
        "Period",
        list(PERIODS),
        default=default,
        format_func=lambda p: PERIODS.get(p, str(p)),
        key=key,
    )
    return str(choice or default)


def base_currency() -> str:
    return str(query(meta.base_currency, Filters()))
