"""Data administration (admins only): update NNECL's registers by upload with a checked preview, see every
load, roll a load back, and load or remove the fictional sample member register.

dashboard.py lists this page only for a signed-in admin; the page checks again, so opening its file any
other way shows nothing of the admin area."""

import streamlit as st

from nnecl_data.ui import access
from nnecl_data.ui import components as ui
from nnecl_data.ui.views import admin as views

if not access.is_admin_user():
    views.refusal()
    st.stop()

ui.page_start(
    "admin",
    intro="Update NNECL's registers (members, Quality Mark awards, institutions, local partnerships), see every "
    "load and roll one back. Changes show on every page as soon as they are loaded.",
)
user = access.current_email()
st.caption(f"Signed in as {access.escape_markdown(user)}; loads are recorded under this address.")
engine = views.admin_engine()
views.show_flash()
views.upload_section(engine, user)
views.history_section(engine, user)
views.sample_section(user)
