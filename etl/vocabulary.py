"""Built-in vocabularies: enum synonyms, currency aliases, country aliases, calling codes.

Keys are normalised with `value_key` (lower case, runs of non-alphanumerics -> '_'),
the same normalisation the SQL applies (`norm_key` macro), so lookups are joins.
"""

from __future__ import annotations

import functools
import re

import phonenumbers
import pycountry

from etl import canonical


def value_key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", text.casefold()).strip("_")


_ENUM_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "seniority": {
        "intern": ("internship", "trainee", "apprentice", "working student", "werkstudent"),
        "junior": ("jr", "entry", "entry level", "graduate", "associate", "junior level", "i"),
        "mid": (
            "mid level",
            "midlevel",
            "intermediate",
            "medior",
            "regular",
            "professional",
            "ii",
            "mid senior",
        ),
        "senior": ("sr", "senior level", "experienced", "iii"),
        "lead": ("tech lead", "team lead", "principal", "staff", "lead level"),
        "manager": ("mgr", "management", "people manager", "head"),
        "director": ("dir", "senior director", "vp", "vice president"),
        "executive": ("exec", "c level", "c suite", "chief", "cxo", "svp", "evp"),
    },
    "format": {
        "video": (
            "video call",
            "zoom",
            "teams",
            "google meet",
            "meet",
            "online",
            "virtual",
            "remote",
            "webex",
        ),
        "phone": ("phone call", "call", "telephone", "tel"),
        "in_person": (
            "in person",
            "onsite",
            "on site",
            "face to face",
            "f2f",
            "office",
            "coffee",
            "in office",
        ),
        "group": ("group session", "panel", "group call", "roundtable"),
    },
    "source": {
        "referral": ("referred", "employee referral", "ref"),
        "linkedin": ("linked in", "li"),
        "career_fair": ("career fair", "job fair", "careers fair", "university fair", "campus"),
        "networking_event": ("networking", "event", "meetup", "conference", "networking event"),
        "alumni": ("alumni network", "alumnus", "alumna", "former employee", "boomerang"),
        "inbound": ("website", "careers page", "direct", "email", "cold email", "applied"),
        "other": ("others", "misc"),
    },
    "comp_period": {
        "year": (
            "yearly",
            "annual",
            "annually",
            "per year",
            "pa",
            "p_a",
            "yr",
            "y",
            "annum",
            "per annum",
        ),
        "month": ("monthly", "per month", "mo", "mon", "m", "pm", "mth"),
        "week": ("weekly", "per week", "wk", "w", "pw"),
        "day": ("daily", "per day", "d", "day rate", "diem"),
        "hour": ("hourly", "per hour", "hr", "hrs", "h", "ph"),
    },
    "work_arrangement": {
        "remote": (
            "fully remote",
            "full remote",
            "wfh",
            "work from home",
            "home office",
            "100 remote",
            "remote only",
            "remote first",
            "home",
            "telework",
            "anywhere",
        ),
        "hybrid": (
            "mixed",
            "partly remote",
            "partially remote",
            "partial remote",
            "hybrid remote",
            "split",
            "some days in office",
        ),
        "on_site": (
            "onsite",
            "on site",
            "office",
            "in office",
            "in the office",
            "in person",
            "on premises",
            "fully on site",
            "fully in office",
            "office based",
            "onsite only",
        ),
        "flexible": (
            "flex",
            "any",
            "no preference",
            "either",
            "open",
            "don t mind",
            "doesn t matter",
        ),
    },
    "travel": {
        "none": ("no", "no travel", "never", "0", "not willing"),
        "occasional": (
            "some",
            "sometimes",
            "rarely",
            "occasionally",
            "limited",
            "up to 25",
            "low",
            "yes some",
        ),
        "frequent": ("often", "frequently", "a lot", "lots", "high", "regular", "yes", "extensive"),
    },
    "relocation": {
        "yes": ("y", "true", "willing", "open", "yes willing", "1"),
        "no": ("n", "false", "not willing", "0", "never"),
        "maybe": ("possibly", "depends", "perhaps", "open to it", "unsure", "for the right role"),
    },
    "career_stage": {
        "student": ("students", "university", "undergraduate", "graduate student", "studying"),
        "early_career": (
            "early",
            "early career",
            "entry",
            "junior",
            "new grad",
            "graduate",
            "0 2 years",
        ),
        "mid_career": ("mid", "mid career", "midcareer", "experienced"),
        "senior": ("late career", "senior career", "executive", "veteran"),
        "career_changer": (
            "career change",
            "career switcher",
            "switcher",
            "changing careers",
            "career switch",
            "returner",
            "changer",
        ),
    },
    "credentials": {
        "verified": ("ok", "checked", "confirmed", "valid", "yes", "passed", "pass"),
        "pending": ("in progress", "requested", "waiting", "todo", "to do"),
        "failed": ("fail", "invalid", "rejected", "no", "not verified"),
        "not_checked": ("not checked", "unchecked", "n a", "na", "none", "unknown", "not yet"),
    },
    "pool_status": {
        "new": ("fresh", "open"),
        "prescreened": (
            "pre screened",
            "screened",
            "pre screen",
            "pre screening passed",
            "qualified",
        ),
        "nurture": ("nurturing", "keep warm", "later", "keep in touch"),
        "contacted": ("reached out", "in contact", "outreach"),
        "not_a_fit": ("not a fit", "no fit", "unsuitable", "rejected", "not suitable"),
        "hired": ("placed", "joined", "employed"),
        "withdrawn": ("withdrew", "opted out", "opt out", "unsubscribed", "do not contact"),
    },
    "benefits": {
        "health": ("health insurance", "healthcare", "medical", "dental", "vision", "insurance"),
        "retirement": ("pension", "401k", "401 k", "retirement plan", "superannuation"),
        "equity": ("stock", "stock options", "options", "esop", "rsu", "rsus", "shares"),
        "pto": (
            "vacation",
            "holidays",
            "paid time off",
            "time off",
            "leave",
            "annual leave",
            "holiday",
        ),
        "parental_leave": ("parental", "maternity", "paternity", "parental leave", "family leave"),
        "learning_budget": (
            "learning",
            "training",
            "education",
            "courses",
            "conference budget",
            "development budget",
            "learning and development",
            "l d",
        ),
        "remote_stipend": (
            "home office stipend",
            "remote allowance",
            "wfh stipend",
            "equipment",
            "home office budget",
            "stipend",
        ),
        "wellness": (
            "gym",
            "wellbeing",
            "well being",
            "mental health",
            "fitness",
            "wellness program",
        ),
        "other": ("others",),
    },
    "question_topics": {
        "career_paths": (
            "career path",
            "career",
            "paths",
            "career progression",
            "career development",
        ),
        "advancement_timeline": (
            "advancement",
            "promotion",
            "promotions",
            "timeline",
            "growth timeline",
        ),
        "skills_needed": ("skills", "skills needed", "required skills", "qualifications", "tools"),
        "industry_future": (
            "industry",
            "future",
            "industry trends",
            "market",
            "future of the industry",
        ),
        "interviewer_path": (
            "your path",
            "interviewer",
            "interviewer background",
            "your career",
            "your story",
        ),
        "compensation": ("pay", "salary", "comp", "benefits", "money", "bonus"),
        "culture": ("team culture", "values", "company culture", "team", "people"),
        "work_conditions": (
            "remote",
            "hours",
            "conditions",
            "working conditions",
            "office",
            "work life",
            "flexibility",
        ),
        "other": ("others", "misc"),
    },
}

BOOLEAN_WORDS: dict[str, bool] = {
    **{
        k: True
        for k in (
            "yes",
            "y",
            "true",
            "t",
            "1",
            "x",
            "checked",
            "ja",
            "oui",
            "si",
            "sí",
            "ok",
            "agreed",
            "consent",
            "consented",
            "i agree",
            "yes please",
        )
    },
    **{
        k: False
        for k in (
            "no",
            "n",
            "false",
            "f",
            "0",
            "unchecked",
            "nein",
            "non",
            "declined",
            "no thanks",
            "do not contact",
            "none",
        )
    },
}


def enum_synonyms() -> list[tuple[str, str, str]]:
    """(field, key, canonical value) rows: canonical values, their spellings and synonyms."""
    rows: dict[tuple[str, str], str] = {}
    fields = {**canonical.ENUMS, **canonical.CLOSED_LISTS}
    for field_name, allowed in fields.items():
        for value in allowed:
            rows[(field_name, value_key(value))] = value
        for value, spellings in _ENUM_SYNONYMS.get(field_name, {}).items():
            for spelling in spellings:
                rows.setdefault((field_name, value_key(spelling)), value)
    return [(f, k, v) for (f, k), v in rows.items()]


# Symbols and words that name a currency but not uniquely: resolved from the country.
_AMBIGUOUS_ALIASES: dict[str, tuple[str, ...]] = {
    "$": ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"),
    "dollar": ("USD", "CAD", "AUD", "NZD", "SGD", "HKD"),
    "dollars": ("USD", "CAD", "AUD", "NZD", "SGD", "HKD"),
    "kr": ("SEK", "NOK", "DKK", "ISK"),
    "krona": ("SEK", "ISK"),
    "krone": ("NOK", "DKK"),
    "kroner": ("NOK", "DKK"),
    "¥": ("JPY", "CNY"),
    "yuan": ("CNY",),
    "peso": ("MXN", "ARS", "CLP", "COP", "PHP"),
    "pesos": ("MXN", "ARS", "CLP", "COP", "PHP"),
    "franc": ("CHF",),
    "francs": ("CHF",),
}
_CURRENCY_ALIASES: dict[str, str] = {
    "us$": "USD",
    "usd$": "USD",
    "us dollar": "USD",
    "us dollars": "USD",
    "american dollars": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "aus$": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "can$": "CAD",
    "cdn": "CAD",
    "cdn$": "CAD",
    "nz$": "NZD",
    "hk$": "HKD",
    "s$": "SGD",
    "sg$": "SGD",
    "r$": "BRL",
    "mx$": "MXN",
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "eur€": "EUR",
    "£": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "quid": "GBP",
    "gbp£": "GBP",
    "₹": "INR",
    "rs": "INR",
    "rupee": "INR",
    "rupees": "INR",
    "inr₹": "INR",
    "lakh": "INR",
    "lakhs": "INR",
    "crore": "INR",
    "yen": "JPY",
    "円": "JPY",
    "zł": "PLN",
    "zl": "PLN",
    "zloty": "PLN",
    "złoty": "PLN",
    "rand": "ZAR",
    "reais": "BRL",
    "₩": "KRW",
    "won": "KRW",
    "₪": "ILS",
    "shekel": "ILS",
    "shekels": "ILS",
    "₺": "TRY",
    "lira": "TRY",
    "₱": "PHP",
    "kč": "CZK",
    "forint": "HUF",
    "aed": "AED",
    "dirham": "AED",
    "dirhams": "AED",
    "₦": "NGN",
    "naira": "NGN",
    "sfr": "CHF",
    "rmb": "CNY",
    "元": "CNY",
    "sek kr": "SEK",
    "nok kr": "NOK",
    "dkk kr": "DKK",
}
DOLLAR_FALLBACK = "USD"


@functools.cache
def currency_aliases() -> list[tuple[str, list[str]]]:
    """(alias, candidate ISO codes) for every ISO 4217 code, name, symbol and colloquial word."""
    out: dict[str, list[str]] = {}
    for currency in pycountry.currencies:
        code = currency.alpha_3
        out.setdefault(code.lower(), [code])
        out.setdefault(value_key(currency.name), [code])
        out.setdefault(value_key(currency.name) + "s", [code])
    for alias, code in _CURRENCY_ALIASES.items():
        out[alias] = [code]
        if len(value_key(alias)) >= 3:
            out.setdefault(value_key(alias), [code])
    for alias, codes in _AMBIGUOUS_ALIASES.items():
        out[alias] = list(codes)
    return sorted(out.items())


_COUNTRY_EXTRA: dict[str, str] = {
    "usa": "US",
    "u s a": "US",
    "u s": "US",
    "us": "US",
    "united states": "US",
    "united states of america": "US",
    "america": "US",
    "the united states": "US",
    "the us": "US",
    "unitedstates": "US",
    "u s of a": "US",
    "uk": "GB",
    "u k": "GB",
    "united kingdom": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "england uk": "GB",
    "gb": "GB",
    "the netherlands": "NL",
    "holland": "NL",
    "nederland": "NL",
    "deutschland": "DE",
    "germany": "DE",
    "espana": "ES",
    "españa": "ES",
    "brasil": "BR",
    "schweiz": "CH",
    "suisse": "CH",
    "österreich": "AT",
    "osterreich": "AT",
    "czechia": "CZ",
    "czech republic": "CZ",
    "south korea": "KR",
    "korea": "KR",
    "russia": "RU",
    "vietnam": "VN",
    "iran": "IR",
    "taiwan": "TW",
    "uae": "AE",
    "u a e": "AE",
    "united arab emirates": "AE",
    "hong kong": "HK",
    "turkey": "TR",
    "türkiye": "TR",
    "ivory coast": "CI",
    "new zealand": "NZ",
    "aotearoa": "NZ",
    "nz": "NZ",
    "australia": "AU",
    "aus": "AU",
    "canada": "CA",
    "can": "CA",
    "ireland": "IE",
    "republic of ireland": "IE",
    "eire": "IE",
    "india": "IN",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "syria": "SY",
    "laos": "LA",
    "moldova": "MD",
    "macedonia": "MK",
    "north macedonia": "MK",
    "palestine": "PS",
    "congo": "CG",
    "drc": "CD",
    "sicily": "IT",
    "catalonia": "ES",
    "puerto rico": "PR",
    "the philippines": "PH",
}


@functools.cache
def country_aliases() -> list[tuple[str, str]]:
    """(key, ISO alpha-2) from pycountry's codes and names plus common informal spellings."""
    out: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for name in (
            code,
            country.alpha_3,
            country.name,
            getattr(country, "official_name", None),
            getattr(country, "common_name", None),
        ):
            if name:
                out.setdefault(value_key(name), code)
    for alias, code in _COUNTRY_EXTRA.items():
        out[value_key(alias)] = code
    return sorted(out.items())


@functools.cache
def calling_codes() -> list[tuple[str, str]]:
    """(ISO alpha-2, international calling code) from libphonenumber's metadata."""
    rows = []
    for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items():
        for region in regions:
            if len(region) == 2 and region.isalpha():
                rows.append((region, str(code)))
    return sorted(set(rows))
