"""The administrators' Privacy page: erase a person on request, and anonymise candidates
with no contact for a period (retention). Both preview first and act only after an
explicit confirmation; insights.erasure checks the role, keeps the tombstones and audits.

Previews run on a button, not on every rerun: a retention preview leaves an audit entry,
and a person looked up for erasure is looked up once, on purpose.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from insights import erasure
from insights.state import StateBusy
from insights.ui import principal
from insights.ui.data import db_path
from insights.ui.plain import md

KIND_LABELS = {"email": "E-mail", "phone": "Phone", "linkedin": "LinkedIn profile URL"}
COUNT_LABELS = {
    "candidates": "Candidate records",
    "interviews": "Interviews anonymised",
    "versions": "Interview versions anonymised",
    "warnings": "Load warnings cleared of values",
    "rejected_rows": "Rejected rows cleared of their record",
    "referrals": "Referral links emptied",
    "expired_rejected_rows": "Rejected rows past the cutoff cleared",
    "workspace_rows": "Shortlist places, tags, status changes and saved searches removed",
    "audit_entries_redacted": "Audit entries whose typed text named them, redacted",
}
_PREVIEW = "privacy_erasure_preview"
_DONE = "privacy_erasure_done"
_DUE = "privacy_retention_due"


def page() -> None:
    erase_tab, retention_tab = st.tabs(["Erase a person", "Retention"])
    with erase_tab:
        erasure_section()
    with retention_tab:
        retention_section()


def _counts(summary: erasure.ErasureSummary) -> pd.DataFrame:
    body = summary.to_dict()
    counts = {k: v for k, v in body.items() if isinstance(v, int) and not isinstance(v, bool)}
    workspace_rows = body.get("workspace_rows")
    counts["workspace_rows"] = (
        sum(workspace_rows.values()) if isinstance(workspace_rows, dict) else 0
    )
    rows: list[dict[str, object]] = [
        {"What": label, "Count": counts[key]}
        for key, label in COUNT_LABELS.items()
        if key in counts and (counts[key] or key in ("candidates", "interviews"))
    ]
    rows.append({"What": "Tombstones kept", "Count": len(summary.tombstones)})
    return pd.DataFrame(rows, columns=["What", "Count"])


def _show_counts(summary: erasure.ErasureSummary) -> None:
    st.dataframe(_counts(summary), hide_index=True, width="content")


def _failed(exc: Exception) -> None:
    known = (erasure.IdentityError, StateBusy, erasure.ErasureIncomplete, erasure.RetentionChanged)
    if isinstance(exc, known):
        st.error(md(str(exc)))
    else:  # one line for a person; the details stay in the server's log
        st.error(md(f"The action failed ({type(exc).__name__}); nothing was changed."))


def erasure_section() -> None:
    st.markdown(
        "Removes one person's personal data from every table, every kept copy and the "
        "recruiters' workspace. Their interviews stay as anonymous responses, so every "
        "figure on the insight pages is unchanged. A tombstone keeps them out when an old "
        "export is loaded again."
    )
    done = st.session_state.pop(_DONE, None)
    if done is not None:
        # Before the widgets are drawn: the erased value leaves the form too.
        st.session_state["privacy_value"] = ""
        st.session_state["privacy_sure"] = False
        st.success("Erased. The audit trail holds the counts below, never the erased data.")
        _show_counts(done)
    kind = st.radio(
        "Find the person by",
        list(KIND_LABELS),
        format_func=KIND_LABELS.__getitem__,
        horizontal=True,
        key="privacy_kind",
    )
    value = st.text_input(KIND_LABELS[kind], key="privacy_value").strip()
    if st.button("Preview", key="privacy_preview", disabled=not value):
        try:
            found = erasure.preview_erasure(principal(), kind, value, db=db_path())
        except Exception as exc:  # noqa: BLE001 - shown as one line
            st.session_state.pop(_PREVIEW, None)
            _failed(exc)
            return
        st.session_state[_PREVIEW] = (kind, value, found)
    preview: tuple[str, str, erasure.ErasureSummary] | None = st.session_state.get(_PREVIEW)
    if preview is None or preview[:2] != (kind, value):
        st.caption("Preview first: it shows what the erasure would change.")
        return
    found = preview[2]
    if found.interviews or found.rejected_rows or found.candidates:
        st.warning("This person's data would be erased:", icon=":material/warning:")
        _show_counts(found)
    else:
        st.info(
            "Nobody with this identity is in the warehouse. Erasing still keeps a "
            "tombstone, so a later load of an export holding them keeps them anonymous."
        )
    sure = st.checkbox("I understand that this cannot be undone", key="privacy_sure")
    if st.button("Erase", type="primary", key="privacy_erase", disabled=not sure):
        try:
            with st.spinner("Erasing and rewriting the warehouse…"):
                summary = erasure.erase(principal(), kind, value, db=db_path())
        except Exception as exc:  # noqa: BLE001 - shown as one line
            _failed(exc)
            return
        st.session_state.pop(_PREVIEW, None)
        st.session_state[_DONE] = summary
        st.rerun()


def _due_table(due: list[erasure.Due]) -> pd.DataFrame:
    rows: list[dict[str, Any]] = [
        {
            "Candidate": d.candidate_id,
            "Last contact": d.last_contact.isoformat(),
            "Interviews": d.interviews,
            "Consent given": d.consent_date.isoformat() if d.consent_date else "not recorded",
            "Consent source": d.consent_source or "",
        }
        for d in due
    ]
    columns = ["Candidate", "Last contact", "Interviews", "Consent given", "Consent source"]
    return pd.DataFrame(rows, columns=columns)


def retention_section() -> None:
    st.markdown(
        "Candidates with no contact (no interview and no consent given) for the period are "
        "anonymised: their personal fields go everywhere, their interviews stay as "
        "anonymous responses. A later interview with new consent loads as usual."
    )
    months = int(
        st.number_input(
            "Months since the last contact",
            min_value=1,
            max_value=600,
            value=erasure.DEFAULT_MONTHS,
            step=1,
            key="privacy_months",
        )
    )
    st.caption(md(f"Cutoff: no contact since {erasure.cutoff_date(months):%Y-%m-%d}."))
    if st.button("List who is due", key="privacy_list"):
        try:
            st.session_state[_DUE] = (
                months,
                erasure.retention_preview(principal(), months, db=db_path()),
            )
        except Exception as exc:  # noqa: BLE001 - shown as one line
            _failed(exc)
            return
    listed: tuple[int, list[erasure.Due]] | None = st.session_state.get(_DUE)
    if listed is None or listed[0] != months:
        return
    due = listed[1]
    if not due:
        st.success(md(f"Nobody is due: everyone had contact in the last {months} months."))
        return
    st.markdown(f"**{len(due):,} candidate(s)** had no contact for {months} months.")
    st.dataframe(_due_table(due), hide_index=True, width="stretch")
    sure = st.checkbox("I understand that this cannot be undone", key="privacy_retention_sure")
    if st.button(
        f"Anonymise {len(due):,} candidate(s)",
        type="primary",
        key="privacy_apply",
        disabled=not sure,
    ):
        try:
            with st.spinner("Anonymising and rewriting the warehouse…"):
                summary = erasure.apply_retention(
                    principal(),
                    months,
                    db=db_path(),
                    expected=[d.candidate_id for d in due],
                )
        except Exception as exc:  # noqa: BLE001 - shown as one line
            if isinstance(exc, erasure.RetentionChanged):
                st.session_state.pop(_DUE, None)
            _failed(exc)
            return
        st.session_state.pop(_DUE, None)
        st.success("Done. The audit trail holds the counts, never the anonymised data.")
        _show_counts(summary)
