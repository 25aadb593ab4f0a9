"""Reusable page pieces. Every chart goes out through `chart_block`, which always puts its data table,
CSV and XLSX downloads, text alternative and sources beside it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import altair as alt
import pandas as pd
import streamlit as st

from nnecl_data import export, wording
from nnecl_data.rules import selection
from nnecl_data.ui import data, filters
from nnecl_data.ui.chart_specs import ChartSpec, spec_of
from nnecl_data.ui.pages import PAGES, PageInfo

PRODUCT = "NNECL regional dashboard"


def set_title(page_id: str, selection: str = "") -> None:
    """Tab title reflects the page and the selection (so tabs and bookmarks are told apart)."""
    page = PAGES[page_id].title
    title = f"{page} · {selection} · {PRODUCT}" if selection else f"{page} · {PRODUCT}"
    st.set_page_config(page_title=title[:120])


def page_start(page_id: str, *, selection: str = "", intro: str = "", area: str = "") -> PageInfo:
    """The top of a page: its tab title, heading (with the area it shows, if any) and introduction.
    Starts the page's list of sources and caveats."""
    info = PAGES[page_id]
    st.session_state[SHOWN_SOURCES] = PageNotes()
    set_title(page_id, selection)
    st.title(f"{info.page_heading}: {area}" if area else info.page_heading)
    if intro:
        st.markdown(intro)
    return info


def page_end(page_id: str, selection: str) -> None:
    """The end of a page: its sources and caveats, given in full once, and how to cite it."""
    sources_and_caveats()
    cite_this_view(PAGES[page_id].title, selection)


def view_url() -> str:
    """The page's address with the current filters: the link a citation or export carries."""
    base = ""
    try:
        base = (st.context.url or "").split("?")[0]
    except Exception:
        base = ""
    query = selection.query_string(filters.current())
    return f"{base}?{query}" if query and base else base or "(address not available)"


def data_version() -> str:
    meta = data.dataset_meta()
    return f"{meta.get('seed_version', 'unknown')} (built {meta.get('built_at', 'unknown')})"


def data_version_note() -> None:
    meta = data.dataset_meta()
    version, built = meta.get("seed_version", "unknown"), meta.get("built_at", "unknown")
    st.markdown(f"Data version **{version}**, database built {built}.")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "data"


def export_notes(title: str, source_ids: list[str], caveats: list[str] | None = None) -> dict[str, str]:
    src = data.sources(tuple(sorted(set(source_ids)))) if source_ids else pd.DataFrame()
    source_text = "; ".join(
        f"{r.publisher}, {r.title}{', ' + r.url if r.url else ''}{' (' + r.licence + ')' if r.licence else ''}"
        for r in src.itertuples()
    )
    return {
        "Title": title,
        "Selection": selection.describe(filters.current(), data.region_names()),
        "View": view_url(),
        "Data version": data_version(),
        "Downloaded": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "Sources": source_text,
        "Caveats": " ".join(caveats or []),
        "Symbols": wording.SYMBOLS_NOTE,
    }


def downloads(
    table: pd.DataFrame,
    title: str,
    source_ids: list[str],
    key: str,
    caveats: list[str] | None = None,
    chart: ChartSpec | None = None,
) -> None:
    """CSV and Excel of the table; with a chart, also the chart as PNG and SVG. Images are rendered only
    when their button is pressed (deferred data), so a page run never waits for them."""
    notes = export_notes(title, source_ids, caveats)
    stem = _slug(title)
    if chart is not None:
        left, right, png_col, svg_col = st.columns(4)
    else:
        left, right = st.columns(2)
    left.download_button(
        "Download CSV",
        lambda: export.to_csv_bytes(table, notes),  # built when pressed, not on every run
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"csv_{key}",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        "Download Excel",
        lambda: export.to_xlsx_bytes(table, notes),  # built when pressed, not on every run
        file_name=f"{stem}.xlsx",
        key=f"xlsx_{key}",
        on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
    )
    if chart is not None:
        _image_buttons(chart, notes, stem, key, png_col, svg_col)


def _image_buttons(chart: ChartSpec, notes: dict[str, str], stem: str, key: str, png_col, svg_col) -> None:
    """PNG and SVG of the chart with its footer (title, selection, data version, sources)."""
    png_col.download_button(
        "Download PNG",
        lambda: _chart_image(chart.to_json(), tuple(notes.items()), "png"),
        file_name=f"{stem}.png",
        mime="image/png",
        key=f"png_{key}",
        icon=":material/image:",
        on_click="ignore",
        help="The chart as a picture, with its title, selection, data version and sources underneath.",
    )
    svg_col.download_button(
        "Download SVG",
        lambda: _chart_image(chart.to_json(), tuple(notes.items()), "svg"),
        file_name=f"{stem}.svg",
        mime="image/svg+xml",
        key=f"svg_{key}",
        icon=":material/image:",
        on_click="ignore",
        help="The chart as a scalable drawing for reports, with the same footer as the PNG.",
    )


@st.cache_data(max_entries=64, ttl=1800, show_spinner=False)
def _chart_image(spec_json: str, notes: tuple[tuple[str, str], ...], kind: str) -> bytes:
    """Rendered on demand (vl-convert), cached on the chart's JSON and its notes."""
    import json

    spec = json.loads(spec_json)
    return export.chart_png(spec, dict(notes)) if kind == "png" else export.chart_svg(spec, dict(notes))


def chart_block(
    chart: ChartSpec | alt.TopLevelMixin,
    table: pd.DataFrame,
    *,
    key: str,
    title: str,
    source_ids: list[str],
    caveats: list[str] | None = None,
    on_select=None,
    stretch: bool = True,
    attribution: str | None = None,
) -> object:
    """Chart, its text alternative, its data table and downloads, and its sources: always together.
    `chart` is best a cached ChartSpec (see chart_specs); an Altair chart is serialised here, uncached."""
    chart = spec_of(chart)
    has_own = bool(chart.description)
    description = chart.description if has_own else title
    # A chart's own description is already its accessible name; `alt` only fills a missing one.
    # Maps keep their own size: stretching re-fits the projection into a thumbnail.
    event = st.vega_lite_chart(
        chart.page_spec(),
        width="stretch" if stretch else "content",
        theme=None,
        key=f"chart_{key}",
        on_select=on_select or "ignore",
        alt=None if has_own else description,
    )
    if attribution:
        st.caption(attribution)  # e.g. the ONS boundaries licence, required wherever boundaries are drawn
    st.caption(f"Chart description: {description}")
    with st.expander(f"Data table: {title}"):
        st.dataframe(table, hide_index=True, width="stretch")
        downloads(table, title, source_ids, key, caveats, chart=chart)
    sources_note(source_ids, caveats)
    return event


def table_block(
    table: pd.DataFrame,
    *,
    key: str,
    title: str,
    source_ids: list[str],
    caveats: list[str] | None = None,
    column_config: dict | None = None,
) -> None:
    st.dataframe(table, hide_index=True, width="stretch", column_config=column_config)
    downloads(table, title, source_ids, key, caveats)
    sources_note(source_ids, caveats)


SHOWN_SOURCES = "_sources_shown_this_run"  # this run's PageNotes (started afresh by page_start)


@dataclass
class PageNotes:
    """The sources and caveats of everything shown on the page so far, in order, each once; given in
    full once, at the end of the page (`sources_and_caveats`)."""

    source_ids: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    shown: set[str] = field(default_factory=set)  # caveats the page already shows in full in its body

    def add(self, source_ids: list[str], caveats: list[str] | None = None) -> None:
        self.source_ids += [s for s in dict.fromkeys(source_ids) if s not in self.source_ids]
        self.caveats += [c for c in dict.fromkeys(caveats or ()) if c not in self.caveats]


def page_notes() -> PageNotes:
    notes = st.session_state.get(SHOWN_SOURCES)
    if not isinstance(notes, PageNotes):
        notes = st.session_state[SHOWN_SOURCES] = PageNotes()
    return notes


def _publishers(source_ids: list[str]) -> dict[str, list]:
    """Publisher -> its sources (rows of the sources table), in the order the publishers come."""
    src = data.sources(tuple(sorted(set(source_ids))))
    groups: dict[str, list] = {}
    for r in src.itertuples():
        groups.setdefault(r.publisher, []).append(r)
    return groups


def sources_note(source_ids: list[str], caveats: list[str] | None = None) -> None:
    """One line naming the publishers behind a view; the full references and the caveats are kept for the
    page's single "Sources and caveats" section at its end."""
    if not source_ids:
        page_notes().add([], caveats)
        return
    page_notes().add(source_ids, caveats)
    publishers = "; ".join(_publishers(source_ids))
    st.caption(
        f"**Source:** {publishers}. Full references and caveats: *Sources and caveats*, at the end of the page."
    )


def caveat_box(text: str) -> None:
    """A caveat the page shows in full where it matters (not repeated under Sources and caveats)."""
    page_notes().shown.add(text)
    st.info(text, icon=":material/rule:")


def _reference(r) -> str:
    title = r.title.replace("[", "(").replace("]", ")")
    return f"[{title}]({r.url})" if str(r.url).startswith("https://") else title


def sources_and_caveats() -> None:
    """The page's one full list of sources (links grouped by publisher, with licences) and caveats."""
    notes = page_notes()
    caveats = [c for c in notes.caveats if c not in notes.shown]
    if not (notes.source_ids or caveats):
        return
    with st.expander("Sources and caveats", icon=":material/menu_book:"):
        lines = []
        for publisher, rows in _publishers(notes.source_ids).items():
            licences = sorted({r.licence for r in rows if r.licence})
            lines.append(
                f"- {publisher}: "
                + "; ".join(_reference(r) for r in rows)
                + (f" ({'; '.join(licences)})" if licences else "")
            )
        if lines:
            st.markdown("**Sources**\n\n" + "\n".join(lines))
        if caveats:
            st.markdown("**Caveats**\n\n" + "\n".join(f"- {c}" for c in caveats))


def sample_flag(what: str = "member register") -> None:
    st.warning(
        f"**Sample data.** The {what} shown here is fictional, loaded for demonstration only. It is not "
        "NNECL's register and must not be cited.",
        icon=":material/science:",
    )


def empty_state(message: str, how: str) -> None:
    st.info(f"{message}\n\n{how}", icon=":material/info:")


def cite_this_view(page: str, selection: str) -> None:
    accessed = dt.date.today().isoformat()
    citation = (
        f"National Network for the Education of Care Leavers (NNECL) regional dashboard, '{page}' "
        f"({selection}). Data version {data.dataset_meta().get('seed_version', 'unknown')}. "
        f"{view_url()} (accessed {accessed})."
    )
    with st.expander("Cite this view"):
        st.code(citation, language=None, wrap_lines=True)
        st.caption(
            "Copy the citation with the button at the top right of the box. Cite the original "
            "publishers' statistics as listed under Sources and caveats."
        )
