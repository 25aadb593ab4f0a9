"""Accessibility statement: what the dashboard does, what was checked, known limitations, reporting problems."""

import streamlit as st

from nnecl_data.ui import accessibility_audit as audit
from nnecl_data.ui import components as ui
from nnecl_data.ui.views import accessibility as views

ui.page_start("accessibility", intro=views.INTRO)
for heading, text in views.SECTIONS:
    st.header(heading)
    st.markdown(text)
st.header(views.AUDIT_HEADING)
st.markdown(audit.summary())
st.markdown(audit.details())
ui.table_block(audit.findings_table(), key="audit", title="Accessibility audit findings", source_ids=[])
st.header(views.REPORTING_HEADING)
st.markdown(views.REPORTING)
ui.page_end("accessibility", "no filters")
