"""The hostile inputs an ETL must survive: junk pay, bad dates, e-mails, ratings and phones,
unknown currencies, country names, noisy enum values; then duplicates and edited re-exports."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from etl.generate.answers import DIMENSIONS
from etl.generate.arrays import _choice, _group, _s, _zfill
from etl.generate.duplicates import repeat_rows
from etl.generate.places import _CC, COUNTRIES
from etl.generate.schema import DEFAULT_END

MESSY_KINDS = {  # kind: share among corrupted rows
    "comp_junk": 0.15,
    "comp_separators": 0.12,
    "bad_email": 0.08,
    "bad_date": 0.06,
    "alt_date_format": 0.07,
    "missing_date": 0.05,
    "missing_role": 0.05,
    "bad_rating": 0.08,
    "unknown_currency": 0.06,
    "future_date": 0.04,
    "value_noise": 0.12,
    "country_name": 0.08,
    "bad_phone": 0.04,
}
COMP_JUNK = [
    "ask me",
    "???",
    "competitive",
    "TBD",
    "n/a",
    "-",
    "depends",
    "120k+",
    "up to 95k",
    "100-120",
    "market rate",
    "0",
]
BAD_EMAILS = [
    "john at gmail.com",
    "n/a",
    "test@",
    "@@example",
    "none",
    "anna.schmidt@",
    "me@localhost",
    "x@y",
]
BAD_DATES = ["31/02/2024", "2024-13-45", "yesterday", "00/00/0000", "2025-02-30", "TBD"]
BAD_RATINGS = ["7 of 5", "11", "high", "0", "-2", "10/10"]
BAD_PHONES = ["call me", "12", "n/a", "+00 000", "see email"]
COUNTRY_NAMES = {
    "US": ["United States", "USA", "u.s.", "United States of America", " US "],
    "DE": ["Germany", "Deutschland", "germany "],
    "GB": ["United Kingdom", "UK", "England", "Scotland", "Great Britain"],
    "NL": ["Netherlands", "The Netherlands", "Holland"],
    "CA": ["Canada", "canada"],
    "FR": ["France"],
    "IN": ["India"],
    "ES": ["Spain", "España"],
    "AU": ["Australia"],
}
MONTHS = np.array(
    ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    dtype=object,
)
_NOISY_ENUMS = (
    "format",
    "work_arrangement",
    "seniority",
    "source",
    "consent_to_contact",
    "relocation",
    "career_stage",
)


def make_messy(
    df: pd.DataFrame, rng: np.random.Generator, rate: float, n_dup: int, n_edit: int
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Corrupt about `rate` of the rows, then add n_dup duplicates and n_edit edited rows."""
    cols, kind, counts = _corrupt(df, rng, rate)
    out = repeat_rows(cols, kind, rng, n_dup, n_edit)
    counts["duplicates"] = n_dup
    counts["edited"] = n_edit
    return out, counts


def _corrupt(
    df: pd.DataFrame, rng: np.random.Generator, rate: float
) -> tuple[dict[str, np.ndarray], np.ndarray, dict[str, int]]:
    """Columns with one hostile kind applied per corrupted row; kind -1 = left clean."""
    n = len(df)
    cols = {c: df[c].to_numpy(dtype=object).copy() for c in df.columns}
    corrupt = rng.random(n) < rate
    names = list(MESSY_KINDS)
    kind = np.full(n, -1)
    kind[corrupt] = _choice(rng, int(corrupt.sum()), list(MESSY_KINDS.values()))
    counts = {k: int((kind == i).sum()) for i, k in enumerate(names)}

    def rows_of(name: str) -> np.ndarray:
        return np.flatnonzero(kind == names.index(name))

    def pick(values, m: int) -> np.ndarray:
        return np.array(values, dtype=object)[rng.integers(0, len(values), m)]

    r = rows_of("comp_junk")
    cols["comp"][r] = pick(COMP_JUNK, len(r))
    r = rows_of("comp_separators")
    v = (np.round(df["_annual"].to_numpy()[r] / 1000) * 1000).astype(np.int64)
    cur = cols["comp_currency"][r]
    cur = np.where(
        cur == "",
        np.array([COUNTRIES[c][1] for c in _CC], dtype=object)[
            [_CC.index(c) for c in cols["country"][r]]
        ],
        cur,
    )
    style = rng.integers(0, 5, len(r))
    lakh = _s(v // 100_000) + "," + _zfill(v // 1000 % 100, 2) + "," + _zfill(v % 1000, 3)
    cols["comp"][r] = np.select(
        [style == 0, style == 1, style == 2, style == 3],
        [
            _group(v, ".") + ",00 " + cur,
            _group(v, ",") + ".00 " + cur,
            _group(v, " ") + " " + cur,
            cur + " " + _group(v, ".") + ",-",
        ],
        np.where(cur == "INR", "INR " + lakh, _group(v, ",") + " " + cur + " gross"),
    )
    cols["comp_period"][r] = "Year"  # these are yearly figures
    r = rows_of("bad_email")
    cols["email"][r] = pick(BAD_EMAILS, len(r))
    r = rows_of("bad_date")
    cols["interview_date"][r] = pick(BAD_DATES, len(r))
    r = rows_of("alt_date_format")
    d = cols["interview_date"][r].astype(str)
    y, m, dd = (
        pd.Series(d).str.slice(a, b).to_numpy(dtype=object) for a, b in ((0, 4), (5, 7), (8, 10))
    )
    mon = MONTHS[pd.to_numeric(pd.Series(m)).to_numpy(dtype=np.int64)] if len(r) else m
    style = rng.integers(0, 4, len(r))
    cols["interview_date"][r] = np.select(
        [style == 0, style == 1, style == 2],
        [y + "/" + m + "/" + dd, dd + " " + mon + " " + y, y + "-" + m + "-" + dd + "T10:30:00"],
        mon + " " + dd + ", " + y,
    )
    cols["interview_date"][rows_of("missing_date")] = ""
    cols["role_title"][rows_of("missing_role")] = ""
    r = rows_of("bad_rating")
    rating_cols = ["fit_score", "interest_level", *(f"culture_{x}" for x in DIMENSIONS)]
    which = rng.integers(0, len(rating_cols), len(r))
    for i, c in enumerate(rating_cols):
        rr = r[which == i]
        cols[c][rr] = pick(BAD_RATINGS, len(rr))
    r = rows_of("unknown_currency")
    cols["comp_currency"][r] = "XYZ"
    r = rows_of("future_date")
    future = np.datetime64(max(DEFAULT_END, date.today()).isoformat(), "D") + rng.integers(
        30, 400, len(r)
    )
    cols["interview_date"][r] = np.datetime_as_string(future, unit="D").astype(object)
    r = rows_of("value_noise")
    which = rng.integers(0, len(_NOISY_ENUMS), len(r))
    for i, c in enumerate(_NOISY_ENUMS):
        rr = r[which == i]
        val = pd.Series(cols[c][rr], dtype=object).astype(str)
        style = rng.integers(0, 3, len(rr))
        cols[c][rr] = np.select(
            [style == 0, style == 1],
            [
                val.str.upper().to_numpy(dtype=object),
                "  " + val.str.lower().to_numpy(dtype=object) + " ",
            ],
            val.to_numpy(dtype=object) + "   ",
        )
    r = rows_of("country_name")
    for code, variants in COUNTRY_NAMES.items():
        rr = r[cols["country"][r] == code]
        cols["country"][rr] = pick(variants, len(rr))
    r = rows_of("bad_phone")
    cols["phone"][r] = pick(BAD_PHONES, len(r))
    return cols, kind, counts
