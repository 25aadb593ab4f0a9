"""Regional outcomes: one indicator by region for a year, against England, over time, and by LA."""

import streamlit as st

from nnecl_data import wording
from nnecl_data.ui import chart_specs as charts
from nnecl_data.ui import components as ui
from nnecl_data.ui import data, filters
from nnecl_data.ui.views import outcomes as views

indicator_code, _family = filters.indicator_filter()
year = filters.year_filter(indicator_code)
regions = filters.current().regions
scheme = st.sidebar.radio(
    "Map colour groups",
    list(views.SCHEME_LABELS),
    format_func=views.SCHEME_LABELS.get,
    help="Same number of areas in each group: the areas are split, lowest to highest, into groups of about "
    "equal size. Groups of equal width: the range from the lowest figure to the highest is cut into equal steps.",
)

view = views.outcome_view(indicator_code, year, regions)
label, unit = view.indicator["short_label"], view.indicator["unit"]
chosen = ui.selection_text("outcomes", label, view.period_label)
ui.page_start("outcomes", selection=chosen, intro=f"**{view.headline}**\n\n{view.indicator['definition']}")

map_col, bar_col = st.columns([5, 6])
region_tables = st.container()  # the two charts' data tables, full width under them
with map_col:
    region_map = views.region_map(view, scheme, regions)
    event = ui.chart_block(
        region_map.chart,
        views.region_table(view),
        key="region_map",
        title=f"{label} by region, map",
        source_ids=view.source_ids,
        caveats=view.caveats,
        on_select="rerun",
        attribution=region_map.attribution,
        table_container=region_tables,
    )
    if region_map.note:
        st.caption(region_map.note)
    if filters.apply_map_selection(event):
        st.rerun()
    st.caption(views.MAP_HINT)
with bar_col:
    bars = charts.ranked_bars(
        view.regions,
        title=f"{label}, {view.period_label}: regions ranked",
        value_label=label,
        unit=unit,
        polarity=view.indicator["polarity"],
        england=view.england,
        highlight=list(regions),
        subtitle="Best first. The dashed line is England.",
    )
    ui.chart_block(
        bars,
        views.region_table(view),
        key="region_bars",
        title=f"{label} by region",
        source_ids=view.source_ids,
        caveats=view.caveats,
        table_container=region_tables,
    )

st.header("Change over time")
picked = st.multiselect(
    "Highlight regions on this chart",
    list(data.region_names()),
    format_func=data.region_names().get,
    key="trend_highlight",
    placeholder="Add regions to highlight",
    help="Highlights these regions as well as any chosen in the filters, on this chart only.",
)
highlighted, highlight_note = views.trend_highlight(view, regions, picked)
if highlight_note:
    st.caption(highlight_note)
trend = charts.trend_lines(
    view.series,
    title=views.trend_title(view),
    value_label=label,
    unit=unit,
    highlight=highlighted,
    polarity=view.indicator["polarity"],
    label_names=views.TREND_LABEL_NAMES,
)
ui.chart_block(
    trend,
    views.series_table(view),
    key="trend",
    title=f"{label} over time",
    source_ids=view.source_ids,
    caveats=view.caveats,
)
change = views.change_table(view)
if not change.empty:
    since = views.change_start(view)
    st.subheader(f"Change since {since}")
    ui.table_block(
        change,
        key="change",
        title=f"{label}: change since {since}",
        source_ids=view.source_ids,
        caveats=view.caveats,
    )

st.header("Local authorities")
if view.las is None:
    ui.empty_state(
        "Choose one or more regions in the sidebar (or click a region on the map) to see their local authorities.",
        "Local authority figures are published by DfE for every authority; "
        "small numbers are suppressed and shown as 'c'.",
    )
elif view.las.empty:
    ui.empty_state(
        "No local authority figures are published for this selection.", "Try another year or indicator."
    )
else:
    la_chart = views.la_map(view, scheme)
    st.caption(wording.OPEN_PROFILE_HINT)
    left, right = st.columns([5, 6])
    la_tables = st.container()
    if la_chart is not None:
        with left:
            event = ui.chart_block(
                la_chart,
                views.la_table(view),
                key="la_map",
                title=f"{label} by local authority, map",
                source_ids=view.source_ids,
                caveats=view.caveats,
                table_container=la_tables,
                on_select="rerun",
            )
            filters.follow_authority_click(event, "la_map")
    with right if la_chart is not None else left:
        la_bars = charts.ranked_bars(
            view.las,
            title=f"{label}, {view.period_label}: local authorities",
            value_label=label,
            unit=unit,
            polarity=view.indicator["polarity"],
            england=view.england,
            clickable=True,
        )
        event = ui.chart_block(
            la_bars,
            views.la_table(view),
            key="la_bars",
            title=f"{label} by local authority",
            source_ids=view.source_ids,
            caveats=view.caveats,
            table_container=la_tables if la_chart is not None else None,
            on_select="rerun",
        )
        filters.follow_authority_click(event, "la_bars")

ui.page_end("outcomes", chosen)
