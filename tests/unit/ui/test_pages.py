"""The pages registry and the layout it promises: every page file has a view module, unit tests and an
AppTest named like it, and page files hold layout only (no pandas, SQL, colours or status lists)."""

from __future__ import annotations

import re
from pathlib import Path

from nnecl_data import wording
from nnecl_data.ui.pages import PAGES, SECTIONS, in_section

ROOT = Path(__file__).resolve().parents[3]
PAGE_FILES = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))


def test_the_registry_lists_every_page_file_once():
    assert sorted(PAGES) == PAGE_FILES
    assert [p.id for p in PAGES.values() if p.default] == ["overview"]
    assert len({p.title for p in PAGES.values()}) == len(PAGES)
    assert all(p.section in SECTIONS for p in PAGES.values())


def test_admin_pages_are_listed_only_for_an_admin():
    everyone = [p.id for section in SECTIONS for p in in_section(section)]
    admin = [p.id for section in SECTIONS for p in in_section(section, admin=True)]
    assert "admin" not in everyone and "admin" in admin
    assert set(admin) == set(PAGES)


def test_each_page_sits_beside_its_view_unit_tests_and_app_test():
    for page in PAGE_FILES:
        assert (ROOT / "nnecl_data" / "ui" / "views" / f"{page}.py").is_file(), page
        assert (ROOT / "tests" / "unit" / "ui" / "views" / f"test_{page}.py").is_file(), page
        assert (ROOT / "tests" / "app" / f"test_{page}_page.py").is_file(), page


def test_pages_are_layout_only():
    forbidden = {
        "pandas": re.compile(r"^\s*(import pandas|from pandas)|\bpd\.", re.M),
        "SQL": re.compile(r"sqlalchemy|(?<!multi)select\(|\bSELECT\b"),
        "a colour": re.compile(r"#[0-9A-Fa-f]{6}\b"),
        "a status label": re.compile("|".join(re.escape(label) for label in wording.STATUS_LABELS.values())),
    }
    found = [
        f"{page}: {what}"
        for page in PAGE_FILES
        for what, pattern in forbidden.items()
        if pattern.search((ROOT / "pages" / f"{page}.py").read_text(encoding="utf-8"))
    ]
    assert found == []


def test_each_page_takes_its_title_from_the_registry():
    for page in PAGE_FILES:
        text = (ROOT / "pages" / f"{page}.py").read_text(encoding="utf-8")
        assert f'ui.page_start(\n    "{page}"' in text or f'ui.page_start("{page}"' in text, page
        assert "st.title(" not in text and "set_page_config(" not in text and "cite_this_view(" not in text, page
