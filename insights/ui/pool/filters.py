"""The pool's filter widgets, drawn from the filter declarations, mirrored in the URL.

Each filter of insights.pool_filters.FILTERS gets the widget its kind names (``widget``),
its label and help; only the layout (which filters share a row) is decided here. Widget
state lives under ``pf_<filter name>``. A link's ``pool_*`` params are loaded into the
widgets before they are drawn (a shared link, a saved search); after drawing, the URL is
rewritten to the filters, so the address bar is always a link to the view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from insights import workspace
from insights.pool_filters import (
    BY_NAME,
    DEFAULTS,
    FILTERS,
    PARAM_PREFIX,
    SORTS,
    Bound,
    Flag,
    ListKey,
    OneOf,
    OnOrBefore,
    Order,
    PoolFilter,
    PoolFilters,
    Words,
    pretty,
)
from insights.ui.pool import actor, busy_safe, md, say, workspace_file

KEY = "pf_"  # widget keys: pf_<PoolFilters field>
ANY = "Any"
_LAST_QS = "pool_last_query"

# Which filters share a row (and their relative widths); statuses, currency and sort are
# drawn by the table's toolbar. Every filter appears once (tests/pool check it).
ROWS: tuple[tuple[tuple[str, float], ...], ...] = (
    (("text", 3), ("skills_all", 2), ("skills_any", 2)),
    (
        ("role_families", 1),
        ("seniorities", 1),
        ("work_arrangements", 1),
        ("countries", 1),
        ("cities", 1),
        ("willing_to_relocate", 1.3),
    ),
    (
        ("max_pay", 1.2),
        ("available_by", 1),
        ("min_fit", 0.8),
        ("min_interest", 0.8),
        ("tags", 1.2),
        ("credentials_verified", 1),
    ),
    (("statuses", 1),),
)
TOOLBAR = ("pay_currency", "sort", "descending")


# --- widget state <-> filter values -----------------------------------------------------------


def to_widget(spec: PoolFilter, value: Any, currencies: list[str] | None = None) -> Any:
    if isinstance(spec, ListKey | OneOf):
        return list(value)
    if isinstance(spec, Bound) and spec.choices:
        return ANY if value is None else _int_or_float(value)
    if spec.name == "pay_currency":
        return value or (currencies[0] if currencies else None)
    return value


def from_widget(spec: PoolFilter, value: Any, base: str) -> Any:
    if isinstance(spec, ListKey | OneOf):
        return tuple(value or ())
    if isinstance(spec, Flag | Order):
        return bool(value)
    if isinstance(spec, Bound):
        if value is None or value == ANY:
            return None
        return float(str(value))
    if isinstance(spec, OnOrBefore):
        return value if isinstance(value, dt.date) else None
    if spec.name == "pay_currency":
        return None if not value or value == base else str(value)
    if isinstance(spec, Words):
        return str(value or "")
    return value if value is not None else getattr(DEFAULTS, spec.name)


def load_into_widgets(filters: PoolFilters, currencies: list[str] | None = None) -> None:
    """Put ``filters`` into the widgets' state (before they are drawn)."""
    for spec in FILTERS:
        st.session_state[KEY + spec.name] = to_widget(spec, getattr(filters, spec.name), currencies)


def _int_or_float(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


# --- the URL ----------------------------------------------------------------------------------


def url_filters() -> PoolFilters:
    params = {k: st.query_params.get_all(k) for k in st.query_params if k.startswith(PARAM_PREFIX)}
    return PoolFilters.from_query_params(params)


def seed_from_url(currencies: list[str]) -> None:
    """Apply a link's ``pool_*`` params when they are new (a shared or saved-search link)."""
    query = url_filters().to_query_string()
    if st.session_state.get(_LAST_QS) is None or query != st.session_state.get(_LAST_QS):
        if query or st.session_state.get(_LAST_QS) is None:
            load_into_widgets(PoolFilters.from_query_string(query), currencies)
        st.session_state[_LAST_QS] = query


def write_url(filters: PoolFilters) -> None:
    wanted = filters.to_query_params()
    for key in [k for k in st.query_params if k.startswith(PARAM_PREFIX)]:
        if key not in wanted:
            del st.query_params[key]
    for key, value in wanted.items():
        target = value if isinstance(value, list) else [value]
        if st.query_params.get_all(key) != target:
            st.query_params[key] = value
    st.session_state[_LAST_QS] = filters.to_query_string()


# --- drawing ------------------------------------------------------------------------------------


def draw(spec: PoolFilter, options: dict[str, list[str]]) -> Any:
    """One filter's widget; returns its raw widget value."""
    key = KEY + spec.name
    # persist_state: the filters survive a visit to a profile and back
    common: dict[str, Any] = {"key": key, "help": spec.help or None, "persist_state": "session"}
    if isinstance(spec, Words):
        return st.text_input(spec.label, placeholder="Words in titles, skills or notes", **common)
    if isinstance(spec, OneOf) and spec.name == "statuses":
        return st.pills(
            f"{spec.label} (none picked = every status)",
            list(spec.vocabulary),
            selection_mode="multi",
            format_func=pretty,
            **common,
        )
    if isinstance(spec, ListKey | OneOf):
        offered = list(spec.vocabulary) if isinstance(spec, OneOf) and spec.vocabulary else []
        offered = offered or options.get(spec.options, [])
        chosen = [v for v in st.session_state.get(key, []) or [] if v]
        return st.multiselect(
            spec.label,
            list(dict.fromkeys([*offered, *chosen])),  # a value from a link stays selectable
            placeholder=ANY,
            format_func=pretty if isinstance(spec, OneOf) and spec.vocabulary else str,
            accept_new_options=isinstance(spec, ListKey),
            **common,
        )
    if isinstance(spec, Flag):
        st.write("")  # line the box up with the inputs beside it
        return st.checkbox(spec.label, **common)
    if isinstance(spec, Bound) and spec.choices:
        return st.selectbox(spec.label, [ANY, *spec.choices], **common)
    if isinstance(spec, Bound):
        return st.number_input(
            spec.label,
            min_value=0.0,
            step=5000.0,
            value=None,
            format="%.0f",
            placeholder=ANY,
            **common,
        )
    if isinstance(spec, OnOrBefore):
        return st.date_input(spec.label, value=None, format="YYYY-MM-DD", **common)
    raise ValueError(f"no widget for filter {spec.name}")


def filter_panel(options: dict[str, list[str]], base: str) -> dict[str, Any]:
    """Draw every filter of :data:`ROWS`; returns their filter values by name."""
    values: dict[str, Any] = {}
    with st.container(border=True):
        for row in ROWS:
            cols = st.columns([w for _, w in row], vertical_alignment="bottom")
            for col, (name, _) in zip(cols, row, strict=True):
                with col:
                    spec = BY_NAME[name]
                    values[name] = from_widget(spec, draw(spec, options), base)
    return values


def toolbar_options(currencies: list[str], cols: Sequence[Any]) -> dict[str, Any]:
    """Sort key, order and currency, in three columns (drawn before the list they change)."""
    ss = st.session_state
    if ss.get(KEY + "pay_currency") not in currencies:
        ss[KEY + "pay_currency"] = currencies[0]
    c2, c3, c1 = cols
    with c1:
        currency = st.selectbox(
            "Pay per year in",
            currencies,
            key=KEY + "pay_currency",
            help=BY_NAME["pay_currency"].help,
            persist_state="session",
        )
    with c2:
        sort = st.selectbox(
            "Sort by",
            list(SORTS),
            key=KEY + "sort",
            format_func=lambda k: SORTS[k][0],
            persist_state="session",
        )
    with c3:
        descending = st.selectbox(
            "Order",
            [True, False],
            key=KEY + "descending",
            format_func=lambda d: _order_label(str(sort), bool(d)),
            persist_state="session",
        )
    return {
        "pay_currency": from_widget(BY_NAME["pay_currency"], currency, currencies[0]),
        "sort": str(sort),
        "descending": bool(descending),
    }


def _order_label(sort: str, descending: bool) -> str:
    order = SORTS[sort][2]
    if descending:
        return order.capitalize()
    return {"highest first": "Lowest first", "latest first": "Earliest first"}.get(order, "A to Z")


def clear_filters(currencies: list[str]) -> None:
    keep = {name: st.session_state.get(KEY + name) for name in ("sort", "descending")}
    load_into_widgets(PoolFilters(), currencies)
    for name, value in keep.items():
        if value is not None:
            st.session_state[KEY + name] = value


# --- saved searches and the share link -----------------------------------------------------------


@busy_safe
def _open_saved(ws: Path, currencies: list[str]) -> None:
    name = st.session_state.get("pool_saved_pick")
    query = workspace.saved_searches(ws).get(name or "")
    if query is not None:
        load_into_widgets(PoolFilters.from_query_string(query), currencies)
        say(f"Opened saved search “{md(name)}”.")


def _save_current(ws: Path, query: str) -> None:
    name = st.session_state.get("pool_saved_name", "")
    try:
        workspace.save_search(ws, name, query, actor=actor())
    except workspace.WorkspaceError as exc:
        say(md(exc), error=True)
        return
    clean = workspace.clean_name(name)
    say(f"Saved search “{md(clean)}”.")
    st.session_state["pool_saved_pick"] = clean
    st.session_state["pool_saved_name"] = ""


def saved_search_tools(filters: PoolFilters, currencies: list[str]) -> None:
    """Saved searches (open, save), the share link and "clear filters", in one short row."""
    ws = workspace_file()
    searches = workspace.saved_searches(ws)
    names = list(searches)
    if st.session_state.get("pool_saved_pick") not in names:
        st.session_state.pop("pool_saved_pick", None)
    c1, c2, c3, _ = st.columns([1.7, 1.3, 1.3, 4.5], vertical_alignment="center")
    with c1.popover("Saved searches", icon=":material/bookmark:"):
        st.selectbox(
            "Open a saved search",
            names,
            index=None,
            key="pool_saved_pick",
            placeholder="Choose one" if names else "None saved yet",
            disabled=not names,
        )
        st.button(
            "Open",
            key="pool_saved_open",
            on_click=_open_saved,
            args=(ws, currencies),
            disabled=not names,
        )
        st.text_input("Save these filters as", key="pool_saved_name", placeholder="Name")
        st.button(
            "Save",
            key="pool_saved_save",
            on_click=_save_current,
            args=(ws, filters.to_query_string()),
        )
    with c2.popover("Share link", icon=":material/link:"):
        st.caption("This link opens the talent pool with these filters (for recruiters):")
        st.code(share_url(filters), language=None, wrap_lines=True)
    c3.button(
        "Clear filters",
        key="pool_clear",
        on_click=clear_filters,
        args=(currencies,),
        icon=":material/filter_alt_off:",
    )


def share_url(filters: PoolFilters) -> str:
    """The page's address with the filters as query params."""
    base = st.context.url or "talent_pool"
    query = filters.to_query_string()
    return f"{base}?{query}" if query else base
