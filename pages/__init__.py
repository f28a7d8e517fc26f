"""Dashboard pages (run by st.navigation from dashboard.py); UI only."""
