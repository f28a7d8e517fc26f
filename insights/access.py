"""Who may do what: roles, the permissions they grant, and the check every door makes.

Pure (no Streamlit, no database). The read side checks a permission before it returns
anything (insights.reader.Reader.require), so a page, a report, an export or a command
that forgets to check still gets nothing: the navigation only hides what the read side
already refuses.
"""

from __future__ import annotations

import enum
import getpass
from dataclasses import dataclass


class Role(enum.StrEnum):
    VIEWER = "viewer"
    HR = "hr"
    RECRUITER = "recruiter"
    ADMIN = "admin"


ROLE_LABELS: dict[Role, str] = {
    Role.VIEWER: "Viewer",
    Role.HR: "HR / total rewards",
    Role.RECRUITER: "Recruiter",
    Role.ADMIN: "Administrator",
}


class Permission(enum.StrEnum):
    AGGREGATES = "aggregates"  # insight pages, headline figures
    REPORTS = "reports"  # the expectations report (aggregates only)
    IMPORTS = "imports"  # upload, dry run, load; load history and data quality
    REJECTED_ROWS = "rejected_rows"  # rejected rows, personal fields masked
    RAW_REJECTED_ROWS = "raw_rejected_rows"  # rejected rows as read, personal data included
    TALENT = "talent"  # talent pool, candidate profiles, their exports (consenting only)
    ACCOUNTS = "accounts"  # accounts and roles
    AUDIT = "audit"  # reading the audit trail
    ERASURE = "erasure"  # erasure and retention


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset({Permission.AGGREGATES}),
    Role.HR: frozenset(
        {Permission.AGGREGATES, Permission.REPORTS, Permission.IMPORTS, Permission.REJECTED_ROWS}
    ),
}
_GRANTS[Role.RECRUITER] = _GRANTS[Role.HR] | {Permission.TALENT}
_GRANTS[Role.ADMIN] = frozenset(Permission)


class AccessDenied(PermissionError):
    """Raised by the read side when the caller's role lacks a permission."""

    def __init__(self, principal: Principal, permission: Permission) -> None:
        self.principal = principal
        self.permission = permission
        super().__init__(
            f"{ROLE_LABELS[principal.role]} may not use {permission.value.replace('_', ' ')}"
        )


@dataclass(frozen=True)
class Principal:
    """Who is asking: a user name (for the audit trail) and a role."""

    name: str
    role: Role

    def may(self, permission: Permission) -> bool:
        return permission in _GRANTS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.may(permission):
            raise AccessDenied(self, permission)


def grants(role: Role) -> frozenset[Permission]:
    return _GRANTS[role]


def role_of(value: str) -> Role:
    """A role from its name; ValueError naming the valid ones."""
    try:
        return Role(value.strip().lower())
    except ValueError:
        raise ValueError(
            f"unknown role {value!r}: use one of {', '.join(r.value for r in Role)}"
        ) from None


def _shell_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (e.g. a bare container)
        return "unknown"


# What the command line acts as: whoever runs it owns the installation's files anyway.
SYSTEM = Principal(f"command line ({_shell_user()})", Role.ADMIN)
