"""NNECL regional dashboard: `streamlit run dashboard.py`.

Streamlit serves this app: before the first visitor it prepares the embedded database (nnecl_data/ui/
startup.py); each visit then runs nnecl_data/ui/main.py, the frame (navigation, header, shared filters,
footer) with the chosen page from pages/ in it.
"""

import streamlit as st

from nnecl_data.ui import startup

app = st.App("nnecl_data/ui/main.py", lifespan=startup.lifespan)
