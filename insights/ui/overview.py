"""The Overview's own renderers: headline tiles with honest comparisons, notable changes
as links to the page that shows each, and how fresh the data is."""

from __future__ import annotations

import urllib.parse

import pandas as pd
import streamlit as st

from insights import catalog
from insights.access import Permission
from insights.catalog import Answer
from insights.catalog.overview import comparison_text
from insights.reader import Reader
from insights.ui.plain import md

PAGE_TITLES = {p.path: p.title for p in catalog.PAGES}


def headline_tiles(answer: Answer, currency: str) -> None:
    """Six tiles; a change is coloured only when its test is significant at 95%."""
    rows = answer.data
    if rows.empty:
        st.info(answer.empty or "No headline figures.", icon=":material/info:")
        return
    st.caption(md(comparison_text(rows)))
    columns = st.columns(3) + st.columns(3)
    for column, rec in zip(columns, rows.to_dict("records"), strict=False):
        change = rec["change_text"] or None
        colour = "normal" if rec["significant"] else "off"
        previous = f" Previous period: {rec['previous_text']}." if rec["previous_text"] else ""
        column.metric(
            str(rec["label"]),
            str(rec["value_text"]),
            delta=change,
            delta_color=colour,  # type: ignore[arg-type]
            help=md(f"{rec['help']} n = {rec['n_text']}.{previous} {rec['verdict']}"),
            border=True,
        )


def change_list(answer: Answer, currency: str) -> None:
    """The strongest significant changes, each a link to its page with the filters set."""
    st.markdown(f"**{md(answer.question)}**")
    window = answer.data.attrs.get("window", "")
    if answer.empty:
        st.caption(md(answer.empty))
        return
    st.caption(md(f"{window}. {answer.note}"))
    for rec in answer.data.to_dict("records"):
        params = urllib.parse.parse_qs(str(rec["query"]))
        st.page_link(
            str(rec["page"]),
            label=md(f"{rec['statement']} · n = {rec['n']:,} vs {rec['n_previous']:,}"),
            icon=":material/trending_up:"
            if " rose " in str(rec["statement"])
            else ":material/trending_down:",
            query_params={k: v if len(v) > 1 else v[0] for k, v in params.items()},
            help=md(
                f"95% interval {rec['interval']} ({rec['test']}). Opens "
                f"{PAGE_TITLES.get(str(rec['page']), 'the page')} with these filters."
            ),
        )


def freshness(reader: Reader) -> None:
    fresh = catalog.facts.freshness(reader)
    if fresh.get("run_id") is None:
        st.caption("No load has been published into this warehouse yet.")
        return
    when = (
        pd.Timestamp(fresh["finished_at"]).strftime("%Y-%m-%d %H:%M")  # type: ignore[arg-type]
        if fresh["finished_at"]
        else "unknown"
    )
    f1, f2, f3 = st.columns(3)
    f1.metric("Last load", when, help=f"Load run #{fresh['run_id']}", border=True)
    if not reader.may(Permission.IMPORTS):
        return
    f2.metric(
        "Rows rejected in that load",
        f"{int(fresh['rejected'] or 0):,}",  # type: ignore[call-overload]
        help=f"of {int(fresh['rows_read'] or 0):,} rows read; "  # type: ignore[call-overload]
        f"{int(fresh['rejected_total'] or 0):,} rejected rows kept across all loads",  # type: ignore[call-overload]
        border=True,
    )
    f3.metric("Warnings in that load", f"{int(fresh['warnings'] or 0):,}", border=True)  # type: ignore[call-overload]
