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


# Every page is registered, so a link to any of them resolves (instead of silently
# landing on Overview); a page the role may not see is hidden from the menu and
# ui.auth.page_access decides what a link to it shows.
def restricted(path: str, title: str, icon: str) -> st.Page:
    url = path.removeprefix("views/").removesuffix(".py")
    seen = "visible" if ui.auth.may_see(url, role) else "hidden"
    return st.Page(path, title=title, icon=icon, visibility=seen)


sections["Talent"] = [
    restricted("views/talent_pool.py", "Talent pool", ":material/groups:"),
    restricted("views/candidate_profile.py", "Candidate profile", ":material/person:"),
]
sections["Data"] = [
    st.Page("views/reports.py", title="Reports", icon=":material/summarize:"),
    restricted("views/data.py", "Data", ":material/database:"),
]
page = st.navigation(sections)
ui.auth.page_access(page.url_path, page.title, role)
ui.auth.show_notice()
st.session_state["insights_role"] = role
ui.render_filters()
page.run()
