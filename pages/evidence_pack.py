"""Evidence pack: a citable briefing (PDF and HTML) for England, a region or a combined authority area,
built from the database by nnecl_data.evidence: statements generated from the figures, charts, tables,
Quality Mark and membership status, sources and licences, and its own citation."""

import datetime as dt

import streamlit as st

from nnecl_data import evidence
from nnecl_data.rules import selection
from nnecl_data.ui import components as ui
from nnecl_data.ui import data, filters

KINDS = {"england": "England", "region": "A region", "combined_authority": "A combined authority area"}
READY = "_evidence_pack_ready"  # {"key": selection key, "pdf": bytes, "html": bytes, "stem": str}
DEFAULT_CA = "E47000001"  # Greater Manchester


@st.cache_data(max_entries=64, ttl=dt.timedelta(minutes=30), show_spinner=False)
def preview(area: evidence.Selection, on_date: dt.date, url: str) -> evidence.Pack:
    """The pack without its images: fast enough to show on every run."""
    return evidence.build_pack(data.engine(), area, on_date=on_date, url=url, with_images=False)


def pack_url(area: evidence.Selection) -> str:
    """This page's address with the selection as URL parameters, so the citation reopens the same pack."""
    base = ui.view_url().split("?")[0]
    if not base.startswith("http"):
        return ""
    wanted = selection.Filters(
        regions=(area.code,) if area.kind == "region" else (),
        institution_types=area.institution_types,
        combined_authority=area.code if area.kind == "combined_authority" else None,
    )
    query = selection.query_string(wanted)
    return f"{base}?{query}" if query else base


options = evidence.selection_options(data.engine())
regions, cas = options["region"], options["combined_authority"]
current = filters.current()
types = filters.type_filter()

if "w_pack_kind" not in st.session_state:
    st.session_state["w_pack_kind"] = (
        "combined_authority" if current.combined_authority in cas else "region" if current.regions else "england"
    )
if "w_pack_region" not in st.session_state and current.regions:
    st.session_state["w_pack_region"] = current.regions[0]

ui.set_title("Evidence pack")
ui.page_intro(
    "Evidence pack",
    "A briefing for lobbying, funding bids and board papers: the key figures for an area written out in "
    "plain English from the official statistics, with charts, tables, the Quality Mark and membership "
    "picture, every source and licence, and a citation. Download it as PDF or HTML.",
)

left, middle = st.columns([2, 3])
kind = left.radio("Area", list(KINDS), format_func=KINDS.get, key="w_pack_kind")
code = None
if kind == "region":
    code = middle.selectbox("Region", list(regions), format_func=regions.get, key="w_pack_region")
    if len(current.regions) > 1:
        middle.caption("A pack covers one area: the first region chosen in the sidebar is suggested.")
elif kind == "combined_authority":
    if not cas:
        ui.empty_state("No combined authorities are recorded in the database.", "Choose England or a region.")
        st.stop()
    code = filters.combined_authority_filter(cas, DEFAULT_CA if DEFAULT_CA in cas else next(iter(cas)), middle)
else:
    middle.markdown("The pack covers **England**, with every region for comparison.")
include_sample = st.checkbox(
    "Include the fictional sample member register (if loaded)",
    value=False,
    key="w_pack_sample",
    help="For demonstration only: a pack that shows sample data says so on its first page.",
)
st.caption(
    "Institution types (sidebar) narrow the Quality Mark section; "
    + (", ".join(selection.INSTITUTION_TYPE_LABELS[t] for t in types) if types else "all types are included")
    + "."
)

area = evidence.Selection(kind, code, tuple(types), include_sample)
url = pack_url(area)
today = data.today()
try:
    pack = preview(area, today, url)
except KeyError as error:  # an area missing from the database
    st.error(f"This area is not in the database ({error}). Choose another area.")
    st.stop()
ui.set_title("Evidence pack", pack.area_name)

st.header(f"Preview: {pack.area_name}")
st.caption(f"Selection: {pack.selection_text} · Data version {pack.data_version}")
if pack.sample_shown:
    ui.sample_flag()
st.subheader("Key statements")
st.markdown("\n".join(f"- {s.text}" for s in pack.statements))

st.subheader("Download the pack")
key = (area, today, url)
ready = st.session_state.get(READY)
if ready and ready["key"] != key:
    ready = None
if st.button("Build the PDF and HTML pack", type="primary", icon=":material/picture_as_pdf:", key="build_pack"):
    st.session_state.pop(READY, None)
    ready = None
    with st.status("Building the evidence pack…", expanded=True) as status:
        bar = st.progress(0.0)

        def progress(fraction: float, text: str) -> None:
            bar.progress(min(fraction, 1.0), text=text)

        try:
            built = evidence.build_pack(data.engine(), area, on_date=today, url=url, progress=progress)
            progress(0.85, "Writing the PDF…")
            pdf = evidence.to_pdf(built)
            progress(0.95, "Writing the HTML…")
            page = evidence.to_html(built)
        except Exception as error:  # nothing is offered unless both files were built in full
            status.update(label="The pack could not be built", state="error", expanded=True)
            st.error(
                "The evidence pack could not be built, so nothing was offered for download. Try again; if it "
                "fails again, choose another area or download the figures from the Regional outcomes page, "
                "and tell the dashboard's maintainers what you chose.",
                icon=":material/error:",
            )
            with st.expander("Technical detail"):
                st.text(f"{type(error).__name__}: {error}")
        else:
            progress(1.0, "Done.")
            ready = {"key": key, "pdf": pdf, "html": page, "stem": built.file_stem()}
            st.session_state[READY] = ready
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
    st.caption(f"PDF {len(ready['pdf']) / 1024:,.0f} KB · HTML {len(ready['html']) / 1024:,.0f} KB.")
else:
    st.caption("Building takes a few seconds: the charts are drawn as images for the PDF.")

st.subheader("Figures")
for table in pack.tables:
    st.markdown(f"**{table.title}**")
    st.dataframe(table.frame, hide_index=True, width="stretch")
    if table.note:
        st.caption(table.note)

st.subheader("Charts")
for chart in pack.charts:
    st.vega_lite_chart(chart.spec, width="stretch", theme=None)
    st.caption(f"Chart description: {chart.description}")

st.subheader("Quality Mark and membership")
for paragraph in pack.provision:
    st.markdown(paragraph)
if pack.provision_table is not None:
    st.dataframe(pack.provision_table.frame, hide_index=True, width="stretch")

st.subheader("Sources and caveats")
ui.sources_note(pack.sources["source_id"].tolist(), pack.caveats)
st.markdown("**The pack's citation**")
st.code(pack.citation, language=None, wrap_lines=True)
ui.cite_this_view("Evidence pack", pack.selection_text)
