"""Across pages: each page shows only the filters it uses and says what it shows; no advice for a mouse
alone; a downloaded file is headed by the page's own selection; citations carry the public address."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from nnecl_data.ui import components
from nnecl_data.ui.pages import PAGES
from tests.app.conftest import assert_no_exception, open_page, page_text

PUBLIC = [p for p in PAGES if not PAGES[p].admin]


@pytest.mark.parametrize("page", PUBLIC)
def test_a_page_shows_only_the_filters_it_uses_and_says_what_it_shows(app_db, page):
    at = open_page(page, {"region": "E12000002", "type": "university"})
    assert_no_exception(at)
    used = PAGES[page].filters
    keys = {w.key for w in at.sidebar.multiselect} | {w.key for w in at.sidebar.selectbox}
    assert ("w_region" in keys) == ("region" in used), keys
    assert ("w_type" in keys) == ("type" in used), keys
    assert ("w_indicator" in keys) == ("indicator" in used), keys
    assert ("w_ca" in keys) == ("ca" in used), keys
    assert ("w_target" in keys) == ("target" in used), keys
    headers = [h.value for h in at.sidebar.header]
    in_sidebar = set(used) - {"la", "area"}  # the local authority and the pack's area are chosen in the page
    assert ("Filters" in headers) == bool(in_sidebar)
    showing = [m.value for m in at.markdown if "**Showing:**" in m.value]
    if "region" in used:  # the line under the heading names the region chosen
        assert showing and "North West" in showing[0]
        assert ("University" in showing[0]) == ("type" in used)
    if not used:
        assert not showing
    assert "shift" not in page_text(at).lower()  # nothing that needs a keyboard beside a mouse


def test_a_page_without_regions_never_says_all_regions(app_db):
    at = open_page("target_tracker")
    assert "all regions" not in at.session_state[components.PAGE_SELECTION]
    assert at.session_state[components.PAGE_SELECTION].startswith("Greater Manchester")  # the target's name


def _file_header():
    """What a page's downloads carry: the notes export_notes builds after the page named its selection."""
    import pandas as pd
    import streamlit as st

    from nnecl_data import export
    from nnecl_data.ui import components

    components.set_title("target_tracker", "Greater Manchester")
    notes = components.export_notes("Greater Manchester: projection to 2027", [])
    st.text(export.to_csv_bytes(pd.DataFrame({"year": [2027]}), notes).decode("utf-8-sig"))


def test_a_downloaded_file_is_headed_by_the_pages_selection(app_db):
    """Greater Manchester's target tracker: its files say Greater Manchester, not 'all regions'."""
    at = open_page("target_tracker")
    assert_no_exception(at)
    assert at.session_state[components.PAGE_SELECTION].startswith("Greater Manchester")
    file = AppTest.from_function(_file_header, default_timeout=120).run()
    assert_no_exception(file)
    header = file.text[0].value
    assert "# Selection: Greater Manchester\n" in header and "all regions" not in header
    assert "# Data: Department for Education: " in header  # the data named, not a hash alone


def test_the_four_downloads_read_as_four_things(app_db):
    at = open_page("outcomes")
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"CSV", "Excel", "PNG", "SVG"} <= set(labels)
    assert not any(label.startswith("Download") for label in labels)
    assert all(b.proto.help for b in at.get("download_button"))


def test_tables_show_blank_not_none_and_every_row_of_a_short_list(app_db):
    at = open_page("outcomes", {"indicator": "ks4_em_4plus"})
    for frame in at.dataframe:
        assert frame.proto.placeholder == ""
    region_table = next(f for f in at.dataframe if "Region" in f.value.columns and len(f.value) == 9)
    columns = json.loads(region_table.proto.columns)
    # one decimal for every row where KS4 publishes one (17.0% beside 17.4%)
    assert columns["English & maths 4+"]["type_config"]["format"] == "%.1f"
    assert columns["England"]["type_config"]["format"] == "%.1f"


def test_citations_use_the_public_address_when_it_is_set(app_db, monkeypatch):
    monkeypatch.setenv("NNECL_PUBLIC_URL", "https://dashboard.nnecl.example/")
    at = open_page("outcomes", {"region": "E12000002"})
    citation = next(c.value for c in at.code if "NNECL" in c.value)
    assert "https://dashboard.nnecl.example/outcomes?region=E12000002" in citation
    at = open_page("evidence_pack", {"region": "E12000002"})
    cited = [c.value for c in at.code]
    assert any("https://dashboard.nnecl.example/evidence_pack?region=E12000002" in c for c in cited), cited


def test_without_a_public_address_no_citation_points_at_this_machine(app_db, monkeypatch):
    monkeypatch.delenv("NNECL_PUBLIC_URL", raising=False)
    at = open_page("outcomes")
    citation = next(c.value for c in at.code if "NNECL" in c.value)
    assert "localhost" not in citation and "127.0.0.1" not in citation
