"""Local authority profile: one authority against its statistical neighbours, its region and England.

`profile_view` assembles what the page shows from cached reads; the figures themselves come from
`build_summary` / `indicator_detail`, which take plain DataFrames (so a test can feed them straight from
the database and check them against the official files). The rules (average, rank, quartile band,
change, words) are in nnecl_data.rules.comparison.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from nnecl_data import evidence
from nnecl_data.charts import profile_charts
from nnecl_data.database.queries import ENGLAND_CODE
from nnecl_data.evidence.tables import gap_text
from nnecl_data.rules import comparison as cmp
from nnecl_data.rules import quality_mark
from nnecl_data.rules.selection import INSTITUTION_TYPE_LABELS
from nnecl_data.rules.suppression import describe as describe_status
from nnecl_data.rules.suppression import display_value, is_publishable
from nnecl_data.rules.transforms import area_phrase
from nnecl_data.ui import chart_specs, data, filters
from nnecl_data.ui.markdown import escape_markdown
from nnecl_data.wording import DERIVED_CAVEAT, DERIVED_NOTE, ROUNDING_CAVEAT, STATUS_LABELS, date_text

# The indicators a profile shows, in this order (care leavers 19-21 and 17-18, KS4, looked after).
PROFILE_INDICATORS = (
    "cl_eet_19_21",
    "cl_neet_19_21",
    "cl_he_19_21",
    "cl_suitable_accommodation_19_21",
    "cl_eet_17_18",
    "cl_neet_17_18",
    "cl_he_17_18",
    "cl_suitable_accommodation_17_18",
    "ks4_att8",
    "ks4_em_4plus",
    "ks4_em_5plus",
    "cla_rate_per_10k",
)
HEADLINE_INDICATOR = "cl_eet_19_21"
CURRENT_GROUPING = 2025  # DfE's May 2025 groupings: the ones for current comparisons
AVERAGE_CODE = "SN_AVERAGE"  # the neighbours' average as a series in charts and tables
GROUPING_NAMES = {2025: "DfE's May 2025 statistical neighbours", 2021: "DfE's April 2021 statistical neighbours"}
NEIGHBOUR_CAVEAT = (
    "Statistical neighbours are DfE's 10 most similar authorities for children's services. The neighbours' "
    "average is the simple mean of the neighbours' published figures (as in DfE's LAIT), worked out by this "
    "dashboard and marked derived; it says how many of the 10 it covers. Rank is among every authority with "
    "a published figure that year (equal figures share a joint rank); quartile bands follow LAIT (A = the "
    "best quarter of authorities)."
)
ABOLISHED_NEIGHBOUR_CAVEAT = (
    "A neighbour that no longer exists is kept as DfE grouped it and shows figures only for the years it "
    "reported; it is never replaced by its successors, which are different areas."
)
BAND_CAVEAT = "Quartile bands: " + "; ".join(cmp.BAND_MEANINGS.values()) + "."


@dataclass(frozen=True)
class Authority:
    code: str  # the newest code of the area
    name: str
    dfe_code: str
    region_code: str
    region_name: str
    combined_authority_code: str | None
    start_year: int | None
    end_year: int | None  # None = exists today
    successors: tuple[tuple[str, str], ...]  # (code, name) when it no longer exists
    codes: tuple[str, ...]  # every code of the same area, newest first

    @property
    def exists(self) -> bool:
        return self.end_year is None

    def status_text(self) -> str:
        if self.exists:
            created = f" (first reporting year {self.start_year})" if self.start_year else ""
            return f"{self.name} is an upper-tier local authority in {area_phrase(self.region_name)}{created}."
        names = " and ".join(name for _, name in self.successors) or "authorities not recorded here"
        return (
            f"{self.name} no longer exists: its last reporting year was {self.end_year}. It was replaced by "
            f"{names}."
        )


def _year(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def authority_records(las: pd.DataFrame, region_names: dict[str, str]) -> dict[str, Authority]:
    """Every area an authority code names, under its newest code (pure: the table in, records out)."""
    areas = cmp.same_area_codes(las)
    names = dict(zip(las["code"], las["name"], strict=True))
    starts = {c: _year(v) for c, v in zip(las["code"], las["start_year"], strict=True)}
    out = {}
    for r in las.itertuples(index=False):
        if areas[r.code][0] != r.code:
            continue  # an older code of the same area: the area is listed under its newest code
        codes = areas[r.code]
        known_starts = [starts[c] for c in codes]
        out[r.code] = Authority(
            code=r.code,
            name=r.name,
            dfe_code=str(r.old_la_code or ""),
            region_code=r.region_code,
            region_name=region_names.get(r.region_code, r.region_code),
            combined_authority_code=None
            if pd.isna(r.combined_authority_code)
            else r.combined_authority_code or None,
            start_year=None if None in known_starts else min(known_starts),
            end_year=_year(r.end_year),
            successors=tuple((c, names.get(c, c)) for c in str(r.replaced_by or "").split()),
            codes=codes,
        )
    return dict(sorted(out.items(), key=lambda item: item[1].name))


@data.cached_pure
def authorities() -> dict[str, Authority]:
    """Every authority a user can choose, one per area (its newest code), by name."""
    return authority_records(data.local_authorities(), data.region_names())


@data.cached_pure
def areas() -> dict[str, tuple[str, ...]]:
    """Every code -> the codes of its area, newest first."""
    return cmp.same_area_codes(data.local_authorities())


@data.cached_pure
def authority_options() -> dict[str, str]:
    """Code -> the label the chooser shows and searches: name, region, and for an abolished
    authority its last year, so typing any part of a current or former name finds it."""
    options = {}
    for code, a in authorities().items():
        label = f"{a.name} · {a.region_name}"
        if not a.exists:
            label += f" · until {a.end_year}"
        options[code] = label
    return options


@data.cached_pure
def newest_codes() -> dict[str, str]:
    """Every code -> the newest code of its area (how the chooser lists it)."""
    return {code: codes[0] for code, codes in areas().items()}


# --- the figures (pure: DataFrames in, DataFrames out) ---------------------------------------------------


Series = dict[tuple[str, str], dict[int, cmp.Figure]]  # (indicator, area) -> year -> figure
MISSING = cmp.Figure(None, "x")  # no row at all: shown as not available


def series_index(rows: pd.DataFrame, areas: dict[str, tuple[str, ...]]) -> Series:
    """Outcome rows indexed by indicator and area (older codes of an area folded into its newest)."""
    out: Series = {}
    for (indicator, area, year), figure in cmp.area_cells(rows, areas).items():
        out.setdefault((indicator, area), {})[year] = figure
    return out


def _figure(index: Series, indicator: str, area: str, year: int | None) -> cmp.Figure:
    return index.get((indicator, area), {}).get(year, MISSING) if year is not None else MISSING


@dataclass
class SummaryRow:
    code: str
    info: dict
    year: int | None
    period_label: str
    value: float | None
    status: str | None
    is_derived: bool
    average: cmp.Average
    region: cmp.Cell
    england: cmp.Cell
    rank: cmp.Rank | None
    band: str | None
    change: cmp.Change | None
    step: float
    change_derived: bool = False  # the change starts from a figure derived from counts (2016, 2017)
    change_label: str = ""  # the start year as published (e.g. 2022/23 for key stage 4)


def build_summary(
    authority: Authority,
    neighbour_codes: list[str],
    indicators: pd.DataFrame,
    local: Series,
    wide: Series,
    year_rows: dict[str, pd.DataFrame],
    areas: dict[str, tuple[str, ...]],
) -> list[SummaryRow]:
    """One row per profile indicator, for the year of `year_rows` (see `profile_years`).

    local: the authority's and its neighbours' figures; wide: the region's and England's; year_rows:
    indicator -> every authority's rows for the year the profile shows (for ranks and bands)."""
    info_by_code = indicators.set_index("code").to_dict("index")
    out = []
    for code in PROFILE_INDICATORS:
        if code not in info_by_code:
            continue
        info = {**info_by_code[code], "code": code}
        every = year_rows.get(code)
        year = int(every["year"].max()) if every is not None and not every.empty else None
        cells = {area: f.cell for (_, area, _), f in cmp.area_cells(every, areas).items()} if year else {}
        own = local.get((code, authority.code), {})
        figure = own.get(year, MISSING) if year is not None else MISSING
        period = figure.period_label or (str(every["period_label"].iloc[0]) if year else "")
        neighbours = {n: _figure(local, code, n, year).cell for n in neighbour_codes}
        figures = list(cmp.published(cells).values())
        limits = cmp.quartiles(figures)
        change = cmp.change_since_comparable({y: f.cell for y, f in own.items()}, code, year) if year else None
        out.append(
            SummaryRow(
                code=code,
                info=info,
                year=year,
                period_label=period,
                value=figure.value,
                status=figure.status,
                is_derived=figure.is_derived,
                average=cmp.neighbour_average(neighbours, neighbour_codes),
                region=_figure(wide, code, authority.region_code, year).cell,
                england=_figure(wide, code, ENGLAND_CODE, year).cell,
                rank=cmp.rank_among(cells, authority.code, info["polarity"]) if year is not None else None,
                band=cmp.quartile_band(
                    figure.value if cmp.is_number(figure.cell) else None, limits, info["polarity"]
                ),
                change=change,
                step=cmp.publication_step(figures) if figures else 1.0,
                change_derived=change is not None and own[change.start_year].is_derived,
                change_label=(own[change.start_year].period_label or str(change.start_year)) if change else "",
            )
        )
    return out


def profile_years(
    authority: Authority, local_rows: pd.DataFrame, available: dict[str, list[int]]
) -> dict[str, int]:
    """Indicator -> the year a profile shows: the latest published year; for an authority that no longer
    exists, the last year it has a row for that indicator (none if it never had one)."""
    out = {}
    own = local_rows[local_rows["geography_code"].isin(authority.codes)]
    for code, years in available.items():
        if not years:
            continue
        if authority.exists:
            out[code] = years[-1]
        else:
            had = own.loc[own["indicator_code"] == code, "year"]
            if not had.empty:
                out[code] = int(had.max())
    return out


def _shown(cell: tuple[float | None, str | None], unit: str) -> str:
    return display_value(cell[0], cell[1], unit)


NO_FIGURES = (
    "DfE's statistics files list {name} with every figure marked 'z' (not applicable), so there is nothing to "
    "compare. Its statistical neighbours and what is located there are shown below."
)


def headline(authority: Authority, row: SummaryRow | None, has_figures: bool = True) -> str:
    """The page's first sentence, from the headline indicator's figures."""
    if not has_figures:
        return NO_FIGURES.format(name=authority.name)
    if row is None:
        return f"No figures are published for {authority.name}."
    unit = row.info["unit"]
    benchmarks = [
        cmp.Benchmark(
            "its statistical neighbours' average",
            row.average.value,
            cmp.format_average(row.average, unit),
            f"{row.average.coverage()} neighbours published",
        ),
        cmp.Benchmark(
            area_phrase(authority.region_name),
            row.region[0] if is_publishable(*row.region) else None,
            _shown(row.region, unit),
        ),
        cmp.Benchmark(
            "England", row.england[0] if is_publishable(*row.england) else None, _shown(row.england, unit)
        ),
    ]
    text = cmp.headline(
        authority.name,
        row.period_label,
        row.value,
        row.status,
        unit,
        row.info["polarity"],
        row.info.get("statement", ""),
        benchmarks,
        row.step,
    )
    if row.rank is not None and is_publishable(row.value, row.status):
        band = f", quartile band {row.band}" if row.band else ""
        text += f" It ranks {row.rank.words()} authorities with a published figure{band}."
    return text


def _status_words(status: str | None) -> str:
    return describe_status(status) if status else "published"


def _against(row: SummaryRow) -> str:
    """'better', 'worse' or 'similar' (a gap inside the published rounding); blank when not comparable."""
    if row.average.value is None or not is_publishable(row.value, row.status):
        return ""
    return cmp.verdict(float(row.value), row.average.value, row.info["polarity"], row.step) or "no direction"


def summary_table(authority: Authority, rows: list[SummaryRow], region_name: str) -> pd.DataFrame:
    """Every indicator in its latest year: numbers blank wherever a symbol stands (the status says why)."""
    records = []
    for r in rows:
        unit = r.info["unit"]
        notes = [
            f"{where}: {_status_words(cell[1])}"
            for where, cell in ((region_name, r.region), ("England", r.england))
            if not is_publishable(*cell)
        ]
        published_value = r.value if is_publishable(r.value, r.status) else None
        records.append(
            {
                "Indicator": r.info["label"],
                "Year": r.period_label,
                "Unit": {"percent": "%", "score": "score", "rate_per_10000": "per 10,000 children"}.get(
                    unit, unit
                ),
                authority.name: published_value,
                "Status": _status_words(r.status),
                "Neighbours' average (derived)": None if r.average.value is None else round(r.average.value, 1),
                "Neighbours with a published figure": r.average.coverage(),
                "Against the neighbours' average": _against(r),
                region_name: r.region[0] if is_publishable(*r.region) else None,
                "England": r.england[0] if is_publishable(*r.england) else None,
                "Rank among authorities (1 = best)": r.rank.words() if r.rank else "",
                "Quartile band (A = best)": r.band or ("" if r.info["polarity"] != "neutral" else "no direction"),
                "Change since": r.change_label if r.change else "",
                "Change": None if r.change is None else round(r.change.change, 1),
                "Derived": ", ".join(
                    text
                    for flag, text in (
                        (r.is_derived, "figure derived"),
                        (r.change_derived, "start of change derived"),
                    )
                    if flag
                ),
                "Notes": "; ".join(notes),
            }
        )
    return pd.DataFrame(records)


@dataclass
class IndicatorDetail:
    info: dict
    year: int | None
    period_label: str
    bars: pd.DataFrame  # name, role, value, status, label
    table: pd.DataFrame  # the table behind the bars: every bar, with each neighbour's rank and closeness
    series: pd.DataFrame  # trend rows: geography_level, geography_code, geography_name, year, value, status
    series_table: pd.DataFrame
    average: cmp.Average


def indicator_detail(
    authority: Authority, neighbours: pd.DataFrame, row: SummaryRow, local: Series, wide: Series
) -> IndicatorDetail:
    """One indicator: the authority beside each neighbour, their average, its region and England in the
    latest year, and all of them over time."""
    code, unit, year = row.code, row.info["unit"], row.year
    neighbour_codes = neighbours["neighbour_code"].tolist()
    label = row.info["short_label"]
    table_rows, bar_rows = [], []

    def add(name: str, role: str, cell: cmp.Cell, shown: str, **extra) -> None:
        bar_rows.append((name, role, *cell, shown, extra.get("code", "")))
        table_rows.append(
            {
                "Area": name,
                "Shown as": role,
                "Neighbour rank": extra.get("rank"),
                "Closeness": extra.get("closeness", ""),
                "Code": extra.get("code", ""),
                label: cell[0] if is_publishable(*cell) else None,
                "Status": "derived"
                if role.startswith("Neighbours'") and cell[0] is not None
                else _status_words(cell[1]),
                "Note": extra.get("note", ""),
            }
        )

    own = _figure(local, code, authority.code, year).cell
    add(authority.name, "This authority", own, display_value(*own, unit), code=authority.code)
    for n in neighbours.itertuples(index=False):
        cell = _figure(local, code, n.neighbour_code, year).cell
        ended = _year(n.neighbour_end_year)
        note = ""
        if ended is not None:
            note = f"No longer exists (last reporting year {ended})"
            if year is not None and year > ended:
                note += ": no figure for this year"
        add(
            n.neighbour_name,
            "Statistical neighbour",
            cell,
            display_value(*cell, unit),
            rank=n.rank,
            closeness=n.closeness,
            code=n.neighbour_code,
            note=note,
        )
    average = row.average
    add(
        f"Neighbours' average ({average.coverage()})",
        "Neighbours' average (derived)",
        (None if average.value is None else round(average.value, 1), None if average.value is not None else "x"),
        cmp.format_average(average, unit),
        note=f"Mean of the {average.coverage()} neighbours with a published figure",
    )
    add(authority.region_name, "Region", row.region, display_value(*row.region, unit), code=authority.region_code)
    add("England", "England", row.england, display_value(*row.england, unit), code=ENGLAND_CODE)
    bars = pd.DataFrame(bar_rows, columns=["name", "role", "value", "status", "label", "geography_code"])
    bars["value"] = [
        v if is_publishable(v, s) else None for v, s in zip(bars["value"], bars["status"], strict=True)
    ]
    bars["value"] = bars["value"].astype(float)
    table = pd.DataFrame(table_rows)
    table["Neighbour rank"] = table["Neighbour rank"].astype("Int64")
    series, over_time = _series(authority, neighbour_codes, code, local, wide)
    return IndicatorDetail(row.info, year, row.period_label, bars, table, series, over_time, average)


def _series(
    authority: Authority, neighbour_codes: list[str], code: str, local: Series, wide: Series
) -> tuple[pd.DataFrame, pd.DataFrame]:
    own = local.get((code, authority.code), {})
    years = sorted(set(own) | set(wide.get((code, ENGLAND_CODE), {})))
    if authority.end_year is not None:
        years = [y for y in years if y <= authority.end_year]
    if authority.start_year is not None:  # a new authority is compared from its first year
        years = [y for y in years if y >= authority.start_year]
    rows, table = [], []
    for year in years:
        this = own.get(year, MISSING).cell
        average = cmp.neighbour_average(
            {n: _figure(local, code, n, year).cell for n in neighbour_codes}, neighbour_codes
        )
        region = _figure(wide, code, authority.region_code, year).cell
        england = _figure(wide, code, ENGLAND_CODE, year).cell
        for level, area, name, cell in (
            ("local_authority", authority.code, authority.name, this),
            (
                "average",
                AVERAGE_CODE,
                "Neighbours' average (derived)",
                (average.value, None if average.value is not None else "x"),
            ),
            ("region", authority.region_code, authority.region_name, region),
            ("england", ENGLAND_CODE, "England", england),
        ):
            rows.append(
                {
                    "geography_level": level,
                    "geography_code": area,
                    "geography_name": name,
                    "year": year,
                    "value": cell[0] if is_publishable(*cell) else math.nan,
                    "status": None if is_publishable(*cell) else cell[1],
                }
            )
        table.append(
            {
                "Year": year,
                authority.name: this[0] if is_publishable(*this) else None,
                f"{authority.name}: status": _status_words(this[1]),
                "Neighbours' average (derived)": None if average.value is None else round(average.value, 1),
                "Neighbours with a published figure": average.coverage(),
                authority.region_name: region[0] if is_publishable(*region) else None,
                "England": england[0] if is_publishable(*england) else None,
            }
        )
    return pd.DataFrame(rows), pd.DataFrame(table)


# --- the place: institutions, combined authority and target, partnerships ----------------------------------


@data.cached_pure
def institutions_table(authority: Authority, on_date, types: tuple[str, ...] = ()) -> pd.DataFrame:
    """The register's colleges and universities in the authority (of these types, when given), with their
    Quality Mark status today."""
    inst = data.institutions_in(authority.codes)
    if types:
        inst = inst[inst["type"].isin(types)]
    inst = quality_mark.with_status(inst, data.awards(), on_date)
    return pd.DataFrame(
        {
            "Institution": inst["name"],
            "Type": inst["type"].map(lambda t: INSTITUTION_TYPE_LABELS.get(t, t)),
            "Quality Mark status today": inst["status"].map(STATUS_LABELS),
            "How it was placed here": inst["location_note"],
        }
    )


def institution_sources(authority: Authority) -> list[str]:
    """The register's sources for these institutions and the announcements behind their awards."""
    inst = data.institutions_in(authority.codes)
    awards = data.awards()
    awarded = awards[awards["institution_id"].isin(inst["institution_id"])]
    return sorted(set(inst["source_id"]) | set(awarded["source_id"]))


@dataclass
class Place:
    combined_authority: str | None
    targets: list[dict]  # target row, with its progress summary
    partnerships: pd.DataFrame  # named the authority
    regional_partnerships: pd.DataFrame  # in its region, authorities not named
    source_ids: list[str] = field(default_factory=list)


@data.cached_pure
def place(authority: Authority, on_date) -> Place:
    ca_name = None
    targets: list[dict] = []
    sources: list[str] = []
    if authority.combined_authority_code:
        cas = data.combined_authorities()
        match = cas[cas["code"] == authority.combined_authority_code]
        ca_name = match["name"].iloc[0] if not match.empty else authority.combined_authority_code
        in_scope = data.targets()[lambda df: df["scope_code"] == authority.combined_authority_code]
        for t in in_scope.to_dict("records"):
            progress = data.target_progress(t["target_id"], on_date)
            targets.append({**t, **progress.summary})
            sources.append(t["source_id"])
    parts = data.partnerships()
    named = parts[
        parts["la_codes"].fillna("").str.split().map(lambda codes: bool(set(codes) & set(authority.codes)))
    ]
    regional = parts[
        (parts["la_codes"].fillna("") == "")
        & parts["region_codes"].fillna("").str.split().map(lambda codes: authority.region_code in codes)
    ]
    sources += list(named["source_id"]) + list(regional["source_id"])
    return Place(
        ca_name, targets, named.reset_index(drop=True), regional.reset_index(drop=True), sorted(set(sources))
    )


def partnership_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Partnership": frame["name"],
            "Lead organisation": frame["lead_organisation"],
            "Area": frame["area"],
            "Members": frame["member_types"],
            "How it works": frame["membership_model"],
            "Activities": frame["activities"],
            "Source": frame["source_id"],
        }
    )


# --- the page's view --------------------------------------------------------------------------------------


@dataclass
class ProfileView:
    authority: Authority
    grouping_year: int | None
    grouping_years: list[int]
    neighbours: pd.DataFrame
    rows: list[SummaryRow]
    summary: pd.DataFrame
    headline: str
    local_rows: pd.DataFrame
    local: Series
    wide: Series
    source_ids: list[str]
    caveats: list[str]

    @property
    def has_figures(self) -> bool:
        """False for an authority DfE lists with no figure at all (the Isles of Scilly: every cell 'z')."""
        return bool(self.local_rows["geography_code"].isin(self.authority.codes).any())


def _grouping(code: str, wanted: int | None) -> tuple[int | None, list[int], pd.DataFrame]:
    every = data.statistical_neighbours(code)
    years = sorted(set(every["grouping_year"].astype(int)), reverse=True)
    year = wanted if wanted in years else (CURRENT_GROUPING if CURRENT_GROUPING in years else (years or [None])[0])
    return year, years, every[every["grouping_year"] == year].reset_index(drop=True)


@data.cached_view
def profile_view(code: str, grouping_year: int | None = None) -> ProfileView:
    authority = authorities()[code]
    area_codes = areas()
    year, years, neighbours = _grouping(code, grouping_year)
    neighbour_codes = neighbours["neighbour_code"].tolist()
    wanted = {c for n in [code, *neighbour_codes] for c in area_codes.get(n, (n,))}
    local_rows = data.area_outcomes(tuple(sorted(wanted)))
    wide_rows = pd.concat(
        [data.area_outcomes((authority.region_code,), "region"), data.area_outcomes((ENGLAND_CODE,), "england")],
        ignore_index=True,
    )
    shown = profile_years(authority, local_rows, {i: data.available_years(i) for i in PROFILE_INDICATORS})
    year_rows = {indicator: data.indicator_by_la(indicator, y) for indicator, y in shown.items()}
    local = series_index(local_rows, area_codes)
    wide = series_index(wide_rows, {})
    rows = build_summary(authority, neighbour_codes, data.indicators(), local, wide, year_rows, area_codes)
    first = next((r for r in rows if r.code == HEADLINE_INDICATOR), None)
    source_ids = sorted(set(local_rows["source_id"]) | set(wide_rows["source_id"]) | set(neighbours["source_id"]))
    caveats = [ROUNDING_CAVEAT, NEIGHBOUR_CAVEAT, BAND_CAVEAT, cmp.KS4_COMPARABILITY]
    if local_rows["is_derived"].any() or wide_rows["is_derived"].any():
        caveats.append(DERIVED_CAVEAT)
    if neighbours["neighbour_end_year"].notna().any():
        caveats.append(ABOLISHED_NEIGHBOUR_CAVEAT)
    return ProfileView(
        authority=authority,
        grouping_year=year,
        grouping_years=years,
        neighbours=neighbours,
        rows=rows,
        summary=summary_table(authority, rows, authority.region_name),
        headline=headline(authority, first, local_rows["geography_code"].isin(authority.codes).any()),
        local_rows=local_rows,
        local=local,
        wide=wide,
        source_ids=source_ids,
        caveats=caveats,
    )


@data.from_view
def detail(view: ProfileView, indicator_code: str) -> IndicatorDetail | None:
    row = next((r for r in view.rows if r.code == indicator_code), None)
    if row is None:
        return None
    return indicator_detail(view.authority, view.neighbours, row, view.local, view.wide)


def neighbour_list(view: ProfileView) -> pd.DataFrame:
    """The grouping itself: rank, neighbour, closeness, region and whether it still exists."""
    df = view.neighbours
    return pd.DataFrame(
        {
            "Rank": df["rank"],
            "Neighbour": df["neighbour_name"],
            "Code": df["neighbour_code"],
            "Closeness": df["closeness"],
            "Region": df["neighbour_region_name"],
            "Still exists": [
                "yes" if pd.isna(end) else f"no: last reporting year {int(end)}"
                for end in df["neighbour_end_year"]
            ],
        }
    )


comparison_bars = chart_specs.cached(profile_charts.comparison_bars)
trend_lines = chart_specs.trend_lines


def indicator_choices(view: ProfileView) -> dict[str, str]:
    return {r.code: r.info["label"] for r in view.rows}


@data.from_view
def all_series_table(view: ProfileView) -> pd.DataFrame:
    """Every profile indicator over time: the authority, its neighbours' average, region and England."""
    frames = []
    for r in view.rows:
        found = detail(view, r.code)
        if found is not None and not found.series_table.empty:
            frames.append(found.series_table.assign(Indicator=r.info["label"]))
    if not frames:
        return pd.DataFrame()
    table = pd.concat(frames, ignore_index=True)
    return table[["Indicator", *[c for c in table.columns if c != "Indicator"]]]


def combined_authority_text(view: ProfileView, where: Place) -> str:
    """Its combined authority and any target, in words (markdown, names escaped)."""
    return _combined_authority_words(view, where, emphasis=True)


def _combined_authority_words(view: ProfileView, where: Place, emphasis: bool) -> str:
    """Its combined authority and any target: markdown (names escaped, the authority in bold) or plain."""
    plain = (lambda text: text) if not emphasis else escape_markdown
    name = plain(view.authority.name)
    if not where.combined_authority:
        return f"{name} is not part of a combined authority in the boundaries held (ONS, 2025)."
    ca = plain(where.combined_authority)
    text = f"{name} is part of the {f'**{ca}**' if emphasis else ca} combined authority."
    for t in where.targets:
        text += (
            f" Target: {plain(t['description'])} By this dashboard's records, {t['holding_award']} of "
            f"{t['in_scope']} in-scope institutions hold a current award (see the Target tracker page)."
        )
    if not where.targets:
        text += " No Quality Mark target is recorded for it."
    return text


def grouping_choices(code: str) -> dict[int, str]:
    """The groupings DfE gives this authority, newest (the current one) first."""
    years = sorted(set(data.statistical_neighbours(code)["grouping_year"].astype(int)), reverse=True)
    return {y: ("May 2025 (current)" if y == CURRENT_GROUPING else "April 2021") for y in years}


def profile_link(code: str, name: str) -> str:
    """A markdown link to an authority's profile, keeping the shared filters (names escaped)."""
    return f"[{escape_markdown(name)}]({filters.profile_url(code)})"


def about_text(view: ProfileView) -> str:
    a = view.authority
    text = escape_markdown(a.status_text())
    if not a.exists and a.successors:
        links = ", ".join(profile_link(code, name) for code, name in a.successors)
        text += f" Profiles of its successors: {links}."
        text += " Its figures run to its last reporting year; they are not added to its successors'."
    codes = ", ".join(a.codes)
    text += f" ONS code{'s' if len(a.codes) > 1 else ''} {codes}; DfE code {a.dfe_code}."
    return text


def summary_caption(view: ProfileView) -> str:
    grouping = GROUPING_NAMES.get(view.grouping_year, "no grouping")
    return (
        f"Each indicator's latest published year. Neighbours: {grouping}. Ranks and quartile bands are among "
        "every authority with a published figure that year. A suppressed or unavailable figure is blank and its "
        "status says why; averages, ranks and changes use published figures only."
    )


def trend_highlight(view: ProfileView) -> list[str]:
    return [view.authority.code, AVERAGE_CODE, view.authority.region_code]


def headline_markdown(view: ProfileView) -> str:
    return f"**{escape_markdown(view.headline)}**"


# --- the methods page's section on neighbours and profiles ----------------------------------------------

METHODS_MARKDOWN = f"""
**Statistical neighbours.** For each upper-tier authority DfE names its 10 most similar authorities for
children's services, each with a closeness band (extremely close, very close, close, somewhat close, not
close). The dashboard holds DfE's May 2025 groupings, revised after the 2021 census, and the April 2021 ones
they replaced, from the files DfE's Local Authority Interactive Tool (LAIT) uses. Profiles compare with the
**May 2025** groupings unless the April 2021 ones are chosen, and always say which they use.

**Codes.** DfE's files name authorities by three-digit codes; they are joined to ONS codes through the
`old_la_code` and `new_la_code` columns of DfE's own statistics files, taking the ONS code under which DfE's
newest statistics publish each authority. A recode of the same area is followed (North Yorkshire,
Somerset, Buckinghamshire, Gateshead, Northumberland): their older codes' figures belong to the same
authority's profile.

**Authorities that no longer exist.** Northamptonshire (to 2021), Cumbria (to 2023), and Dorset county,
Poole and Bournemouth (to 2019) keep their own codes and their own profiles, with their figures up to their
last reporting year and their groupings as DfE lists them ("Old SNs" in the May 2025 file). Where a grouping
names an authority that no longer exists (Cumbria, among the neighbours of several current authorities in
the April 2021 groupings; and the abolished authorities' own groupings, which name one another, such as
Bournemouth's naming Poole; the table below lists every case), the neighbour is kept as DfE named it and is
**never replaced by its successors**: the successors are different areas that DfE did not group there. It
contributes figures for the years it reported; after that the average covers fewer than 10 neighbours and
says so. Cumberland and Westmorland and Furness, created in 2023, have no April 2021 grouping (DfE's file
lists them with '-'). The May 2025 groupings of current authorities name only current authorities.

**The neighbours' average** is the simple mean of the neighbours' published figures that year (LAIT's
rule); suppressed or missing figures are left out, never counted as zero, and the average says how many of
the 10 it covers. It is worked out here, shown to one decimal place, and marked derived.

**Rank and quartile band.** An authority is ranked among every authority with a published figure that
year, 1 being best for the indicator's direction; equal figures share the better rank and are shown as
joint (care-leaver percentages are whole numbers, so ties are common). Children looked after per 10,000
has no better direction: authorities are ordered highest first and no band is given. Quartile bands
follow LAIT's `calculate_quartile_band` (R/fn_analysis.R in DfE's local-authority-interactive-tool
repository): the quartiles of every authority's published figure that year by R's default `quantile`
(linear interpolation); band A is the best quarter and D the quarter furthest behind; a figure on a
quartile falls in the lower quarter.

**Change** runs from the earliest comparable year in which the authority has a published figure to the
latest. {cmp.KS4_COMPARABILITY} A new authority's changes start in its first year.

**Words.** Published care-leaver figures are whole numbers, so a gap of less than one percentage point
between an authority and an average cannot be told from rounding: the headline calls it "close to", never
above or below. Equal published figures are "the same as".
"""


def abolished_in_groupings_table() -> pd.DataFrame:
    """Every place a grouping names an authority that no longer exists, or belongs to one."""
    every = data.statistical_neighbours()
    names = dict(zip(data.local_authorities()["code"], data.local_authorities()["name"], strict=True))
    ended = every[every["neighbour_end_year"].notna()]
    own = every[every["old_section"].astype(bool)].drop_duplicates(["grouping_year", "la_code"])
    rows = [
        {
            "Grouping": GROUPING_NAMES.get(int(r.grouping_year), r.grouping_year),
            "Authority": names.get(r.la_code, r.la_code),
            "What the grouping names": f"{r.neighbour_name} as neighbour {r.rank} (last reporting year "
            f"{int(r.neighbour_end_year)})",
            "What the dashboard does": "Keeps it as DfE named it; its figures count for the years it reported.",
        }
        for r in ended.itertuples(index=False)
    ] + [
        {
            "Grouping": GROUPING_NAMES.get(int(r.grouping_year), r.grouping_year),
            "Authority": names.get(r.la_code, r.la_code),
            "What the grouping names": "The authority's own grouping, listed by DfE under 'Old SNs'",
            "What the dashboard does": "Used on that authority's profile, for its figures up to its last year.",
        }
        for r in own.itertuples(index=False)
    ]
    return pd.DataFrame(rows)


# --- the authority's evidence pack -------------------------------------------------------------------------
# The pack lays out what the profile works out (nnecl_data.evidence.AuthorityProfile): the same rows,
# averages, ranks, bands, changes and words, so a pack and the page never disagree.

PACK_INDICATOR_CHARTS = (HEADLINE_INDICATOR,)  # the indicators a pack draws (every one is in its tables)


def _change_words(row: SummaryRow) -> str:
    """'Since 2018 (derived from DfE's counts): 48% then, 55% in 2025.' ('' without a comparable start)."""
    if row.change is None:
        return ""
    unit = row.info["unit"]
    derived = f" ({DERIVED_NOTE})" if row.change_derived else ""
    return (
        f"Since {row.change_label}{derived}: {display_value(row.change.start_value, None, unit)} then, "
        f"{display_value(row.change.end_value, None, unit)} in {row.period_label}."
    )


def pack_statements(view: ProfileView) -> list:
    """One sentence per indicator, written as the profile's headline is (neighbours' average with how many
    it covers, region, England, rank and band), with the change since the earliest comparable year."""
    if not view.has_figures:  # one sentence says so (the Isles of Scilly: every cell 'z')
        return [evidence.Statement(headline(view.authority, None, False), HEADLINE_INDICATOR, False)]
    out = []
    for row in view.rows:
        if row.year is None:
            continue
        text = headline(view.authority, row)
        if not is_publishable(row.value, row.status):  # the sentence then names no indicator: say which
            text = f"{row.info['label']}: {text}"
        change = _change_words(row)
        out.append(evidence.Statement(f"{text} {change}".strip(), row.code, is_publishable(row.value, row.status)))
    return out


def pack_figures(view: ProfileView) -> pd.DataFrame:
    """The profile's summary as text cells: a suppressed figure is its symbol, never a number."""
    a, records = view.authority, []
    for r in view.rows:
        unit = r.info["unit"]
        records.append(
            {
                "Indicator": r.info["short_label"],
                "Year": r.period_label or "–",
                a.name: display_value(r.value, r.status, unit),
                "Neighbours' average (derived)": cmp.format_average(r.average, unit),
                "Neighbours published": r.average.coverage(),
                a.region_name: _shown(r.region, unit),
                "England": _shown(r.england, unit),
                "Rank (1 = best)": r.rank.words() if r.rank else "–",
                "Quartile band (A = best)": r.band or "–",
                "Change since": f"{r.change_label}: {_change_text(r.change.change, unit)}" if r.change else "–",
            }
        )
    return pd.DataFrame(records)


def _change_text(change: float, unit: str) -> str:
    """'+6 points', '-14.5 points'; 'no change' when the figures are the same as published."""
    text = gap_text(change, unit, 0 if unit == "percent" else 1)
    return "no change" if text.lstrip("+-").split(" ")[0] in ("0", "0.0") else text


def _status_counts(institutions: pd.DataFrame) -> str:
    counts = institutions["Quality Mark status today"].value_counts()
    return "; ".join(f"{label}: {int(counts[label])}" for label in STATUS_LABELS.values() if label in counts)


def pack_provision(
    view: ProfileView, on_date, types: tuple[str, ...] = ()
) -> tuple[list[str], pd.DataFrame, list[str]]:
    """Its institutions' Quality Mark status (of these types, when given), its combined authority and
    target, the partnerships naming it: paragraphs, the institutions table and their sources."""
    a = view.authority
    institutions = institutions_table(a, on_date, types)
    if institutions.empty:
        paragraphs = [f"The institution register places no college or university in {a.name}."]
    else:
        n = len(institutions)
        paragraphs = [
            f"The register places {n} {'college or university' if n == 1 else 'colleges and universities'} in "
            f"{a.name}. Quality Mark status on {date_text(on_date)}, as recorded in the announcements held: "
            f"{_status_counts(institutions)}."
        ]
    where = place(a, on_date)
    paragraphs.append(_combined_authority_words(view, where, emphasis=False))
    if not where.partnerships.empty:
        names = ", ".join(f"{p.name} (led by {p.lead_organisation})" for p in where.partnerships.itertuples())
        paragraphs.append(f"Local partnerships naming {a.name}: {names}.")
    sources = sorted(set(institution_sources(a)) | set(where.source_ids))
    return paragraphs, institutions, sources


def pack_charts(view: ProfileView) -> list:
    """The headline indicator's comparison bars and trend, as the profile draws them."""
    charts = []
    for code in PACK_INDICATOR_CHARTS:
        found = detail(view, code)
        if found is None or found.year is None:
            continue
        label, unit = found.info["short_label"], found.info["unit"]
        a = view.authority
        bars = comparison_bars(
            found.bars,
            title=f"{label}, {found.period_label}: {a.name} and its neighbours",
            value_label=label,
            unit=unit,
            polarity=found.info["polarity"],
        )
        trend = trend_lines(
            found.series,
            title=f"{label}: {a.name} over time",
            value_label=label,
            unit=unit,
            highlight=trend_highlight(view),
            period_field="year",
        )
        charts += [
            evidence.Chart(
                f"{label}, {found.period_label}: {a.name}, its neighbours, region and England",
                bars.description,
                bars.to_dict(),
                measure=label,
            ),
            evidence.Chart(f"{label} over time: {a.name}", trend.description, trend.to_dict(), measure=label),
        ]
    return charts


def pack_profile(view: ProfileView, on_date, types: tuple[str, ...] = ()) -> evidence.AuthorityProfile:
    """Everything the authority's evidence pack says, by the profile's rules (`types`: the institution
    types its Quality Mark section covers; all when empty)."""
    a = view.authority
    grouping = GROUPING_NAMES.get(view.grouping_year, "no statistical neighbours grouping")
    provision, institutions, provision_sources = pack_provision(view, on_date, types)
    figures = pack_figures(view)
    shared = ["Indicator", "Year", a.name]
    benchmarks = [*shared, "Neighbours' average (derived)", "Neighbours published", a.region_name, "England"]
    standing = [*shared, "Rank (1 = best)", "Quartile band (A = best)", "Change since"]
    tables = [
        evidence.Table(
            f"{a.name}: every indicator against its statistical neighbours, region and England",
            figures[benchmarks],
            summary_caption(view),
            ("Year", a.name, "Neighbours' average (derived)", a.region_name, "England"),
        ),
        evidence.Table(
            f"{a.name}: rank and quartile band among all authorities, and change since its earliest year",
            figures[standing],
            "Rank among every authority with a published figure that year (equal figures share a joint rank); "
            "quartile bands as LAIT: A is the best quarter. " + cmp.KS4_COMPARABILITY,
            ("Year", a.name),
        ),
    ]
    if not view.neighbours.empty:
        tables.append(
            evidence.Table(
                f"{a.name}: statistical neighbours ({grouping})",
                neighbour_list(view).astype(str),
                "Rank 1 is the most similar authority. " + NEIGHBOUR_CAVEAT,
            )
        )
    return evidence.AuthorityProfile(
        code=a.code,
        name=a.name,
        selection_text=evidence.describe_selection(a.name, evidence.Selection("local_authority", a.code, types))
        + f" · {grouping}",
        statements=pack_statements(view),
        tables=tables,
        charts=pack_charts(view),
        provision=provision,
        provision_table=None
        if institutions.empty
        else evidence.Table(f"Colleges and universities in {a.name} and their Quality Mark status", institutions),
        source_ids=sorted(set(view.source_ids) | set(provision_sources)),
        caveats=list(view.caveats),
    )
