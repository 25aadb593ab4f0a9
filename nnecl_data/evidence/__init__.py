"""Evidence packs: a citable briefing for England, a region or a combined authority.

`build_pack(engine, selection)` reads the database and returns a `Pack` (statements, tables, charts,
Quality Mark and membership status, sources, citation); `to_html(pack)` and `to_pdf(pack)` render it to
bytes. No Streamlit here, so packs are built and checked in tests exactly as the page builds them.

Every statement is generated from the figures (transforms.headline and the indicator's sentence
template); a suppressed or unavailable cell is said to be "not published" and shown as its symbol,
never as a number (the query layer has already blanked any number beside a symbol).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from nnecl_data.charts import builders
from nnecl_data.database import provision, queries
from nnecl_data.rules import transforms
from nnecl_data.rules.selection import INSTITUTION_TYPE_LABELS
from nnecl_data.rules.suppression import SYMBOL_MEANINGS, display_value, is_publishable

PRODUCT = "NNECL regional dashboard"
PUBLISHER = "National Network for the Education of Care Leavers (NNECL)"
HEADLINE_INDICATOR = "cl_neet_19_21"
INDICATORS = (
    "cl_neet_19_21",
    "cl_eet_19_21",
    "cl_he_19_21",
    "cl_suitable_accommodation_19_21",
    "ks4_em_4plus",
)
COLUMN_LABELS = {
    "cl_neet_19_21": "NEET",
    "cl_eet_19_21": "EET",
    "cl_he_19_21": "In HE",
    "cl_suitable_accommodation_19_21": "Suitable accomm.",
    "ks4_em_4plus": "English and maths 4+",
}
ROUNDING_CAVEAT = (
    "DfE rounds national and regional counts to the nearest 10 and percentages to whole numbers; small "
    "numbers are suppressed (c) to protect confidentiality. A suppressed figure is shown as its symbol and "
    "is never estimated."
)
QM_CAVEAT = (
    "Quality Mark counts come from the public award announcements the dashboard holds, matched to its "
    "register of colleges and universities. The public record is partial, so counts are a floor, not a "
    "full count. Awards last three years; an award with no recorded renewal counts as lapsed after that."
)
SYMBOLS_NOTE = "Symbols: " + "; ".join(f"{k} {v}" for k, v in SYMBOL_MEANINGS.items() if k != "low") + "."
PLURAL_TYPES = {
    "general_fe_college": "general FE colleges",
    "sixth_form_college": "sixth form colleges",
    "other_fe": "other FE institutions",
    "university": "universities",
    "other_he": "other HE providers",
}
KINDS = ("england", "region", "combined_authority")

# Government Analysis Function palette (as the charts use)
DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE, DARK_GREY = "#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D"
TEXT, SECONDARY, RULE, PALE = "#0B0C0C", "#505A5F", "#B1B4B6", "#F3F2F1"

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Selection:
    kind: str = "england"  # england | region | combined_authority
    code: str | None = None
    institution_types: tuple[str, ...] = ()
    include_sample: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown selection kind {self.kind!r}")
        if self.kind != "england" and not self.code:
            raise ValueError(f"a {self.kind.replace('_', ' ')} selection needs a code")


@dataclass
class Statement:
    text: str
    indicator_code: str
    published: bool


@dataclass
class Table:
    title: str
    frame: pd.DataFrame  # text cells, already formatted (symbols as symbols)
    note: str = ""
    numeric_columns: tuple[str, ...] = ()


@dataclass
class Chart:
    title: str
    description: str
    spec: dict
    png: bytes = b""


@dataclass
class Pack:
    title: str
    selection: Selection
    selection_text: str
    area_name: str
    generated: dt.date
    data_version: str
    url: str
    statements: list[Statement]
    tables: list[Table]
    charts: list[Chart]
    provision: list[str]
    provision_table: Table | None
    sample_shown: bool
    sources: pd.DataFrame
    caveats: list[str]
    citation: str = ""
    notes: list[str] = field(default_factory=list)

    def file_stem(self) -> str:
        import re

        slug = re.sub(r"[^a-z0-9]+", "-", self.area_name.lower()).strip("-")
        return f"nnecl-evidence-pack-{slug or 'selection'}-{self.generated.isoformat()}"


# --- reading the selection ------------------------------------------------------------------------------


def selection_options(bind) -> dict[str, dict[str, str]]:
    """What can be chosen: regions and the combined authorities that exist now (code -> name)."""
    regions = queries.regions(bind)
    cas = queries.combined_authorities(bind)
    current = cas[cas["end_year"].isna()]
    return {
        "region": dict(zip(regions["code"], regions["name"], strict=True)),
        "combined_authority": dict(zip(current["code"], current["name"], strict=True)),
    }


def area_name(bind, selection: Selection) -> str:
    if selection.kind == "england":
        return "England"
    if selection.kind == "region":
        names = dict(zip(*queries.regions(bind)[["code", "name"]].T.values, strict=True))
    else:
        cas = queries.combined_authorities(bind)
        names = dict(zip(cas["code"], cas["name"], strict=False))
    if selection.code not in names:
        raise KeyError(f"no {selection.kind.replace('_', ' ')} with code {selection.code!r}")
    return str(names[selection.code])


def describe_selection(name: str, selection: Selection) -> str:
    where = {
        "england": "England",
        "region": f"{name} (region)",
        "combined_authority": f"{name} (combined authority area)",
    }[selection.kind]
    types = (
        ", ".join(INSTITUTION_TYPE_LABELS.get(t, t) for t in selection.institution_types)
        if selection.institution_types
        else "all institution types"
    )
    return f"{where} · {types}"


def _indicator_info(bind) -> dict[str, dict]:
    df = queries.indicators(bind)
    return {r["code"]: r for r in df.to_dict("records")}


def _england(bind, code: str, year: int) -> tuple[float | None, str | None, str]:
    df = queries.england_value(bind, code, year)
    if df.empty:
        return None, "x", str(year)
    row = df.iloc[0]
    value = None if not is_publishable(row["value"], row["status"]) else float(row["value"])
    return value, row["status"], str(row["period_label"])


def _shown(value, status, unit: str) -> str:
    return display_value(None if status else value, status, unit)


def _is_nan(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


# --- statements -----------------------------------------------------------------------------------------


def _england_statement(info: dict, bind, year: int) -> tuple[Statement, list[str]]:
    code, unit = info["code"], info["unit"]
    value, status, period = _england(bind, code, year)
    regions = queries.indicator_by_region(bind, code, year)
    text = transforms.headline(
        "England", info["label"], unit, info["polarity"], period, value, status, None, info.get("statement", "")
    )
    best, worst = transforms.extremes(regions, info["polarity"])
    if best is not None and best.geography_code != worst.geography_code:
        low, high = sorted([best, worst], key=lambda r: r.value)
        text += (
            f" Across the 9 regions it ranged from {_shown(low.value, None, unit)} ({low.geography_name}) "
            f"to {_shown(high.value, None, unit)} ({high.geography_name})."
        )
    return Statement(text, code, value is not None), sorted(set(regions["source_id"]))


def _region_statement(info: dict, bind, year: int, region: str) -> tuple[Statement, list[str]]:
    code, unit = info["code"], info["unit"]
    england, _, period = _england(bind, code, year)
    regions = queries.indicator_by_region(bind, code, year)
    regions = transforms.with_rank(regions, info["polarity"])
    row = regions[regions["geography_code"] == region]
    if row.empty:
        return Statement(f"No {period} figure is held for this region ({info['label'].lower()}).", code, False), []
    r = row.iloc[0]
    name = transforms.area_phrase(r["geography_name"])
    status = r["status"] if isinstance(r["status"], str) else None
    text = transforms.headline(
        name, info["label"], unit, info["polarity"], period, r["value"], status, england, info.get("statement", "")
    )
    if not is_publishable(r["value"], status):
        text = f"The {period} figure for {name} ({info['label'].lower()}) is not published ({status or 'x'})."
    elif info["polarity"] != "neutral" and not pd.isna(r["rank"]):
        ranked = int(regions["rank"].notna().sum())
        text += f" It ranks {_ordinal(int(r['rank']))} of {ranked} regions (1st = best)."
    return Statement(text, code, is_publishable(r["value"], status)), sorted(set(row["source_id"]))


def _ca_statement(info: dict, bind, year: int, ca: str, ca_name: str) -> tuple[Statement, list[str], pd.DataFrame]:
    code, unit = info["code"], info["unit"]
    england, _, period = _england(bind, code, year)
    las = queries.indicator_by_la(bind, code, year, combined_authority=ca)
    n = len(las)
    area = f"the {n} local authorit{'y' if n == 1 else 'ies'} of the {ca_name} combined authority area"
    if las.empty:
        return Statement(f"No {period} local authority figures are held for {ca_name}.", code, False), [], las
    published = las[las["status"].isna() & las["value"].notna()].sort_values("value")
    hidden = las[~las.index.isin(published.index)]
    if published.empty:
        symbols = ", ".join(sorted({str(s) for s in hidden["status"] if s})) or "x"
        text = (
            f"In {period}, the figure for {info['label'].lower()} is not published for any of {area} ({symbols})."
        )
        return Statement(text, code, False), sorted(set(las["source_id"])), las
    low, high = published.iloc[0], published.iloc[-1]
    if len(published) == 1:
        value = f"{_shown(low['value'], None, unit)} ({low['geography_name']})"
    else:
        value = (
            f"between {_shown(low['value'], None, unit)} ({low['geography_name']}) and "
            f"{_shown(high['value'], None, unit)} ({high['geography_name']})"
        )
    statement = info.get("statement") or "{value} in {area}"
    text = f"In {period}, " + statement.format(value=value, area=area)
    text += f"; England: {_shown(england, None, unit)}." if england is not None else "."
    if not hidden.empty:
        names = ", ".join(f"{r.geography_name} ({r.status or 'x'})" for r in hidden.itertuples())
        text += f" Not published for {names}."
    return Statement(text, code, True), sorted(set(las["source_id"])), las


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --- tables ---------------------------------------------------------------------------------------------


def _key_figures_table(bind, selection: Selection, info: dict[str, dict], years: dict[str, int]) -> Table:
    rows = []
    for code in INDICATORS:
        i, year = info[code], years[code]
        unit = i["unit"]
        england, e_status, period = _england(bind, code, year)
        row = {"Indicator": i["short_label"], "Year": period}
        if selection.kind == "england":
            regions = queries.indicator_by_region(bind, code, year)
            best, worst = transforms.extremes(regions, i["polarity"])
            row["England"] = _shown(england, e_status, unit)
            low = min((best, worst), key=lambda r: r.value) if best is not None else None
            high = max((best, worst), key=lambda r: r.value) if best is not None else None
            row["Lowest region"] = (
                f"{_shown(low.value, None, unit)} {low.geography_name}" if low is not None else "x"
            )
            row["Highest region"] = (
                f"{_shown(high.value, None, unit)} {high.geography_name}" if high is not None else "x"
            )
        elif selection.kind == "region":
            regions = queries.indicator_by_region(bind, code, year)
            r = regions[regions["geography_code"] == selection.code]
            value, status = (r.iloc[0]["value"], r.iloc[0]["status"]) if not r.empty else (None, "x")
            status = status if isinstance(status, str) else None
            row["Region"] = _shown(value, status, unit)
            row["England"] = _shown(england, e_status, unit)
            gap = value - england if is_publishable(value, status) and england is not None else None
            row["Gap"] = _gap_text(gap, unit)
            row["Compared with England"] = transforms.performance_against_england(gap, i["polarity"])
        else:
            las = queries.indicator_by_la(bind, code, year, combined_authority=selection.code)
            pub = las[las["status"].isna() & las["value"].notna()]
            row["Lowest LA"] = _shown(pub["value"].min(), None, unit) if not pub.empty else "not published"
            row["Highest LA"] = _shown(pub["value"].max(), None, unit) if not pub.empty else "not published"
            row["Not published"] = f"{len(las) - len(pub)} of {len(las)}"
            row["England"] = _shown(england, e_status, unit)
        rows.append(row)
    frame = pd.DataFrame(rows)
    numeric = tuple(c for c in frame.columns if c not in ("Indicator", "Compared with England"))
    return Table("Key figures", frame, "Latest year published for each indicator.", numeric)


def _gap_text(gap, unit: str) -> str:
    if gap is None or _is_nan(gap):
        return "–"
    suffix = " pts" if unit == "percent" else ""
    # one decimal where the figures carry one (scores, KS4 percentages), whole points otherwise
    whole = unit != "score" and float(round(gap, 1)).is_integer()
    return f"{gap:+.0f}{suffix}" if whole else f"{gap:+.1f}{suffix}"


def _areas_table(bind, selection: Selection, info: dict[str, dict], years: dict[str, int]) -> Table:
    """Regions (for England) or local authorities (region, combined authority) by the key indicators."""
    frames = {}
    for code in INDICATORS:
        if selection.kind == "england":
            df = queries.indicator_by_region(bind, code, years[code])
        elif selection.kind == "region":
            df = queries.indicator_by_la(bind, code, years[code], region_codes=[selection.code])
        else:
            df = queries.indicator_by_la(bind, code, years[code], combined_authority=selection.code)
        frames[code] = df
    names = frames[HEADLINE_INDICATOR][["geography_code", "geography_name"]]
    for df in frames.values():
        names = pd.concat([names, df[["geography_code", "geography_name"]]])
    names = names.drop_duplicates("geography_code").sort_values("geography_name")
    what = "Region" if selection.kind == "england" else "Local authority"
    out = pd.DataFrame({what: names["geography_name"].tolist()})
    for code, df in frames.items():
        i = info[code]
        lookup = {r.geography_code: _shown(r.value, r.status, i["unit"]) for r in df.itertuples()}
        period = str(df["period_label"].iloc[0]) if not df.empty else str(years[code])
        out[f"{COLUMN_LABELS.get(code, i['short_label'])} ({period})"] = [
            lookup.get(c, "–") for c in names["geography_code"]
        ]
    title = (
        "Regions: key figures"
        if selection.kind == "england"
        else f"Local authorities: key figures ({len(out)} authorities)"
    )
    note = (
        "Care leavers aged 19 to 21; English and maths: children looked after for 12 months at key stage 4. "
        "c = suppressed to protect confidentiality; x = not available; – = not held for that year."
    )
    return Table(title, out, note, tuple(out.columns[1:]))


# --- Quality Mark and membership --------------------------------------------------------------------------


def _provision(
    bind, selection: Selection, name: str, on_date: dt.date
) -> tuple[list[str], Table | None, list[str], bool]:
    """Paragraphs, a table by institution type, source ids, and whether sample data is shown."""
    named = provision.named_awardees_count(bind)
    la_codes = None
    if selection.kind == "combined_authority":
        la_codes = queries.local_authorities(bind, combined_authority=selection.code)["code"].tolist()
    inst = provision._institutions(bind, list(selection.institution_types) or None, la_codes)
    if selection.kind == "region":
        inst = inst[inst["region_code"] == selection.code]
    awards = provision.awards(bind)
    status = provision.institution_status_on(awards, on_date)
    inst = inst.copy()
    inst["group"] = inst["institution_id"].map(status).map(provision.coverage_group)
    where = {"england": "England", "region": transforms.area_phrase(name)}.get(
        selection.kind, f"the {name} combined authority area"
    )
    types = (
        " and ".join(PLURAL_TYPES.get(t, t) for t in selection.institution_types)
        if selection.institution_types
        else "colleges and universities"
    )
    held = int((inst["group"] == "current_award").sum())
    towards = int((inst["group"] == "working_towards").sum())
    total = len(inst)
    paragraphs = []
    if total:
        share = f" ({100 * held / total:.0f}%)" if total else ""
        paragraphs.append(
            f"Of the {total} {types} in the dashboard's register in {where}, {held}{share} "
            f"{'holds' if held == 1 else 'hold'} a current NNECL Quality Mark as recorded in the announcements "
            f"held on {on_date:%d %B %Y}, and {towards} {'is' if towards == 1 else 'are'} recorded as working "
            "towards one."
        )
    else:
        paragraphs.append(f"The dashboard's register holds no {types} in {where}.")
    paragraphs.append(
        f"NNECL reports {named['total']} institutions awarded the Quality Mark; the public announcements "
        f"held name {named['named']} of them ({named['text']}), so these counts are a floor: an institution "
        "not named may hold the Quality Mark."
        if named["total"]
        else f"The public announcements held name {named['named']} awardees; NNECL's total is not held."
    )
    sources = sorted(set(awards["source_id"].dropna())) + ["nnecl_cambridge_50th_2025", "dfe_fe_colleges"]
    table = None
    if total:
        grouped = (
            inst.groupby("type")["group"]
            .value_counts()
            .unstack(fill_value=0)
            .reindex(columns=["current_award", "working_towards", "none"], fill_value=0)
        )
        table = Table(
            "Quality Mark status of institutions in the register",
            pd.DataFrame(
                {
                    "Institution type": [INSTITUTION_TYPE_LABELS.get(t, t) for t in grouped.index],
                    "Institutions": grouped.sum(axis=1).astype(int).astype(str).tolist(),
                    "Current award": grouped["current_award"].astype(int).astype(str).tolist(),
                    "Working towards": grouped["working_towards"].astype(int).astype(str).tolist(),
                    "None recorded": grouped["none"].astype(int).astype(str).tolist(),
                }
            ),
            f"Status on {on_date:%d %B %Y}. {named['text']} awardees: see the caveat on the partial record.",
            ("Institutions", "Current award", "Working towards", "None recorded"),
        )
    # Membership
    real = provision.members_by_region(bind, include_sample=False)
    real_total = int(real["members"].sum()) + int(real.attrs.get("members_without_region", 0))
    sample_shown = False
    facts = queries.facts(bind).set_index("fact_id")
    if real_total:
        paragraphs.append(_member_sentence(real, selection, where, "in NNECL's loaded member register"))
    elif selection.include_sample:
        sample = provision.members_by_region(bind, include_sample=True)
        if int(sample["members"].sum()):
            sample_shown = True
            paragraphs.append(
                "SAMPLE DATA, NOT NNECL'S REGISTER: "
                + _member_sentence(sample, selection, where, "in the fictional sample register")
            )
            sources.append("sample_register")
    if not real_total:
        reported = (
            facts.loc["nnecl_members_over_100", "statement"] if "nnecl_members_over_100" in facts.index else ""
        )
        paragraphs.append(
            "No member register is loaded, so member numbers for this area are not shown as real data. "
            + (f"NNECL's own published figure: {reported}" if reported else "")
        )
        if reported:
            sources.append("nnecl_about")
    return paragraphs, table, sources, sample_shown


def _member_sentence(members: pd.DataFrame, selection: Selection, where: str, register: str) -> str:
    if selection.kind == "region":
        row = members[members["region_code"] == selection.code]
        count = int(row["members"].iloc[0]) if not row.empty else 0
        return f"{count} current member organisation{'s' if count != 1 else ''} in {where} {register}."
    count = int(members["members"].sum())
    extra = (
        " (member counts are recorded by region, not by combined authority)" if selection.kind != "england" else ""
    )
    return f"{count} current member organisations in England {register}{extra}."


# --- charts ---------------------------------------------------------------------------------------------


def trend_areas(las: pd.DataFrame, polarity: str, limit: int, period: str) -> tuple[list[str], str]:
    """The local authorities a trend chart can tell apart (one colour each, `limit` at most) and, when
    there are more, a title note saying which were chosen: those furthest behind England
    in the latest year, then any without a published figure."""
    if len(las) <= limit:
        return las["geography_code"].tolist(), ""
    sign = transforms.polarity_sign(polarity)
    key = las["gap_to_england"] * sign if sign else -las["gap_to_england"].abs()
    codes = las.assign(_key=key).sort_values("_key", na_position="last")["geography_code"].tolist()[:limit]
    how = "furthest behind" if sign else "furthest from"
    return codes, f", the {limit} of {len(las)} local authorities {how} England in {period}"


def _charts(bind, selection: Selection, info: dict[str, dict], years: dict[str, int]) -> list[Chart]:
    i = info[HEADLINE_INDICATOR]
    year = years[HEADLINE_INDICATOR]
    england, _, period = _england(bind, HEADLINE_INDICATOR, year)
    label, unit = i["short_label"], i["unit"]
    out = []
    if selection.kind == "combined_authority":
        las = queries.indicator_by_la(bind, HEADLINE_INDICATOR, year, combined_authority=selection.code)
        las = transforms.with_england_gap(las, england)
        title = f"{label}, {period}: local authorities"
        chart = builders.ranked_bars(
            las,
            title=title,
            value_label=label,
            unit=unit,
            polarity=i["polarity"],
            england=england,
            subtitle="Best first. The dashed line is England.",
        )
        out.append(Chart(title, chart.description, chart.to_dict()))
        codes, trend_note = trend_areas(las, i["polarity"], len(builders.CATEGORICAL), period)
        series = queries.indicator_series(bind, HEADLINE_INDICATOR, geography_codes=codes, level="local_authority")
        highlight = codes
    else:
        regions = queries.indicator_by_region(bind, HEADLINE_INDICATOR, year)
        regions = transforms.with_england_gap(regions, england)
        highlight = [selection.code] if selection.kind == "region" else []
        title = f"{label}, {period}: regions ranked"
        chart = builders.ranked_bars(
            regions,
            title=title,
            value_label=label,
            unit=unit,
            polarity=i["polarity"],
            england=england,
            highlight=highlight,
            subtitle="Best first. The dashed line is England.",
        )
        out.append(Chart(title, chart.description, chart.to_dict()))
        series = queries.indicator_series(bind, HEADLINE_INDICATOR, geography_codes=highlight or None)
        trend_note = ""
    title = f"{label}: change over time{trend_note}"
    trend = builders.trend_lines(series, title=title, value_label=label, unit=unit, highlight=highlight)
    out.append(Chart(title, trend.description, trend.to_dict()))
    return out


def render_charts(pack: Pack, notes: dict[str, str] | None = None) -> None:
    """PNG for each chart (vl-convert), with the pack's citation details in the image footer."""
    from nnecl_data import export

    for chart in pack.charts:
        if not chart.png:
            chart.png = export.chart_png(
                chart.spec,
                {
                    "Title": chart.title,
                    "Selection": pack.selection_text,
                    "Data version": pack.data_version,
                    "Sources": _source_line(pack.sources, "dfe_cla"),
                    **(notes or {}),
                },
            )


def _source_line(sources: pd.DataFrame, prefix: str) -> str:
    rows = sources[sources["source_id"].str.startswith(prefix)]
    return "; ".join(f"{r.publisher}, {r.title} ({r.licence or 'licence not stated'})" for r in rows.itertuples())


# --- the pack -------------------------------------------------------------------------------------------


def build_pack(
    bind,
    selection: Selection,
    *,
    on_date: dt.date | None = None,
    url: str = "",
    progress: Progress | None = None,
    with_images: bool = True,
) -> Pack:
    """Everything the briefing says, read from the database. Raises KeyError for an unknown area."""
    step = progress or (lambda _f, _t: None)
    on_date = on_date or dt.date.today()
    step(0.05, "Reading the selection…")
    name = area_name(bind, selection)
    info = _indicator_info(bind)
    for code in info:
        info[code]["code"] = code
    years = {code: queries.latest_year(bind, code) for code in INDICATORS}
    meta = queries.dataset_meta(bind)
    version = f"{meta.get('seed_version', 'unknown')} (built {meta.get('built_at', 'unknown')})"

    step(0.15, "Writing the key statements from the figures…")
    statements, source_ids = [], set()
    for code in INDICATORS:
        if years[code] is None:
            continue
        if selection.kind == "england":
            st_, ids = _england_statement(info[code], bind, years[code])
        elif selection.kind == "region":
            st_, ids = _region_statement(info[code], bind, years[code], selection.code)
        else:
            st_, ids, _ = _ca_statement(info[code], bind, years[code], selection.code, name)
        statements.append(st_)
        source_ids |= set(ids)

    step(0.3, "Tabulating the figures…")
    tables = [_key_figures_table(bind, selection, info, years), _areas_table(bind, selection, info, years)]

    step(0.4, "Quality Mark and membership…")
    paragraphs, qm_table, qm_sources, sample_shown = _provision(bind, selection, name, on_date)
    source_ids |= set(qm_sources)

    step(0.5, "Drawing the charts…")
    chart_list = _charts(bind, selection, info, years)

    all_sources = queries.sources(bind)
    sources = all_sources[all_sources["source_id"].isin(source_ids)].reset_index(drop=True)
    caveats = [ROUNDING_CAVEAT, SYMBOLS_NOTE, QM_CAVEAT]
    if selection.kind == "combined_authority":
        caveats.append(
            "DfE does not publish figures for combined authorities: the pack shows the figures of their "
            "member local authorities, never an average made up here."
        )
    if sample_shown:
        caveats.append("Member figures marked SAMPLE DATA come from a fictional register and must not be cited.")
    selection_text = describe_selection(name, selection)
    title = f"Evidence pack: {name}"
    pack = Pack(
        title=title,
        selection=selection,
        selection_text=selection_text,
        area_name=name,
        generated=on_date,
        data_version=version,
        url=url,
        statements=statements,
        tables=tables,
        charts=chart_list,
        provision=paragraphs,
        provision_table=qm_table,
        sample_shown=sample_shown,
        sources=sources,
        caveats=caveats,
    )
    pack.citation = citation(pack)
    if with_images:
        step(0.6, "Rendering the charts as images…")
        render_charts(pack)
    step(0.8, "Laying out the pack…")
    return pack


def citation(pack: Pack) -> str:
    link = pack.url or "(address not available)"
    return (
        f"{PUBLISHER} regional dashboard, '{pack.title}' ({pack.selection_text}). "
        f"Data version {pack.data_version}. {link} (accessed {pack.generated.isoformat()})."
    )


# --- HTML -----------------------------------------------------------------------------------------------

_CSS = f"""
body {{ font-family: Arial, Helvetica, sans-serif; color: {TEXT}; max-width: 52rem; margin: 2rem auto;
  padding: 0 1rem; line-height: 1.45; }}
header {{ border-bottom: 6px solid {DARK_BLUE}; padding-bottom: .6rem; margin-bottom: 1.2rem; }}
.kicker {{ color: {DARK_BLUE}; font-weight: bold; text-transform: uppercase; letter-spacing: .05em;
  font-size: .85rem; margin: 0; }}
h1 {{ font-size: 2rem; margin: .2rem 0; }} h2 {{ color: {DARK_BLUE}; border-bottom: 1px solid {RULE};
  padding-bottom: .2rem; margin-top: 2rem; }} h3 {{ font-size: 1.05rem; }}
.meta {{ color: {SECONDARY}; font-size: .9rem; margin: 0; }}
ul.statements li {{ margin: .5rem 0; padding-left: .3rem; }}
.unpublished {{ color: {SECONDARY}; }}
table {{ border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0 1rem; }}
th {{ background: {DARK_BLUE}; color: white; text-align: left; padding: .35rem .5rem; }}
td {{ border-bottom: 1px solid {RULE}; padding: .3rem .5rem; }} td.num, th.num {{ text-align: right; }}
tr:nth-child(even) td {{ background: {PALE}; }}
figure {{ margin: 1rem 0; }} figure img {{ max-width: 100%; }}
figcaption {{ color: {SECONDARY}; font-size: .85rem; }}
.sample {{ border-left: 6px solid {ORANGE}; background: #FFF4EC; padding: .5rem .8rem; font-weight: bold; }}
.citation {{ background: {PALE}; border-left: 6px solid {TURQUOISE}; padding: .6rem .8rem; }}
.note {{ color: {SECONDARY}; font-size: .85rem; }}
"""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _html_table(table: Table) -> str:
    head = "".join(
        f'<th scope="col"{" class=num" if c in table.numeric_columns else ""}>{_e(c)}</th>' for c in table.frame
    )
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if c in table.numeric_columns else ''}>{_e(v)}</td>"
            for c, v in zip(table.frame.columns, row, strict=True)
        )
        + "</tr>"
        for row in table.frame.itertuples(index=False)
    )
    note = f'<p class="note">{_e(table.note)}</p>' if table.note else ""
    return f"<h3>{_e(table.title)}</h3><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{note}"


def to_html(pack: Pack) -> bytes:
    """A self-contained HTML briefing (charts embedded as PNG); every text from the data is escaped."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(pack.title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<header>",
        f'<p class="kicker">{_e(PRODUCT)} · Evidence pack</p>',
        f"<h1>{_e(pack.area_name)}: care leavers' education and work</h1>",
        f'<p class="meta">Selection: {_e(pack.selection_text)}</p>',
        f'<p class="meta">Produced {pack.generated:%d %B %Y} · Data version {_e(pack.data_version)}</p>',
        "</header>",
    ]
    if pack.sample_shown:
        parts.append('<p class="sample">Contains SAMPLE DATA (fictional member register): do not cite.</p>')
    parts.append("<h2>Key statements</h2><ul class=statements>")
    for s in pack.statements:
        cls = "" if s.published else ' class="unpublished"'
        parts.append(f"<li{cls}>{_e(s.text)}</li>")
    parts.append("</ul>")
    parts.append("<h2>Charts</h2>")
    for chart in pack.charts:
        if chart.png:
            data = base64.b64encode(chart.png).decode("ascii")
            parts.append(
                f'<figure><img src="data:image/png;base64,{data}" alt="{_e(chart.description)}">'
                f"<figcaption>{_e(chart.description)}</figcaption></figure>"
            )
    parts.append("<h2>Figures</h2>")
    parts += [_html_table(t) for t in pack.tables]
    parts.append("<h2>Quality Mark and membership</h2>")
    parts += [f"<p>{_e(p)}</p>" for p in pack.provision]
    if pack.provision_table is not None:
        parts.append(_html_table(pack.provision_table))
    parts.append("<h2>Sources and caveats</h2><ul>")
    for r in pack.sources.itertuples():
        link = f' <a href="{_e(r.url)}">{_e(r.url)}</a>' if str(r.url).startswith("https://") else ""
        parts.append(
            f"<li>{_e(r.publisher)}, <em>{_e(r.title)}</em>.{link} "
            f"Licence: {_e(r.licence or 'not stated (cite as published)')}.</li>"
        )
    parts.append("</ul><h3>Caveats</h3><ul>" + "".join(f"<li>{_e(c)}</li>" for c in pack.caveats) + "</ul>")
    parts.append(f'<h2>How to cite this pack</h2><p class="citation">{_e(pack.citation)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


# --- PDF (reportlab) ------------------------------------------------------------------------------------

_FONT_DIRS = ("/usr/share/fonts/truetype/liberation", "/usr/share/fonts/truetype/liberation2")


def _fonts() -> tuple[str, str]:
    """Liberation Sans (metric-compatible with Arial, full Unicode) when installed, else Helvetica."""
    from pathlib import Path

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "PackSans" in pdfmetrics.getRegisteredFontNames():
        return "PackSans", "PackSans-Bold"
    for folder in _FONT_DIRS:
        regular, bold = Path(folder, "LiberationSans-Regular.ttf"), Path(folder, "LiberationSans-Bold.ttf")
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("PackSans", str(regular)))
            pdfmetrics.registerFont(TTFont("PackSans-Bold", str(bold)))
            from reportlab.lib.fonts import addMapping

            addMapping("PackSans", 0, 0, "PackSans")
            addMapping("PackSans", 1, 0, "PackSans-Bold")
            return "PackSans", "PackSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def _p(text: str) -> str:
    """Text for a reportlab Paragraph: escaped (its mini-markup would otherwise read < and &)."""
    return html.escape(str(text), quote=False)


def to_pdf(pack: Pack) -> bytes:
    """An A4 briefing: title block, key statements, charts, tables, Quality Mark and membership, sources
    and caveats, citation; page numbers and the data version in the footer. Built in memory."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        Image,
        KeepTogether,
        ListFlowable,
        ListItem,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        TableStyle,
    )
    from reportlab.platypus import (
        Table as RLTable,
    )

    regular, bold = _fonts()
    blue, grey, rule, pale = (colors.HexColor(c) for c in (DARK_BLUE, SECONDARY, RULE, PALE))
    styles = {
        "kicker": ParagraphStyle("kicker", fontName=bold, fontSize=9, textColor=blue, leading=12),
        "title": ParagraphStyle("title", fontName=bold, fontSize=22, leading=27, textColor=colors.HexColor(TEXT)),
        "meta": ParagraphStyle("meta", fontName=regular, fontSize=9.5, leading=13, textColor=grey),
        "h2": ParagraphStyle(
            "h2", fontName=bold, fontSize=14, leading=18, textColor=blue, spaceBefore=10, spaceAfter=5
        ),
        "h3": ParagraphStyle("h3", fontName=bold, fontSize=10.5, leading=14, spaceBefore=6, spaceAfter=3),
        "body": ParagraphStyle("body", fontName=regular, fontSize=10, leading=14, spaceAfter=5),
        "statement": ParagraphStyle("statement", fontName=regular, fontSize=10.5, leading=14.5),
        "muted": ParagraphStyle("muted", fontName=regular, fontSize=10.5, leading=14.5, textColor=grey),
        "note": ParagraphStyle("note", fontName=regular, fontSize=8.5, leading=11, textColor=grey, spaceAfter=6),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8.5, leading=10.5),
        "cellnum": ParagraphStyle("cellnum", fontName=regular, fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", fontName=bold, fontSize=8.5, leading=10.5, textColor=colors.white),
        "headnum": ParagraphStyle(
            "headnum", fontName=bold, fontSize=8.5, leading=10.5, textColor=colors.white, alignment=TA_RIGHT
        ),
        "sample": ParagraphStyle(
            "sample",
            fontName=bold,
            fontSize=10,
            leading=14,
            backColor=colors.HexColor("#FFF4EC"),
            borderColor=colors.HexColor(ORANGE),
            borderWidth=1,
            borderPadding=6,
            spaceAfter=10,
        ),
        "cite": ParagraphStyle(
            "cite",
            fontName=regular,
            fontSize=9.5,
            leading=13,
            backColor=pale,
            borderPadding=7,
            borderColor=colors.HexColor(TURQUOISE),
            borderWidth=0.8,
        ),
    }
    buffer = io.BytesIO()
    width = A4[0] - 36 * mm

    def table(t: Table) -> list:
        header = [
            Paragraph(_p(c), styles["headnum" if c in t.numeric_columns else "head"]) for c in t.frame.columns
        ]
        body = [
            [
                Paragraph(_p(v), styles["cellnum" if c in t.numeric_columns else "cell"])
                for c, v in zip(t.frame.columns, row, strict=True)
            ]
            for row in t.frame.itertuples(index=False)
        ]
        n = len(t.frame.columns)
        first = min(0.34, 1.6 / n + 0.05) * width
        widths = [first] + [(width - first) / (n - 1)] * (n - 1) if n > 1 else [width]
        rl = RLTable([header, *body], colWidths=widths, repeatRows=1)
        rl.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), blue),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, pale]),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, rule),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        out = [Paragraph(_p(t.title), styles["h3"]), rl]
        if t.note:
            out.append(Paragraph(_p(t.note), styles["note"]))
        return out

    story = [
        Paragraph(_p(f"{PRODUCT.upper()} · EVIDENCE PACK"), styles["kicker"]),
        Paragraph(_p(f"{pack.area_name}: care leavers' education and work"), styles["title"]),
        Spacer(1, 3),
        Paragraph(_p(f"Selection: {pack.selection_text}"), styles["meta"]),
        Paragraph(_p(f"Produced {pack.generated:%d %B %Y} · Data version {pack.data_version}"), styles["meta"]),
        Spacer(1, 4),
        RLTable([[""]], colWidths=[width], rowHeights=[3], style=[("BACKGROUND", (0, 0), (-1, -1), blue)]),
        Spacer(1, 8),
    ]
    if pack.sample_shown:
        story.append(Paragraph("Contains SAMPLE DATA (fictional member register): do not cite.", styles["sample"]))
    story.append(Paragraph("Key statements", styles["h2"]))
    story.append(
        ListFlowable(
            [
                ListItem(
                    Paragraph(_p(s.text), styles["statement" if s.published else "muted"]),
                    leftIndent=12,
                    value="circle",
                    bulletColor=blue,
                )
                for s in pack.statements
            ],
            bulletType="bullet",
            start="■",
            bulletFontSize=7,
            bulletColor=blue,
            spaceBefore=2,
        )
    )
    story.append(Paragraph("Charts", styles["h2"]))
    for chart in pack.charts:
        if not chart.png:
            continue
        img = Image(io.BytesIO(chart.png))
        scale = min(width / img.imageWidth, 105 * mm / img.imageHeight)
        img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
        story.append(KeepTogether([img, Paragraph(_p(chart.description), styles["note"])]))
    story.append(Paragraph("Figures", styles["h2"]))
    for t in pack.tables:
        story += table(t)
    story.append(Paragraph("Quality Mark and membership", styles["h2"]))
    story += [Paragraph(_p(p), styles["body"]) for p in pack.provision]
    if pack.provision_table is not None:
        story += table(pack.provision_table)
    story.append(Paragraph("Sources and caveats", styles["h2"]))
    for r in pack.sources.itertuples():
        url = f" {r.url}." if str(r.url).startswith("https://") else ""
        story.append(
            Paragraph(
                f"<b>{_p(r.publisher)}</b>, {_p(r.title)}.{_p(url)} "
                f"Licence: {_p(r.licence or 'not stated (cite as published)')}.",
                styles["body"],
            )
        )
    story.append(Paragraph("Caveats", styles["h3"]))
    story += [Paragraph(_p(c), styles["body"]) for c in pack.caveats]
    story.append(Paragraph("How to cite this pack", styles["h2"]))
    story.append(Paragraph(_p(pack.citation), styles["cite"]))

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(grey)
        canvas.setStrokeColor(rule)
        canvas.line(18 * mm, 14 * mm, A4[0] - 18 * mm, 14 * mm)
        canvas.drawString(18 * mm, 10 * mm, f"{pack.title} · {PRODUCT} · data version {pack.data_version}"[:130])
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=20 * mm,
        title=pack.title,
        author=PUBLISHER,
        subject=pack.selection_text,
        creator=PRODUCT,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
