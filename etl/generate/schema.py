"""What an export holds: canonical columns under their first header spellings, which of them
are numbers, the period the interviews cover, and the header spellings of one file."""

from __future__ import annotations

from datetime import date

import numpy as np

from etl import canonical

DEFAULT_END = date(2026, 11, 20)  # fixed so output never depends on the day it runs
SPAN_DAYS = 900  # ~2.5 years of interviews
EXTRA_COLUMNS = ("Form version", "Internal ref")  # not canonical: the ETL keeps them in `extra`
_SKIPPED = ("comp_min", "comp_max")  # pay is written as free text plus currency and period

HEADERS: dict[str, str] = {
    **{f.name: f.synonyms[0] for f in canonical.FIELDS if f.name not in _SKIPPED},
    **{f.name: f.synonyms[0] for f in canonical.culture_fields()},
}
NUMERIC_FIELDS = (
    "duration_min",
    "office_days",
    "expected_years_to_promotion",
    "years_experience",
    "fit_score",
    "interest_level",
    *(f.name for f in canonical.culture_fields()),
)


def header_variants(rng: np.random.Generator, rate: float) -> dict[str, str]:
    """canonical name -> header for one file: another synonym and/or case and spacing changes."""
    fields = canonical.all_fields()
    out: dict[str, str] = {}
    for name, header in HEADERS.items():
        text = header
        if rate and rng.random() < rate:
            text = fields[name].synonyms[int(rng.integers(0, len(fields[name].synonyms)))]
        if rate and rng.random() < rate:
            text = [text.upper(), text.lower(), f" {text} ", f"{text}  ", text.title()][
                int(rng.integers(0, 5))
            ]
        out[name] = text
    seen = {h.strip().casefold() for h in out.values()}
    if len(seen) != len(out):  # never two columns with the same header
        out = dict(HEADERS)
    return out
