"""Quality Mark coverage: awards named in the announcements held, their status today, by region and type."""

import streamlit as st

from nnecl_data import wording
from nnecl_data.ui import chart_specs as charts
from nnecl_data.ui import components as ui
from nnecl_data.ui import data, filters
from nnecl_data.ui.views import quality_mark as views

types = filters.type_filter()
regions = filters.current().regions
today = data.today()
chosen = ui.selection_text("quality_mark")

view = views.quality_mark_view(today, regions, types)
ui.page_start(
    "quality_mark",
    selection=chosen,
    intro=f"**{view.headline}**\n\n{view.selection}\n\n"
    "The NNECL Quality Mark recognises colleges and universities that support care-experienced students "
    "well. This page counts only awards named in public announcements the dashboard holds, matched to its "
    "register of institutions.",
)
ui.sources_note(view.headline_sources, [wording.PARTIAL_RECORD_CAVEAT, wording.NOT_ANNOUNCED_CAVEAT])
with st.expander("How NNECL's published count and the named record add up"):
    ui.table_block(
        views.reconciliation_frame(view),
        key="qm_reconciliation",
        title="NNECL's published count of institutions awarded and the awardees named",
        source_ids=view.headline_sources,
        caveats=views.HOLDER_CAVEATS,
    )

st.header("Coverage by region")
map_col, bar_col = st.columns([5, 6])
coverage_tables = st.container()  # the charts' data tables, full width under both
with map_col:
    coverage_map = views.coverage_map(view, regions, today)
    ui.chart_block(
        coverage_map.chart,
        views.coverage_table(view),
        key="qm_map",
        title="Quality Mark coverage by region, map",
        source_ids=view.coverage_sources,
        caveats=coverage_map.caveats,
        attribution=coverage_map.attribution,
        table_container=coverage_tables,
    )
    if coverage_map.note:
        st.caption(coverage_map.note)
with bar_col:
    bars = charts.ranked_bars(
        views.coverage_bars_frame(view),
        title="Current Quality Mark (%) by region",
        value_label="With a current award",
        unit="percent",
        polarity="higher_better",
        england=view.england["pct_current"],
        highlight=list(regions),
        subtitle="Share of the institutions in the register. The dashed line is England.",
    )
    ui.chart_block(
        bars,
        views.coverage_table(view),
        key="qm_coverage_bars",
        title="Quality Mark coverage by region",
        source_ids=view.coverage_sources,
        caveats=views.COVERAGE_CAVEATS,
        table_container=coverage_tables,
    )

st.header("Status of the institutions named")
st.markdown(
    "Institutions in the register with an award record, by their status today. Institutions with no record "
    "are left out of these charts; the coverage figures above count them."
)
if view.status_by_region.empty:
    ui.empty_state(
        "No institution in this selection has an award record in the announcements held.",
        "Clear the region or institution type filters in the sidebar to see every award.",
    )
else:
    for frame, category, name, key in (
        (view.status_by_region, "Region", "region", "qm_status_region"),
        (view.status_by_type, "Institution type", "institution type", "qm_status_type"),
    ):
        order, colours = views.status_legend(frame)
        ui.chart_block(
            charts.grouped_status_bars(
                frame,
                category=category,
                status="Status",
                count="Institutions",
                title=f"Quality Mark status today, by {name}",
                status_order=order,
                status_colours=colours,
                dashed_statuses=views.DASHED_STATUSES,
            ),
            frame,
            key=key,
            title=f"Quality Mark status by {name}",
            source_ids=view.coverage_sources,
            caveats=views.STATUS_CAVEATS,
        )

st.subheader("Institutions and their status")
st.markdown(
    "Every awardee named in the announcements held, with its status today. Awardees not in the register are "
    "listed too, flagged 'Not in the register' (they are in no percentage on this page)"
    + (" — except under an institution type filter, as their type is not recorded." if types else ".")
)
include_all = st.toggle(
    "Also list institutions in the register with no award on record",
    key="qm_include_all",
    help="Off: only institutions named in the announcements held.",
)
ui.table_block(
    views.institutions_table(view, include_all),
    key="qm_institutions",
    title="Institutions and their Quality Mark status",
    source_ids=view.coverage_sources,
    caveats=views.HOLDER_CAVEATS,
)

st.header("Russell Group universities")
figures = views.russell_group_figures(view)
for start in range(0, len(figures), 2):  # two a row, so the labels are read whole
    for column, (label, value, help_text) in zip(st.columns(2), figures[start : start + 2], strict=False):
        column.metric(label, value, help=help_text, border=True)
st.markdown(
    views.russell_group_text(view, today) + " All of England: the region and type filters do not apply here."
)
ui.sources_note(view.russell.source_ids)
ui.table_block(
    views.russell_group_table(view, today),
    key="qm_russell_group",
    title="Russell Group universities in the register and their Quality Mark status",
    source_ids=view.russell.source_ids + view.award_sources,
    caveats=views.STATUS_CAVEATS,
)

st.header("Awards over time")
st.markdown("Every announcement held, for all of England (the region and type filters do not apply here).")
ui.chart_block(
    charts.timeline_bars(
        views.timeline_chart_frame(view),
        year="award_year",
        count="awards",
        status="status_label",
        title="Quality Mark awards in the announcements held, by year",
        status_order=views.TIMELINE_STATUSES,
        status_colours=views.TIMELINE_COLOURS,
    ),
    views.timeline_table(view),
    key="qm_timeline",
    title="Quality Mark awards by year announced",
    source_ids=view.award_sources,
    caveats=[wording.TIMELINE_CAVEAT],
)

st.header("Awards ending within the next 12 months")
if view.expiring.empty:
    ui.empty_state(
        f"No award held today in this selection is due to end by {today.year + 1}, as recorded in the "
        "announcements held.",
        "Awards last three years from their award year. Clear the filters in the sidebar to check all regions.",
    )
else:
    ui.table_block(
        views.expiring_table(view),
        key="qm_expiring",
        title="Quality Mark awards ending within 12 months",
        source_ids=view.award_sources,
        caveats=[wording.YEAR_CAVEAT],
    )

st.header("Awards not matched to the register")
st.markdown(
    "These awards are named in the announcements but cannot be matched to an institution in the register, "
    "so they are not in the coverage percentages or the region charts. They are kept and reported, not dropped."
)
if view.unmatched.empty:
    st.markdown("Every award held is matched to an institution in the register.")
else:
    ui.table_block(
        views.unmatched_table(),
        key="qm_unmatched",
        title="Quality Mark awards not matched to the register",
        source_ids=sorted(set(view.unmatched["source_id"])),
    )

ui.page_end("quality_mark", chosen)
