"""One candidate's profile: who they are, every interview, expectations over time, referrals.

:func:`load_profile` is the only entry point and the privacy gate: it returns None for
anyone the talent pool would not list (no consent to contact, withdrawn, anonymous,
unknown), so a profile URL can never reveal more than the pool does.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from insights import workspace
from insights.pool import base_currency, pool_cte
from insights.pool_filters import PoolFilters


@dataclass(frozen=True)
class Profile:
    candidate_id: str
    person: dict[str, Any]  # the candidate row, effective pool_status and tags included
    interviews: pd.DataFrame  # newest first
    expectations: pd.DataFrame  # oldest first: interview_date, pay_min, pay_mid, pay_max
    status_history: list[dict[str, Any]]  # oldest first: at, status, by, source
    referred_by: dict[str, Any] | None  # {name, candidate_id (None if not listable)}
    referrals_made: list[dict[str, Any]]  # listable candidates they referred: name, id
    referrals_hidden: int  # referred candidates who are not listable (counted, not named)
    shortlists: list[dict[str, Any]] = field(default_factory=list)
    currency: str = "USD"


def _listable(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The listable candidates among ``ids`` (the overlay must be registered on ``con``)."""
    if not ids:
        return {}
    rows = con.execute(
        f"{pool_cte(PoolFilters())} SELECT * EXCLUDE (skills_lc, search_text, pay_floor) "  # noqa: S608
        "FROM pool WHERE list_contains(?::VARCHAR[], candidate_id)",
        [ids],
    ).df()
    return {
        str(r["candidate_id"]): {str(k): v for k, v in r.items()} for r in rows.to_dict("records")
    }


def load_profile(
    con: duckdb.DuckDBPyConnection,
    candidate_id: str,
    workspace_path: str | os.PathLike[str] | None = None,
) -> Profile | None:
    """Everything the profile page shows, or None if this candidate may not be shown."""
    if not candidate_id:
        return None
    overlay = workspace.overlay(workspace_path) if workspace_path else workspace.empty_overlay()
    cur = con.cursor()
    try:
        overlay.register(cur)
        found = _listable(cur, [candidate_id])
        person = found.get(candidate_id)
        if person is None:
            return None
        person["warehouse_pool_status"] = person["pool_status"]
        person["warehouse_tags"] = list(person["tags"] if person["tags"] is not None else [])
        person["pool_status"] = person.pop("eff_status")
        person["tags"] = list(person.pop("eff_tags") if person["eff_tags"] is not None else [])
        interviews = _interviews(cur, candidate_id)
        referred_by = _referred_by(cur, person)
        made, hidden = _referrals_made(cur, candidate_id)
        currency = base_currency(cur)
    finally:
        cur.close()
    expectations = interviews.loc[
        interviews["comp_mid_annual"].notna()
        | interviews["comp_min_annual"].notna()
        | interviews["comp_max_annual"].notna(),
        ["interview_date", "comp_min_annual", "comp_mid_annual", "comp_max_annual", "comp_raw"],
    ].sort_values("interview_date", kind="stable")
    return Profile(
        candidate_id=candidate_id,
        person=person,
        interviews=interviews,
        expectations=expectations.reset_index(drop=True),
        status_history=_status_history(interviews, workspace_path, candidate_id),
        referred_by=referred_by,
        referrals_made=made,
        referrals_hidden=hidden,
        shortlists=workspace.shortlists_of(workspace_path, candidate_id) if workspace_path else [],
        currency=currency,
    )


def _interviews(con: duckdb.DuckDBPyConnection, candidate_id: str) -> pd.DataFrame:
    return con.execute(
        """
        SELECT i.interview_id, i.interview_date, i.interviewer, i.department, i.role_title,
               i.role_family, i.seniority, i.format, i.duration_min, i.source,
               i.comp_raw, i.comp_min_annual, i.comp_mid_annual, i.comp_max_annual,
               i.work_arrangement, i.office_days, i.relocation, i.travel, i.benefits,
               i.fit_score, i.interest_level, i.credentials, i.pool_status,
               i.question_topics, i.questions_text, i.notes,
               nullif(array_to_string(list_transform(list_sort(i.culture),
                   lambda r: replace(r.dimension, '_', ' ') || ' ' || CAST(r.rating AS VARCHAR)), ', '),
                   '') AS culture
        FROM interviews i
        WHERE i.candidate_id = ?
        ORDER BY i.interview_date DESC, i.interview_id
        """,
        [candidate_id],
    ).df()


def _referred_by(con: duckdb.DuckDBPyConnection, person: dict[str, Any]) -> dict[str, Any] | None:
    """Who referred them: a listable candidate by name and id; another candidate anonymised."""
    ref_id = person.get("referred_by_candidate_id")
    name = person.get("referred_by")
    if _blank(ref_id):
        return None if _blank(name) else {"name": name, "candidate_id": None}
    listable = _listable(con, [str(ref_id)])
    if str(ref_id) in listable:
        return {"name": listable[str(ref_id)]["full_name"], "candidate_id": str(ref_id)}
    return {"name": None, "candidate_id": None}  # a candidate we may not name


def _referrals_made(
    con: duckdb.DuckDBPyConnection, candidate_id: str
) -> tuple[list[dict[str, Any]], int]:
    rows = con.execute(
        "SELECT candidate_id FROM candidates WHERE referred_by_candidate_id = ? ORDER BY candidate_id",
        [candidate_id],
    ).fetchall()
    ids = [r[0] for r in rows]
    listable = _listable(con, ids)
    made = sorted(
        ({"name": p["full_name"], "candidate_id": cid} for cid, p in listable.items()),
        key=lambda r: (str(r["name"] or "").lower(), r["candidate_id"]),
    )
    return made, len(ids) - len(made)


def _status_history(
    interviews: pd.DataFrame, workspace_path: str | os.PathLike[str] | None, candidate_id: str
) -> list[dict[str, Any]]:
    """Statuses recorded in interviews (when they changed), then the recruiters' changes."""
    out: list[dict[str, Any]] = []
    previous: str | None = None
    for r in interviews.sort_values("interview_date", kind="stable").itertuples():
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


def as_date(value: Any) -> dt.date | None:
    if _blank(value):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None
