"""The navigation and the shared filters, as a visitor meets them in a real browser.

- A cold server's first visit never lists the admin page, at any moment.
- Filters set by link or by widget survive every move between pages (there and back, again), a reload,
  and the browser's back and forward buttons; a page that does not show a filter leaves it untouched.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest

from nnecl_data.ui.pages import PAGES
from tests.browser.conftest import running_app
from tests.browser.shoot import DESKTOP, exceptions, settle

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [page for page in PAGES.values() if not page.admin]
START = "outcomes"
# Every shared filter set to something other than its default.
LINK_FILTERS = {
    "region": ["E12000002"],  # North West
    "type": ["university"],
    "indicator": ["cl_he"],
    "age": ["17_18"],
    "year": ["2020"],
    "ca": ["E47000004"],  # Liverpool City Region (the target tracker's default is Greater Manchester)
}


def query_of(url: str) -> dict[str, list[str]]:
    return {key: sorted(values) for key, values in parse_qs(urlparse(url).query).items()}


def go_to(page, title: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=title, exact=True).click()
    settle(page)


def assert_filters(page, expected: dict[str, list[str]], where: str) -> None:
    # The run after a move writes the filters back into the address: wait for it, bounded.
    deadline = time.time() + 20
    while query_of(page.url) != expected and time.time() < deadline:
        page.wait_for_timeout(200)
    assert query_of(page.url) == expected, f"{where}: the address holds {query_of(page.url)}"
    assert exceptions(page) == [], f"{where}: {exceptions(page)}"


def sidebar_text(page) -> str:
    """What the sidebar shows, the chosen value of each select box included."""
    bar = page.locator('[data-testid="stSidebar"]')
    values = bar.locator("input").evaluate_all("inputs => inputs.map(i => i.value)")
    return bar.inner_text() + "\n" + "\n".join(values)


def sidebar_showing(page, *texts: str, seconds: float = 20) -> str:
    """The sidebar's text once it shows every one of `texts` (or after `seconds`): on a link's first visit
    the sidebar is sometimes still being redrawn just after `settle` (seen as its page links and year
    missing for one look, then back)."""
    deadline = time.time() + seconds
    shown = sidebar_text(page)
    while not all(text in shown for text in texts) and time.time() < deadline:
        page.wait_for_timeout(200)
        shown = sidebar_text(page)
    return shown


def choose(page, label: str, option: str, shows: str) -> None:
    """Pick an option of a sidebar selectbox or multiselect, as a visitor does, and wait until the run it
    starts has put `shows` (e.g. "region=E12000007") into the address."""
    page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_function(f"() => window.location.search.includes({shows!r})", timeout=30_000)
    settle(page)


def test_a_cold_servers_first_visit_never_lists_the_admin_page(chromium, tmp_path):
    """Sampled every 100 ms for 3 s from the first byte of the very first visit to a new server."""
    with running_app(tmp_path) as base:
        context = chromium.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.goto(f"{base}/{START}", wait_until="commit")
        samples = []
        started = time.time()
        # every 100 ms for at least 3 s, and at least 30 looks however slow the machine is
        while time.time() - started < 3 or len(samples) < 30:
            samples.append(
                page.evaluate(
                    """() => {
                        const bar = document.querySelector('[data-testid="stSidebar"]');
                        const links = [...document.querySelectorAll('a')].map(a => a.href + ' ' + a.innerText);
                        return (bar ? bar.innerText : '') + '\\n' + links.join('\\n');
                    }"""
                )
            )
            page.wait_for_timeout(100)
        settle(page)
        samples.append(sidebar_text(page))
        seen = [sample for sample in samples if "admin" in sample.lower()]
        assert not seen, f"the navigation listed the admin area: {seen[0][:300]}"
        # ... and the deep link opened its page inside the frame, navigation included.
        assert "Regional outcomes" in page.inner_text('[data-testid="stMain"]')
        assert "Quality Mark coverage" in sidebar_showing(page, "Quality Mark coverage")
        context.close()


def walk_there_and_back(page, expected: dict[str, list[str]], only: tuple[str, ...] = ()) -> None:
    """START -> P -> START -> P for every other page P (or those in `only`), checking every filter after
    every move."""
    start_title = PAGES[START].nav_label
    for other in PUBLIC_PAGES:
        if other.id == START or (only and other.id not in only):
            continue
        for title in (other.nav_label, start_title, other.nav_label, start_title):
            go_to(page, title)
            assert_filters(page, expected, f"after moving to {title} (walk with {other.nav_label})")


def test_filters_hold_across_every_move_reload_and_history(server, chromium):
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    link = "&".join(f"{key}={value}" for key, values in LINK_FILTERS.items() for value in values)
    page.goto(f"{server}/{START}?{link}")
    settle(page)
    expected = {key: sorted(values) for key, values in LINK_FILTERS.items()}
    assert_filters(page, expected, "the link as opened")
    shown = sidebar_showing(page, "North West", "In higher education", "2020")
    assert "North West" in shown and "In higher education" in shown and "2020" in shown

    # Set by link: every page and back again.
    walk_there_and_back(page, expected)

    # Set by widget: another indicator and region on the gaps page, a type on Institutions.
    go_to(page, "Regional gaps")
    choose(page, "Indicator", "In suitable accommodation", "indicator=cl_suitable_accommodation")
    choose(page, "Regions", "London", "region=E12000007")
    expected = {**expected, "indicator": ["cl_suitable_accommodation"], "region": ["E12000002", "E12000007"]}
    assert_filters(page, expected, "after choosing an indicator and a region on Regional gaps")
    go_to(page, "Institutions")
    choose(page, "Institution types", "General FE college", "type=general_fe_college")
    expected = {**expected, "type": ["general_fe_college", "university"]}
    assert_filters(page, expected, "after choosing a type on Institutions")
    # Pages that show the filters just changed, and two that show none of them.
    walk_there_and_back(page, expected, only=("gaps", "institutions", "quality_mark", "overview", "methods"))

    # A reload keeps everything, on a page that shows few of the filters and on one that shows most.
    for title in ("Local partnerships", "Regional gaps"):
        go_to(page, title)
        page.reload()
        settle(page)
        assert_filters(page, expected, f"after a reload of {title}")

    # Back and forward through the pages visited.
    for title in ("Quality Mark coverage", "Target tracker", "Evidence pack", "Regional outcomes"):
        go_to(page, title)
    for _ in range(3):
        page.go_back()
        settle(page)
        assert_filters(page, expected, "after going back")
    for _ in range(2):
        page.go_forward()
        settle(page)
        assert_filters(page, expected, "after going forward")
    go_to(page, "Institutions")
    shown = sidebar_showing(page, "London", "North West", "General FE college", "University")
    assert "London" in shown and "North West" in shown and "General FE college" in shown and "University" in shown
    context.close()
