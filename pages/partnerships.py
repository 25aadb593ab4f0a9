"""Local partnerships: the directory of local care-leaver partnerships, the areas they cover, how to add more."""

import streamlit as st

from nnecl_data import config
from nnecl_data.ui import components as ui
from nnecl_data.ui import filters
from nnecl_data.ui.views import partnerships as views

regions = filters.current().regions
view = views.partnership_view(regions)
chosen = ui.selection_text("partnerships")
ui.page_start(
    "partnerships",
    selection=chosen,
    intro="Local partnerships bring colleges, universities, local authorities and other services together to "
    "support care leavers in education. This directory starts with the four case studies in the Learning and Work "
    "Institute's report for the Department for Education; NNECL can add the partnerships it knows about "
    "(see below). It is not a complete list of partnerships in England.",
)

st.markdown(
    f"**{len(view.records)} of {view.total} partnerships** in the directory"
    + (" cover the selected regions." if regions else ".")
)
if view.records.empty:
    ui.empty_state(
        "No partnership in the directory covers the selected regions.",
        "Clear the regions in the sidebar to see every partnership. A region with none listed here may still "
        "have local partnerships: the directory is not complete.",
    )
else:
    for card in views.cards(view):
        with st.container(border=True):
            st.subheader(card.name)
            for paragraph in card.details:
                st.markdown(paragraph)
            st.caption(f"Source: {card.source}")
    st.subheader("All partnerships as a table")
    ui.table_block(
        views.partnership_table(view),
        key="partnerships",
        title="Local partnerships",
        source_ids=view.source_ids,
    )

st.header("Areas covered")
st.markdown(
    "The areas are listed rather than mapped. With only a few partnerships recorded, a map would suggest that "
    "the rest of England has none, which the sources do not say; and one partnership's source does not name "
    "the local authorities it works with, so its area cannot be drawn. Each row below gives the area as the "
    "source describes it and the local authorities it names."
)
if view.areas.empty:
    st.caption("No areas to list for this selection.")
else:
    ui.table_block(
        view.areas,
        key="partnership_areas",
        title="Areas covered by the listed partnerships",
        source_ids=view.source_ids,
    )

st.header("Source")
st.markdown(
    "The case studies come from this report (the report says the Department for Education commissioned the "
    "research in 2016; the regional figures it quotes are for 2015 to 2016):"
)
st.code(views.citation(), language=None, wrap_lines=True)

st.header("Adding partnerships")
CLI = config.cli_command()
st.markdown(
    "NNECL adds or corrects partnerships by importing a file that replaces the whole directory:\n\n"
    "1. Start from the template `nnecl_data/registers/templates/partnerships.csv` (one row per "
    "partnership; keep the "
    "rows already listed, delete the example row).\n"
    "2. Give each row its regions (`region_codes`, E12 codes separated by spaces), the local authorities it "
    "names (`la_codes`, optional) and a `source_id` from the sources table.\n"
    f"3. Check the file without changing anything: `{CLI} import partnerships FILE --dry-run`.\n"
    f"4. Load it: `{CLI} import partnerships FILE`. Every load is logged "
    f"(`{CLI} loads`) and can be undone with `{CLI} rollback ID`."
)

ui.page_end("partnerships", chosen)
