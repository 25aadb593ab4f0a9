"""The pack's tables of figures: key figures for the selection, and its regions or local authorities by the
key indicators. Cells are text, already formatted, symbols as symbols."""

from __future__ import annotations

import pandas as pd

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


def key_figures_table(bind, selection: Selection, info: dict[str, dict], years: dict[str, int]) -> Table:
    rows = []
    for code in INDICATORS:
        i, year = info[code], years[code]
        unit = i["unit"]
        england, e_status, period = england_figure(bind, code, year)
        row = {"Indicator": i["short_label"], "Year": period}
        if selection.kind == "england":
            regions = queries.indicator_by_region(bind, code, year)
            best, worst = transforms.extremes(regions, i["polarity"])
            row["England"] = shown(england, e_status, unit)
            low = min((best, worst), key=lambda r: r.value) if best is not None else None
            high = max((best, worst), key=lambda r: r.value) if best is not None else None
            row["Lowest region"] = (
                f"{shown(low.value, None, unit)} {low.geography_name}" if low is not None else "x"
            )
            row["Highest region"] = (
                f"{shown(high.value, None, unit)} {high.geography_name}" if high is not None else "x"
            )
        elif selection.kind == "region":
            regions = queries.indicator_by_region(bind, code, year)
            r = regions[regions["geography_code"] == selection.code]
            value, status = (r.iloc[0]["value"], r.iloc[0]["status"]) if not r.empty else (None, "x")
            status = status if isinstance(status, str) else None
            row["Region"] = shown(value, status, unit)
            row["England"] = shown(england, e_status, unit)
            gap = value - england if is_publishable(value, status) and england is not None else None
            row["Gap"] = _gap_text(gap, unit)
            row["Compared with England"] = transforms.performance_against_england(gap, i["polarity"])
        else:
            las = queries.indicator_by_la(bind, code, year, combined_authority=selection.code)
            pub = las[las["status"].isna() & las["value"].notna()]
            row["Lowest LA"] = shown(pub["value"].min(), None, unit) if not pub.empty else "not published"
            row["Highest LA"] = shown(pub["value"].max(), None, unit) if not pub.empty else "not published"
            row["Not published"] = f"{len(las) - len(pub)} of {len(las)}"
            row["England"] = shown(england, e_status, unit)
        rows.append(row)
    frame = pd.DataFrame(rows)
    numeric = tuple(c for c in frame.columns if c not in ("Indicator", "Compared with England"))
    return Table("Key figures", frame, "Latest year published for each indicator.", numeric)


def _gap_text(gap, unit: str) -> str:
    if gap is None or is_nan(gap):
        return "–"
    suffix = " pts" if unit == "percent" else ""
    # one decimal where the figures carry one (scores, KS4 percentages), whole points otherwise
    whole = unit != "score" and float(round(gap, 1)).is_integer()
    return f"{gap:+.0f}{suffix}" if whole else f"{gap:+.1f}{suffix}"


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
        lookup = {r.geography_code: shown(r.value, r.status, i["unit"]) for r in df.itertuples()}
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
