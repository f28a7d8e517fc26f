"""An erasure keeps every aggregate: every catalog page's answers are the same before and
after, except the counts of people, which change honestly (an erased candidate is no
longer a distinct candidate; their interviews count as separate anonymous respondents)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pandas.testing as pdt

from insights import catalog, erasure
from insights.access import SYSTEM
from insights.filters import Filters
from insights.reader import open_reader

# answer key -> (the row label column, rows allowed to differ) or the columns allowed to
# differ: person-level counts only.
PERSON_ROWS = {"headlines": ("metric", {"candidates", "prescreened"})}
PERSON_COLUMNS = {"phrases": {"n", "responses", "share"}}


def _answers(db: Path) -> dict[tuple[str, str, str], catalog.Answer]:
    with open_reader(db) as reader:
        return {
            (page.title, a.key, a.question): a
            for page in catalog.PAGES
            for a in catalog.evaluate(reader, page.insights(), Filters())
        }


def _differs(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    try:
        pdt.assert_frame_equal(a, b, check_exact=False, rtol=1e-9)
    except AssertionError:
        return True
    return False


def test_every_answer_survives_an_erasure_but_the_counts_of_people(
    fixture_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "warehouse.duckdb"
    shutil.copyfile(fixture_db, db)
    con = duckdb.connect(str(db), read_only=True)
    email, interviews = con.execute(
        """SELECT email, interview_count FROM candidates WHERE email IS NOT NULL
           ORDER BY interview_count DESC, email LIMIT 1"""
    ).fetchone()  # type: ignore[misc]
    con.close()
    assert interviews >= 2  # someone whose interviews become several anonymous responses
    before = _answers(db)
    summary = erasure.erase(SYSTEM, "email", email, db=db)
    assert summary.interviews == interviews
    after = _answers(db)
    assert before.keys() == after.keys()
    changed = []
    for key, old in before.items():
        new = after[key]
        if not _differs(old.data, new.data) and str(old.n) == str(new.n):
            continue
        changed.append(key[1])
        if key[1] in PERSON_ROWS:
            label, allowed = PERSON_ROWS[key[1]]
            rows = old.data[label] != new.data[label]
            assert not rows.any(), key
            for i in range(len(old.data)):
                if old.data[label].iloc[i] not in allowed:
                    assert not _differs(old.data.iloc[[i]], new.data.iloc[[i]]), (key, i)
            people = old.data[label] == "candidates"
            assert new.data[people]["value"].iloc[0] == old.data[people]["value"].iloc[0] - 1
        elif key[1] in PERSON_COLUMNS:
            keep = [c for c in old.data.columns if c not in PERSON_COLUMNS[key[1]]]
            assert not _differs(old.data[keep], new.data[keep]), key
            assert (new.data["responses"] >= old.data["responses"]).all()
        else:
            raise AssertionError(f"{key} changed with an erasure")
    assert "headlines" in changed  # the erased person is no longer a distinct candidate
