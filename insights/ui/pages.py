"""Draw an insight page from its declaration: its choices, its blocks of answers.

The page's widgets (period, segment, a role family) are drawn first, where they belong,
then every insight of the page is evaluated in one batch (one statement per kind of
query, cached by filters and warehouse version) and drawn into its place.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from insights import catalog, labels
from insights.catalog import Answer, Insight, Page, Param
from insights.catalog.specs import top_n
from insights.filters import Filters
from insights.reader import Reader
from insights.ui import answers as draw

Renderer = Callable[[Answer, str], None]


def render(
    page: Page,
    reader: Reader,
    filters: Filters,
    *,
    renderers: dict[str, Renderer] | None = None,
) -> list[Answer]:
    """Draw `page` for `filters`; returns the answers drawn."""
    currency = catalog.facts.base_currency(reader)
    values = {p.key: p.default for p in page.params}
    top = [p for p in page.params if not p.block]
    if top:
        columns = st.columns(len(top) + 2)
        for column, param in zip(columns, top, strict=False):
            with column:
                values[param.key] = _param(param, page, reader, filters)
    skeleton = page.blocks(values)
    places: list[
        tuple[st.delta_generator.DeltaGenerator, list[st.delta_generator.DeltaGenerator]]
    ] = []
    for block in skeleton:
        st.subheader(block.title, divider="gray")
        if block.intro and block.intro != page.intro:
            st.caption(block.intro)
        for param in page.params:
            if param.block == block.title:
                values[param.key] = _param(param, page, reader, filters)
        places.append((st.container(), [st.container() for _ in block.insights]))
    blocks = page.blocks(values)
    insights: list[Insight] = []
    slots: list[st.delta_generator.DeltaGenerator] = []
    for block, (_, containers) in zip(blocks, places, strict=True):
        for insight, container in zip(block.insights, containers, strict=True):
            with container:
                insights.append(_picked(insight, reader, filters))
            slots.append(container)
    answers = catalog.evaluate(reader, insights, filters)
    custom = renderers or {}
    by_insight: dict[int, list[Answer]] = {}
    for answer in answers:
        by_insight.setdefault(id(answer.insight), []).append(answer)
    for insight, container in zip(insights, slots, strict=True):
        with container:
            for answer in by_insight.get(id(insight), []):
                render_one = custom.get(answer.key)
                if render_one is not None:
                    render_one(answer, currency)
                else:
                    draw.show(answer, currency, key=f"{page.key}_{answer.key}")
    return answers


def _param(param: Param, page: Page, reader: Reader, filters: Filters) -> str:
    key = f"{page.key}_{param.key}"
    if param.key == "band_family":
        options = catalog.facts.band_families(reader, filters)
        if not options:
            return ""
        choice = st.selectbox(
            "Salary bands of role family", options, key=key, help="One role family at a time."
        )
        return str(choice or options[0])
    if param.key == "every":
        period = st.segmented_control(
            param.label,
            list(param.options),
            default=param.default,
            format_func=lambda v: param.labels.get(v, v),
            key=key,
        )
        return str(period or param.default)
    choice = st.selectbox(
        param.label,
        list(param.options),
        index=list(param.options).index(param.default),
        format_func=lambda v: param.labels.get(v, v),
        key=key,
    )
    return str(choice or param.default)


def _picked(insight: Insight, reader: Reader, filters: Filters) -> Insight:
    """The insight with the reader's chosen groups (top N by responses when none)."""
    if insight.pick is None:
        return insight
    field = insight.pick
    heading = labels.heading(field).lower()
    with st.popover(f"Compare specific {heading} groups", icon=":material/tune:"):
        options = catalog.facts.group_options(reader, filters, field)
        picked = st.multiselect(
            f"Show these {heading} groups (the rest as 'All others')",
            options,
            format_func=lambda v: labels.pretty(v, field),
            key=f"pick_{insight.key}",
            placeholder=f"Largest {top_n()} by responses",
        )
    return insight.with_spec(pick=tuple(picked)) if picked else insight
