"""Real-browser checks: a cold-started server, every page in headless Chromium at desktop and phone
sizes, and filters carried across pages and through a copied link."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser.shoot import DESKTOP, MOBILE, PAGES, exceptions, settle

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("NNECL_SCREENSHOT_DIR", "/tmp/nnecl-screenshots"))


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_every_page_opens_from_a_cold_start_without_an_exception(server, browser, viewport):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=viewport)
    try:
        for name in PAGES:
            page = context.new_page()  # a new tab per page: each is a cold deep link
            page.goto(f"{server}/{name}")
            settle(page, timeout_ms=120_000)
            page.screenshot(path=str(SHOTS / f"{name or 'overview'}_{viewport['width']}.png"), full_page=True)
            assert exceptions(page) == [], f"{name or 'overview'}: {exceptions(page)}"
            assert "NNECL regional dashboard" in page.inner_text("body"), f"{name}: header missing"
            page.close()
    finally:
        context.close()


def test_filters_carry_across_pages_and_through_a_copied_link(server, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{server}/outcomes?region=E12000001&indicator=cl_he&year=2019")
    settle(page)
    assert "North East" in page.locator('[data-testid="stSidebar"]').inner_text()
    # move to another page through the navigation: the region stays selected and in the URL
    page.get_by_role("link", name="Quality Mark coverage").click()
    page.wait_for_url("**/quality_mark**")
    page.wait_for_function("() => window.location.search.includes('region=E12000001')", timeout=30_000)
    settle(page)
    assert "North East" in page.locator('[data-testid="stSidebar"]').inner_text()
    # back to outcomes: indicator and year survived the trip
    page.get_by_role("link", name="Regional outcomes").click()
    page.wait_for_url("**/outcomes**")
    # the run after a page switch writes the filters back into the address; wait for it (bounded)
    page.wait_for_function(
        "() => ['indicator=cl_he', 'year=2019', 'region=E12000001']"
        ".every(p => window.location.search.includes(p))",
        timeout=30_000,
    )
    settle(page)
    copied = page.url
    # the copied link reproduces the view in a fresh session
    other = browser.new_context(viewport=DESKTOP).new_page()
    other.goto(copied)
    settle(other)
    text = other.inner_text('[data-testid="stMain"]')
    assert "2019" in text and "North East" in text
    other.context.close()
    context.close()


def test_clicking_a_region_on_the_map_selects_it(server, browser):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(f"{server}/outcomes")
    settle(page)
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    # Vega draws the map after the run has settled; on a busy machine that can take seconds
    chart.locator("canvas, svg").first.wait_for(state="visible", timeout=60_000)
    for _attempt in range(3):  # a click that lands before Vega listens, or during a redraw, is lost
        settle(page)
        page.wait_for_timeout(1_000)
        box = chart.bounding_box()
        # the North East sits at the top of the map, right of centre
        page.mouse.click(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.2)
        try:
            page.wait_for_function("() => window.location.search.includes('region=')", timeout=30_000)
            break
        except PlaywrightTimeout:
            continue
    else:
        pytest.fail("clicking the North East on the map selected nothing, three times")
    settle(page)
    assert "region=E12000001" in page.url
    assert "North East" in page.locator('[data-testid="stSidebar"]').inner_text()
    # the rest of the page follows: the headline is about the North East and its LAs are listed
    main = page.inner_text('[data-testid="stMain"]')
    assert "in the North East" in main and "Gateshead" in main
    page.context.close()


def test_clicking_an_authoritys_bar_opens_its_profile(server, browser):
    """Regional outcomes for the North West: a click on Salford's bar in the local-authority bar chart
    lands on /local_authority with la=E08000006 (and the region kept), showing Salford's profile."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(f"{server}/outcomes?region=E12000002")
    settle(page)
    chart = page.locator(".st-key-chart_la_bars")
    chart.scroll_into_view_if_needed()
    # Vega names each bar by its tooltip fields; the bar, not its label, listens for the click
    bar = chart.locator('svg.marks g.mark-rect path[aria-label*="Area: Salford;"]')
    bar.wait_for(state="visible", timeout=60_000)
    for _attempt in range(2):  # a click that lands before Vega listens is lost: one more, later
        bar.click()
        try:
            page.wait_for_url("**/local_authority?**", timeout=30_000)
            break
        except PlaywrightTimeout:
            continue
    else:
        pytest.fail("clicking Salford's bar opened nothing, twice")
    page.wait_for_function("() => window.location.search.includes('la=E08000006')", timeout=30_000)
    settle(page)
    assert "region=E12000002" in page.url
    assert exceptions(page) == []
    main = page.inner_text('[data-testid="stMain"]')
    assert "Salford is an upper-tier local authority" in main and "Its statistical neighbours" in main
    page.context.close()


def test_typing_part_of_a_name_finds_the_authority_and_the_choice_survives_page_moves(server, browser):
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(f"{server}/local_authority")
    settle(page)
    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"] input').first.click()
    page.keyboard.type("salf")
    page.wait_for_selector('[role="option"]', timeout=10_000)
    assert page.locator('[role="option"]').all_inner_texts()[0] == "Salford · North West"
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.location.search.includes('la=E08000006')", timeout=30_000)
    settle(page)
    main = page.inner_text('[data-testid="stMain"]')
    assert "Its statistical neighbours" in main and "Rochdale" in main  # one of Salford's 10 (May 2025)
    page.get_by_role("link", name="Regional outcomes").click()
    page.wait_for_url("**/outcomes**")
    settle(page)
    page.get_by_role("link", name="Local authority").click()
    page.wait_for_url("**/local_authority**")
    settle(page)
    assert "Salford is an upper-tier local authority" in page.inner_text('[data-testid="stMain"]')
    page.goto(f"{server}/local_authority?la=not-a-code")
    settle(page)
    assert "Ignored local authority" in page.inner_text('[data-testid="stMain"]')
    page.context.close()


def test_all_data_downloads_as_one_archive_from_data_and_methods(server, browser):
    import csv
    import io
    import zipfile

    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{server}/methods")
    settle(page)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download all data (ZIP of CSV files)").click()
    assert re.fullmatch(r"nnecl-dashboard-all-data-[0-9a-f]{12}\.zip", download.value.suggested_filename)
    with zipfile.ZipFile(download.value.path()) as archive:
        names = set(archive.namelist())
        outcomes = list(csv.DictReader(io.StringIO(archive.read("outcomes.csv").decode("utf-8-sig"))))
    assert {"README.txt", "data-dictionary.csv", "outcomes.csv", "sources.csv", "facts.csv"} <= names
    assert len(outcomes) > 20_000 and all(not r["value"] for r in outcomes if r["status"])
    context.close()


def test_on_a_phone_the_filters_come_before_the_navigation(server, browser):
    """A phone opens the sidebar over the page: its filters are the first thing in it, above the page
    links, while a desktop keeps the links first."""
    for viewport, filters_first in ((MOBILE, True), (DESKTOP, False)):
        page = browser.new_context(viewport=viewport).new_page()
        page.goto(f"{server}/outcomes")
        settle(page)
        opener = page.get_by_test_id("stExpandSidebarButton")
        if opener.count() and opener.is_visible():
            opener.click()
            page.wait_for_timeout(600)
        bar = page.locator('[data-testid="stSidebar"]')
        filters_top = bar.get_by_role("heading", name="Filters").bounding_box()["y"]
        links_top = bar.get_by_role("link", name="Overview").bounding_box()["y"]
        assert (filters_top < links_top) == filters_first, viewport
        if filters_first:  # reachable without scrolling: the first filter is inside the first screen
            region = bar.get_by_role("combobox", name="Regions").bounding_box()
            assert region["y"] + region["height"] <= viewport["height"]
        page.context.close()


def test_metric_card_labels_are_never_cut_short(server, browser):
    """A card's label wraps rather than ending in '…' (the Greater Manchester card's label is the longest)."""
    for viewport in (DESKTOP, MOBILE):
        page = browser.new_context(viewport=viewport).new_page()
        page.goto(f"{server}/")
        settle(page)
        cut = page.evaluate(
            """() => Array.from(document.querySelectorAll('[data-testid="stMetricLabel"] .stMarkdownEllipsis'))
                 .filter(label => label.scrollWidth > label.clientWidth + 1).map(label => label.innerText)"""
        )
        labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
        assert any("Greater Manchester" in label for label in labels), labels
        assert not cut, (viewport, cut)
        page.context.close()
