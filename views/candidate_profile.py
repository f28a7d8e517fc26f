"""Candidate profile: who they are, how to reach them, every interview, expectations over
time, status, tags, shortlists and referrals.

UI only: insights.profile.load_profile is the privacy gate (None = may not be shown).
Reached from the Talent pool, a referral link, or by URL ``candidate_profile?candidate=ID``.
"""

from __future__ import annotations

import streamlit as st

from insights.profile import load_profile
from insights.ui import pool as ui
from insights.ui.pool import profile as sections

if not ui.require_recruiter():
    st.stop()
con = ui.warehouse()
index = ui.pool_index() if con is not None else None
if con is None or index is None:
    st.stop()
st.page_link(ui.POOL_PAGE, label="Back to the talent pool", icon=":material/arrow_back:")

candidate_id = (st.query_params.get("candidate") or "").strip()
if not candidate_id:
    st.title("Candidate profile")
    st.info("Open a candidate from the talent pool to see their profile.")
    st.stop()

profile = load_profile(ui.principal(), con, index, candidate_id, ui.workspace_file())
if profile is None:
    st.title("Candidate profile")
    st.info("This candidate profile is not available.", icon=":material/person_off:")
    st.stop()

sections.log_view(candidate_id)
ui.flash()
sections.header(profile)
sections.facts(profile)
sections.expectations(profile)
sections.status_tags_lists(profile)
sections.interviews(profile)
sections.referrals(profile)
