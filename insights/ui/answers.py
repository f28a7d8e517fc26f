"""Draw an Answer on a page: its chart, its note, its numbers (full width), or why there is
nothing to show. The same answer a report prints; every text from data is plain text."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from insights.catalog import Answer
from insights.report import formatting
from insights.ui.plain import md

CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def show(answer: Answer, currency: str, *, key: str | None = None) -> None:
    """One answer: chart (or its n), note, and an expander with the numbers behind it."""
    if answer.empty:
        st.markdown(f"**{md(answer.question)}**")
        st.info(md(answer.empty), icon=":material/visibility_off:")
        return
    if answer.figure is not None:
        st.plotly_chart(answer.figure, key=key or f"chart_{answer.key}", config=CHART_CONFIG)
    else:
        st.markdown(f"**{md(answer.question)}**")
        st.caption(md(answer.n_text()))
    if answer.note:
        st.caption(md(formatting.note(answer)))
    numbers(answer, currency, expanded=answer.figure is None)


def numbers(
    answer: Answer, currency: str, *, expanded: bool = False, label: str = "Show the numbers"
) -> None:
    """The answer's table as a reader sees it: display labels, units, hidden rows say why."""
    header, rows = formatting.table(answer, currency)
    if not rows:
        return
    width = len(header)
    padded = []
    for row in rows:
        if formatting.is_suppressed(row, header):
            kept = row[:-1]
            padded.append(kept + [row[-1]] + [""] * (width - len(kept) - 1))
        else:
            padded.append(row)
    names = _unique(header)
    table = pd.DataFrame(padded, columns=names)
    config = {
        name: st.column_config.TextColumn(name, alignment=align)  # type: ignore[arg-type]
        for name, align in zip(names, formatting.alignments(answer, header), strict=True)
    }
    with st.expander(label, expanded=expanded):
        st.dataframe(table, hide_index=True, width="stretch", column_config=config)


def _unique(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in header:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out
