"""Every page of the app, the section it sits in and the permission it needs.

All pages are registered with st.navigation for every role, so a deep link always
resolves to its page; a page the role may not use is hidden from the menu and says so
when a link opens it. The read side checks the role again, so hiding is never the only
guard.
"""

from __future__ import annotations

from dataclasses import dataclass

from insights.access import Permission, Principal, Role


@dataclass(frozen=True)
class PageEntry:
    path: str
    title: str
    icon: str
    permission: Permission
    # Whether the page reads the global sidebar filters (insight pages and reports); the
    # others (talent pool, data, administration) do not show them, so no filter seems to
    # apply where it does not.
    filtered: bool = False


SECTIONS: dict[str, tuple[PageEntry, ...]] = {
    "Insights": (
        PageEntry(
            "views/overview.py",
            "Overview",
            ":material/dashboard:",
            Permission.AGGREGATES,
            filtered=True,
        ),
        PageEntry(
            "views/compensation.py",
            "Compensation",
            ":material/payments:",
            Permission.AGGREGATES,
            filtered=True,
        ),
        PageEntry(
            "views/work_conditions.py",
            "Work conditions",
            ":material/home_work:",
            Permission.AGGREGATES,
            filtered=True,
        ),
        PageEntry(
            "views/culture.py",
            "Culture",
            ":material/diversity_3:",
            Permission.AGGREGATES,
            filtered=True,
        ),
        PageEntry(
            "views/candidate_questions.py",
            "Candidate questions",
            ":material/help:",
            Permission.AGGREGATES,
            filtered=True,
        ),
    ),
    "Talent": (
        PageEntry("views/talent_pool.py", "Talent pool", ":material/groups:", Permission.TALENT),
        PageEntry(
            "views/candidate_profile.py",
            "Candidate profile",
            ":material/person:",
            Permission.TALENT,
        ),
    ),
    "Data": (
        PageEntry(
            "views/reports.py", "Reports", ":material/summarize:", Permission.REPORTS, filtered=True
        ),
        PageEntry("views/data.py", "Data", ":material/database:", Permission.IMPORTS),
    ),
    "Administration": (
        PageEntry(
            "views/accounts.py", "Accounts", ":material/manage_accounts:", Permission.ACCOUNTS
        ),
        PageEntry("views/audit.py", "Audit trail", ":material/policy:", Permission.AUDIT),
        PageEntry("views/privacy.py", "Privacy", ":material/shield_person:", Permission.ERASURE),
    ),
}
DEFAULT = "views/overview.py"


def menu(role: Role) -> dict[str, list[str]]:
    """The page titles a role sees in the menu, by section (empty sections left out)."""
    who = Principal("", role)
    out = {
        section: [e.title for e in entries if who.may(e.permission)]
        for section, entries in SECTIONS.items()
    }
    return {section: titles for section, titles in out.items() if titles}


def roles_for(permission: Permission) -> list[Role]:
    return [r for r in Role if Principal("", r).may(permission)]
