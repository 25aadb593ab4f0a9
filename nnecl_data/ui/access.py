"""Who may use the admin area: Streamlit's built-in OpenID Connect sign-in plus an admin list.

The admin area exists only when `[auth]` is configured in `.streamlit/secrets.toml` (see README,
"Administration and access"). A signed-in user is an admin when

- their e-mail address is in `[nnecl] admin_emails` (compared without regard to case; refused when the
  provider says the address is not verified, `email_verified = false`), or
- one of the values of their role claim (`[nnecl] role_claim`, default `roles`, as Microsoft Entra ID app
  roles arrive) is in `[nnecl] admin_roles`.

Without `[auth]` nobody is an admin, whatever `st.user` holds: the admin area is off and the command-line
import is the way to change the registers.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Mapping

import streamlit as st

from nnecl_data.ui.markdown import escape_markdown

SECRETS_SECTION = "nnecl"  # [nnecl] admin_emails = [...], admin_roles = [...], role_claim, auth_provider
DEFAULT_ROLE_CLAIM = "roles"
# Keys of [auth] that belong to a default (unnamed) provider rather than name a provider section.
_SHARED_AUTH_KEYS = {"redirect_uri", "cookie_secret", "expose_tokens"}


# ----------------------------------------------------------------------------------------- pure rules


def _normalise_email(value: object) -> str:
    return str(value or "").strip().lower()


def _claim_values(value: object) -> set[str]:
    """A role claim as a set of strings: a list of roles, or one string of roles separated by spaces/commas."""
    if value is None:
        return set()
    if isinstance(value, str):
        return {v for v in value.replace(",", " ").split() if v}
    if isinstance(value, Iterable) and not isinstance(value, bytes | Mapping):
        return {str(v).strip() for v in value if str(v).strip()}
    return {str(value).strip()}


def is_admin(
    user_info: Mapping,
    admin_emails: Iterable[str],
    *,
    admin_roles: Iterable[str] = (),
    role_claim: str = DEFAULT_ROLE_CLAIM,
) -> bool:
    """True when the signed-in user described by `user_info` (what `st.user` holds) is an admin.

    A user who is not signed in (`is_logged_in` not exactly True) is never an admin."""
    if not user_info or user_info.get("is_logged_in") is not True:
        return False
    email = _normalise_email(user_info.get("email"))
    allowed = {_normalise_email(e) for e in admin_emails or () if _normalise_email(e)}
    verified = user_info.get("email_verified", True)
    if email and email in allowed and verified not in (False, "false", "False", 0):
        return True
    roles = {r.strip() for r in admin_roles or () if r and r.strip()}
    return bool(roles & _claim_values(user_info.get(role_claim or DEFAULT_ROLE_CLAIM)))


def login_provider(auth_section: Mapping) -> str | None:
    """The provider to pass to `st.login`: `[nnecl] auth_provider` is read by the caller; here, None when
    `[auth]` itself holds a provider's client settings, else the single named provider section."""
    if not auth_section or "client_id" in auth_section:
        return None
    named = [k for k, v in auth_section.items() if k not in _SHARED_AUTH_KEYS and isinstance(v, Mapping)]
    return named[0] if len(named) == 1 else None


# ------------------------------------------------------------------------------------- Streamlit glue


def _secret_section(name: str) -> Mapping:
    try:
        section = st.secrets.get(name)
    except Exception:  # no secrets file, or an unreadable one: treated as not configured
        return {}
    return section if isinstance(section, Mapping) else {}


def auth_configured() -> bool:
    """True when `[auth]` is configured in secrets (the admin area and sign-in exist only then)."""
    return bool(_secret_section("auth"))


def settings() -> dict:
    section = _secret_section(SECRETS_SECTION)

    def as_list(value) -> list[str]:
        if value is None:
            return []
        return [value] if isinstance(value, str) else [str(v) for v in value]

    return {
        "admin_emails": as_list(section.get("admin_emails")),
        "admin_roles": as_list(section.get("admin_roles")),
        "role_claim": str(section.get("role_claim") or DEFAULT_ROLE_CLAIM),
        "auth_provider": section.get("auth_provider") or None,
    }


def user_info() -> dict:
    """What `st.user` holds for this session; empty when auth is not configured."""
    if not auth_configured():
        return {}
    try:
        return dict(st.user.to_dict())
    except Exception:
        return {}


def is_signed_in() -> bool:
    return user_info().get("is_logged_in") is True


def is_admin_user() -> bool:
    """True when auth is configured and the signed-in user is an admin (see the module docstring)."""
    if not auth_configured():
        return False
    conf = settings()
    return is_admin(
        user_info(), conf["admin_emails"], admin_roles=conf["admin_roles"], role_claim=conf["role_claim"]
    )


def current_email() -> str:
    """The signed-in user's e-mail address (what the load log records), else their subject id."""
    info = user_info()
    return str(info.get("email") or info.get("sub") or "").strip()


def _authlib_installed() -> bool:
    return importlib.util.find_spec("authlib") is not None


def account_control() -> None:
    """A small "Sign in" / "Sign out" control at the bottom of the sidebar, only when auth is configured."""
    if not auth_configured():
        return
    with st.sidebar:
        st.divider()
        if not is_signed_in():
            if not _authlib_installed():
                st.caption("Staff sign-in needs the Authlib package (`pip install Authlib`).")
                return
            if st.button("Sign in", icon=":material/login:", key="access_sign_in", help="Staff sign-in"):
                provider = settings()["auth_provider"] or login_provider(_secret_section("auth"))
                st.login(provider)
            return
        who = current_email() or "signed-in user"
        st.caption(f"Signed in as {escape_markdown(who)}")
        if not is_admin_user():
            st.caption("This account has no admin access.")
        if st.button("Sign out", icon=":material/logout:", key="access_sign_out"):
            st.logout()
