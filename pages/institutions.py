"""Institutions: the register of colleges and universities, searchable and filterable, with Quality Mark status."""

import streamlit as st

from nnecl_data import wording
from nnecl_data.ui import components as ui
from nnecl_data.ui import data, filters
from nnecl_data.ui.views import institutions as views

types = filters.type_filter()
regions = filters.current().regions
today = data.today()
statuses = st.sidebar.multiselect(
    "Quality Mark status today",
    views.status_options(today),
    format_func=views.STATUS_LABELS.get,
    key="w_qm_status",
    placeholder="Any status",
    help="Status today under the dashboard's rules: awards last three years and are dated by year only.",
)
russell = st.sidebar.toggle(
    "Russell Group universities only",
    key="w_russell_group",
    help="The 24 universities of the Russell Group, as its members are listed (the register holds those in "
    "England). Searching 'Russell' finds them too.",
)
members_loaded = views.members_loaded()
membership = "all"
if members_loaded:
    membership = st.sidebar.radio(
        "NNECL membership",
        list(views.MEMBERSHIP_LABELS),
        format_func=views.MEMBERSHIP_LABELS.get,
        key="w_member",
        horizontal=True,
    )

chosen = ui.selection_text("institutions")
ui.page_start(
    "institutions",
    selection=chosen,
    intro="The dashboard's register of further and higher education institutions in England, with each one's "
    f"NNECL Quality Mark status today ({wording.date_text(today)}) under the dashboard's rules (see 'What the "
    "Quality Mark statuses mean' below) and its Russell Group flag. Awardees named in announcements but not in "
    "the register are listed too, flagged. Search by name, another name, UKPRN or 'Russell Group'; narrow the "
    "list with the filters in the sidebar.",
)

raw = st.text_input(
    "Search by name, other name, UKPRN or group",
    max_chars=views.MAX_SEARCH,
    key="w_institution_search",
    placeholder="For example: Bolton College",
    help="Plain text, up to 100 characters. Matches any part of a name; capitals and punctuation are ignored.",
)
query, note = views.clean_search(raw)
if note:
    st.caption(note)

view = views.institution_view(query, regions, types, tuple(statuses), membership, today, russell)
if view.sample_only:
    st.caption("Only a fictional sample member register is loaded, so membership is not shown here.")

st.markdown(views.match_sentence(view))
if russell or "russell" in query.lower():
    st.markdown(views.russell_group_note())
    ui.sources_note(views.russell_group_sources())
if view.table.empty:
    ui.empty_state(views.no_match_message(query), views.NO_MATCH_HOW)
else:
    ui.table_block(
        view.table,
        key="institutions",
        title="Institutions in the register",
        source_ids=view.source_ids,
        caveats=view.caveats,
    )

st.header("Counts by region and type")
st.caption(
    "Institutions in the register matching the search and filters, by region (rows) and type (columns); "
    "awardees not in the register are not counted here."
)
ui.table_block(
    view.counts,
    key="institution_counts",
    title="Institutions by region and type",
    source_ids=views.REGISTER_SOURCES,
    caveats=views.COUNT_CAVEATS,
)

with st.expander("What the Quality Mark statuses mean"):
    st.markdown(views.status_meanings(today))

st.header("Known gaps in the register")
st.markdown(views.known_gaps_list())
if not members_loaded:
    st.caption(f"NNECL membership: {wording.NO_REGISTER}.")

ui.page_end("institutions", chosen)
