"""NNECL regional dashboard: entry point. Run with `streamlit run dashboard.py`."""

import streamlit as st

from nnecl_data.ui import access, components, data, filters, layout

st.set_page_config(page_title="NNECL regional dashboard", page_icon=":material/school:", layout="wide")

PAGES = {
    "overview": st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    "outcomes": st.Page("pages/outcomes.py", title="Regional outcomes", icon=":material/insights:"),
    "quality_mark": st.Page("pages/quality_mark.py", title="Quality Mark coverage", icon=":material/verified:"),
    "members": st.Page("pages/members.py", title="Member density", icon=":material/groups:"),
    "target": st.Page("pages/target_tracker.py", title="Target tracker", icon=":material/flag:"),
    "gaps": st.Page("pages/gaps.py", title="Regional gaps", icon=":material/compare_arrows:"),
    "local_authority": st.Page("pages/local_authority.py", title="Local authority", icon=":material/home_pin:"),
    "evidence_pack": st.Page("pages/evidence_pack.py", title="Evidence pack", icon=":material/picture_as_pdf:"),
    "institutions": st.Page("pages/institutions.py", title="Institutions", icon=":material/account_balance:"),
    "partnerships": st.Page("pages/partnerships.py", title="Local partnerships", icon=":material/handshake:"),
    "methods": st.Page("pages/methods.py", title="Data and methods", icon=":material/menu_book:"),
    "accessibility": st.Page("pages/accessibility.py", title="Accessibility", icon=":material/accessibility:"),
}
SECTIONS = {
    "Dashboard": [
        PAGES[k] for k in ("overview", "outcomes", "quality_mark", "members", "target", "gaps", "evidence_pack")
    ],
    "Directories": [PAGES["institutions"], PAGES["partnerships"]],
    "About": [PAGES["methods"], PAGES["accessibility"]],
}
SECTIONS["Dashboard"].insert(2, PAGES["local_authority"])  # after Regional outcomes
if access.is_admin_user():  # signed in with an admin role (never without [auth] in secrets)
    PAGES["admin"] = st.Page("pages/admin.py", title="Data administration", icon=":material/admin_panel_settings:")
    SECTIONS["Administration"] = [PAGES["admin"]]
st.session_state["_pages"] = PAGES  # pages link to each other through this

page = st.navigation(SECTIONS)
layout.header()
try:
    data.ensure_database()
    filters.sync_from_url()
    filters.show_notes()
    st.sidebar.header("Filters")
    filters.region_filter()
    st.session_state[components.SHOWN_SOURCES] = set()
    page.run()
    filters.write_url()
except data.RECOVERABLE as error:
    data.friendly_failure(error)
access.account_control()  # "Sign in" / "Sign out" at the bottom of the sidebar, only when [auth] is set
layout.footer(PAGES)
