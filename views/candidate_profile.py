"""Candidate profile: who they are, how to reach them, every interview, status, shortlists.

UI only: insights.profile.load_profile is the privacy gate (None = may not be shown).
Reached from the Talent pool or by URL ``?candidate=ID``.
"""

from __future__ import annotations

import streamlit as st

from insights.profile import load_profile
from insights.ui import pool as ui

if not ui.require_recruiter():
    st.stop()
con = ui.warehouse()
if con is None:
    st.stop()
st.page_link(ui.POOL_PAGE, label="Back to the talent pool", icon=":material/arrow_back:")

candidate_id = (st.query_params.get("candidate") or "").strip()
if not candidate_id:
    st.title("Candidate profile")
    st.info("Open a candidate from the talent pool to see their profile.")
    st.stop()

ws = ui.workspace_file()
profile = load_profile(con, candidate_id, ws)
if profile is None:
    st.title("Candidate profile")
    st.info("This candidate profile is not available.", icon=":material/person_off:")
    st.stop()

ui.log_profile_view(candidate_id)
ui.flash()
ui.profile_header(profile)
ui.profile_status_and_tags(profile)
ui.profile_expectations(profile)
ui.profile_interviews(profile)
ui.profile_referrals(profile)
