"""One candidate's profile: who they are, every interview, expectations over time, referrals.

:func:`load_profile` is the only entry point and the privacy gate: it returns None for
anyone the talent pool would not list (no consent to contact, withdrawn on either side,
anonymous, unknown), so a profile URL can never reveal more than the pool does. A
referral to or from someone who may not be listed is counted, never named.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from insights import workspace
from insights.access import Principal
from insights.pool import PoolIndex, listable


@dataclass(frozen=True)
class Profile:
    candidate_id: str
    person: dict[str, Any]  # the pool's row: effective status and tags, pay stated and per year
    interviews: pd.DataFrame  # newest first
    expectations: pd.DataFrame  # oldest first: interviews that stated pay
    status_history: list[dict[str, Any]]  # oldest first: at, status, by, source
    referred_by: dict[str, Any] | None  # {name, candidate_id (None if not listable)}
    referrals_made: list[dict[str, Any]]  # listable candidates they referred: name, id
    referrals_hidden: int  # referred candidates who may not be listed (counted, not named)
    shortlists: list[dict[str, Any]] = field(default_factory=list)
    currency: str = "USD"


_INTERVIEWS_SQL = r"""
SELECT i.interview_id, i.interview_date, i.interviewer, i.department, i.role_title,
       i.role_family, i.seniority, i.format, i.duration_min, i.source,
       i.comp_raw, i.comp_min, i.comp_max, upper(i.comp_currency) AS comp_currency,
       i.comp_period, i.comp_min_annual, i.comp_mid_annual, i.comp_max_annual,
       i.work_arrangement, i.office_days, i.relocation, i.travel, i.benefits,
       i.fit_score, i.interest_level, i.credentials, i.pool_status,
       i.question_topics, i.questions_text, i.notes,
       nullif(array_to_string(list_transform(list_sort(i.culture),
           lambda r: replace(r.dimension, '_', ' ') || ' ' || regexp_replace(CAST(r.rating AS VARCHAR), '\.0$', '')), ', '),
           '') AS culture
FROM interviews i
WHERE i.candidate_id = ?
ORDER BY i.interview_date DESC, i.last_run_id DESC, i.source_row DESC, i.interview_id DESC
"""


def load_profile(
    caller: Principal,
    con: duckdb.DuckDBPyConnection,
    index: PoolIndex,
    candidate_id: str,
    workspace_path: str | os.PathLike[str] | None = None,
) -> Profile | None:
    """Everything the profile page shows, or None if this candidate may not be shown.

    ``con`` is the warehouse (interviews and referrals are read from it); ``index`` the
    pool index of the same version (who may be listed).
    """
    if not candidate_id:
        return None
    overlay = workspace.overlay(workspace_path) if workspace_path else workspace.empty_overlay()
    person = listable(caller, index, [candidate_id], overlay=overlay).get(candidate_id)
    if person is None:
        return None
    cur = con.cursor()
    try:
        interviews = cur.execute(_INTERVIEWS_SQL, [candidate_id]).df()
        referred = [
            str(r[0])
            for r in cur.execute(
                "SELECT candidate_id FROM candidates WHERE referred_by_candidate_id = ? "
                "ORDER BY candidate_id",
                [candidate_id],
            ).fetchall()
        ]
    finally:
        cur.close()
    ref_id = person.get("referred_by_candidate_id")
    others = listable(
        caller, index, [*referred, *([str(ref_id)] if not _blank(ref_id) else [])], overlay=overlay
    )
    made = sorted(
        (
            {"name": others[cid]["full_name"], "candidate_id": cid}
            for cid in referred
            if cid in others
        ),
        key=lambda r: (str(r["name"] or "").lower(), r["candidate_id"]),
    )
    expectations = interviews.loc[interviews["comp_mid_annual"].notna()].sort_values(
        "interview_date", kind="stable"
    )
    return Profile(
        candidate_id=candidate_id,
        person=person,
        interviews=interviews,
        expectations=expectations.reset_index(drop=True),
        status_history=_status_history(interviews, workspace_path, candidate_id),
        referred_by=_referred_by(person, others),
        referrals_made=made,
        referrals_hidden=len(referred) - len(made),
        shortlists=workspace.shortlists_of(workspace_path, candidate_id) if workspace_path else [],
        currency=index.base,
    )


def _referred_by(
    person: dict[str, Any], others: dict[str, dict[str, Any]]
) -> dict[str, Any] | None:
    """Who referred them: a listable candidate by name and id; another candidate anonymised;
    a referrer who is not a candidate by the name the interviewer wrote down."""
    ref_id = person.get("referred_by_candidate_id")
    name = person.get("referred_by")
    if _blank(ref_id):
        return None if _blank(name) else {"name": str(name).strip(), "candidate_id": None}
    found = others.get(str(ref_id))
    if found is not None:
        return {"name": found["full_name"], "candidate_id": str(ref_id)}
    return {"name": None, "candidate_id": None}  # a candidate we may not name


def _status_history(
    interviews: pd.DataFrame, workspace_path: str | os.PathLike[str] | None, candidate_id: str
) -> list[dict[str, Any]]:
    """Statuses recorded in interviews (when they changed), then the recruiters' changes."""
    out: list[dict[str, Any]] = []
    previous: str | None = None
    for r in interviews.iloc[::-1].itertuples():
        status = None if _blank(r.pool_status) else str(r.pool_status)
        if status and status != previous:
            out.append(
                {
                    "at": r.interview_date,
                    "status": status,
                    "by": r.interviewer,
                    "source": "interview",
                }
            )
            previous = status
    if workspace_path:
        for change in workspace.status_history(workspace_path, candidate_id):
            out.append(
                {
                    "at": change["changed_at"],
                    "status": change["new_status"],
                    "by": change["changed_by"],
                    "source": "workspace",
                    "old": change["old_status"],
                }
            )
    return out


def _blank(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()
