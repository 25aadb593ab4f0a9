"""Staff sign-in end to end, through the proxy: a local OpenID Connect provider (oidc-provider-mock),
the README's own `[auth]` and `[nnecl]` settings, two replicas behind nginx, headless Chromium.

An admin signs in, keeps the identity on the other replica, uploads, previews, confirms and rolls back a
register (checked in the database); a non-admin never sees the admin area; sign-out works; an identity
cookie signed with another secret, or signed rightly but expired, is refused."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, text

from tests.deploy.conftest import require_module  # isort: skip

require_module("websocket")
require_module("oidc_provider_mock")

from bench.streamlit_client import FRIENDLY_FAILURE  # noqa: E402
from deploy.loopback import Loopback, wait_for  # noqa: E402
from nnecl_data.registers.kinds import template_path  # noqa: E402
from tests.browser.shoot import DESKTOP, exceptions, settle  # noqa: E402
from tests.deploy.conftest import _port, require_tools, route_cookie_for, warm  # noqa: E402

pytestmark = pytest.mark.deploy

ADMIN = {"sub": "admin", "email": "admin@example.org", "email_verified": True, "name": "Admin"}
READER = {"sub": "reader", "email": "reader@example.org", "email_verified": True, "name": "Reader"}
ADMIN_TEXT = ("Data administration", "Update a register", "Load history")
USER_COOKIE = "_streamlit_user"  # Streamlit's signed identity cookie


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    """The topology with [auth] pointing at a local provider that knows an admin and a reader."""
    require_tools()
    pytest.importorskip("oidc_provider_mock")
    pytest.importorskip("playwright")
    ports = {
        "proxy": _port(8544),
        "oidc": _port(8545),
        "app1": _port(8546),
        "app2": _port(8547),
        "pg": _port(55526),
    }
    provider = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(ports["oidc"]),
         "--user-claims", json.dumps(ADMIN), "--user-claims", json.dumps(READER)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    issuer = f"http://127.0.0.1:{ports['oidc']}"
    public = f"http://127.0.0.1:{ports['proxy']}"
    cookie_secret = secrets.token_urlsafe(32)
    settings = tmp_path_factory.mktemp("auth") / "secrets.toml"
    # The README's settings ("Sign-in"), with the proxy's public address in redirect_uri.
    settings.write_text(
        f"""[auth]
redirect_uri = "{public}/oauth2callback"
cookie_secret = "{cookie_secret}"
client_id = "nnecl-dashboard"
client_secret = "{secrets.token_urlsafe(16)}"
server_metadata_url = "{issuer}/.well-known/openid-configuration"

[nnecl]
admin_emails = ["{ADMIN["email"].upper()}"]
""",
        encoding="utf-8",
    )
    topology = Loopback(
        proxy_port=ports["proxy"],
        app_ports=[ports["app1"], ports["app2"]],
        pg_port=ports["pg"],
        secrets_toml=settings,
    )
    try:
        wait_for(f"{issuer}/.well-known/openid-configuration", 60, provider)
        topology.start()
        for index in range(2):
            warm(topology, index)
        topology.cookie_secret = cookie_secret
        yield topology
    finally:
        topology.stop()
        provider.terminate()
        provider.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(signed, chromium):
    return chromium  # the session's one Chromium (tests/conftest.py)


def _open(browser, topology, path: str = "", route: str | None = None):
    context = browser.new_context(viewport=DESKTOP)
    if route:
        context.add_cookies([{"name": "nnecl_route", "value": route, "url": topology.public_url}])
    page = context.new_page()
    page.goto(f"{topology.public_url}/{path}")
    settle(page, timeout_ms=120_000)
    return page


def _sign_in(page, topology, who: dict) -> None:
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/oauth2/authorize**", timeout=60_000)  # the provider's sign-in page
    page.get_by_role("button", name=who["sub"], exact=True).click()  # the provider's predefined user
    page.wait_for_url(f"{topology.public_url}/**", timeout=60_000)
    page.wait_for_function("() => document.body.innerText.includes('Signed in as')", timeout=120_000)
    settle(page, timeout_ms=120_000)


def _sidebar(page, expect: str = "") -> str:
    """The sidebar's text, once it shows `expect` (its account control is drawn last, after the footer
    that settle() waits for)."""
    if expect:
        page.wait_for_function(
            "(t) => (document.querySelector('[data-testid=\"stSidebar\"]')?.innerText || '').includes(t)",
            arg=expect,
            timeout=60_000,
        )
    return page.locator('[data-testid="stSidebar"]').inner_text()


def _assert_no_admin(page) -> None:
    body = page.inner_text("body")
    assert not any(t in body for t in ADMIN_TEXT), body[-500:]
    assert exceptions(page) == [] and FRIENDLY_FAILURE not in body


def _members(topology) -> list[tuple]:
    engine = create_engine(topology.url("admin"))
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT membership_id FROM memberships ORDER BY 1")).all()
            log = conn.execute(
                text("SELECT kind, loaded_by, rolled_back_by FROM load_log ORDER BY load_id DESC LIMIT 1")
            ).all()
        return [r[0] for r in rows], [tuple(r) for r in log]
    finally:
        engine.dispose()


def test_an_admin_signs_in_through_the_proxy_loads_and_rolls_back_a_register_and_signs_out(signed, browser):
    route = route_cookie_for(signed, 0)
    page = _open(browser, signed, route=route)
    _assert_no_admin(page)
    _sign_in(page, signed, ADMIN)
    assert f"Signed in as {ADMIN['email']}" in _sidebar(page, "Signed in as").replace("\\", "")
    assert "Data administration" in _sidebar(page)

    # The identity cookie is signed with the shared secret: the other replica honours it too.
    page.context.add_cookies(
        [{"name": "nnecl_route", "value": route_cookie_for(signed, 1), "url": signed.public_url}]
    )
    page.goto(f"{signed.public_url}/admin")
    settle(page, timeout_ms=120_000)
    assert "Update a register" in page.inner_text("body") and exceptions(page) == []

    # Upload the members template (one clearly fictional row) as the members register: check, confirm.
    before, _ = _members(signed)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(template_path("members")))
    page.wait_for_function("() => document.body.innerText.includes('The file is valid')", timeout=120_000)
    settle(page, timeout_ms=120_000)
    assert "Added rows (1)" in page.inner_text("body")
    assert _members(signed)[0] == before  # nothing changes before Confirm
    page.get_by_role("button", name="Confirm: replace the members register with this file").click()
    deadline = time.monotonic() + 60
    while _members(signed)[0] == before:
        assert time.monotonic() < deadline, "the confirmed load never reached the database"
        time.sleep(0.5)
    rows, log = _members(signed)
    assert rows == ["example-001"] and log == [("members", ADMIN["email"], None)]

    # Roll it back from the load history, after ticking the confirmation.
    settle(page, timeout_ms=120_000)
    page.get_by_text("Yes, restore the members register").click()
    page.get_by_role("button", name="Roll back load").click()
    deadline = time.monotonic() + 60
    while _members(signed)[0] != before:
        assert time.monotonic() < deadline, "the roll-back never reached the database"
        time.sleep(0.5)
    assert _members(signed)[1] == [("members", ADMIN["email"], ADMIN["email"])]

    # Sign out: back to the public dashboard, the admin area gone.
    settle(page, timeout_ms=120_000)
    page.get_by_role("button", name="Sign out").click()
    # Streamlit clears its cookie, then sends the browser to the provider's end-session page
    page.wait_for_url("**/oauth2/end_session**", timeout=60_000)
    assert USER_COOKIE not in {c["name"] for c in page.context.cookies()}
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{signed.public_url}/**", timeout=60_000)
    settle(page, timeout_ms=120_000)
    page.goto(f"{signed.public_url}/admin")
    settle(page, timeout_ms=120_000)
    assert "Sign in" in _sidebar(page, "Sign in")
    _assert_no_admin(page)
    page.context.close()


def test_a_signed_in_user_without_the_admin_role_never_sees_the_admin_area(signed, browser):
    page = _open(browser, signed)
    _sign_in(page, signed, READER)
    sidebar = _sidebar(page, "no admin access").replace("\\", "")
    assert f"Signed in as {READER['email']}" in sidebar and "This account has no admin access" in sidebar
    _assert_no_admin(page)
    page.goto(f"{signed.public_url}/admin")  # the address of the admin page itself
    settle(page, timeout_ms=120_000)
    _sidebar(page, "no admin access")  # the page is drawn to its end
    _assert_no_admin(page)
    page.context.close()


def _identity_cookie(secret: str, origin: str, *, age_days: float = 0.0) -> str:
    """Streamlit's identity cookie for the admin at `origin`, signed as Streamlit signs it (itsdangerous,
    salted with the cookie's name), with `secret`, dated `age_days` ago."""
    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    class DatedSigner(TimestampSigner):
        def get_timestamp(self) -> int:  # itsdangerous's own hook for the signing time
            return int(time.time() - age_days * 86400)

    payload = json.dumps({**ADMIN, "is_logged_in": True, "origin": origin})
    return URLSafeTimedSerializer(secret, salt=USER_COOKIE, signer=DatedSigner).dumps(payload)


@pytest.mark.parametrize("forgery", ["another secret", "expired"])
def test_a_forged_or_expired_identity_cookie_is_refused(signed, browser, forgery):
    secret = secrets.token_urlsafe(32) if forgery == "another secret" else signed.cookie_secret
    age = 400.0 if forgery == "expired" else 0.0  # far past the cookie's lifetime (30 days + 1)
    value = _identity_cookie(secret, signed.public_url, age_days=age)
    context = browser.new_context(viewport=DESKTOP)
    context.add_cookies([{"name": USER_COOKIE, "value": value, "url": signed.public_url}])
    page = context.new_page()
    page.goto(f"{signed.public_url}/admin")
    settle(page, timeout_ms=120_000)
    assert "Sign in" in _sidebar(page, "Sign in") and "Signed in as" not in _sidebar(page)
    _assert_no_admin(page)
    context.close()


def test_a_rightly_signed_fresh_cookie_is_accepted(signed, browser):
    """The forgery test's own control: the same cookie, signed with the deployment's secret today, is
    taken as the admin (so the refusals above are refusals of the forgery, not of the cookie's form)."""
    value = _identity_cookie(signed.cookie_secret, signed.public_url)
    context = browser.new_context(viewport=DESKTOP)
    context.add_cookies([{"name": USER_COOKIE, "value": value, "url": signed.public_url}])
    page = context.new_page()
    page.goto(f"{signed.public_url}/")
    settle(page, timeout_ms=120_000)
    assert "Data administration" in _sidebar(page, "Signed in as")
    context.close()
