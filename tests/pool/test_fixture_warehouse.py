"""The pool against the shared fixture warehouse (tests/data/fixture/interviews.csv, built by
the real ETL): consent guarantees and the key filters, expected results computed here.

Consent and withdrawal are decided from the source CSV itself (pandas: each candidate's
latest non-empty answer, in interview-date then file order); the warehouse only tells
which source rows belong to which candidate. The filters' expectations are pandas
predicates over the candidates table and, for free text, over the source rows.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest

from insights import workspace
from insights.access import Principal, Role  # noqa: E402
from insights.pool import PoolIndex, fetch_pool
from insights.pool_filters import PoolFilters
from insights.profile import load_profile

RECRUITER = Principal("tests", Role.RECRUITER)

ANY = ()  # every listable status

SOURCE = Path(__file__).resolve().parents[1] / "data" / "fixture" / "interviews.csv"


@pytest.fixture(scope="module")
def fcon(fixture_db: Path):  # type: ignore[no-untyped-def]
    c = duckdb.connect(str(fixture_db), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def fidx(fcon: duckdb.DuckDBPyConnection):  # type: ignore[no-untyped-def]
    built = PoolIndex.build(RECRUITER, fcon)
    yield built
    built.close()


@pytest.fixture(scope="module")
def source_rows(fcon: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The source CSV (text cells), each row with the candidate the ETL gave it."""
    csv = pd.read_csv(SOURCE, dtype=str, keep_default_na=False)
    csv["source_row"] = csv.index + 2  # spreadsheet row: the header is row 1
    owners = fcon.execute(
        "SELECT source_row, candidate_id FROM interviews WHERE candidate_id IS NOT NULL"
    ).df()
    rows = csv.merge(owners, on="source_row", how="inner")
    rows["date"] = pd.to_datetime(rows["Date of interview"])
    return rows.sort_values(["candidate_id", "date", "source_row"])


@pytest.fixture(scope="module")
def fcands(fcon: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return fcon.execute("SELECT * FROM candidates").df()


def _latest(rows: pd.DataFrame, column: str) -> pd.Series:
    """Each candidate's latest non-empty value of a source column (lower-cased)."""
    filled = rows[rows[column].str.strip() != ""]
    return filled.groupby("candidate_id")[column].last().str.strip().str.lower()


def _listable_from_source(rows: pd.DataFrame) -> set[str]:
    consent = _latest(rows, "Consent to contact")
    status = _latest(rows, "Pool status")
    ids = set(rows["candidate_id"])
    return {
        c
        for c in ids
        if consent.get(c) in ("yes", "y", "true", "1") and status.get(c) != "withdrawn"
    }


def _all(index: PoolIndex, f: PoolFilters, **kw: Any) -> pd.DataFrame:
    page = fetch_pool(RECRUITER, index, f, page_size=None, **kw)
    assert page.total == len(page.rows)
    return page.rows


class TestFixtureWarehouse:
    # --- consent ----------------------------------------------------------------------

    def test_exactly_the_consenting_non_withdrawn_candidates_are_listed(
        self, fidx, source_rows
    ) -> None:  # type: ignore[no-untyped-def]
        want = _listable_from_source(source_rows)
        assert 0 < len(want) < source_rows["candidate_id"].nunique()  # both kinds exist
        assert set(_all(fidx, PoolFilters(statuses=ANY))["candidate_id"]) == want

    @pytest.mark.parametrize(
        "f",
        [
            PoolFilters(text="a", statuses=ANY),
            PoolFilters(skills_any=("sql", "python", "excel"), statuses=ANY),
            PoolFilters(statuses=("withdrawn", "new", "prescreened")),
            PoolFilters(cities=("Berlin",), willing_to_relocate=True, statuses=ANY),
            PoolFilters(max_pay=10_000_000, pay_currency="EUR", statuses=ANY),
            PoolFilters(sort="pay", descending=False, statuses=ANY),
        ],
        ids=["text", "skills", "status incl withdrawn", "relocate", "pay EUR", "sort pay"],
    )
    def test_no_filter_ever_reaches_a_hidden_candidate(self, fidx, source_rows, f) -> None:  # type: ignore[no-untyped-def]
        hidden = set(source_rows["candidate_id"]) - _listable_from_source(source_rows)
        got = set(_all(fidx, f)["candidate_id"])
        assert got and not got & hidden

    def test_profiles_and_exports_hide_them_too(self, fcon, fidx, source_rows, ws) -> None:  # type: ignore[no-untyped-def]
        from insights.pool.export import build_export

        listable = _listable_from_source(source_rows)
        hidden = sorted(set(source_rows["candidate_id"]) - listable)
        for cid in hidden[:10]:
            assert load_profile(RECRUITER, fcon, fidx, cid, ws) is None
        mixed = workspace.create_shortlist(ws, "mixed", actor="t")
        workspace.add_to_shortlist(
            ws, mixed.shortlist_id, [*hidden[:3], *sorted(listable)[:2]], actor="t"
        )
        overlay = workspace.overlay(ws, mixed.shortlist_id)
        page = fetch_pool(
            RECRUITER, fidx, PoolFilters(), overlay=overlay, shortlist=mixed.shortlist_id
        )
        assert set(page.rows["candidate_id"]) == set(sorted(listable)[:2])
        assert page.unavailable == 3
        export = build_export(
            RECRUITER,
            fidx,
            PoolFilters(statuses=ANY),
            overlay=workspace.empty_overlay(),
            extras=["candidate_id"],
        )
        assert set(export.frame["Candidate ID"]) == listable

    def test_a_workspace_withdrawal_wins(self, fcon, fidx, ws) -> None:  # type: ignore[no-untyped-def]
        first = _all(fidx, PoolFilters(sort="name", descending=False, statuses=ANY))
        cid = str(first["candidate_id"].iloc[0])
        assert load_profile(RECRUITER, fcon, fidx, cid, ws) is not None
        workspace.set_pool_status(ws, cid, "withdrawn", current_status=None, actor="t")
        overlay = workspace.overlay(ws)
        assert cid not in set(
            _all(fidx, PoolFilters(statuses=ANY), overlay=overlay)["candidate_id"]
        )
        assert load_profile(RECRUITER, fcon, fidx, cid, ws) is None

    # --- filters ----------------------------------------------------------------------

    @pytest.mark.parametrize(
        ("f", "pred"),
        [
            (
                PoolFilters(skills_all=("SQL", "python"), statuses=ANY),
                lambda c: {"sql", "python"} <= _skills(c),
            ),
            (
                PoolFilters(skills_any=("figma", "java"), statuses=ANY),
                lambda c: bool({"figma", "java"} & _skills(c)),
            ),
            (
                PoolFilters(countries=("de", "nl"), statuses=ANY),
                lambda c: c["country"] in ("DE", "NL"),
            ),
            (
                PoolFilters(cities=("berlin",), willing_to_relocate=True, statuses=ANY),
                lambda c: str(c["city"]).lower() == "berlin" or c["relocation"] == "yes",
            ),
            (
                PoolFilters(work_arrangements=("remote",), statuses=ANY),
                lambda c: c["work_arrangement"] in ("remote", "flexible"),
            ),
            (PoolFilters(min_fit=4, statuses=ANY), lambda c: _num(c["fit_score"]) >= 4),
            (
                PoolFilters(credentials_verified=True, statuses=ANY),
                lambda c: c["credentials"] == "verified",
            ),
            (
                PoolFilters(statuses=("nurture", "new")),
                lambda c: c["pool_status"] in ("nurture", "new"),
            ),
            (PoolFilters(tags=("priority",), statuses=ANY), lambda c: "priority" in _tags(c)),
            (
                PoolFilters(max_pay=60_000, statuses=ANY),
                lambda c: _floor(c) is not None and _floor(c) <= 60_000,
            ),
            (
                PoolFilters(available_by=dt.date(2025, 1, 1), statuses=ANY),
                lambda c: (
                    not pd.isna(c["available_from"])
                    and c["available_from"].date() <= dt.date(2025, 1, 1)
                ),
            ),
        ],
        ids=[
            "skills all",
            "skills any",
            "countries",
            "city or relocate",
            "arrangement",
            "min fit",
            "verified",
            "status",
            "tag",
            "max pay",
            "available",
        ],
    )
    def test_key_filters(self, fidx, fcands, source_rows, f, pred) -> None:  # type: ignore[no-untyped-def]
        listable = _listable_from_source(source_rows)
        want = {
            c["candidate_id"]
            for _, c in fcands.iterrows()
            if c["candidate_id"] in listable and pred(c)
        }
        assert want, "the fixture should exercise this filter"
        assert set(_all(fidx, f)["candidate_id"]) == want

    @pytest.mark.parametrize("text", ["blog", "analyst", "PAY transparency", "engineer sql"])
    def test_text_searches_titles_skills_and_every_interview(
        self, fidx, fcands, source_rows, text
    ) -> None:  # type: ignore[no-untyped-def]
        listable = _listable_from_source(source_rows)
        blobs: dict[str, list[str]] = {}
        for _, r in source_rows.iterrows():  # every interview's role and notes
            blobs.setdefault(r["candidate_id"], []).extend([r["Role"], r["Notes"]])
        for _, c in fcands.iterrows():  # the candidate's current title and skills
            blobs.setdefault(c["candidate_id"], []).extend(
                [str(c["current_title"] or ""), *(_as_list(c["skills"]))]
            )
        words = text.lower().split()
        want = {
            cid
            for cid, parts in blobs.items()
            if cid in listable and all(any(w in p.lower() for p in parts) for w in words)
        }
        assert want
        assert set(_all(fidx, PoolFilters(text=text, statuses=ANY))["candidate_id"]) == want

    def test_combined_filters_and_paging(self, fidx, fcands, source_rows) -> None:  # type: ignore[no-untyped-def]
        listable = _listable_from_source(source_rows)
        f = PoolFilters(
            skills_any=("sql", "python", "excel"),
            work_arrangements=("hybrid",),
            min_interest=3,
            max_pay=150_000,
            pay_currency="EUR",
            sort="name",
            descending=False,
            statuses=ANY,
        )
        every = _all(fidx, f)
        loose = {
            c["candidate_id"]
            for _, c in fcands.iterrows()
            if c["candidate_id"] in listable
            and {"sql", "python", "excel"} & _skills(c)
            and c["work_arrangement"] in ("hybrid", "flexible")
            and _num(c["interest_level"]) >= 3
            and _floor(c) is not None
        }
        got = set(every["candidate_id"])
        assert got and got <= loose  # the EUR budget only narrows further
        first = fetch_pool(RECRUITER, fidx, f, page=1, page_size=7)
        pages = [first] + [
            fetch_pool(RECRUITER, fidx, f, page=p, page_size=7) for p in range(2, first.pages + 1)
        ]
        assert all(p.total == len(every) for p in pages)
        assert sum((list(p.rows["candidate_id"]) for p in pages), []) == list(every["candidate_id"])
        named = every["full_name"].notna()
        names = [str(n).lower() for n in every.loc[named, "full_name"]]
        assert names == sorted(names)
        assert not named.iloc[named.sum() :].any()  # nameless candidates come last


def _as_list(v: Any) -> list[str]:
    return [str(x) for x in v] if isinstance(v, list | np.ndarray) else []


def _skills(c: pd.Series) -> set[str]:
    return {s.strip().lower() for s in _as_list(c["skills"])}


def _tags(c: pd.Series) -> set[str]:
    return {s.strip().lower() for s in _as_list(c["tags"])}


def _num(v: Any) -> float:
    return -math.inf if v is None or pd.isna(v) else float(v)


def _floor(c: pd.Series) -> float | None:
    for col in ("comp_min_annual", "comp_mid_annual", "comp_max_annual"):
        v = c[col]
        if v is not None and not pd.isna(v):
            return float(v)
    return None


def test_what_the_pool_index_assumes_of_the_etl(fcon, fidx) -> None:  # type: ignore[no-untyped-def]
    """The index reads a single-interview candidate's text and stated pay from that
    interview, and the others' from their pay interview as the ETL picks it: the stated pay
    it shows converts to exactly the candidate's per-year figure."""
    mismatched = fcon.execute(
        """SELECT count(*) FROM candidates c JOIN interviews i USING (candidate_id)
           WHERE c.interview_count = 1
             AND (c.role_title IS DISTINCT FROM i.role_title
                  OR c.notes IS DISTINCT FROM i.notes
                  OR c.comp_mid_annual IS DISTINCT FROM i.comp_mid_annual
                  OR c.last_interview_date IS DISTINCT FROM i.interview_date)"""
    ).fetchall()[0][0]
    assert mismatched == 0
    # the stated pay is the pay interview's: (min, currency, period, year) -> comp_min_annual
    rows = fidx.display.to_pandas()
    stated = rows[rows["pay_min"].notna()]
    assert len(stated) > 20
    pairs = fcon.execute(
        """SELECT candidate_id, comp_min, upper(comp_currency), comp_period, comp_min_annual
           FROM interviews WHERE comp_min IS NOT NULL"""
    ).fetchall()
    seen = {(r[0], r[1], r[2], r[3], round(r[4], 6)) for r in pairs}
    for r in stated.itertuples():
        assert (
            r.candidate_id,
            r.pay_min,
            r.pay_currency,
            r.pay_period,
            round(r.comp_min_annual, 6),
        ) in seen


def test_the_pool_counts_agree_with_overview(fcon, fidx, ws) -> None:  # type: ignore[no-untyped-def]
    """Overview's "Pre-screened, consenting candidates" (all dates) is the pool's count of
    pre-screened candidates, until a recruiter changes a status in the workspace."""
    from insights.filters import Filters
    from insights.queries.overview import kpis

    table = kpis(fcon, Filters()).set_index("metric")
    overview = table.loc["prescreened", "value"]
    page = fetch_pool(RECRUITER, fidx, PoolFilters(), page_size=1)
    assert overview >= 5  # shown (not masked) on this warehouse
    assert page.status_counts["prescreened"] == overview
    one = _all(fidx, PoolFilters(statuses=("prescreened",)))["candidate_id"].iloc[0]
    workspace.set_pool_status(ws, str(one), "contacted", current_status="prescreened", actor="t")
    moved = fetch_pool(RECRUITER, fidx, PoolFilters(), overlay=workspace.overlay(ws), page_size=1)
    assert moved.status_counts["prescreened"] == overview - 1
