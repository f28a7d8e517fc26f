"""Cities: aliases, folding, "City, State" forms and non-places, parsed once per distinct
value (etl.cities); the text as written stays in city_raw and in the content hash."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl import cities, lookups
from etl.load import run_load
from tests.etl.helpers import load_rows, query


def _canonical(values: list[str], known: list[str] | None = None) -> dict[str, str | None]:
    con = duckdb.connect()
    try:
        lookups.install_macros(con)
        cities.install(con)
        con.execute("CREATE TABLE v AS SELECT unnest(?::VARCHAR[]) AS raw", [values])
        known_sql = None
        if known:
            con.execute("CREATE TABLE stored AS SELECT unnest(?::VARCHAR[]) AS city", [known])
            known_sql = "SELECT city FROM stored"
        cities.build(con, "d", "SELECT DISTINCT raw FROM v", known=known_sql)
        return dict(con.execute("SELECT raw, value FROM d").fetchall())
    finally:
        con.close()


@pytest.mark.parametrize(
    ("written", "city"),
    [
        ("NYC", "New York"),
        ("nyc", "New York"),
        ("Nyc ", "New York"),
        ("N.Y.C.", "New York"),
        ("New York City", "New York"),
        ("new york", "New York"),
        ("New York, NY", "New York"),
        ("New York City (Manhattan)", "New York"),
        ("Brooklyn, NY", "New York"),
        ("SF", "San Francisco"),
        ("LA", "Los Angeles"),
        ("DC", "Washington, D.C."),
        ("Washington DC", "Washington, D.C."),
        ("Washington, D.C.", "Washington, D.C."),
        ("St. Louis", "St. Louis"),
        ("Saint Louis", "St. Louis"),
        ("st louis", "St. Louis"),
        ("Bay Area", "San Francisco Bay Area"),
        ("Boston, MA", "Boston"),
        ("Boston MA", "Boston"),
        ("Greater Boston area", "Boston"),
        ("Berlin, Germany", "Berlin"),
        ("Köln", "Cologne"),
        ("MÜNCHEN", "Munich"),
        ("Montreal", "Montréal"),
        ("Toronto, Ontario, Canada", "Toronto"),
        ("ridgecrest", "Ridgecrest"),
        ("RIDGECREST", "Ridgecrest"),
        ("Ann Arbor", "Ann Arbor"),
    ],
)
def test_a_city_as_written_becomes_its_canonical_name(written: str, city: str) -> None:
    assert _canonical([written])[written] == city


@pytest.mark.parametrize(
    "written",
    ["Remote", "remote ", "Prefer not to say", "N/A", "n/a", "none", "Various", "-", "?", "12345"],
)
def test_a_non_place_is_no_city(written: str) -> None:
    assert _canonical([written])[written] is None


def test_spellings_of_one_city_meet_and_the_warehouses_spelling_wins() -> None:
    found = _canonical(["Fort Wayne", "fort wayne", "FORT WAYNE", "Fort wayne"])
    assert set(found.values()) == {"Fort Wayne"}
    found = _canonical(["mcLean", "MCLEAN"], known=["McLean"])
    assert set(found.values()) == {"McLean"}


def test_loads_store_the_canonical_city_and_the_text_as_written(tmp_path: Path) -> None:
    rows = [
        {"Date of interview": f"2024-01-{i + 1:02d}", "Role": "Analyst", "City": city}
        for i, city in enumerate(["NYC", "Nyc ", "New York City", "Remote", "Prefer not to say"])
    ]
    summary, db = load_rows(tmp_path, rows)
    assert (summary.inserted, summary.warnings) == (5, 0)
    stored = query(db, "SELECT city, city_raw FROM interviews ORDER BY interview_date")
    assert [r["city"] for r in stored] == ["New York"] * 3 + [None, None]
    assert [r["city_raw"] for r in stored] == [
        "NYC",
        "Nyc",
        "New York City",
        "Remote",
        "Prefer not to say",
    ]


def test_a_new_alias_list_re_derives_stored_cities_without_moving_identities(
    tmp_path: Path,
) -> None:
    rows = [{"Date of interview": "2024-01-02", "Role": "Analyst", "City": "Big Apple"}]
    _, db = load_rows(tmp_path, rows)
    before = query(db, "SELECT interview_id, content_hash, city FROM interviews")
    assert before[0]["city"] == "Big Apple"
    con = duckdb.connect(str(db))  # as if an older list (or recipe) had written it
    con.execute("UPDATE warehouse_info SET value = 'old' WHERE key = 'city_aliases'")
    con.execute("UPDATE interviews SET city = 'stale'")
    con.close()
    again = run_load([tmp_path / "export.csv"], db=db)
    assert again.duplicates == 1
    after = query(db, "SELECT interview_id, content_hash, city FROM interviews")
    assert after[0]["city"] == "Big Apple"
    assert (after[0]["interview_id"], after[0]["content_hash"]) == (
        before[0]["interview_id"],
        before[0]["content_hash"],
    )


def test_the_real_export_has_one_new_york_and_no_remote_city(
    realdata: Path, tmp_path: Path
) -> None:
    db = tmp_path / "real.duckdb"
    run_load([realdata], profile="ask-a-manager-2023", db=db)
    cities_found = {r["city"] for r in query(db, "SELECT DISTINCT city FROM interviews")}
    assert "New York" in cities_found and "Washington, D.C." in cities_found
    assert not cities_found & {"NYC", "Nyc", "New York City", "Remote", "N/A", "DC"}
    counts = query(
        db,
        """SELECT count(DISTINCT city) AS canonical, count(DISTINCT city_raw) AS written
           FROM interviews""",
    )[0]
    assert counts["canonical"] < 0.8 * counts["written"]
