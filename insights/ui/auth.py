"""Who is looking: a login against a users file, or demo mode with a role picker.

Roles: hr (aggregates, imports), recruiter (also the talent pool), viewer (aggregates only).
The users file (INSIGHTS_USERS_FILE) is TOML:

    [[users]]
    username = "ana"
    password_hash = "pbkdf2_sha256$600000$<salt hex>$<hash hex>"   # see hash_password
    role = "hr"
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import time
import tomllib
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

ROLES: tuple[str, ...] = ("hr", "recruiter", "viewer")
ROLE_LABELS = {"hr": "HR / total rewards", "recruiter": "Recruiter", "viewer": "Viewer"}
DEFAULT_DEMO_ROLE = "hr"
USERS_ENV = "INSIGHTS_USERS_FILE"
_ALGORITHM = "pbkdf2_sha256"
_ITERATIONS = 600_000


@dataclass(frozen=True)
class User:
    username: str
    role: str
    password_hash: str


def can_see_talent(role: str | None) -> bool:
    """Talent pool and candidate profiles (individuals): recruiters only."""
    return role == "recruiter"


def can_see_data(role: str | None) -> bool:
    """Imports and data quality (raw rejected rows may hold personal data): not viewers."""
    return role in ("hr", "recruiter")


# Pages not every role may see, by URL path: (who may, the role demo mode switches to).
RESTRICTED = {
    "talent_pool": (can_see_talent, "recruiter"),
    "candidate_profile": (can_see_talent, "recruiter"),
    "data": (can_see_data, "hr"),
}
_PENDING_ROLE = "demo_role_pending"
_NOTICE = "access_notice"


def may_see(url_path: str, role: str | None) -> bool:
    rule = RESTRICTED.get(url_path)
    return rule is None or rule[0](role)


def page_access(url_path: str, title: str, role: str | None) -> None:
    """After st.navigation resolved the page a link named: let the role see it, or say why
    not. In demo mode, switch to a role that may see it (one rerun) and say so; signed in,
    show a notice instead of the page (never silently another page)."""
    _resume_target(url_path)
    rule = RESTRICTED.get(url_path)
    if rule is None or rule[0](role):
        return
    allowed, demo_role = rule
    if not os.environ.get(USERS_ENV, "").strip():
        st.session_state[_PENDING_ROLE] = demo_role
        st.session_state[_NOTICE] = (
            f"Demo mode: this link opens **{title}**, which the {ROLE_LABELS.get(str(role), str(role))} "
            f"role may not see, so you are now viewing as **{ROLE_LABELS[demo_role]}**."
        )
        st.rerun()
    who = ", ".join(ROLE_LABELS[r] for r in ROLES if allowed(r))
    st.title(title)
    st.warning(
        f"This page is available to: {who}. You are signed in with the "
        f"{ROLE_LABELS.get(str(role), str(role))} role; ask an administrator for access.",
        icon=":material/lock:",
    )
    st.stop()


def show_notice() -> None:
    """The message of a role switch made for a link (once)."""
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.info(notice, icon=":material/switch_account:")


def hash_password(password: str, *, salt: str | None = None, iterations: int = _ITERATIONS) -> str:
    """A salted PBKDF2-SHA256 hash in the users-file format."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), iterations)
    return f"{_ALGORITHM}${iterations}${salt}${digest.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        algorithm, iterations, salt, expected = encoded.split("$")
        if algorithm != _ALGORITHM:
            return False
        digest = hashlib.pbkdf2_hmac(
            "sha256", password.encode(), bytes.fromhex(salt), int(iterations)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), expected)


def load_users(path: str | os.PathLike[str]) -> dict[str, User]:
    """Parse the users file; raises ValueError naming the problem."""
    try:
        data = tomllib.loads(Path(path).read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"cannot read users file {path}: {exc}") from exc
    users: dict[str, User] = {}
    for i, entry in enumerate(data.get("users", []), start=1):
        try:
            user = User(str(entry["username"]), str(entry["role"]), str(entry["password_hash"]))
        except (KeyError, TypeError) as exc:
            raise ValueError(f"user #{i} in {path} lacks {exc}") from exc
        if user.role not in ROLES:
            raise ValueError(f"user {user.username!r} has unknown role {user.role!r}")
        users[user.username] = user
    return users


def authenticate(users: dict[str, User], username: str, password: str) -> User | None:
    user = users.get(username.strip())
    if user is None:
        verify_password(password, hash_password("x", iterations=1_000))  # similar work either way
        return None
    return user if verify_password(password, user.password_hash) else None


DEMO_ROLE_KEY = "demo_role_chosen"


def gate() -> str:
    """The current role; shows the login form (and stops the run) until someone signs in."""
    users_file = os.environ.get(USERS_ENV, "").strip()
    if not users_file:
        return _demo_role()
    try:
        users = load_users(users_file)
    except ValueError as exc:
        st.error(f"Sign-in is configured but the users file cannot be used: {exc}")
        st.stop()
    signed_in = st.session_state.get("auth_user")
    if signed_in and signed_in in users:
        user = users[signed_in]
        with st.sidebar:
            st.caption(f"Signed in as **{user.username}** ({ROLE_LABELS[user.role]})")
            if st.button("Sign out", key="auth_sign_out"):
                st.session_state.pop("auth_user", None)
                st.rerun()
        return user.role
    _remember_target()
    _login_form(users)
    st.stop()


_TARGET = "auth_link_target"


def _remember_target() -> None:
    """Before sign-in: the page a link named (its URL path), to open once signed in."""
    url = urllib.parse.urlparse(st.context.url or "")
    path = url.path.rstrip("/").rsplit("/", 1)[-1]
    if path and re.fullmatch(r"[a-z_]+", path):
        st.session_state[_TARGET] = path
    else:
        st.session_state.pop(_TARGET, None)


def _resume_target(url_path: str) -> None:
    """After sign-in: open the page the link named (with its query params), once."""
    target = st.session_state.pop(_TARGET, None)
    if target and target != url_path:
        params = {k: st.query_params.get_all(k) for k in st.query_params}
        st.switch_page(f"views/{target}.py", query_params=params)


def _login_form(users: dict[str, User]) -> None:
    st.title("Exploratory Interview Insights")
    with st.form("login"):
        username = st.text_input("Username")
        password = st.text_input("Password", type="password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        user = authenticate(users, username, password)
        if user is None:
            time.sleep(0.5)
            st.error("Unknown username or wrong password.")
        else:
            st.session_state["auth_user"] = user.username
            st.rerun()


def _demo_role() -> str:
    # The chosen role is kept under its own key as well as the widget's: Streamlit may drop a
    # widget's state across st.switch_page, and the role must survive a page change.
    pending = st.session_state.pop(_PENDING_ROLE, None)
    if pending in ROLES:  # a link asked for a page this role may not see (page_access)
        st.session_state[DEMO_ROLE_KEY] = pending
        st.session_state["demo_role"] = pending
    chosen = st.session_state.get(DEMO_ROLE_KEY, DEFAULT_DEMO_ROLE)
    with st.sidebar:
        role = st.selectbox(
            "Viewing as",
            ROLES,
            index=ROLES.index(chosen) if chosen in ROLES else ROLES.index(DEFAULT_DEMO_ROLE),
            format_func=lambda r: ROLE_LABELS[r],
            key="demo_role",
            help="Demo mode: pick a role to see what it may see.",
        )
        st.caption(
            "Demo mode: there is no login. Set INSIGHTS_USERS_FILE to a users file to "
            "require sign-in."
        )
    st.session_state[DEMO_ROLE_KEY] = role
    return str(role)
