"""The pack's charts (for each headline measure: its areas ranked, and its trend) and their PNG images."""

from __future__ import annotations

import pandas as pd

from nnecl_data import wording
from nnecl_data.charts import builders
from nnecl_data.database import queries
from nnecl_data.evidence.model import INDICATORS, Chart, Pack, Selection
from nnecl_data.evidence.reading import england_figure
from nnecl_data.rules import transforms


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


def _measure_charts(bind, selection: Selection, i: dict, year: int) -> list[Chart]:
    """One measure's two charts: its areas ranked in the latest year, and its trend since the earliest
    year held (the selected area and England; derived years named in the title)."""
    code = i["code"]
    england, _, period = england_figure(bind, code, year)
    label, unit = i["short_label"], i["unit"]
    if selection.kind == "combined_authority":
        areas = queries.indicator_by_la(bind, code, year, combined_authority=selection.code)
        title = f"{label}, {period}: local authorities"
        highlight: list[str] = []
    else:
        areas = queries.indicator_by_region(bind, code, year)
        highlight = [selection.code] if selection.kind == "region" else []
        title = f"{label}, {period}: regions ranked"
    areas = transforms.with_england_gap(areas, england)
    chart = builders.ranked_bars(
        areas,
        title=title,
        value_label=label,
        unit=unit,
        polarity=i["polarity"],
        england=england,
        highlight=highlight,
        subtitle="Best first. The dashed line is England.",
    )
    out = [Chart(title, chart.description, chart.to_dict(), measure=label)]
    if selection.kind == "combined_authority":
        codes, trend_note = trend_areas(areas, i["polarity"], len(builders.CATEGORICAL), period)
        series = queries.indicator_series(bind, code, geography_codes=codes, level="local_authority")
        highlight = codes
    else:
        series = queries.indicator_series(bind, code, geography_codes=highlight or None)
        trend_note = ""
    # A short title (a long one squeezes the plot): which areas, and the derived years' note, go in the caption.
    title = f"{label} over time{transforms.derived_mark(series)}"
    trend = builders.trend_lines(series, title=title, value_label=label, unit=unit, highlight=highlight)
    caption = trend.description + (f" It shows {trend_note.removeprefix(', ')}." if trend_note else "")
    derived = transforms.derived_years(series)
    if derived:
        caption += f" The {derived} figures are {wording.DERIVED_NOTE}."
    out.append(Chart(title, caption, trend.to_dict(), measure=label, derived=bool(derived)))
    return out


def charts_for(bind, selection: Selection, info: dict[str, dict], years: dict[str, int | None]) -> list[Chart]:
    """Two charts for each headline measure the pack reports (INDICATORS), in the pack's order."""
    out = []
    for code in INDICATORS:
        if years.get(code) is not None:
            out += _measure_charts(bind, selection, info[code], years[code])
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
                    "Data": pack.data_version,  # the data named: releases and announcements
                    "Sources": _source_line(pack.sources, "dfe_cla"),
                    **(notes or {}),
                },
            )


def _source_line(sources: pd.DataFrame, prefix: str) -> str:
    rows = sources[sources["source_id"].str.startswith(prefix)]
    return "; ".join(f"{r.publisher}, {r.title} ({r.licence or 'licence not stated'})" for r in rows.itertuples())
