"""The dashboard's pages, said once: id (the address), title, icon and section, and the navigation drawn
from them.

Each title here is the one the navigation, the browser tab, the page heading and a citation use.
The navigation is drawn by the app itself (links in the sidebar), not by Streamlit: Streamlit's own list
is off (`client.showSidebarNavigation = false`), so no page the visitor may not open is ever listed, at
any moment, and the links are plain links (no list markup without its items).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from nnecl_data import config

PAGES_DIR = config.PROJECT_DIR / "pages"
CURRENT = "_current_page_id"  # session key: the page this run draws


@dataclass(frozen=True)
class PageInfo:
    id: str  # also the page's address: /outcomes
    title: str
    icon: str
    section: str
    admin_only: bool = False
    heading: str | None = None  # the page's heading where it says more than the title

    @property
    def shown_heading(self) -> str:
        return self.heading or self.title

    @property
    def script(self) -> Path:
        return PAGES_DIR / f"{self.id}.py"


PAGES: tuple[PageInfo, ...] = (
    PageInfo(
        "overview",
        "Overview",
        ":material/dashboard:",
        "Dashboard",
        heading="How care leavers fare, and how far support reaches, region by region",
    ),
    PageInfo("outcomes", "Regional outcomes", ":material/insights:", "Dashboard"),
    PageInfo("quality_mark", "Quality Mark coverage", ":material/verified:", "Dashboard"),
    PageInfo("members", "Member density", ":material/groups:", "Dashboard"),
    PageInfo("target_tracker", "Target tracker", ":material/flag:", "Dashboard"),
    PageInfo(
        "gaps",
        "Regional gaps",
        ":material/compare_arrows:",
        "Dashboard",
        heading="Regional gaps: outcomes against provision",
    ),
    PageInfo("evidence_pack", "Evidence pack", ":material/picture_as_pdf:", "Dashboard"),
    PageInfo(
        "institutions",
        "Institutions",
        ":material/account_balance:",
        "Directories",
        heading="Colleges and universities",
    ),
    PageInfo("partnerships", "Local partnerships", ":material/handshake:", "Directories"),
    PageInfo("methods", "Data and methods", ":material/menu_book:", "About"),
    PageInfo("accessibility", "Accessibility statement", ":material/accessibility:", "About"),
    PageInfo("admin", "Data administration", ":material/admin_panel_settings:", "Administration", True),
)
BY_ID = {page.id: page for page in PAGES}
DEFAULT = "overview"


def visible_pages(is_admin: bool) -> list[PageInfo]:
    """The pages this visitor may open: the admin page exists only for a signed-in admin."""
    return [page for page in PAGES if is_admin or not page.admin_only]


def streamlit_pages(pages: list[PageInfo]) -> dict[str, st.Page]:
    return {
        page.id: st.Page(
            page.script, title=page.title, icon=page.icon, url_path=page.id, default=page.id == DEFAULT
        )
        for page in pages
    }


def title(page_id: str) -> str:
    return BY_ID[page_id].title


def current_id() -> str:
    return st.session_state.get(CURRENT, DEFAULT)


def current_title() -> str:
    return title(current_id())


def draw(pages: list[PageInfo], st_pages: dict[str, st.Page]) -> None:
    """Sidebar links grouped by section, the current page marked by Streamlit as the active link."""
    container = st.sidebar.container(key="nnecl_navigation")
    section = None
    for page in pages:
        if page.section != section:
            section = page.section
            container.markdown(f"**{section}**")
        container.page_link(st_pages[page.id], label=page.title, icon=page.icon)


def link(page_id: str, label: str | None = None, container=None) -> None:
    """A link to another page of the app (nothing when the visitor may not open it)."""
    st_pages = st.session_state.get("_pages", {})
    if page_id in st_pages:
        (container or st).page_link(st_pages[page_id], label=label or title(page_id), icon=BY_ID[page_id].icon)
