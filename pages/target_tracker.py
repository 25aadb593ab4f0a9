"""Target tracker: progress towards a combined authority's Quality Mark target (Greater Manchester: all
colleges and universities accredited by 2027)."""

import streamlit as st

from nnecl_data import wording
from nnecl_data.ui import chart_specs as charts
from nnecl_data.ui import components as ui
from nnecl_data.ui import data, filters
from nnecl_data.ui.views import target_tracker as views

options = views.combined_authority_targets()
today = data.today()
if not options:
    ui.page_start("target_tracker")
    ui.empty_state("No combined authority target is recorded in the database.", views.NO_TARGET_HOW)
    st.stop()

wanted = filters.current().combined_authority
if wanted and wanted not in options:
    st.info(
        f"No Quality Mark target is recorded for the combined authority in the link ({wanted}): showing "
        f"{next(iter(options.values()))}.",
        icon=":material/info:",
    )
ca = filters.combined_authority_filter(options, views.default_choice(options), st.sidebar)
view = views.target_view(ca, today)
name = options[ca]
deadline = view.deadline
ui.page_start(
    "target_tracker",
    selection=name,
    area=name,
    intro=f"**{view.target['description']}**\n\n{view.target['in_scope_definition']}",
)
s = view.summary
st.header("Progress today")
st.progress(view.progress_fraction, text=view.progress_text)
cols = st.columns(4)
cols[0].metric("In scope", s["in_scope"], help="In-scope institutions in the register.", border=True)
cols[1].metric(
    "With a current award", s["holding_award"], help="As recorded in the announcements held, today.", border=True
)
cols[2].metric("Without one", s["not_holding"], border=True)
cols[3].metric(
    f"Ending before {deadline}",
    s["lapse_before_deadline"],
    help="Awards held today whose latest recorded award ends before the deadline year.",
    border=True,
)
if view.published:
    left, right = st.columns(2)
    left.metric(
        f"NNECL's published figure ({view.published['as_of']})",
        f"{view.published['value']:.0f}",
        help=view.published["statement"],
        border=True,
    )
    right.metric("Counted by this dashboard today", s["holding_award"], border=True)
    st.markdown(view.difference)
ui.sources_note(view.progress_sources, view.caveats)

st.header("Pace and projection")
chart_col, text_col = st.columns([3, 2])
projection_table = st.container()  # the chart's data table, full width under the two columns
with chart_col:
    ui.chart_block(
        charts.target_projection(
            view.projection,
            year="year",
            value="institutions",
            series="series",
            target=s["in_scope"],
            deadline=deadline,
            title=f"{name}: holding an award, by year",
            series_order=views.SERIES,
            y_title="Institutions holding an award",
        ),
        views.projection_table(view),
        key="target_projection",
        title=f"{name}: projection to {deadline}",
        source_ids=view.source_ids,
        caveats=[view.assumptions],
        table_container=projection_table,
    )
with text_col:
    st.markdown(views.projection_sentence(view))
    st.markdown("**Assumptions** (as computed by the dashboard):")
    ui.caveat_box(view.assumptions)
st.subheader("In-scope institutions first awarded, by year")
if view.pace.empty:
    ui.empty_state(
        "No in-scope institution has an award recorded in the announcements held.",
        "Awards are added to the curated seed when NNECL announces them.",
    )
else:
    ui.table_block(
        views.pace_table(view),
        key="target_pace",
        title=f"{name}: in-scope institutions first awarded by year",
        source_ids=view.source_ids,
        caveats=view.caveats,
    )

st.header("Institutions")
st.subheader("Not holding a current award")
missing = views.not_holding_table(view)
if missing.empty:
    st.markdown("Every in-scope institution holds a current award, as recorded in the announcements held.")
else:
    ui.table_block(
        missing,
        key="target_missing",
        title=f"{name}: in-scope institutions without a current award",
        source_ids=view.source_ids,
        caveats=view.caveats,
    )
st.subheader(f"Awards that end before {deadline}")
lapsing = views.lapsing_table(view)
if lapsing.empty:
    ui.empty_state(
        f"No award held today by an in-scope institution ends before {deadline}, as recorded in the "
        "announcements held.",
        "Awards last three years; check again when new awards or renewals are announced.",
    )
else:
    ui.table_block(
        lapsing,
        key="target_lapsing",
        title=f"{name}: awards ending before the deadline",
        source_ids=view.source_ids,
        caveats=view.caveats,
    )
st.subheader("Holding a current award")
ui.table_block(
    views.holding_table(view),
    key="target_holding",
    title=f"{name}: in-scope institutions with a current award",
    source_ids=view.source_ids,
    caveats=view.caveats,
)

ui.page_end("target_tracker", f"{name} · {wording.date_text(today)}")
