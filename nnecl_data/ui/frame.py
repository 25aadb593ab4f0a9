"""The frame every page is drawn in: navigation, header, shared filters, the page, footer.

Run by `nnecl_data/ui/main.py`, the script Streamlit runs for each visit (dashboard.py serves it).
"""

from __future__ import annotations

import streamlit as st

from nnecl_data import config
from nnecl_data.rules import selection
from nnecl_data.ui import access, components, data, filters, layout, navigation, style
from nnecl_data.ui.pages import PAGES

FAVICON = str(config.PROJECT_DIR / "assets" / "favicon.png")


def run() -> None:
    st.set_page_config(page_title=components.PRODUCT, page_icon=FAVICON, layout="wide")
    style.apply()  # the stylesheet in assets/: contrast, focus, and on a phone the filters first
    pages = navigation.visible_pages(access.is_admin_user())  # admin only when signed in with the role
    st_pages = navigation.streamlit_pages(pages)
    st.session_state[navigation.LINKS] = st_pages
    page = st.navigation(list(st_pages.values()), position="hidden")
    current = st.session_state[navigation.CURRENT] = next(key for key, value in st_pages.items() if value == page)
    navigation.draw(pages, st_pages)
    layout.header()
    try:
        data.ensure_database()
        filters.sync_from_url()
        filters.show_notes()
        used = PAGES[current].filters  # each page says which shared filters it reads (ui/pages.py)
        if set(used) - set(selection.IN_THE_PAGE):  # a heading only over filters the sidebar holds
            st.sidebar.header("Filters")
        if "region" in used:
            filters.region_filter()
        page.run()
        filters.write_url()
    except data.RECOVERABLE as error:
        data.friendly_failure(error)
    access.account_control()  # "Sign in" / "Sign out" at the bottom of the sidebar, only when [auth] is set
    layout.footer()
