"""Reusable page pieces. Every chart goes out through `chart_block`, which always puts its data table,
CSV and XLSX downloads, text alternative and sources beside it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import NamedTuple

import altair as alt
import pandas as pd
import streamlit as st

from nnecl_data import config, export, wording
from nnecl_data.rules import selection as filter_rules
from nnecl_data.rules import transforms
from nnecl_data.ui import data, filters
from nnecl_data.ui.cache_keys import CONTENT_KEYS
from nnecl_data.ui.chart_specs import ChartSpec, spec_of
from nnecl_data.ui.pages import PAGES, PageInfo

PRODUCT = "NNECL regional dashboard"
PAGE_SELECTION = "_page_selection"  # session key: what this run's page shows, in words (set_title)


def selection_text(page_id: str, indicator_label: str | None = None, year_label: str | None = None) -> str:
    """The page's selection in words, naming only the shared filters the page uses (ui/pages.py)."""
    return filter_rules.describe(
        filters.current(), data.region_names(), indicator_label, PAGES[page_id].filters, year_label
    )


try:  # Streamlit's own conversion of a DataFrame to the Arrow table st.dataframe sends
    from streamlit.dataframe_util import convert_pandas_df_to_arrow_table as _arrow_table_of
except ImportError:  # pragma: no cover - another Streamlit: it converts the DataFrame itself, on each run
    _arrow_table_of = None
ARROW_ROWS = 5_000  # far below the sizes Streamlit sends lazily, page by page (10,000 rows and more)


def set_title(page_id: str, selection: str = "") -> None:
    """Tab title reflects the page and the selection (so tabs and bookmarks are told apart); the same
    selection heads every file downloaded from the page (export_notes)."""
    st.session_state[PAGE_SELECTION] = selection
    page = PAGES[page_id].title
    title = f"{page} · {selection} · {PRODUCT}" if selection else f"{page} · {PRODUCT}"
    st.set_page_config(page_title=title[:120])


def page_start(page_id: str, *, selection: str = "", intro: str = "", area: str = "") -> PageInfo:
    """The top of a page: its tab title, heading (with the area it shows, if any), a line saying what it
    is filtered by, and its introduction. Starts the page's list of sources and caveats."""
    info = PAGES[page_id]
    st.session_state[SHOWN_SOURCES] = PageNotes()
    set_title(page_id, selection)
    st.title(f"{info.page_heading}: {area}" if area else info.page_heading)
    if selection and info.filters and selection != area:  # a heading naming the area says it already
        showing(selection)
    if intro:
        st.markdown(intro)
    return info


def showing(selection: str) -> None:
    """'Showing: North West · University' under the heading, so a reader (on a phone, with the sidebar
    closed) sees what the page is filtered by."""
    st.markdown(f":material/filter_alt: **Showing:** {selection}", help=FILTERS_WHERE)


FILTERS_WHERE = (
    "Change these with the filters in the sidebar (on a phone, open it with the arrow at the top left)."
)


def page_end(page_id: str, selection: str) -> None:
    """The end of a page: its sources and caveats, given in full once, and how to cite it."""
    sources_and_caveats()
    cite_this_view(PAGES[page_id].title, selection)


ADDRESS_NOT_SET = "(address not available: the dashboard's public address is not set)"
LOOPBACK = re.compile(r"^https?://(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)(:\d+)?(/|$)")


def public_url() -> str:
    """The deployment's public address: NNECL_PUBLIC_URL, else `[nnecl] public_url` in secrets; ''
    when neither is set (README, Configuration)."""
    url = config.public_url()
    if not url:
        try:
            url = str(st.secrets.get("nnecl", {}).get("public_url", "") or "")
        except Exception:  # no secrets file, or one without the setting
            url = ""
    url = url.strip().rstrip("/")
    return url if url.startswith(("https://", "http://")) else ""


def page_address() -> str:
    """This page's address without its query: on the public address when it is set, else as the browser
    asked for it, unless that is this machine's own (a citation to localhost reaches no one)."""
    from nnecl_data.ui import navigation

    public = public_url()
    if public:
        info = PAGES.get(navigation.current_id())
        path = "" if info is None or info.default else info.id
        return f"{public}/{path}" if path else f"{public}/"
    try:
        seen = (st.context.url or "").split("?")[0]
    except Exception:  # outside a browser session (tests, scripts)
        seen = ""
    return "" if LOOPBACK.match(seen) else seen


def view_url() -> str:
    """The page's address with the current filters: the link a citation or export carries."""
    base = page_address()
    query = filter_rules.query_string(filters.current())
    return f"{base}?{query}" if query and base else base or ADDRESS_NOT_SET


def data_version() -> str:
    """The data named for a reader (the releases and the announcements held), with the dataset's version
    id for tracing a figure back to the exact build."""
    version = data.dataset_meta().get("seed_version", "unknown")
    return f"{data.data_edition()} (dataset {version})"


def data_version_note() -> None:
    meta = data.dataset_meta()
    version, built = meta.get("seed_version", "unknown"), meta.get("built_at", "")
    when = _built_on(built)
    st.markdown(
        f"**Data:** {data.data_edition()}.\n\nDataset version `{version}`"
        + (f", database built {when}." if when else ".")
    )


def _built_on(stamp: str) -> str:
    """'2026-12-01T22:54:11+00:00' -> '1 December 2026' (the one date format for readers)."""
    try:
        return wording.date_text(dt.datetime.fromisoformat(stamp).date())
    except (TypeError, ValueError):
        return ""


SLUG_LENGTH = 60


def _slug(text: str, limit: int = SLUG_LENGTH) -> str:
    """A file name stem from a title: lower case, hyphens, at most `limit` characters, cut only between
    words (a single word longer than the limit is the one case cut inside it)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > limit:
        whole_words = slug[: limit + 1].rsplit("-", 1)[0]
        slug = whole_words if "-" in slug[: limit + 1] else slug[:limit]
    return slug or "data"


class SourceRow(NamedTuple):
    publisher: str
    title: str
    url: str | None
    licence: str | None


@st.cache_data(**data.CACHE)
def _source_rows(source_ids: tuple[str, ...]) -> tuple[SourceRow, ...]:
    """The sources' rows as plain tuples, read and walked once per distinct list of sources: a chart
    page names its sources about ten times a run (each chart's downloads and source line), and turning
    the cached table into rows each time cost a Quality Mark run ~10 ms."""
    return tuple(SourceRow(r.publisher, r.title, r.url, r.licence) for r in data.sources(source_ids).itertuples())


def _rows_of(source_ids: list[str]) -> tuple[SourceRow, ...]:
    return _source_rows(tuple(sorted(set(source_ids)))) if source_ids else ()


def export_notes(
    title: str, source_ids: list[str], caveats: list[str] | None = None, selection: str | None = None
) -> dict[str, str]:
    """The header of a downloaded file: title, the page's selection (or the view's own, when it differs),
    address, data, time, sources, caveats and symbols."""
    source_text = "; ".join(
        f"{r.publisher}, {r.title}{', ' + r.url if r.url else ''}{' (' + r.licence + ')' if r.licence else ''}"
        for r in _rows_of(source_ids)
    )
    now = dt.datetime.now(dt.UTC)
    return {
        "Title": title,
        "Selection": selection if selection is not None else st.session_state.get(PAGE_SELECTION, ""),
        "View": view_url(),
        "Data": data_version(),
        "Downloaded": f"{wording.date_text(now.date())}, {now:%H:%M} UTC",
        "Sources": source_text,
        "Caveats": " ".join(caveats or []),
        "Symbols": wording.SYMBOLS_NOTE,
    }


DOWNLOADS = {  # label, icon, help: four short labels that stay whole and distinct at any width
    "csv": (
        "CSV",
        ":material/download:",
        "The table as a CSV file (opens in any spreadsheet). The selection, "
        "data, sources and caveats are in the '#' lines at the top.",
    ),
    "xlsx": (
        "Excel",
        ":material/download:",
        "The table as an Excel workbook, with a 'notes' sheet giving the selection, data, sources and caveats.",
    ),
    "png": (
        "PNG",
        ":material/image:",
        "The chart as a picture, with its title, selection, data and sources underneath.",
    ),
    "svg": (
        "SVG",
        ":material/image:",
        "The chart as a scalable drawing for reports, with the same footer as the PNG.",
    ),
}


def downloads(
    table: pd.DataFrame,
    title: str,
    source_ids: list[str],
    key: str,
    caveats: list[str] | None = None,
    chart: ChartSpec | None = None,
    selection: str | None = None,
) -> None:
    """CSV and Excel of the table; with a chart, also the chart as PNG and SVG. Images are rendered only
    when their button is pressed (deferred data), so a page run never waits for them. The buttons sit in
    a row that wraps, each as wide as its label, so none is ever cut short."""
    notes = export_notes(title, source_ids, caveats, selection)
    stem = _slug(title)
    row = st.container(horizontal=True, vertical_alignment="center", key=f"downloads_{key}")
    row.markdown("**Download:**", width="content")
    files = {
        "csv": (lambda: export.to_csv_bytes(table, notes), "text/csv"),  # built when pressed
        "xlsx": (
            lambda: export.to_xlsx_bytes(table, notes),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    }
    if chart is not None:  # the chart's JSON too is made only when pressed (~3 ms a map, on every run)
        items = tuple(notes.items())
        files["png"] = (lambda: _chart_image(chart.to_json(), items, "png"), "image/png")
        files["svg"] = (lambda: _chart_image(chart.to_json(), items, "svg"), "image/svg+xml")
    for kind, (build, mime) in files.items():
        label, icon, help_text = DOWNLOADS[kind]
        row.download_button(
            label,
            build,
            file_name=f"{stem}.{kind}",
            mime=mime,
            key=f"{kind}_{key}",
            icon=icon,
            on_click="ignore",
            help=help_text,
        )


@st.cache_data(max_entries=64, ttl=1800, show_spinner=False)
def _chart_image(spec_json: str, notes: tuple[tuple[str, str], ...], kind: str) -> bytes:
    """Rendered on demand (vl-convert), cached on the chart's JSON and its notes."""
    import json

    spec = json.loads(spec_json)
    return export.chart_png(spec, dict(notes)) if kind == "png" else export.chart_svg(spec, dict(notes))


FULL_LIST_ROWS = 30  # a table with this many rows or fewer shows them all; a longer one scrolls
SCROLLING_HEIGHT = 560  # px: the height of a long table (about 15 rows)


CHAR_PX, CELL_PADDING_PX, MAX_COLUMN_PX = 6.4, 30, 560  # a column's width from its longest text


def _shown_length(values: pd.Series, decimals: int) -> int:
    """The longest text a column shows: numbers as formatted, missing values blank."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = values.dropna()
        return max((len(f"{v:,.{decimals}f}") for v in numbers), default=0)
    return int(values.dropna().astype(str).str.len().max()) if values.notna().any() else 0


# Measured once per distinct table: walking every value of every column cost a Quality Mark run ~45 ms.
@st.cache_data(max_entries=256, ttl=1800, show_spinner=False, hash_funcs=CONTENT_KEYS)
def column_layout(table: pd.DataFrame) -> dict[str, st.column_config.Column]:
    """Each column as wide as its heading or its longest value (the grid measures only its first rows,
    so a longer value further down was cut; a table wider than the page scrolls sideways rather than cut
    anything), and one precision per numeric column, so figures side by side read alike (17.0% beside
    17.4%): one decimal where any value has one (transforms.decimals_for)."""
    layout = {}
    for column in table.columns:
        values = table[column]
        decimals = 1 if pd.api.types.is_float_dtype(values) and transforms.decimals_for(values, "") else 0
        longest = max(len(str(column)), _shown_length(values, decimals))
        width = int(min(MAX_COLUMN_PX, CHAR_PX * longest + CELL_PADDING_PX))
        if decimals:
            layout[column] = st.column_config.NumberColumn(format="%.1f", width=width)
        else:
            layout[column] = st.column_config.Column(width=width)
    return layout


def show_table(table: pd.DataFrame, column_config: dict | None = None, container=None) -> None:
    """A table for people: every row of a short list, blank (not "None") where a cell is empty or
    suppressed, one precision per column, and each column as wide as its contents (a table wider than
    the page scrolls sideways rather than cut a heading or a value)."""
    height = "content" if len(table) <= FULL_LIST_ROWS else SCROLLING_HEIGHT
    (container or st).dataframe(
        _as_arrow(table),
        hide_index=True,
        width="stretch",
        height=height,
        column_config={**column_layout(table), **(column_config or {})},
        placeholder="",
    )


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
    table_container=None,
    selection: str | None = None,
) -> object:
    """Chart, its text alternative, its data table and downloads, and its sources: always together.
    `chart` is best a cached ChartSpec (see chart_specs); an Altair chart is serialised here, uncached.
    `table_container`: where the data table goes when the chart sits in a narrow column (a full-width
    container under the columns), so the table gets the width it needs."""
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
    with (table_container or st).expander(f"Data table: {title}"):
        show_table(table)
        downloads(table, title, source_ids, key, caveats, chart=chart, selection=selection)
    sources_note(source_ids, caveats)
    return event


@st.cache_data(max_entries=256, ttl=1800, show_spinner=False, hash_funcs=CONTENT_KEYS)
def _arrow_table(table: pd.DataFrame):
    return _arrow_table_of(table)


def _as_arrow(table: pd.DataFrame):
    """What st.dataframe is given: the table converted to Arrow once per distinct table, the conversion
    st.dataframe makes itself (the same bytes reach the browser); it cost a chart page's run 10-20 ms
    when made for every table on every run. Large tables (and other objects) are passed as they are."""
    if _arrow_table_of is None or not isinstance(table, pd.DataFrame) or len(table) > ARROW_ROWS:
        return table
    return _arrow_table(table)


def table_block(
    table: pd.DataFrame,
    *,
    key: str,
    title: str,
    source_ids: list[str],
    caveats: list[str] | None = None,
    column_config: dict | None = None,
    selection: str | None = None,
    profile_links: str | None = None,
) -> None:
    """A table with its downloads and sources. `profile_links` names the column of authority names: on
    the page each name links to that authority's profile (by the table's `Code`); downloads keep the
    plain names."""
    shown = table
    if profile_links is not None:
        shown, links = authority_links(table, profile_links)
        column_config = {**(column_config or {}), **links}
        st.caption(wording.PROFILE_LINKS_HINT)
    show_table(shown, column_config)
    downloads(table, title, source_ids, key, caveats, selection=selection)
    sources_note(source_ids, caveats)


def authority_links(table: pd.DataFrame, name_column: str, code_column: str = "Code") -> tuple[pd.DataFrame, dict]:
    """The table with its authority names as links to their profiles, and the column setting that shows
    each link as the name. The name rides in the link's fragment, which the link column displays (it
    can only show text taken from the link itself); the profile page ignores the fragment."""
    urls = [
        f"{filters.profile_url(code)}#{name}" if isinstance(code, str) and code else None
        for code, name in zip(table[code_column], table[name_column], strict=True)
    ]
    shown = table.assign(**{name_column: urls})
    config = st.column_config.LinkColumn(name_column, help=wording.PROFILE_LINK_HELP, display_text="#(.+)$")
    return shown, {name_column: config}


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
    groups: dict[str, list] = {}
    for r in _rows_of(source_ids):
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
    accessed = wording.date_text(dt.date.today())
    citation = (
        f"National Network for the Education of Care Leavers (NNECL) regional dashboard, '{page}' "
        f"({selection}). Data: {data_version()}. {view_url()} (accessed {accessed})."
    )
    with st.expander("Cite this view"):
        st.code(citation, language=None, wrap_lines=True)
        st.caption(
            "Copy the citation with the button at the top right of the box. Cite the original "
            "publishers' statistics as listed under Sources and caveats."
        )
