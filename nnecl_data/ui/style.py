"""The dashboard's own stylesheet, assets/nnecl.css: the accessibility fixes (caption contrast, visible
focus) that Streamlit's theme options cannot express."""

from __future__ import annotations

import streamlit as st

from nnecl_data import config

STYLESHEET = config.PROJECT_DIR / "assets" / "nnecl.css"


def apply() -> None:
    """Load the stylesheet into this run. Call once per run from dashboard.py, before the page runs:
    a style-only st.html goes to the page's event container, so it takes no space."""
    st.html(STYLESHEET)
