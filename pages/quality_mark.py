"""Quality Mark coverage: awards named in the announcements held, their status today, by region and type."""

import streamlit as st

from nnecl_data.charts import maps
from nnecl_data.rules import selection
from nnecl_data.ui import chart_specs as charts
from nnecl_data.ui import components as ui
from nnecl_data.ui import data, filters
from nnecl_data.ui import provision_views as pv

types = filters.type_filter()
regions = filters.current().regions
today = data.today()
selection_text = selection.describe(filters.current(), data.region_names())

view = pv.quality_mark_view(today, regions, types)
ui.set_title("Quality Mark coverage", selection_text)
ui.page_intro(
    "Quality Mark coverage",
    f"**{view.headline}**\n\n{view.selection}\n\n"
    "The NNECL Quality Mark recognises colleges and universities that support care-experienced students "
    "well. This page counts only awards named in public announcements the dashboard holds, matched to its "
    "register of institutions.",
)
ui.sources_note(view.fact_sources + view.award_sources, [pv.LAPSED_CAVEAT])

st.header("Coverage by region")
coverage_sources = view.award_sources + view.register_sources
coverage_caveats = [pv.REGISTER_CAVEAT, pv.YEAR_CAVEAT]
map_col, bar_col = st.columns([5, 6])
with map_col:
    chart, real = pv.coverage_map(view, regions, today)
    ui.chart_block(
        chart,
        pv.coverage_table(view),
        key="qm_map",
        title="Quality Mark coverage by region, map",
        source_ids=coverage_sources,
        caveats=coverage_caveats + ([pv.POINTS_CAVEAT] if real else []),
        attribution=maps.ATTRIBUTION if real else None,
    )
    if not real:
        st.caption(
            "Offline tile map: each square is a region, not its shape, and institutions are not plotted. Load "
            "boundaries with `python -m nnecl_data boundaries load FILE` to see the real map with institutions."
        )
with bar_col:
    bars = charts.ranked_bars(
        pv.coverage_bars_frame(view),
        title="Current Quality Mark (%) by region",
        value_label="With a current award",
        unit="percent",
        polarity="higher_better",
        england=view.england["pct"],
        highlight=list(regions),
        subtitle="Share of the institutions in the register. The dashed line is England.",
    )
    ui.chart_block(
        bars,
        pv.coverage_table(view),
        key="qm_coverage_bars",
        title="Quality Mark coverage by region",
        source_ids=coverage_sources,
        caveats=coverage_caveats,
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
    ui.chart_block(
        charts.grouped_status_bars(
            view.status_by_region,
            category="Region",
            status="Status",
            count="Institutions",
            title="Quality Mark status today, by region",
            status_order=pv.STATUS_ORDER,
            status_colours=pv.STATUS_COLOURS,
        ),
        view.status_by_region,
        key="qm_status_region",
        title="Quality Mark status by region",
        source_ids=coverage_sources,
        caveats=[pv.LAPSED_CAVEAT, pv.YEAR_CAVEAT],
    )
    ui.chart_block(
        charts.grouped_status_bars(
            view.status_by_type,
            category="Institution type",
            status="Status",
            count="Institutions",
            title="Quality Mark status today, by institution type",
            status_order=pv.STATUS_ORDER,
            status_colours=pv.STATUS_COLOURS,
        ),
        view.status_by_type,
        key="qm_status_type",
        title="Quality Mark status by institution type",
        source_ids=coverage_sources,
        caveats=[pv.LAPSED_CAVEAT, pv.YEAR_CAVEAT],
    )

st.subheader("Institutions and their status")
include_all = st.toggle(
    "Also list institutions in the register with no award recorded",
    key="qm_include_all",
    help="Off: only institutions named in the announcements held.",
)
ui.table_block(
    pv.institutions_table(view, include_all),
    key="qm_institutions",
    title="Institutions and their Quality Mark status",
    source_ids=coverage_sources,
    caveats=[pv.LAPSED_CAVEAT, pv.YEAR_CAVEAT],
)

st.header("Awards over time")
st.markdown("Every announcement held, for all of England (the region and type filters do not apply here).")
ui.chart_block(
    charts.timeline_bars(
        pv.timeline_chart_frame(view),
        year="award_year",
        count="awards",
        status="status_label",
        title="Quality Mark awards in the announcements held, by year",
        status_order=pv.PUBLISHED_ORDER,
        status_colours=pv.PUBLISHED_COLOURS,
    ),
    pv.timeline_table(view),
    key="qm_timeline",
    title="Quality Mark awards by year announced",
    source_ids=view.award_sources,
    caveats=["NNECL does not publish a full list of awards; years with no announcement held show no bar."],
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
        pv.expiring_table(view),
        key="qm_expiring",
        title="Quality Mark awards ending within 12 months",
        source_ids=view.award_sources,
        caveats=[pv.YEAR_CAVEAT],
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
        pv.unmatched_table(view),
        key="qm_unmatched",
        title="Quality Mark awards not matched to the register",
        source_ids=sorted(set(view.unmatched["source_id"])),
    )

ui.cite_this_view("Quality Mark coverage", selection_text)
