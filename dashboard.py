"""Streamlit entry point: page config, auth gate, navigation by role, global filters.

Run: streamlit run dashboard.py   (warehouse: $INSIGHTS_DB, else data/warehouse.duckdb)
"""

from __future__ import annotations

import streamlit as st

from insights import ui

st.set_page_config(
    page_title="Exploratory Interview Insights",
    page_icon=":material/forum:",
    layout="wide",
)

role = ui.auth.gate()

sections: dict[str, list[st.Page]] = {
    "Insights": [
        st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("views/compensation.py", title="Compensation", icon=":material/payments:"),
        st.Page("views/work_conditions.py", title="Work conditions", icon=":material/home_work:"),
        st.Page("views/culture.py", title="Culture", icon=":material/diversity_3:"),
        st.Page(
            "views/candidate_questions.py", title="Candidate questions", icon=":material/help:"
        ),
    ],
}
if ui.auth.can_see_talent(role):
    sections["Talent"] = [
        st.Page("views/talent_pool.py", title="Talent pool", icon=":material/groups:"),
        st.Page("views/candidate_profile.py", title="Candidate profile", icon=":material/person:"),
    ]
data_pages = [st.Page("views/reports.py", title="Reports", icon=":material/summarize:")]
if ui.auth.can_see_data(role):
    data_pages.append(st.Page("views/data.py", title="Data", icon=":material/database:"))
sections["Data"] = data_pages

page = st.navigation(sections)
st.session_state["insights_role"] = role
ui.render_filters()
page.run()
