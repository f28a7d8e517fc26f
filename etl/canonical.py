"""The canonical record (DESIGN section 2): field names, kinds, enumerations, header spellings."""

from __future__ import annotations

from dataclasses import dataclass

from etl import settings

SENIORITY = ("intern", "junior", "mid", "senior", "lead", "manager", "director", "executive")
FORMAT = ("video", "phone", "in_person", "group")
SOURCE = ("referral", "linkedin", "career_fair", "networking_event", "alumni", "inbound", "other")
COMP_PERIOD = ("year", "month", "week", "day", "hour")
WORK_ARRANGEMENT = ("remote", "hybrid", "on_site", "flexible")
TRAVEL = ("none", "occasional", "frequent")
RELOCATION = ("yes", "no", "maybe")
BENEFITS = (
    "health",
    "retirement",
    "equity",
    "pto",
    "parental_leave",
    "learning_budget",
    "remote_stipend",
    "wellness",
    "other",
)
QUESTION_TOPICS = (
    "career_paths",
    "advancement_timeline",
    "skills_needed",
    "industry_future",
    "interviewer_path",
    "compensation",
    "culture",
    "work_conditions",
    "other",
)
CAREER_STAGE = ("student", "early_career", "mid_career", "senior", "career_changer")
CREDENTIALS = ("verified", "pending", "failed", "not_checked")
POOL_STATUS = ("new", "prescreened", "nurture", "contacted", "not_a_fit", "hired", "withdrawn")

ENUMS: dict[str, tuple[str, ...]] = {
    "seniority": SENIORITY,
    "format": FORMAT,
    "source": SOURCE,
    "comp_period": COMP_PERIOD,
    "work_arrangement": WORK_ARRANGEMENT,
    "travel": TRAVEL,
    "relocation": RELOCATION,
    "career_stage": CAREER_STAGE,
    "credentials": CREDENTIALS,
    "pool_status": POOL_STATUS,
}
# Multi-valued fields with a closed vocabulary: unknown items become "other".
CLOSED_LISTS: dict[str, tuple[str, ...]] = {
    "benefits": BENEFITS,
    "question_topics": QUESTION_TOPICS,
}
OPEN_LISTS = ("skills", "tags")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text | date | enum | list | rating | number | integer | bool | comp | email | phone | url | country
    synonyms: tuple[str, ...] = ()


# Header spellings the built-in default profile recognises (matched trimmed, case- and
# punctuation-insensitive). The canonical name itself always matches too.
FIELDS: tuple[Field, ...] = (
    Field(
        "interview_date",
        "date",
        (
            "Date of interview",
            "Interview date",
            "Date",
            "Timestamp",
            "Submitted at",
            "Interviewed on",
            "Meeting date",
        ),
    ),
    Field("interviewer", "text", ("Interviewer", "Interviewed by", "Interviewer name", "Host")),
    Field("department", "text", ("Department", "Team", "Business unit", "Dept")),
    Field(
        "role_title",
        "text",
        (
            "Role",
            "Role discussed",
            "Job title",
            "Position",
            "Role title",
            "Role of interest",
            "Title discussed",
        ),
    ),
    Field("seniority", "enum", ("Seniority", "Level", "Seniority level", "Career level")),
    Field("format", "enum", ("Format", "Interview format", "Meeting format", "Medium")),
    Field(
        "duration_min",
        "integer",
        ("Duration", "Duration (min)", "Duration minutes", "Length (minutes)", "Minutes"),
    ),
    Field("source", "enum", ("Source", "Lead source", "How did they find us", "Channel")),
    Field(
        "comp",
        "comp",
        (
            "Expected salary",
            "Salary expectation",
            "Salary expectations",
            "Expected compensation",
            "Compensation expectation",
            "Desired salary",
            "Expected pay",
            "Pay expectation",
            "Annual salary (gross)",
        ),
    ),
    Field(
        "comp_min", "number", ("Expected salary min", "Salary min", "Min salary", "Minimum salary")
    ),
    Field(
        "comp_max", "number", ("Expected salary max", "Salary max", "Max salary", "Maximum salary")
    ),
    Field("comp_currency", "text", ("Currency", "Salary currency", "Comp currency")),
    Field("comp_period", "enum", ("Pay period", "Salary period", "Period", "Comp period")),
    Field(
        "work_arrangement",
        "enum",
        (
            "Work arrangement",
            "Preferred work arrangement",
            "Remote or on-site?",
            "Remote preference",
            "Work mode",
            "Work setup",
        ),
    ),
    Field(
        "office_days",
        "integer",
        ("Office days", "Days in office", "Preferred office days", "Office days per week"),
    ),
    Field(
        "flexible_hours", "bool", ("Flexible hours", "Wants flexible hours", "Flexible schedule")
    ),
    Field("travel", "enum", ("Travel", "Travel willingness", "Willing to travel")),
    Field("relocation", "enum", ("Relocation", "Willing to relocate", "Open to relocation")),
    Field(
        "benefits",
        "list",
        ("Benefits", "Benefits wanted", "Important benefits", "Benefits that matter"),
    ),
    Field(
        "expected_years_to_promotion",
        "number",
        ("Expected years to promotion", "Years to promotion", "Promotion expectation (years)"),
    ),
    Field(
        "question_topics",
        "list",
        ("Question topics", "Topics asked", "Questions asked about", "Topics"),
    ),
    Field(
        "questions_text",
        "text",
        ("Questions", "Questions asked", "Questions text", "What did they ask"),
    ),
    Field("full_name", "text", ("Name", "Full name", "Candidate name", "Candidate")),
    Field(
        "email",
        "email",
        ("Email", "E-mail", "Email address", "E-mail address", "Candidate email", "Mail"),
    ),
    Field("phone", "phone", ("Phone", "Phone number", "Telephone", "Mobile", "Tel")),
    Field("linkedin_url", "url", ("LinkedIn", "LinkedIn URL", "LinkedIn profile", "Linkedin link")),
    Field("city", "text", ("City", "Town", "Location city")),
    Field("region", "text", ("Region", "State", "Province", "State/Region")),
    Field("country", "country", ("Country", "Country of residence", "Location country", "Nation")),
    Field(
        "current_title",
        "text",
        ("Current title", "Current job title", "Current role", "Current position"),
    ),
    Field(
        "current_employer", "text", ("Current employer", "Employer", "Current company", "Company")
    ),
    Field(
        "years_experience",
        "number",
        ("Years of experience", "Years experience", "Experience (years)", "YOE"),
    ),
    Field("career_stage", "enum", ("Career stage", "Stage", "Career phase")),
    Field("skills", "list", ("Skills", "Key skills", "Top skills")),
    Field(
        "available_from",
        "date",
        ("Available from", "Availability", "Available start date", "Can start"),
    ),
    Field(
        "consent_to_contact",
        "bool",
        ("Consent to contact", "Consent", "May we contact you", "Contact consent", "OK to contact"),
    ),
    Field("consent_date", "date", ("Consent date", "Date of consent")),
    Field("referred_by", "text", ("Referred by", "Referrer", "Referral from")),
    Field("fit_score", "rating", ("Fit score", "Fit", "Overall fit")),
    Field("interest_level", "rating", ("Interest level", "Interest", "Candidate interest")),
    Field("credentials", "enum", ("Credentials", "Credentials check", "Credential status")),
    Field("pool_status", "enum", ("Pool status", "Status", "Talent pool status")),
    Field("tags", "list", ("Tags", "Labels")),
    Field("notes", "text", ("Notes", "Interviewer notes", "Comments", "Remarks")),
)


def culture_fields() -> tuple[Field, ...]:
    """One rating field per configured culture dimension, named culture_<dimension>."""
    out = []
    for dim in settings.culture_dimensions():
        label = dim.replace("_", " ")
        out.append(
            Field(
                f"culture_{dim}",
                "rating",
                (
                    label,
                    f"Culture: {label}",
                    f"{label} rating",
                    f"Importance of {label}",
                    f"culture {label}",
                ),
            )
        )
    return tuple(out)


def all_fields() -> dict[str, Field]:
    return {f.name: f for f in (*FIELDS, *culture_fields())}


REQUIRED = ("interview_date", "role_title")
