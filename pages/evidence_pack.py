"""Evidence pack: a citable briefing (PDF and HTML) for England, a region, a combined authority area or a
local authority, built from the database by nnecl_data.evidence: statements generated from the figures,
charts, tables, Quality Mark and membership status, sources and licences, and its own citation."""

import streamlit as st

from nnecl_data.ui import components as ui
from nnecl_data.ui import data, filters
from nnecl_data.ui.views import evidence_pack as views

areas = views.options()
regions, cas = areas["region"], areas["combined_authority"]
types = filters.type_filter()

ui.page_start(
    "evidence_pack",
    intro="A briefing for lobbying, funding bids and board papers: the key figures for an area written out in "
    "plain English from the official statistics, with charts, tables, the Quality Mark and membership "
    "picture, every source and licence, and a citation. Download it as PDF or HTML.",
)


def show_pack(kind: str, code: str | None) -> None:
    """The pack for the chosen area: its preview, its files and its citation."""
    include_sample = st.checkbox(
        "Include the fictional sample member register (if loaded)",
        value=False,
        key="w_pack_sample",
        help="For demonstration only: a pack that shows sample data says so on its first page.",
    )
    st.caption(views.types_caption(types))

    chosen = views.Selection(kind, code, tuple(types), include_sample)
    url = views.pack_url(chosen)
    today = data.today()
    try:
        pack = views.preview(chosen, today, url)
    except KeyError as error:  # an area missing from the database
        st.error(f"This area is not in the database ({error}). Choose another area.")
        return
    ui.set_title("evidence_pack", pack.area_name)

    st.header(f"Preview: {pack.area_name}")
    ui.showing(pack.selection_text)
    st.caption(f"Data: {pack.data_version}")
    if pack.sample_shown:
        ui.sample_flag()
    st.subheader("Key statements")
    st.markdown(views.statements_markdown(pack))

    st.subheader("Download the pack")
    key = (chosen, today, url)
    ready = views.ready_files(key)
    if st.button(
        "Build the PDF and HTML pack", type="primary", icon=":material/picture_as_pdf:", key="build_pack"
    ):
        ready = None
        with st.status("Building the evidence pack…", expanded=True) as status:
            bar = st.progress(0.0)

            def progress(fraction: float, text: str) -> None:
                bar.progress(min(fraction, 1.0), text=text)

            try:
                ready = views.build_files(chosen, today, url, key, progress)
            except Exception as error:  # nothing is offered unless both files were built in full
                status.update(label="The pack could not be built", state="error", expanded=True)
                st.error(views.FAILED, icon=":material/error:")
                with st.expander("Technical detail"):
                    st.text(f"{type(error).__name__}: {error}")
            else:
                progress(1.0, "Done.")
                status.update(label="The evidence pack is ready", state="complete", expanded=False)
    if ready:
        pdf_col, html_col = st.columns(2)
        pdf_col.download_button(
            "Download PDF",
            ready["pdf"],
            file_name=f"{ready['stem']}.pdf",
            mime="application/pdf",
            key="pack_pdf",
            icon=":material/download:",
            on_click="ignore",
            type="primary",
        )
        html_col.download_button(
            "Download HTML",
            ready["html"],
            file_name=f"{ready['stem']}.html",
            mime="text/html",
            key="pack_html",
            icon=":material/download:",
            on_click="ignore",
        )
        st.caption(views.sizes_caption(ready))
    else:
        st.caption("Building takes a few seconds: the charts are drawn as images for the PDF.")

    st.subheader("Figures")
    for table in pack.tables:
        st.markdown(f"**{table.title}**")
        ui.show_table(table.frame)
        if table.note:
            st.caption(table.note)

    st.subheader("Charts")
    for n, chart in enumerate(pack.charts):
        if chart.measure and (n == 0 or pack.charts[n - 1].measure != chart.measure):
            st.markdown(f"**{chart.measure}**")
        st.vega_lite_chart(chart.spec, width="stretch", theme=None)
        st.caption(f"Chart description: {chart.description}")

    st.subheader("Quality Mark and membership")
    for paragraph in pack.provision:
        st.markdown(paragraph)
    if pack.provision_table is not None:
        ui.show_table(pack.provision_table.frame)

    ui.sources_note(views.source_ids(pack), pack.caveats)
    st.markdown("**The pack's citation**")
    st.code(pack.citation, language=None, wrap_lines=True)
    ui.page_end("evidence_pack", pack.selection_text)


left, middle = st.columns([2, 3])
# The area is the shared filter: a region chosen here is the Regions filter of every page, and the address.
kind, code = filters.area_filter(
    views.AREA_KINDS,
    regions,
    cas,
    views.default_combined_authority(cas) if cas else "",
    left,
    middle,
    views.authority_choices(),
)
if kind == "region" and len(filters.current().regions) > 1:
    middle.caption("A pack covers one area: the first region chosen is used. Choosing another here keeps only it.")
elif kind == "combined_authority" and not cas:
    ui.empty_state("No combined authorities are recorded in the database.", "Choose England or a region.")
    st.stop()
elif kind == "england":
    middle.markdown("The pack covers **England**, with every region for comparison.")
if kind == "local_authority" and code is None:
    ui.empty_state(
        "Choose a local authority above: type part of its name, such as 'Salf' for Salford.",
        "The pack sets the authority beside its statistical neighbours, its region and England, as its "
        "profile on the Local authority page does.",
    )
    ui.page_end("evidence_pack", "no authority chosen")
else:
    show_pack(kind, code)
