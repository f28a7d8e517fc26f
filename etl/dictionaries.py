"""Parse each distinct source value once: `d_<name>(raw, ...)` lookup tables.

Exports repeat themselves (a million rows hold a few thousand distinct salaries, dates,
ratings, titles), so the expensive parsing (regular expressions, strptime, vocabularies,
fuzzy matching) runs over DISTINCT values and the per-row work is a hash join.
"""

from __future__ import annotations

import duckdb

from etl import canonical, cities, lookups

NUMBER_WITH_SUFFIX = r"(\d[\d.,]*(?:[ '’]\d{3})*)(\s*(?:kpa|kpy|k|mm|m|mil|millions|million|thousand|grand|lakhs|lakh|crores|crore)\b)?"
NO_FIGURE_WORDS = (
    r"^\W*(negotiable|neg\.?|open|flexible|competitive|doe|depends( on [a-z ]+)?|tbd|tbc|market( rate)?|"
    r"prefer not to say|n/?a|none|nothing|not sure|unsure|to be discussed|-+)\W*$"
)
PERIOD_PATTERNS = (
    ("hour", r"(/|\bper\b|\ban?\b)\s*(h|hr|hrs|hour)\b|hourly|\bph\b|p/h"),
    ("day", r"(/|\bper\b|\ba\b)\s*(d|day)\b|daily|day rate|per diem"),
    ("week", r"(/|\bper\b|\ba\b)\s*(w|wk|week)\b|weekly|\bpw\b"),
    ("month", r"(/|\bper\b|\ba\b)\s*(m|mo|mon|mth|month)\b|monthly|\bpm\b|p\.m\.|/mo\b"),
    (
        "year",
        r"(/|\bper\b|\ban?\b)\s*(y|yr|year|annum)\b|annual|yearly|\bp\.?a\.?(\b|$)|kpa\b|\bpy\b",
    ),
)
CURRENCY_TOKENS = r"[a-z]{1,3}\$|[$€£¥₹₩₪₺₱₦円元]|[a-zà-öø-ÿłžščř]+"
RATING_PATTERN = r"^(\d+(?:[.,]\d+)?)\s*(?:(?:/|of|out of)\s*(\d+))?\s*(?:stars?|points?|pts)?$"
NUMBER_FIELDS = ("duration_min", "office_days", "years_experience", "expected_years_to_promotion")
RATING_FIELDS = ("fit_score", "interest_level")
BOOL_FIELDS = ("flexible_hours", "consent_to_contact")
DATE_FIELDS = ("interview_date", "available_from", "consent_date")


def sql_str(text: str) -> str:
    """A SQL string literal for one of our own pattern constants."""
    return "'" + text.replace("'", "''") + "'"


def hash_key(value: str, kind: str) -> str:
    """A value as the text the content hash takes (etl.normalize): doubles as integer
    hundredths, lists sorted (their order is not content), NULL as chr(0).

    Dictionaries store it per distinct value, so each row only concatenates ready text.
    """
    if kind == "DOUBLE":
        # Beyond BIGINT (a typed salary of 1e34) the double's own text: such a value never
        # loaded before this form, so no stored hash depends on it.
        text = (
            f"coalesce(CAST(TRY_CAST(round(({value}) * 100) AS BIGINT) AS VARCHAR), "
            f"CAST(({value}) AS VARCHAR))"
        )
    elif kind == "LIST":
        text = f"CAST(list_sort({value}) AS VARCHAR)"
    else:
        text = f"CAST(({value}) AS VARCHAR)"
    return f"coalesce({text}, chr(0))"


def rating_fields() -> tuple[str, ...]:
    return (*RATING_FIELDS, *(f.name for f in canonical.culture_fields()))


def parsed_fields() -> tuple[str, ...]:
    """Every staged column that is parsed through a dictionary."""
    return (
        *DATE_FIELDS,
        *canonical.ENUMS,
        *BOOL_FIELDS,
        *rating_fields(),
        *NUMBER_FIELDS,
        *canonical.CLOSED_LISTS,
        *canonical.OPEN_LISTS,
        "comp",
        "comp_min",
        "comp_max",
        "comp_currency",
        "country",
        "role_title",
        "city",
    )


def unstored_fields() -> tuple[str, ...]:
    """Parsed fields whose source text is not stored (only what it parses to): their staged
    value can be the source cell as it is, since the dictionaries trim it once per value."""
    return tuple(f for f in parsed_fields() if f not in ("comp", "role_title"))


def collect_distinct(
    con: duckdb.DuckDBPyConnection,
    absent: frozenset[str] = frozenset(),
    inline: frozenset[str] = frozenset(),
) -> None:
    """`distinct_values(field, raw)`: each parsed column's distinct values, from ONE scan of
    `staged` (a grouping set per column) rather than a scan per column. Fields no file maps
    (`absent`) have none; fields parsed in the row pass (`inline`) a sample, which decides
    their date order."""
    fields = tuple(f for f in parsed_fields() if f not in absent | inline) or ("role_title",)
    which = " ".join(f"WHEN grouping(\"{f}\") = 0 THEN '{f}'" for f in fields)
    columns = ", ".join(f'"{f}"' for f in fields)
    sets = ", ".join(f'("{f}")' for f in fields)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE distinct_values AS
            SELECT field, raw FROM (
                SELECT CASE {which} END AS field, coalesce({columns}) AS raw
                FROM staged GROUP BY GROUPING SETS ({sets})
            ) WHERE raw IS NOT NULL"""
    )
    for name in inline:
        con.execute(
            f"""INSERT INTO distinct_values SELECT DISTINCT '{name}', x FROM (
                    SELECT "{name}" AS x FROM staged WHERE "{name}" IS NOT NULL LIMIT {SAMPLE})"""
        )


TITLE_MAX_CHARS = 1_000


def _distinct(columns: tuple[str, ...] | list[str]) -> str:
    names = ", ".join(f"'{c}'" for c in columns)
    return f"SELECT DISTINCT raw FROM distinct_values WHERE field IN ({names})"


def date_value(raw: str, formats: str) -> str:
    """A date as people and spreadsheets write it: an Excel serial number, ISO, or one of
    `formats` (a SQL expression for the list of strptime formats)."""
    return f"""CASE WHEN regexp_full_match(trim({raw}), '\\d{{5}}(\\.\\d+)?')
                    THEN DATE '1899-12-30' + CAST(floor(try_cast(trim({raw}) AS DOUBLE)) AS INTEGER)
                    ELSE coalesce(CAST(try_cast(trim({raw}) AS TIMESTAMP) AS DATE),
                                  CAST(try_strptime(trim({raw}), {formats}) AS DATE)) END"""


SAMPLE = 20_000  # values a date column's order (and its cardinality) is judged on


def inline_dates(con: duckdb.DuckDBPyConnection, absent: frozenset[str]) -> frozenset[str]:
    """Date fields whose values are mostly distinct (form timestamps: one per row). They are
    parsed in the row pass, not through a dictionary: a dictionary as long as the file
    would cost a distinct pass, a table and a join as large as the file (and their memory)."""
    found = set()
    for name in DATE_FIELDS:
        if name in absent:
            continue
        row = con.execute(
            f"""SELECT count(x), count(DISTINCT x) FROM (
                    SELECT "{name}" AS x FROM staged WHERE "{name}" IS NOT NULL LIMIT {SAMPLE})"""
        ).fetchall()
        if row and row[0][0] >= 1000 and row[0][1] > 0.5 * row[0][0]:
            found.add(name)
    return frozenset(found)


def build_all(con: duckdb.DuckDBPyConnection, date_formats: dict[str, list[str]]) -> None:
    """Create every d_* table from the distinct values in `staged`."""
    for name in DATE_FIELDS:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE d_{name} AS
                SELECT raw, nullif(trim(raw), '') AS clean, {date_value("raw", "?")} AS value
                FROM ({_distinct([name])})""",
            [date_formats[name]],
        )
    for name in canonical.ENUMS:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE d_{name} AS
                SELECT v.raw, nullif(trim(v.raw), '') AS clean, e.value FROM ({_distinct([name])}) v
                LEFT JOIN enum_synonym e ON e.field = ? AND e.key = norm_key(v.raw)""",
            [name],
        )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE d_bool AS
            SELECT v.raw, nullif(trim(v.raw), '') AS clean, b.value FROM ({_distinct(BOOL_FIELDS)}) v
            LEFT JOIN bool_word b ON b.key = norm_key(v.raw)"""
    )
    num = f"try_cast(replace(regexp_extract(lower(trim(raw)), {sql_str(RATING_PATTERN)}, 1), ',', '.') AS DOUBLE)"
    den = f"try_cast(regexp_extract(lower(trim(raw)), {sql_str(RATING_PATTERN)}, 2) AS DOUBLE)"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE d_rating AS
            WITH parsed AS (
                SELECT raw, CASE WHEN {den} > 0 THEN {num} * 5 / {den} ELSE {num} END AS value
                FROM ({_distinct(rating_fields())})
            )
            SELECT raw, nullif(trim(raw), '') AS clean, value,
                   {hash_key("CASE WHEN value BETWEEN 1 AND 5 THEN value END", "DOUBLE")} AS hash_key
            FROM parsed"""
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE d_number AS
            SELECT raw, nullif(trim(raw), '') AS clean, loose_number(raw) AS value,
                   regexp_matches(lower(raw), '\\d\\s*(h|hr|hrs|hour|hours)\\b') AS in_hours
            FROM ({_distinct(NUMBER_FIELDS)})"""
    )
    # Lists keep the order they were written in, without repeats: deterministic, so the
    # same answer always hashes the same (list() over a parallel join does not keep order).
    for name in canonical.CLOSED_LISTS:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE d_{name} AS
                WITH v AS ({_distinct([name])}),
                items AS (
                    SELECT raw, trim(item) AS item, position
                    FROM (SELECT raw, unnest(string_split_regex(raw, '[;,|\\n\\r]+')) AS item,
                                 unnest(range(len(string_split_regex(raw, '[;,|\\n\\r]+')))) AS position
                          FROM v)
                ), mapped AS (
                    SELECT i.raw, coalesce(e.value, 'other') AS value, min(i.position) AS first_position
                    FROM items i LEFT JOIN enum_synonym e ON e.field = ? AND e.key = norm_key(i.item)
                    WHERE i.item <> '' GROUP BY ALL
                )
                SELECT raw, list(value ORDER BY first_position) AS value,
                       {hash_key("list(value ORDER BY first_position)", "LIST")} AS hash_key
                FROM mapped GROUP BY raw""",
            [name],
        )
    for name in canonical.OPEN_LISTS:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE d_{name} AS
                WITH v AS (
                    SELECT raw, list_filter(list_transform(string_split_regex(raw, '[;,|\\n\\r]+'),
                                                           lambda t: trim(regexp_replace(t, '\\s+', ' ', 'g'))),
                                            lambda t: t <> '') AS items
                    FROM ({_distinct([name])})
                )
                , deduplicated AS (
                    SELECT raw, nullif(list_filter(items, lambda t, i: list_position(items, t) = i), []) AS value
                    FROM v
                )
                SELECT raw, value, {hash_key("value", "LIST")} AS hash_key FROM deduplicated"""
        )
    _compensation(con)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE d_country AS
            SELECT v.raw, nullif(trim(v.raw), '') AS clean, a.country AS value
            FROM ({_distinct(["country"])}) v
            LEFT JOIN country_alias a ON a.key = norm_key(v.raw)"""
    )
    lookups.fuzzy_countries(con)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE d_role_title AS
            WITH titles AS (
                SELECT raw, ' ' || trim(regexp_replace(lower(raw), '[^0-9a-z+#]+', ' ', 'g')) || ' ' AS title_key
                FROM ({_distinct(["role_title"])})
            ), keywords AS (
                SELECT ' ' || trim(regexp_replace(lower(keyword), '[^0-9a-z+#]+', ' ', 'g')) || ' ' AS kw,
                       role_family
                FROM role_families
            )
            SELECT t.raw, arg_max(k.role_family, (length(k.kw), k.kw)) AS value
            FROM titles t LEFT JOIN keywords k
                ON length(t.title_key) <= $longest AND contains(t.title_key, k.kw)
            GROUP BY t.raw""",
        # Every keyword is looked for in every title: a text far longer than a title
        # (a 20 MB cell took 27 s) is not one and gets no family from its words.
        {"longest": TITLE_MAX_CHARS},
    )
    lookups.fuzzy_role_families(con)
    cities.build(con, "d_city", _distinct(["city"]), known="SELECT DISTINCT city FROM interviews")


def _compensation(con: duckdb.DuckDBPyConnection) -> None:
    """Pay text -> low / high figure, period and currency candidates; currency text -> candidates."""
    pattern = sql_str(NUMBER_WITH_SUFFIX)
    periods = " ".join(
        f"WHEN regexp_matches(l, {sql_str(p)}) THEN '{name}'" for name, p in PERIOD_PATTERNS
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE d_comp AS
        WITH v AS (SELECT raw, lower(raw) AS l, regexp_replace(lower(raw), '\\d[\\d.,]*\\s*%', ' ', 'g') AS clean
                   FROM ({_distinct(["comp"])})),
        n AS (SELECT raw, l, clean,
                     regexp_extract_all(clean, {pattern}, 1) AS nums,
                     regexp_extract_all(clean, {pattern}, 2) AS sufs FROM v),
        p AS (SELECT raw, l, clean, len(nums) AS count,
                     parse_number_token(clean_number_token(nums[1])) AS n1,
                     parse_number_token(clean_number_token(nums[2])) AS n2,
                     multiplier(sufs[1]) AS m1, multiplier(sufs[2]) AS m2 FROM n)
        SELECT raw,
            CASE WHEN count = 0 THEN NULL
                 ELSE n1 * CASE WHEN m1 = 1 AND m2 > 1 AND n1 < 1000 THEN m2 ELSE m1 END END AS lo,
            CASE WHEN count >= 2 AND has_range(clean) THEN n2 * m2 END AS hi,
            regexp_matches(l, {sql_str(NO_FIGURE_WORDS)}) AS no_figure,
            CASE {periods} END AS period,
            list_distinct(flatten(list_transform(regexp_extract_all(l, {sql_str(CURRENCY_TOKENS)}, 0),
                lambda t: coalesce(map_extract_value(cm.text_alias, t), [])))) AS cands
        FROM p CROSS JOIN currency_maps cm"""
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE d_comp_number AS
            SELECT raw, parse_number_token(clean_number_token(regexp_extract_all(lower(raw), {pattern}, 1)[1]))
                        * multiplier(regexp_extract_all(lower(raw), {pattern}, 2)[1]) AS value
            FROM ({_distinct(["comp_min", "comp_max"])})"""
    )
    tokens = f"regexp_extract_all(lower(raw), {sql_str(CURRENCY_TOKENS)}, 0)"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE d_comp_currency AS
        SELECT raw, nullif(trim(raw), '') AS clean, coalesce(
            nullif(coalesce(map_extract_value(cm.any_alias, lower(trim(raw))),
                            map_extract_value(cm.any_alias, norm_key(raw))), []),
            nullif(list_distinct(list_filter(list_transform({tokens},
                lambda t: CASE WHEN length(t) = 3 AND map_extract_value(cm.any_alias, t) = [upper(t)]
                               THEN upper(t) END), lambda c: c IS NOT NULL)), []),
            list_distinct(flatten(list_transform({tokens},
                lambda t: coalesce(map_extract_value(cm.any_alias, t), [])))),
            []) AS cands
        FROM ({_distinct(["comp_currency"])}) CROSS JOIN currency_maps cm"""
    )
