"""etl.generate: seeded, valid, realistic synthetic exports, and the reference CSVs."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import phonenumbers
import pytest

from etl import canonical, settings
from etl.generate import (
    EXTRA_COLUMNS,
    FAMILIES,
    HEADERS,
    generate,
    generate_frames,
    header_variants,
    write_fixture,
)

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "fixture"
H = HEADERS  # canonical name -> header


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.casefold())


SYNONYMS = {_key(s): f.name for f in canonical.all_fields().values() for s in (f.name, *f.synonyms)}


def _reference(name: str) -> list[dict[str, str]]:
    lines = [
        ln
        for ln in (settings.REFERENCE_DIR / name).read_text(encoding="utf-8").splitlines()
        if not ln.startswith("#")
    ]
    return list(csv.DictReader(lines))


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return generate_frames(5000, seed=11, messy=0.0)


def test_seeded_and_deterministic() -> None:
    a = generate_frames(300, seed=3)
    pd.testing.assert_frame_equal(a, generate_frames(300, seed=3))
    assert not a.equals(generate_frames(300, seed=4))


@pytest.mark.parametrize("rows,messy", [(1, 0.0), (37, 0.0), (1000, 0.0), (1000, 0.2)])
def test_row_count(rows: int, messy: float) -> None:
    assert len(generate_frames(rows, seed=1, messy=messy)) == rows


def test_headers_are_canonical_spellings(frame: pd.DataFrame) -> None:
    for header in frame.columns:
        if header in EXTRA_COLUMNS:
            assert _key(header) not in SYNONYMS
        else:
            assert _key(header) in SYNONYMS, header
    mapped = {SYNONYMS[_key(h)] for h in frame.columns if h not in EXTRA_COLUMNS}
    expected = set(canonical.all_fields()) - {"comp_min", "comp_max"}
    assert mapped == expected


def test_messy_header_variants_still_recognised() -> None:
    variants = header_variants(np.random.default_rng(5), 0.9)
    assert variants != HEADERS
    assert {SYNONYMS[_key(h)] for h in variants.values()} == set(HEADERS)


def test_clean_rows_are_valid(frame: pd.DataFrame) -> None:
    dates = pd.to_datetime(frame[H["interview_date"]], format="%Y-%m-%d")
    assert dates.notna().all()
    assert dates.max().date() < date.today()
    assert (dates.max() - dates.min()).days > 730
    assert (dates.dt.day_of_week < 5).all()
    assert (frame[H["role_title"]].str.len() > 0).all()
    for f in canonical.culture_fields():
        vals = pd.to_numeric(frame[H[f.name]].replace("", np.nan))
        assert vals.dropna().between(1, 5).all()
    for name in ("fit_score", "interest_level"):
        assert pd.to_numeric(frame[H[name]].replace("", np.nan)).dropna().between(1, 5).all()
    known = {r["currency"] for r in _reference("fx_rates.csv")}
    assert set(frame[H["comp_currency"]]) - {""} <= known
    emails = frame[H["email"]][frame[H["email"]] != ""]
    assert emails.str.fullmatch(r"[A-Za-z0-9._]+@[a-z0-9.-]+\.[a-z]+").all()
    for name, values in canonical.ENUMS.items():
        if name in H:
            got = set(frame[H[name]]) - {""}
            assert {re.sub(r"[^0-9a-z]+", "_", v.lower()) for v in got} <= set(values), name


def test_shares_tell_the_story(frame: pd.DataFrame) -> None:
    consent = frame[H["consent_to_contact"]]
    given = consent[consent != ""]
    assert 0.65 < (given == "Yes").mean() < 0.75
    anonymous = (
        (frame[H["email"]] == "") & (frame[H["phone"]] == "") & (frame[H["linkedin_url"]] == "")
    )
    assert 0.06 < anonymous.mean() < 0.14
    per_candidate = frame[H["email"]][~anonymous].value_counts()
    assert 0.08 < (per_candidate > 1).mean() < 0.25
    assert per_candidate.max() <= 3
    # remote preference falls, hybrid rises
    dates = frame[H["interview_date"]]
    ordered = dates.sort_values()
    early, late = frame[dates < ordered.iloc[1500]], frame[dates > ordered.iloc[3500]]
    share = lambda df, v: (df[H["work_arrangement"]] == v).mean()  # noqa: E731
    assert share(late, "Remote") < share(early, "Remote") - 0.05
    assert share(late, "Hybrid") > share(early, "Hybrid") + 0.05
    # career changers rate growth above seniors; seniors rate autonomy higher
    stage = frame[H["career_stage"]]
    growth = pd.to_numeric(frame[H["culture_growth"]].replace("", np.nan))
    autonomy = pd.to_numeric(frame[H["culture_autonomy"]].replace("", np.nan))
    assert growth[stage == "Career changer"].mean() > growth[stage == "Senior"].mean() + 0.8
    assert autonomy[stage == "Senior"].mean() > autonomy[stage == "Student"].mean() + 0.8
    referred = frame[H["referred_by"]]
    assert referred.str.contains("@").sum() > 0
    assert set(referred[referred.str.contains("@")]) <= set(frame[H["email"]])


def test_titles_map_to_their_family(frame: pd.DataFrame) -> None:
    keywords = {r["keyword"]: r["role_family"] for r in _reference("role_families.csv")}
    pattern = {k: re.compile(rf"(?<![a-z0-9]){re.escape(k)}(?![a-z0-9])") for k in keywords}

    def family(title: str) -> str | None:
        hits = [k for k, p in pattern.items() if p.search(title.lower())]
        return keywords[max(hits, key=len)] if hits else None

    for fam, (_, _, _, bases, manager, director, executive, _) in FAMILIES.items():
        titles = [manager, director, executive]
        titles += [
            t.format(b)
            for b in bases
            for t in ("{} Intern", "Junior {}", "{}", "Senior {}", "Lead {}")
        ]
        for title in titles:
            assert family(title) == fam, title
    assert all(family(t) in FAMILIES for t in frame[H["role_title"]].unique())


def test_phones_are_plausible(frame: pd.DataFrame) -> None:
    sample = frame[frame[H["phone"]] != ""].head(400)
    ok = [
        phonenumbers.is_valid_number(phonenumbers.parse(p, c))
        for p, c in zip(sample[H["phone"]], sample[H["country"]], strict=True)
    ]
    assert np.mean(ok) > 0.95


def test_messy_rows_are_hostile() -> None:
    df = generate_frames(4000, seed=2, messy=0.1)
    counts = df.attrs["messy_counts"]
    assert counts["duplicates"] > 0 and counts["edited"] > 0
    assert df.duplicated().sum() >= counts["duplicates"] * 0.9
    dates = pd.to_datetime(df[H["interview_date"]], format="%Y-%m-%d", errors="coerce")
    assert dates.isna().sum() >= counts["missing_date"] + counts["bad_date"]
    assert (df[H["role_title"]] == "").sum() == counts["missing_role"]
    assert (df[H["comp_currency"]] == "XYZ").sum() == counts["unknown_currency"]
    key = [H["email"], H["interview_date"], H["interviewer"], H["role_title"]]
    identified = df[df[H["email"]].str.contains("@", regex=False)]
    assert identified.drop_duplicates().duplicated(key).sum() > 0  # edited re-exports


def test_files_and_formats_round_trip(tmp_path: Path) -> None:
    rows = 120
    frame = generate_frames(rows, seed=9)
    csv_paths = generate(tmp_path / "csv", rows=rows, seed=9, files=3)
    assert [p.name for p in csv_paths] == [f"interviews-9-{i}.csv" for i in (1, 2, 3)]
    back = pd.concat(
        [pd.read_csv(p, dtype=str, keep_default_na=False) for p in csv_paths], ignore_index=True
    )
    pd.testing.assert_frame_equal(back, frame.astype(str), check_dtype=False)
    xlsx = generate(tmp_path / "xlsx", rows=rows, seed=9, fmt="xlsx")[0]
    sheet = pd.read_excel(xlsx, engine="calamine", dtype=str).fillna("")
    assert list(sheet.columns) == list(frame.columns) and len(sheet) == rows
    assert (sheet[H["email"]] == frame[H["email"]]).all()
    records = json.loads(
        generate(tmp_path / "json", rows=rows, seed=9, fmt="json")[0].read_text(encoding="utf-8")
    )
    assert len(records) == rows and list(records[0]) == list(frame.columns)
    assert [r[H["role_title"]] for r in records] == frame[H["role_title"]].tolist()
    assert isinstance(records[0][H["duration_min"]], int)


def test_fixture_is_current(tmp_path: Path) -> None:
    paths = write_fixture(tmp_path)
    for path in paths:
        if path.suffix != ".xlsx":  # xlsx embeds a timestamp
            assert path.read_bytes() == (FIXTURE / path.name).read_bytes(), path.name
    df = pd.read_csv(FIXTURE / "interviews.csv", dtype=str, keep_default_na=False)
    cities = df[H["city"]].value_counts()
    assert (cities >= 5).any() and (cities < 5).any()


def test_reference_tables() -> None:
    fx = _reference("fx_rates.csv")
    years = {int(r["year"]) for r in fx}
    assert set(range(2019, 2027)) <= years
    by_cur: dict[str, set[int]] = {}
    for r in fx:
        by_cur.setdefault(r["currency"], set()).add(int(r["year"]))
        assert float(r["units_per_usd"]) > 0
    assert all(ys >= set(range(2019, 2027)) for ys in by_cur.values())
    assert {float(r["units_per_usd"]) for r in fx if r["currency"] == "USD"} == {1.0}
    cc = _reference("country_currency.csv")
    assert len(cc) >= 150 and len({r["country"] for r in cc}) == len(cc)
    assert {r["country"]: r["currency"] for r in cc}["DE"] == "EUR"
    bands = _reference("salary_bands.csv")
    assert len({b["band_id"] for b in bands}) == len(bands)
    for b in bands:
        assert float(b["band_min"]) < float(b["band_mid"]) < float(b["band_max"])
        assert b["role_family"] in FAMILIES and b["seniority"] in canonical.SENIORITY
    families = {r["role_family"] for r in _reference("role_families.csv")}
    assert set(FAMILIES) <= families
