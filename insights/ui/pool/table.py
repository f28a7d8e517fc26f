"""The pool table: column choice, counts that say what they count, rows with a selection
kept across pages, the pager.

The selection is a "basket" of candidate ids in session state: ticking rows on a page
adds them, unticking removes them, and each page's table is drawn with its basket rows
ticked, so a selection can span pages ("Select all N matches" fills it). Actions clear
it and redraw the table under a new key, so no stale tick survives an action.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from insights.pool import PAGE_SIZES, SELECT_ALL_LIMIT, PoolPage
from insights.pool.columns import BY_KEY, EXTRA_COLUMNS, Column, Context, chosen, screen_frame
from insights.pool_filters import ACTIONABLE, LISTABLE_STATUSES, PoolFilters, pretty, sort_label
from insights.ui.pool.text import md

BASKET = "pool_basket"
NONCE = "pool_table_nonce"
PAGE = "pool_page_key"  # session state: the current pager's widget key


def basket() -> dict[str, None]:
    """The selected candidate ids, in the order they were picked."""
    value = st.session_state.setdefault(BASKET, {})
    return value if isinstance(value, dict) else {}


def clear_selection() -> None:
    st.session_state[BASKET] = {}
    st.session_state[NONCE] = int(st.session_state.get(NONCE, 0)) + 1


def select(ids: Sequence[str]) -> None:
    """Replace the selection (e.g. every match) and redraw the tables."""
    st.session_state[BASKET] = dict.fromkeys(ids)
    st.session_state[NONCE] = int(st.session_state.get(NONCE, 0)) + 1


def columns_for(extras: Sequence[str]) -> list[Column]:
    return chosen(extras)


def column_choice() -> list[str]:
    """The extra columns a recruiter picked (kept for the session)."""
    extras = [c for c in st.session_state.get("pool_extras", []) or [] if c in EXTRA_COLUMNS]
    with st.popover(
        f"Columns{f' (+{len(extras)})' if extras else ''}", icon=":material/view_column:"
    ):
        picked = st.multiselect(
            "Also show",
            list(EXTRA_COLUMNS),
            key="pool_extras",
            format_func=lambda k: BY_KEY[k].label,
            placeholder="Add a column",
            persist_state="session",
            help="Shown after the standard columns; exports include them too.",
        )
    return [str(c) for c in picked]


def page_size() -> int:
    size = st.selectbox(
        "Rows per page", PAGE_SIZES, index=1, key="pool_page_size", persist_state="session"
    )
    return int(size)


def page_key(view: str) -> str:
    """The pager's widget key for this view (filters, page size): a new view, a new pager
    starting on page 1 (no session-state writes into a widget)."""
    key = "pool_page_" + hashlib.sha1(view.encode()).hexdigest()[:10]
    st.session_state[PAGE] = key
    return key


def current_page(key: str) -> int:
    value = st.session_state.get(key, 1)
    return int(value) if isinstance(value, int) and value > 0 else 1


def headline(page: PoolPage, filters: PoolFilters, *, shortlist: str | None = None) -> None:
    """How many match, in what order, which rows are shown, and the count per status."""
    noun = "candidate" if page.total == 1 else "candidates"
    where = f" on “{md(shortlist)}”" if shortlist is not None else " match"
    text = f"**{page.total:,}** {noun}{where}"
    if page.total:
        text += f" · sorted by {sort_label(filters)} · showing {page.first:,}–{page.last:,}"
    st.markdown(text)
    if shortlist is not None:
        if page.unavailable:
            st.caption(
                f"{page.unavailable} more on this list may no longer be contacted (consent "
                "withdrawn or removed) and are not shown or exported."
            )
        return
    wanted = filters.statuses or LISTABLE_STATUSES
    shown = [
        f"{pretty(s)} {page.status_counts.get(s, 0):,}" for s in LISTABLE_STATUSES if s in wanted
    ]
    hidden = [
        f"{pretty(s)} {page.status_counts.get(s, 0):,}"
        for s in LISTABLE_STATUSES
        if s not in wanted and page.status_counts.get(s, 0)
    ]
    line = "By status: " + " · ".join(shown)
    if hidden:
        line += " — not listed (pick them under Status): " + " · ".join(hidden)
    st.caption(line)
    if filters.statuses == ACTIONABLE and filters.is_empty():
        st.caption(
            "Counted: candidates who consented to be contacted and have not withdrawn. "
            "“Pre-screened” here is Overview's “Pre-screened, consenting candidates” for "
            "all dates, once recruiters' status changes in this workspace are applied."
        )


def _config(column: Column, header: str, ctx: Context) -> Any:
    cc = st.column_config
    tip = column.tip(ctx) or None
    width = column.width
    if column.kind == "date":
        return cc.DateColumn(header, format="YYYY-MM-DD", help=tip, width=width)
    if column.kind in ("score", "count", "number"):
        return cc.NumberColumn(header, format="%g", help=tip, width=width)
    return cc.TextColumn(header, help=tip, width=width)


def headers(columns: Sequence[Column], ctx: Context, filters: PoolFilters) -> dict[str, str]:
    """Column key -> header on screen; the sorted column's header carries ↓ or ↑."""
    out = {}
    for c in columns:
        header = c.header(ctx)
        if c.sort == filters.sort:
            header += " ↓" if filters.descending else " ↑"
        out[c.key] = header
    return out


def table(
    page: PoolPage, columns: Sequence[Column], filters: PoolFilters, *, key: str = "pool_table"
) -> list[str]:
    """Draw one page with row selection; returns the ids ticked on this page (the basket
    is updated with them)."""
    ctx = Context(page.currency, page.base)
    frame = screen_frame(page.rows, columns, ctx)
    names = headers(columns, ctx, filters)
    frame.columns = [names[c.key] for c in columns]
    ids = [str(i) for i in frame.index]
    picked = basket()
    nonce = st.session_state.get(NONCE, 0)
    signature = hashlib.sha1(f"{nonce}\n{key}\n".encode() + "\n".join(ids).encode()).hexdigest()[
        :12
    ]
    widget = f"{key}_{signature}"  # new rows or an action: a new widget, no stale ticks
    st.session_state[f"{key}_key"] = widget
    event = st.dataframe(
        frame,
        key=widget,
        on_select="rerun",
        selection_mode="multi-row",
        selection_default={"selection": {"rows": [i for i, c in enumerate(ids) if c in picked]}},
        hide_index=True,
        column_config={names[c.key]: _config(c, names[c.key], ctx) for c in columns},
        placeholder="–",
        height=min(38 + 35 * max(len(frame), 3), 740),
    )
    rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    here = {ids[i] for i in rows if 0 <= i < len(ids)}
    for cid in ids:
        if cid in here:
            picked.setdefault(cid, None)
        else:
            picked.pop(cid, None)
    return [c for c in ids if c in here]


def pager(page: PoolPage, key: str) -> None:
    """Page buttons (``key`` from :func:`page_key`; the widget is redrawn under a new key
    when the number of pages no longer holds its page)."""
    if page.pages > 1:
        if current_page(key) > page.pages:
            key = f"{key}_{page.pages}"
            st.session_state[PAGE] = key
        st.pagination(
            page.pages, key=key, default=min(page.page, page.pages), persist_state="session"
        )


def selection_summary(page: PoolPage, *, select_all: Any = None) -> None:
    """How many are selected (here and on other pages), select every match, clear."""
    picked = basket()
    on_page = sum(1 for c in page.rows["candidate_id"] if str(c) in picked) if len(page.rows) else 0
    elsewhere = len(picked) - on_page
    note = f" ({elsewhere:,} on other pages)" if elsewhere else ""
    st.markdown(f"**{len(picked):,} selected**{note}" if picked else "Tick rows to select.")
    c1, c2 = st.columns(2)
    if select_all is not None and page.total > len(picked):
        n = min(page.total, SELECT_ALL_LIMIT)
        c1.button(
            f"Select all {n:,}" + (" (the first)" if page.total > SELECT_ALL_LIMIT else ""),
            key="pool_select_all",
            on_click=select_all,
            help="Select every match, on every page.",
        )
    c2.button("Clear", key="pool_clear_selection", on_click=clear_selection, disabled=not picked)


def empty(frame: pd.DataFrame) -> bool:
    return frame is None or frame.empty
