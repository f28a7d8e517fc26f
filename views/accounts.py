"""Accounts (administrators): who may sign in, with which role."""

import streamlit as st

from insights.ui import admin

st.title("Accounts")
st.caption(
    "Built-in accounts sign in with a password (argon2-hashed); accounts without one sign "
    "in through OpenID Connect when it is configured. Every change is audited."
)
admin.accounts_page()
