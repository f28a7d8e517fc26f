"""Privacy as a property: whatever the groups and filters, no hidden figure can be read or
worked out from what a page or a report shows, counts included.

Two levels: `privacy.protect` on random breakdowns (many examples, fast), and the whole
read side (the real ETL, every insight page's answers and the report) with a planted
small group in a random field, by default and filtered to it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from etl.load import run_load
from insights import catalog, privacy
from insights import report as reports
from insights.filters import Filters
from insights.reader import open_reader
from tests.insights.conftest import make_source

K = 5


@given(
    sizes=st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12),
    k=st.integers(min_value=2, max_value=10),
)
@settings(max_examples=400, deadline=None)
def test_protect_leaves_nothing_to_subtract(sizes: list[int], k: int) -> None:
    df = pd.DataFrame({"group": [f"g{i}" for i in range(len(sizes))], "n": sizes})
    df["mean"] = np.arange(len(sizes), dtype="float64")
    out = privacy.protect(df, ["mean"], min_size=k)
    shown = privacy.shown(out)
    # no shown group is small, and a shown group keeps its figures
    assert (pd.to_numeric(shown["n"]) == 0).sum() + (pd.to_numeric(shown["n"]) >= k).sum() == len(
        shown
    )
    hidden = out[out["suppressed"]]
    assert hidden["n"].isna().all() and hidden["mean"].isna().all()
    # what subtraction from the total recovers is 0, or k or more responses over 2+ groups
    # (a total under k is itself hidden wherever it would appear)
    total = sum(sizes)
    residual = total - int(pd.to_numeric(shown["n"]).sum())
    if total >= k:
        assert residual == 0 or residual >= k
        if any(0 < n < k for n in sizes):
            assert len(hidden) >= 2
    # every group stays listed
    assert sorted(out["group"]) == sorted(df["group"])


@given(
    sizes=st.lists(st.integers(min_value=1, max_value=30), min_size=2, max_size=8),
    dims=st.integers(min_value=1, max_value=4),
)
@settings(max_examples=150, deadline=None)
def test_protect_long_frames_per_breakdown(sizes: list[int], dims: int) -> None:
    """Several breakdowns in one frame (e.g. a culture trait each): each is protected on
    its own, and a hidden group keeps exactly one row."""
    rows = [
        {"group": f"g{i}", "dimension": f"d{d}", "n": n + d, "mean": 3.0}
        for i, n in enumerate(sizes)
        for d in range(dims)
    ]
    out = privacy.protect(
        pd.DataFrame(rows), ["mean"], group=["group"], within=["dimension"], min_size=K
    )
    for _, part in out.groupby("dimension"):
        shown = privacy.shown(part)
        total = sum(r["n"] for r in rows if r["dimension"] == part["dimension"].iloc[0])
        residual = total - int(pd.to_numeric(shown["n"]).sum())
        assert residual == 0 or residual >= K or total < K
        assert (pd.to_numeric(shown["n"]) >= K).all()


FIELDS = {
    "country": ("IS", "Reykjavik"),
    "seniority": "executive",
    "career_stage": "student",
    "department": "Skunkworks",
    "role_title": "Astronaut",  # its own role family ("Other" when unknown)
}


def _planted_source(seed: int, field: str, size: int) -> tuple[pd.DataFrame, str]:
    base = make_source(200, seed)
    base = base[(base["country"] != "IS")] if field == "country" else base
    planted = make_source(6, seed + 1).head(size).copy()
    planted["email"] = [f"planted{i}@example.com" for i in range(size)]
    value = FIELDS[field]
    if field == "country":
        planted["country"], planted["city"] = value
        value = "IS"
    elif field == "role_title":
        planted[field] = value
        value = "Other"
        base = base[base[field] != "Astronaut"]
    else:
        planted[field] = value
        base = base[base[field] != value]
    rows = pd.concat([base, planted], ignore_index=True)
    # one interview per (email, date, role): the ETL would merge repeats into one
    return rows.drop_duplicates(subset=["email", "interview_date", "role_title"]), str(value)


def _numbers_shown(report: reports.Report) -> str:
    """Everything a report shows as text: cover, subtitles, notes, tables."""
    from insights.report import formatting

    parts = [str(report.interviews), report.comparison]
    for answer in [report.headlines, *report.answers()]:
        if answer is None:
            continue
        parts += [answer.question, answer.empty, formatting.subtitle(answer), answer.note]
        header, rows = formatting.table(answer, report.currency)
        parts += [" | ".join(header)] + [" | ".join(r) for r in rows]
    return "\n".join(parts)


@given(
    field=st.sampled_from(sorted(FIELDS)),
    size=st.integers(min_value=1, max_value=K - 1),
    seed=st.integers(min_value=0, max_value=10_000),
    narrowed=st.booleans(),
)
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # each example loads a warehouse: no shrinking
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_a_planted_small_group_never_shows(
    tmp_path_factory: pytest.TempPathFactory, field: str, size: int, seed: int, narrowed: bool
) -> None:
    """A group of 1 to k-1 interviews in some field: by default every breakdown by that
    field hides it and its complement; filtered to it, nothing about it is shown at all."""
    source, value = _planted_source(seed, field, size)
    folder = tmp_path_factory.mktemp("planted")
    source.to_csv(folder / "export.csv", index=False)
    db = folder / "warehouse.duckdb"
    run_load([folder / "export.csv"], db=db, loaded_by="tests")
    key = "role_family" if field == "role_title" else field
    filters = Filters(**{key: (value,)}) if narrowed else Filters()
    with open_reader(db) as reader:
        report = reports.gather(reader, filters)
        answers = [
            a for page in catalog.PAGES for a in catalog.evaluate(reader, page.insights(), filters)
        ]
    with open_reader(db) as reader:
        span = catalog.facts.date_range(reader)
    assert span is not None
    # the report's period is the warehouse's, never the matching rows' own dates
    assert (report.start, report.end) == span
    if narrowed:
        assert str(report.interviews) == f"fewer than {K}"
        assert report.headlines is not None
        # every headline figure is hidden, a zero included
        assert set(report.headlines.data["value_text"]) == {f"< {K}"}
        for answer in answers:
            shown = answer.data
            if "n" in shown and privacy.SUPPRESSED in shown:
                assert (
                    privacy.shown(shown).empty
                    or (pd.to_numeric(privacy.shown(shown)["n"]) == 0).all()
                ), answer.key
        text = _numbers_shown(report)
        assert not re.search(
            rf"\bn = {size}\b|\(n={size}\)|\b{size} (responses|interviews|respondents)\b", text
        )
    else:
        total = int(len(source))
        seen = 0
        for answer in answers:
            data = answer.data
            if "group" not in data or privacy.SUPPRESSED not in data or data.empty:
                continue
            groups = data.drop_duplicates("group")
            if value not in set(groups["group"].astype(str)):
                continue
            row = groups[groups["group"].astype(str) == value].iloc[0]
            seen += 1
            assert bool(row[privacy.SUPPRESSED]), (answer.key, value)
            hidden = groups[groups[privacy.SUPPRESSED]]
            assert len(hidden) >= 2, (answer.key, "a lone hidden group gives itself away")
        assert str(report.interviews) == f"{total:,}"
        if key in ("seniority", "career_stage"):  # closed fields: listed, hidden
            assert seen > 0, "the planted group is listed in its breakdowns"
        # an open field never names a small group: it is inside 'all others'
        if key in ("country", "role_family"):
            assert seen == 0


def test_salary_bands_and_their_family_figures_leave_nothing_to_subtract(
    insights_db: Path, tmp_path: Path
) -> None:
    """A role family's compa-ratio n is the sum of its shown bands only, and a hidden band
    takes a complement with it: no band's count is the difference of the two charts."""
    import shutil

    from etl import warehouse
    from insights.queries import compensation

    db = tmp_path / "bands.duckdb"
    shutil.copyfile(insights_db, db)
    with warehouse.next_version(db) as w:
        w.execute("DELETE FROM salary_bands")
        w.execute(
            "INSERT INTO salary_bands VALUES "
            "('a', 'Data Analytics', 'senior', 'DE', 'USD', 70000, 80000, 90000),"
            "('b', 'Data Analytics', 'junior', 'IS', 'USD', 50000, 60000, 70000),"
            "('c', 'Data Analytics', 'mid', 'US', 'USD', 60000, 70000, 80000),"
            "('d', 'Data Analytics', 'senior', 'US', 'USD', 80000, 90000, 99000)"
        )
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        bands = compensation.bands_vs_expectations(con, Filters())
        ratios = compensation.band_ratios(con, Filters()).set_index("group")
    finally:
        con.close()
    family = bands[bands["role_family"] == "Data Analytics"]
    hidden = family[family["suppressed"]]
    assert len(hidden) == 0 or len(hidden) >= 2
    shown_n = int(pd.to_numeric(privacy.shown(family)["n"]).sum())
    assert int(ratios.loc["Data Analytics", "n"]) == shown_n


def test_filters_to_a_period_compare_only_shown_figures(insights_db: Path) -> None:
    """Headline changes are computed only from figures that are shown in both periods."""
    with open_reader(insights_db) as reader:
        headlines = catalog.answer(
            reader,
            catalog.overview.HEADLINES,
            Filters(date_from=dt.date(2024, 7, 1), date_to=dt.date(2024, 12, 31)),
        )
    for rec in headlines.data.to_dict("records"):
        if rec["change_text"]:
            assert rec["previous_text"] and rec["value_text"] != privacy.label()
