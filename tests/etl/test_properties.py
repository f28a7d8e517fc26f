"""Property: whatever garbage a form tool exports, every row read is accounted for."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.load import run_load
from tests.etl.helpers import balanced, query, write_csv

HEADERS = [
    "Date of interview",
    "Role",
    "Expected salary",
    "Currency",
    "Country",
    "E-mail",
    "Phone",
    "Fit score",
    "Skills",
    "Work arrangement",
    "Something else",
]

cell = st.one_of(
    st.none(),
    st.text(max_size=25),
    st.sampled_from(
        [
            "2024-02-30",
            "13/13/2024",
            "45292",
            "2024-05-06",
            "$120k-140k",
            "AUD/NZD",
            "€",
            "7 of 5",
            "=SUM(A1)",
            "USA",
            "u.s.",
            "x@y",
            "+49 151",
            "WFH",
            "0",
            "-1",
            "1e309",
            "NaN",
            "\u0000",
        ]
    ),
)
row = st.fixed_dictionaries({h: cell for h in HEADERS})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(row, min_size=1, max_size=25))
def test_books_balance_on_arbitrary_rows(rows: list[dict]) -> None:
    rows = [
        {k: (v.replace("\x00", "") if isinstance(v, str) else v) for k, v in r.items()}
        for r in rows
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(Path(tmp) / "garbage.csv", rows)
        db = Path(tmp) / "w.duckdb"
        first = run_load([path], db=db)
        assert balanced(first)
        stored = query(db, "SELECT count(*) AS n FROM interviews")[0]["n"]
        rejected = query(db, "SELECT count(*) AS n FROM rejected_rows")[0]["n"]
        assert stored == first.inserted
        # identical rejected records are kept once (copies of personal data never multiply)
        distinct = {json.dumps(r, sort_keys=True, default=str) for r in rows}
        assert (rejected > 0) is (first.rejected > 0)
        assert rejected <= min(first.rejected, len(distinct))
        again = run_load([path], db=db)
        assert balanced(again)
        assert (again.inserted, again.updated) == (0, 0)
        assert again.duplicates == first.inserted + first.updated + first.duplicates
        assert query(db, "SELECT count(*) AS n FROM rejected_rows")[0]["n"] == rejected
