"""The sections of the Candidate profile page. Every value from the data is text
(``md`` where Streamlit takes Markdown, ``st.text`` for free text such as notes)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from insights import workspace
from insights.pool.columns import as_date, items, number, text
from insights.pool.money import pay_range
from insights.pool_filters import LISTABLE_STATUSES, pretty
from insights.profile import Profile
from insights.profile.figures import expectations_figure
from insights.ui.pool import PROFILE_PAGE, actor, busy_safe, md, say, workspace_file

EMAIL = re.compile(r"[A-Za-z0-9._%+\-']+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
LINKEDIN = re.compile(r"https://([a-z]{2,3}\.)?linkedin\.com/(in|pub)/[A-Za-z0-9_%\-]+/?")
STATUSES = (*LISTABLE_STATUSES, "withdrawn")


def _v(value: Any) -> str | None:
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    day = as_date(value)
    if day is not None:
        return day.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return text(value)


def _score(value: Any) -> str:
    n = number(value)
    return "–" if n is None else f"{n:g} / 5"


OPEN_PROFILE = "profile_view_open"


def log_view(candidate_id: str) -> None:
    """Audit each opening of a profile by each user: a rerun of the same open profile (a
    status change, a tag) is not a new view; leaving the page and coming back is."""
    opened = (actor(), candidate_id)
    if st.session_state.get(OPEN_PROFILE) != opened:
        workspace.log_event(workspace_file(), actor(), "profile_view", candidate_id)
        st.session_state[OPEN_PROFILE] = opened


def header(profile: Profile) -> None:
    p = profile.person
    st.title(md(_v(p.get("full_name")) or "Unnamed candidate"), anchor=False)
    role = " at ".join(x for x in (_v(p.get("current_title")), _v(p.get("current_employer"))) if x)
    place = ", ".join(
        x for x in (_v(p.get("city")), _v(p.get("region")), _v(p.get("country"))) if x
    )
    bits = [b for b in (role, place) if b]
    years = number(p.get("years_experience"))
    if years is not None:
        bits.append(f"{years:g} years of experience")
    if bits:
        st.markdown(" · ".join(md(b) for b in bits))
    contact = []
    email = _v(p.get("email"))
    if email:
        contact.append(
            f":material/mail: [{md(email)}](mailto:{email})"
            if EMAIL.fullmatch(email)
            else md(email)
        )
    phone = _v(p.get("phone"))
    if phone:
        contact.append(f":material/call: {md(phone)}")
    linkedin = _v(p.get("linkedin_url"))
    if linkedin:
        contact.append(
            f":material/link: [LinkedIn]({linkedin})"
            if LINKEDIN.fullmatch(linkedin)
            else md(linkedin)
        )
    st.markdown("  ·  ".join(contact) if contact else "No contact details on file.")
    consent = _v(p.get("consent_date"))
    st.caption(
        "Consented to be contacted"
        + (f" on {consent}." if consent else ".")
        + " Reach out about roles only; keep notes factual."
    )


def facts(profile: Profile) -> None:
    """Scores, status and the expectation, each fully visible."""
    p = profile.person
    c = st.columns(4)
    c[0].metric("Fit", _score(p.get("fit_score")))
    c[1].metric("Interest", _score(p.get("interest_level")))
    c[2].metric("Credentials", pretty(_v(p.get("credentials")) or "–"))
    c[3].metric("Available from", _v(p.get("available_from")) or "–")
    c = st.columns(4)
    c[0].metric("Pool status", pretty(_v(p.get("eff_status")) or "new"))
    c[1].metric("Prefers", pretty(_v(p.get("work_arrangement")) or "–"))
    c[2].metric("Relocation", pretty(_v(p.get("relocation")) or "–"))
    c[3].metric("Seniority", pretty(_v(p.get("seniority")) or "–"))
    stated = pay_range(
        p.get("pay_min"), p.get("pay_max"), p.get("pay_currency"), p.get("pay_period")
    )
    per_year = pay_range(p.get("pay_min_shown"), p.get("pay_max_shown"), profile.currency)
    if stated:
        line = f"**Expects:** {md(stated)}" + (" per year" if p.get("pay_period") == "year" else "")
        line += " (as stated, latest interview that gave an expectation)"
        if per_year and (
            str(p.get("pay_currency")) != profile.currency or p.get("pay_period") != "year"
        ):
            line += f" · about {md(per_year)} per year"
        st.markdown(line)
    else:
        st.markdown("**Expects:** no pay expectation recorded.")
    skills = items(p.get("skills"))
    if skills:
        st.markdown("**Skills:** " + md(", ".join(skills)))
    extra = [
        ("Role family", _v(p.get("role_family"))),
        ("Career stage", pretty(_v(p.get("career_stage")) or "") or None),
        ("Interviews", _v(p.get("interview_count"))),
        ("Last interview", _v(p.get("last_interview_date"))),
    ]
    st.caption(" · ".join(f"{k}: {md(v)}" for k, v in extra if v))
    notes = _v(p.get("notes"))
    if notes:
        st.markdown("**Latest notes**")
        st.text(notes)


@busy_safe
def _save_status(ws: Path, candidate_id: str, current: str | None) -> None:
    new = st.session_state.get("profile_status")
    if new and workspace.set_pool_status(
        ws, candidate_id, new, current_status=current, actor=actor()
    ):
        say(f"Pool status set to “{pretty(new)}”.")


@busy_safe
def _save_tags(ws: Path, candidate_id: str, current: list[str]) -> None:
    wanted = st.session_state.get("profile_tags") or []
    added, removed = workspace.set_tags(
        ws, candidate_id, wanted, current_tags=current, actor=actor()
    )
    parts = []
    if added:
        parts.append("added " + md(", ".join(added)))
    if removed:
        parts.append("removed " + md(", ".join(removed)))
    if parts:
        say("Tags " + "; ".join(parts) + ".")


def status_tags_lists(profile: Profile) -> None:
    ws = workspace_file()
    p = profile.person
    current = _v(p.get("eff_status"))
    tags = items(p.get("eff_tags"))
    st.subheader("Pool status, tags and shortlists", divider="gray")
    c1, c2 = st.columns(2)
    with c1:
        if st.session_state.get("profile_for") != profile.candidate_id:
            st.session_state["profile_for"] = profile.candidate_id
            st.session_state["profile_status"] = current if current in STATUSES else None
            st.session_state["profile_tags"] = tags
        st.selectbox(
            "Pool status",
            list(STATUSES),
            key="profile_status",
            format_func=pretty,
            help="“Withdrawn” removes the candidate from the pool and from profiles.",
        )
        st.button(
            "Save status",
            key="profile_save_status",
            on_click=_save_status,
            args=(ws, profile.candidate_id, current),
        )
    with c2:
        options = sorted({*tags, *(st.session_state.get("profile_tags") or [])})
        st.multiselect(
            "Tags",
            options,
            key="profile_tags",
            accept_new_options=True,
            placeholder="Add a tag",
            help="Type a new tag and press Enter.",
        )
        st.button(
            "Save tags",
            key="profile_save_tags",
            on_click=_save_tags,
            args=(ws, profile.candidate_id, tags),
        )
    if profile.status_history:
        rows = [
            {
                "When": _v(h["at"]),
                "Status": pretty(h["status"]),
                "Changed from": pretty(h["old"]) if h.get("old") else "",
                "By": _v(h.get("by")) or "",
                "Recorded": "in an interview" if h["source"] == "interview" else "by a recruiter",
            }
            for h in reversed(profile.status_history)
        ]
        st.markdown("**Status history** (newest first)")
        st.dataframe(pd.DataFrame(rows), hide_index=True)
    if profile.shortlists:
        st.markdown("**On shortlists**")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Shortlist": s["name"],
                        "Owner": s["owner"] or "",
                        "Stage": workspace.STAGE_LABELS.get(s["stage"], s["stage"]),
                        "Note": s["note"] or "",
                        "Added": _v(s["added_at"]),
                    }
                    for s in profile.shortlists
                ]
            ),
            hide_index=True,
        )
    else:
        st.caption("Not on any shortlist.")


def expectations(profile: Profile) -> None:
    st.subheader("Expectations over time", divider="gray")
    if profile.expectations.empty:
        st.caption("No pay expectation recorded in any interview.")
        return
    st.plotly_chart(
        expectations_figure(profile.expectations, profile.currency),
        config={"displaylogo": False},
        key="profile_expectations",
    )


def interviews(profile: Profile) -> None:
    df = profile.interviews
    st.subheader(f"Interviews ({len(df)})", divider="gray")
    for r in df.to_dict("records"):
        title = f"{_v(r['interview_date'])} · {_v(r['role_title']) or 'role not recorded'}"
        if _v(r.get("interviewer")):
            title += f" · with {_v(r['interviewer'])}"
        with st.expander(md(title), expanded=len(df) <= 2):
            c1, c2, c3 = st.columns(3)
            duration = _v(r.get("duration_min"))
            with c1:
                st.markdown("**Conversation**")
                _bullets(
                    ("Interviewer", _v(r.get("interviewer"))),
                    ("Department", _v(r.get("department"))),
                    ("Role discussed", _v(r.get("role_title"))),
                    ("Seniority", pretty(_v(r.get("seniority")) or "") or None),
                    ("Format", pretty(_v(r.get("format")) or "") or None),
                    ("Duration", f"{duration} min" if duration else None),
                    ("Source", pretty(_v(r.get("source")) or "") or None),
                )
            with c2:
                st.markdown("**Expectations**")
                stated = pay_range(
                    r.get("comp_min"),
                    r.get("comp_max"),
                    r.get("comp_currency"),
                    r.get("comp_period"),
                )
                per_year = pay_range(
                    r.get("comp_min_annual"), r.get("comp_max_annual"), profile.currency
                )
                pay = None
                if stated:
                    pay = stated + (
                        f" (about {per_year} per year)" if per_year and per_year != stated else ""
                    )
                benefits = items(r.get("benefits"))
                _bullets(
                    ("Pay", pay),
                    ("As written", _v(r.get("comp_raw"))),
                    ("Work arrangement", pretty(_v(r.get("work_arrangement")) or "") or None),
                    ("Office days", _v(r.get("office_days"))),
                    ("Travel", pretty(_v(r.get("travel")) or "") or None),
                    ("Relocation", pretty(_v(r.get("relocation")) or "") or None),
                    ("Benefits", ", ".join(pretty(b) for b in benefits) if benefits else None),
                    ("Culture (1-5)", _v(r.get("culture"))),
                )
            with c3:
                st.markdown("**Scores**")
                _bullets(
                    ("Fit", _score(r.get("fit_score"))),
                    ("Interest", _score(r.get("interest_level"))),
                    ("Credentials", pretty(_v(r.get("credentials")) or "–")),
                    ("Pool status then", pretty(_v(r.get("pool_status")) or "–")),
                )
            topics = items(r.get("question_topics"))
            if topics:
                st.markdown("**Asked about:** " + md(", ".join(pretty(t) for t in topics)))
            if _v(r.get("questions_text")):
                st.markdown("**Questions asked**")
                st.text(str(r.get("questions_text")))
            if _v(r.get("notes")):
                st.markdown("**Notes**")
                st.text(str(r.get("notes")))


def _bullets(*pairs: tuple[str, str | None]) -> None:
    lines = [f"- {label}: {md(value)}" for label, value in pairs if value]
    st.markdown("\n".join(lines) if lines else "–")


def referrals(profile: Profile) -> None:
    """Who referred them and whom they referred, as links to those profiles."""
    st.subheader("Referrals", divider="gray")
    ref = profile.referred_by
    if ref is None:
        st.caption("Not referred by anyone on record.")
    elif ref.get("candidate_id"):
        st.page_link(
            PROFILE_PAGE,
            label=f"Referred by {md(ref['name'] or 'a candidate')}",
            query_params={"candidate": ref["candidate_id"]},
            icon=":material/person:",
        )
    elif ref.get("name"):
        st.markdown(f"Referred by {md(ref['name'])} (not in the talent pool).")
    else:
        st.markdown("Referred by another candidate whose profile is not available.")
    made = profile.referrals_made
    total = len(made) + profile.referrals_hidden
    if total:
        st.markdown(f"**Referred {total} candidate{'s' if total != 1 else ''}**")
        for r in made:
            st.page_link(
                PROFILE_PAGE,
                label=md(r["name"] or "Unnamed candidate"),
                query_params={"candidate": r["candidate_id"]},
                icon=":material/person:",
            )
        if profile.referrals_hidden:
            hidden = profile.referrals_hidden
            st.caption(f"{hidden} of them {'is' if hidden == 1 else 'are'} not available to show.")
    else:
        st.caption("Has not referred anyone on record.")
