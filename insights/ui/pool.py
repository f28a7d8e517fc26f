"""Streamlit helpers for the Talent pool and Candidate profile pages.

Filters live in widgets (kept for the whole session) and in the URL (``pool_*`` query
params), so a link reproduces the view. Pool pages are cached by (filters, page,
warehouse version, workspace version); workspace writes go through insights.workspace.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from insights import exports, workspace
from insights.pool import (
    CURRENCY_SYMBOLS,
    PAGE_SIZES,
    PoolPage,
    currencies,
    fetch_pool,
    format_pay,
    option_values,
    pool_frame,
)
from insights.pool_filters import PARAM_PREFIX, SORTS, PoolFilters, choices
from insights.ui import auth
from insights.ui.data import connection, current_version, db_path

PROFILE_PAGE = "views/candidate_profile.py"
POOL_PAGE = "views/talent_pool.py"
TABLE_KEY = "pool_table"
_KEY = "pf_"  # widget keys: pf_<PoolFilters field>
_LAST_QS = "pool_last_query"
_ANY = "Any"

# --- who is looking ---------------------------------------------------------------------


def role() -> str | None:
    value = st.session_state.get("insights_role")
    return str(value) if value else None


def actor() -> str:
    """Who the audit log names: the signed-in user, else the demo role."""
    user = st.session_state.get("auth_user")
    return str(user) if user else f"demo:{role() or 'unknown'}"


def require_recruiter() -> bool:
    """Individuals are shown to recruiters only; everyone else gets a neutral notice."""
    if auth.can_see_talent(role()):
        return True
    st.info(
        "The talent pool and candidate profiles show individual candidates and are "
        "available to recruiters only.",
        icon=":material/lock:",
    )
    return False


def workspace_file() -> Path:
    return workspace.workspace_path(db_path())


def warehouse() -> duckdb.DuckDBPyConnection | None:
    """The shared read-only connection, or None (with an explanation) when there is none."""
    con = connection()
    if con is None:
        st.warning(
            f"There is no warehouse yet at `{db_path()}`. Load feedback exports with "
            "`insights load FILE...` or build the demo with `insights demo`.",
            icon=":material/database:",
        )
    return con


# --- cached queries -----------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=256)
def _page(
    query: str,
    shortlist: str | None,
    page: int,
    size: int | None,
    wh_version: str | None,
    ws_version: str,
    ws_path: str,
) -> PoolPage:
    con = connection()
    if con is None:
        raise FileNotFoundError(str(db_path()))
    overlay = workspace.overlay(ws_path, shortlist)
    return fetch_pool(
        con,
        PoolFilters.from_query_string(query),
        overlay=overlay,
        shortlist=shortlist,
        page=page,
        page_size=size,
    )


def pool_page(
    filters: PoolFilters,
    *,
    shortlist: str | None = None,
    page: int = 1,
    size: int | None = 50,
) -> PoolPage:
    ws = workspace_file()
    return _page(
        filters.to_query_string(),
        shortlist,
        page,
        size,
        current_version(),
        workspace.version(ws),
        str(ws),
    )


@st.cache_data(show_spinner=False, max_entries=8)
def _options(wh_version: str | None) -> tuple[dict[str, list[str]], list[str]]:
    con = connection()
    if con is None:
        return {}, ["USD"]
    return option_values(con), currencies(con)


def options() -> tuple[dict[str, list[str]], list[str]]:
    """Values present among listable candidates, and currencies a budget can be given in."""
    return _options(current_version())


# --- filters <-> widgets <-> URL ---------------------------------------------------------------


def _url_query() -> str:
    params = {k: st.query_params.get_all(k) for k in st.query_params if k.startswith(PARAM_PREFIX)}
    return PoolFilters.from_query_params(params).to_query_string()


def _write_url(filters: PoolFilters) -> None:
    wanted = filters.to_query_params()
    for key in [k for k in st.query_params if k.startswith(PARAM_PREFIX)]:
        if key not in wanted:
            del st.query_params[key]
    for key, value in wanted.items():
        current = st.query_params.get_all(key)
        target = value if isinstance(value, list) else [value]
        if current != target:
            st.query_params[key] = value
    st.session_state[_LAST_QS] = filters.to_query_string()


def load_into_widgets(filters: PoolFilters) -> None:
    """Put ``filters`` into the filter widgets' state (call before they are drawn)."""
    ss = st.session_state
    ss[_KEY + "skills_all"] = list(filters.skills_all)
    ss[_KEY + "skills_any"] = list(filters.skills_any)
    ss[_KEY + "role_families"] = list(filters.role_families)
    ss[_KEY + "seniorities"] = list(filters.seniorities)
    ss[_KEY + "countries"] = list(filters.countries)
    ss[_KEY + "cities"] = list(filters.cities)
    ss[_KEY + "willing_to_relocate"] = filters.willing_to_relocate
    ss[_KEY + "max_pay"] = filters.max_pay
    ss[_KEY + "pay_currency"] = filters.pay_currency
    ss[_KEY + "work_arrangements"] = list(filters.work_arrangements)
    ss[_KEY + "available_by"] = filters.available_by
    ss[_KEY + "min_fit"] = _ANY if filters.min_fit is None else _int_or_float(filters.min_fit)
    ss[_KEY + "min_interest"] = (
        _ANY if filters.min_interest is None else _int_or_float(filters.min_interest)
    )
    ss[_KEY + "credentials_verified"] = filters.credentials_verified
    ss[_KEY + "pool_statuses"] = list(filters.pool_statuses)
    ss[_KEY + "tags"] = list(filters.tags)
    ss[_KEY + "text"] = filters.text
    ss[_KEY + "sort"] = filters.sort
    ss[_KEY + "descending"] = filters.descending
    ss["pool_page"] = 1


def _int_or_float(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def seed_from_url() -> None:
    """Apply a link's ``pool_*`` params when they are new (a shared or saved-search link)."""
    query = _url_query()
    if query and query != st.session_state.get(_LAST_QS):
        load_into_widgets(PoolFilters.from_query_string(query))
        st.session_state[_LAST_QS] = query


def _multi(label: str, field: str, opts: list[str], **kwargs: Any) -> tuple[str, ...]:
    key = _KEY + field
    chosen = [v for v in st.session_state.get(key, []) or [] if v]
    all_opts = list(dict.fromkeys([*opts, *chosen]))  # a value from a link stays selectable
    return tuple(
        st.multiselect(
            label,
            all_opts,
            key=key,
            placeholder=kwargs.pop("placeholder", "Any"),
            persist_state="session",
            **kwargs,
        )
    )


def filter_panel(opts: dict[str, list[str]], money: list[str]) -> PoolFilters:
    """Draw every pool filter; returns the PoolFilters they describe (also put in the URL)."""
    fixed = choices()
    base = money[0] if money else "USD"
    ss = st.session_state
    if ss.get(_KEY + "pay_currency") not in money:
        ss[_KEY + "pay_currency"] = base
    with st.container(border=True):
        c1, c2, c3 = st.columns([2, 2, 3])
        with c1:
            skills_all = _multi(
                "Skills: all of",
                "skills_all",
                opts.get("skills", []),
                accept_new_options=True,
                help="Candidates with every one of these skills.",
            )
        with c2:
            skills_any = _multi(
                "Skills: any of",
                "skills_any",
                opts.get("skills", []),
                accept_new_options=True,
                help="Candidates with at least one of these skills.",
            )
        with c3:
            text = st.text_input(
                "Search",
                key=_KEY + "text",
                placeholder="Words in titles, skills or notes",
                help="Every word must appear in a title (current or discussed), a skill, "
                "or the notes of the candidate or any of their interviews.",
                persist_state="session",
            )
        c1, c2, c3, c4, c5 = st.columns(5)
        with c1:
            families = _multi("Role family", "role_families", opts.get("role_family", []))
        with c2:
            levels = _multi(
                "Seniority", "seniorities", list(fixed["seniority"]), format_func=_pretty
            )
        with c3:
            arrangements = _multi(
                "Work arrangement",
                "work_arrangements",
                list(fixed["work_arrangement"]),
                format_func=_pretty,
                help="Candidates who prefer one of these; candidates who are flexible always match.",
            )
        with c4:
            statuses = _multi(
                "Pool status", "pool_statuses", list(fixed["pool_status"]), format_func=_pretty
            )
        with c5:
            tags = _multi("Tags: all of", "tags", opts.get("tags", []))
        c1, c2, c3, c4, c5 = st.columns(5)
        with c1:
            countries = _multi("Country", "countries", opts.get("country", []))
        with c2:
            cities = _multi("City", "cities", opts.get("city", []))
        with c3:
            available_by = st.date_input(
                "Available by",
                key=_KEY + "available_by",
                value=None,
                format="YYYY-MM-DD",
                help="Available to start on or before this date.",
                persist_state="session",
            )
        with c4:
            min_fit = st.selectbox(
                "Fit at least",
                [_ANY, 1, 2, 3, 4, 5],
                key=_KEY + "min_fit",
                persist_state="session",
            )
        with c5:
            min_interest = st.selectbox(
                "Interest at least",
                [_ANY, 1, 2, 3, 4, 5],
                key=_KEY + "min_interest",
                persist_state="session",
            )
        c1, c2, c3, c4, c5 = st.columns(5, vertical_alignment="bottom")
        with c1:
            max_pay = st.number_input(
                "Expected pay at most (per year)",
                key=_KEY + "max_pay",
                min_value=0.0,
                step=5000.0,
                value=None,
                format="%.0f",
                placeholder="Any",
                help="Compares the bottom of the candidate's expected range with this budget: "
                "someone asking 80k-95k fits a budget of 85k. Candidates who gave no "
                "expectation are left out while this is set.",
                persist_state="session",
            )
        with c2:
            pay_currency = st.selectbox(
                "Currency",
                money,
                key=_KEY + "pay_currency",
                help="Currency of the budget and of the pay column; converted with the latest "
                "yearly rate in the warehouse.",
                persist_state="session",
            )
        with c3:
            relocate = st.checkbox(
                "Or willing to relocate",
                key=_KEY + "willing_to_relocate",
                help="With a country or city chosen, also list candidates living elsewhere "
                "who answered yes to relocation.",
                persist_state="session",
            )
        with c4:
            verified = st.checkbox(
                "Credentials verified", key=_KEY + "credentials_verified", persist_state="session"
            )
    filters = PoolFilters(
        skills_all=skills_all,
        skills_any=skills_any,
        role_families=families,
        seniorities=levels,
        countries=countries,
        cities=cities,
        willing_to_relocate=bool(relocate),
        max_pay=float(max_pay) if max_pay is not None else None,
        pay_currency=None if pay_currency == base else pay_currency,
        work_arrangements=arrangements,
        available_by=available_by if isinstance(available_by, dt.date) else None,
        min_fit=None if min_fit == _ANY else float(str(min_fit)),
        min_interest=None if min_interest == _ANY else float(str(min_interest)),
        credentials_verified=bool(verified),
        pool_statuses=statuses,
        tags=tags,
        text=text or "",
        sort=str(ss.get(_KEY + "sort", "fit")),
        descending=bool(ss.get(_KEY + "descending", True)),
    )
    _write_url(filters)
    return filters


def clear_filters() -> None:
    load_into_widgets(PoolFilters())


def _pretty(value: Any) -> str:
    return str(value).replace("_", " ").capitalize()


# --- saved searches ------------------------------------------------------------------------


def _open_saved(ws: Path) -> None:
    name = st.session_state.get("pool_saved_pick")
    query = workspace.saved_searches(ws).get(name or "")
    if query is not None:
        load_into_widgets(PoolFilters.from_query_string(query))
        st.session_state["pool_flash"] = f"Opened saved search “{name}”."


def _save_current(ws: Path, query: str) -> None:
    name = st.session_state.get("pool_saved_name", "")
    try:
        workspace.save_search(ws, name, query, actor=actor())
    except workspace.WorkspaceError as exc:
        st.session_state["pool_flash_error"] = str(exc)
        return
    st.session_state["pool_flash"] = f"Saved search “{workspace.clean_name(name)}”."
    st.session_state["pool_saved_pick"] = workspace.clean_name(name)
    st.session_state["pool_saved_name"] = ""


def saved_search_bar(filters: PoolFilters) -> None:
    ws = workspace_file()
    searches = workspace.saved_searches(ws)
    c1, c2, c3 = st.columns([3, 3, 3], vertical_alignment="bottom")
    with c1:
        names = list(searches)
        if st.session_state.get("pool_saved_pick") not in names:
            st.session_state.pop("pool_saved_pick", None)
        sub1, sub2 = st.columns([3, 1], vertical_alignment="bottom")
        sub1.selectbox(
            "Saved searches",
            names,
            index=None,
            key="pool_saved_pick",
            placeholder="Choose a saved search" if names else "No saved searches yet",
            disabled=not names,
        )
        sub2.button(
            "Open",
            key="pool_saved_open",
            on_click=_open_saved,
            args=(ws,),
            disabled=not names,
        )
    with c2:
        sub1, sub2 = st.columns([3, 1], vertical_alignment="bottom")
        sub1.text_input("Save these filters as", key="pool_saved_name", placeholder="Name")
        sub2.button(
            "Save",
            key="pool_saved_save",
            on_click=_save_current,
            args=(ws, filters.to_query_string()),
        )
    with c3:
        sub1, sub2 = st.columns(2, vertical_alignment="bottom")
        with sub1.popover("Share link", icon=":material/link:"):
            st.caption("This link opens the talent pool with the current filters:")
            st.code(share_url(filters), language=None, wrap_lines=True)
        sub2.button("Clear filters", key="pool_clear", on_click=clear_filters)


def share_url(filters: PoolFilters) -> str:
    """The page's address with the filters as query params (only the path if unknown)."""
    base = st.context.url or ""
    query = filters.to_query_string()
    return f"{base}?{query}" if query else base or "(no filters)"


def flash() -> None:
    """Show (once) the message an action left for the next run."""
    message = st.session_state.pop("pool_flash", None)
    if message:
        st.success(message, icon=":material/check_circle:")
    error = st.session_state.pop("pool_flash_error", None)
    if error:
        st.error(error, icon=":material/error:")


# --- the table ---------------------------------------------------------------------------------


def column_config(frame: pd.DataFrame) -> dict[str, Any]:
    cc = st.column_config
    return {
        "Name": cc.TextColumn("Name", pinned=True),
        "E-mail": cc.LinkColumn("E-mail", display_text=r"mailto:(.*)"),
        "LinkedIn": cc.LinkColumn(
            "LinkedIn", display_text=r"https?://(?:[a-z]+\.)?linkedin\.com/in/([^/?#]+).*"
        ),
        "Fit": cc.ProgressColumn(
            "Fit", min_value=0, max_value=5, format="%g", help="Fit score, 1-5"
        ),
        "Interest": cc.ProgressColumn(
            "Interest", min_value=0, max_value=5, format="%g", help="Interest level, 1-5"
        ),
        "Expected pay": cc.TextColumn(
            "Expected pay", help="Expected pay per year, converted to the chosen currency."
        ),
    }


def for_screen(frame: pd.DataFrame) -> pd.DataFrame:
    """The presented frame with e-mail addresses as mailto: links (the only screen change)."""
    shown = frame.copy()
    shown["E-mail"] = shown["E-mail"].map(
        lambda v: f"mailto:{v}" if isinstance(v, str) and v else None
    )
    return shown


def table(frame: pd.DataFrame, key: str = TABLE_KEY) -> list[str]:
    """Draw one page of candidates with row selection; returns the selected candidate ids.

    The selection is cleared whenever the rows on the page change, so a selection never
    lands on a different candidate.
    """
    ids = [str(i) for i in frame.index]
    signature = hashlib.sha1("\n".join(ids).encode()).hexdigest()[:12]
    key = f"{key}_{signature}"  # new rows, new widget: the browser never keeps a stale selection
    st.session_state["pool_table_key"] = key
    event = st.dataframe(
        for_screen(frame),
        key=key,
        on_select="rerun",
        selection_mode="multi-row",
        hide_index=True,
        column_config=column_config(frame),
        placeholder="–",
        height=min(38 + 35 * max(len(frame), 3), 720),
    )
    rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    return [ids[i] for i in rows if 0 <= i < len(ids)]


def sort_and_size(prefix: str = "") -> tuple[int]:
    c1, c2, c3 = st.columns([2, 1, 1])
    with c1:
        st.selectbox(
            "Sort by",
            list(SORTS),
            key=_KEY + "sort",
            format_func=lambda k: SORTS[k][0],
            persist_state="session",
        )
    with c2:
        st.selectbox(
            "Order",
            [True, False],
            key=_KEY + "descending",
            format_func=lambda d: "Highest / latest first" if d else "Lowest / earliest first",
            persist_state="session",
        )
    with c3:
        size = st.selectbox(
            "Rows per page", PAGE_SIZES, index=1, key="pool_page_size", persist_state="session"
        )
    return (int(size),)


def pager(page: PoolPage, key: str = "pool_page") -> None:
    if st.session_state.get(key, 1) > page.pages:
        st.session_state[key] = page.pages
    if page.pages > 1:
        st.pagination(page.pages, key=key, default=min(page.page, page.pages))


def current_page_number(key: str = "pool_page") -> int:
    value = st.session_state.get(key, 1)
    return int(value) if isinstance(value, int) and value > 0 else 1


# --- actions on selected rows ---------------------------------------------------------------------


_NEW_LIST = "➕ New shortlist…"


def _add_to_list(ws: Path, selected: list[str]) -> None:
    target = st.session_state.get("pool_target_list")
    name = st.session_state.get("pool_new_list", "") if target == _NEW_LIST else target
    try:
        added = workspace.add_to_shortlist(ws, str(name or ""), selected, actor=actor())
    except workspace.WorkspaceError as exc:
        st.session_state["pool_flash_error"] = str(exc)
        return
    clean = workspace.clean_name(str(name))
    already = len(selected) - added
    note = f" ({already} already on it)" if already else ""
    st.session_state["pool_flash"] = f"Added {added} to “{clean}”{note}."
    st.session_state["pool_target_list"] = clean
    st.session_state["pool_new_list"] = ""


def shortlist_actions(selected: list[str]) -> None:
    """Add the selected candidates to an existing or a new shortlist."""
    ws = workspace_file()
    lists = workspace.shortlists(ws)
    if st.session_state.get("pool_target_list") not in [*lists, _NEW_LIST]:
        st.session_state.pop("pool_target_list", None)
    c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
    with c1:
        target = st.selectbox("Shortlist", [*lists, _NEW_LIST], key="pool_target_list")
    with c2:
        st.text_input(
            "New shortlist name",
            key="pool_new_list",
            disabled=target != _NEW_LIST,
            placeholder="e.g. Berlin analysts Q3",
        )
    with c3:
        st.button(
            f"Add {len(selected)} to shortlist" if selected else "Add to shortlist",
            key="pool_add",
            type="primary",
            disabled=not selected,
            on_click=_add_to_list,
            args=(ws, selected),
        )


def _remove_from_list(ws: Path, shortlist: str, selected: list[str]) -> None:
    removed = workspace.remove_from_shortlist(ws, shortlist, selected, actor=actor())
    st.session_state["pool_flash"] = f"Removed {removed} from “{shortlist}”."


def remove_button(selected: list[str], shortlist: str) -> None:
    st.button(
        f"Remove {len(selected)} from “{shortlist}”" if selected else "Remove from shortlist",
        key="pool_remove",
        disabled=not selected,
        on_click=_remove_from_list,
        args=(workspace_file(), shortlist, selected),
    )


def _apply_status(ws: Path, selected: list[str], current: dict[str, str | None]) -> None:
    new = st.session_state.get("pool_new_status")
    if not new:
        return
    changed = sum(
        workspace.set_pool_status(ws, cid, new, current_status=current.get(cid), actor=actor())
        for cid in selected
    )
    st.session_state["pool_flash"] = f"Pool status set to “{_pretty(new)}” for {changed}."
    st.session_state["pool_new_status"] = None


def status_action(selected: list[str], frame: pd.DataFrame) -> None:
    """Change the pool status of the selected candidates (recorded with who and when)."""
    statuses = [*choices()["pool_status"], "withdrawn"]
    current = {
        cid: _status_key(frame.loc[cid, "Pool status"]) for cid in selected if cid in frame.index
    }
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    with c1:
        new = st.selectbox(
            "Set pool status",
            statuses,
            index=None,
            key="pool_new_status",
            format_func=_pretty,
            placeholder="Choose a status",
            help="“Withdrawn” removes the candidate from the pool and from profiles.",
        )
    with c2:
        st.button(
            "Apply",
            key="pool_apply_status",
            disabled=not (selected and new),
            on_click=_apply_status,
            args=(workspace_file(), selected, current),
        )


def _status_key(shown: Any) -> str | None:
    return str(shown).lower().replace(" ", "_") if isinstance(shown, str) and shown else None


def open_profile_button(selected: list[str], frame: pd.DataFrame) -> None:
    """A link to the profile of the one selected candidate (a link, not st.switch_page, so
    the navigation keeps the session's widget state, the role included)."""
    if len(selected) != 1:
        st.button(
            "Open profile",
            key="pool_open_profile",
            disabled=True,
            icon=":material/person:",
            help="Select exactly one row.",
        )
        return
    name = frame.loc[selected[0], "Name"]
    st.page_link(
        PROFILE_PAGE,
        label=f"Open profile: {name}" if isinstance(name, str) and name else "Open profile",
        query_params={"candidate": selected[0]},
        icon=":material/person:",
    )


# --- exports ---------------------------------------------------------------------------------------


def download_buttons(
    build: Callable[[], pd.DataFrame], stem: str, detail: dict[str, Any], key: str
) -> None:
    """CSV and XLSX of exactly the on-screen columns; built (and audited) on click."""
    ws = workspace_file()
    who = actor()
    c1, c2, _ = st.columns([1, 1, 4])
    for col, fmt in ((c1, exports.Format.CSV), (c2, exports.Format.XLSX)):

        def make(fmt: exports.Format = fmt) -> bytes:
            frame = build()
            workspace.log_event(
                ws, who, "export", None, format=str(fmt), rows=len(frame), via="app", **detail
            )
            return exports.to_bytes(frame, fmt, sheet=stem)

        col.download_button(
            f"Download {fmt.value.upper()}",
            data=make,
            file_name=f"{_file_stem(stem)}.{fmt.value}",
            mime=fmt.mime,
            key=f"{key}_{fmt.value}",
            icon=":material/download:",
            on_click="ignore",
        )


def _file_stem(text: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text.strip().lower())
    return "-".join(p for p in keep.split("-") if p) or "export"


def full_frame(filters: PoolFilters, shortlist: str | None) -> pd.DataFrame:
    """Every row of the current view (fresh, not cached), as the screen shows it."""
    con = connection()
    if con is None:
        raise FileNotFoundError(str(db_path()))
    overlay = workspace.overlay(workspace_file(), shortlist)
    return pool_frame(con, filters, overlay=overlay, shortlist=shortlist)


# --- profile ---------------------------------------------------------------------------------------


def money(value: Any, currency: str) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    sign = CURRENCY_SYMBOLS.get(currency, f"{currency} ")
    return f"{sign}{float(value):,.0f}"


def expectations_figure(expectations: pd.DataFrame, currency: str, name: str) -> go.Figure:
    """Expected pay per interview: the stated range as a band, the midpoint as a line."""
    df = expectations.sort_values("interview_date")
    x = pd.to_datetime(df["interview_date"])
    lo = df["comp_min_annual"].fillna(df["comp_mid_annual"])
    hi = df["comp_max_annual"].fillna(df["comp_mid_annual"])
    mid = df["comp_mid_annual"].fillna((lo + hi) / 2)
    sign = CURRENCY_SYMBOLS.get(currency, "")
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=list(x) + list(x[::-1]),
            y=list(hi) + list(lo[::-1]),
            fill="toself",
            fillcolor="rgba(76,120,168,0.18)",
            line={"width": 0},
            hoverinfo="skip",
            name="Stated range",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=mid,
            mode="lines+markers",
            name="Midpoint",
            line={"color": "#4C78A8"},
            customdata=list(zip(lo, hi, df["comp_raw"].fillna(""), strict=True)),
            hovertemplate=(
                "%{x|%Y-%m-%d}<br>"
                + sign
                + "%{customdata[0]:,.0f} - "
                + sign
                + "%{customdata[1]:,.0f} per year<br>as stated: %{customdata[2]}<extra></extra>"
            ),
        )
    )
    n = len(df)
    fig.update_layout(
        title=f"How have {name}'s pay expectations changed? ({n} interview{'s' * (n != 1)}, "
        f"{currency} per year)",
        yaxis_title=f"Expected pay ({currency} per year)",
        xaxis_title="Interview date",
        height=340,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "y": -0.25},
    )
    fig.update_yaxes(tickprefix=sign, tickformat=",.0f", rangemode="tozero")
    return fig


def log_profile_view(candidate_id: str) -> None:
    """Audit who opened whose profile (once per session and candidate)."""
    seen: set[str] = st.session_state.setdefault("pool_profiles_seen", set())
    if candidate_id not in seen:
        workspace.log_event(workspace_file(), actor(), "profile_view", candidate_id)
        seen.add(candidate_id)


def _v(value: Any) -> str | None:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _score(value: Any) -> str:
    text = _v(value)
    if text is None:
        return "–"
    number = float(text)
    return f"{number:g} / 5"


def profile_header(profile: Any) -> None:
    p = profile.person
    st.title(_v(p.get("full_name")) or "Unnamed candidate")
    role_line = " at ".join(
        x for x in (_v(p.get("current_title")), _v(p.get("current_employer"))) if x
    )
    place = ", ".join(
        x for x in (_v(p.get("city")), _v(p.get("region")), _v(p.get("country"))) if x
    )
    bits = [b for b in (role_line, place) if b]
    years = _v(p.get("years_experience"))
    if years:
        bits.append(f"{float(years):g} years of experience")
    if bits:
        st.markdown(" · ".join(bits))
    contact = []
    email = _v(p.get("email"))
    if email:
        contact.append(f":material/mail: [{email}](mailto:{email})")
    phone = _v(p.get("phone"))
    if phone:
        contact.append(f":material/call: {phone}")
    linkedin = _v(p.get("linkedin_url"))
    if linkedin:
        contact.append(f":material/link: [LinkedIn]({linkedin})")
    consent = _v(p.get("consent_date"))
    st.markdown("  ·  ".join(contact) if contact else "No contact details on file.")
    st.caption(
        "Consented to be contacted"
        + (f" on {consent}." if consent else ".")
        + " Reach out about roles only; keep notes factual."
    )

    cols = st.columns(6)
    cols[0].metric("Fit", _score(p.get("fit_score")))
    cols[1].metric("Interest", _score(p.get("interest_level")))
    cols[2].metric("Credentials", _pretty(_v(p.get("credentials")) or "–"))
    cols[3].metric("Available from", _v(p.get("available_from")) or "–")
    pay = format_pay(
        p.get("comp_min_annual")
        if p.get("comp_min_annual") is not None
        else p.get("comp_mid_annual"),
        p.get("comp_max_annual")
        if p.get("comp_max_annual") is not None
        else p.get("comp_mid_annual"),
        profile.currency,
    )
    cols[4].metric("Expects (latest)", pay or "–", help=f"Per year, in {profile.currency}.")
    cols[5].metric(
        "Prefers",
        _pretty(_v(p.get("work_arrangement")) or "–"),
        help=f"Relocation: {_pretty(_v(p.get('relocation')) or 'unknown')}",
    )
    skills = [str(s) for s in (p.get("skills") if p.get("skills") is not None else [])]
    if skills:
        st.markdown("**Skills** " + " ".join(f":blue-badge[{s}]" for s in skills))
    lines = [
        ("Role family", _v(p.get("role_family"))),
        ("Seniority", _pretty(_v(p.get("seniority")) or "") or None),
        ("Career stage", _pretty(_v(p.get("career_stage")) or "") or None),
        ("Relocation", _pretty(_v(p.get("relocation")) or "") or None),
    ]
    st.caption(" · ".join(f"{k}: {v}" for k, v in lines if v))
    notes = _v(p.get("notes"))
    if notes:
        st.markdown("**Latest notes**")
        st.text(notes)


def _save_status(ws: Path, candidate_id: str, current: str | None) -> None:
    new = st.session_state.get("profile_status")
    if new and workspace.set_pool_status(
        ws, candidate_id, new, current_status=current, actor=actor()
    ):
        st.session_state["pool_flash"] = f"Pool status set to “{_pretty(new)}”."


def _save_tags(ws: Path, candidate_id: str, current: list[str]) -> None:
    wanted = st.session_state.get("profile_tags") or []
    added, removed = workspace.set_tags(
        ws, candidate_id, wanted, current_tags=current, actor=actor()
    )
    if added or removed:
        parts = []
        if added:
            parts.append("added " + ", ".join(added))
        if removed:
            parts.append("removed " + ", ".join(removed))
        st.session_state["pool_flash"] = "Tags " + "; ".join(parts) + "."


def profile_status_and_tags(profile: Any) -> None:
    ws = workspace_file()
    p = profile.person
    current = _v(p.get("pool_status"))
    tags = list(p.get("tags") or [])
    st.subheader("Pool status, tags and shortlists", divider="gray")
    c1, c2 = st.columns(2)
    with c1:
        statuses = [*choices()["pool_status"], "withdrawn"]
        if st.session_state.get("profile_for") != profile.candidate_id:
            st.session_state["profile_for"] = profile.candidate_id
            st.session_state["profile_status"] = current if current in statuses else None
            st.session_state["profile_tags"] = tags
        st.selectbox(
            "Pool status",
            statuses,
            key="profile_status",
            format_func=_pretty,
            help="“Withdrawn” removes the candidate from the pool and from profiles.",
        )
        st.button(
            "Save status",
            key="profile_save_status",
            on_click=_save_status,
            args=(ws, profile.candidate_id, current),
        )
    with c2:
        options = sorted({*tags, *(st.session_state.get("profile_tags") or [])})
        st.multiselect(
            "Tags",
            options,
            key="profile_tags",
            accept_new_options=True,
            placeholder="Add a tag",
            help="Type a new tag and press Enter.",
        )
        st.button(
            "Save tags",
            key="profile_save_tags",
            on_click=_save_tags,
            args=(ws, profile.candidate_id, tags),
        )
    history = profile.status_history
    if history:
        rows = [
            {
                "When": _v(h["at"]),
                "Status": _pretty(h["status"]),
                "Changed from": _pretty(h["old"]) if h.get("old") else "",
                "By": _v(h.get("by")) or "",
                "Recorded": "in an interview" if h["source"] == "interview" else "by a recruiter",
            }
            for h in reversed(history)
        ]
        st.markdown("**Status history** (newest first)")
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    if profile.shortlists:
        names = ", ".join(
            f"“{s['shortlist']}” (added {_v(s['added_at'])[:10] if _v(s['added_at']) else ''})"  # type: ignore[index]
            for s in profile.shortlists
        )
        st.markdown(f"**On shortlists:** {names}")
    else:
        st.caption("Not on any shortlist.")


def profile_expectations(profile: Any) -> None:
    st.subheader("Expectations over time", divider="gray")
    exp = profile.expectations
    if exp.empty:
        st.caption("No pay expectation recorded in any interview.")
        return
    name = _v(profile.person.get("full_name")) or "this candidate"
    st.plotly_chart(
        expectations_figure(exp, profile.currency, name),
        config={"displaylogo": False},
        key="profile_expectations",
    )


def profile_interviews(profile: Any) -> None:
    df = profile.interviews
    st.subheader(f"Interviews ({len(df)})", divider="gray")
    for r in df.to_dict("records"):
        title = f"{_v(r['interview_date'])} · {_v(r['role_title']) or 'role not recorded'}"
        if _v(r.get("interviewer")):
            title += f" · with {_v(r['interviewer'])}"
        with st.expander(title, expanded=len(df) <= 2):
            c1, c2, c3 = st.columns(3)
            with c1:
                st.markdown("**Conversation**")
                st.markdown(
                    "\n".join(
                        f"- {k}: {v}"
                        for k, v in (
                            ("Interviewer", _v(r.get("interviewer"))),
                            ("Department", _v(r.get("department"))),
                            ("Role discussed", _v(r.get("role_title"))),
                            ("Seniority", _pretty(_v(r.get("seniority")) or "") or None),
                            ("Format", _pretty(_v(r.get("format")) or "") or None),
                            (
                                "Duration",
                                f"{_v(r.get('duration_min'))} min"
                                if _v(r.get("duration_min"))
                                else None,
                            ),
                            ("Source", _pretty(_v(r.get("source")) or "") or None),
                        )
                        if v
                    )
                    or "–"
                )
            with c2:
                st.markdown("**Expectations**")
                pay = None
                lo, hi = r.get("comp_min_annual"), r.get("comp_max_annual")

                pay = format_pay(
                    lo if _v(lo) else r.get("comp_mid_annual"),
                    hi if _v(hi) else r.get("comp_mid_annual"),
                    profile.currency,
                )
                benefits = r.get("benefits")
                items = (
                    (
                        "Pay",
                        f"{pay} per year"
                        + (f" (said: “{_v(r.get('comp_raw'))}”)" if _v(r.get("comp_raw")) else "")
                        if pay
                        else _v(r.get("comp_raw")),
                    ),
                    ("Work arrangement", _pretty(_v(r.get("work_arrangement")) or "") or None),
                    ("Office days", _v(r.get("office_days"))),
                    ("Travel", _pretty(_v(r.get("travel")) or "") or None),
                    ("Relocation", _pretty(_v(r.get("relocation")) or "") or None),
                    (
                        "Benefits",
                        ", ".join(_pretty(b) for b in benefits)
                        if benefits is not None and len(benefits)
                        else None,
                    ),
                    ("Culture (1-5)", _v(r.get("culture"))),
                )
                st.markdown("\n".join(f"- {k}: {v}" for k, v in items if v) or "–")
            with c3:
                st.markdown("**Scores**")
                st.markdown(
                    f"- Fit: {_score(r.get('fit_score'))}\n"
                    f"- Interest: {_score(r.get('interest_level'))}\n"
                    f"- Credentials: {_pretty(_v(r.get('credentials')) or '–')}\n"
                    f"- Pool status then: {_pretty(_v(r.get('pool_status')) or '–')}"
                )
            topics = r.get("question_topics")
            if topics is not None and len(topics):
                st.markdown("**Asked about:** " + ", ".join(_pretty(t) for t in topics))
            if _v(r.get("questions_text")):
                st.markdown("**Questions asked**")
                st.text(_v(r.get("questions_text")))
            if _v(r.get("notes")):
                st.markdown("**Notes**")
                st.text(_v(r.get("notes")))


def profile_referrals(profile: Any) -> None:
    st.subheader("Referrals", divider="gray")
    ref = profile.referred_by
    if ref is None:
        st.caption("Not referred by anyone on record.")
    elif ref.get("candidate_id"):
        st.page_link(
            PROFILE_PAGE,
            label=f"Referred by {ref['name'] or 'a candidate'}",
            query_params={"candidate": ref["candidate_id"]},
            icon=":material/person:",
        )
    elif ref.get("name"):
        st.markdown(f"Referred by {ref['name']}")
    else:
        st.markdown("Referred by another candidate whose profile is not available.")
    made = profile.referrals_made
    if made or profile.referrals_hidden:
        st.markdown(f"**Referred {len(made) + profile.referrals_hidden} candidate(s)**")
        for r in made:
            st.page_link(
                PROFILE_PAGE,
                label=str(r["name"] or "Unnamed candidate"),
                query_params={"candidate": r["candidate_id"]},
                icon=":material/person:",
            )
        if profile.referrals_hidden:
            hidden = profile.referrals_hidden
            verb = "is" if hidden == 1 else "are"
            st.caption(f"{hidden} of them {verb} not available to show.")
    else:
        st.caption("Has not referred anyone on record.")
