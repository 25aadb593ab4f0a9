"""Data and methods: every source, indicator definitions, symbols, rounding, year conventions, known gaps,
how NNECL loads its registers, and the data version."""

import streamlit as st

from nnecl_data import config, wording
from nnecl_data.ui import components as ui
from nnecl_data.ui.views import local_authority as lv
from nnecl_data.ui.views import methods as views

ui.page_start(
    "methods",
    intro="Where every figure comes from, what the indicators mean, how suppressed and rounded statistics are "
    "handled, what the public record does not cover, and how NNECL loads its own registers.",
)
ui.data_version_note()

st.subheader("Download all data")
st.markdown(views.ARCHIVE_TEXT)
st.download_button(
    "Download all data (ZIP of CSV files)",
    views.archive_bytes,  # built when pressed, then cached
    file_name=views.archive_file_name(),
    mime="application/zip",
    key="all_data",
    icon=":material/download:",
    on_click="ignore",
)

st.header("Sources")
sources = views.sources_table()
st.markdown(
    f"The database cites **{len(sources)} sources**. Where a source record has no publication date, licence "
    f"or link, the table says '{wording.NOT_STATED}' rather than guessing."
)
ui.table_block(sources, key="sources", title="Sources cited by the dashboard", source_ids=[])

st.header("Indicators")
st.markdown(
    "Each indicator has a direction: for most, a higher figure is better; for the share not in education, "
    "employment or training (NEET) and the share whose activity is not known, lower is better; the rate of "
    "children looked after has no better or worse direction. Gaps to England are the area's figure minus "
    "England's, in percentage points for percentages. " + wording.GAP_RULE
)
ui.table_block(
    views.indicator_table(),
    key="indicators",
    title="Indicator definitions and direction",
    source_ids=views.indicator_sources(),
)

st.header("Symbols in official statistics")
st.markdown(
    "DfE marks cells that are not published as numbers with a symbol. The dashboard stores the symbol as the "
    "cell's status, keeps no number beside it, and spells the meaning out wherever the cell appears."
)
ui.table_block(
    views.symbols_table(), key="symbols", title="Symbols and how the dashboard treats them", source_ids=[]
)

st.header("Rounding and suppression")
st.markdown(views.ROUNDING)
ui.sources_note(views.ROUNDING_SOURCES)

st.header("Years and local authority changes")
st.markdown(
    "Care leaver and looked-after children figures are for years ending 31 March: '2025' means the year to "
    "31 March 2025. Key stage 4 figures are for academic years, stored under the year in which the academic "
    "year ends. Local authorities change: for example Northamptonshire was replaced by North Northamptonshire "
    "and West Northamptonshire, which DfE reports separately from 2022. The table lists every code in the data "
    "that stops being used, and what replaced it."
)
ui.table_block(
    views.la_changes_table(),
    key="la_changes",
    title="Local authority code changes",
    source_ids=views.LA_CHANGE_SOURCES,
)

st.header("Statistical neighbours and local authority profiles")
st.markdown(lv.METHODS_MARKDOWN)
ui.table_block(
    lv.abolished_in_groupings_table(),
    key="neighbour_changes",
    title="Statistical neighbour groupings that name authorities no longer existing",
    source_ids=["dfe_statistical_neighbours_2025", "dfe_statistical_neighbours_2021"],
)

st.header("Known gaps in the public record")
st.markdown(views.public_record_gaps())
ui.sources_note(views.public_record_sources())
unmatched = views.unmatched_table()
st.subheader(f"Awards not matched to the register ({len(unmatched)})")
if unmatched.empty:
    st.caption("Every award the dashboard holds is matched to an institution in the register.")
else:
    st.caption(
        "These awards are named in an announcement but the institution is not in the register, so they "
        "cannot be placed in a region and are left out of coverage."
    )
    ui.table_block(
        unmatched,
        key="unmatched",
        title="Quality Mark awards not matched to the register",
        source_ids=views.unmatched_sources(),
    )

st.header("How NNECL loads its own registers")
st.markdown(
    "NNECL keeps four registers in the database: members, Quality Mark awards, institutions and partnerships. "
    "Each is loaded from a CSV or Excel file that replaces the whole register of that kind:\n\n"
    "1. Copy the template from `nnecl_data/registers/templates/` (`members.csv`, `awards.csv`, "
    "`institutions.csv`, "
    "`partnerships.csv`) and delete its example row.\n"
    f"2. Check the file without changing anything: `{config.cli_command()} import members FILE --dry-run` shows "
    "any errors and the rows that would be added, changed or removed.\n"
    f"3. Load it: `{config.cli_command()} import members FILE`. The import runs as one locked transaction and "
    "writes a load log entry: who, when, which file (with its checksum) and the counts.\n"
    f"4. List the loads with `{config.cli_command()} loads`; undo the latest load of a kind with "
    f"`{config.cli_command()} rollback ID`, which restores the register exactly as it was."
)
loads = views.loads_table()
if loads.empty:
    st.caption("No register has been loaded into this database yet.")
else:
    ui.table_block(loads, key="loads", title="Register loads", source_ids=[])

ui.page_end("methods", "all sources")
