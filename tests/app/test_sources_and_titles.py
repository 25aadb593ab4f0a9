"""Every page: its title from the page registry, and its sources and caveats given in full once, in one
"Sources and caveats" section at its end, with a one-line source under each chart and table."""

from __future__ import annotations

import datetime as dt

import pytest

from nnecl_data import wording
from nnecl_data.database import provision
from nnecl_data.ui.pages import PAGES
from tests.app.conftest import assert_no_exception, open_page, page_text

SECTION = "Sources and caveats"
PUBLIC = [p for p in PAGES if not PAGES[p].admin]


def _sections(at):
    return [e for e in at.expander if e.label == SECTION]


@pytest.mark.parametrize("page", PUBLIC)
def test_heading_comes_from_the_registry_and_sources_are_given_in_full_once(app_db, page):
    # the local authority page cites data once an authority is chosen (Salford here)
    at = open_page(page, {"la": "E08000006"} if page == "local_authority" else None)
    assert_no_exception(at)
    assert at.title[0].value.startswith(PAGES[page].page_heading)
    sections = _sections(at)
    if page == "accessibility":  # cites no data
        assert sections == []
        return
    assert len(sections) == 1
    shown = page_text(at)
    assert shown.count("**Sources**") == 1
    for caveat in wording.QUALITY_MARK_CAVEATS + [wording.ROUNDING_CAVEAT]:
        assert shown.count(caveat) <= 1, caveat
    # the section closes the page, just before its citation (the overview has none)
    tail = [SECTION] if page == "overview" else [SECTION, "Cite this view"]
    assert [e.label for e in at.expander][-len(tail) :] == tail


def test_quality_mark_page_gives_its_caveats_once_and_every_chart_a_source_line(app_db):
    at = open_page("quality_mark")
    shown = page_text(at)
    for caveat in (
        wording.NOT_ANNOUNCED_CAVEAT,
        wording.YEAR_CAVEAT,
        wording.REGISTER_CAVEAT,
        wording.NOT_IN_REGISTER_CAVEAT,
    ):
        assert shown.count(caveat) == 1, caveat
    source_lines = [c.value for c in at.caption if c.value.startswith("**Source:**")]
    assert len(source_lines) >= len([c for c in at.caption if c.value.startswith("Chart description:")])
    assert all("Full references and caveats" in line for line in source_lines)


def test_target_tracker_states_its_projection_assumptions_once(app_db):
    at = open_page("target_tracker")
    assumptions = provision.target_progress(app_db, "gm_all_accredited_2027", dt.date.today()).assumptions
    shown = page_text(at)
    assert shown.count(assumptions) == 1
    assert shown.count(wording.PROJECTION_NOTE) <= 1
    assert shown.count("**Sources**") == 1
