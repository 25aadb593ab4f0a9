"""Make every page run inside dashboard.py, even on a cold start.

Streamlit treats a folder named `pages/` beside the entry script as a legacy multipage app until
`st.navigation` has run once in the process. A deep link opened first on a fresh server (or any
`AppTest.switch_page`) would then run the page file alone: no header, filters, footer or database
check. Each page calls `through_dashboard()` first; in that legacy mode it runs dashboard.py instead,
whose `st.navigation` resolves the same URL to this page inside the full frame.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard.py"


def _legacy_pages_mode() -> bool:
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # internal module moved: nothing to work around
        return False
    return bool(PagesManager.uses_pages_directory)


def through_dashboard() -> None:
    if _legacy_pages_mode():
        runpy.run_path(str(DASHBOARD), run_name="__main__")
        st.stop()
