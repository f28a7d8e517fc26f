"""Who is looking: OpenID Connect (st.login), built-in accounts, or a local demo.

- OIDC when `.streamlit/secrets.toml` has an `[auth]` section: the role comes from an
  account of the same e-mail in the state store, else `[insights.roles]` (e-mail ->
  role), else the claim named by `[insights] role_claim`; no role, no access.
- Built-in accounts (argon2, `insights users add`) once any exists.
- Otherwise a demo: a role picker, served on 127.0.0.1 only. Served on any other address
  without sign-in, the app shows no data and says how to create the first account.

Until someone is signed in, every page and deep link shows only the sign-in; afterwards
the page the link named opens. Sessions end after INSIGHTS_IDLE_MINUTES (30) without a
rerun and after INSIGHTS_SESSION_HOURS (12) in all.
"""

from __future__ import annotations

import os
import time
import urllib.parse
from collections.abc import Mapping
from typing import Any

import streamlit as st

from insights.access import ROLE_LABELS, Permission, Principal, Role
from insights.state import StateBusy, accounts, audit, open_state
from insights.ui.plain import md

ROLES: tuple[str, ...] = tuple(r.value for r in Role)
DEFAULT_DEMO_ROLE = Role.HR.value
DEMO_ROLE_KEY = "demo_role_chosen"
_USER = "auth_user"
_ROLE = "insights_role"
_SIGNED_IN_AT = "auth_signed_in_at"
_SEEN_AT = "auth_seen_at"
_METHOD = "auth_method"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
RETURN_COOKIE = "insights_return_to"
RETURN_KEY = "auth_return_to"
# The provider sends the browser back to the app's root, in a new session: the page a link
# named is kept for ten minutes in a cookie of this site (read back by the server after
# sign-in). Constant scripts: they read the location at run time, never data.
_SAVE_RETURN = (
    "<script>document.cookie = '"
    + RETURN_COOKIE
    + "=' + encodeURIComponent(location.pathname + location.search)"
    " + '; path=/; max-age=600; SameSite=Lax';</script>"
)
_CLEAR_RETURN = "<script>document.cookie = '" + RETURN_COOKIE + "=; path=/; max-age=0';</script>"


def can_see_talent(role: str | None) -> bool:
    """Talent pool and candidate profiles (individuals)."""
    return _may(role, Permission.TALENT)


def can_see_data(role: str | None) -> bool:
    """Imports and data quality."""
    return _may(role, Permission.IMPORTS)


def may(role: str | None, permission: Permission) -> bool:
    return _may(role, permission)


def _may(role: str | None, permission: Permission) -> bool:
    try:
        return Principal("", Role(str(role))).may(permission)
    except ValueError:
        return False


def idle_limit() -> float:
    return 60 * _float_env("INSIGHTS_IDLE_MINUTES", 30)


def session_limit() -> float:
    return 3600 * _float_env("INSIGHTS_SESSION_HOURS", 12)


def _float_env(name: str, default: float) -> float:
    try:
        return max(0.05, float(os.environ.get(name, default)))
    except ValueError:
        return default


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return False


def served_on_loopback() -> bool:
    address = str(st.get_option("server.address") or "").strip()
    return address in LOOPBACK


def client_address() -> str:
    address = st.context.ip_address or ""
    if os.environ.get("INSIGHTS_TRUST_PROXY") == "1":
        forwarded = st.context.headers.get("X-Forwarded-For", "")
        address = forwarded.split(",")[0].strip() or address
    return address or "unknown"


def gate() -> str | None:
    """The signed-in role (or the demo's); None after drawing the sign-in (the caller
    registers the pages, so the link's page and query survive, and runs none)."""
    if oidc_configured():
        return _oidc()
    state = open_state()
    try:
        has_accounts = accounts.any_account(state.store)
    except StateBusy as exc:
        st.error(md(exc))
        return None
    if has_accounts:
        accounts.unknown_user_hash()  # made before any sign-in: no first attempt pays for it
        return _accounts(state)
    return _demo()


# ------------------------------------------------------------------ signed-in sessions


def _start(name: str, role: Role, method: str) -> None:
    now = time.time()
    st.session_state.update(
        {_USER: name, _ROLE: role.value, _SIGNED_IN_AT: now, _SEEN_AT: now, _METHOD: method}
    )


def _expired() -> str:
    """Why the session is over ('' when it is not); refreshes its last-seen time."""
    now = time.time()
    if now - float(st.session_state.get(_SIGNED_IN_AT, now)) > session_limit():
        return "Your session has reached its maximum length: sign in again."
    if now - float(st.session_state.get(_SEEN_AT, now)) > idle_limit():
        return "You were signed out after a period without activity: sign in again."
    st.session_state[_SEEN_AT] = now
    return ""


def _end(reason: str = "") -> None:
    for key in (_USER, _ROLE, _SIGNED_IN_AT, _SEEN_AT, _METHOD):
        st.session_state.pop(key, None)
    if reason:
        st.session_state["auth_notice"] = reason


def _signed_in_sidebar(name: str, role: Role, *, oidc: bool) -> None:
    with st.sidebar:
        st.caption(md(f"Signed in as {name} ({ROLE_LABELS[role]})"))
        if st.button("Sign out", key="auth_sign_out", icon=":material/logout:"):
            state = open_state()
            audit.record(state.store, state.secret, actor=name, role=role.value, action="signout")
            _end()
            if oidc:
                st.logout()
            st.rerun()


# ------------------------------------------------------------------ built-in accounts


def _accounts(state: Any) -> str | None:
    name = st.session_state.get(_USER)
    if name:
        reason = _expired()
        account = accounts.get(state.store, str(name)) if not reason else None
        if account is None or account.role.value != st.session_state.get(_ROLE):
            # removed, or given another role, since this session began: sign in again
            _end(reason or "Your account changed: sign in again.")
        else:
            _signed_in_sidebar(account.username, account.role, oidc=False)
            return account.role.value
    _sign_in_form(state)
    return None


def _sign_in_form(state: Any) -> None:
    st.title("Exploratory Interview Insights")
    notice = st.session_state.pop("auth_notice", "")
    if notice:
        st.info(notice, icon=":material/lock_clock:")
    with st.form("login"):
        username = st.text_input("Username", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        try:
            result = accounts.sign_in(
                state.store, state.secret, username, password, client_address()
            )
        except StateBusy as exc:
            st.error(md(exc))
            return
        if result.account is None:
            st.error(result.message)
            return
        _start(result.account.username, result.account.role, "password")
        st.rerun()


# ------------------------------------------------------------------ OpenID Connect


def _oidc() -> str | None:
    user = st.user
    if not user.is_logged_in:
        _end()
        st.title("Exploratory Interview Insights")
        notice = st.session_state.pop("auth_notice", "")
        if notice:
            st.info(notice, icon=":material/lock_clock:")
        st.write("Sign in with your organisation's account to continue.")
        st.html(_SAVE_RETURN, unsafe_allow_javascript=True)
        if st.button("Sign in", type="primary", key="auth_oidc_sign_in"):
            st.login()
        return None
    email = str(user.get("email") or user.get("preferred_username") or user.get("sub") or "")
    state = open_state()
    if st.session_state.get(_USER) != email:
        role = oidc_role(state, email, dict(user.to_dict()))
        if role is None:
            audit.record(
                state.store,
                state.secret,
                actor=email,
                role=None,
                action="signin.refused",
                details={"client": client_address(), "method": "oidc", "reason": "no role"},
            )
            st.title("Exploratory Interview Insights")
            st.error(md(f"{email} has no role in this app. Ask an administrator to add it."))
            if st.button("Sign out", key="auth_oidc_out"):
                st.logout()
            return None
        _start(email, role, "oidc")
        target = return_target(st.context.cookies.get(RETURN_COOKIE, ""))
        if target:
            st.session_state[RETURN_KEY] = target
        st.html(_CLEAR_RETURN, unsafe_allow_javascript=True)
        audit.record(
            state.store,
            state.secret,
            actor=email,
            role=role.value,
            action="signin.success",
            details={"client": client_address(), "method": "oidc"},
        )
    reason = _expired()
    if reason:
        _end(reason)
        st.logout()
        return None
    role = Role(st.session_state[_ROLE])
    _signed_in_sidebar(email, role, oidc=True)
    return role.value


def return_target(value: str) -> tuple[str, dict[str, list[str]]] | None:
    """(url path, query) of a saved same-site location, or None (anything else, e.g. an
    absolute or protocol-relative URL, is ignored)."""
    text = urllib.parse.unquote(value or "")
    if not text.startswith("/") or text.startswith("//") or "\\" in text:
        return None
    parts = urllib.parse.urlsplit(text)
    if parts.scheme or parts.netloc:
        return None
    path = parts.path.strip("/").split("/")[-1]
    return path, urllib.parse.parse_qs(parts.query)


def take_return_target() -> tuple[str, dict[str, list[str]]] | None:
    """The page a link named before an OIDC sign-in (once)."""
    target = st.session_state.pop(RETURN_KEY, None)
    return target if isinstance(target, tuple) else None


def oidc_role(state: Any, email: str, claims: Mapping[str, Any]) -> Role | None:
    """An OIDC user's role: their account's, else the e-mail mapping's, else the claim's."""
    account = accounts.get(state.store, email) if email else None
    if account is not None:
        return account.role
    config: Mapping[str, Any] = {}
    try:
        config = st.secrets.get("insights", {})
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        config = {}
    mapping = {str(k).lower(): str(v) for k, v in dict(config.get("roles", {})).items()}
    candidates = [mapping.get(email.lower())]
    claim = config.get("role_claim")
    if claim:
        value = claims.get(str(claim))
        candidates += value if isinstance(value, list) else [value]
    for value in candidates:
        if value:
            try:
                return Role(str(value).strip().lower())
            except ValueError:
                continue
    return None


# ------------------------------------------------------------------ demo


def _demo() -> str | None:
    if not served_on_loopback():
        st.title("Exploratory Interview Insights")
        st.error(
            "This app is served on a network address without sign-in, so it shows no data.",
            icon=":material/lock:",
        )
        st.markdown(
            "Create the first account on the server, then reload this page:\n\n"
            "```bash\ninsights users add YOUR_NAME --role admin\n```\n\n"
            "or configure OpenID Connect in `.streamlit/secrets.toml` (`[auth]`). To try the "
            "demo without accounts, serve it on 127.0.0.1 only (`make run`)."
        )
        return None
    chosen = (
        st.session_state.get(DEMO_ROLE_KEY)
        or st.session_state.get("demo_role")
        or DEFAULT_DEMO_ROLE
    )
    if chosen not in ROLES:
        chosen = DEFAULT_DEMO_ROLE
    # The chosen role is kept under its own key (the widget's state may be dropped across
    # st.switch_page, and a deep link may switch it): the widget follows it.
    st.session_state[DEMO_ROLE_KEY] = chosen
    if st.session_state.get("demo_role") != chosen:
        st.session_state["demo_role"] = chosen
    with st.sidebar:
        role = st.selectbox(
            "Viewing as",
            ROLES,
            format_func=lambda r: ROLE_LABELS[Role(r)],
            key="demo_role",
            on_change=_demo_role_changed,
            help="Demo mode: pick a role to see what it may see.",
        )
        st.warning(
            "Demo mode: no sign-in, served on 127.0.0.1 only. Create an account "
            "(`insights users add NAME --role admin`) before sharing real data.",
            icon=":material/science:",
        )
    st.session_state[DEMO_ROLE_KEY] = role
    st.session_state[_USER] = f"demo {role}"
    st.session_state[_ROLE] = str(role)
    return str(role)


def _demo_role_changed() -> None:
    st.session_state[DEMO_ROLE_KEY] = st.session_state.get("demo_role", DEFAULT_DEMO_ROLE)


def switch_demo_role(role: Role) -> None:
    """Demo mode only: act as `role` (a deep link to a page the current role may not see)."""
    st.session_state[DEMO_ROLE_KEY] = role.value


def is_demo() -> bool:
    return str(st.session_state.get(_USER, "")).startswith("demo ") and not oidc_configured()
