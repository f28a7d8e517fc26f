"""Query functions against a warehouse built by the real ETL; expected numbers are computed
independently from the source rows with pandas / numpy."""

from __future__ import annotations

import datetime as dt
import math
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from etl import warehouse
from insights.filters import Filters
from insights.queries import compensation, culture, meta, overview, questions, work_conditions

K = 5


def expected_hidden(sizes: dict[object, int], k: int = K) -> set[object]:
    """Which groups of a breakdown must be hidden: those of 1 to k-1 responses and, when
    any is, the next smallest until two or more are hidden holding k or more responses
    (an independent statement of insights.privacy.protect's rule)."""
    hidden = {g for g, n in sizes.items() if 0 < n < k}
    if not hidden or len(sizes) < 2:
        return hidden
    rest = sorted((n, str(g), g) for g, n in sizes.items() if g not in hidden and n > 0)
    while rest and (len(hidden) < 2 or sum(sizes[g] for g in hidden) < k):
        hidden.add(rest.pop(0)[2])
    return hidden


@pytest.fixture
def con(insights_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    c = duckdb.connect(str(insights_db), read_only=True)
    yield c
    c.close()


@pytest.fixture
def src(insights_source: pd.DataFrame) -> pd.DataFrame:
    df = insights_source.copy()
    df["date"] = pd.to_datetime(df["interview_date"])
    df["mid"] = (df["comp_min"] + df["comp_max"]) / 2
    return df


def test_kpis_match_the_source(con: duckdb.DuckDBPyConnection, src: pd.DataFrame) -> None:
    start, end = dt.date(2024, 10, 1), dt.date(2025, 3, 31)
    kpis = overview.kpis(con, Filters(date_from=start, date_to=end)).set_index("metric")
    cur = src[(src["date"] >= "2024-10-01") & (src["date"] <= "2025-03-31")]
    prev = src[(src["date"] >= "2024-04-01") & (src["date"] <= "2024-09-30")]  # 6 months before
    assert kpis.loc["interviews", "value"] == len(cur)
    assert kpis.loc["interviews", "previous"] == len(prev)
    assert kpis.loc["interviews", "change"] == len(cur) - len(prev)
    assert kpis.loc["candidates", "value"] == cur["email"].nunique()
    assert kpis.loc["median_pay", "value"] == pytest.approx(cur["mid"].median())
    assert kpis.loc["median_pay", "previous"] == pytest.approx(prev["mid"].median())
    assert kpis.loc["share_remote", "value"] == pytest.approx(
        (cur["work_arrangement"] == "remote").mean()
    )
    assert kpis.loc["mean_fit", "value"] == pytest.approx(cur["fit_score"].mean())
    assert kpis.loc["mean_fit", "spread"] == pytest.approx(cur["fit_score"].std())
    iqr = np.percentile(cur["mid"], 75) - np.percentile(cur["mid"], 25)
    assert kpis.loc["median_pay", "spread"] == pytest.approx(iqr)
    assert kpis.loc["interviews", "previous_start"] == dt.date(2024, 4, 1)


def test_no_comparison_with_a_period_the_data_does_not_cover(
    con: duckdb.DuckDBPyConnection,
) -> None:
    span = meta.date_range(con, Filters())
    assert span is not None
    kpis = overview.kpis(con, Filters(date_from=span[0], date_to=span[1]))
    assert kpis["previous"].isna().all()
    assert "not fully covered" in kpis["note"].iloc[0]


def test_all_data_has_no_previous_period(con: duckdb.DuckDBPyConnection) -> None:
    """Without a date filter there is nothing before the data to compare with."""
    kpis = overview.kpis(con, Filters(seniority=("senior",)))
    assert kpis["previous"].isna().all() and kpis["previous_start"].isna().all()


def test_prescreened_consenting_counts_current_pool_state(
    con: duckdb.DuckDBPyConnection, src: pd.DataFrame
) -> None:
    # The candidate's latest interview carries their current pool status and consent.
    latest = src.sort_values("date").groupby("email").tail(1)
    expected = (
        (latest["pool_status"] == "prescreened") & (latest["consent_to_contact"] == "yes")
    ).sum()
    kpis = overview.kpis(con, Filters()).set_index("metric")
    assert kpis.loc["prescreened", "value"] == expected


def test_kpis_of_a_tiny_group_are_suppressed(con: duckdb.DuckDBPyConnection) -> None:
    kpis = overview.kpis(con, Filters(country=("IS",)))
    assert kpis["suppressed"].all()
    assert kpis["value"].isna().all()


def test_interviews_per_week(con: duckdb.DuckDBPyConnection, src: pd.DataFrame) -> None:
    weekly = overview.interviews_per_week(con, Filters())
    bucket = weekly.attrs["bucket"]
    freq = {"week": "W-SUN", "month": "M", "quarter": "Q"}[bucket]
    counts = src["date"].dt.to_period(freq).dt.start_time.dt.date.value_counts().to_dict()
    # weeks are used unless more than a quarter of them would be hidden
    weeks = src["date"].dt.to_period("W-SUN").value_counts()
    assert (bucket == "week") == ((weeks < K).mean() <= 0.25)
    got = {pd.Timestamp(w).date(): n for w, n in zip(weekly["week"], weekly["n"], strict=True)}
    hidden = expected_hidden(counts)
    for w, n in counts.items():
        if w in hidden:
            assert pd.isna(got[w]), "a hidden bucket must be listed but blank"
        else:
            assert got[w] == n
    assert set(got) == set(counts)


@pytest.mark.parametrize("by", ["seniority", "country", "career_stage"])
def test_pay_distribution_percentiles(
    con: duckdb.DuckDBPyConnection, src: pd.DataFrame, by: str
) -> None:
    df = compensation.pay_distribution(con, Filters(), by).set_index("group")
    hidden = expected_hidden(src.groupby(by).size().to_dict())
    for group, rows in src.groupby(by):
        got = df.loc[group]
        if group in hidden:
            assert got["suppressed"] and pd.isna(got["p50"]) and pd.isna(got["n"])
            continue
        assert got["n"] == len(rows)
        for name, q in zip(compensation.PERCENTILES, (0.1, 0.25, 0.5, 0.75, 0.9), strict=True):
            assert got[name] == pytest.approx(np.percentile(rows["mid"], q * 100)), (group, name)


def test_small_country_is_listed_as_fewer_than_k(con: duckdb.DuckDBPyConnection) -> None:
    df = compensation.pay_distribution(con, Filters(), "country").set_index("group")
    assert bool(df.loc["IS", "suppressed"])
    assert df.loc["IS", ["p10", "p25", "p50", "p75", "p90"]].isna().all()
    city = compensation.pay_distribution(con, Filters(), "city").set_index("group")
    assert bool(city.loc["Reykjavik (IS)", "suppressed"])


def test_pay_trend_by_quarter(con: duckdb.DuckDBPyConnection, src: pd.DataFrame) -> None:
    trend = compensation.pay_trend(con, Filters(seniority=("senior",)), "quarter")
    rows = src[src["seniority"] == "senior"]
    quarters = rows.groupby(rows["date"].dt.to_period("Q"))
    assert len(trend) == len(quarters)
    for (q, part), got in zip(quarters, trend.itertuples(), strict=True):
        assert pd.Timestamp(got.period) == q.start_time
        if len(part) >= K:
            assert got.n == len(part)
            assert got.p50 == pytest.approx(part["mid"].median())
            assert got.p25 == pytest.approx(np.percentile(part["mid"], 25))
        else:
            assert got.suppressed


def test_bands_against_expectations(insights_db: Path, src: pd.DataFrame, tmp_path: Path) -> None:
    db = tmp_path / "bands.duckdb"
    shutil.copyfile(insights_db, db)
    with warehouse.next_version(db) as w:
        w.execute("DELETE FROM salary_bands")
        w.execute("DELETE FROM fx_rates WHERE currency IN ('USD', 'EUR')")
        w.execute(
            "INSERT INTO fx_rates VALUES ('USD', 2025, 1.0), ('EUR', 2024, 0.9), ('EUR', 2025, 0.8)"
        )
        w.execute(
            "INSERT INTO salary_bands VALUES "
            "('b1', 'Data Analytics', 'senior', 'DE', 'EUR', 72000, 80000, 88000),"
            "('b2', 'Data Analytics', 'junior', 'IS', 'USD', 50000, 60000, 70000),"
            "('b3', 'Data Analytics', 'mid', 'DE', 'XYZ', 1, 2, 3)"
        )
    c = duckdb.connect(str(db), read_only=True)
    try:
        df = compensation.bands_vs_expectations(c, Filters()).set_index("band_id")
    finally:
        c.close()
    # Latest interview is in 2025 -> 2025 rates: 72,000 EUR / 0.8 = 90,000 USD.
    b1 = df.loc["b1"]
    assert b1["fx_year"] == 2025
    assert (b1["band_min"], b1["band_mid"], b1["band_max"]) == pytest.approx(
        (90000, 100000, 110000)
    )
    group = src[
        (src["role_title"] == "Data Analyst")
        & (src["seniority"] == "senior")
        & (src["country"] == "DE")
    ]
    assert b1["n"] == len(group) >= K
    assert b1["share_above_max"] == pytest.approx((group["mid"] > 110000).mean())
    assert b1["share_below_min"] == pytest.approx((group["mid"] < 90000).mean())
    assert b1["p50"] == pytest.approx(group["mid"].median())
    assert b1["compa"] == pytest.approx(group["mid"].median() / 100000)
    b2 = df.loc["b2"]
    assert pd.isna(b2["p50"]) and pd.isna(b2["compa"])
    assert bool(b2["suppressed"]) or b2["n"] == 0
    # our own band figures are never masked, even when its candidates are too few
    assert (b2["band_min"], b2["band_mid"], b2["band_max"]) == (50000, 60000, 70000)
    assert pd.isna(df.loc["b3", "band_min"])  # no FX rate: not converted, never guessed
    one = compensation.bands_vs_expectations(
        c2 := duckdb.connect(str(db), read_only=True), Filters(), "Data Analytics"
    )
    c2.close()
    assert set(one["band_id"]) == {"b1", "b2", "b3"}


@pytest.mark.parametrize("column", ["work_arrangement", "travel", "office_days"])
def test_category_shares_by_career_stage(
    con: duckdb.DuckDBPyConnection, src: pd.DataFrame, column: str
) -> None:
    df = work_conditions.category_shares(con, Filters(), column, by="career_stage")
    for stage, rows in src.groupby("career_stage"):
        expected = rows[column].astype(str).value_counts(normalize=True)
        got = df[df["group"] == stage].set_index("category")["share"]
        assert got.to_dict() == pytest.approx(expected.to_dict())


def test_flexible_hours_share(con: duckdb.DuckDBPyConnection, src: pd.DataFrame) -> None:
    df = work_conditions.category_shares(con, Filters(), "flexible_hours").set_index("category")
    assert df.loc["true", "share"] == pytest.approx((src["flexible_hours"] == "yes").mean())
    assert df.loc["true", "n"] == len(src)


def test_benefits_ranking(con: duckdb.DuckDBPyConnection, src: pd.DataFrame) -> None:
    named = src["benefits"].str.split("; ").explode().value_counts()
    df = work_conditions.benefits_ranking(con, Filters())
    assert df["benefit"].tolist()[0] == named.index[0]
    got = df.set_index("benefit")
    for benefit, count in named.items():
        assert got.loc[benefit, "count"] == count
        assert got.loc[benefit, "share"] == pytest.approx(count / len(src))
    assert got.loc[named.index[0], "rank"] == 1


def test_benefit_ranks_per_quarter(con: duckdb.DuckDBPyConnection, src: pd.DataFrame) -> None:
    df = work_conditions.benefits_ranking(con, Filters(), "quarter")
    q1 = src[src["date"].dt.to_period("Q") == pd.Period("2024Q1")]
    named = q1["benefits"].str.split("; ").explode().value_counts()
    part = df[pd.to_datetime(df["group"]) == pd.Timestamp("2024-01-01")].set_index("benefit")
    assert part["count"].to_dict() == named.to_dict()
    assert (part["n"] == len(q1)).all()


def test_culture_means_with_confidence_interval(
    con: duckdb.DuckDBPyConnection, src: pd.DataFrame
) -> None:
    df = culture.dimension_means(con, Filters()).set_index("dimension")
    t_975 = {len(src) - 1: 1.9659}  # scipy.stats.t.ppf(0.975, 402) = 1.96587...
    for dim in ("growth", "autonomy"):
        ratings = src[f"culture_{dim}"]
        got = df.loc[dim]
        assert got["n"] == len(ratings)
        assert got["mean"] == pytest.approx(ratings.mean())
        half = t_975[len(src) - 1] * ratings.std(ddof=1) / math.sqrt(len(ratings))
        assert got["ci_high"] - got["mean"] == pytest.approx(half, rel=1e-3)


def test_culture_heatmap_cells_under_k_are_suppressed(con: duckdb.DuckDBPyConnection) -> None:
    df = culture.dimension_means(con, Filters(), "country")
    iceland = df[df["group"] == "IS"]
    assert len(iceland) >= 1 and iceland["suppressed"].all() and iceland["mean"].isna().all()


def test_topic_shares_over_time_and_by_stage(
    con: duckdb.DuckDBPyConnection, src: pd.DataFrame
) -> None:
    overall = questions.topic_shares(con, Filters()).set_index("topic")
    asked = src["question_topics"].str.split("; ").explode().value_counts()
    for topic, count in asked.items():
        assert overall.loc[topic, "share"] == pytest.approx(count / len(src))
    by_stage = questions.topic_shares(con, Filters(), "career_stage")
    students = src[src["career_stage"] == "student"]
    s_counts = students["question_topics"].str.split("; ").explode().value_counts()
    got = by_stage[by_stage["group"] == "student"].set_index("topic")["count"]
    assert got.to_dict() == s_counts.to_dict()


def test_promotion_years_by_role_family(con: duckdb.DuckDBPyConnection, src: pd.DataFrame) -> None:
    df = compensation.distribution(
        con, Filters(), "role_family", "expected_years_to_promotion"
    ).set_index("group")
    rows = src[src["role_title"] == "Software Engineer"]["expected_years_to_promotion"]
    assert df.loc["Software Engineering", "p50"] == pytest.approx(rows.median())


def test_phrases_need_k_distinct_respondents(con: duckdb.DuckDBPyConnection) -> None:
    df = questions.top_phrases(con, Filters(), limit=50)
    phrases = set(df["phrase"])
    assert "career path" in phrases or "career path look" in phrases
    assert "salary range" in phrases or "salary range decided" in phrases
    # Only three Icelandic respondents wrote about a sabbatical: never shown.
    assert not any("sabbatical" in p for p in phrases)
    assert (df["n"] >= K).all()
    assert not any(w in {"the", "is", "what", "does"} for p in phrases for w in p.split())
    # ... and with a filter that leaves only them, nothing is shown at all.
    assert questions.top_phrases(con, Filters(country=("IS",))).empty
    assert questions.text_responses(con, Filters(country=("IS",))) == 3


def test_filters_narrow_every_query(con: duckdb.DuckDBPyConnection, src: pd.DataFrame) -> None:
    f = Filters(seniority=("mid",), country=("US",))
    rows = src[(src["seniority"] == "mid") & (src["country"] == "US")]
    assert meta.interview_count(con, f) == len(rows)
    dist = compensation.pay_distribution(con, f, "seniority")
    assert dist["n"].tolist() == [len(rows)]


def test_hostile_filter_values_are_bound_not_executed(con: duckdb.DuckDBPyConnection) -> None:
    f = Filters(department=("x') OR TRUE OR ('",), role_family=("'; DROP TABLE interviews; --",))
    assert meta.interview_count(con, f) == 0
    assert meta.interview_count(con, Filters()) > 0


def test_meta_on_the_empty_warehouse(empty_db: Path) -> None:
    c = duckdb.connect(str(empty_db), read_only=True)
    try:
        assert meta.interview_count(c, Filters()) == 0
        assert meta.date_range(c, Filters()) is None
        assert meta.freshness(c)["run_id"] is None
        assert meta.base_currency(c) == "USD"
        assert overview.interviews_per_week(c, Filters()).empty
        assert compensation.pay_distribution(c, Filters(), "seniority").empty
        assert questions.top_phrases(c, Filters()).empty
    finally:
        c.close()


def test_freshness_reports_the_last_load(con: duckdb.DuckDBPyConnection, src: pd.DataFrame) -> None:
    fresh = meta.freshness(con)
    assert fresh["run_id"] == 1
    assert fresh["rows_read"] == len(src)
    assert fresh["rejected"] == 0


def test_culture_reads_the_denormalised_facts_the_etl_provides(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ETL copies each interview's filter columns onto its ratings (culture_facts); the
    answers must equal those of the join with interviews."""
    assert culture.has_culture_facts(con)
    groupings = ((None, None), ("country", None), (None, "month"), ("city", None))
    for f in (Filters(), Filters(seniority=("senior",)), Filters(country=("IS",))):
        denormalised = culture.dimension_mean_sets(con, f, groupings)
        with monkeypatch.context() as patched:
            patched.setattr(culture, "has_culture_facts", lambda _con: False)
            joined = culture.dimension_mean_sets(con, f, groupings)
        for a, b in zip(joined, denormalised, strict=True):
            pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9)


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(seniority=("senior",)),
        Filters(country=("IS",)),
        Filters(date_from=dt.date(2030, 1, 1)),  # nothing matches
    ],
)
def test_one_statement_per_page_equals_one_query_per_chart(
    con: duckdb.DuckDBPyConnection, filters: Filters
) -> None:
    """The page-level functions (several groupings, one read) return exactly what the
    per-chart functions return."""
    groupings = ((None, None), ("career_stage", None), (None, "quarter"), ("city", None))
    for many, one in (
        (culture.dimension_mean_sets, culture.dimension_means),
        (questions.topic_share_sets, questions.topic_shares),
    ):
        for g, got in zip(groupings, many(con, filters, groupings), strict=True):
            pd.testing.assert_frame_equal(got, one(con, filters, *g))
    bys = ("role_family", "city", "seniority", "country")
    for by, got in zip(bys, compensation.distribution_sets(con, filters, bys), strict=True):
        pd.testing.assert_frame_equal(got, compensation.pay_distribution(con, filters, by))
    everys = (None, "quarter", "month")
    for e, got in zip(everys, work_conditions.benefits_rankings(con, filters, everys), strict=True):
        pd.testing.assert_frame_equal(got, work_conditions.benefits_ranking(con, filters, e))
    requests = (
        ("work_arrangement", None, "quarter"),
        ("travel", "city", None),
        ("office_days", None, None),
    )
    sets = work_conditions.category_share_sets(con, filters, requests)
    for r, got in zip(requests, sets, strict=True):
        pd.testing.assert_frame_equal(got, work_conditions.category_shares(con, filters, *r))


def test_unfiltered_kpis_from_the_candidates_table_equal_the_general_path(
    con: duckdb.DuckDBPyConnection,
) -> None:
    """Without filters, distinct and pre-screened candidates come from `candidates`; a
    filter that keeps every interview takes the general path and must agree."""
    span = meta.date_range(con, Filters())
    assert span is not None
    fast = overview.kpis(con, Filters())
    general = overview.kpis(con, Filters(date_from=span[0]))  # keeps every interview
    columns = ["metric", "value", "n", "spread"]
    pd.testing.assert_frame_equal(fast[columns], general[columns])
    assert fast.set_index("metric").loc["candidates", "value"] > 0


def test_phrases_read_only_the_latest_texts(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a cap, phrase mining reads exactly the latest MAX_TEXTS texts (ties on the
    date broken by interview_id), and says how many it read."""
    cap = 60
    monkeypatch.setattr(questions, "MAX_TEXTS", cap)
    got = questions.top_phrases(con, Filters(), limit=50)
    latest = con.execute(
        """SELECT coalesce(candidate_id, interview_id) AS respondent, questions_text
           FROM interviews WHERE questions_text IS NOT NULL AND trim(questions_text) <> ''
           ORDER BY interview_date DESC, interview_id LIMIT $cap""",
        {"cap": cap},
    ).df()
    assert (got["texts"] == cap).all()
    assert (got["responses"] == latest["respondent"].nunique()).all()
    assert len(got) and (got["n"] >= K).all() and (got["n"] <= got["responses"]).all()
    monkeypatch.setattr(questions, "MAX_TEXTS", 10**9)
    uncapped = questions.top_phrases(con, Filters(), limit=50)
    assert not uncapped.empty and (uncapped["texts"] > cap).all()
