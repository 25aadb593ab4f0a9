"""The script Streamlit runs for each visit and rerun: the frame with the chosen page in it.

It lives here, not beside `pages/`, so that Streamlit never treats `pages/` as a legacy multipage app
(which, before the first `st.navigation` call of a process, lists every file there, admin included, and
runs a deep-linked page file without the frame). `dashboard.py` serves this script.
"""

from nnecl_data.ui import frame

frame.run()
