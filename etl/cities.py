"""City text -> canonical city, parsed once per distinct value (d_city).

"NYC", "nyc ", "New York City" and "New York, NY" are one city; "Boston, MA" and
"Berlin, Germany" are Boston and Berlin; "Remote", "N/A" or "Prefer not to say" are no
city at all (NULL, no warning). The aliases live in data/reference/city_aliases.csv.

Matching folds case, accents, spacing and punctuation (`city_key`: "N.Y.C." is "nyc"). A value is looked up
whole, then reduced to its head (before a comma, parenthesis, slash or semicolon, less a
trailing state code such as "Boston MA", less "Greater ..."/"... area"). A city not in
the list keeps the spelling its key is known by: the alias list's, else the warehouse's,
else the best-capitalised one in this load ("New York" over "new york").

The text as written (white space folded) is kept in interviews.city_raw, and the content
hash is over that text, so identity does not move when the alias list does; a load
re-derives stored cities when the list (or this recipe) changed since the last load.
"""

from __future__ import annotations

import csv
import functools
import hashlib

import duckdb
import pycountry

from etl import settings
from etl.lookups import create_table

ALIASES_CSV = "city_aliases.csv"
RECIPE = "4"  # bump when the SQL below changes what a value becomes
CITY_MAX_CHARS = 1_000


def install(con: duckdb.DuckDBPyConnection) -> None:
    """The city_key macro and the city_alias(key, city) and region_code(code) tables."""
    con.execute(
        "CREATE OR REPLACE TEMP MACRO city_key(x) AS trim(regexp_replace(regexp_replace("
        "lower(strip_accents(x)), '[.''’]', '', 'g'), '[^0-9a-z]+', '_', 'g'), '_')"
    )
    aliases = _aliases()
    create_table(
        con,
        "city_alias_text",
        {"alias": [a for a, _ in aliases], "city": [c for _, c in aliases]},
        {"alias": "VARCHAR", "city": "VARCHAR"},
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE city_alias AS
           SELECT city_key(alias) AS key, any_value(nullif(trim(city), '')) AS city
           FROM city_alias_text WHERE city_key(alias) <> '' GROUP BY 1"""
    )
    codes = _region_codes()
    create_table(con, "region_code", {"code": codes}, {"code": "VARCHAR"})


@functools.cache
def _aliases() -> tuple[tuple[str, str], ...]:
    path = settings.REFERENCE_DIR / ALIASES_CSV
    if not path.exists():
        return ()
    with open(path, encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.lstrip().startswith("#"))
        rows = [r for r in csv.DictReader(lines) if r.get("alias")]
    return tuple((r["alias"], r.get("city") or "") for r in rows)


def digest() -> str:
    """Changes when the alias list or the recipe changes (stored in warehouse_info)."""
    text = RECIPE + "\n" + "\n".join(f"{a}\t{c}" for a, c in _aliases())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@functools.cache
def _region_codes() -> list[str]:
    """State and province codes written after a city ("Boston MA", "Toronto ON")."""
    codes = set()
    for country in ("US", "CA", "AU"):
        for sub in pycountry.subdivisions.get(country_code=country) or []:
            codes.add(sub.code.split("-", 1)[1])
    return sorted(codes)


def fold(x: str) -> str:
    """The text as stored in city_raw: trimmed, runs of white space folded (the same
    expression the ETL always applied to free text such as city, so hashes do not move)."""
    trimmed = f"CASE WHEN starts_with({x}, ' ') OR ends_with({x}, ' ') THEN trim({x}) ELSE {x} END"
    return (
        f"CASE WHEN contains({trimmed}, '  ') OR contains({trimmed}, chr(9)) "
        f"OR contains({trimmed}, chr(10)) OR contains({trimmed}, chr(13)) "
        f"THEN nullif(trim(regexp_replace({trimmed}, '\\s+', ' ', 'g')), '') "
        f"ELSE nullif({trimmed}, '') END"
    )


def build(
    con: duckdb.DuckDBPyConnection, table: str, distinct_sql: str, known: str | None = None
) -> None:
    """`table(raw, clean, value)`: each distinct raw text (column `raw` of distinct_sql), its
    folded text and its canonical city (NULL for no city). `known` is a query of spellings
    already stored (column `city`), which win for keys the alias list does not have."""
    spellings_known = (
        f"SELECT city_key(city) AS key, city AS display, 1 AS priority, 0 AS score "
        f"FROM ({known}) WHERE city IS NOT NULL"
        if known
        else "SELECT NULL::VARCHAR AS key, NULL::VARCHAR AS display, 1 AS priority, 0 AS score WHERE false"
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE "{table}" AS
        WITH v AS (
            SELECT raw, {fold("raw")} AS clean FROM ({distinct_sql})
            WHERE length(raw) <= {CITY_MAX_CHARS}
        ), h AS (
            SELECT raw, clean, city_key(clean) AS full_key,
                   trim(regexp_extract(clean, '^([^,(/;]*)', 1)) AS head
            FROM v
        ), s AS (
            SELECT *, CASE WHEN regexp_matches(head, ' [A-Z]{{2,3}}$')
                                AND right(head, 2 + CAST(regexp_matches(head, ' [A-Z]{{3}}$') AS INTEGER))
                                    IN (SELECT code FROM region_code)
                           THEN trim(regexp_replace(head, ' [A-Z]{{2,3}}$', ''))
                           ELSE head END AS head2
            FROM h
        ), t AS (
            SELECT *, trim(regexp_replace(head2,
                         '(?i)^(greater|metro|metropolitan)\\s+|\\s+(metro area|metropolitan area|metro|area|suburbs)$',
                         '', 'g')) AS head3
            FROM s
        ), k AS (
            SELECT t.raw, t.clean, t.head3,
                   coalesce(a1.key, a2.key, a3.key) IS NOT NULL AS aliased,
                   CASE WHEN a1.key IS NOT NULL THEN a1.city
                        WHEN a2.key IS NOT NULL THEN a2.city
                        ELSE a3.city END AS alias_city,
                   city_key(t.head3) AS head_key
            FROM t
            LEFT JOIN city_alias a1 ON a1.key = t.full_key
            LEFT JOIN city_alias a2 ON a2.key = city_key(t.head2)
            LEFT JOIN city_alias a3 ON a3.key = city_key(t.head3)
        ), spellings AS (
            SELECT city_key(city) AS key, city AS display, 0 AS priority, 0 AS score
            FROM city_alias WHERE city IS NOT NULL
            UNION ALL
            {spellings_known}
            UNION ALL
            SELECT head_key, head3, 2,
                   -- words that start upper case, unless all is upper case ("NEW YORK")
                   CASE WHEN head3 = upper(head3) THEN 0
                        ELSE len(regexp_extract_all(head3, '(^|[\\s.-])\\p{{Lu}}', 0)) END
            FROM k WHERE NOT aliased AND head_key <> ''
        ), best AS (
            SELECT key, arg_min(display, (priority, -score, display)) AS display,
                   min(priority) AS priority, max(score) AS score
            FROM spellings GROUP BY key
        )
        SELECT k.raw, k.clean,
               CASE WHEN k.aliased THEN k.alias_city
                    WHEN k.head_key = '' OR NOT regexp_matches(k.head3, '\\p{{L}}') THEN NULL
                    WHEN b.priority = 2 AND b.score = 0 THEN
                        array_to_string(list_transform(string_split(lower(b.display), ' '),
                                                       lambda w: upper(left(w, 1)) || w[2:]), ' ')
                    ELSE b.display END AS value
        FROM k LEFT JOIN best b ON b.key = k.head_key
        UNION ALL
        -- A text far longer than a place name is kept as written, without a city: its
        -- words would each be split and capitalised (a 20 MB cell ran out of memory).
        SELECT raw, {fold("raw")}, NULL FROM ({distinct_sql}) WHERE length(raw) > {CITY_MAX_CHARS}"""
    )


def refresh_stored(con: duckdb.DuckDBPyConnection) -> None:
    """Re-derive stored cities (interviews from city_raw, candidates from their city) when
    the alias list or the recipe changed since the warehouse last saw it."""
    row = con.execute("SELECT value FROM warehouse_info WHERE key = 'city_aliases'").fetchall()
    current = digest()
    if row and row[0][0] == current:
        return
    if con.execute("SELECT 1 FROM interviews WHERE city_raw IS NOT NULL LIMIT 1").fetchall():
        build(con, "d_city_stored", "SELECT DISTINCT city_raw AS raw FROM interviews")
        con.execute(
            """UPDATE interviews i SET city = d.value FROM d_city_stored d
               WHERE d.raw = i.city_raw AND i.city IS DISTINCT FROM d.value"""
        )
        build(con, "d_city_people", "SELECT DISTINCT city AS raw FROM candidates")
        con.execute(
            """UPDATE candidates c SET city = d.value FROM d_city_people d
               WHERE d.raw = c.city AND c.city IS DISTINCT FROM d.value"""
        )
    con.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('city_aliases', ?)", [current])
