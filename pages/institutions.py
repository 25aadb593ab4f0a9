"""Institutions: the register of colleges and universities, searchable and filterable, with Quality Mark status."""

import streamlit as st

from nnecl_data.rules import selection
from nnecl_data.ui import components as ui
from nnecl_data.ui import data, filters
from nnecl_data.ui import directory_views as dv

types = filters.type_filter()
regions = filters.current().regions
statuses = st.sidebar.multiselect(
    "Quality Mark status today",
    list(dv.STATUS_LABELS),
    format_func=dv.STATUS_LABELS.get,
    key="w_qm_status",
    placeholder="Any status",
    help="Status today under the dashboard's rules: awards last three years and are dated by year only.",
)
members_loaded = dv.member_register()["loaded"]
membership = "all"
if members_loaded:
    membership = st.sidebar.radio(
        "NNECL membership",
        ["all", "yes", "no"],
        format_func={"all": "All", "yes": "Members", "no": "Not members"}.get,
        key="w_member",
        horizontal=True,
    )

selection_text = selection.describe(filters.current(), data.region_names())
ui.set_title("Institutions", selection_text)
ui.page_intro(
    "Colleges and universities",
    "The dashboard's register of further and higher education institutions in England, with each one's "
    f"NNECL Quality Mark status today ({data.today().isoformat()}) under the dashboard's rules (see 'What the "
    "Quality Mark statuses mean' below). Search by name, another name or UKPRN; narrow the list with the "
    "filters in the sidebar.",
)

raw = st.text_input(
    "Search by name, other name or UKPRN",
    max_chars=dv.MAX_SEARCH,
    key="w_institution_search",
    placeholder="For example: Bolton College",
    help="Plain text, up to 100 characters. Matches any part of a name; capitals and punctuation are ignored.",
)
query, note = dv.clean_search(raw)
if note:
    st.caption(note)

view = dv.institution_view(query, regions, types, tuple(statuses), membership, data.today())
if view.sample_only:
    st.caption("Only a fictional sample member register is loaded, so membership is not shown here.")

shown = len(view.table)
st.markdown(f"**{shown} of {view.total_in_register} institutions** in the register match the search and filters.")
if view.table.empty:
    what = f"for the search “{dv.escape_markdown(query)}” " if query else ""
    ui.empty_state(
        f"No institutions match {what}with these filters.",
        "To widen the search: use fewer or shorter words (for example 'Bolton' rather than the full name), "
        "check the spelling, clear the Quality Mark status filter, or remove regions or institution types "
        "in the sidebar. Some institutions are not in the register at all (see the known gaps below).",
    )
else:
    ui.table_block(
        view.table,
        key="institutions",
        title="Institutions in the register",
        source_ids=view.source_ids,
        caveats=view.caveats,
    )

st.header("Counts by region and type")
st.caption("Institutions matching the search and filters, by region (rows) and type (columns).")
ui.table_block(
    view.counts,
    key="institution_counts",
    title="Institutions by region and type",
    source_ids=dv.REGISTER_SOURCES,
    caveats=[dv.REGISTER_CAVEAT],
)

with st.expander("What the Quality Mark statuses mean"):
    st.markdown("\n".join(f"- **{dv.STATUS_LABELS[k]}**: {v}" for k, v in dv.STATUS_HELP.items()))

st.header("Known gaps in the register")
st.markdown("\n".join(f"- {gap}" for gap in dv.known_gaps()))
if not members_loaded:
    st.caption(f"NNECL membership: {dv.NO_REGISTER}.")

ui.cite_this_view("Institutions", selection_text)
