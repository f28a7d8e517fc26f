"""AppTest for every insight page: demo and empty warehouses, missing file, filters, roles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from insights.ui import auth
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


def _nav_titles(at: AppTest) -> list[str]:
    """The menu: every page is registered (so links resolve), but a page the role may not
    see is hidden (dashboard.py; ui.auth.page_access answers a link to it)."""
    role = at.session_state["insights_role"]
    return [
        str(info.get("page_name"))
        for info in at._registered_pages.values()
        if auth.may_see(str(info.get("url_pathname")), role)
    ]


@pytest.mark.parametrize(
    ("role", "talent", "data"),
    [("hr", False, True), ("recruiter", True, True), ("viewer", False, False)],
)
def test_navigation_by_role_in_demo_mode(
    role: str, talent: bool, data: bool, pages_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSIGHTS_DB", str(pages_db))
    at = open_page("views/overview.py")
    assert at.sidebar.selectbox(key="demo_role").value == "hr"
    assert "Demo mode" in texts(at)
    at.sidebar.selectbox(key="demo_role").select(role).run()
    titles = _nav_titles(at)
    assert ("Talent pool" in titles) is talent
    assert ("Candidate profile" in titles) is talent
    assert ("Data" in titles) is data
    assert {"Overview", "Compensation", "Work conditions", "Culture", "Candidate questions"} <= set(
        titles
    )


def test_login_with_a_users_file(
    pages_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    users = tmp_path / "users.toml"
    users.write_text(
        "[[users]]\n"
        f'username = "rita"\nrole = "recruiter"\npassword_hash = "{auth.hash_password("s3cret!", iterations=1000)}"\n'
    )
    monkeypatch.setenv("INSIGHTS_DB", str(pages_db))
    monkeypatch.setenv("INSIGHTS_USERS_FILE", str(users))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.get("plotly_chart") and not at.exception
    at.text_input[0].input("rita")
    at.text_input[1].input("wrong")
    at.button[0].click().run()
    assert "wrong password" in texts(at)
    at.text_input[1].input("s3cret!")
    at.button[0].click().run()
    assert not at.exception
    assert "Talent pool" in _nav_titles(at)
    assert figures(at)


def test_password_hashing() -> None:
    encoded = auth.hash_password("pw", iterations=1000)
    assert encoded.startswith("pbkdf2_sha256$1000$")
    assert auth.verify_password("pw", encoded)
    assert not auth.verify_password("pW", encoded)
    assert not auth.verify_password("pw", "garbage")
    assert auth.hash_password("pw", iterations=1000) != encoded  # salted


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
