"""The admin page through the whole app: who may reach it, upload -> preview -> confirm, refused bad files,
load history and roll-back, the sample register.

Each test builds its own database in a temporary folder (the app is pointed at it the way conftest.app_db
does), so the loads made here are never seen by the other app tests. The database also holds the test
source, the two fictional institutions and the member linked to one of them from
tests/fixtures_bad_files.py, so that the corpus's valid files are valid here and each bad file is refused
for the defect it was made with.

AppTest does not run OIDC: `at.secrets` supplies `[auth]` and the admin list, and `at.user` what st.user
would hold after a sign-in.
"""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select
from streamlit.testing.v1 import AppTest

from nnecl_data.database import build, db, schema
from nnecl_data.registers import history, load, store
from nnecl_data.registers.kinds import KINDS
from nnecl_data.registers.upload import read_upload
from nnecl_data.registers.validate import validate
from tests.app.conftest import ROOT, TIMEOUT, app_test, assert_no_exception, page_path, page_text
from tests.fixtures_bad_files import BAD_CASES, EXISTING_MEMBER, INSTITUTIONS, SOURCES, valid_csv

ADMIN = "admin@example.org"
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret-not-used",
    "client_id": "test-client",
    "client_secret": "test-secret",
    "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration",
}
SECRETS = {"auth": AUTH, "nnecl": {"admin_emails": [ADMIN.upper()]}}
ADMIN_USER = {"is_logged_in": True, "email": ADMIN, "email_verified": True, "name": "Admin"}
OTHER_USER = {"is_logged_in": True, "email": "someone@example.org", "email_verified": True}
ADMIN_TEXT = ("Data administration", "Update a register", "Load history")


@pytest.fixture
def admin_db(tmp_path, monkeypatch):
    """A freshly built database for one test, plus the fixture corpus's source and institutions."""
    monkeypatch.setenv("NNECL_DATA_DIR", str(tmp_path))
    for key in ("NNECL_DATABASE_URL", db.ENV_ADMIN_URL):
        monkeypatch.delenv(key, raising=False)
    engine = db.make_engine(db.sqlite_url(tmp_path / "nnecl.sqlite"))
    build.build(engine)
    with engine.begin() as conn:
        conn.execute(insert(schema.sources), [s for s in SOURCES if s["source_id"] == "test_source"])
        conn.execute(insert(schema.institutions), INSTITUTIONS)
        conn.execute(insert(schema.memberships), [EXISTING_MEMBER])
    yield engine
    engine.dispose()


def dump(engine) -> dict[str, list[tuple]]:
    """Every table's full content, ordered by primary key."""
    with engine.connect() as conn:
        return {
            t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
            for t in schema.metadata.sorted_tables
        }


def app(user: dict | None = None, secrets: dict | None = None) -> AppTest:
    at = app_test()
    if secrets is not None:
        at.secrets = secrets
    if user is not None:
        at.user = user
    return at


def admin_page() -> AppTest:
    at = app(ADMIN_USER, SECRETS).run()
    at.switch_page(page_path("admin")).run()
    assert_no_exception(at)
    return at


def nav_pages(at: AppTest) -> list[str]:
    return [str(info.get("script_path", "")) for info in at._registered_pages.values()]


def all_text(at: AppTest) -> str:
    return page_text(at) + "\n" + "\n".join(str(t.value) for t in at.text)


def upload(at: AppTest, kind: str, name: str, data: bytes) -> AppTest:
    if at.selectbox(key="admin_kind").value != kind:
        at.selectbox(key="admin_kind").select(kind).run()
    (uploader,) = at.file_uploader
    uploader.set_value((name, data, "text/csv" if name.endswith(".csv") else "application/octet-stream"))
    at.run()
    assert_no_exception(at)
    return at


def table_rows(engine, kind) -> list[dict]:
    table = KINDS[kind].table
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]


def normalised(kind, rows) -> list[dict]:
    table = KINDS[kind].table
    return [{c.name: store.column_value(r[c.name], c) for c in table.columns} for r in rows]


def expected_rows(engine, kind, data: bytes) -> list[dict]:
    with engine.connect() as conn:
        ref = store.load_reference(conn)
    result = validate(kind, read_upload(f"{kind}.csv", data), reference=ref)
    assert result.ok, [str(e) for e in result.errors]
    return sorted(result.rows, key=lambda r: r[KINDS[kind].key])


# ---------------------------------------------------------------------------------------- who gets in


def test_no_auth_configured_means_no_admin_area(admin_db):
    no_auth = {"nnecl": {"admin_emails": [ADMIN]}}  # an admin list alone grants nothing
    at = app(secrets=no_auth).run()
    assert_no_exception(at)
    assert not any(p.endswith("admin.py") for p in nav_pages(at))
    with pytest.raises(ValueError):  # not a page of this app for this session
        at.switch_page(page_path("admin"))
    assert not [b for b in at.button if b.label in ("Sign in", "Sign out")]
    # A user st.user might report on some hosts is ignored without [auth].
    at = app(ADMIN_USER, no_auth).run()
    assert not any(p.endswith("admin.py") for p in nav_pages(at))
    # The page file run on its own shows nothing of the admin area.
    alone = AppTest.from_file(str(ROOT / "pages" / "admin.py"), default_timeout=TIMEOUT)
    alone.secrets, alone.user = no_auth, ADMIN_USER
    alone.run()
    assert_no_exception(alone)
    assert not alone.file_uploader and not alone.button
    assert not any(t in all_text(alone) for t in ADMIN_TEXT)
    assert "not available" in all_text(alone)


def test_signed_out_user_sees_sign_in_and_no_admin_page(admin_db):
    at = app({}, SECRETS).run()
    assert_no_exception(at)
    assert not any(p.endswith("admin.py") for p in nav_pages(at))
    labels = [b.label for b in at.sidebar.button]
    assert "Sign in" in labels or "Authlib" in "\n".join(c.value for c in at.sidebar.caption)


def test_signed_in_non_admin_is_refused(admin_db):
    at = app(OTHER_USER, SECRETS).run()
    assert_no_exception(at)
    assert not any(p.endswith("admin.py") for p in nav_pages(at))
    with pytest.raises(ValueError):
        at.switch_page(page_path("admin"))
    assert "no admin access" in "\n".join(c.value for c in at.sidebar.caption)
    assert "Sign out" in [b.label for b in at.sidebar.button]
    alone = AppTest.from_file(str(ROOT / "pages" / "admin.py"), default_timeout=TIMEOUT)
    alone.secrets, alone.user = SECRETS, OTHER_USER
    alone.run()
    assert_no_exception(alone)
    assert not alone.file_uploader
    assert any("does not have admin access" in e.value for e in alone.error)
    # Same address, but the provider says it is not verified.
    unverified = app_test()
    unverified.secrets, unverified.user = SECRETS, {**ADMIN_USER, "email_verified": False}
    unverified.run()
    assert not any(p.endswith("admin.py") for p in nav_pages(unverified))


def test_admin_sees_the_uploader_and_role_claim_works(admin_db):
    at = admin_page()
    assert any(p.endswith("admin.py") for p in nav_pages(at))
    assert len(at.file_uploader) == 1
    assert {t.lstrip(".") for t in at.file_uploader[0].allowed_type} == {"csv", "xlsx"}
    assert "Data administration" in page_text(at)
    assert [d.label for d in at.download_button if d.label == "Download the template"]
    roles = {"auth": AUTH, "nnecl": {"admin_emails": [], "admin_roles": ["NNECL.Admin"]}}
    by_role = app({"is_logged_in": True, "email": "x@example.org", "roles": ["Reader", "NNECL.Admin"]}, roles)
    by_role.run()
    assert any(p.endswith("admin.py") for p in nav_pages(by_role))


# --------------------------------------------------------------------------------- upload and confirm


@pytest.mark.parametrize("kind", ["members", "awards", "partnerships"])
def test_valid_upload_previews_and_applies(admin_db, kind):
    data_a, data_b = valid_csv(kind, "a"), valid_csv(kind, "b")
    at = admin_page()
    upload(at, kind, f"{kind}_a.csv", data_a)
    before = dump(admin_db)
    plan = load.plan_import(admin_db, kind, f"{kind}_a.csv", data_a)
    assert plan.ok
    assert any("The file is valid" in s.value for s in at.success), page_text(at)
    assert dump(admin_db) == before  # the preview changes nothing
    confirm = at.button(key="admin_confirm")
    at = confirm.click().run()
    assert_no_exception(at)
    assert normalised(kind, table_rows(admin_db, kind)) == normalised(kind, expected_rows(admin_db, kind, data_a))
    loads = history.load_history(admin_db)
    assert list(loads["loaded_by"]) == [ADMIN] and list(loads["file_name"]) == [f"{kind}_a.csv"]
    assert any(s.value == "Done." for s in at.success)
    assert len(at.file_uploader) == 1 and not at.file_uploader[0].value  # the uploader starts empty again

    # Version b: the preview lists the added, changed (old -> new) and removed rows.
    upload(at, kind, f"{kind}_b.csv", data_b)
    key = KINDS[kind].key
    plan_b = load.plan_import(admin_db, kind, f"{kind}_b.csv", data_b)
    assert plan_b.added and plan_b.changed and plan_b.removed
    values = [df.value for df in at.dataframe]
    (changed,) = [v for v in values if "Change" in v.columns]
    assert set(changed[key]) == set(plan_b.changed)
    for r in changed.itertuples(index=False):
        assert r.Change == f"{r._2} → {r._3}"  # old → new
    rows = [v for v in values if "Change" not in v.columns and key in v.columns]
    assert [sorted(v[key]) for v in rows] == [sorted(plan_b.added), sorted(plan_b.removed)]
    at.button(key="admin_confirm").click().run()
    assert normalised(kind, table_rows(admin_db, kind)) == normalised(kind, expected_rows(admin_db, kind, data_b))


CORPUS_SAMPLE = {
    "members": (
        "missing_column",
        "duplicate_key",
        "formula_hyperlink",
        "markup_script",
        "latin1_encoding",
        "utf16_encoding",
        "oversized",
        "binary_garbage",
        "xlsx_wrong_sheet",
        "unknown_la",
        "left_before_joined",
    ),
    "awards": ("unknown_ukprn", "symbol_c_in_year", "year_date_mismatch", "pdf_named_csv", "semicolon_separated"),
    "institutions": ("duplicate_ukprn", "latitude_out_of_range", "removes_institution_in_use"),
    "partnerships": ("unknown_region", "newline_in_name", "control_in_area"),
}


def _sample_of_corpus():
    out = []
    for kind, ids in CORPUS_SAMPLE.items():
        cases = {c.case_id: c for c in BAD_CASES[kind]}
        out += [(kind, cases[i]) for i in ids]
    return out


SAMPLE = _sample_of_corpus()


@pytest.mark.parametrize(("kind", "case"), SAMPLE, ids=[f"{k}-{c.case_id}" for k, c in SAMPLE])
def test_bad_file_is_refused_and_nothing_changes(admin_db, kind, case):
    before = dump(admin_db)
    at = admin_page()
    upload(at, kind, case.file_name, case.make())
    assert at.error, page_text(at)
    assert not [b for b in at.button if b.key == "admin_confirm"]
    problems = next(
        df.value for df in at.dataframe if list(df.value.columns) == ["File", "Row", "Column", "Problem"]
    )
    assert len(problems) >= 1
    for row, column, fragment in case.expect:
        assert any(
            (row is None or p.Row == str(row))
            and (column is None or p.Column == column)
            and fragment in p.Problem.lower()
            for p in problems.itertuples()
        ), (case.case_id, row, column, fragment, problems.to_dict("records"))
    assert dump(admin_db) == before


def test_file_name_with_markup_is_shown_as_text(admin_db):
    name = "**bold** [link](http://x) <img src=x onerror=alert(1)>.csv"
    at = admin_page()
    upload(at, "partnerships", name, valid_csv("partnerships", "a"))
    assert any(name in t.value for t in at.text)
    assert not any("<img" in m.value or "**bold**" in m.value for m in (*at.markdown, *at.caption, *at.success))
    at.button(key="admin_confirm").click().run()
    assert list(history.load_history(admin_db)["file_name"]) == [name]
    assert any(name in t.value for t in at.text)  # the confirmation names the file as text


# ------------------------------------------------------------------------------ history and roll-back


def test_rollback_through_the_page_restores_the_previous_state(admin_db):
    kind = "awards"
    original = dump(admin_db)
    at = admin_page()
    upload(at, kind, "awards_a.csv", valid_csv(kind, "a"))
    at.button(key="admin_confirm").click().run()
    after_a = dump(admin_db)
    assert after_a != original
    upload(at, kind, "awards_b.csv", valid_csv(kind, "b"))
    at.button(key="admin_confirm").click().run()
    assert_no_exception(at)
    loads = history.load_history(admin_db)
    assert list(loads["load_id"]) == [2, 1]
    shown = next(df.value for df in at.dataframe if "File SHA-256" in df.value.columns)
    assert list(shown["Load"]) == [2, 1] and list(shown["Loaded by"]) == [ADMIN, ADMIN]
    assert set(shown["File SHA-256"]) == set(loads["file_sha256"])

    picker = at.selectbox(key="admin_rollback_load")
    assert len(picker.options) == 1 and picker.value == 2  # only the latest load of a register
    assert at.button(key="admin_rollback").disabled  # not without the confirmation
    at.checkbox(key="admin_rollback_sure_2").check().run()
    at.button(key="admin_rollback").click().run()
    assert_no_exception(at)
    assert _without_log(dump(admin_db)) == _without_log(after_a)
    at.checkbox(key="admin_rollback_sure_1").check().run()
    at.button(key="admin_rollback").click().run()
    assert _without_log(dump(admin_db)) == _without_log(original)
    loads = history.load_history(admin_db)
    assert list(loads["rolled_back_by"]) == [ADMIN, ADMIN]
    shown = next(df.value for df in at.dataframe if "File SHA-256" in df.value.columns)
    assert all(v for v in shown["Rolled back at (UTC)"])
    assert "every load has been rolled back" in page_text(at)


def _without_log(tables: dict) -> dict:
    return {k: v for k, v in tables.items() if k != "load_log"}


def test_sample_register_load_and_remove(admin_db):
    at = admin_page()
    at.button(key="admin_sample_load").click().run()
    assert_no_exception(at)
    with admin_db.connect() as conn:
        samples = conn.execute(select(schema.memberships).where(schema.memberships.c.is_sample.is_(True))).all()
    assert samples
    at.button(key="admin_sample_remove").click().run()
    with admin_db.connect() as conn:
        assert not conn.execute(select(schema.memberships).where(schema.memberships.c.is_sample.is_(True))).all()
    assert list(history.load_history(admin_db)["loaded_by"]) == [ADMIN, ADMIN]
