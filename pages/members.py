"""Member density: NNECL members per region, per 100 institutions and per 1,000 care leavers."""

import streamlit as st

from nnecl_data.rules import selection
from nnecl_data.ui import chart_specs as charts
from nnecl_data.ui import components as ui
from nnecl_data.ui import data, filters
from nnecl_data.ui import provision_views as pv

regions = filters.current().regions
counts = pv.member_counts()
include_sample = False
if counts["sample"]:
    include_sample = st.sidebar.toggle(
        "Include the fictional sample register",
        key="members_sample",
        help="The sample register is made up, for demonstration only. It is not NNECL's register.",
    )
view = pv.members_view(include_sample)
selection_text = selection.describe(filters.current(), data.region_names())
if view.showing_sample:
    selection_text += " · sample data"
ui.set_title("Member density", selection_text)
if view.showing_sample:
    ui.sample_flag()
ui.page_intro(
    "Member density",
    "How many NNECL member organisations there are in each region, for every 100 colleges and universities in "
    "the register and for every 1,000 care leavers aged 19 to 21.",
)

published = pv.fact(pv.MEMBERS_FACT)
if published:
    st.markdown(f"**NNECL's own published figure:** {published['statement']}")
    ui.sources_note([published["source_id"]])

if not view.loaded:
    ui.empty_state(
        "No member register is loaded, so member figures by region are not shown. NNECL's member register is "
        "not public.",
        "To show real figures, NNECL (or someone with its permission) imports the register: "
        "`python -m nnecl_data import members FILE`, using the template "
        "`nnecl_data/registers/templates/members.csv`. "
        "To try the page with made-up data, `python -m nnecl_data sample load` loads a fictional sample "
        "register, which is always flagged as sample data."
        + (" A sample register is loaded: switch it on in the sidebar." if counts["sample"] else ""),
    )
else:
    tag = "Sample data: " if view.showing_sample else ""
    e = view.england
    st.markdown(pv.members_summary(view))
    table = pv.members_table(view)
    subtitle = ("Fictional sample. " if view.showing_sample else "By region. ") + "Dashed line: England."
    left, right = st.columns(2)
    with left:
        ui.chart_block(
            charts.benchmark_bars(
                pv.member_rate_frame(view, "members_per_100_institutions"),
                category="geography_name",
                value="value",
                title=f"{tag}Members per 100 institutions",
                x_title="Members per 100 institutions",
                benchmark=e["per_100_institutions"],
                subtitle=subtitle,
            ),
            table,
            key="members_per_institution",
            title=f"{tag}Members per 100 institutions",
            source_ids=view.source_ids,
            caveats=view.caveats,
        )
    with right:
        ui.chart_block(
            charts.benchmark_bars(
                pv.member_rate_frame(view, "members_per_1000_care_leavers"),
                category="geography_name",
                value="value",
                title=f"{tag}Members per 1,000 care leavers",
                x_title="Members per 1,000 care leavers aged 19 to 21",
                benchmark=e["per_1000_care_leavers"],
                subtitle=subtitle,
            ),
            table,
            key="members_per_leaver",
            title=f"{tag}Members per 1,000 care leavers",
            source_ids=view.source_ids,
            caveats=view.caveats,
        )

    st.header("Members by type")
    by_type = pv.member_type_table(view)
    if regions:
        names = [data.region_names()[c] for c in regions]
        by_type = by_type[by_type["Region"].isin(names)]
    if by_type.empty:
        ui.empty_state(
            "No members are recorded in the selected regions.", "Clear the region filter in the sidebar."
        )
    else:
        ui.chart_block(
            charts.stacked_bars(
                by_type,
                category="Region",
                stack="Member type",
                count="Members",
                title=f"{tag}Members by region and type",
                stack_order=list(pv.MEMBER_TYPE_LABELS.values()),
                colours=charts.CATEGORICAL,
                legend_title="Member type",
                x_title="Number of members",
                subtitle=pv.SAMPLE_CAPTION if view.showing_sample else "",
            ),
            by_type,
            key="members_by_type",
            title=f"{tag}Members by region and type",
            source_ids=view.source_ids,
            caveats=view.caveats,
        )

ui.cite_this_view("Member density", selection_text)
