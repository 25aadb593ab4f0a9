"""Accessibility statement: what the dashboard does, what was checked, known limitations, reporting problems."""

import streamlit as st

from nnecl_data.ui import components as ui
from nnecl_data.ui.views import accessibility as views

ui.page_start("accessibility", intro=views.INTRO)
for heading, text in views.SECTIONS:
    st.header(heading)
    st.markdown(text)
ui.page_end("accessibility", "no filters")
