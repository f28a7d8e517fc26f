"""Which fields are personal data, and what anonymising a row means.

An erasure or a retention run (etl.erasure), and a load that meets a row of an erased
person (a tombstoned identity, etl.load), turn the row into the same anonymous response:

- ERASED_FIELDS are emptied: who the person is (name, contacts, current title and
  employer), what the employer noted or decided about them (notes, tags, pre-screen,
  pool status), their consent and availability, the referral they named, the unmapped
  columns of their row (`extra`: a form may carry anything there) and its row number in
  the export (a pointer back to the person);
- `questions_text` is kept (the Candidate questions page counts its phrases) with the
  person's own name, e-mail, phone and LinkedIn replaced by "[erased]";
- every other field is kept, so every aggregate is unchanged: dates, role, seniority,
  pay, work arrangement, ratings, benefits, topics, city/region/country, experience,
  career stage and fit score (the Overview's mean fit).

PERSONAL_FIELDS are the fields whose source columns rejected rows mask for readers without
the raw permission (any value that looks like an e-mail or a phone number is masked too).
"""

from __future__ import annotations

from etl.identity import slug_sql

# Who the person is and what was noted about them: masked in rejected rows, erased below.
PERSONAL_FIELDS = (
    "full_name",
    "email",
    "phone",
    "linkedin_url",
    "current_title",
    "current_employer",
    "notes",
    "referred_by",
)
ERASED_FIELDS = (
    *PERSONAL_FIELDS,
    "skills",
    "tags",
    "available_from",
    "consent_to_contact",
    "consent_date",
    "interest_level",
    "credentials",
    "pool_status",
    "extra",
    "source_row",
)
SCRUBBED_FIELDS = ("questions_text",)
ERASED_MARK = "[erased]"


def scrub_sql(text: str, name: str, email: str, phone: str, linkedin_url: str) -> str:
    """SQL: `text` with the row's own name (as a whole word), e-mail, phone and LinkedIn
    profile replaced by ERASED_MARK, case-insensitively (column expressions in)."""
    slug = slug_sql(linkedin_url)
    parts = [
        f"CASE WHEN length(trim({name})) >= 2 THEN '\\b' || regexp_escape(trim({name})) || '\\b' END",
        f"regexp_escape({email})",
        f"regexp_escape({phone})",
        f"CASE WHEN length({slug}) >= 3 THEN regexp_escape({slug}) END",
    ]
    pattern = f"concat_ws('|', {', '.join(parts)})"
    return (
        f"CASE WHEN {text} IS NULL OR {pattern} = '' THEN {text} "
        f"ELSE regexp_replace({text}, {pattern}, '{ERASED_MARK}', 'gi') END"
    )
