"""Header and footer shown on every page."""

from __future__ import annotations

import streamlit as st

from nnecl_data.sources import OGL_ATTRIBUTION, ONS_ATTRIBUTION
from nnecl_data.ui import navigation


def header() -> None:
    st.markdown(
        "**NNECL regional dashboard** &nbsp; :blue-badge[Beta] &nbsp; "
        ":small[This is a new service: figures are checked against their sources, but pages may change.]"
    )


def footer() -> None:
    st.divider()
    st.caption(
        "Care leaver, looked-after children and key stage 4 statistics: Department for Education. "
        f"{OGL_ATTRIBUTION} Boundaries: {ONS_ATTRIBUTION}. Quality Mark awards, facts and partnerships: "
        "National Network for the Education of Care Leavers (NNECL) announcements and the Learning and Work "
        "Institute report, as cited on each page. Member figures appear only when NNECL loads its register; "
        "any sample register is fictional and flagged."
    )
    cols = st.columns(3)
    navigation.link("methods", container=cols[0])
    navigation.link("accessibility", container=cols[1])
