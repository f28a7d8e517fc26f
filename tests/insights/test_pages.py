"""AppTest for every insight page: demo and empty warehouses, missing file, filters, roles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from insights import catalog
from insights.access import Principal, Role
from insights.filters import Filters
from insights.reader import open_reader
from insights.ui.plain import md as ui_md
from tests import apptest_support as support

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard.py")
PAGES = (
    "views/overview.py",
    "views/compensation.py",
    "views/work_conditions.py",
    "views/culture.py",
    "views/candidate_questions.py",
)


def open_page(page: str, query: dict[str, str] | None = None) -> AppTest:
    return support.open_page(APP, page, query)


def figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("info", "warning", "error", "caption", "markdown")
        for e in at.get(kind)
    ]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_demo_data(
    page: str, pages_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSIGHTS_DB", str(pages_db))
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    figs = figures(at)
    assert figs, "every insight page draws charts"
    for fig in figs:
        title = fig["layout"]["title"]
        assert title["text"].endswith("?") or "?" in title["text"], title["text"]
        assert "n = " in title["subtitle"]["text"], title


@pytest.mark.parametrize("page", catalog.PAGES, ids=lambda p: p.key)
def test_page_renders_its_declared_insights(
    page: catalog.Page, pages_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page is a layout of declared insights: it draws exactly the charts the catalog's
    answers hold for its default choices, titled with their questions and their n."""
    monkeypatch.setenv("INSIGHTS_DB", str(pages_db))
    at = open_page(page.path)
    assert not at.exception, [e.value for e in at.exception]
    with open_reader(pages_db, Principal("tests", Role.HR)) as reader:
        choices = {}
        if any(p.key == "band_family" for p in page.params):  # the picker's first family
            choices["band_family"] = catalog.facts.band_families(reader, Filters())[0]
        answers = catalog.evaluate(reader, page.insights(choices), Filters())
    drawn = [
        (f["layout"]["title"]["text"], f["layout"]["title"]["subtitle"]["text"])
        for f in figures(at)
    ]
    expected = [
        (a.question, a.figure.layout.title.subtitle.text) for a in answers if a.figure is not None
    ]
    assert drawn == expected
    for a in answers:
        if a.empty:
            assert a.empty in texts(at) or ui_md(a.empty) in texts(at)


@pytest.mark.parametrize("page", PAGES)
def test_page_explains_an_empty_warehouse(
    page: str, empty_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSIGHTS_DB", str(empty_db))
    at = open_page(page)
    assert not at.exception
    assert not at.get("plotly_chart")
    assert "no interviews yet" in texts(at)


@pytest.mark.parametrize("page", PAGES)
def test_page_explains_a_missing_warehouse(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSIGHTS_DB", str(tmp_path / "absent.duckdb"))
    at = open_page(page)
    assert not at.exception
    text = texts(at)
    assert "make demo" in text and "insights load" in text


@pytest.mark.parametrize("page", PAGES)
def test_filters_matching_nothing(
    page: str, pages_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSIGHTS_DB", str(pages_db))
    at = open_page(page, {"from": "1990-01-01", "to": "1990-01-31"})
    assert not at.exception
    assert "No interviews match these filters" in texts(at)
    assert not at.get("plotly_chart")


def _first_subtitle(at: AppTest) -> str:
    return figures(at)[0]["layout"]["title"]["subtitle"]["text"]


@pytest.mark.parametrize("page", PAGES)
def test_changing_a_filter_changes_the_data(
    page: str, pages_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSIGHTS_DB", str(pages_db))
    at = open_page(page)
    before = json.dumps(figures(at))
    ms = at.sidebar.multiselect(key="flt_seniority")
    ms.select("senior").run()
    assert not at.exception
    assert at.query_params.get("seniority")
    after = json.dumps(figures(at))
    assert before != after


def test_filter_is_mirrored_in_the_url_and_a_link_reproduces_it(
    pages_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSIGHTS_DB", str(pages_db))
    at = open_page("views/compensation.py")
    at.multiselect(key="flt_seniority").select("senior").run()
    params = {k: v for k, v in at.query_params.items()}
    assert params["seniority"] == "senior"  # AppTest collapses a one-element list
    again = open_page("views/compensation.py", {"seniority": "senior"})
    assert again.multiselect(key="flt_seniority").value == ["senior"]
    assert figures(again) == figures(at)


def test_invalid_url_parameters_are_ignored_with_a_notice(
    pages_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSIGHTS_DB", str(pages_db))
    at = open_page(
        "views/overview.py",
        {"seniority": "wizard", "country": "Narnia", "from": "soon", "role_family": "Astronaut"},
    )
    assert not at.exception
    notices = "\n".join(w.value for w in at.sidebar.get("warning"))
    assert (
        "wizard" in notices and "Narnia" in notices and "soon" in notices and "Astronaut" in notices
    )
    assert "seniority" not in at.query_params and "from" not in at.query_params
    assert figures(at), "the page still renders, unfiltered"


def test_results_are_cached_by_filters_and_version(
    pages_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rerun with the same filters costs nothing; a newly published load shows at once."""
    import shutil

    from etl import warehouse

    db = tmp_path / "live.duckdb"
    shutil.copyfile(pages_db, db)
    monkeypatch.setenv("INSIGHTS_DB", str(db))
    at = open_page("views/overview.py")
    first = at.metric[0].value
    with warehouse.next_version(db) as con:
        con.execute(
            "DELETE FROM interviews WHERE interview_id IN (SELECT interview_id FROM interviews LIMIT 7)"
        )
    at.run()
    second = at.metric[0].value
    assert int(first.replace(",", "")) - int(second.replace(",", "")) == 7


@pytest.mark.parametrize("page", PAGES)
def test_a_rerun_with_the_same_filters_runs_no_query(
    page: str, pages_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every result is cached by (query, filters, arguments, warehouse version)."""
    from insights.queries import _sql, compensation, culture, meta, overview, questions
    from insights.queries import work_conditions as wc

    monkeypatch.setenv("INSIGHTS_DB", str(pages_db))
    at = open_page(page)
    before = figures(at)

    def no_query(*args: object, **kwargs: object) -> None:
        raise AssertionError("a rerun with the same filters ran a query")

    for module in (_sql, compensation, culture, meta, overview, questions, wc):
        if hasattr(module, "fetch"):
            monkeypatch.setattr(module, "fetch", no_query)
    monkeypatch.setattr(culture, "has_culture_facts", no_query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert figures(at) == before
