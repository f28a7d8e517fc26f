"""The administrators' pages: accounts (add, change role, reset password, remove) and the
audit trail (read, filter, check the chain). Thin: insights.admin checks the role."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import streamlit as st

from insights import admin
from insights.access import ROLE_LABELS, Role
from insights.state import StateBusy
from insights.state.accounts import AccountError
from insights.ui import principal
from insights.ui.plain import md

ROLES = [r.value for r in Role]


def accounts_page() -> None:
    caller = principal()
    try:
        rows = admin.list_accounts(caller)
    except StateBusy as exc:
        st.error(md(exc))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Username": a.username,
                    "Role": ROLE_LABELS[a.role],
                    "Signs in with": "password" if a.has_password else "OpenID Connect",
                    "Created (UTC)": f"{a.created_at:%Y-%m-%d %H:%M}",
                    "Changed (UTC)": f"{a.updated_at:%Y-%m-%d %H:%M}",
                }
                for a in rows
            ],
            columns=["Username", "Role", "Signs in with", "Created (UTC)", "Changed (UTC)"],
        ),
        hide_index=True,
        width="stretch",
    )
    add, change = st.columns(2)
    with add, st.form("account_add", clear_on_submit=True):
        st.markdown("**Add an account**")
        name = st.text_input("Username (or e-mail for OpenID Connect)")
        role = st.selectbox("Role", ROLES, format_func=lambda r: ROLE_LABELS[Role(r)])
        password = st.text_input(
            "Password (empty: signs in through OpenID Connect)", type="password"
        )
        if st.form_submit_button("Add account", type="primary"):
            _act(lambda: admin.add_account(caller, name, role, password=password or None), "Added.")
    with change:
        names = [a.username for a in rows]
        if not names:
            st.info("No accounts yet.")
            return
        who = st.selectbox("Account", names, key="account_pick")
        new_role = st.selectbox(
            "New role", ROLES, format_func=lambda r: ROLE_LABELS[Role(r)], key="account_role"
        )
        if st.button("Change role", key="account_set_role"):
            _act(lambda: admin.set_role(caller, who, new_role), "Role changed.")
        new_password = st.text_input("New password", type="password", key="account_password")
        if st.button("Set password", key="account_set_password", disabled=not new_password):
            _act(lambda: admin.set_password(caller, who, new_password), "Password set.")
        if st.button("Remove account", key="account_remove", type="secondary"):
            if who == caller.name:
                st.error("You cannot remove your own account while signed in with it.")
            else:
                _act(lambda: admin.remove_account(caller, who), "Removed.")


def _act(action, done: str) -> None:  # type: ignore[no-untyped-def]
    try:
        action()
    except (AccountError, ValueError, StateBusy) as exc:
        st.error(md(str(exc)))
        return
    st.toast(done)
    st.rerun()


def audit_page() -> None:
    caller = principal()
    left, middle, right = st.columns([1, 1, 2])
    since = left.date_input(
        "Since", value=dt.date.today() - dt.timedelta(days=30), key="audit_since"
    )
    action = middle.text_input("Action (e.g. export, signin.failure)", key="audit_action")
    try:
        intact, message = admin.verify_audit(caller)
        rows = admin.audit_entries(
            caller,
            since=dt.datetime.combine(since, dt.time()) if isinstance(since, dt.date) else None,
            action=action.strip() or None,
        )
    except StateBusy as exc:
        st.error(md(exc))
        return
    with right:
        if intact:
            st.success(md(f"Chain check: {message}."), icon=":material/verified:")
        else:
            st.error(md(f"Chain check failed: {message}."), icon=":material/gpp_bad:")
    st.caption(md(f"{len(rows):,} entries, newest first. Times in UTC."))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "#": e.seq,
                    "At (UTC)": f"{e.at:%Y-%m-%d %H:%M:%S}",
                    "Who": e.actor or "",
                    "Role": e.role or "",
                    "Action": e.action,
                    "Target": e.target or "",
                    "Details": json.dumps(e.details, ensure_ascii=False),
                }
                for e in reversed(rows)
            ],
            columns=["#", "At (UTC)", "Who", "Role", "Action", "Target", "Details"],
        ),
        hide_index=True,
        width="stretch",
    )
