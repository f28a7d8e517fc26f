"""Privacy (administrators): erasure on request and retention, each previewed first."""

import streamlit as st

from insights.ui import privacy

st.title("Privacy")
st.caption(
    "Erasures and retention runs are audited with counts only; the erased data never "
    "reaches the audit trail."
)
privacy.page()
