"""Data: import feedback-form exports (upload, map, dry run, load) and check data quality."""

import streamlit as st

from insights.ui import auth, imports

st.title("Data")
if not auth.can_see_data(st.session_state.get("insights_role")):
    st.warning("Imports and data quality are for HR and recruiters.", icon=":material/lock:")
    st.stop()

importing, checking = st.tabs(["Import", "Quality"])
with importing:
    imports.import_panel()
with checking:
    imports.quality_panel()
