"""Culture: which traits matter most to candidates, to whom, and how that changes."""

import streamlit as st

from insights import charts, ui
from insights.filters import LABELS
from insights.queries import culture

st.title("Culture")
filters = ui.current_filters()
st.caption(f"Showing {filters.describe()}.")

if ui.require_data(filters):
    st.caption("Candidates rate how much each trait matters to them, from 1 (low) to 5 (high).")
    overall = st.container()
    st.subheader("By segment")
    segments = ("career_stage", "role_family", "seniority", "country")
    segment = st.selectbox(
        "Segment", segments, format_func=lambda s: LABELS[s], key="culture_segment"
    )
    by_segment = st.container()
    st.subheader("Over time")
    every = ui.period_picker("culture_period")
    # One join of the ratings with the interviews serves all three charts.
    means, heat, trend = ui.query(
        culture.dimension_mean_sets, filters, ((None, None), (segment, None), (None, every))
    )
    with overall:
        if not ui.nothing(means, "culture"):
            ui.chart(
                charts.mean_with_ci(means, title="Which culture traits matter most to candidates?"),
                key="means",
            )
            ui.numbers(
                means,
                {
                    "dimension": "Dimension",
                    "n": "Ratings",
                    "mean": "Mean (1-5)",
                    "ci_low": "95% CI low",
                    "ci_high": "95% CI high",
                },
            )
    with by_segment:
        if not ui.nothing(heat, "culture"):
            ui.chart(
                charts.share_heatmap(
                    heat.rename(columns={"dimension": "dim"}),
                    row_field=segment,
                    col="dim",
                    col_field="dimension",
                    value="mean",
                    value_format=".2f",
                    colorbar="Mean (1-5)",
                    title=f"Which traits matter to each {LABELS[segment].lower()}?",
                    unit="ratings",
                    zrange=(1, 5),
                ),
                key="heatmap",
            )
    if not ui.nothing(trend, "culture"):
        ui.chart(
            charts.dimension_trends(
                trend,
                title=f"Is what candidates value changing? Mean rating per {every}",
                period_label=every,
            ),
            key="trend",
        )
