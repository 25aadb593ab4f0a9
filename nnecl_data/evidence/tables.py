"""The pack's tables of figures: key figures for the selection, and its regions or local authorities by the
key indicators. Cells are text, already formatted, symbols as symbols."""

from __future__ import annotations

import pandas as pd

from nnecl_data import wording
from nnecl_data.database import queries
from nnecl_data.evidence.model import HEADLINE_INDICATOR, INDICATORS, Selection, Table
from nnecl_data.evidence.reading import england_figure, is_nan, shown
from nnecl_data.rules import transforms
from nnecl_data.rules.suppression import is_publishable

COLUMN_LABELS = {
    "cl_neet_19_21": "NEET",
    "cl_eet_19_21": "EET",
    "cl_he_19_21": "In HE",
    "cl_suitable_accommodation_19_21": "Suitable accomm.",
    "ks4_em_4plus": "English and maths 4+",
}


def _range_cell(rows: pd.DataFrame, unit: str, decimals: int) -> str:
    """'36% London and South East': a figure and every area that has it; 'x' when none is published."""
    if rows.empty:
        return "x"
    names = transforms.join_names(list(rows["geography_name"]))
    return f"{shown(float(rows['value'].iloc[0]), None, unit, decimals)} {names}"


def _period(df: pd.DataFrame, period: str) -> str:
    """A year, marked when its figures are derived (2016 and 2017 percentages come from counts)."""
    return f"{period} ({wording.DERIVED})" if "is_derived" in df and df["is_derived"].any() else period


def key_figures_table(bind, selection: Selection, info: dict[str, dict], years: dict[str, int]) -> Table:
    rows = []
    for code in INDICATORS:
        i, year = info[code], years[code]
        unit = i["unit"]
        england, e_status, period = england_figure(bind, code, year)
        row = {"Indicator": i["short_label"], "Year": period}
        if selection.kind == "england":
            regions = queries.indicator_by_region(bind, code, year)
            decimals = transforms.decimals_for([*regions["value"], england], unit)
            low, high = transforms.tied_extremes(regions, "lower_better")
            row["Year"] = _period(regions, period)
            row["England"] = shown(england, e_status, unit, decimals)
            row["Lowest region"] = _range_cell(low, unit, decimals)
            row["Highest region"] = _range_cell(high, unit, decimals)
        elif selection.kind == "region":
            regions = queries.indicator_by_region(bind, code, year)
            decimals = transforms.decimals_for([*regions["value"], england], unit)
            r = regions[regions["geography_code"] == selection.code]
            value, status = (r.iloc[0]["value"], r.iloc[0]["status"]) if not r.empty else (None, "x")
            status = status if isinstance(status, str) else None
            row["Year"] = _period(r, period)
            row["Region"] = shown(value, status, unit, decimals)
            row["England"] = shown(england, e_status, unit, decimals)
            gap = value - england if is_publishable(value, status) and england is not None else None
            row["Gap"] = gap_text(gap, unit, decimals)
            row["Compared with England"] = transforms.performance_against_england(gap, i["polarity"])
        else:
            las = queries.indicator_by_la(bind, code, year, combined_authority=selection.code)
            pub = las[las["status"].isna() & las["value"].notna()]
            decimals = transforms.decimals_for([*pub["value"], england], unit)
            row["Year"] = _period(las, period)
            row["Lowest LA"] = (
                shown(pub["value"].min(), None, unit, decimals) if not pub.empty else "not published"
            )
            row["Highest LA"] = (
                shown(pub["value"].max(), None, unit, decimals) if not pub.empty else "not published"
            )
            row["Not published"] = f"{len(las) - len(pub)} of {len(las)}"
            row["England"] = shown(england, e_status, unit, decimals)
        rows.append(row)
    frame = pd.DataFrame(rows)
    numeric = tuple(c for c in frame.columns if c not in ("Indicator", "Compared with England"))
    note = (
        f"Latest year published for each indicator. {wording.GAP_RULE}"
        if selection.kind == "region"
        else ("Latest year published for each indicator.")
    )
    return Table("Key figures", frame, note, numeric)


def gap_text(gap, unit: str, decimals: int = 0) -> str:
    """'+4 points', '+1 point', '-0.4 points': signed, at the precision of the figures compared."""
    if gap is None or is_nan(gap):
        return "–"
    whole = unit != "score" and not decimals and float(round(gap, 1)).is_integer()
    text = f"{gap:+.0f}" if whole else f"{gap:+.1f}"
    if unit not in ("percent", "score"):
        return text
    return f"{text} point{'' if text in ('+1', '-1') else 's'}"


def areas_table(bind, selection: Selection, info: dict[str, dict], years: dict[str, int]) -> Table:
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
        decimals = transforms.decimals_for(df["value"], i["unit"])
        lookup = {r.geography_code: shown(r.value, r.status, i["unit"], decimals) for r in df.itertuples()}
        period = _period(df, str(df["period_label"].iloc[0]) if not df.empty else str(years[code]))
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
