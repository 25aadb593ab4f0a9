"""Regional gaps: one outcome's gap to England next to Quality Mark coverage and member density."""

import streamlit as st

from nnecl_data.rules import selection
from nnecl_data.ui import chart_specs as charts
from nnecl_data.ui import components as ui
from nnecl_data.ui import data, filters
from nnecl_data.ui import directory_views as dv

indicator_code, _family = filters.indicator_filter()
year = filters.year_filter(indicator_code)
types = filters.type_filter()
regions = filters.current().regions

view = dv.gap_view(indicator_code, year, regions, types, data.today())
label = view.indicator["short_label"]
unit = dv.gap_unit(view.indicator["unit"])
selection_text = selection.describe(filters.current(), data.region_names(), label)
ui.set_title("Regional gaps", selection_text)
ui.page_intro(
    "Regional gaps: outcomes against provision",
    f"**{view.headline}**\n\n"
    f"Each region's {label} figure for {view.period_label} is compared with England's "
    f"({dv.polarity_words(view.indicator['polarity'])}), next to the share of colleges and universities in "
    f"the register that hold a current NNECL Quality Mark award today ({data.today().isoformat()}). "
    "A region with a worse outcome and lower coverage is not proof that one causes the other: the two are "
    "shown side by side to help decide where to look first.",
)

if view.region_unknown:
    st.caption(
        f"{view.region_unknown} institution(s) in the register have no known region: they count towards "
        "England's coverage but not towards any region's."
    )

gap_title = f"Gap to England ({unit})"
direction = {
    "lower_better": "Points above the dashed zero line are worse than England (higher is worse).",
    "higher_better": "Points below the dashed zero line are worse than England (lower is worse).",
}.get(view.indicator["polarity"], "This indicator has no better or worse direction.")
points = dv.scatter_frame(view)
scatter = charts.gap_coverage_scatter(
    points,
    title=f"{label} gap to England, {view.period_label}, against Quality Mark coverage",
    gap_title=gap_title,
    england_coverage=view.england_coverage,
    subtitle=f"{direction} Dotted line: England's Quality Mark coverage.",
    description=(
        f"Scatter chart of the {dv.plotted_regions(view)} regions with a published figure: {label} gap to England "
        f"({unit}) against the percentage of institutions holding a current Quality Mark award. "
        f"The dashed horizontal line is England (no gap); the dotted vertical line is England's coverage. "
        f"{direction} {view.headline}"
    ),
)
st.header("Outcome gap against Quality Mark coverage")
ui.chart_block(
    scatter,
    dv.gap_table(view),
    key="gap_scatter",
    title=f"{label} gap to England and Quality Mark coverage by region",
    source_ids=view.source_ids,
    caveats=view.caveats,
)

st.header("Regions: gap, coverage and member density")
if not view.members_loaded:
    st.info(
        f"Member density: {dv.NO_REGISTER}. NNECL does not publish its member list; the dashboard shows "
        "member figures only when NNECL loads its own register.",
        icon=":material/info:",
    )
st.caption("Select a column heading to sort the table.")
ui.table_block(
    dv.gap_table(view),
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
        dv.la_gap_table(view),
        key="gap_la_table",
        title=f"{label} gap to England and Quality Mark coverage by local authority",
        source_ids=view.source_ids,
        caveats=view.caveats,
    )

ui.cite_this_view("Regional gaps", selection_text)
