"""Work conditions: where, when and how candidates want to work, and the benefits they name."""

import streamlit as st

from insights import charts, ui
from insights.queries import work_conditions as wc

st.title("Work conditions")
filters = ui.current_filters()
st.caption(f"Showing {filters.describe()}.")

if ui.require_data(filters):
    every = ui.period_picker("wc_period")
    shares_cols = {
        "group": "Group",
        "category": "Answer",
        "count": "Count",
        "n": "Answered",
        "share": "Share",
    }

    conditions = ("office_days", "flexible_hours", "travel", "relocation")
    # Every share chart of the page comes from one statement.
    trend, *shares = ui.query(
        wc.category_share_sets,
        filters,
        (
            ("work_arrangement", None, every),
            ("work_arrangement", "role_family", None),
            ("work_arrangement", "career_stage", None),
            *((column, None, None) for column in conditions),
        ),
    )
    by_segment = dict(zip(("role_family", "career_stage"), shares[:2], strict=True))
    by_condition = dict(zip(conditions, shares[2:], strict=True))
    if not ui.nothing(trend, "work arrangement"):
        ui.chart(
            charts.stacked_shares(
                trend,
                field="work_arrangement",
                time_axis=True,
                group_label=every.capitalize(),
                title=f"Is the preference for remote work changing? Arrangement wanted per {every}",
            ),
            key="arr_trend",
        )
    left, right = st.columns(2)
    for column, by, label in (
        (left, "role_family", "role family"),
        (right, "career_stage", "career stage"),
    ):
        with column:
            df = by_segment[by]
            if not ui.nothing(df, "work arrangement"):
                ui.chart(
                    charts.stacked_shares(
                        df,
                        field="work_arrangement",
                        group_label=label,
                        group_field=by,
                        title=f"Which work arrangement does each {label} want?",
                    ),
                    key=f"arr_{by}",
                )
                ui.numbers(df, shares_cols)

    st.subheader("Office days, hours, travel, relocation")
    cols = st.columns(2)
    for i, (column, question, label) in enumerate(
        (
            ("office_days", "How many office days a week do candidates want?", "Days per week"),
            ("flexible_hours", "Do candidates want flexible hours?", "Flexible hours"),
            ("travel", "How much travel will candidates accept?", "Travel"),
            ("relocation", "Would candidates relocate?", "Relocation"),
        )
    ):
        with cols[i % 2]:
            df = by_condition[column]
            if not ui.nothing(df, label.lower()):
                ui.chart(
                    charts.share_bars(df, field=column, title=question, category_label=label),
                    key=f"cond_{column}",
                )

    st.subheader("Benefits")
    left, right = st.columns(2)
    # One read of benefits serves both benefit charts.
    ranking, moves = ui.query(wc.benefits_rankings, filters, (None, every))
    with left:
        if not ui.nothing(ranking, "benefits"):
            ui.chart(
                charts.share_bars(
                    ranking.rename(columns={"benefit": "category"}),
                    field="benefit",
                    title="Which benefits do candidates name most often?",
                    category_label="Benefit",
                    sort=True,
                ),
                key="benefits",
            )
    with right:
        if not ui.nothing(moves, "benefits"):
            ui.chart(
                charts.rank_trend(
                    moves,
                    field="benefit",
                    item="benefit",
                    period_label=every,
                    title=f"How does the benefits ranking move per {every}?",
                ),
                key="benefits_rank",
            )
