"""Dashboard pages, run by st.navigation from dashboard.py; UI only.

Not named pages/: Streamlit treats a pages/ folder beside the entry script as a
multi-page app of its own, and a deep link such as /talent_pool then ran the page file
without dashboard.py (no sign-in, no role gate, no filters)."""
