"""Gather a report from the same query functions and chart builders the pages use.

Every number comes from insights.queries (already masked: a group of fewer than k
responses keeps its row, labelled, with no number), so a report and the page for the
same filters agree to the digit. No individual ever appears: only aggregates.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from insights import charts, privacy
from insights.filters import Filters
from insights.queries import compensation, culture, meta, overview, questions
from insights.queries import work_conditions as wc
from insights.report import formatting
from insights.report.model import Column, Item, Report, Section

N = Column("n", "Responses", "count")
SHARE_COLUMNS = (
    Column("category", "Answer", "label"),
    Column("count", "Count", "count"),
    Column("n", "Answered", "count"),
    Column("share", "Share", "share"),
)


def gather(con: duckdb.DuckDBPyConnection, filters: Filters, every: str | None = None) -> Report:
    """The whole report for `filters`; trends per `every` (month or quarter; default:
    month for a period up to six months, else quarter)."""
    currency = meta.base_currency(con)
    kpis = overview.kpis(con, filters)
    first = kpis.iloc[0]
    report = Report(
        filters=filters,
        currency=currency,
        k=privacy.k(),
        generated_at=dt.datetime.now().replace(microsecond=0),
        start=_date(first["start"]),
        end=_date(first["end"]),
        previous_start=_date(first["previous_start"]),
        previous_end=_date(first["previous_end"]),
        interviews=meta.interview_count(con, filters),
        headlines=kpis,
    )
    if report.interviews == 0:
        return report
    if every is None:
        short = report.start and report.end and (report.end - report.start).days <= 190
        every = "month" if short else "quarter"
    report.sections = [
        _volume(con, filters),
        _compensation(con, filters, currency, every),
        _work_conditions(con, filters, every),
        _culture(con, filters),
        _questions(con, filters, every),
    ]
    return report


def _date(value: object) -> dt.date | None:
    stamp = formatting.as_timestamp(value)
    return None if stamp is None else stamp.date()


def shown_n(df: pd.DataFrame, per: str | None = None) -> int:
    """Responses behind a chart: the n of every shown group (once per group)."""
    shown = privacy.shown(df)
    if shown.empty:
        return 0
    if per is not None:
        shown = shown.drop_duplicates(subset=[per])
    return int(pd.to_numeric(shown["n"]).sum())


def _suppressed_last(df: pd.DataFrame) -> pd.DataFrame:
    if "suppressed" not in df:
        return df.reset_index(drop=True)
    return pd.concat([df[~df["suppressed"]], df[df["suppressed"]]]).reset_index(drop=True)


def _ranked_shares(key: str, question: str, df: pd.DataFrame, labels: tuple[str, str, str]) -> Item:
    """One multi-valued field's options by how many respondents name them (largest first):
    labels are (column, its label, the count's label)."""
    column, label, count_label = labels
    shown = privacy.shown(df)
    return Item(
        key,
        question,
        df.sort_values("share", ascending=False) if len(shown) else df,
        (
            Column(column, label, "label"),
            Column("count", count_label, "count"),
            Column("n", "Answered", "count"),
            Column("share", "Share", "share"),
        ),
        charts.share_bars(
            df.rename(columns={column: "category"}),
            field=column,
            title=question,
            category_label=label,
            sort=True,
        )
        if len(shown)
        else None,
        n=shown_n(df, "group"),
        chart="bar",
    )


def _volume(con: duckdb.DuckDBPyConnection, filters: Filters) -> Section:
    weekly = overview.interviews_per_week(con, filters)
    return Section(
        "interviews",
        "Interviews",
        "Exploratory interviews held per week.",
        [
            Item(
                "interviews_per_week",
                "How many exploratory interviews do we hold each week?",
                weekly,
                (Column("week", "Week (Monday)", "date"), Column("n", "Interviews", "count")),
                charts.weekly_interviews(weekly),
                n=shown_n(weekly),
                unit="interviews",
                chart="bar",
            )
        ],
    )


def _compensation(
    con: duckdb.DuckDBPyConnection, filters: Filters, currency: str, every: str
) -> Section:
    unit = f"Expected pay ({currency} per year)"
    pct = tuple(
        Column(p, p.upper() if p != "p50" else "Median", "money") for p in compensation.PERCENTILES
    )
    section = Section(
        "compensation",
        "Compensation",
        f"Expected pay is the midpoint of the range each candidate gave, converted to {currency} "
        "per year. Only candidates who stated an expectation count.",
    )
    for by, label in (
        ("role_family", "role family"),
        ("seniority", "seniority"),
        ("country", "country"),
    ):
        df = compensation.pay_distribution(con, filters, by)
        question = f"What do candidates expect to earn, by {label}?"
        field = by if by in ("role_family", "seniority") else None  # as on the page
        section.items.append(
            Item(
                f"pay_by_{by}",
                question,
                _suppressed_last(df),
                (Column("group", label.capitalize(), "label"), N, *pct),
                charts.percentile_ranges(
                    df,
                    title=question,
                    value_label=unit,
                    field=field,
                    money_currency=currency,
                    sort_by_median=True,
                ),
                n=shown_n(df),
                chart="percentiles",
            )
        )
    trend = compensation.pay_trend(con, filters, every)
    section.items.append(
        Item(
            "pay_trend",
            f"Are pay expectations rising? Median and middle half per {every}",
            trend,
            (
                Column("period", every.capitalize(), "date"),
                N,
                *(c for c in pct if c.key in ("p25", "p50", "p75")),
            ),
            charts.median_band_trend(
                trend,
                title=f"Are pay expectations rising? Median and middle half per {every}",
                value_label=unit,
                period_label=every,
            ),
            n=shown_n(trend),
            chart="line",
        )
    )
    bands = compensation.bands_vs_expectations(con, filters)
    section.items.append(
        Item(
            "bands",
            "Where do our salary bands sit against what candidates expect?",
            bands,
            (
                Column("role_family", "Role family"),
                Column("seniority", "Seniority", "label"),
                Column("country", "Country"),
                Column("band_min", "Band min", "money"),
                Column("band_mid", "Band mid", "money"),
                Column("band_max", "Band max", "money"),
                Column("n", "Candidates", "count"),
                Column("p50", "Median expectation", "money"),
                Column("pct_band_mid", "Percentile of band mid", "pct"),
                Column("pct_min_above_max", "% with minimum above band max", "pct"),
            ),
            charts.bands_vs_expectations(bands, currency) if len(bands) else None,
            n=shown_n(bands),
            note="Percentile of a band value = share of matching candidates (same role family, "
            "seniority and country) whose expected pay is at or below it."
            if len(bands)
            else "No salary bands match these filters.",
        )
    )
    return section


def _work_conditions(con: duckdb.DuckDBPyConnection, filters: Filters, every: str) -> Section:
    section = Section(
        "work_conditions", "Work conditions", "Share of those who answered each question."
    )
    trend = wc.category_shares(con, filters, "work_arrangement", None, every)
    title = f"Is the preference for remote work changing? Arrangement wanted per {every}"
    section.items.append(
        Item(
            "arrangement_trend",
            title,
            _suppressed_last(trend),
            (Column("group", every.capitalize(), "date"), *SHARE_COLUMNS),
            charts.stacked_shares(
                trend,
                field="work_arrangement",
                time_axis=True,
                group_label=every.capitalize(),
                title=title,
            ),
            n=shown_n(trend, "group"),
            chart="none",
        )
    )
    by_family = wc.category_shares(con, filters, "work_arrangement", "role_family")
    title = "Which work arrangement does each role family want?"
    section.items.append(
        Item(
            "arrangement_by_role_family",
            title,
            _suppressed_last(by_family),
            (Column("group", "Role family", "label"), *SHARE_COLUMNS),
            charts.stacked_shares(
                by_family,
                field="work_arrangement",
                group_label="role family",
                group_field="role_family",
                title=title,
            ),
            n=shown_n(by_family, "group"),
            chart="none",
        )
    )
    for column, question, label in (
        ("office_days", "How many office days a week do candidates want?", "Days per week"),
        ("flexible_hours", "Do candidates want flexible hours?", "Flexible hours"),
        ("travel", "How much travel will candidates accept?", "Travel"),
        ("relocation", "Would candidates relocate?", "Relocation"),
    ):
        df = wc.category_shares(con, filters, column)
        section.items.append(
            Item(
                column,
                question,
                charts.ordered(privacy.shown(df), column, "category")
                if len(privacy.shown(df))
                else df,
                (Column("category", label, "label"), *SHARE_COLUMNS[1:]),
                charts.share_bars(df, field=column, title=question, category_label=label)
                if len(privacy.shown(df))
                else None,
                n=shown_n(df, "group"),
                chart="bar",
                note="" if len(privacy.shown(df)) else f"No answers, or {privacy.label()}.",
            )
        )
    section.items.append(
        _ranked_shares(
            "benefits",
            "Which benefits do candidates name most often?",
            wc.benefits_ranking(con, filters),
            ("benefit", "Benefit", "Named by"),
        )
    )
    return section


def _culture(con: duckdb.DuckDBPyConnection, filters: Filters) -> Section:
    section = Section(
        "culture",
        "Culture",
        "Candidates rate how much each trait matters to them, from 1 (low) to 5 (high).",
    )
    means = culture.dimension_means(con, filters)
    shown = privacy.shown(means)
    section.items.append(
        Item(
            "culture_means",
            "Which culture traits matter most to candidates?",
            _suppressed_last(means.sort_values("mean", ascending=False)),
            (
                Column("dimension", "Trait", "label"),
                Column("n", "Ratings", "count"),
                Column("mean", "Mean (1-5)", "mean"),
                Column("ci_low", "95% CI low", "mean"),
                Column("ci_high", "95% CI high", "mean"),
            ),
            charts.mean_with_ci(means, title="Which culture traits matter most to candidates?")
            if len(shown)
            else None,
            n=int(pd.to_numeric(shown["n"]).max()) if len(shown) else 0,
            unit="ratings per trait (at most)",
            chart="bar",
        )
    )
    heat = culture.dimension_means(con, filters, "career_stage")
    section.items.append(
        Item(
            "culture_by_career_stage",
            "Which traits matter to each career stage?",
            _suppressed_last(heat),
            (
                Column("group", "Career stage", "label"),
                Column("dimension", "Trait", "label"),
                Column("n", "Ratings", "count"),
                Column("mean", "Mean (1-5)", "mean"),
            ),
            charts.share_heatmap(
                heat.rename(columns={"dimension": "dim"}),
                row_field="career_stage",
                col="dim",
                col_field="dimension",
                value="mean",
                value_format=".2f",
                colorbar="Mean (1-5)",
                title="Which traits matter to each career stage?",
                unit="ratings",
                zrange=(1, 5),
            )
            if len(heat)
            else None,
            n=int(privacy.shown(heat).groupby("group")["n"].max().sum())
            if len(privacy.shown(heat))
            else 0,
            unit="ratings (largest per stage, summed)",
        )
    )
    return section


def _questions(con: duckdb.DuckDBPyConnection, filters: Filters, every: str) -> Section:
    section = Section(
        "questions",
        "Candidate questions",
        "What candidates ask about in the interviews, and how soon they expect a promotion.",
    )
    section.items.append(
        _ranked_shares(
            "topics",
            "What do candidates ask about?",
            questions.topic_shares(con, filters),
            ("topic", "Topic", "Asked by"),
        )
    )
    by_stage = questions.topic_shares(con, filters, "career_stage")
    section.items.append(
        Item(
            "topics_by_career_stage",
            "What does each career stage ask about?",
            _suppressed_last(by_stage),
            (
                Column("group", "Career stage", "label"),
                Column("topic", "Topic", "label"),
                Column("count", "Asked by", "count"),
                Column("n", "Answered", "count"),
                Column("share", "Share", "share"),
            ),
            charts.share_heatmap(
                by_stage,
                row_field="career_stage",
                col="topic",
                col_field="topic",
                value="share",
                value_format=".0%",
                colorbar="Share asking",
                title="What does each career stage ask about?",
            )
            if len(by_stage)
            else None,
            n=shown_n(by_stage, "group"),
        )
    )
    promo = compensation.distribution(con, filters, "role_family", "expected_years_to_promotion")
    question = "How soon do candidates expect a promotion, by role family?"
    section.items.append(
        Item(
            "promotion",
            question,
            _suppressed_last(promo),
            (
                Column("group", "Role family", "label"),
                N,
                *(
                    Column(p, p.upper() if p != "p50" else "Median", "years")
                    for p in compensation.PERCENTILES
                ),
            ),
            charts.percentile_ranges(
                promo,
                title=question,
                value_label="Expected years to promotion",
                sort_by_median=True,
            )
            if len(privacy.shown(promo))
            else None,
            n=shown_n(promo),
            unit="responses (years)",
            chart="percentiles",
        )
    )
    phrases = questions.top_phrases(con, filters)
    section.items.append(
        Item(
            "phrases",
            "Which phrases come up most in candidates' questions?",
            phrases,
            (
                Column("phrase", "Phrase"),
                Column("n", "Respondents using it", "count"),
                Column("responses", "Respondents with questions", "count"),
                Column("share", "Share", "share"),
            ),
            charts.phrase_bars(
                phrases,
                title="Which phrases come up most in candidates' questions?",
                sample_cap=questions.MAX_TEXTS,
            )
            if len(phrases)
            else None,
            n=int(phrases["responses"].iloc[0])
            if len(phrases)
            else questions.text_responses(con, filters),
            unit="respondents with questions recorded",
            note=f"Only phrases used by at least {privacy.k()} respondents are shown.",
            chart="bar",
        )
    )
    return section
