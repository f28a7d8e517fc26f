"""Realistic, seeded synthetic exports of an exploratory-interview feedback form.

`generate_frames(rows, seed, messy)` builds the rows (one DataFrame of text cells, headed by
the first header spelling of each canonical field); `generate(out_dir, ...)` writes them as
CSV, XLSX or JSON files named `interviews-<seed>-<i>.<ext>`. Everything is vectorised with
numpy so a million rows take seconds. The rows tell a story on purpose: pay rises ~3.5 % a
year, remote preference falls while hybrid rises, culture priorities and questions differ by
career stage, skills follow the role family, ~15 % of candidates come back with higher
expectations. `messy` (0-1) adds the hostile inputs an ETL must survive: header variants,
junk pay text, bad dates and ratings, unknown currencies, garbage e-mails, exact duplicates
and re-exported edited rows. messy=0 yields only valid rows.

Example: `generate(Path("/tmp/x"), rows=100_000, seed=1, fmt="csv", messy=0.05, files=4)`.

Modules, one idea each: `schema` (columns, header spellings, period), the vocabulary
(`places`, `roles`, `names`, `careers`, `labels`), `arrays` (vectorised helpers), the clean
rows (`people`, `contact`, `pay`, `answers`, `rows`), the hostile inputs (`messy`,
`duplicates`), `frames` (generate_frames) and `writers` (generate, write_fixture).
"""

from etl.generate.frames import generate_frames
from etl.generate.messy import MESSY_KINDS
from etl.generate.places import COUNTRIES
from etl.generate.roles import FAMILIES, INTERVIEWERS
from etl.generate.schema import (
    DEFAULT_END,
    EXTRA_COLUMNS,
    HEADERS,
    NUMERIC_FIELDS,
    SPAN_DAYS,
    header_variants,
)
from etl.generate.writers import FIXTURE_ROWS, FIXTURE_SEED, generate, write_fixture

__all__ = [
    "COUNTRIES",
    "DEFAULT_END",
    "EXTRA_COLUMNS",
    "FAMILIES",
    "FIXTURE_ROWS",
    "FIXTURE_SEED",
    "HEADERS",
    "INTERVIEWERS",
    "MESSY_KINDS",
    "NUMERIC_FIELDS",
    "SPAN_DAYS",
    "generate",
    "generate_frames",
    "header_variants",
    "write_fixture",
]
