"""AppTest: the Talent pool and Candidate profile pages on the pool warehouse and an empty one.

AppTest cannot click rows of st.dataframe, but the selection state of a keyed dataframe
accepts writes: the test selects rows through at.session_state["pool_table"], exactly
the state a browser click produces (the Playwright test clicks for real).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from insights import workspace
from tests.pool.conftest import ids_of

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")


def app(db: Path, ws: Path, monkeypatch: pytest.MonkeyPatch, role: str = "recruiter") -> AppTest:
    monkeypatch.setenv("INSIGHTS_DB", str(db))
    monkeypatch.setenv("INSIGHTS_WORKSPACE", str(ws))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.session_state["demo_role"] = role
    at.run()
    return at


def select(at: AppTest, rows: list[int]) -> None:
    """What a click on the row checkboxes sends: the keyed dataframe's selection state."""
    at.session_state[at.session_state["pool_table_key"]] = {
        "selection": {"rows": rows, "columns": [], "cells": []}
    }


def headline(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "match" in m.value or "on “" in m.value)


def test_filter_narrows_and_selection_lands_on_a_shortlist(pool_db, ws, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    at = app(pool_db, ws, monkeypatch)
    at.switch_page("views/talent_pool.py").run()
    assert not at.exception
    assert headline(at).startswith("**5** candidates match")
    names = list(at.dataframe[0].value["Name"])
    assert "Eve Hidden" not in names and "Finn Gone" not in names
    at.multiselect(key="pf_skills_all").set_value(["python"]).run()
    at.selectbox(key="pf_min_fit").set_value(4).run()
    assert headline(at).startswith("**2** candidates match")
    table = at.dataframe[0].value
    assert sorted(table["Name"]) == ["Ana Schmidt", "Gia Rossi"]
    assert at.query_params["pool_skills_all"] in ("python", ["python"])
    select(at, [0, 1])
    at.run()
    at.selectbox(key="pool_target_list").set_value("➕ New shortlist…").run()
    at.text_input(key="pool_new_list").set_value("Python leads").run()
    at.button(key="pool_add").click().run()
    assert not at.exception
    assert "Added 2 to “Python leads”" in at.success[0].value
    want = set(
        ids_of(
            __import__("duckdb").connect(str(pool_db), read_only=True),
            "ana@example.com",
            "gia@example.com",
        )
    )
    assert set(workspace.shortlist_members(ws, "Python leads")) == want
    # The shortlist view lists them; removing one takes it off.
    at.segmented_control(key="pool_view").set_value("shortlists").run()
    assert headline(at).startswith("**2** candidates on “Python leads”")
    select(at, [0])
    at.run()
    at.button(key="pool_remove").click().run()
    assert len(workspace.shortlist_members(ws, "Python leads")) == 1


def test_saved_search_reopens_the_filters(pool_db, ws, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    at = app(pool_db, ws, monkeypatch)
    at.switch_page("views/talent_pool.py").run()
    at.multiselect(key="pf_cities").set_value(["Berlin"]).run()
    at.checkbox(key="pf_willing_to_relocate").check().run()
    at.text_input(key="pool_saved_name").set_value("Berlin or movers").run()
    at.button(key="pool_saved_save").click().run()
    assert workspace.saved_searches(ws) == {
        "Berlin or movers": "pool_cities=Berlin&pool_willing_to_relocate=1"
    }
    at.button(key="pool_clear").click().run()
    assert headline(at).startswith("**5**")
    at.selectbox(key="pool_saved_pick").set_value("Berlin or movers").run()
    at.button(key="pool_saved_open").click().run()
    assert headline(at).startswith("**3** candidates match")


def test_profile_by_url_and_consent(pool_db, ws, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import duckdb

    c = duckdb.connect(str(pool_db), read_only=True)
    ana, eve = ids_of(c, "ana@example.com", "eve@example.com")
    c.close()
    at = app(pool_db, ws, monkeypatch)
    at.query_params["candidate"] = ana
    at.switch_page("views/candidate_profile.py").run()
    assert not at.exception
    assert at.title[0].value == "Ana Schmidt"
    assert at.get("plotly_chart")
    assert len(at.expander) == 2
    at.query_params["candidate"] = eve
    at.run()
    text = " ".join(str(e.value) for e in [*at.info, *at.markdown, *at.title])
    assert "not available" in text and "Eve" not in text and "Secret" not in text
    events = [e["action"] for e in workspace.audit_events(ws)]
    assert events == ["profile_view"]


@pytest.mark.parametrize("page", ["views/talent_pool.py", "views/candidate_profile.py"])
def test_other_roles_never_see_individuals(pool_db, ws, monkeypatch, page) -> None:  # type: ignore[no-untyped-def]
    at = app(pool_db, ws, monkeypatch, role="hr")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(page)  # not in the navigation for HR at all
    # and the page itself refuses too, should it ever be reached
    direct = AppTest.from_file(str(Path(DASHBOARD).parent / page), default_timeout=60)
    direct.session_state["insights_role"] = "viewer"
    direct.query_params["candidate"] = "c_4012cda242a89e0d"
    direct.run()
    assert not direct.exception
    assert not direct.dataframe
    assert "recruiters only" in direct.info[0].value


@pytest.mark.parametrize("page", ["views/talent_pool.py", "views/candidate_profile.py"])
def test_pages_render_on_an_empty_warehouse(empty_db, ws, monkeypatch, page) -> None:  # type: ignore[no-untyped-def]
    at = app(empty_db, ws, monkeypatch)
    at.switch_page(page).run()
    assert not at.exception
