"""AppTest: the Talent pool and Candidate profile pages, their links, and text safety.

AppTest cannot click rows of st.dataframe, but the selection state of a keyed dataframe
accepts writes: the tests select rows through the table's session-state key, exactly the
state a browser click produces (the Playwright tests click for real).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from insights import workspace
from insights.state import State, StateBusy, accounts, open_state
from tests.pool.conftest import ids_of, workspace_location

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")
POOL = "views/talent_pool.py"
PROFILE = "views/candidate_profile.py"


def app(
    db: Path,
    ws: Path,
    monkeypatch: pytest.MonkeyPatch,
    role: str = "recruiter",
    query: dict[str, Any] | None = None,
) -> AppTest:
    monkeypatch.setenv("INSIGHTS_DB", str(db))
    monkeypatch.setenv("INSIGHTS_WORKSPACE", str(ws))
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    at.session_state["demo_role"] = role
    if query:
        at.query_params.update(query)
    at.run()
    return at


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    """Page tests run on the embedded state; test_shortlists_view_... runs on both
    backends (`ws_both`), and the workspace functions' own tests all do."""
    return tmp_path / "workspace.duckdb"


@pytest.fixture()
def ws_both(backend: tuple[str, Path], tmp_path: Path) -> Path:
    return workspace_location(backend[0], tmp_path)


def select(at: AppTest, rows: list[int]) -> None:
    """What a click on the row checkboxes sends: the keyed dataframe's selection state."""
    at.session_state[at.session_state["pool_table_key"]] = {
        "selection": {"rows": rows, "columns": [], "cells": []}
    }


def texts(at: AppTest) -> str:
    parts = [*at.markdown, *at.caption, *at.info, *at.success, *at.error, *at.warning, *at.title]
    return "\n".join(str(e.value) for e in parts)


def headline(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "match" in m.value or "on “" in m.value)


def test_default_view_lists_actionable_statuses_with_counts_and_compact_columns(
    pool_db, ws, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    at = app(pool_db, ws, monkeypatch)
    at.switch_page(POOL).run()
    assert not at.exception
    assert headline(at).startswith("**6** candidates match · sorted by Fit, highest first")
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Name",
        "Current role",
        "Location",
        "Expected pay",
        "USD/yr",
        "Available",
        "Fit ↓",
        "Interest",
        "Status",
        "Last interview",
    ]
    assert "Hal Hired" not in set(table["Name"]) and "Eve Hidden" not in set(table["Name"])
    by_name = table.set_index("Name")
    assert by_name.loc["Ivan Rao", "Expected pay"] == "INR 2,230,000"
    assert by_name.loc["Ivan Rao", "Location"] == "Bengaluru, IN"
    assert by_name.loc["Ana Schmidt", "Current role"] == "Senior Analyst · Acme"
    assert list(table["Fit ↓"])[:2] == [5, 5]
    words = texts(at)
    assert "By status: New 1 · Pre-screened 3 · Nurture 2" in words
    assert "not listed (pick them under Status): Contacted 1 · Hired 1" in words
    assert "Pre-screened, consenting candidates" in words


def test_status_filter_reaches_hired_and_the_column_chooser_adds_columns(
    pool_db, ws, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    at = app(pool_db, ws, monkeypatch)
    at.switch_page(POOL).run()
    at.pills(key="pf_statuses").set_value(["hired"]).run()
    assert headline(at).startswith("**1** candidate match")
    assert list(at.dataframe[0].value["Name"]) == ["Hal Hired"]
    assert at.query_params["pool_statuses"] in ("hired", ["hired"])
    at.multiselect(key="pool_extras").set_value(["email", "skills"]).run()
    assert list(at.dataframe[0].value.columns)[-2:] == ["E-mail", "Skills"]
    at.selectbox(key="pf_sort").set_value("name").run()
    at.pills(key="pf_statuses").set_value([]).run()
    assert headline(at).startswith("**8** candidates match · sorted by Name, Z to A")
    assert "Name ↓" in at.dataframe[0].value.columns


def test_filter_select_shortlist_then_the_selection_is_cleared(pool_db, ws, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    at = app(pool_db, ws, monkeypatch)
    at.switch_page(POOL).run()
    at.multiselect(key="pf_skills_all").set_value(["python"]).run()
    at.selectbox(key="pf_min_fit").set_value(4).run()
    assert headline(at).startswith("**2** candidates match")
    assert sorted(at.dataframe[0].value["Name"]) == ["Ana Schmidt", "Gia Rossi"]
    assert at.query_params["pool_skills_all"] in ("python", ["python"])
    select(at, [0, 1])
    at.run()
    assert "**2 selected**" in texts(at)
    at.selectbox(key="pool_target_list").set_value("__new__").run()
    at.text_input(key="pool_new_list").set_value("Python leads").run()
    at.button(key="pool_add").click().run()
    assert not at.exception
    assert "Added 2 to “Python leads”" in at.success[0].value
    assert "selected**" not in texts(at)  # the selection is gone after the action
    assert at.session_state["pool_basket"] == {}
    found = workspace.find_shortlist(ws, "Python leads")
    assert found is not None and found.owner == "demo recruiter"
    con = duckdb.connect(str(pool_db), read_only=True)
    want = set(ids_of(con, "ana@example.com", "gia@example.com"))
    con.close()
    assert {m.candidate_id for m in workspace.shortlist_members(ws, found.shortlist_id)} == want


def test_a_selection_spans_pages_and_select_all_takes_every_match(
    fixture_db, ws, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    at = app(fixture_db, ws, monkeypatch)
    at.switch_page(POOL).run()
    at.selectbox(key="pool_page_size").set_value(25).run()
    total = int(headline(at).split("**")[1].replace(",", ""))
    assert total > 50
    first = list(at.dataframe[0].value.index) if at.dataframe[0].value.index.name else None
    select(at, [0, 2])
    at.run()
    at.session_state[at.session_state["pool_page_key"]] = 2  # a click on "2"
    at.run()
    assert "showing 26–50" in headline(at)
    select(at, [1])
    at.run()
    assert "**3 selected** (2 on other pages)" in texts(at)
    at.session_state[at.session_state["pool_page_key"]] = 1
    at.run()
    rows = at.session_state[at.session_state["pool_table_key"]]["selection"]["rows"]
    assert sorted(rows) == [0, 2], first  # page 1 is drawn with its ticks
    at.selectbox(key="pool_target_list").set_value("__new__").run()
    at.text_input(key="pool_new_list").set_value("Across pages").run()
    at.button(key="pool_add").click().run()
    found = workspace.find_shortlist(ws, "Across pages")
    assert found is not None and found.size == 3
    at.button(key="pool_select_all").click().run()
    assert f"**{total:,} selected**" in texts(at)
    at.selectbox(key="pool_new_status").set_value("nurture").run()
    at.button(key="pool_apply_status").click().run()
    assert "Pool status set to “Nurture”" in at.success[0].value
    assert at.session_state["pool_basket"] == {}


def test_saved_search_reopens_the_filters(pool_db, ws, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    at = app(pool_db, ws, monkeypatch)
    at.switch_page(POOL).run()
    at.multiselect(key="pf_cities").set_value(["Berlin"]).run()
    at.checkbox(key="pf_willing_to_relocate").check().run()
    at.text_input(key="pool_saved_name").set_value("Berlin or movers").run()
    at.button(key="pool_saved_save").click().run()
    assert workspace.saved_searches(ws) == {
        "Berlin or movers": "pool_cities=Berlin&pool_willing_to_relocate=1"
    }
    at.button(key="pool_clear").click().run()
    assert headline(at).startswith("**6**")
    at.selectbox(key="pool_saved_pick").set_value("Berlin or movers").run()
    at.button(key="pool_saved_open").click().run()
    # Ana, Mallory (Berlin), Ben (relocates); Ivan says "maybe"
    assert headline(at).startswith("**3** candidates match")


def test_shortlists_view_create_rename_edit_remove_delete(pool_db, ws_both, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from insights.ui.pool.shortlists import apply_edits

    ws = ws_both

    con = duckdb.connect(str(pool_db), read_only=True)
    ana, ben = ids_of(con, "ana@example.com", "ben@example.com")
    con.close()
    at = app(pool_db, ws, monkeypatch)
    at.switch_page(POOL).run()
    at.segmented_control(key="pool_view").set_value("shortlists").run()
    assert "No shortlists yet" in texts(at)
    at.text_input(key="pool_create_name").set_value("Q3 analysts").run()
    at.button(key="pool_create").click().run()
    assert "Created “Q3 analysts”" in at.success[0].value
    found = workspace.find_shortlist(ws, "Q3 analysts")
    assert found is not None
    workspace.add_to_shortlist(ws, found.shortlist_id, [ana, ben], actor="sam")
    at.run()
    assert headline(at).startswith("**2** candidates on “Q3 analysts”")
    members = at.data_editor[0].value
    assert list(members.columns)[0] == "Select" and list(members.columns)[-3:] == [
        "Stage",
        "Note",
        "Added",
    ]
    assert list(members["Stage"]) == ["To contact", "To contact"]
    assert "Owner: demo recruiter" in texts(at)
    # stage and note edits go through the workspace with the version each row was drawn with
    meta = [(ana, 1, "to_contact", None), (ben, 1, "to_contact", None)]
    saved, refused = apply_edits(
        ws,
        found.shortlist_id,
        {0: {"Stage": "Replied", "Note": "Call Tue"}, 1: {"Select": True}},
        meta,
        who="rita",
    )
    assert (saved, refused) == (1, [])
    saved, refused = apply_edits(ws, found.shortlist_id, {0: {"Note": "stale"}}, meta, who="sam")
    assert saved == 0 and "changed by rita" in refused[0]
    at.run()
    at.text_input(key="pool_rename_name").set_value("Q3 data").run()
    at.button(key="pool_rename").click().run()
    assert "Renamed to “Q3 data”" in at.success[0].value
    at.button(key="pool_delete").click().run()
    assert "Deleted “Q3 data” (2 candidates)" in at.success[0].value
    assert workspace.list_shortlists(ws) == []


def test_profile_by_url_and_consent(pool_db, ws, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    con = duckdb.connect(str(pool_db), read_only=True)
    ana, eve = ids_of(con, "ana@example.com", "eve@example.com")
    con.close()
    at = app(pool_db, ws, monkeypatch)
    at.query_params["candidate"] = ana
    at.switch_page(PROFILE).run()
    assert not at.exception
    assert at.title[0].value == "Ana Schmidt"
    assert len(at.expander) == 2
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Fit"] == "5 / 5" and metrics["Credentials"] == "Verified"
    at.query_params["candidate"] = eve
    at.run()
    words = texts(at)
    assert "not available" in words and "Eve" not in words and "Secret" not in words
    assert [e["action"] for e in workspace.audit_events(ws)] == ["profile_view"]


def test_profile_with_one_interview_pay_as_stated_and_dates_as_dates(
    pool_db, ws, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    con = duckdb.connect(str(pool_db), read_only=True)
    (ivan,) = ids_of(con, "ivan@example.com")
    con.close()
    at = app(pool_db, ws, monkeypatch, query={"candidate": ivan})
    at.switch_page(PROFILE).run()
    assert not at.exception
    words = texts(at).replace("\\", "")  # as rendered: without Markdown's escapes
    assert "INR 2,230,000 per year" in words and "about USD" in words
    assert {m.label: m.value for m in at.metric}["Credentials"] == "Not checked"
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    xaxis = fig["layout"]["xaxis"]
    assert xaxis["type"] == "date" and xaxis["tickformat"] == "%d %b %Y"
    low, high = (str(v)[:10] for v in xaxis["range"])
    assert low < "2025-10-01" < high  # a readable span around the one date, not milliseconds
    assert "Referred by Gia Rossi" in [p.proto.label for p in at.get("page_link")]


def test_text_from_the_data_is_never_markdown(pool_db, ws, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    con = duckdb.connect(str(pool_db), read_only=True)
    (mallory,) = ids_of(con, "mallory@example.com")
    con.close()
    at = app(pool_db, ws, monkeypatch, query={"candidate": mallory})
    at.switch_page(PROFILE).run()
    assert not at.exception
    markdown = [str(e.value) for e in [*at.markdown, *at.title, *at.caption]]
    # escaped, and the URL broken by an invisible space so no autolinker links it
    assert at.title[0].value == "\\!\\[x\\]\\(http\\:\u200b\\/\\/evil\\.example\\/p\\.png\\)"
    for text in markdown:
        # every link or image from the data is escaped: no "](" and no "![" survive
        assert "](http://evil" not in text.replace("\\", "") or "\\]\\(" in text, text
        assert "![" not in text and "[t](" not in text, text
    plain = [str(e.value) for e in at.get("text")]
    assert any("[click](http://evil.example)" in t for t in plain)  # notes: shown as typed
    labels = [e.label for e in at.expander]
    assert all("\\[" in label for label in labels if "evil" in label)


def test_a_link_to_the_pool_in_demo_mode_switches_to_a_role_that_may_see_it(
    pool_db, ws, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    at = app(
        pool_db, ws, monkeypatch, role="hr", query={"pool_max_pay": "90000", "pool_text": "SQL"}
    )
    at.switch_page(POOL).run()
    assert not at.exception
    assert at.sidebar.selectbox(key="demo_role").value == "recruiter"
    notice = at.info[0].value
    assert "Demo mode" in notice and "Talent pool" in notice and "Recruiter" in notice
    # the link's filters: SQL and at most 90k USD: Ana (85k) and Ivan (INR 2.23M, ~26k);
    # Ben asked EUR 90k (~97k USD), Gia 150k
    assert at.text_input(key="pf_text").value == "SQL"
    assert at.number_input(key="pf_max_pay").value == 90_000
    assert headline(at).startswith("**2** candidates match")
    assert sorted(at.dataframe[0].value["Name"]) == ["Ana Schmidt", "Ivan Rao"]
    assert at.query_params["pool_max_pay"] in ("90000", ["90000"])


def test_signed_in_without_the_role_a_link_says_so(pool_db, ws, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INSIGHTS_DB", str(pool_db))
    monkeypatch.setenv("INSIGHTS_WORKSPACE", str(ws))
    state = open_state(pool_db)
    accounts.add(state.store, state.secret, "hanna", "hr", "a long enough password")
    at = app(pool_db, ws, monkeypatch)
    at.text_input[0].input("hanna")
    at.text_input[1].input("a long enough password")
    at.button[0].click().run()
    at.switch_page(POOL).run()
    assert not at.exception
    assert "Talent pool is for Recruiter" in at.warning[0].value
    assert "HR" in at.warning[0].value
    assert not at.dataframe


@pytest.mark.parametrize("page", [POOL, PROFILE])
def test_pages_render_on_an_empty_warehouse(empty_db, ws, monkeypatch, page) -> None:  # type: ignore[no-untyped-def]
    at = app(empty_db, ws, monkeypatch)
    at.switch_page(page).run()
    assert not at.exception


def test_the_pages_refuse_other_roles_themselves(pool_db, ws, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INSIGHTS_DB", str(pool_db))
    for page in (POOL, PROFILE):
        direct = AppTest.from_file(str(Path(DASHBOARD).parent / page), default_timeout=60)
        direct.session_state["insights_role"] = "viewer"
        direct.query_params["candidate"] = "c_4012cda242a89e0d"
        direct.run()
        assert not direct.exception
        assert not direct.dataframe
        assert "recruiters only" in direct.info[0].value


class _Busy:
    """A state store that another server or command keeps busy past the timeout."""

    kind = "duckdb"
    location = "busy"

    def transaction(self):  # type: ignore[no-untyped-def]
        raise StateBusy()


def test_a_busy_workspace_shows_one_line_never_a_traceback(pool_db, ws, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Wherever the pages call the workspace (a page's reads, a button's callback), a busy
    state store shows "busy, try again" as one line; the next run after it frees works."""
    con = duckdb.connect(str(pool_db), read_only=True)
    (ana,) = ids_of(con, "ana@example.com")
    con.close()
    at = app(pool_db, ws, monkeypatch)
    at.switch_page(POOL).run()
    assert not at.exception and at.dataframe
    select(at, [0])
    at.run()

    def busy() -> None:
        monkeypatch.setattr(workspace, "open_store", lambda *a, **k: _Busy())
        monkeypatch.setattr(workspace, "open_state", lambda *a, **k: State(_Busy(), b"k" * 32))  # type: ignore[arg-type]

    def free() -> None:
        monkeypatch.setattr(workspace, "open_store", open_store)
        monkeypatch.setattr(workspace, "open_state", open_state)

    open_store = workspace.open_store
    busy_line = str(StateBusy())

    def shows_busy(at: AppTest) -> bool:
        shown = [str(e.value).replace("\\", "") for e in at.error]
        return bool(shown) and all(line == busy_line for line in shown)

    at.selectbox(key="pool_new_status").set_value("nurture").run()
    busy()
    at.button(key="pool_apply_status").click().run()  # a callback, then the page's reads
    assert not at.exception and shows_busy(at)
    free()
    at.run()
    assert not at.exception and not at.error
    assert workspace.status_history(ws, ana) == []  # nothing was saved
    # the shortlists view: creating a list while busy
    at.segmented_control(key="pool_view").set_value("shortlists").run()
    at.text_input(key="pool_create_name").set_value("Q3").run()
    busy()
    at.button(key="pool_create").click().run()
    assert not at.exception and shows_busy(at)
    free()
    at.run()
    assert not at.exception and workspace.list_shortlists(ws) == []
    # the profile: its reads, and saving a status
    at.query_params["candidate"] = ana
    at.switch_page(PROFILE).run()
    assert not at.exception and at.title[0].value == "Ana Schmidt"
    at.selectbox(key="profile_status").set_value("nurture").run()
    busy()
    at.button(key="profile_save_status").click().run()
    assert not at.exception and shows_busy(at)
    free()
    at.run()  # the callback's message, left for this run
    assert not at.exception and at.title[0].value == "Ana Schmidt" and shows_busy(at)
    assert workspace.status_history(ws, ana) == []


def test_an_empty_pool_says_why_rather_than_blaming_the_filters(
    tmp_path: Path, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from insights.access import SYSTEM
    from insights.loads import load_files
    from tests.etl.helpers import write_csv

    db = tmp_path / "no-consent.duckdb"
    monkeypatch.setenv("INSIGHTS_SECRET", "z" * 40)
    rows = [
        {"Date of interview": f"2024-05-{d:02d}", "Role": "Data Analyst", "Country": "DE",
         "Name": f"P {d}", "E-mail": f"p{d}@example.com"}
        for d in range(1, 8)
    ]  # fmt: skip
    load_files(SYSTEM, [write_csv(tmp_path / "no-consent.csv", rows)], db=db)
    at = app(db, ws, monkeypatch)
    at.switch_page(POOL).run()
    assert not at.exception
    shown = texts(at)
    assert "The pool is empty" in shown and "Nobody matches these filters" not in shown
