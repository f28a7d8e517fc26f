"""Per-load lookup tables and SQL macros the normalisation joins against.

Everything here is small (vocabularies, distinct values); the per-row work stays in SQL.
Fuzzy matching (rapidfuzz) runs over distinct unmatched values only.
"""

from __future__ import annotations

import datetime as dt

import duckdb
from rapidfuzz import fuzz, process

from etl import vocabulary


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        r"""
        CREATE OR REPLACE TEMP MACRO norm_key(x) AS
            trim(regexp_replace(lower(trim(x)), '[^0-9a-z]+', '_', 'g'), '_');
        CREATE OR REPLACE TEMP MACRO clean_text(x) AS
            nullif(trim(regexp_replace(x, '\s+', ' ', 'g')), '');
        -- one number as written by people: 120000 / 120,000 / 120.000 / 1.234,56 / 45,5
        CREATE OR REPLACE TEMP MACRO parse_number_token(t) AS
            CASE
                WHEN t IS NULL OR t = '' THEN NULL
                WHEN contains(t, '.') AND contains(t, ',') THEN
                    CASE WHEN strpos(reverse(t), '.') < strpos(reverse(t), ',')
                         THEN try_cast(replace(t, ',', '') AS DOUBLE)
                         ELSE try_cast(replace(replace(t, '.', ''), ',', '.') AS DOUBLE) END
                WHEN contains(t, ',') THEN
                    CASE WHEN regexp_full_match(t, '\d{1,3}(,\d{3})+')
                         THEN try_cast(replace(t, ',', '') AS DOUBLE)
                         ELSE try_cast(replace(t, ',', '.') AS DOUBLE) END
                WHEN contains(t, '.') THEN
                    CASE WHEN regexp_full_match(t, '\d{1,3}(\.\d{3})+')
                         THEN try_cast(replace(t, '.', '') AS DOUBLE)
                         ELSE try_cast(t AS DOUBLE) END
                ELSE try_cast(t AS DOUBLE)
            END;
        CREATE OR REPLACE TEMP MACRO clean_number_token(t) AS
            rtrim(regexp_replace(t, '[\s''’]', '', 'g'), '.,');
        CREATE OR REPLACE TEMP MACRO multiplier(s) AS
            CASE trim(coalesce(s, ''))
                WHEN '' THEN 1.0
                WHEN 'k' THEN 1e3 WHEN 'kpa' THEN 1e3 WHEN 'kpy' THEN 1e3
                WHEN 'thousand' THEN 1e3 WHEN 'grand' THEN 1e3
                WHEN 'lakh' THEN 1e5 WHEN 'lakhs' THEN 1e5
                WHEN 'crore' THEN 1e7 WHEN 'crores' THEN 1e7
                WHEN 'm' THEN CASE WHEN s = trim(s) THEN 1e6 ELSE 1.0 END
                ELSE 1e6
            END;
        -- every number in a text (ranges like "11-20 years"): the midpoint of the first two when
        -- they form a range, else the first
        CREATE OR REPLACE TEMP MACRO first_numbers(x) AS
            list_transform(
                regexp_extract_all(lower(x), '(\d[\d.,]*)', 1),
                lambda t: parse_number_token(clean_number_token(t)));
        CREATE OR REPLACE TEMP MACRO has_range(x) AS
            regexp_matches(lower(x), '\d[\d.,]*\s*[a-z%]*\s*(-|–|—|~|\bto\b|\band\b)\s*[^\d\s]{0,4}\s*\d');
        CREATE OR REPLACE TEMP MACRO loose_number(x) AS
            CASE WHEN len(first_numbers(x)) >= 2 AND has_range(x)
                 THEN (first_numbers(x)[1] + first_numbers(x)[2]) / 2
                 ELSE first_numbers(x)[1] END;
        """
    )


def create_table(
    con: duckdb.DuckDBPyConnection,
    name: str,
    columns: dict[str, list],
    types: dict[str, str],
) -> None:
    """Bulk-create a small temp table from Python lists, each bound as one LIST parameter
    (executemany is row by row; pyarrow would import pandas, 1.4 s on first use)."""
    select = ", ".join(
        f'unnest(${i + 1}::{types[column]}[]) AS "{column}"' for i, column in enumerate(columns)
    )
    con.execute(f'CREATE OR REPLACE TEMP TABLE "{name}" AS SELECT {select}', list(columns.values()))


def install_vocabularies(con: duckdb.DuckDBPyConnection) -> None:
    text = "VARCHAR"
    synonyms = vocabulary.enum_synonyms()
    create_table(
        con,
        "enum_synonym",
        {
            "field": [r[0] for r in synonyms],
            "key": [r[1] for r in synonyms],
            "value": [r[2] for r in synonyms],
        },
        {"field": text, "key": text, "value": text},
    )
    fx_codes = {row[0] for row in con.execute("SELECT DISTINCT currency FROM fx_rates").fetchall()}
    aliases, codes_list, text_ok = [], [], []
    for alias, codes in vocabulary.currency_aliases():
        bare_code = len(alias) == 3 and alias.isalpha() and alias.upper() in codes
        aliases.append(alias)
        codes_list.append(codes)
        text_ok.append((not bare_code) or alias.upper() in fx_codes)
    create_table(
        con,
        "currency_alias",
        {"alias": aliases, "codes": codes_list, "text_ok": text_ok},
        {"alias": text, "codes": "VARCHAR[]", "text_ok": "BOOLEAN"},
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE currency_maps AS SELECT
               map_from_entries(list((alias, codes))) AS any_alias,
               map_from_entries(list((alias, codes)) FILTER (WHERE text_ok)) AS text_alias
           FROM currency_alias"""
    )
    countries = vocabulary.country_aliases()
    create_table(
        con,
        "country_alias",
        {"key": [k for k, _ in countries], "country": [c for _, c in countries]},
        {"key": text, "country": text},
    )
    calling = vocabulary.calling_codes()
    create_table(
        con,
        "calling_code",
        {"country": [c for c, _ in calling], "code": [k for _, k in calling]},
        {"country": text, "code": text},
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE calling_code_one AS
           SELECT country, min(code) AS code FROM calling_code GROUP BY country"""
    )
    words = list(vocabulary.BOOLEAN_WORDS.items())
    create_table(
        con,
        "bool_word",
        {"key": [vocabulary.value_key(k) for k, _ in words], "value": [v for _, v in words]},
        {"key": text, "value": "BOOLEAN"},
    )


# Fuzzy scores cost the product of the two lengths: a longer value is not a misspelt
# country or title (a 5 MB "title" took 25 s against the keywords), so it is not compared.
FUZZY_MAX_CHARS = 200


def fuzzy_countries(con: duckdb.DuckDBPyConnection) -> None:
    """Misspelt countries ("United Statws") in d_country: the closest known name, if close enough."""
    unknown = [
        r[0] for r in con.execute("SELECT raw FROM d_country WHERE value IS NULL").fetchall()
    ]
    aliases = dict(vocabulary.country_aliases())
    choices = [k for k in aliases if len(k) > 3]
    rows = []
    for raw in unknown:
        if len(raw) > FUZZY_MAX_CHARS:
            continue
        key = vocabulary.value_key(raw)
        if len(key) <= 3:
            continue
        match = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=85)
        if match:
            rows.append((raw, aliases[match[0]]))
    if rows:
        con.executemany("UPDATE d_country SET value = ? WHERE raw = ?", [(c, r) for r, c in rows])


def fuzzy_role_families(con: duckdb.DuckDBPyConnection) -> None:
    """Titles no keyword matched in d_role_title: the family of the closest keyword, if close enough."""
    unmatched = [
        r[0] for r in con.execute("SELECT raw FROM d_role_title WHERE value IS NULL").fetchall()
    ]
    keywords = con.execute("SELECT lower(keyword), role_family FROM role_families").fetchall()
    if not unmatched or not keywords:
        return
    by_keyword = dict(keywords)
    choices = list(by_keyword)
    rows = []
    for raw in unmatched:
        if len(raw) > FUZZY_MAX_CHARS:
            continue
        match = process.extractOne(raw.lower(), choices, scorer=fuzz.partial_ratio, score_cutoff=90)
        if match and len(match[0]) >= 4:
            rows.append((by_keyword[match[0]], raw))
    if rows:
        con.executemany("UPDATE d_role_title SET value = ? WHERE raw = ?", rows)


MDY = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y", "%m.%d.%Y")
DMY = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d-%m-%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d.%m.%y",
)
ALWAYS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d-%b-%Y",
    "%a, %d %b %Y",
    "%Y%m%d",
)


def date_formats(
    con: duckdb.DuckDBPyConnection, column: str, profile_format: str | None
) -> tuple[list[str], str | None]:
    """The strptime formats to try for one date column, and a note when the order was a guess.

    Day-first or month-first is decided per column by which order reads more of its distinct
    values (table distinct_values, etl.dictionaries).
    """
    if profile_format:
        return [profile_format, *ALWAYS], None
    row = con.execute(
        """WITH v AS (SELECT DISTINCT trim(raw) AS x FROM distinct_values WHERE field = ? LIMIT 20000)
            SELECT count(try_strptime(x, ?)), count(try_strptime(x, ?)),
                   count(*) FILTER (WHERE regexp_matches(x, '^\\d{1,2}[/.-]\\d{1,2}[/.-]'))
            FROM v""",
        [column, list(MDY), list(DMY)],
    ).fetchall()[0]
    mdy, dmy, slashed = row if row else (0, 0, 0)
    if dmy > mdy:
        return [*ALWAYS, *DMY, *MDY], None
    note = None
    if slashed and mdy == dmy:
        note = (
            f"{column}: dates such as 03/04/2024 read month first (no value decides the order); "
            "set date_format in the profile if they are day first"
        )
    return [*ALWAYS, *MDY, *DMY], note


def today() -> dt.date:
    return dt.date.today()
