"""`staged` (canonical text) -> `normalized_ids` (typed record + warnings + reasons + ids).

Distinct values are parsed once (etl.dictionaries); this module joins them back onto
the rows in one pass and adds what depends on the whole row: currency resolution
against the country, FX by interview year, plausibility, contacts, identities, the
warnings (field, value, reason) and the reasons to reject. Field names come from
etl.canonical; values from outside travel as parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb

from etl import canonical, dictionaries, identity, lookups, personal, settings
from etl.dictionaries import sql_str

COMP_MIN_ANNUAL, COMP_MAX_ANNUAL = 1_000, 5_000_000
# A figure without an exchange rate is kept as stated, up to where the content hash's
# hundredths overflow BIGINT: no larger figure ever loaded (the file failed), so keeping
# it as text only moves no stored hash. (No real pay comes near: 5,000,000 USD a year is
# about 1e11 in the currencies with the most units per dollar.)
COMP_FIGURE_MAX = 2**63 / 100
EMAIL_PATTERN = (
    r"[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,63}"
)
NUMBER_RANGES = {
    "duration_min": (1, 600, "minutes"),
    "office_days": (0, 5, "days a week"),
    "years_experience": (0, 60, "years"),
    "expected_years_to_promotion": (0, 30, "years"),
}
FREE_TEXT_FIELDS = ("questions_text", "notes")
LIST_FIELDS = (*canonical.CLOSED_LISTS, *canonical.OPEN_LISTS)
FOLDED_TEXT_FIELDS = (
    "interviewer",
    "department",
    "role_title",
    "full_name",
    "region",
    "current_title",
    "current_employer",
    "referred_by",
)
DOLLARS = "['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN']"


@dataclass
class NormalizeOptions:
    date_formats: dict[str, list[str]]
    comp_period_default: str | None = None
    comp_currency_default: str | None = None
    notes: list[str] = field(default_factory=list)
    absent: frozenset[str] = frozenset()  # staged fields no file maps (always NULL)
    inline: frozenset[str] = frozenset()  # date fields parsed per row (mostly distinct values)


def prepare(
    con: duckdb.DuckDBPyConnection,
    date_format: str | None,
    defaults: dict[str, str],
    absent: frozenset[str] = frozenset(),
) -> NormalizeOptions:
    """Decide each date column's day/month order (or take the profile's format)."""
    inline = dictionaries.inline_dates(con, absent)
    dictionaries.collect_distinct(con, absent, inline)
    formats: dict[str, list[str]] = {}
    notes: list[str] = []
    for name in dictionaries.DATE_FIELDS:
        chosen, note = lookups.date_formats(con, name, date_format)
        formats[name] = chosen
        if note:
            notes.append(note)
    return NormalizeOptions(
        formats, defaults.get("comp_period"), defaults.get("comp_currency"), notes, absent, inline
    )


def _fold(x: str) -> str:
    """Fold runs of white space, paying for the regex only where there is any to fold."""
    return (
        f"CASE WHEN contains({x}, '  ') OR contains({x}, chr(9)) OR contains({x}, chr(10)) "
        f"OR contains({x}, chr(13)) THEN nullif(trim(regexp_replace({x}, '\\s+', ' ', 'g')), '') ELSE {x} END"
    )


Check = tuple[str, str]  # (condition, value when it holds)


def _whole(number: str) -> str:
    """A DOUBLE as text for a message: rounded to a whole number, or in exponent form
    when too large for BIGINT (a salary of 1e34 must not fail the file)."""
    return (
        f"CASE WHEN abs({number}) < 1e15 THEN CAST(CAST(round({number}) AS BIGINT) AS VARCHAR) "
        f"ELSE CAST({number} AS VARCHAR) END"
    )


def _warn(condition: str, field_name: str, value: str, reason: str) -> Check:
    return (
        condition,
        f"{{'field': '{field_name}', 'value': CAST({value} AS VARCHAR), 'reason': {reason}}}",
    )


def _list_of(checks: list[Check], empty: str) -> str:
    """The values of the checks that hold, as a list. Most rows pass every check, so the list
    is only built for rows where one holds (CASE evaluates a branch for its rows only)."""
    any_holds = " OR ".join(f"coalesce({c}, false)" for c, _ in checks)
    items = ", ".join(f"CASE WHEN {c} THEN {v} END" for c, v in checks)
    return (
        f"CASE WHEN {any_holds} THEN list_filter([{items}], lambda x: x IS NOT NULL) "
        f"ELSE {empty} END"
    )


def _value_checks() -> list[Check]:
    """Problems with one source value: present in the source but not parsed, or out of range."""
    checks: list[Check] = []

    def unread(name: str, reason: str, text: str | None = None) -> None:
        source = text or f'"{name}__text"'
        checks.append(_warn(f'{source} IS NOT NULL AND "{name}" IS NULL', name, source, reason))

    for name, allowed in canonical.ENUMS.items():
        unread(name, sql_str(f"not one of {', '.join(allowed)}"))
    for name in dictionaries.BOOL_FIELDS:
        unread(name, "'not a yes/no answer'")
    for name in dictionaries.rating_fields():
        unread(name, "'not a rating'")
        checks.append(
            _warn(
                f'NOT ("{name}" BETWEEN 1 AND 5)', name, f'"{name}__text"', "'rating outside 1-5'"
            )
        )
    for name, (lo, hi, unit) in NUMBER_RANGES.items():
        unread(name, "'not a number'")
        checks.append(
            _warn(
                f'NOT ("{name}" BETWEEN {lo} AND {hi})',
                name,
                f'"{name}__text"',
                sql_str(f"outside {lo}-{hi} {unit}"),
            )
        )
    for name in ("available_from", "consent_date"):
        unread(name, "'not a date'")
    unread("country", "'unknown country'", "country_text")
    return checks


def _joined_select(
    con: duckdb.DuckDBPyConnection,
    absent: frozenset[str] = frozenset(),
    inline: frozenset[str] = frozenset(),
) -> tuple[str, list[str]]:
    """Step 1: every row with its dictionary values (one hash join per field).

    A parsed field's text (for warnings and reasons) is the dictionary's `clean` value: the
    staged value may be the untrimmed source cell (see etl.dictionaries.unstored_fields).
    A field no file maps (`absent`; real exports map a dozen of ~55) is joined with nothing:
    its dictionary columns are typed NULLs."""
    cols = ["s.__file", "s.__row", "s.__seq", "s.extra"]
    joins: list[str] = []
    nulls: dict[str, str] = {}  # alias -> dictionary table, for absent fields

    def lookup(table: str, column: str, alias: str) -> str:
        if column in absent:
            nulls[alias] = table
        else:
            joins.append(f'LEFT JOIN {table} {alias} ON {alias}.raw = s."{column}"')
        return alias

    for name in dictionaries.DATE_FIELDS:
        if name in inline:
            raw = f's."{name}"'
            value = dictionaries.date_value(raw, f"$formats_{name}")
            cols.append(f'{value} AS "{name}"')
            cols.append(f"nullif(trim({raw}), '') AS \"{name}__text\"")
            continue
        cols.append(f'{lookup(f"d_{name}", name, f"dt_{name}")}.value AS "{name}"')
        cols.append(f'dt_{name}.clean AS "{name}__text"')
    for name in FOLDED_TEXT_FIELDS:
        cols.append(f'{_fold(f"s.{chr(34)}{name}{chr(34)}")} AS "{name}"')
    for name in FREE_TEXT_FIELDS:
        cols.append(f's."{name}"')
    cols.append(f"{lookup('d_role_title', 'role_title', 'rt')}.value AS role_family_match")
    for name in canonical.ENUMS:
        cols.append(f'{lookup(f"d_{name}", name, f"en_{name}")}.value AS "{name}"')
        cols.append(f'en_{name}.clean AS "{name}__text"')
    for name in dictionaries.BOOL_FIELDS:
        cols.append(f'{lookup("d_bool", name, f"bo_{name}")}.value AS "{name}"')
        cols.append(f'bo_{name}.clean AS "{name}__text"')
    for name in dictionaries.rating_fields():
        cols.append(f'{lookup("d_rating", name, f"ra_{name}")}.value AS "{name}"')
        cols.append(f'ra_{name}.hash_key AS "{name}__key"')
        cols.append(f'ra_{name}.clean AS "{name}__text"')
    for name in dictionaries.NUMBER_FIELDS:
        alias = lookup("d_number", name, f"nu_{name}")
        factor = (
            f" * CASE WHEN {alias}.in_hours THEN 60 ELSE 1 END" if name == "duration_min" else ""
        )
        cols.append(f'{alias}.value{factor} AS "{name}"')
        cols.append(f'{alias}.clean AS "{name}__text"')
    for name in (*canonical.CLOSED_LISTS, *canonical.OPEN_LISTS):
        cols.append(f'{lookup(f"d_{name}", name, f"li_{name}")}.value AS "{name}"')
        cols.append(f'li_{name}.hash_key AS "{name}__key"')
    comp = lookup("d_comp", "comp", "dc")
    cols += [
        "s.comp AS comp_raw",
        f"{comp}.lo AS lo",
        f"{comp}.hi AS hi",
        f"coalesce({comp}.no_figure, false) AS no_figure",
        f"{comp}.period AS period_in_text",
        f"coalesce({comp}.cands, []) AS text_cands",
        f"{lookup('d_comp_number', 'comp_min', 'cmin')}.value AS smin",
        f"{lookup('d_comp_number', 'comp_max', 'cmax')}.value AS smax",
        f"{lookup('d_comp_currency', 'comp_currency', 'dcur')}.cands AS field_cands",
        "dcur.clean AS currency_text",
    ]
    city = lookup("d_city", "city", "ci")
    cols += [f"{city}.value AS city", f"{city}.clean AS city_raw"]
    country = lookup("d_country", "country", "dco")
    cols += [f"{country}.value AS country", f"{country}.clean AS country_text"]
    joins.append(f"LEFT JOIN country_currency cc ON cc.country = {country}.value")
    joins.append(f"LEFT JOIN calling_code_one pc ON pc.country = {country}.value")
    cols += ["cc.currency AS country_currency", "pc.code AS calling_code"]
    cols += [
        "s.email AS email_source",
        "s.phone AS phone_source",
        "s.linkedin_url AS linkedin_source",
        # The regular expressions run only where their patterns can match ('<', 'mailto:';
        # an extension's 'x' or '#'): most values are plain.
        "lower(CASE WHEN contains(s.email, '<') OR contains(s.email, ':') THEN "
        "regexp_replace(coalesce(nullif(regexp_extract(s.email, '<([^>]+)>', 1), ''), s.email), "
        "'^\\s*mailto:\\s*', '') ELSE s.email END) AS email_text",
        "regexp_replace(CASE WHEN contains(s.phone, 'x') OR contains(s.phone, 'X') OR contains(s.phone, '#') "
        "THEN regexp_replace(s.phone, '\\s*(ext\\.?|extension|x|#)\\s*\\d{1,6}\\s*$', '', 'i') "
        "ELSE s.phone END, '[^0-9+]', '', 'g') AS phone_text",
        "CASE WHEN s.linkedin_url IS NULL THEN NULL "
        "WHEN contains(lower(s.linkedin_url), 'linkedin.com/in/') OR contains(lower(s.linkedin_url), 'linkedin.com/pub/') "
        "THEN rtrim(regexp_extract(lower(s.linkedin_url), 'linkedin\\.com/(?:in|pub)/([^/?#\\s]+)', 1), '/') "
        "WHEN regexp_full_match(lower(s.linkedin_url), '(in/)?[a-z0-9][a-z0-9_%-]{2,99}/?') "
        "THEN rtrim(regexp_replace(lower(s.linkedin_url), '^in/', ''), '/') END AS linkedin_slug",
    ]
    sql = f"SELECT {', '.join(cols)} FROM staged s {' '.join(joins)}"
    if nulls:
        types = {
            (str(t), str(c)): str(k)
            for t, c, k in con.execute(
                "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE database_name = 'temp'"
            ).fetchall()
        }

        def typed_null(match: re.Match[str]) -> str:
            return f"CAST(NULL AS {types[(nulls[match.group(1)], match.group(2))]})"

        names = "|".join(re.escape(a) for a in nulls)
        sql = re.sub(rf"\b({names})\.(\w+)\b", typed_null, sql)
    return sql, []


# Columns normalized_ids carries besides the interviews columns (dropped when it becomes them).
INTERNAL_COLUMNS = ("__file", "__row", "__seq", "row_warnings", "reasons", "__erased")


@dataclass
class Destination:
    """What build_normalized stamps on its rows, and where it writes them: a temp table, or
    (bulk load into an empty warehouse) a table of the warehouse that becomes `interviews`.
    `tombstones`: the temp table `tombstones(key, until)` holds erased identities (see
    etl.personal: their rows are written anonymised, never with a personal field)."""

    run_id: int | None
    files: list[str]
    in_warehouse: bool = False
    tombstones: bool = False


def _tombstone_joins() -> tuple[str, str, str]:
    """(joins, erased condition, referrer erased condition) for rows `r` against the temp
    table tombstones(key, until): a row is erased when any of its identities is (up to the
    tombstone's date, if it has one); a referral naming an erased e-mail or name is dropped."""
    joins, conditions = [], []
    for alias, kind, value in (
        ("te", "email", "r.email"),
        ("tp", "phone", "r.phone"),
        ("tl", "linkedin", "r.linkedin_slug"),
    ):
        joins.append(
            f"LEFT JOIN tombstones {alias} ON {value} IS NOT NULL AND {value} <> '' "
            f"AND {alias}.key = {identity.tombstone_sql(kind, value)}"
        )
        conditions.append(
            f"({alias}.key IS NOT NULL AND ({alias}.until IS NULL OR r.interview_date IS NULL "
            f"OR r.interview_date <= {alias}.until))"
        )
    # as etl.identity.normalise folds a name: trimmed, one space between words, lower case
    referrer = "lower(regexp_replace(trim(r.referred_by), '\\s+', ' ', 'g'))"
    joins.append(
        f"LEFT JOIN tombstones tr ON r.referred_by IS NOT NULL AND tr.key = "
        f"CASE WHEN contains(r.referred_by, '@') THEN {identity.tombstone_sql('email', referrer)} "
        f"ELSE {identity.tombstone_sql('name', referrer)} END"
    )
    return " ".join(joins), " OR ".join(conditions), "tr.key IS NOT NULL"


def interview_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, bool]]:
    """(name, type, nullable) of the warehouse's interviews table, in its order."""
    return [
        (str(name), str(kind), bool(nullable))
        for name, kind, nullable in con.execute(
            """SELECT column_name, data_type, is_nullable FROM duckdb_columns()
               WHERE database_name = current_database() AND schema_name = 'main'
                 AND table_name = 'interviews' ORDER BY column_index"""
        ).fetchall()
    ]


def culture_list(alias: str) -> str:
    """The row's culture ratings as interviews.culture: (dimension, rating) in the configured
    order, unrated dimensions left out, NULL when none is rated."""
    dims = [f.name for f in canonical.culture_fields()]
    if not dims:
        return "NULL"
    ratings = ", ".join(
        f"{{'dimension': {sql_str(n.removeprefix('culture_'))}, 'rating': {alias}.\"{n}\"}}"
        for n in dims
    )
    return f"nullif(list_filter([{ratings}], lambda r: r.rating IS NOT NULL), [])"


def build_normalized(
    con: duckdb.DuckDBPyConnection, options: NormalizeOptions, destination: Destination
) -> None:
    """`normalized_ids`: every source row as an interviews row (the warehouse's columns, in
    its order and types) followed by INTERNAL_COLUMNS."""
    dictionaries.build_all(con, options.date_formats)
    today = lookups.today()
    base = settings.base_currency()
    culture = [f.name for f in canonical.culture_fields()]
    con.execute(
        """CREATE OR REPLACE TEMP TABLE fx_dense AS
           WITH b AS (SELECT currency, min(year) AS lo, max(year) AS hi FROM fx_rates GROUP BY currency)
           SELECT b.currency, CAST(y.range AS INTEGER) AS year, r.units_per_usd
           FROM b CROSS JOIN range(1990, 2101) y
           JOIN fx_rates r ON r.currency = b.currency AND r.year = least(greatest(y.range, b.lo), b.hi)"""
    )
    joined, _ = _joined_select(con, options.absent, options.inline)
    annual = "annual_{b}"
    plausible = (
        f"(annual_min BETWEEN {COMP_MIN_ANNUAL} AND {COMP_MAX_ANNUAL} "
        f"AND annual_max BETWEEN {COMP_MIN_ANNUAL} AND {COMP_MAX_ANNUAL})"
    )
    comp_ok = "comp_ok"
    # A figure kept as stated when no rate converts it (unknown currency), if it can be pay.
    unconverted = f"comp_min IS NOT NULL AND rate IS NULL AND comp_max < {COMP_FIGURE_MAX}"
    phone_raw = (
        "CASE WHEN phone_text IS NULL OR phone_text = '' THEN NULL "
        "WHEN starts_with(phone_text, '+') THEN '+' || replace(phone_text, '+', '') "
        "WHEN starts_with(phone_text, '00') THEN '+' || substr(phone_text, 3) "
        "WHEN calling_code = '1' AND length(phone_text) = 11 AND starts_with(phone_text, '1') THEN '+' || phone_text "
        "WHEN calling_code IN ('39', '378', '379') THEN '+' || calling_code || phone_text "
        "WHEN calling_code IS NOT NULL THEN '+' || calling_code || ltrim(phone_text, '0') END"
    )
    email_ok = "email_ok"
    # Computed once per row in CTE g, then used by the record and by the warnings.
    derived_once = (
        "comp_min * factor / rate * base_rate AS annual_min, comp_max * factor / rate * base_rate AS annual_max, "
        f"CASE WHEN regexp_full_match(({phone_raw}), '\\+[1-9]\\d{{7,14}}') THEN ({phone_raw}) END AS phone_e164, "
        f"coalesce(regexp_full_match(email_text, {sql_str(EMAIL_PATTERN)}), false) AS email_ok"
    )
    base_label = base.replace("'", "")
    warnings = [
        _warn(
            "comp_raw IS NOT NULL AND comp_min IS NULL AND NOT no_figure",
            "comp",
            "comp_raw",
            "'no pay figure found in the text'",
        ),
        _warn(
            f"comp_min IS NOT NULL AND rate IS NOT NULL AND NOT {plausible}",
            "comp",
            "coalesce(comp_raw, CAST(comp_min AS VARCHAR))",
            f"'is ' || {_whole(annual.format(b='min'))} || ' {base_label} a year, outside "
            f"{COMP_MIN_ANNUAL:,}-{COMP_MAX_ANNUAL:,}'",
        ),
        _warn(
            f"comp_min IS NOT NULL AND rate IS NULL AND comp_max >= {COMP_FIGURE_MAX}",
            "comp",
            "coalesce(comp_raw, CAST(comp_max AS VARCHAR))",
            "'is too large to be a pay figure'",
        ),
        _warn(
            "currency_text IS NOT NULL AND len(field_cands) = 0 AND len(text_cands) = 0",
            "comp_currency",
            "currency_text",
            "'unknown currency'",
        ),
        _warn(
            "len(cands) > 1 AND currency IS NULL",
            "comp_currency",
            "coalesce(currency_text, comp_raw)",
            "'ambiguous currency (' || array_to_string(list_sort(cands), '/') || ') and the country does not "
            "decide it'",
        ),
        _warn(
            "len(cands) > 1 AND currency = 'USD' AND NOT coalesce(list_contains(cands, country_currency), false)",
            "comp_currency",
            "coalesce(currency_text, comp_raw)",
            "'ambiguous dollar amount read as USD (no country to decide)'",
        ),
        _warn(
            "comp_min IS NOT NULL AND currency IS NULL AND len(cands) = 0 AND currency_text IS NULL",
            "comp_currency",
            "comp_raw",
            "'no currency given and none known for the country'",
        ),
        _warn(
            "comp_min IS NOT NULL AND currency IS NOT NULL AND rate IS NULL AND interview_date IS NOT NULL",
            "comp_currency",
            "currency",
            "'no exchange rate for this currency in data/reference/fx_rates.csv'",
        ),
    ]
    warnings += [
        _warn("consent_date > $today", "consent_date", "consent_date__text", "'in the future'"),
        _warn(
            "available_from NOT BETWEEN DATE '2000-01-01' AND $today + INTERVAL 5 YEAR",
            "available_from",
            "available_from__text",
            "'implausible date'",
        ),
        _warn(
            f"email_text IS NOT NULL AND NOT {email_ok}",
            "email",
            "email_source",
            "'not a valid e-mail address'",
        ),
        _warn(
            "phone_text IS NOT NULL AND phone_e164 IS NULL",
            "phone",
            "phone_source",
            "'cannot be read as an international number (E.164)'",
        ),
        _warn(
            "linkedin_source IS NOT NULL AND linkedin_slug IS NULL",
            "linkedin_url",
            "linkedin_source",
            "'not a LinkedIn profile URL'",
        ),
    ]
    warnings += _value_checks()
    reasons: list[Check] = [
        ("interview_date__text IS NULL", "'interview_date: missing'"),
        (
            "interview_date__text IS NOT NULL AND interview_date IS NULL",
            "'interview_date: ''' || interview_date__text || ''' is not a date'",
        ),
        ("interview_date > $today", "'interview_date: ' || interview_date || ' is in the future'"),
        (
            "interview_date < DATE '1990-01-01'",
            "'interview_date: ' || interview_date || ' is before 1990'",
        ),
        ("role_title IS NULL", "'role_title: missing'"),
    ]
    in_range = {
        name: f'CASE WHEN "{name}" BETWEEN 1 AND 5 THEN "{name}" END'
        for name in dictionaries.rating_fields()
    }
    for name, (lo, hi, _unit) in NUMBER_RANGES.items():
        cast = "INTEGER" if name in ("duration_min", "office_days") else "DOUBLE"
        in_range[name] = (
            f'CAST(CASE WHEN "{name}" BETWEEN {lo} AND {hi} THEN round("{name}", 1) END AS {cast})'
        )
    record = {
        "interview_date": "interview_date",
        "interviewer": "interviewer",
        "department": "department",
        "role_title": "role_title",
        "role_family": "coalesce(role_family_match, CASE WHEN role_title IS NOT NULL THEN 'Other' END)",
        "seniority": "seniority",
        "format": "format",
        "duration_min": in_range["duration_min"],
        "source": "source",
        "comp_raw": "comp_raw",
        "comp_min": f"CASE WHEN {comp_ok} OR ({unconverted}) THEN comp_min END",
        "comp_max": f"CASE WHEN {comp_ok} OR ({unconverted}) THEN comp_max END",
        "comp_currency": "currency",
        "comp_period": "CASE WHEN comp_min IS NOT NULL OR comp_period IS NOT NULL THEN period END",
        "comp_min_annual": f"CASE WHEN {comp_ok} THEN {annual.format(b='min')} END",
        "comp_max_annual": f"CASE WHEN {comp_ok} THEN {annual.format(b='max')} END",
        "work_arrangement": "work_arrangement",
        "office_days": in_range["office_days"],
        "flexible_hours": "flexible_hours",
        "travel": "travel",
        "relocation": "relocation",
        "benefits": "benefits",
        "expected_years_to_promotion": in_range["expected_years_to_promotion"],
        "question_topics": "question_topics",
        "questions_text": "questions_text",
        "full_name": "full_name",
        "email": f"CASE WHEN {email_ok} THEN email_text END",
        "phone": "phone_e164",
        "linkedin_url": "CASE WHEN linkedin_slug <> '' THEN 'https://www.linkedin.com/in/' || linkedin_slug END",
        "city": "city",
        "city_raw": "city_raw",
        "region": "region",
        "country": "country",
        "current_title": "current_title",
        "current_employer": "current_employer",
        "years_experience": in_range["years_experience"],
        "career_stage": "career_stage",
        "skills": "skills",
        "available_from": "CASE WHEN available_from BETWEEN DATE '2000-01-01' AND $today + INTERVAL 5 YEAR "
        "THEN available_from END",
        "consent_to_contact": "consent_to_contact",
        "consent_date": "CASE WHEN consent_date <= $today THEN consent_date END",
        "referred_by": "referred_by",
        "fit_score": in_range["fit_score"],
        "interest_level": in_range["interest_level"],
        "credentials": "credentials",
        "pool_status": "pool_status",
        "tags": "tags",
        "notes": "notes",
        **{name: in_range[name] for name in culture},
    }
    record_sql = ", ".join(f'{expr} AS "{name}"' for name, expr in record.items())
    # Derived from reference data (FX, role families): left out so identity survives their updates.
    derived = ("role_family", "comp_min_annual", "comp_max_annual")
    # Doubles go in as scaled integers: DOUBLE -> VARCHAR is the slowest cast DuckDB has.
    doubles = {
        "comp_min",
        "comp_max",
        "years_experience",
        "expected_years_to_promotion",
        *dictionaries.rating_fields(),
    }
    # Ratings and lists come with their hash text from the dictionaries (one cast per value).
    keyed = (*dictionaries.rating_fields(), *LIST_FIELDS)
    keys = ", ".join(f'"{name}__key"' for name in keyed)
    # The city is hashed as written (city_raw), not as the alias list reads it, so a change
    # of that list never changes an interview's identity (DESIGN: the hash is a contract).
    hashed_as = {"city": "city_raw"}
    content = ", ".join(
        f'coalesce(r."{name}__key", chr(0)), chr(31)'
        if name in keyed
        else dictionaries.hash_key(
            f'r."{hashed_as.get(name, name)}"', "DOUBLE" if name in doubles else ""
        )
        + ", chr(31)"
        for name in record
        if name not in derived and name != "city_raw"
    )
    known_id = (
        "CASE WHEN candidate_id IS NOT NULL THEN "
        + identity.interview_id_sql("candidate_id", "interview_date", "interviewer", "role_title")
        + " ELSE 'a_' || substr(content_hash, 1, 16) END"
    )
    stamped = {
        "interview_id": known_id,
        "candidate_id": "candidate_id",
        "content_hash": "content_hash",
        "extra": "extra",
        "culture": culture_list("c"),
        "comp_mid_annual": "(comp_min_annual + comp_max_annual) / 2",
        "source_file": "($files::VARCHAR[])[__file + 1]",
        "source_row": "__row",
        "first_run_id": "$run_id",
        "last_run_id": "$run_id",
    }
    tomb_joins, erased, referrer_erased = "", "false", "false"
    if destination.tombstones:
        # A row of an erased person is stored as the anonymous response the erasure made
        # of it (etl.erasure): its ids keyed from the ones it would have had, personal
        # fields empty. Only tombstoned rows pay for this (CASE evaluates per branch).
        tomb_joins, erased, referrer_erased = _tombstone_joins()
        stamped["interview_id"] = (
            f"CASE WHEN __erased THEN {identity.erased_interview_id_sql(known_id)} ELSE {known_id} END"
        )
        stamped["content_hash"] = (
            f"CASE WHEN __erased THEN {identity.erased_content_hash_sql(known_id, 'content_hash')} "
            "ELSE content_hash END"
        )
        stamped["candidate_id"] = "CASE WHEN __erased THEN NULL ELSE candidate_id END"
        for name in personal.ERASED_FIELDS:
            value = stamped.get(name, f'c."{name}"')
            stamped[name] = f"CASE WHEN __erased THEN NULL ELSE {value} END"
        stamped["referred_by"] = (
            "CASE WHEN __erased OR __referrer_erased THEN NULL ELSE referred_by END"
        )
        scrubbed = personal.scrub_sql(
            "questions_text", "full_name", "email", "phone", "linkedin_url"
        )
        stamped["questions_text"] = f"CASE WHEN __erased THEN {scrubbed} ELSE questions_text END"
    columns = interview_columns(con)
    missing = [n for n, _, _ in columns if n not in stamped and n not in record]
    if missing:
        raise ValueError(f"interviews has columns the ETL does not fill: {', '.join(missing)}")
    row_sql = ", ".join(
        f'CAST({stamped.get(name, f"c.{chr(34)}{name}{chr(34)}")} AS {kind}) AS "{name}"'
        for name, kind, _ in columns
    )
    table = "TABLE main.normalized_ids" if destination.in_warehouse else "TEMP TABLE normalized_ids"
    con.execute(
        f"""CREATE OR REPLACE {table} AS
        WITH j AS ({joined}),
        k AS (
            SELECT j.*,
                CASE WHEN lo IS NULL AND hi IS NULL THEN least(smin, coalesce(smax, smin))
                     ELSE least(lo, coalesce(hi, lo)) END AS comp_min,
                CASE WHEN lo IS NULL AND hi IS NULL THEN greatest(coalesce(smax, smin), smin)
                     ELSE greatest(lo, coalesce(hi, lo)) END AS comp_max,
                coalesce(nullif(field_cands, []), text_cands) AS cands,
                coalesce(comp_period, period_in_text, $period_default, 'year') AS period
            FROM j
        ),
        m AS (
            SELECT k.*,
                CASE WHEN len(cands) = 1 THEN cands[1]
                     WHEN len(cands) > 1 AND list_contains(cands, country_currency) THEN country_currency
                     WHEN len(cands) > 1 AND list_contains(cands, 'USD') AND list_has_all({DOLLARS}, cands)
                          THEN 'USD'
                     WHEN len(cands) > 1 THEN NULL
                     WHEN currency_text IS NULL THEN coalesce(country_currency, $currency_default)
                END AS currency,
                CASE period WHEN 'year' THEN 1 WHEN 'month' THEN 12 WHEN 'week' THEN 52 WHEN 'day' THEN 260
                            WHEN 'hour' THEN 2080 END AS factor
            FROM k
        ),
        f AS (
            SELECT m.*, fx.units_per_usd AS rate, fb.units_per_usd AS base_rate
            FROM m
            LEFT JOIN fx_dense fx ON fx.currency = m.currency AND fx.year = year(m.interview_date)
            LEFT JOIN fx_dense fb ON fb.currency = $base AND fb.year = year(m.interview_date)
        ),
        g AS (
            SELECT f.*, {derived_once} FROM f
        ),
        h AS (
            SELECT g.*, comp_min IS NOT NULL AND rate IS NOT NULL AND {plausible} AS comp_ok FROM g
        ),
        r AS (
            SELECT __file, __row, __seq, extra, linkedin_slug, {keys}, {record_sql},
                {_list_of(warnings, "[]::STRUCT(field VARCHAR, value VARCHAR, reason VARCHAR)[]")} AS row_warnings,
                {_list_of(reasons, "[]::VARCHAR[]")} AS reasons
            FROM h
        ),
        c AS (
            SELECT r.*,
                {identity.candidate_id_sql("r.email", "r.phone", "r.linkedin_slug")} AS candidate_id,
                md5(concat({content}, chr(30), coalesce(CAST(r.extra AS VARCHAR), ''))) AS content_hash,
                {erased} AS __erased, {referrer_erased} AS __referrer_erased
            FROM r {tomb_joins}
        )
        SELECT {row_sql}, {", ".join(f"c.{name}" for name in INTERNAL_COLUMNS)}
        FROM c""",
        {
            "today": today,
            "period_default": options.comp_period_default,
            "currency_default": options.comp_currency_default,
            "files": destination.files,
            "run_id": destination.run_id,
            "base": base,
            **{f"formats_{n}": options.date_formats[n] for n in options.inline},
        },
    )
    _warnings(con)


def _warnings(con: duckdb.DuckDBPyConnection) -> None:
    """All warnings in long form: (__seq, field, value, reason)."""
    row_level = (
        "SELECT __seq, w.field, w.value, w.reason FROM "
        "(SELECT __seq, unnest(row_warnings) AS w FROM normalized_ids WHERE len(row_warnings) > 0)"
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE warnings AS {row_level}")
