"""Member density: NNECL members per region, per 100 institutions and per 1,000 care leavers."""

import streamlit as st

from nnecl_data import wording
from nnecl_data.ui import chart_specs as charts
from nnecl_data.ui import components as ui
from nnecl_data.ui import filters
from nnecl_data.ui.views import members as views

regions = filters.current().regions
sample_available = views.sample_available()
include_sample = False
if sample_available:
    include_sample = st.sidebar.toggle(
        "Include the fictional sample register",
        key="members_sample",
        help="The sample register is made up, for demonstration only. It is not NNECL's register.",
    )
view = views.members_view(include_sample, regions)
chosen = ui.selection_text("members")
if view.showing_sample:
    chosen += " · sample data"
    ui.sample_flag()
ui.page_start(
    "members",
    selection=chosen,
    intro="How many NNECL member organisations there are in each region, for every 100 colleges and "
    "universities in the register and for every 1,000 care leavers aged 19 to 21.",
)

if not view.loaded:
    st.header("What NNECL publishes")
    figures = views.published_figures()
    for column, (label, value, fact) in zip(st.columns(max(1, len(figures))), figures, strict=False):
        column.metric(label, value, help=fact["statement"], border=True)
    st.caption("In NNECL's words: " + " ".join(fact["statement"] for _label, _value, fact in figures))
    ui.sources_note(sorted({fact["source_id"] for _label, _value, fact in figures}))
    st.info(
        views.NO_REGISTER
        + (" A fictional sample register is loaded: switch it on in the sidebar." if sample_available else ""),
        icon=":material/info:",
    )
    st.header("What this page will show")
    st.markdown(views.ONCE_LOADED)
    st.markdown(views.WHO_TO_ASK)
    st.header("The denominators already held")
    st.markdown(
        "Member density will divide by these: the colleges and universities in the dashboard's register and "
        "DfE's count of care leavers aged 19 to 21, for each region."
    )
    ui.table_block(
        views.denominators_table(),
        key="members_denominators",
        title="Colleges and universities in the register and care leavers aged 19 to 21, by region",
        source_ids=views.denominator_sources(),
        caveats=[wording.REGISTER_CAVEAT, wording.ROUNDING_CAVEAT],
    )
else:
    published = views.published_figure()
    if published:
        st.markdown(f"**NNECL's own published figure:** {published['statement']}")
        ui.sources_note([published["source_id"]])
    st.markdown(views.members_summary(view))
    table = views.members_table(view)
    left, right = st.columns(2)
    rate_tables = st.container()  # the charts' data tables, full width under both
    for column, rate, title, x_title, benchmark, key in (
        (
            left,
            "members_per_100_institutions",
            "Members per 100 institutions",
            "Members per 100 institutions",
            view.england["per_100_institutions"],
            "members_per_institution",
        ),
        (
            right,
            "members_per_1000_care_leavers",
            "Members per 1,000 care leavers",
            "Members per 1,000 care leavers aged 19 to 21",
            view.england["per_1000_care_leavers"],
            "members_per_leaver",
        ),
    ):
        with column:
            ui.chart_block(
                charts.benchmark_bars(
                    views.member_rate_frame(view, rate),
                    category="geography_name",
                    value="value",
                    title=f"{view.tag}{title}",
                    x_title=x_title,
                    benchmark=benchmark,
                    subtitle=views.chart_subtitle(view),
                ),
                table,
                key=key,
                title=f"{view.tag}{title}",
                source_ids=view.source_ids,
                caveats=view.caveats,
                table_container=rate_tables,
            )

    st.header("Members by type")
    by_type = views.member_type_table(view)
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
                title=f"{view.tag}Members by region and type",
                stack_order=views.MEMBER_TYPES,
                colours=views.MEMBER_TYPE_COLOURS,
                legend_title="Member type",
                x_title="Number of members",
                subtitle=views.type_chart_subtitle(view),
            ),
            by_type,
            key="members_by_type",
            title=f"{view.tag}Members by region and type",
            source_ids=view.source_ids,
            caveats=view.caveats,
        )

ui.page_end("members", chosen)
