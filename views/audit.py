"""Audit trail (administrators): sign-ins, views of people, exports, loads, erasures,
account changes; append-only, chained so a change is evident."""

import streamlit as st

from insights.ui import admin

st.title("Audit trail")
admin.audit_page()
