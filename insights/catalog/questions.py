"""Candidate questions: what candidates ask about, and how soon they expect a promotion."""

from __future__ import annotations

from insights import charts
from insights.catalog.compensation import PERIOD, N, percentile_columns, sort_groups
from insights.catalog.model import Block, Column, Insight, Page
from insights.catalog.specs import Distribution, ListShares, Phrases
from insights.queries.questions import MAX_TEXTS

TOPIC_COLUMNS = (
    Column("topic", "Topic", "label", "topic"),
    Column("count", "Asked by", "count"),
    Column("n", "Answered", "count"),
    Column("share", "Share", "share"),
)

TOPICS = Insight(
    key="topics",
    question="What do candidates ask about?",
    spec=ListShares(column="question_topics", item="topic"),
    columns=TOPIC_COLUMNS,
    draw=lambda df, ctx: charts.share_bars(
        df.rename(columns={"topic": "category"}), field="topic", category_label="Topic", sort=True
    ),
    about="question topics",
    sort=lambda df: df.sort_values("share", ascending=False, kind="stable"),
    excel="bar",
)

PROMOTION = Insight(
    key="promotion",
    question="How soon do candidates expect a promotion, by role family?",
    spec=Distribution(by="role_family", value="expected_years_to_promotion"),
    columns=(
        Column("group", "Role family", "label", "role_family"),
        N,
        *percentile_columns("years"),
    ),
    draw=lambda df, ctx: charts.percentile_ranges(
        df, value_label="Expected years to promotion", field="role_family", value_format=".1f"
    ),
    about="promotion expectations",
    unit="responses (years)",
    pick="role_family",
    sort=sort_groups("role_family", "p50"),  # type: ignore[arg-type]
    excel="percentiles",
)


def topics_trend(every: str) -> Insight:
    return Insight(
        key="topics_trend",
        question=f"Are candidates asking about different things? Topics per {every}",
        spec=ListShares(every=every, column="question_topics", item="topic"),
        columns=(Column("group", every.capitalize(), "date", field=every), *TOPIC_COLUMNS),
        draw=lambda df, ctx: charts.share_lines(
            df, field="topic", item="topic", period_label=every
        ),
        about="question topics",
    )


BY_STAGE = Insight(
    key="topics_by_career_stage",
    question="What does each career stage ask about?",
    spec=ListShares(by="career_stage", column="question_topics", item="topic"),
    columns=(Column("group", "Career stage", "label", "career_stage"), *TOPIC_COLUMNS),
    draw=lambda df, ctx: charts.share_heatmap(
        df,
        row_field="career_stage",
        col="topic",
        col_field="topic",
        value="share",
        value_format=".0%",
        colorbar="Share asking",
    ),
    about="question topics",
    sort=lambda df: charts.ordered(df, "career_stage"),
)

PHRASES = Insight(
    key="phrases",
    question="Which phrases come up most in candidates' questions?",
    spec=Phrases(),
    columns=(
        Column("phrase", "Phrase"),
        Column("n", "Respondents using it", "count"),
        Column("share", "Share of respondents with questions", "share"),
    ),
    draw=lambda df, ctx: charts.phrase_bars(df, sample_cap=MAX_TEXTS),
    about="question text",
    unit="respondents with questions recorded",
    count="attr:responses",
    note="Only phrases used by at least {k} respondents are shown, so no single person's "
    "words appear.",
    empty_text="No phrase is used by at least {k} respondents yet ({n} respondents with "
    "question text match the filters). Phrases appear once enough people use them, so no "
    "single person's words are shown.",
    excel="bar",
)


def _layout(params: dict[str, str]) -> list[Block]:
    every = params["every"]
    return [
        Block("What they ask", (TOPICS, topics_trend(every), BY_STAGE)),
        Block("Promotion", (PROMOTION,)),
        Block("Frequent phrases in their questions", (PHRASES,)),
    ]


PAGE = Page(
    key="candidate_questions",
    title="Candidate questions",
    path="views/candidate_questions.py",
    intro="What candidates ask about in the interviews, and how soon they expect a promotion.",
    params=(PERIOD,),
    layout=_layout,
)
