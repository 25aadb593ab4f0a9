"""The pack's charts (ranked bars and a trend for the headline indicator) and their PNG images."""

from __future__ import annotations

import pandas as pd

from nnecl_data.charts import builders
from nnecl_data.database import queries
from nnecl_data.evidence.model import HEADLINE_INDICATOR, Chart, Pack, Selection
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


def charts_for(bind, selection: Selection, info: dict[str, dict], years: dict[str, int]) -> list[Chart]:
    i = info[HEADLINE_INDICATOR]
    year = years[HEADLINE_INDICATOR]
    england, _, period = england_figure(bind, HEADLINE_INDICATOR, year)
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
