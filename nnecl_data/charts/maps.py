"""Map chart builders: data in, Altair chart out. No Streamlit here.

Only rates and percentages are mapped (a count map mostly shows where people live): `choropleth`
and `tile_map` refuse unit 'count'. Values are grouped into a few classes (quantile or equal
interval, `class_breaks`) coloured with the Analysis Function sequential blues. Legend entries never
overlap ("36–40%", "41%", "42–44%": each class from the first value it can hold to the last, at the data's
own precision), classes no value can fall in are left out, and the legend says in plain words how the
groups were made. Areas whose row
carries an official-statistics symbol instead of a value ('c', 'x', 'z', 'low', 'k', 'u') are grey,
show the symbol on the map and explain it in the tooltip; they are never coloured as a number.
Areas with no row at all are a lighter grey, "No data".

Geometry goes into the spec once, as a compact TopoJSON string (`geo.to_topojson`); the rows are a
small inline table joined to it by code with a lookup transform, so `chart.to_dict()` shows exactly
which class and tooltip each area gets. Clicking an area sets the point selection param
``area`` on ``geography_code``; `st.altair_chart(..., on_select="rerun")` returns it. The areas drawn
outlined are the highlight parameter (`builders.HIGHLIGHT_PARAM`), so one map spec serves every
selection (`highlight_variant`).

Every map carries `ATTRIBUTION` under it (the ONS boundaries licence requires it).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence

import altair as alt
import geopandas as gpd
import numpy as np
import pandas as pd

from nnecl_data import geo, wording
from nnecl_data.charts import text, theme
from nnecl_data.charts.builders import AREA_SELECTION, HIGHLIGHT_PARAM, Variant, records
from nnecl_data.sources import ONS_ATTRIBUTION
from nnecl_data.wording import SYMBOL_SHORT

ATTRIBUTION = ONS_ATTRIBUTION

BLUES = tuple(theme.SEQUENTIAL)
STATUS_FILL = theme.MUTED
NO_DATA_FILL = theme.NO_DATA
BORDER = theme.WHITE
HIGHLIGHT = theme.TEXT
TEXT_DARK = theme.TEXT
TEXT_LIGHT = theme.WHITE
NO_DATA_LABEL = "No data"
MAX_CLASSES = len(BLUES)

REFUSED_UNITS = {"count", "counts", "number", "n"}
PERCENT_UNITS = {"%", "percent", "percentage", "pct"}
KIND_TITLES = wording.CLASS_METHODS  # how the classes are made, in words, per kind

# Institution points when no styles are given: colour AND shape per status (colour never the only carrier).
POINT_COLOURS = tuple(theme.STATUS_COLOURS.values())
POINT_SHAPES = tuple(theme.STATUS_SHAPES.values())

SELECTION = AREA_SELECTION  # the point selection pages read, as on clickable bar charts
FILL_VIEW, SYMBOL_VIEW = "map_areas", "map_symbols"
NAME_VIEW, VALUE_VIEW = "map_names", "map_values"

MAP_WIDTH = 420
MAP_HEIGHT = 520
TILE_WIDTH = 330
TILE_HEIGHT = 420


# ---------------------------------------------------------------------------------------------
# Classes


def class_breaks(values: Iterable[float], kind: str = "quantile", n: int = 5) -> list[float]:
    """Class edges [low, ..., high] for up to `n` classes (fewer when there are fewer distinct values).

    kind 'quantile': edges at the 0, 1/n, ..., 1 quantiles; 'equal': n equal steps from min to max.
    NaN is ignored. No values -> []; one distinct value v -> [v, v] (one class)."""
    if kind not in KIND_TITLES:
        raise ValueError(f"kind must be one of {sorted(KIND_TITLES)}, not {kind!r}")
    if n < 1:
        raise ValueError("n must be at least 1")
    arr = np.asarray(pd.to_numeric(pd.Series(list(values), dtype="object"), errors="coerce"), dtype=float)
    arr = arr[np.isfinite(arr)]
    if arr.size == 0:
        return []
    lo, hi = float(arr.min()), float(arr.max())
    if lo == hi:
        return [lo, hi]
    k = min(n, len(np.unique(arr)))
    if kind == "equal":
        edges = np.linspace(lo, hi, k + 1)
    else:
        # breaks at data values (the nearest at or above each quantile), so whole-number data get
        # whole-number breaks
        edges = np.quantile(arr, np.linspace(0, 1, k + 1), method="inverted_cdf")
    edges = [float(e) for e in edges]
    edges[0], edges[-1] = lo, hi
    out = [edges[0]]
    for e in edges[1:]:
        if not math.isclose(e, out[-1], rel_tol=1e-12, abs_tol=1e-12):
            out.append(e)
    return out


def assign_classes(values: Iterable[float], breaks: Sequence[float]) -> np.ndarray:
    """Class index 0..k-1 for each value (classes are (b[i], b[i+1]], the first also holds b[0]);
    -1 for NaN or when there are no breaks."""
    arr = np.asarray(pd.to_numeric(pd.Series(list(values), dtype="object"), errors="coerce"), dtype=float)
    out = np.full(arr.shape, -1, dtype=int)
    if len(breaks) < 2:
        return out
    k = len(breaks) - 1
    ok = np.isfinite(arr)
    idx = np.searchsorted(np.asarray(breaks[1:-1], dtype=float), arr[ok], side="left")
    out[ok] = np.clip(idx, 0, k - 1)
    return out


def class_colours(k: int) -> list[str]:
    """k colours from the blues, spread from light to dark."""
    if k <= 0:
        return []
    if k == 1:
        return [BLUES[2]]
    return [BLUES[int(round(i))] for i in np.linspace(0, len(BLUES) - 1, k)]


def _decimals(breaks: Sequence[float]) -> int:
    for d in (0, 1, 2):
        if all(math.isclose(b, round(b, d), abs_tol=1e-9) for b in breaks):
            return d
    return 2


def data_decimals(values: Iterable[float]) -> int:
    """The precision the figures are published at: 0, 1 or 2 decimals."""
    arr = [float(v) for v in values if v is not None and np.isfinite(float(v))]
    return _decimals(arr) if arr else 0


def _is_percent(unit: str) -> bool:
    return unit.strip().lower() in PERCENT_UNITS


def _unit_kind(unit: str) -> str:
    return "percent" if _is_percent(unit) else unit


def format_number(value: float, unit: str, decimals: int | None = None) -> str:
    """'23%' / '23.5%' for percentages, '61 per 10,000' for rates per 10,000, '0.5 per 1,000' for others."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    if _is_percent(unit) or unit == "rate_per_10000":
        return text.value_text(value, None, _unit_kind(unit), decimals)
    return f"{value:,.{decimals}f} {unit}".strip()


def class_ranges(breaks: Sequence[float], decimals: int) -> list[tuple[float, float] | None]:
    """For each class (b[i], b[i+1]] (the first also holds b[0]), the first and last value it can hold
    at `decimals` places, or None when it can hold none: neighbouring classes never share a value."""
    if len(breaks) < 2:
        return []
    step = 10.0**-decimals
    out: list[tuple[float, float] | None] = []
    for i, (low, high) in enumerate(zip(breaks[:-1], breaks[1:], strict=True)):
        first = math.ceil(low / step - 1e-9) if i == 0 else math.floor(low / step + 1e-9) + 1
        last = math.floor(high / step + 1e-9)
        out.append((round(first * step, decimals), round(last * step, decimals)) if first <= last else None)
    return out


def class_labels(breaks: Sequence[float], unit: str, decimals: int | None = None) -> list[str | None]:
    """Legend labels such as '12–18%' for each class, from the first value it can hold to the last at the
    data's precision (`decimals`; by default the breaks' own), so no two labels overlap: '36–40%', '41%',
    '42–44%'. None for a class that can hold no value (left out of the legend)."""
    if len(breaks) < 2:
        return []
    d = _decimals(breaks) if decimals is None else decimals
    if breaks[0] == breaks[-1]:
        return [format_number(breaks[0], unit, d)]
    labels: list[str | None] = []
    for span in class_ranges(breaks, d):
        if span is None:
            labels.append(None)
        elif span[0] == span[1]:
            labels.append(format_number(span[1], unit, d))
        else:
            labels.append(f"{span[0]:,.{d}f}–{format_number(span[1], unit, d)}")
    return labels


def class_method(scheme_kind: str, classes: int, area_noun: str = "areas") -> str:
    """'Five groups with about the same number of regions in each'."""
    count = wording.NUMBER_WORDS.get(classes, str(classes))
    words = KIND_TITLES[scheme_kind].format(n=count, areas=area_noun)
    if classes <= 1:
        return f"All {area_noun} in one group"
    return words[0].upper() + words[1:]


def status_text(status: str) -> str:
    """'c — suppressed to protect confidentiality'."""
    return text.value_text(None, str(status).strip().lower(), "percent")


def status_legend_label(status: str) -> str:
    """Short legend entry, e.g. 'c: suppressed' (the tooltip gives the full meaning)."""
    meaning = SYMBOL_SHORT.get(str(status).strip().lower(), "no value")
    return f"{status}: {meaning}"


def check_unit(unit: str) -> None:
    if unit is None or str(unit).strip().lower() in REFUSED_UNITS:
        raise ValueError(
            f"maps show rates and percentages only, not unit {unit!r}: a map of counts mostly shows population"
        )


# ---------------------------------------------------------------------------------------------
# Rows: classes, tooltip text


def _clean_status(value) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    text = str(value).strip()
    return text or None


def prepare_rows(
    data: pd.DataFrame,
    codes: Iterable[str] | None,
    *,
    unit: str,
    scheme_kind: str = "quantile",
    n_classes: int = 5,
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The rows a map draws, with class_label, value_text, symbol and text_colour added, plus the colour
    scale (domain, range) in legend order: value classes, then status symbols, then 'No data'.

    `codes` are the areas drawn (None = all rows); rows for other areas are dropped and areas with
    no row get 'No data'."""
    check_unit(unit)
    if n_classes < 1 or n_classes > MAX_CLASSES:
        raise ValueError(f"n_classes must be between 1 and {MAX_CLASSES}")
    missing = {"geography_code", "geography_name", "value"} - set(data.columns)
    if missing:
        raise ValueError(f"data lacks columns {sorted(missing)}")
    rows = data.copy()
    if "status" not in rows.columns:
        rows["status"] = None
    rows["geography_code"] = rows["geography_code"].astype(str)
    code_list = None if codes is None else [str(c) for c in codes]
    if code_list is not None:
        rows = rows[rows["geography_code"].isin(code_list)]
    rows = rows.drop_duplicates("geography_code", keep="last").reset_index(drop=True)
    statuses = [_clean_status(s) for s in rows["status"]]
    rows["status"] = pd.Series(statuses, index=rows.index, dtype=object)
    value = pd.to_numeric(rows["value"], errors="coerce").astype(float).to_numpy(copy=True)
    value[[s is not None for s in statuses]] = np.nan  # a row with a status has no value
    rows["value"] = pd.Series([None if np.isnan(v) else float(v) for v in value], index=rows.index, dtype=object)

    breaks = class_breaks(value, scheme_kind, n_classes)
    decimals = data_decimals(value[np.isfinite(value)])
    all_labels = class_labels(breaks, unit, decimals)
    all_colours = class_colours(len(all_labels))
    cls = assign_classes(value, breaks)
    class_label, value_text, symbol, text_colour = [], [], [], []
    for i, (v, s) in enumerate(zip(value, statuses, strict=True)):
        if s is not None:
            class_label.append(status_legend_label(s))
            value_text.append(status_text(s))
            symbol.append(s)
            text_colour.append(TEXT_DARK)
        elif cls[i] >= 0:
            class_label.append(all_labels[cls[i]])
            value_text.append(format_number(v, unit, decimals))
            symbol.append(None)
            text_colour.append(theme.text_on(all_colours[cls[i]]))
        else:
            class_label.append(NO_DATA_LABEL)
            value_text.append("no data")
            symbol.append(None)
            text_colour.append(TEXT_DARK)
    # classes no area falls in are left out of the legend (their colour keeps its place in the ramp)
    used = set(cls[cls >= 0].tolist())
    labels = [label for i, label in enumerate(all_labels) if i in used and label is not None]
    colours = [
        colour
        for i, (label, colour) in enumerate(zip(all_labels, all_colours, strict=True))
        if i in used and label is not None
    ]
    rows.attrs["classes"] = len(all_labels)  # groups made, including any no area falls in
    rows["class_label"] = class_label
    rows["value_text"] = value_text
    rows["symbol"] = pd.Series(symbol, index=rows.index, dtype=object)
    rows["text_colour"] = text_colour

    domain = list(labels)
    scale_range = list(colours)
    for s in sorted({s for s in statuses if s is not None}):
        domain.append(status_legend_label(s))
        scale_range.append(STATUS_FILL)
    no_row = code_list is not None and bool(set(code_list) - set(rows["geography_code"]))
    if no_row or NO_DATA_LABEL in class_label:
        domain.append(NO_DATA_LABEL)
        scale_range.append(NO_DATA_FILL)
    return rows, domain, scale_range


# ---------------------------------------------------------------------------------------------
# Charts


def _legend_title(value_label: str, scheme_kind: str, classes: int, area_noun: str) -> list[str]:
    """What is mapped, then how its groups were made, on short lines (legend titles do not wrap)."""
    return [value_label, *_wrap(class_method(scheme_kind, classes, area_noun), 38)]


def _label_points(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """geography_code, lx, ly: where text goes on each area (tile centre, or a point inside the area)."""
    if {"label_x", "label_y"} <= set(gdf.columns):
        lx, ly = gdf["label_x"].astype(float), gdf["label_y"].astype(float)
    else:
        pts = gdf.geometry.representative_point()
        lx, ly = pts.x.round(4), pts.y.round(4)
    return pd.DataFrame(
        {"geography_code": gdf["areacd"].astype(str).to_numpy(), "lx": lx.to_numpy(), "ly": ly.to_numpy()}
    )


def geometry_data(gdf: gpd.GeoDataFrame, name: str) -> alt.InlineData:
    """Areas as inline TopoJSON text. Named, so Altair leaves it in place instead of moving it to
    `datasets`, and kept on the layer that draws it, so Streamlit (which turns top-level data and
    tabular datasets into Arrow tables) passes it to Vega untouched. Vega parses the text itself."""
    topology = geo.to_topojson(gdf, "areas", properties=("areacd", "areanm"))
    return alt.InlineData(
        name=name,
        values=json.dumps(topology, separators=(",", ":")),
        format=alt.TopoDataFormat(type="topojson", feature="areas"),
    )


def _base_chart(
    gdf: gpd.GeoDataFrame,
    data: pd.DataFrame,
    *,
    title: str,
    value_label: str,
    unit: str,
    scheme_kind: str,
    n_classes: int,
    highlight_codes: Iterable[str] | None,
    projection: alt.Projection,
    width: int,
    height: int,
    legend: dict | None = None,
    stroke_width: float = 0.6,
    status_symbols: bool = True,
    area_noun: str = "areas",
    tooltip_titles: dict[str, str] | None = None,
) -> tuple[alt.LayerChart, pd.DataFrame, list[alt.Tooltip]]:
    if scheme_kind not in KIND_TITLES:
        raise ValueError(f"scheme_kind must be one of {sorted(KIND_TITLES)}, not {scheme_kind!r}")
    check_unit(unit)
    if gdf.empty:
        raise ValueError("no areas to draw")
    codes = gdf["areacd"].astype(str).tolist()
    rows, domain, scale_range = prepare_rows(data, codes, unit=unit, scheme_kind=scheme_kind, n_classes=n_classes)
    extra_cols = [
        c for c in data.columns if c not in {"geography_code", "geography_name", "value", "status"} and c in rows
    ]
    lookup_fields = ["value", "status", "class_label", "value_text", "symbol", "text_colour", *extra_cols]
    table = alt.InlineData(values=records(rows, ["geography_code", *lookup_fields]))

    legend_kwargs = {
        "title": _legend_title(
            value_label, scheme_kind, rows.attrs.get("classes", _class_count(domain, rows)), area_noun
        ),
        "orient": "right",
        "symbolType": "square",
        "symbolSize": 180,
        "symbolStrokeColor": theme.LEGEND_STROKE,
        "symbolStrokeWidth": 0.5,
        "labelFontSize": 11,
        "titleFontSize": 11,
        "titleLimit": 260,
        "labelLimit": 260,
    }
    legend_kwargs.update(legend or {})
    colour = alt.Color(
        "class_label:N",
        scale=alt.Scale(domain=domain, range=scale_range),
        sort=domain,
        legend=alt.Legend(**legend_kwargs),
    )
    tooltip = [
        alt.Tooltip("geography_name:N", title="Area"),
        alt.Tooltip("value_text:N", title=value_label),
        *[
            alt.Tooltip(f"{c}:N", title=(tooltip_titles or {}).get(c, c.replace("_", " ").capitalize()))
            for c in extra_cols
        ],
    ]
    area = alt.selection_point(name=SELECTION, fields=["geography_code"], on="click", clear="dblclick")

    fill = (
        alt.Chart(geometry_data(gdf, "map_geometry"))
        .transform_calculate(geography_code="datum.properties.areacd", geography_name="datum.properties.areanm")
        .transform_lookup(
            lookup="geography_code",
            from_=alt.LookupData(data=table, key="geography_code", fields=lookup_fields),
        )
        .transform_calculate(
            class_label=f"isValid(datum.class_label) ? datum.class_label : {json.dumps(NO_DATA_LABEL)}",
            value_text="isValid(datum.value_text) ? datum.value_text : 'no data'",
        )
        .transform_calculate(highlighted=f"{_chosen_area()} ? 1 : 0")
        .mark_geoshape()
        .encode(
            color=colour,
            opacity=alt.OpacityValue(**alt.condition(area, alt.value(1.0), alt.value(0.45))),
            # the highlighted areas outlined in dark, drawn last so no neighbour's border covers theirs
            stroke=alt.StrokeValue(**alt.condition(_chosen_area(), alt.value(HIGHLIGHT), alt.value(BORDER))),
            strokeWidth=alt.StrokeWidthValue(
                **alt.condition(_chosen_area(), alt.value(2.5), alt.value(stroke_width or 0))
            ),
            order=alt.Order("highlighted:Q"),
            tooltip=tooltip,
        )
        .properties(name=FILL_VIEW)
    )
    layers: list[alt.Chart] = [fill]

    labelled = rows.merge(_label_points(gdf), on="geography_code", how="left")
    with_symbol = labelled[labelled["symbol"].notna()]
    if status_symbols:  # always present (even empty): a lone layer would have its data lifted
        layers.append(
            alt.Chart(
                alt.InlineData(
                    values=records(
                        with_symbol,
                        ["geography_code", "geography_name", "value_text", "symbol", "lx", "ly", *extra_cols],
                    )
                )
            )
            .mark_text(fontSize=11, fontWeight="bold", color=TEXT_DARK)
            .encode(
                longitude=alt.Longitude("lx:Q"),
                latitude=alt.Latitude("ly:Q"),
                text=alt.Text("symbol:N"),
                tooltip=tooltip,
            )
            .properties(name=SYMBOL_VIEW)
        )
    chart = alt.layer(*layers).properties(
        width=width,
        height=height,
        projection=projection,
        title=alt.TitleParams(text=title, anchor="start", fontSize=14),
        view=alt.ViewBackground(stroke=None),
    )
    _keep_data_on_layers(chart)
    _set_selection(chart, area, [FILL_VIEW], highlight_variant(highlight_codes, codes))
    return chart, labelled, tooltip


def _chosen_area() -> str:
    return f"indexof({HIGHLIGHT_PARAM}, datum.geography_code) >= 0"


def _class_count(domain: Sequence[str], rows: pd.DataFrame) -> int:
    """Value classes in a legend's domain (not the status symbols or 'No data')."""
    others = {NO_DATA_LABEL, *(status_legend_label(s) for s in rows["status"].dropna())}
    return sum(1 for label in domain if label not in others)


def highlight_variant(
    highlight_codes: Iterable[str] | None, codes: Iterable[str] | None = None, **_ignored
) -> Variant:
    """The highlight parameter of a map: the chosen codes (those drawn, when `codes` is given)."""
    drawn = None if codes is None else {str(c) for c in codes}
    chosen = [str(c) for c in dict.fromkeys(highlight_codes or ()) if drawn is None or str(c) in drawn]
    return Variant(params={HIGHLIGHT_PARAM: chosen})


def _keep_data_on_layers(chart: alt.LayerChart) -> None:
    """Altair lifts the data of a lone layer to the top level; put it back, since Streamlit would turn
    top-level TopoJSON text into an Arrow table."""
    if chart.data is not alt.Undefined:
        chart.layer = [
            layer.properties(data=chart.data) if layer.data is alt.Undefined else layer for layer in chart.layer
        ]
        chart.data = alt.Undefined


def _set_selection(chart: alt.LayerChart, param, views: Sequence[str], variant: Variant) -> None:
    """One point selection shared by the area shapes and the text drawn on them, so a click on a
    label selects its area too; and the highlight parameter."""
    chart.params = [
        alt.TopLevelSelectionParameter(name=param.name, select=param.param.select, views=list(views)),
        *[alt.VariableParameter(name=name, value=value) for name, value in variant.params.items()],
    ]


def _attribution_layer(height: int, width: int) -> alt.Chart:
    """The ONS attribution as small text under the map, so exported images carry it too."""
    lines = _wrap(ATTRIBUTION, max(40, int(width / 5.2)))
    return (
        alt.Chart(alt.InlineData(values=[{"text": lines}]))
        .mark_text(align="left", baseline="top", fontSize=9, color=theme.SECONDARY_TEXT, lineHeight=11)
        .encode(text=alt.Text("text:N"), x=alt.XValue(0), y=alt.YValue(height + 6))
    )


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines


def fitted_mercator(gdf: gpd.GeoDataFrame, padding: int = 8) -> alt.Projection:
    """A Mercator projection fitted to the areas' bounds by expressions of the view's width and height.

    Vega-Lite's automatic fit uses every geographic layer as the renderer sees it, and Streamlit sizes the
    view itself; in the app that combination drew a thumbnail. Scale and translate as expressions of
    `width` and `height` fill whatever size the view gets."""
    minx, miny, maxx, maxy = (float(v) for v in gdf.total_bounds)

    def merc_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    span_x = math.radians(maxx - minx) or 1e-6
    span_y = (merc_y(maxy) - merc_y(miny)) or 1e-6
    mid_x = math.radians((minx + maxx) / 2)
    mid_y = (merc_y(miny) + merc_y(maxy)) / 2
    scale = f"min((width - {2 * padding}) / {span_x:.6f}, (height - {2 * padding}) / {span_y:.6f})"
    return alt.Projection(
        type="mercator",
        scale=alt.ExprRef(expr=scale),
        translate=alt.ExprRef(expr=f"[width / 2 - ({scale}) * {mid_x:.6f}, height / 2 + ({scale}) * {mid_y:.6f}]"),
    )


def choropleth(
    gdf: gpd.GeoDataFrame,
    data: pd.DataFrame,
    *,
    title: str,
    value_label: str,
    unit: str,
    scheme_kind: str = "quantile",
    n_classes: int = 5,
    highlight_codes: Iterable[str] | None = None,
    year: int | None = None,
    width: int = MAP_WIDTH,
    height: int = MAP_HEIGHT,
    legend_orient: str = "right",
    attribution: bool = True,
    area_noun: str = "areas",
    tooltip_titles: dict[str, str] | None = None,
) -> alt.LayerChart:
    """A choropleth of `data` on real boundaries (`gdf`: areacd, areanm, geometry in EPSG:4326,
    e.g. from `geo.cached_layers()`), Mercator so England looks like England.

    `year`, when given, keeps only the areas that existed that year (`geo.areas_for_year`).
    Classes are computed over the areas drawn; the legend is titled e.g. 'NEET %' over 'Five groups with
    about the same number of regions in each' (`area_noun`). Click an area to set the selection param
    'area' (field geography_code)."""
    check_unit(unit)
    if year is not None:
        gdf = geo.areas_for_year(gdf, year)
    chart, _, _ = _base_chart(
        gdf,
        data,
        title=title,
        value_label=value_label,
        unit=unit,
        scheme_kind=scheme_kind,
        n_classes=n_classes,
        highlight_codes=highlight_codes,
        projection=fitted_mercator(gdf),
        width=width,
        height=height,
        legend={"orient": legend_orient},
        stroke_width=0.8 if len(gdf) <= 12 else 0.5,
        area_noun=area_noun,
        tooltip_titles=tooltip_titles,
    )
    if attribution:
        chart = _add_layer(chart, _attribution_layer(height, width))
    return chart


def tile_map(
    data: pd.DataFrame,
    *,
    title: str,
    value_label: str,
    unit: str,
    scheme_kind: str = "quantile",
    n_classes: int = 5,
    highlight_codes: Iterable[str] | None = None,
    width: int = TILE_WIDTH,
    height: int = TILE_HEIGHT,
    legend_orient: str = "bottom",
    attribution: bool = False,
    area_noun: str = "regions",
    tooltip_titles: dict[str, str] | None = None,
) -> alt.LayerChart:
    """The same map on the built-in tile grid of the nine English regions (`geo.REGION_TILES`): one
    square per region with its short name and value written on it. Needs no boundary file, so no
    ONS attribution unless asked for."""
    check_unit(unit)
    tiles = geo.tile_polygons()
    chart, labelled, tooltip = _base_chart(
        tiles,
        data,
        title=title,
        value_label=value_label,
        unit=unit,
        scheme_kind=scheme_kind,
        n_classes=n_classes,
        highlight_codes=highlight_codes,
        projection=alt.Projection(type="identity", reflectY=True),
        width=width,
        height=height,
        legend={"orient": legend_orient, "columns": 2, "direction": "vertical", "titleLimit": 300},
        stroke_width=0,
        status_symbols=False,
        area_noun=area_noun,
        tooltip_titles=tooltip_titles,
    )
    # One text row per tile, including tiles with no data row.
    tile_text = tiles[["areacd", "areanm", "label", "label_x", "label_y"]].rename(
        columns={"areacd": "geography_code", "areanm": "tile_name", "label_x": "lx", "label_y": "ly"}
    )
    tile_text = tile_text.merge(labelled.drop(columns=["lx", "ly"]), on="geography_code", how="left")
    tile_text["geography_name"] = tile_text["geography_name"].fillna(tile_text["tile_name"])
    tile_text["shown"] = [
        f"[{sym}]" if isinstance(sym, str) else (vt if isinstance(vt, str) else "–")
        for sym, vt in zip(tile_text["symbol"], tile_text["value_text"], strict=True)
    ]
    tile_text["value_text"] = tile_text["value_text"].fillna("no data")
    tile_text["text_colour"] = tile_text["text_colour"].fillna(TEXT_DARK)
    cols = ["geography_code", "geography_name", "label", "shown", "value_text", "text_colour", "lx", "ly"]
    extra = [t.shorthand.split(":")[0] for t in tooltip[2:]]
    text_base = alt.Chart(
        alt.InlineData(values=records(tile_text, [*cols, *[c for c in extra if c in tile_text]]))
    ).encode(
        longitude=alt.Longitude("lx:Q"),
        latitude=alt.Latitude("ly:Q"),
        color=alt.Color("text_colour:N", scale=None),
        tooltip=tooltip,
    )
    names = text_base.mark_text(fontSize=12, fontWeight="bold", dy=-9).encode(text=alt.Text("label:N"))
    values = text_base.mark_text(fontSize=13, dy=9).encode(text=alt.Text("shown:N"))
    chart.layer = [*chart.layer, names.properties(name=NAME_VIEW), values.properties(name=VALUE_VIEW)]
    if attribution:
        chart = _add_layer(chart, _attribution_layer(height, width))
    return chart


def _add_layer(chart: alt.LayerChart, layer: alt.Chart) -> alt.LayerChart:
    """A copy of the map with one more layer that brings its own data."""
    out = chart.copy(deep=False)
    out.layer = [*chart.layer, layer]
    return out


def institution_points(
    layer_chart_base: alt.TopLevelMixin,
    points_df: pd.DataFrame,
    *,
    status_col: str = "status",
    name_col: str = "name",
    latitude: str = "latitude",
    longitude: str = "longitude",
    tooltip_cols: Sequence[str] = (),
    status_order: Sequence[str] | None = None,
    title: str = "Quality Mark",
    status_styles: dict[str, tuple[str, str]] | None = None,
    outlined: Sequence[str] = (),
    tooltip_titles: dict[str, str] | None = None,
) -> alt.LayerChart:
    """Overlay institutions (e.g. Quality Mark holders) as points on a map from `choropleth`:
    colour and shape both show the status, with their own legend of the statuses present.
    `status_styles` gives each status its (colour, shape), the same as on every other chart; statuses in
    `outlined` get a dark outline (pale fills), the others a white halo so they show on dark areas."""
    missing = {status_col, name_col, latitude, longitude} - set(points_df.columns)
    if missing:
        raise ValueError(f"points lack columns {sorted(missing)}")
    pts = points_df.dropna(subset=[latitude, longitude]).copy()
    present = set(pts[status_col].dropna().astype(str))
    statuses = [s for s in status_order if s in present] if status_order else sorted(present)
    styles = status_styles or {}
    colours = [styles.get(s, (POINT_COLOURS[i % len(POINT_COLOURS)], ""))[0] for i, s in enumerate(statuses)]
    shapes = [styles.get(s, ("", POINT_SHAPES[i % len(POINT_SHAPES)]))[1] for i, s in enumerate(statuses)]
    # above the map (its colour legend is under it): at the side, a legend leaves a phone's map no room
    dark = [s for s in statuses if s in set(outlined)]
    legend = alt.Legend(
        title=title,
        orient="top",
        columns=2,
        symbolSize=80,
        labelFontSize=11,
        titleFontSize=11,
        labelLimit=170,
        symbolStrokeWidth=1.2,
        symbolStrokeColor=alt.ExprRef(
            expr=f"indexof({dark!r}, datum.value) >= 0 ? '{theme.DARK_GREY}' : '{theme.POINT_STROKE}'"
        ),
    )
    pts["point_outline"] = [theme.DARK_GREY if s in set(outlined) else theme.POINT_STROKE for s in pts[status_col]]
    rows = records(pts, [name_col, status_col, latitude, longitude, "point_outline", *tooltip_cols])
    points = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_point(filled=True, size=75, opacity=1, strokeWidth=1.2)
        .encode(
            longitude=alt.Longitude(f"{longitude}:Q"),
            latitude=alt.Latitude(f"{latitude}:Q"),
            color=alt.Color(f"{status_col}:N", scale=alt.Scale(domain=statuses, range=colours), legend=legend),
            shape=alt.Shape(f"{status_col}:N", scale=alt.Scale(domain=statuses, range=shapes), legend=legend),
            stroke=alt.Stroke("point_outline:N", scale=None),
            tooltip=[
                alt.Tooltip(f"{name_col}:N", title="Institution"),
                alt.Tooltip(f"{status_col}:N", title=title),
                *[alt.Tooltip(f"{c}:N", title=(tooltip_titles or {}).get(c, c)) for c in tooltip_cols],
            ],
        )
    )
    if isinstance(layer_chart_base, alt.LayerChart):
        out = _add_layer(layer_chart_base, points)
    else:
        out = alt.layer(layer_chart_base, points)
    return out.resolve_scale(color="independent", shape="independent")


def spec_size(chart: alt.TopLevelMixin) -> int:
    """Characters in the chart's JSON spec (what the browser receives)."""
    return len(chart.to_json())
