"""Regional gaps: one outcome's gap to England next to Quality Mark coverage and member density."""

import streamlit as st

from nnecl_data import wording
from nnecl_data.ui import chart_specs as charts
from nnecl_data.ui import components as ui
from nnecl_data.ui import data, filters
from nnecl_data.ui.views import gaps as views

indicator_code, _family = filters.indicator_filter()
year = filters.year_filter(indicator_code)
types = filters.type_filter()
regions = filters.current().regions

view = views.gap_view(indicator_code, year, regions, types, data.today())
label, unit = view.label, view.unit
chosen = ui.selection_text("gaps", label, view.period_label)
ui.page_start(
    "gaps",
    selection=chosen,
    intro=f"**{view.headline}**\n\n"
    f"Each region's {label} figure for {view.period_label} is compared with England's "
    f"({views.polarity_words(view.indicator['polarity'])}), next to the share of colleges and universities in "
    f"the register that hold a current NNECL Quality Mark award today ({wording.date_text(data.today())}). "
    "A region with a worse outcome and lower coverage is not proof that one causes the other: the two are "
    "shown side by side to help decide where to look first.",
)

if view.region_unknown:
    st.caption(
        f"{view.region_unknown} institution(s) in the register have no known region: they count towards "
        "England's coverage but not towards any region's."
    )

st.header("Outcome gap against Quality Mark coverage")
ui.chart_block(
    charts.gap_coverage_scatter(
        views.scatter_frame(view),
        title=f"{label} gap to England, {view.period_label}, against Quality Mark coverage",
        gap_title=f"Gap to England ({unit})",
        england_coverage=view.england_coverage,
        subtitle=view.direction,
        description=views.scatter_description(view),
        unit=view.indicator["unit"],
        polarity=view.indicator["polarity"],
    ),
    views.gap_table(view),
    key="gap_scatter",
    title=f"{label} gap to England and Quality Mark coverage by region",
    source_ids=view.source_ids,
    caveats=view.caveats,
)

st.header("Regions: gap, coverage and member density")
if not view.members_loaded:
    st.info(views.NO_REGISTER_NOTE, icon=":material/info:")
st.caption("Select a column heading to sort the table.")
ui.table_block(
    views.gap_table(view),
    key="gap_table",
    title=f"{label} gap to England, Quality Mark coverage and member density by region",
    source_ids=view.source_ids,
    caveats=view.caveats,
)

st.header("Local authorities")
if view.las is None:
    ui.empty_state(
        "Choose one or more regions in the sidebar to see their local authorities.",
        "Local authority gaps come from DfE's local authority figures; coverage counts the institutions the "
        "register places in each authority (by their main postcode district).",
    )
elif view.las.empty:
    ui.empty_state(
        "No local authority figures are published for this selection.", "Try another year or indicator."
    )
else:
    st.caption(
        "Most local authorities have only a few colleges and universities in the register, so their coverage "
        "percentages move a lot with one award: read them with the counts beside them."
    )
    ui.table_block(
        views.la_gap_table(view),
        key="gap_la_table",
        profile_links="Local authority",
        title=f"{label} gap to England and Quality Mark coverage by local authority",
        source_ids=view.source_ids,
        caveats=view.caveats,
    )

ui.page_end("gaps", chosen)
