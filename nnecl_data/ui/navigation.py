"""The navigation, drawn by the app from the page registry (nnecl_data/ui/pages.py).

Streamlit's own page list is off (`client.showSidebarNavigation = false`), so no page the visitor may not
open is ever listed, at any moment, and the links are plain links (no list markup without its items).
"""

from __future__ import annotations

import streamlit as st

from nnecl_data import config
from nnecl_data.ui.pages import PAGES, SECTIONS, PageInfo, in_section

CURRENT = "_current_page_id"  # session key: the page this run draws
LINKS = "_pages"  # session key: page id -> st.Page, for links between pages


def visible_pages(is_admin: bool) -> list[PageInfo]:
    """The pages this visitor may open, in navigation order: the admin page only for a signed-in admin."""
    return [page for section in SECTIONS for page in in_section(section, admin=is_admin)]


def streamlit_pages(pages: list[PageInfo]) -> dict[str, st.Page]:
    return {
        page.id: st.Page(
            config.PROJECT_DIR / page.path,
            title=page.title,
            icon=page.icon,
            url_path=page.id,
            default=page.default,
        )
        for page in pages
    }


def current_id() -> str:
    return st.session_state.get(CURRENT, "overview")


def draw(pages: list[PageInfo], st_pages: dict[str, st.Page]) -> None:
    """Sidebar links grouped by section; Streamlit marks the current page's link as active."""
    container = st.sidebar.container(key="nnecl_navigation")
    section = None
    for page in pages:
        if page.section != section:
            section = page.section
            container.markdown(f"**{section}**")
        container.page_link(st_pages[page.id], label=page.nav_label, icon=page.icon)


def link(page_id: str, label: str | None = None, container=None, query_params: dict | None = None) -> None:
    """A link to another page of the app (nothing when the visitor may not open it), optionally with
    URL parameters (the shared filters it opens with)."""
    st_pages = st.session_state.get(LINKS, {})
    if page_id in st_pages:
        info = PAGES[page_id]
        (container or st).page_link(
            st_pages[page_id], label=label or info.title, icon=info.icon, query_params=query_params
        )


def switch(page_id: str, query_params: dict | None = None) -> None:
    """Go to another page of the app now, with these URL parameters (ends this run)."""
    st.switch_page(st.session_state[LINKS][page_id], query_params=query_params or {})
