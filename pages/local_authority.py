"""Local authority profile: one authority against its statistical neighbours, its region and England."""

import streamlit as st

from nnecl_data import wording
from nnecl_data.ui import components as ui
from nnecl_data.ui import data, filters, navigation
from nnecl_data.ui.views import local_authority as lv

ui.page_start(
    "local_authority",
    intro="One authority's care leavers, key stage 4 results and children looked after, beside its **statistical "
    "neighbours** (the 10 authorities the Department for Education finds most similar), its region and England.",
)
code = filters.local_authority_filter(lv.authority_options(), lv.newest_codes())


def profile(code: str) -> None:
    """The chosen authority's profile (a function, so the page ends normally when none is chosen)."""
    view_years = lv.grouping_choices(code)
    grouping = st.radio(
        "Statistical neighbours",
        list(view_years),
        format_func=view_years.get,
        horizontal=True,
        key="w_grouping",
        help="DfE revised its groupings in May 2025; the profile uses them unless you choose the April 2021 ones.",
    )
    view = lv.profile_view(code, grouping)
    authority = view.authority
    ui.set_title("local_authority", authority.name)

    st.header(authority.name)
    st.markdown(lv.about_text(view))
    st.markdown(lv.headline_markdown(view))
    navigation.link(
        "evidence_pack",
        "Make an evidence pack for this authority",
        query_params=filters.authority_pack_query(authority.code),
    )

    if view.has_figures:
        st.subheader("Every indicator, latest year")
        st.caption(lv.summary_caption(view))
        ui.table_block(
            view.summary,
            key="la_summary",
            title=f"{authority.name}: every indicator against its neighbours, region and England",
            source_ids=view.source_ids,
            caveats=view.caveats,
        )

    st.subheader(f"Its statistical neighbours ({lv.GROUPING_NAMES.get(view.grouping_year, view.grouping_year)})")
    if view.neighbours.empty:
        ui.empty_state(
            f"DfE's file lists no statistical neighbours for {authority.name} in this grouping.",
            "Choose the other grouping above.",
        )
    else:
        ui.table_block(
            lv.neighbour_list(view),
            key="la_neighbours",
            profile_links="Neighbour",
            title=f"{authority.name}: statistical neighbours",
            source_ids=sorted(set(view.neighbours["source_id"])),
        )

    if view.has_figures:
        st.subheader("One indicator in detail")
        choices = lv.indicator_choices(view)
        indicator = st.selectbox("Indicator", list(choices), format_func=choices.get, key="w_la_indicator")
        detail = lv.detail(view, indicator)
        label, unit = detail.info["short_label"], detail.info["unit"]
        event = ui.chart_block(
            lv.comparison_bars(
                detail.bars,
                title=f"{label}, {detail.period_label}: {authority.name} and its neighbours",
                value_label=label,
                unit=unit,
                polarity=detail.info["polarity"],
                clickable=True,
            ),
            detail.table,
            key="la_bars",
            title=f"{label}, {detail.period_label}: {authority.name}, its neighbours, region and England",
            source_ids=view.source_ids,
            caveats=view.caveats,
            on_select="rerun",
        )
        filters.follow_authority_click(event, "la_bars")
        st.caption(wording.OPEN_PROFILE_HINT)
        ui.chart_block(
            lv.trend_lines(
                detail.series,
                title=f"{label}: {authority.name}, its neighbours' average, region and England",
                value_label=label,
                unit=unit,
                highlight=lv.trend_highlight(view),
                period_field="year",
            ),
            detail.series_table,
            key="la_trend",
            title=f"{label} over time: {authority.name}",
            source_ids=view.source_ids,
            caveats=view.caveats,
        )

        st.subheader("Every indicator over time")
        ui.table_block(
            lv.all_series_table(view),
            key="la_all_series",
            title=f"{authority.name}: every indicator over time",
            source_ids=view.source_ids,
            caveats=view.caveats,
        )

    st.header(f"In {authority.name}")
    where = lv.place(authority, data.today())
    st.markdown(lv.combined_authority_text(view, where))
    st.subheader("Colleges and universities located here")
    institutions = lv.institutions_table(authority, data.today())
    if institutions.empty:
        ui.empty_state(
            f"The institution register places no college or university in {authority.name}.",
            "Institutions are placed by their postcode district; see Data and methods for the register's gaps.",
        )
    else:
        ui.table_block(
            institutions,
            key="la_institutions",
            title=f"Colleges and universities in {authority.name} and their Quality Mark status",
            source_ids=lv.institution_sources(authority),
        )
    st.subheader("Local partnerships and strategies covering it")
    if where.partnerships.empty and where.regional_partnerships.empty:
        ui.empty_state(
            f"The partnerships directory names none covering {authority.name}.",
            "The directory is not complete; NNECL can add partnerships through Data administration.",
        )
    if not where.partnerships.empty:
        ui.table_block(
            lv.partnership_table(where.partnerships),
            key="la_partnerships",
            title=f"Partnerships naming {authority.name}",
            source_ids=where.source_ids,
        )
    if not where.regional_partnerships.empty:
        st.caption(f"In {authority.region_name}, working with local authorities the source does not name:")
        ui.table_block(
            lv.partnership_table(where.regional_partnerships),
            key="la_regional_partnerships",
            title=f"Partnerships in {authority.region_name} (authorities not named)",
            source_ids=where.source_ids,
        )

    ui.page_end("local_authority", authority.name)


if code is None:
    ui.empty_state(
        "Choose a local authority above: type part of its name, such as 'Salf' for Salford.",
        "Every upper-tier authority in England is listed, including those since abolished or merged (for "
        "example Northamptonshire and Cumbria), each with its region.",
    )
    ui.page_end("local_authority", "no authority chosen")
else:
    profile(code)
