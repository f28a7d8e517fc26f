"""Candidate questions: what candidates ask about, and how soon they expect to be promoted."""

import streamlit as st

from insights import charts, privacy, ui
from insights.queries import compensation, questions

st.title("Candidate questions")
filters = ui.current_filters()
st.caption(f"Showing {filters.describe()}.")

if ui.require_data(filters):
    left, right = st.columns(2)
    every = ui.period_picker("questions_period")
    # One read of question_topics serves the three topic charts.
    topics, trend, by_stage = ui.query(
        questions.topic_share_sets, filters, ((None, None), (None, every), ("career_stage", None))
    )
    with left:
        if not ui.nothing(topics, "question topics"):
            ui.chart(
                charts.share_bars(
                    topics.rename(columns={"topic": "category"}),
                    field="topic",
                    sort=True,
                    title="What do candidates ask about?",
                    category_label="Topic",
                ),
                key="topics",
            )
    with right:
        promo = ui.query(
            compensation.distribution, filters, "role_family", "expected_years_to_promotion"
        )
        if not ui.nothing(promo, "promotion expectations"):
            ui.chart(
                charts.percentile_ranges(
                    promo,
                    title="How soon do candidates expect a promotion, by role family?",
                    value_label="Expected years to promotion",
                    sort_by_median=True,
                ),
                key="promotion",
            )

    if not ui.nothing(trend, "question topics"):
        ui.chart(
            charts.share_lines(
                trend,
                field="topic",
                item="topic",
                period_label=every,
                title=f"Are candidates asking about different things? Topics per {every}",
            ),
            key="topics_trend",
        )
    if not ui.nothing(by_stage, "question topics"):
        ui.chart(
            charts.share_heatmap(
                by_stage,
                row_field="career_stage",
                col="topic",
                col_field="topic",
                value="share",
                value_format=".0%",
                colorbar="Share asking",
                title="What does each career stage ask about?",
            ),
            key="topics_stage",
        )

    st.subheader("Frequent phrases in their questions")
    phrases = ui.query(questions.top_phrases, filters)
    if phrases.empty:
        n_text = ui.query(questions.text_responses, filters)
        st.info(
            f"No phrase is used by at least {privacy.k()} respondents yet ({n_text:,} "
            "respondents with question text match the filters). Phrases appear once enough "
            "people use them, so no single person's words are shown.",
            icon=":material/visibility_off:",
        )
    else:
        ui.chart(
            charts.phrase_bars(
                phrases,
                title="Which phrases come up most in candidates' questions?",
                sample_cap=questions.MAX_TEXTS,
            ),
            key="phrases",
        )
