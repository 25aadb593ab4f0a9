"""Who is an admin (nnecl_data.ui.access.is_admin), the login provider choice, and the admin database URL."""

from __future__ import annotations

import pytest

from nnecl_data.database import db
from nnecl_data.ui import access
from nnecl_data.ui.access import is_admin, login_provider

ADMINS = ["Alice@NNECL.example", " bob@example.org "]


def signed_in(**claims) -> dict:
    return {"is_logged_in": True, **claims}


@pytest.mark.parametrize(
    "user",
    [
        signed_in(email="alice@nnecl.example"),
        signed_in(email="ALICE@nnecl.EXAMPLE", email_verified=True),
        signed_in(email=" bob@example.org"),
    ],
)
def test_listed_email_is_admin_whatever_the_case(user):
    assert is_admin(user, ADMINS)


@pytest.mark.parametrize(
    "user",
    [
        {},
        {"email": "alice@nnecl.example"},  # not signed in (e.g. a host's st.user without [auth])
        {"is_logged_in": False, "email": "alice@nnecl.example"},
        {"is_logged_in": "true", "email": "alice@nnecl.example"},  # only exactly True counts
        signed_in(email="carol@example.org"),
        signed_in(email="alice@nnecl.example.evil.org"),
        signed_in(email="alice@nnecl.example", email_verified=False),
        signed_in(email="alice@nnecl.example", email_verified="false"),
        signed_in(email=""),
        signed_in(),
        signed_in(name="alice@nnecl.example"),  # a name is not an e-mail claim
    ],
)
def test_everyone_else_is_not(user):
    assert not is_admin(user, ADMINS)


def test_empty_admin_list_admits_nobody():
    assert not is_admin(signed_in(email="alice@nnecl.example"), [])
    assert not is_admin(signed_in(email=""), ["", "  "])


@pytest.mark.parametrize(
    ("claim_value", "expected"),
    [
        (["Reader", "NNECL.Admin"], True),
        ("NNECL.Admin", True),
        ("reader NNECL.Admin", True),
        ("reader,NNECL.Admin", True),
        (["nnecl.admin"], False),  # roles are compared exactly
        (["Reader"], False),
        (None, False),
        ([], False),
    ],
)
def test_role_claim(claim_value, expected):
    user = signed_in(email="x@example.org", roles=claim_value)
    assert is_admin(user, [], admin_roles=["NNECL.Admin"]) is expected


def test_role_claim_name_is_configurable_and_needs_sign_in():
    user = signed_in(groups=["dashboard-admins"])
    assert is_admin(user, [], admin_roles=["dashboard-admins"], role_claim="groups")
    assert not is_admin(user, [], admin_roles=["dashboard-admins"])  # default claim is "roles"
    assert not is_admin(
        {"groups": ["dashboard-admins"]}, [], admin_roles=["dashboard-admins"], role_claim="groups"
    )
    assert not is_admin(signed_in(roles=["x"]), [], admin_roles=[""])


def test_login_provider():
    shared = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s"}
    assert login_provider({}) is None
    assert login_provider({**shared, "client_id": "c", "client_secret": "s"}) is None
    assert login_provider({**shared, "microsoft": {"client_id": "c"}}) == "microsoft"
    assert login_provider({**shared, "google": {"client_id": "c"}, "microsoft": {"client_id": "d"}}) is None


def test_escape_markdown_keeps_text_as_typed():
    assert access.escape_markdown("a_b*[x](y)<b>") == "a\\_b\\*\\[x\\]\\(y\\)\\<b\\>"


def test_without_auth_section_nobody_is_admin(monkeypatch):
    monkeypatch.setattr(access.st, "secrets", {"nnecl": {"admin_emails": ["alice@nnecl.example"]}})
    assert not access.auth_configured()
    assert not access.is_admin_user()
    assert access.user_info() == {}
    assert access.settings()["admin_emails"] == ["alice@nnecl.example"]


def test_settings_accept_a_single_string(monkeypatch):
    monkeypatch.setattr(access.st, "secrets", {"auth": {"client_id": "c"}, "nnecl": {"admin_emails": "a@b.org"}})
    assert access.auth_configured()
    assert access.settings() == {
        "admin_emails": ["a@b.org"],
        "admin_roles": [],
        "role_claim": "roles",
        "auth_provider": None,
    }
    assert not access.is_admin_user()  # outside a session there is no signed-in user


def test_admin_database_url(monkeypatch):
    monkeypatch.setenv("NNECL_DATABASE_URL", "postgresql+psycopg://viewer@db/nnecl")
    monkeypatch.delenv(db.ENV_ADMIN_URL, raising=False)
    assert db.admin_database_url() == "postgresql+psycopg://viewer@db/nnecl"  # falls back to the viewer's
    monkeypatch.setenv(db.ENV_ADMIN_URL, "postgresql+psycopg://importer@db/nnecl")
    assert db.admin_database_url() == "postgresql+psycopg://importer@db/nnecl"
    assert db.database_url() == "postgresql+psycopg://viewer@db/nnecl"  # the viewer's is unchanged
    assert db.admin_database_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"
