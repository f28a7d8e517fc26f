"""`staged` (canonical text) -> `normalized` (typed canonical record + warnings + reasons).

One set-based SQL statement does the per-row work: compensation text, currencies,
FX, dates, enumerations, lists, ratings, contacts, identities. Field names come from
etl.canonical (our own identifiers); every value from outside travels as a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from etl import canonical, lookups, settings

COMP_MIN_ANNUAL, COMP_MAX_ANNUAL = 1_000, 5_000_000
PERIOD_FACTOR = "CASE {p} WHEN 'year' THEN 1 WHEN 'month' THEN 12 WHEN 'week' THEN 52 WHEN 'day' THEN 260 WHEN 'hour' THEN 2080 END"
NUMBER_WITH_SUFFIX = (
    r"(\d[\d.,]*(?:[ '’]\d{3})*)(\s*(?:kpa|kpy|k|mm|m|mil|millions|million|thousand|grand|lakhs|lakh|crores|crore)\b)?"
)
NO_FIGURE_WORDS = (
    r"^\W*(negotiable|neg\.?|open|flexible|competitive|doe|depends( on [a-z ]+)?|tbd|tbc|market( rate)?|"
    r"prefer not to say|n/?a|none|nothing|not sure|unsure|to be discussed|-+)\W*$"
)
PERIOD_PATTERNS = (
    ("hour", r"(/|\bper\b|\ban?\b)\s*(h|hr|hrs|hour)\b|hourly|\bph\b|p/h"),
    ("day", r"(/|\bper\b|\ba\b)\s*(d|day)\b|daily|day rate|per diem"),
    ("week", r"(/|\bper\b|\ba\b)\s*(w|wk|week)\b|weekly|\bpw\b"),
    ("month", r"(/|\bper\b|\ba\b)\s*(m|mo|mon|mth|month)\b|monthly|\bpm\b|p\.m\.|/mo\b"),
    ("year", r"(/|\bper\b|\ban?\b)\s*(y|yr|year|annum)\b|annual|yearly|\bp\.?a\.?(\b|$)|kpa\b|\bpy\b"),
)
CURRENCY_TOKENS = r"[a-z]{1,3}\$|[$€£¥₹₩₪₺₱₦円元]|[a-zà-öø-ÿłžščř]+"
EMAIL_PATTERN = (
    r"[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,63}"
)
NUMBER_RANGES = {
    "duration_min": (1, 600, "minutes"),
    "office_days": (0, 5, "days a week"),
    "years_experience": (0, 60, "years"),
    "expected_years_to_promotion": (0, 30, "years"),
}


@dataclass
class NormalizeOptions:
    date_formats: dict[str, list[str]]
    comp_period_default: str | None = None
    comp_currency_default: str | None = None
    notes: list[str] = field(default_factory=list)


def prepare(con: duckdb.DuckDBPyConnection, date_format: str | None, defaults: dict[str, str]) -> NormalizeOptions:
    """Detect date orders and resolve fuzzy countries / role families over distinct values."""
    lookups.add_fuzzy_countries(con, "staged")
    lookups.build_title_families(con, "staged")
    formats: dict[str, list[str]] = {}
    notes: list[str] = []
    for name in ("interview_date", "available_from", "consent_date"):
        chosen, note = lookups.date_formats(con, "staged", name, date_format)
        formats[name] = chosen
        if note:
            notes.append(note)
    return NormalizeOptions(
        date_formats=formats,
        comp_period_default=defaults.get("comp_period"),
        comp_currency_default=defaults.get("comp_currency"),
        notes=notes,
    )


def sql_str(text: str) -> str:
    """A SQL string literal for one of this module's own pattern constants."""
    return "'" + text.replace("'", "''") + "'"


def _date(column: str, params: list[object], formats: list[str]) -> str:
    params.append(formats)
    x = f'trim(s."{column}")'
    return (
        f"CASE WHEN regexp_full_match({x}, '\\d{{5}}(\\.\\d+)?') "
        f"THEN DATE '1899-12-30' + CAST(floor(try_cast({x} AS DOUBLE)) AS INTEGER) "
        f"ELSE coalesce(CAST(try_cast({x} AS TIMESTAMP) AS DATE), CAST(try_strptime({x}, ?) AS DATE)) END"
    )


RATING_PATTERN = r"^(\d+(?:[.,]\d+)?)\s*(?:(?:/|of|out of)\s*(\d+))?\s*(?:stars?|points?|pts)?$"


def _rating(x: str) -> str:
    """'4', '4/5', '4 of 5', '8/10' (rescaled to 5) -> a number; checked against 1-5 later."""
    num = f"try_cast(replace(regexp_extract(lower(trim({x})), {sql_str(RATING_PATTERN)}, 1), ',', '.') AS DOUBLE)"
    den = f"try_cast(regexp_extract(lower(trim({x})), {sql_str(RATING_PATTERN)}, 2) AS DOUBLE)"
    return f"CASE WHEN {den} > 0 THEN {num} * 5 / {den} ELSE {num} END"


def _warn(condition: str, field_name: str, value: str, reason: str) -> str:
    return (
        f"CASE WHEN {condition} THEN {{'field': '{field_name}', 'value': CAST({value} AS VARCHAR), "
        f"'reason': {reason}}} END"
    )


def build_normalized(con: duckdb.DuckDBPyConnection, options: NormalizeOptions) -> None:
    params: list[object] = []
    today = lookups.today()
    base = settings.base_currency()
    enums = list(canonical.ENUMS)
    culture = [f.name for f in canonical.culture_fields()]

    enum_maps = ", ".join(
        f"map_from_entries(list((key, value)) FILTER (WHERE field = '{name}')) AS \"{name}\""
        for name in [*enums, *canonical.CLOSED_LISTS]
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE enum_maps AS SELECT {enum_maps} FROM enum_synonym")
    con.execute("CREATE OR REPLACE TEMP TABLE bool_map AS SELECT map_from_entries(list((key, value))) AS m FROM bool_word")

    # ---- step 1: parse every field from its text
    sel: list[str] = ["s.__file", "s.__row", "s.__seq", "s.extra"]
    for name in ("interview_date", "available_from", "consent_date"):
        sel.append(f"{_date(name, params, options.date_formats[name])} AS \"{name}\"")
    for name in ("interviewer", "department", "role_title", "questions_text", "full_name", "city", "region",
                 "current_title", "current_employer", "referred_by", "notes"):
        sel.append(f's."{name}"')
    sel.append("s.comp AS comp_raw")
    for name in enums:
        sel.append(f'map_extract_value(em."{name}", norm_key(s."{name}")) AS "{name}"')
    for name in ("flexible_hours", "consent_to_contact"):
        sel.append(f'map_extract_value(bm.m, norm_key(s."{name}")) AS "{name}"')
    for name in canonical.CLOSED_LISTS:
        sel.append(
            f'list_distinct(list_transform(list_filter(string_split_regex(s."{name}", \'[;,|\\n\\r]+\'), '
            f"lambda t: trim(t) <> ''), lambda t: coalesce(map_extract_value(em.\"{name}\", norm_key(t)), 'other'))) "
            f'AS "{name}"'
        )
    for name in canonical.OPEN_LISTS:
        sel.append(
            f'list_distinct(list_transform(list_filter(string_split_regex(s."{name}", \'[;,|\\n\\r]+\'), '
            f"lambda t: trim(t) <> ''), lambda t: trim(t))) AS \"{name}\""
        )
    for name in ("fit_score", "interest_level", *culture):
        sel.append(f'{_rating(f"s.{chr(34)}{name}{chr(34)}")} AS "{name}"')
    sel.append(
        "CASE WHEN regexp_matches(lower(s.duration_min), '\\d\\s*(h|hr|hrs|hour|hours)\\b') "
        "THEN loose_number(s.duration_min) * 60 ELSE loose_number(s.duration_min) END AS duration_min"
    )
    for name in ("office_days", "years_experience", "expected_years_to_promotion"):
        sel.append(f'loose_number(s."{name}") AS "{name}"')
    # contacts
    sel.append(
        "lower(trim(regexp_replace(coalesce(nullif(regexp_extract(s.email, '<([^>]+)>', 1), ''), s.email), "
        "'^\\s*mailto:', ''))) AS email_text"
    )
    sel.append(
        "CASE WHEN s.phone IS NULL THEN NULL ELSE "
        "regexp_replace(regexp_replace(s.phone, '\\s*(ext\\.?|extension|x|#)\\s*\\d{1,6}\\s*$', '', 'i'), "
        "'[^0-9+]', '', 'g') END AS phone_text"
    )
    sel.append(
        "CASE WHEN s.linkedin_url IS NULL THEN NULL "
        "WHEN regexp_matches(lower(s.linkedin_url), 'linkedin\\.com/(in|pub)/') "
        "THEN rtrim(regexp_extract(lower(s.linkedin_url), 'linkedin\\.com/(?:in|pub)/([^/?#\\s]+)', 1), '/') "
        "WHEN regexp_full_match(lower(trim(s.linkedin_url)), '(in/)?[a-z0-9][a-z0-9_%-]{2,99}/?') "
        "THEN rtrim(regexp_replace(lower(trim(s.linkedin_url)), '^in/', ''), '/') END AS linkedin_slug"
    )
    sel.append("ca.country AS country")
    sel.append('s.country AS country_text')
    sel.append("tf.role_family AS role_family_match")
    # compensation
    sel.append("lower(s.comp) AS comp_l")
    sel.append(
        "regexp_replace(lower(s.comp), '\\d[\\d.,]*\\s*%', ' ', 'g') AS comp_clean"
    )
    sel.append("s.comp_min AS comp_min_text, s.comp_max AS comp_max_text")
    sel.append('s.comp_currency AS currency_text, s.comp_period AS period_text')
    for name in ("seniority", "format", "source", "work_arrangement", "travel", "relocation", "career_stage",
                 "credentials", "pool_status", "flexible_hours", "consent_to_contact", "fit_score",
                 "interest_level", "duration_min", "office_days", "years_experience",
                 "expected_years_to_promotion", *culture):
        sel.append(f's."{name}" AS "{name}__text"')
    step1 = (
        f"CREATE OR REPLACE TEMP TABLE parsed AS SELECT {', '.join(sel)} FROM staged s "
        "CROSS JOIN enum_maps em CROSS JOIN bool_map bm "
        "LEFT JOIN country_alias ca ON ca.key = norm_key(s.country) "
        "LEFT JOIN title_family tf ON tf.title_key = ' ' || trim(regexp_replace(lower(s.role_title), "
        "'[^0-9a-z+#]+', ' ', 'g')) || ' '"
    )
    con.execute(step1, params)

    # ---- step 2: compensation figures, currency, FX, identities
    params = []
    period_text = " ".join(
        f"WHEN regexp_matches(p.comp_l, {sql_str(pattern)}) THEN '{period}'" for period, pattern in PERIOD_PATTERNS
    )
    nums = f"regexp_extract_all(p.comp_clean, {sql_str(NUMBER_WITH_SUFFIX)}, 1)"
    sufs = f"regexp_extract_all(p.comp_clean, {sql_str(NUMBER_WITH_SUFFIX)}, 2)"
    n1 = f"parse_number_token(clean_number_token({nums}[1]))"
    n2 = f"parse_number_token(clean_number_token({nums}[2]))"
    m1, m2 = f"multiplier({sufs}[1])", f"multiplier({sufs}[2])"

    def one_number(x: str) -> str:
        first = f"regexp_extract_all(lower({x}), {sql_str(NUMBER_WITH_SUFFIX)}, 1)[1]"
        suffix = f"regexp_extract_all(lower({x}), {sql_str(NUMBER_WITH_SUFFIX)}, 2)[1]"
        return f"parse_number_token(clean_number_token({first})) * multiplier({suffix})"

    tokens = f"regexp_extract_all(lower(p.currency_text), {sql_str(CURRENCY_TOKENS)}, 0)"
    text_tokens = f"regexp_extract_all(p.comp_l, {sql_str(CURRENCY_TOKENS)}, 0)"
    params += [options.comp_period_default, options.comp_currency_default]
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE comp_parsed AS
        SELECT p.*,
            CASE WHEN p.comp_l IS NULL THEN NULL
                 WHEN len({nums}) = 0 THEN NULL
                 ELSE {n1} * CASE WHEN {m1} = 1 AND {m2} > 1 AND {n1} < 1000 THEN {m2} ELSE {m1} END END AS lo,
            CASE WHEN len({nums}) >= 2 AND has_range(p.comp_clean) THEN {n2} * {m2} END AS hi,
            {one_number("p.comp_min_text")} AS smin,
            {one_number("p.comp_max_text")} AS smax,
            p.comp_l IS NOT NULL AND regexp_matches(p.comp_l, {sql_str(NO_FIGURE_WORDS)}) AS comp_no_figure,
            CASE {period_text} END AS period_in_text,
            coalesce(p.comp_period, CASE {period_text} END, ?, 'year') AS period,
            list_distinct(flatten(list_transform({tokens},
                lambda t: coalesce(map_extract_value(cm.any_alias, t), [])))) AS field_tokens_cands,
            list_distinct(list_filter(list_transform({tokens},
                lambda t: CASE WHEN length(t) = 3 AND map_extract_value(cm.any_alias, t) = [upper(t)]
                               THEN upper(t) END), lambda c: c IS NOT NULL)) AS field_code_cands,
            coalesce(map_extract_value(cm.any_alias, lower(trim(p.currency_text))),
                     map_extract_value(cm.any_alias, norm_key(p.currency_text))) AS field_whole_cands,
            list_distinct(flatten(list_transform({text_tokens},
                lambda t: coalesce(map_extract_value(cm.text_alias, t), [])))) AS text_cands,
            cc.currency AS country_currency,
            ? AS default_currency
        FROM parsed p CROSS JOIN currency_maps cm
        LEFT JOIN country_currency cc ON cc.country = p.country""",
        params,
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE comp_resolved AS
        SELECT c.*,
            CASE WHEN c.lo IS NULL AND c.hi IS NULL THEN least(c.smin, coalesce(c.smax, c.smin))
                 ELSE least(c.lo, coalesce(c.hi, c.lo)) END AS comp_min,
            CASE WHEN c.lo IS NULL AND c.hi IS NULL THEN greatest(coalesce(c.smax, c.smin), c.smin)
                 ELSE greatest(c.lo, coalesce(c.hi, c.lo)) END AS comp_max,
            coalesce(nullif(c.field_whole_cands, []), nullif(c.field_code_cands, []),
                     nullif(c.field_tokens_cands, []), c.text_cands, [])
                AS cands
        FROM comp_parsed c"""
    )
    params = [base, base]
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE fx_clamped AS
            SELECT currency, min(year) AS min_year, max(year) AS max_year FROM fx_rates GROUP BY currency;
        CREATE OR REPLACE TEMP TABLE comp_final AS
        WITH cur AS (
            SELECT c.*,
                CASE
                    WHEN len(c.cands) = 1 THEN c.cands[1]
                    WHEN len(c.cands) > 1 AND list_contains(c.cands, c.country_currency) THEN c.country_currency
                    WHEN len(c.cands) > 1 AND list_has_all(['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN'], c.cands)
                         AND list_contains(c.cands, 'USD') THEN 'USD'
                    WHEN len(c.cands) > 1 THEN NULL
                    WHEN c.currency_text IS NULL THEN coalesce(c.country_currency, c.default_currency)
                END AS currency
            FROM comp_resolved c
        )
        SELECT cur.*,
            f.units_per_usd AS rate, fb.units_per_usd AS base_rate,
            {PERIOD_FACTOR.format(p="cur.period")} AS factor
        FROM cur
        LEFT JOIN fx_clamped fc ON fc.currency = cur.currency
        LEFT JOIN fx_rates f ON f.currency = cur.currency
            AND f.year = least(greatest(year(cur.interview_date), fc.min_year), fc.max_year)
        LEFT JOIN fx_clamped bc ON bc.currency = ?
        LEFT JOIN fx_rates fb ON fb.currency = ?
            AND fb.year = least(greatest(year(cur.interview_date), bc.min_year), bc.max_year)""",
        params,
    )

    # ---- step 3: the canonical record, its warnings and its reasons to reject
    params = []
    annual = "c.comp_{b} * c.factor / c.rate * c.base_rate"
    plausible = (
        f"({annual.format(b='min')} BETWEEN {COMP_MIN_ANNUAL} AND {COMP_MAX_ANNUAL} "
        f"AND {annual.format(b='max')} BETWEEN {COMP_MIN_ANNUAL} AND {COMP_MAX_ANNUAL})"
    )
    phone = (
        "CASE WHEN c.phone_text IS NULL OR c.phone_text = '' THEN NULL "
        "WHEN starts_with(c.phone_text, '+') THEN '+' || replace(c.phone_text, '+', '') "
        "WHEN starts_with(c.phone_text, '00') THEN '+' || substr(c.phone_text, 3) "
        "WHEN pc.code = '1' AND length(c.phone_text) = 11 AND starts_with(c.phone_text, '1') THEN '+' || c.phone_text "
        "WHEN pc.code IN ('39', '378', '379') THEN '+' || pc.code || c.phone_text "
        "WHEN pc.code IS NOT NULL THEN '+' || pc.code || ltrim(c.phone_text, '0') END"
    )
    warnings: list[str] = []
    base_lit = base.replace("'", "")
    warnings.append(_warn(
        "c.comp_l IS NOT NULL AND c.comp_min IS NULL AND NOT c.comp_no_figure", "comp", "c.comp_raw",
        "'no pay figure found in the text'"))
    warnings.append(_warn(
        f"c.comp_min IS NOT NULL AND c.rate IS NOT NULL AND c.factor IS NOT NULL AND NOT {plausible}",
        "comp", "coalesce(c.comp_raw, CAST(c.comp_min AS VARCHAR))",
        f"'is ' || CAST(round({annual.format(b='min')}) AS BIGINT) || ' {base_lit} a year, outside "
        f"{COMP_MIN_ANNUAL:,}-{COMP_MAX_ANNUAL:,}'"))
    warnings.append(_warn(
        "c.currency_text IS NOT NULL AND len(c.cands) = 0", "comp_currency", "c.currency_text",
        "'unknown currency'"))
    warnings.append(_warn(
        "len(c.cands) > 1 AND c.currency IS NULL", "comp_currency", "coalesce(c.currency_text, c.comp_raw)",
        "'ambiguous currency (' || array_to_string(c.cands, '/') || ') and the country does not decide it'"))
    warnings.append(_warn(
        "len(c.cands) > 1 AND c.currency = 'USD' AND NOT coalesce(list_contains(c.cands, c.country_currency), false)",
        "comp_currency", "coalesce(c.currency_text, c.comp_raw)",
        "'ambiguous dollar sign read as USD (no country to decide)'"))
    warnings.append(_warn(
        "c.comp_min IS NOT NULL AND c.currency IS NULL AND len(c.cands) = 0 AND c.currency_text IS NULL",
        "comp_currency", "c.comp_raw", "'no currency given and none known for the country'"))
    warnings.append(_warn(
        "c.comp_min IS NOT NULL AND c.currency IS NOT NULL AND c.rate IS NULL", "comp_currency", "c.currency",
        "'no exchange rate for this currency in data/reference/fx_rates.csv'"))
    warnings.append(_warn(
        "c.period_text IS NOT NULL AND c.comp_period IS NULL", "comp_period", "c.period_text",
        f"'not one of {', '.join(canonical.COMP_PERIOD)}'"))
    for name in canonical.ENUMS:
        if name == "comp_period":
            continue
        allowed = ", ".join(canonical.ENUMS[name])
        warnings.append(_warn(f'c."{name}__text" IS NOT NULL AND c."{name}" IS NULL', name, f'c."{name}__text"',
                              f"'not one of {allowed}'"))
    for name in ("flexible_hours", "consent_to_contact"):
        warnings.append(_warn(f'c."{name}__text" IS NOT NULL AND c."{name}" IS NULL', name, f'c."{name}__text"',
                              "'not a yes/no answer'"))
    for name in ("fit_score", "interest_level", *culture):
        warnings.append(_warn(f'c."{name}__text" IS NOT NULL AND c."{name}" IS NULL', name, f'c."{name}__text"',
                              "'not a rating'"))
        warnings.append(_warn(f'c."{name}" IS NOT NULL AND NOT (c."{name}" BETWEEN 1 AND 5)', name,
                              f'c."{name}__text"', "'rating outside 1-5'"))
    for name, (lo, hi, unit) in NUMBER_RANGES.items():
        warnings.append(_warn(f'c."{name}__text" IS NOT NULL AND c."{name}" IS NULL', name, f'c."{name}__text"',
                              "'not a number'"))
        warnings.append(_warn(f'c."{name}" IS NOT NULL AND NOT (c."{name}" BETWEEN {lo} AND {hi})', name,
                              f'c."{name}__text"', f"'outside {lo}-{hi} {unit}'"))
    params_dates: list[object] = []
    for name, src in (("available_from", "available_from"), ("consent_date", "consent_date")):
        warnings.append(_warn(f'p_src."{src}" IS NOT NULL AND c."{name}" IS NULL', name, f'p_src."{src}"',
                              "'not a date'"))
    warnings.append(_warn("c.consent_date > ?::DATE", "consent_date", "c.consent_date", "'in the future'"))
    params_dates.append(today)
    warnings.append(_warn(
        "c.available_from NOT BETWEEN DATE '2000-01-01' AND ?::DATE + INTERVAL 5 YEAR", "available_from",
        "c.available_from", "'implausible date'"))
    params_dates.append(today)
    warnings.append(_warn(f"c.email_text IS NOT NULL AND NOT regexp_full_match(c.email_text, {sql_str(EMAIL_PATTERN)})",
                          "email", "p_src.email", "'not a valid e-mail address'"))
    warnings.append(_warn(f"c.phone_text IS NOT NULL AND NOT coalesce(regexp_full_match({phone}, '\\+[1-9]\\d{{7,14}}'), false)", "phone", "p_src.phone",
                          "'cannot be read as an international number (E.164)'"))
    warnings.append(_warn("p_src.linkedin_url IS NOT NULL AND c.linkedin_slug IS NULL", "linkedin_url",
                          "p_src.linkedin_url", "'not a LinkedIn profile URL'"))
    warnings.append(_warn("c.country_text IS NOT NULL AND c.country IS NULL", "country", "c.country_text",
                          "'unknown country'"))
    reasons = [
        "CASE WHEN p_src.interview_date IS NULL THEN 'interview_date: missing' END",
        "CASE WHEN p_src.interview_date IS NOT NULL AND c.interview_date IS NULL "
        "THEN 'interview_date: ''' || p_src.interview_date || ''' is not a date' END",
        "CASE WHEN c.interview_date > ?::DATE THEN 'interview_date: ' || c.interview_date || ' is in the future' END",
        "CASE WHEN c.interview_date < DATE '1990-01-01' THEN 'interview_date: ' || c.interview_date || ' is before 1990' END",
        "CASE WHEN c.role_title IS NULL THEN 'role_title: missing' END",
    ]
    params_reasons: list[object] = [today]

    comp_ok = f"(c.comp_min IS NOT NULL AND c.rate IS NOT NULL AND c.factor IS NOT NULL AND {plausible})"
    record_fields = [
        "interview_date", "interviewer", "department", "role_title", "seniority", "format", "duration_min",
        "source", "comp_raw", "comp_min", "comp_max", "comp_currency", "comp_period", "work_arrangement",
        "office_days", "flexible_hours", "travel", "relocation", "benefits", "expected_years_to_promotion",
        "question_topics", "questions_text", "full_name", "email", "phone", "linkedin_url", "city", "region",
        "country", "current_title", "current_employer", "years_experience", "career_stage", "skills",
        "available_from", "consent_to_contact", "consent_date", "referred_by", "fit_score", "interest_level",
        "credentials", "pool_status", "tags", "notes", *culture,
    ]
    content = "{" + ", ".join(f"'{f}': r.\"{f}\"" for f in record_fields) + "}"
    nullify = {
        name: f'CASE WHEN c."{name}" BETWEEN 1 AND 5 THEN c."{name}" END'
        for name in ("fit_score", "interest_level", *culture)
    }
    for name, (lo, hi, _unit) in NUMBER_RANGES.items():
        cast = "INTEGER" if name in ("duration_min", "office_days") else "DOUBLE"
        nullify[name] = f'CAST(CASE WHEN c."{name}" BETWEEN {lo} AND {hi} THEN round(c."{name}", 1) END AS {cast})'
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE normalized AS
        WITH rec AS (
            SELECT c.__file, c.__row, c.__seq, c.extra,
                c.interview_date, c.interviewer, c.department, c.role_title,
                coalesce(c.role_family_match, CASE WHEN c.role_title IS NOT NULL THEN 'Other' END) AS role_family,
                c.seniority, c.format, {nullify['duration_min']} AS duration_min, c.source,
                c.comp_raw,
                CASE WHEN {comp_ok} OR (c.comp_min IS NOT NULL AND (c.rate IS NULL OR c.factor IS NULL))
                     THEN c.comp_min END AS comp_min,
                CASE WHEN {comp_ok} OR (c.comp_min IS NOT NULL AND (c.rate IS NULL OR c.factor IS NULL))
                     THEN c.comp_max END AS comp_max,
                c.currency AS comp_currency,
                CASE WHEN c.comp_min IS NOT NULL OR c.comp_period IS NOT NULL THEN c.period END AS comp_period,
                CASE WHEN {comp_ok} THEN {annual.format(b='min')} END AS comp_min_annual,
                CASE WHEN {comp_ok} THEN {annual.format(b='max')} END AS comp_max_annual,
                c.work_arrangement, {nullify['office_days']} AS office_days, c.flexible_hours, c.travel,
                c.relocation, nullif(c.benefits, []) AS benefits,
                {nullify['expected_years_to_promotion']} AS expected_years_to_promotion,
                nullif(c.question_topics, []) AS question_topics, c.questions_text, c.full_name,
                CASE WHEN regexp_full_match(c.email_text, {sql_str(EMAIL_PATTERN)}) THEN c.email_text END AS email,
                CASE WHEN regexp_full_match({phone}, '\\+[1-9]\\d{{7,14}}') THEN {phone} END AS phone,
                CASE WHEN c.linkedin_slug IS NOT NULL AND c.linkedin_slug <> ''
                     THEN 'https://www.linkedin.com/in/' || c.linkedin_slug END AS linkedin_url,
                c.city, c.region, c.country, c.current_title, c.current_employer,
                {nullify['years_experience']} AS years_experience, c.career_stage, nullif(c.skills, []) AS skills,
                CASE WHEN c.available_from BETWEEN DATE '2000-01-01' AND ?::DATE + INTERVAL 5 YEAR
                     THEN c.available_from END AS available_from,
                c.consent_to_contact,
                CASE WHEN c.consent_date <= ?::DATE THEN c.consent_date END AS consent_date,
                c.referred_by, {nullify['fit_score']} AS fit_score, {nullify['interest_level']} AS interest_level,
                c.credentials, c.pool_status, nullif(c.tags, []) AS tags, c.notes,
                {", ".join(f'{nullify[n]} AS "{n}"' for n in culture) or "NULL AS __no_culture"},
                list_filter([{", ".join(warnings)}], lambda w: w IS NOT NULL) AS warnings,
                list_filter([{", ".join(reasons)}], lambda r: r IS NOT NULL) AS reasons,
                c.linkedin_slug
            FROM comp_final c
            JOIN staged p_src ON p_src.__seq = c.__seq
            LEFT JOIN calling_code_one pc ON pc.country = c.country
        )
        SELECT r.*,
            CASE WHEN r.email IS NOT NULL THEN 'c_' || substr(md5('email:' || r.email), 1, 16)
                 WHEN r.phone IS NOT NULL THEN 'c_' || substr(md5('phone:' || r.phone), 1, 16)
                 WHEN r.linkedin_url IS NOT NULL THEN 'c_' || substr(md5('linkedin:' || r.linkedin_slug), 1, 16)
            END AS candidate_id,
            CAST({content} AS JSON) AS mapped_content
        FROM rec r""",
        [today, today, *params_dates, *params_reasons],
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE normalized_ids AS
        SELECT n.*,
            CASE WHEN n.candidate_id IS NOT NULL
                 THEN 'i_' || substr(md5(concat_ws('|', n.candidate_id, CAST(n.interview_date AS VARCHAR),
                                                   lower(coalesce(n.interviewer, '')), lower(n.role_title))), 1, 16)
                 ELSE 'a_' || substr(md5(CAST(n.mapped_content AS VARCHAR)
                                         || coalesce(CAST(n.extra AS VARCHAR), '')), 1, 16)
            END AS interview_id,
            md5(CAST(n.mapped_content AS VARCHAR) || coalesce(CAST(n.extra AS VARCHAR), '')) AS content_hash
        FROM normalized n"""
    )
