"""Map chart builders: data in, Altair chart out. No Streamlit here.

Only rates and percentages are mapped (a count map mostly shows where people live): `choropleth`
and `tile_map` refuse unit 'count'. Values are grouped into a few classes (quantile or equal
interval, `class_breaks`) coloured with the Analysis Function sequential blues. Areas whose row
carries an official-statistics symbol instead of a value ('c', 'x', 'z', 'low', 'k', 'u') are grey,
show the symbol on the map and explain it in the tooltip; they are never coloured as a number.
Areas with no row at all are a lighter grey, "No data".

Geometry goes into the spec once, as a compact TopoJSON string (`geo.to_topojson`); the rows are a
small inline table joined to it by code with a lookup transform, so `chart.to_dict()` shows exactly
which class and tooltip each area gets. Clicking an area sets the point selection param
``area`` on ``geography_code``; `st.altair_chart(..., on_select="rerun")` returns it.

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

from nnecl_data import geo
from nnecl_data.charts import theme
from nnecl_data.charts.builders import records
from nnecl_data.sources import ONS_ATTRIBUTION
from nnecl_data.wording import SYMBOL_MEANINGS, SYMBOL_SHORT

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
KIND_TITLES = {"quantile": "quantile classes", "equal": "equal-interval classes"}

# Quality Mark institution points: colour AND shape per status (colour never the only carrier).
POINT_COLOURS = theme.POINT_COLOURS
POINT_SHAPES = ("circle", "triangle-up", "square", "diamond", "cross")

SELECTION = "area"  # the point selection param pages read: {"area": [{"geography_code": ...}]}
FILL_VIEW, SYMBOL_VIEW, HIGHLIGHT_VIEW = "map_areas", "map_symbols", "map_highlight"
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


def _is_percent(unit: str) -> bool:
    return unit.strip().lower() in PERCENT_UNITS


def format_number(value: float, unit: str, decimals: int | None = None) -> str:
    """'23%' / '23.5%' for percentages, '61 per 10,000' for other rates."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{value:,.{decimals}f}"
    if _is_percent(unit):
        return f"{text}%"
    return f"{text} {unit}".strip()


def class_labels(breaks: Sequence[float], unit: str) -> list[str]:
    """Legend labels such as '12–18%' for each class."""
    if len(breaks) < 2:
        return []
    d = _decimals(breaks)
    if breaks[0] == breaks[-1]:
        return [format_number(breaks[0], unit, d)]
    labels = []
    for lo, hi in zip(breaks[:-1], breaks[1:], strict=True):
        lo_text = f"{lo:,.{d}f}"
        labels.append(f"{lo_text}–{format_number(hi, unit, d)}")
    return labels


def status_text(status: str) -> str:
    """'c — suppressed to protect confidentiality'."""
    meaning = SYMBOL_MEANINGS.get(str(status).strip().lower())
    return f"{status} — {meaning}" if meaning else str(status)


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
    labels = class_labels(breaks, unit)
    colours = class_colours(len(labels))
    cls = assign_classes(value, breaks)
    class_label, value_text, symbol, text_colour = [], [], [], []
    for i, (v, s) in enumerate(zip(value, statuses, strict=True)):
        if s is not None:
            class_label.append(status_legend_label(s))
            value_text.append(status_text(s))
            symbol.append(s)
            text_colour.append(TEXT_DARK)
        elif cls[i] >= 0:
            class_label.append(labels[cls[i]])
            value_text.append(format_number(v, unit))
            symbol.append(None)
            text_colour.append(TEXT_LIGHT if cls[i] >= len(labels) - 2 and len(labels) >= 3 else TEXT_DARK)
        else:
            class_label.append(NO_DATA_LABEL)
            value_text.append("no data")
            symbol.append(None)
            text_colour.append(TEXT_DARK)
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


def _legend_title(value_label: str, scheme_kind: str) -> str:
    return f"{value_label} ({KIND_TITLES[scheme_kind]})"


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
        "title": _legend_title(value_label, scheme_kind),
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
        *[alt.Tooltip(f"{c}:N", title=c.replace("_", " ").capitalize()) for c in extra_cols],
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
        .mark_geoshape(stroke=BORDER, strokeWidth=stroke_width)
        .encode(
            color=colour,
            opacity=alt.OpacityValue(**alt.condition(area, alt.value(1.0), alt.value(0.45))),
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
    highlight = {str(c) for c in highlight_codes or []}
    chosen = gdf[gdf["areacd"].astype(str).isin(highlight)]
    if not chosen.empty:
        layers.append(
            alt.Chart(geometry_data(chosen, "map_highlight"))
            .mark_geoshape(filled=False, stroke=HIGHLIGHT, strokeWidth=2)
            .properties(name=HIGHLIGHT_VIEW)
        )
    chart = alt.layer(*layers).properties(
        width=width,
        height=height,
        projection=projection,
        title=alt.TitleParams(text=title, anchor="start", fontSize=14),
        view=alt.ViewBackground(stroke=None),
    )
    _keep_data_on_layers(chart)
    _set_selection(chart, area, [FILL_VIEW])
    return chart, labelled, tooltip


def _keep_data_on_layers(chart: alt.LayerChart) -> None:
    """Altair lifts the data of a lone layer to the top level; put it back, since Streamlit would turn
    top-level TopoJSON text into an Arrow table."""
    if chart.data is not alt.Undefined:
        chart.layer = [
            layer.properties(data=chart.data) if layer.data is alt.Undefined else layer for layer in chart.layer
        ]
        chart.data = alt.Undefined


def _set_selection(chart: alt.LayerChart, param, views: Sequence[str]) -> None:
    """One point selection shared by the area shapes and the text drawn on them, so a click on a
    label selects its area too."""
    chart.params = [alt.TopLevelSelectionParameter(name=param.name, select=param.param.select, views=list(views))]


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
) -> alt.LayerChart:
    """A choropleth of `data` on real boundaries (`gdf`: areacd, areanm, geometry in EPSG:4326,
    e.g. from `geo.cached_layers()`), Mercator so England looks like England.

    `year`, when given, keeps only the areas that existed that year (`geo.areas_for_year`).
    Classes are computed over the areas drawn; the legend is titled e.g. 'NEET % (quantile classes)'.
    Click an area to set the selection param 'area' (field geography_code)."""
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
        legend={"orient": legend_orient, "columns": 2, "direction": "vertical"},
        stroke_width=0,
        status_symbols=False,
    )
    # One text row per tile, including tiles with no data row.
    text = tiles[["areacd", "areanm", "label", "label_x", "label_y"]].rename(
        columns={"areacd": "geography_code", "areanm": "tile_name", "label_x": "lx", "label_y": "ly"}
    )
    text = text.merge(labelled.drop(columns=["lx", "ly"]), on="geography_code", how="left")
    text["geography_name"] = text["geography_name"].fillna(text["tile_name"])
    text["shown"] = [
        f"[{sym}]" if isinstance(sym, str) else (vt if isinstance(vt, str) else "–")
        for sym, vt in zip(text["symbol"], text["value_text"], strict=True)
    ]
    text["value_text"] = text["value_text"].fillna("no data")
    text["text_colour"] = text["text_colour"].fillna(TEXT_DARK)
    cols = ["geography_code", "geography_name", "label", "shown", "value_text", "text_colour", "lx", "ly"]
    extra = [t.shorthand.split(":")[0] for t in tooltip[2:]]
    text_base = alt.Chart(alt.InlineData(values=records(text, [*cols, *[c for c in extra if c in text]]))).encode(
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
) -> alt.LayerChart:
    """Overlay institutions (e.g. Quality Mark holders) as points on a map from `choropleth`:
    colour and shape both show the status, with their own legend."""
    missing = {status_col, name_col, latitude, longitude} - set(points_df.columns)
    if missing:
        raise ValueError(f"points lack columns {sorted(missing)}")
    pts = points_df.dropna(subset=[latitude, longitude]).copy()
    statuses = list(status_order) if status_order else sorted(pts[status_col].dropna().astype(str).unique())
    colours = [POINT_COLOURS[i % len(POINT_COLOURS)] for i in range(len(statuses))]
    shapes = [POINT_SHAPES[i % len(POINT_SHAPES)] for i in range(len(statuses))]
    legend = alt.Legend(title=title, orient="right", symbolSize=80, labelFontSize=11, titleFontSize=11)
    rows = records(pts, [name_col, status_col, latitude, longitude, *tooltip_cols])
    points = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_point(filled=True, size=70, opacity=1, stroke=theme.WHITE, strokeWidth=0.8)
        .encode(
            longitude=alt.Longitude(f"{longitude}:Q"),
            latitude=alt.Latitude(f"{latitude}:Q"),
            color=alt.Color(f"{status_col}:N", scale=alt.Scale(domain=statuses, range=colours), legend=legend),
            shape=alt.Shape(f"{status_col}:N", scale=alt.Scale(domain=statuses, range=shapes), legend=legend),
            tooltip=[
                alt.Tooltip(f"{name_col}:N", title="Institution"),
                alt.Tooltip(f"{status_col}:N", title=title),
                *[alt.Tooltip(f"{c}:N") for c in tooltip_cols],
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
