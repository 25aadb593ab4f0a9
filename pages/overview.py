"""Overview: what the dataset covers, the headline figures with their sources, and data freshness."""

import streamlit as st

from nnecl_data.ui import components as ui
from nnecl_data.ui import data
from nnecl_data.ui.views import overview as views

ui.page_start(
    "overview",
    intro="This dashboard brings together official statistics on care leavers' education, employment and "
    "accommodation, the spread of the NNECL Quality Mark through colleges and universities, and NNECL's "
    "membership, for the 9 English regions and their local authorities. Every figure links to its source.",
)

st.subheader("Care leavers aged 19 to 21 in England")
figures = views.key_figures()
for column, figure in zip(st.columns(len(figures)), figures, strict=True):
    column.metric(
        figure.label,
        figure.value,
        figure.delta,
        delta_color=figure.delta_colour,
        delta_arrow="off" if figure.delta_colour == "off" else "auto",
        help=figure.help,
        border=True,
    )
    if figure.since:
        column.caption(figure.since)
ui.sources_note(views.KEY_SOURCES, views.KEY_CAVEATS)

st.subheader("Quality Mark and membership")
overview = views.provision_overview(data.today())
for row in views.rows_of(overview.figures, views.CARDS_PER_ROW):  # two a row: whole labels, readable values
    for column, figure in zip(st.columns(views.CARDS_PER_ROW), row, strict=False):
        column.metric(figure.label, figure.value, help=figure.help, border=True)
st.caption(overview.note)
ui.sources_note(overview.source_ids)

st.subheader("What the database holds")
ui.data_version_note()
ui.table_block(
    views.coverage_table(),
    key="coverage",
    title="Indicators, years and published cells",
    source_ids=views.DATABASE_SOURCES,
)
ui.sources_and_caveats()
