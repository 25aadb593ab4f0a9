"""Target tracker: any Quality Mark target or recommendation (Greater Manchester: all colleges and
universities accredited by 2027; London: a recommendation with no deadline)."""

import streamlit as st

from nnecl_data import wording
from nnecl_data.ui import components as ui
from nnecl_data.ui import data, filters
from nnecl_data.ui.views import target_tracker as views

options = views.target_options()
today = data.today()
if not options:
    ui.page_start("target_tracker")
    ui.empty_state("No Quality Mark target or recommendation is recorded in the database.", views.NO_TARGET_HOW)
    st.stop()

chosen_ca = filters.current().combined_authority
if filters.current().target is None and views.ca_without_target(chosen_ca):
    st.info(
        f"No Quality Mark target is recorded for the combined authority in the link ({chosen_ca}): showing "
        f"{next(iter(options.values()))}.",
        icon=":material/info:",
    )
target_id = filters.target_filter(
    options, views.default_target(options, chosen_ca), views.target_combined_authorities(), st.sidebar
)
view = views.target_view(target_id, today)
name, deadline, s = view.name, view.deadline, view.summary
ui.page_start("target_tracker", selection=options[target_id], area=name, intro=views.what_it_is(view))

if view.reconciliation is not None:  # NNECL's published count first
    st.header("NNECL's published count")
    rec = view.reconciliation
    cols = st.columns(3)
    cols[0].metric(
        f"NNECL's published figure ({views.as_of_text(rec.published['as_of'])})",
        rec.counts["published"],
        help=rec.published["statement"],
        border=True,
    )
    cols[1].metric("Named in the announcements held", rec.counts["named"], border=True)
    cols[2].metric("Not named in any announcement held", rec.counts["unnamed"], border=True)
    st.markdown(views.published_text(view, today))
    ui.table_block(
        views.reconciliation_frame(view),
        key="target_reconciliation",
        title=f"{name}: NNECL's published count and the awardees named",
        source_ids=view.progress_sources,
        caveats=view.caveats,
    )

st.subheader("In the source's words")
st.markdown(views.in_its_words(view))
ui.sources_note([view.target["source_id"]])
for statement in view.statements:
    st.markdown(f"**Also published:** {statement['statement']}")
    ui.sources_note([statement["source_id"]])

st.header("Progress today" if deadline is None else f"Progress against {deadline}")
st.progress(view.progress_fraction, text=view.progress_text)
figures = views.progress_figures(view)
for column, (label, value, help_text) in zip(st.columns(len(figures)), figures, strict=True):
    column.metric(label, value, help=help_text, border=True)
st.markdown(views.denominator_text(view))
ui.sources_note(view.progress_sources, view.caveats)

if deadline is None:
    st.markdown(views.pace_text(view, today))
else:
    st.header("Pace needed and projection")
    st.markdown(views.pace_text(view, today))
    chart_col, text_col = st.columns([3, 2])
    projection_table = st.container()  # the chart's data table, full width under the two columns
    with chart_col:
        ui.chart_block(
            views.projection_chart(view),
            views.projection_table(view),
            key="target_projection",
            title=f"{name}: projection to {deadline}",
            source_ids=view.source_ids,
            caveats=[view.assumptions, *view.caveats],
            table_container=projection_table,
        )
    with text_col:
        st.markdown(views.projection_sentence(view))
        st.markdown("**Assumptions** (as computed by the dashboard):")
        ui.caveat_box(view.assumptions)
    with st.expander("In-scope institutions first awarded, by year"):
        if view.pace.empty:
            st.markdown("No in-scope institution has an award recorded in the announcements held.")
        else:
            ui.table_block(
                views.pace_table(view),
                key="target_pace",
                title=f"{name}: in-scope institutions first awarded by year",
                source_ids=view.source_ids,
                caveats=view.caveats,
            )

    st.header(f"Awards that end before {deadline}")
    ending = views.ending_table(view)
    if ending.empty:
        st.markdown(
            f"No current award held by an in-scope institution ends before {deadline}, as recorded in the "
            "announcements held."
        )
    else:
        ui.table_block(
            ending,
            key="target_ending",
            title=f"{name}: current awards ending before {deadline}",
            source_ids=view.source_ids,
            caveats=view.caveats,
        )
    if not view.scenarios.empty:
        st.subheader("If the renewals not announced were made (scenarios)")
        st.markdown(views.scenario_text(view))
        ui.table_block(
            views.scenario_table(view),
            key="target_scenarios",
            title=f"{name}: awards whose renewal is not announced, if renewed (scenarios)",
            source_ids=view.source_ids,
            caveats=view.caveats,
        )

members = views.members_markdown(view)
if members:
    st.header("Local authorities")
    st.markdown(members)
    ui.sources_note(views.member_sources(view))

st.header("Institutions")
for section in views.institution_sections(view):
    st.subheader(section.heading)
    if section.table.empty:
        st.markdown(section.empty)
    else:
        ui.table_block(
            section.table,
            key=section.key,
            title=f"{name}: {section.title}",
            source_ids=view.source_ids,
            caveats=view.caveats,
        )

ui.page_end("target_tracker", f"{options[target_id]} · {wording.date_text(today)}")
