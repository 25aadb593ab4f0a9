"""Chart builders: DataFrames in, Altair charts out. No Streamlit, no database.

One theme (Government Analysis Function palette) is registered on import. Every chart has a title,
axis titles with units, and a `description` (its text alternative). Colour is never the only carrier
of meaning: England is a dashed rule named in a legend (or a thick dashed line named at its end),
highlighted areas are also named in bold, statuses have their own outline and are spelled out in
labels and tooltips. Rows with a status (suppressed etc.) are drawn as text, never as bars.

Labels never sit on a rule or on each other: bar values are written in a column right of the longest
bar and of England's rule; line ends and scatter points are labelled at positions worked out here
(`charts.text`). Tooltips take their words from `charts.text`, the same on every chart.

The areas a chart highlights are a Vega-Lite parameter (`HIGHLIGHT_PARAM`), not baked into its marks:
the same spec serves every selection, and `ui.chart_specs` builds it once and sets the parameter (and
any small dataset that depends on it, such as line-end labels) per view — see `Variant`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import altair as alt
import numpy as np
import pandas as pd

from nnecl_data import wording
from nnecl_data.charts import text, theme
from nnecl_data.charts.theme import CATEGORICAL, HIGHLIGHT, MUTED, SEQUENTIAL
from nnecl_data.charts.theme import ENGLAND as ENGLAND_COLOUR
from nnecl_data.rules import transforms
from nnecl_data.rules.suppression import is_publishable

FONT = "Arial, Helvetica, sans-serif"
WIDTH = 640
# Streamlit adds autosize "fit" when a chart has none, squeezing axes, titles and legends into the given
# size: the plot shrinks to a sliver. fit-x fills the container's width and keeps the plot's own height.
FIT_X = alt.AutoSizeParams(type="fit-x", contains="padding")
# Specs are serialised with data inline (cached page specs, PNG/SVG exports); a 100x register has more
# points than Altair's default 5,000-row guard, which exists for notebooks, not for us.
alt.data_transformers.disable_max_rows()

HIGHLIGHT_PARAM = "highlight"  # codes of the areas drawn emphasised
HIGHLIGHT_NAMES_PARAM = "highlight_names"  # the same areas by name (axis labels are names)
AREA_SELECTION = "area"  # the click selection pages read: {"area": [{"geography_code": ...}]}
BAR_VIEW = "ranked_bars"  # the bars layer, which a click selection listens to
TREND_LABELS = "trend_end_labels"  # the named dataset of line-end labels
ENGLAND_DASH = [6, 3]
# Highlighted lines: the categorical palette without England's grey.
LINE_COLOURS = [c for c in CATEGORICAL if c != ENGLAND_COLOUR]
LABEL_FONT = 12
BAR_STEP = 24  # px per bar
TREND_HEIGHT = 360
SCATTER_HEIGHT = 400
TARGET_HEIGHT = 300
AREA = "Area"
NARROW_PLOT = 480  # px: below this plot width, long titles wrap
TITLE_CHARS = 34  # 16 px bold: a phone's width
SUBTITLE_CHARS = 52  # 13 px


@alt.theme.register("nnecl", enable=True)
def _theme() -> alt.theme.ThemeConfig:
    return alt.theme.ThemeConfig(
        {
            "config": {
                "font": FONT,
                "range": {"category": CATEGORICAL, "ramp": SEQUENTIAL},
                "title": {
                    "fontSize": 16,
                    "anchor": "start",
                    "color": theme.TEXT,
                    "subtitleColor": theme.SECONDARY_TEXT,
                    "subtitleFontSize": 13,
                    "offset": 8,
                },
                "axis": {
                    "labelFontSize": 12,
                    "titleFontSize": 13,
                    "labelColor": theme.TEXT,
                    "titleColor": theme.TEXT,
                    "gridColor": theme.GRID,
                },
                "legend": {"labelFontSize": 12, "titleFontSize": 13, "orient": "bottom"},
                "view": {"stroke": None},
                "bar": {"color": HIGHLIGHT},
                "line": {"strokeWidth": 2},
                # Point marks (line ends, scenario points) are drawn without a label of their own, which
                # screen readers meet as unnamed images (axe svg-img-alt): hide them from the ARIA tree; each
                # chart's description and data table carry the figures.
                "point": {"aria": False},
                "circle": {"aria": False},
                "square": {"aria": False},
            }
        }
    )


def records(df: pd.DataFrame, fields: Sequence[str] | None = None) -> list[dict]:
    """Rows as JSON-ready dicts: numpy scalars as Python numbers, NaN/NA as null, timestamps ISO."""
    out = []
    frame = df if fields is None else df[list(fields)]
    for rec in frame.to_dict(orient="records"):
        clean = {}
        for key, value in rec.items():
            if isinstance(value, np.generic):
                value = value.item()
            if value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
                value = None
            elif isinstance(value, (pd.Timestamp, dt.date)):
                value = value.isoformat()
            clean[str(key)] = value
        out.append(clean)
    return out


def _chart(df: pd.DataFrame | list[dict]) -> alt.Chart:
    """alt.Chart on the frame's rows as plain records. Given the DataFrame, Altair sanitises it again for
    every layer that uses it: half of a bar chart's build time (profiled for issue 8)."""
    return alt.Chart(alt.InlineData(values=df if isinstance(df, list) else records(df)))


def _shared() -> alt.Chart:
    """A layer with no data of its own: it draws the chart's top-level rows (`_with_rows`)."""
    return alt.Chart()


def _with_rows(chart: alt.TopLevelMixin, rows: list[dict]) -> alt.TopLevelMixin:
    """Give a composed chart its rows last: every Altair copy made while composing (each encode, layer and
    properties call deep-copies the chart) then skips the data, which was most of a bar chart's build."""
    chart.data = alt.InlineData(values=rows)
    return chart


def wrap(line: str, width: int) -> list[str]:
    """A line broken at spaces into lines of at most `width` characters (longer words stay whole)."""
    lines: list[str] = []
    current = ""
    for word in line.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines


def chart_title(title: str, subtitle: str | Sequence[str] = "") -> alt.Title:
    """A title that wraps on a phone: Vega titles never wrap, so a long one is given as an expression of
    the plot's width, one line on a wide plot, several on a narrow one. Subtitles (which cannot be
    expressions) are wrapped to a phone's width everywhere."""
    lines = wrap(title, TITLE_CHARS)
    text_value = (
        title
        if len(lines) == 1
        else alt.ExprRef(expr=f"width < {NARROW_PLOT} ? {json.dumps(lines)} : {json.dumps(title)}")
    )
    notes = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    sub = [part for note in notes if note for part in wrap(note, SUBTITLE_CHARS)]
    return alt.Title(text_value, subtitle=sub) if sub else alt.Title(text_value)


def unit_title(label: str, unit: str) -> str:
    suffix = {"percent": " (%)", "rate_per_10000": " (per 10,000 children)", "score": " (score)"}.get(unit, "")
    return label if label.endswith(")") else f"{label}{suffix}"


def _has_value(value) -> bool:
    return value is not None and value == value


# --- the highlight parameter -------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """What differs between two selections of one chart: parameter values, small named inline datasets
    (values replaced wherever a layer's data has that name) and, if it changes, the description."""

    params: dict = field(default_factory=dict)
    inline: dict = field(default_factory=dict)
    description: str | None = None


def apply_variant(spec: dict, variant: Variant) -> dict:
    """Set a Vega-Lite spec (a dict, changed in place) to a variant; the same edit `_params` and the
    builders make, so a cached spec with its variant applied equals the chart built for it."""
    for param in spec.get("params", ()):
        if param.get("name") in variant.params:
            param["value"] = variant.params[param["name"]]
    if variant.inline:
        _set_inline(spec, variant.inline)
    if variant.description is not None:
        spec["description"] = variant.description
    return spec


def _set_inline(node: dict, inline: dict) -> None:
    data = node.get("data")
    if isinstance(data, dict) and data.get("name") in inline and "values" in data:
        data["values"] = inline[data["name"]]
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for child in node.get(key, ()):
            _set_inline(child, inline)


def _params(variant: Variant) -> list[alt.VariableParameter]:
    return [alt.VariableParameter(name=name, value=value) for name, value in variant.params.items()]


def _with_params(chart: alt.TopLevelMixin, variant: Variant, keep: Sequence = ()) -> alt.TopLevelMixin:
    chart.params = [*keep, *_params(variant)]
    if variant.description is not None:
        chart.description = variant.description
    return chart


def _keys(df: pd.DataFrame, name_field: str) -> pd.Series:
    """What the highlight parameter holds for each row: its code, or its name when it has none."""
    return df["geography_code"].astype(str) if "geography_code" in df else df[name_field].astype(str)


def highlight_variant(df: pd.DataFrame, highlight=None, name_field: str = "geography_name") -> Variant:
    """The highlight parameter for the rows whose code (or name) is in `highlight`, and their names."""
    wanted = {str(code) for code in highlight or ()}
    keys = (df["geography_code"] if "geography_code" in df else df[name_field]).astype(str).tolist()
    names = df[name_field].astype(str).tolist()
    codes = [k for k in dict.fromkeys(keys) if k in wanted]
    chosen = list(dict.fromkeys(n for k, n in zip(keys, names, strict=True) if k in wanted))
    return Variant(params={HIGHLIGHT_PARAM: codes, HIGHLIGHT_NAMES_PARAM: chosen})


def _highlighted(key: str = "area_key") -> str:
    """Expression: this row is highlighted (nothing highlighted counts as all)."""
    return f"length({HIGHLIGHT_PARAM}) == 0 || indexof({HIGHLIGHT_PARAM}, datum.{key}) >= 0"


def _chosen(key: str = "area_key") -> str:
    """Expression: this row is one of the highlighted ones (none when nothing is highlighted)."""
    return f"indexof({HIGHLIGHT_PARAM}, datum.{key}) >= 0"


def _bold_chosen_names() -> alt.ExprRef:
    return alt.ExprRef(expr=f"indexof({HIGHLIGHT_NAMES_PARAM}, datum.value) >= 0 ? 'bold' : 'normal'")


# --- England -----------------------------------------------------------------------------------


def _benchmark_rule(
    value: float, label: str, channel: str = "x", dash: list[int] | None = None
) -> list[alt.Chart]:
    """A benchmark (England) as a dashed rule over a white halo, so it shows on bars and on white, named in
    a legend entry ('England: 40%') rather than by text on the plot, where it would meet bar labels."""
    base = _chart([{"benchmark": value, "benchmark_label": label}])
    position = alt.X("benchmark:Q") if channel == "x" else alt.Y("benchmark:Q")
    halo = base.mark_rule(color=theme.WHITE, size=5).encode(**{channel: position})
    rule = base.mark_rule(color=ENGLAND_COLOUR, size=2).encode(
        **{channel: position},
        strokeDash=alt.StrokeDash(
            "benchmark_label:N",
            scale=alt.Scale(domain=[label], range=[dash or ENGLAND_DASH]),
            legend=alt.Legend(
                title=None,
                orient="top",
                symbolType="stroke",
                symbolStrokeWidth=2,
                symbolSize=500,
                symbolStrokeColor=ENGLAND_COLOUR,
                labelFontSize=12,
                labelLimit=400,
            ),
        ),
        tooltip=[alt.Tooltip("benchmark_label:N", title="Benchmark")],
    )
    return [halo, rule]


def _status_texts(
    df: pd.DataFrame, unit: str, decimals: int, polarity: str, england: float | None
) -> pd.DataFrame:
    """Rows with value (blank beside a symbol), label (number or symbol), value_text (number with unit,
    '(derived)' if so, or the symbol's meaning) and, with England, compared (the signed gap in words)."""
    out = df.copy()
    if "status" not in out:
        out["status"] = None
    statuses = [s if isinstance(s, str) and s else None for s in out["status"]]
    values = [float(v) if is_publishable(v, s) else None for v, s in zip(out["value"], statuses, strict=True)]
    derived = out["is_derived"].fillna(False).astype(bool).tolist() if "is_derived" in out else [False] * len(out)
    out["status"] = pd.Series(statuses, index=out.index, dtype=object)
    out["value"] = pd.Series(values, index=out.index, dtype=object)
    out["label"] = [text.label_text(v, s, unit, decimals) for v, s in zip(values, statuses, strict=True)]
    out["value_text"] = [
        text.value_text(v, s, unit, decimals, d) for v, s, d in zip(values, statuses, derived, strict=True)
    ]
    if _has_value(england):
        verdicts = out["verdict"].tolist() if "verdict" in out else [None] * len(out)
        out["compared"] = [
            text.gap_text(v - england, unit, polarity, decimals, verdict) if v is not None else ""
            for v, verdict in zip(values, verdicts, strict=True)
        ]
    return out


def _england_label(england: float, unit: str, decimals: int) -> str:
    return f"England: {text.value_text(england, None, unit, decimals)}"


# --- bars --------------------------------------------------------------------------------------


def ranked_bars(
    df: pd.DataFrame,
    *,
    title: str,
    value_label: str,
    unit: str,
    polarity: str,
    england: float | None = None,
    highlight: list[str] | None = None,
    name_field: str = "geography_name",
    subtitle: str = "",
    clickable: bool = False,
) -> alt.LayerChart:
    """Areas ranked on one indicator (best at the top), England as a dashed rule named in the legend.
    Values are written in a column right of the longest bar and of the rule, so no label meets either.
    Highlighted areas (the highlight parameter) are dark blue and named in bold, the others light blue.

    Suppressed areas stay in the list with their symbol as text and no bar. `clickable`: a click on a
    bar or its figure selects that area's `geography_code` (the `AREA_SELECTION` parameter)."""
    has_england = _has_value(england)
    published = [
        v for v, s in zip(df["value"], df.get("status", [None] * len(df)), strict=True) if is_publishable(v, s)
    ]
    decimals = text.decimals_for([*published, *([england] if has_england else [])], unit)
    data = _status_texts(df, unit, decimals, polarity, england if has_england else None)
    data["area_key"] = _keys(data, name_field)
    ascending = polarity == "lower_better"
    data["sort_key"] = [v if v is not None else (math.inf if ascending else -math.inf) for v in data["value"]]
    order = data.sort_values("sort_key", ascending=ascending, kind="stable")[name_field].tolist()
    data["label_x"] = max([*published, *([england] if has_england else []), 0])

    y = alt.Y(
        f"{name_field}:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelLimit=220, labelFontWeight=_bold_chosen_names()),
    )
    tooltip = [alt.Tooltip(f"{name_field}:N", title=AREA), alt.Tooltip("value_text:N", title=value_label)]
    if has_england:
        tooltip.append(alt.Tooltip("compared:N", title=wording.COMPARED_WITH_ENGLAND))
    base = _shared()
    cursor = {"cursor": "pointer"} if clickable else {}
    bars = base.mark_bar(**cursor).encode(
        x=alt.X(
            "value:Q", title=unit_title(value_label, unit), scale=alt.Scale(zero=True), axis=alt.Axis(grid=False)
        ),
        y=y,
        color=alt.ColorValue(**alt.condition(_highlighted(), alt.value(HIGHLIGHT), alt.value(theme.LIGHT_BLUE))),
        tooltip=tooltip,
    )
    labels = base.mark_text(
        align="left",
        dx=6,
        fontSize=LABEL_FONT,
        color=theme.TEXT,
        fontWeight=alt.ExprRef(expr=f"{_chosen()} ? 'bold' : 'normal'"),
    ).encode(x=alt.X("label_x:Q"), y=y, text=alt.Text("label:N"), tooltip=tooltip)
    keep = []
    if clickable:
        bars = bars.properties(name=BAR_VIEW)
        keep = [click_selection(BAR_VIEW)]
    layers = [bars]
    england_text = ""
    if has_england:
        label = _england_label(england, unit, decimals)
        layers += _benchmark_rule(england, label)
        england_text = f" The dashed line is England: {text.value_text(england, None, unit, decimals)}."
    layers.append(labels)
    notes = [subtitle]
    if "is_derived" in df and df["is_derived"].fillna(False).astype(bool).any():
        notes.append(wording.DERIVED_BARS_NOTE)
    chart = alt.layer(*layers).properties(
        title=chart_title(title, notes),
        autosize=FIT_X,
        height=max(160, BAR_STEP * len(data)),
        description=f"Bar chart: {title}. {len(data)} areas ranked best first.{england_text}",
    )
    return _with_rows(
        _with_params(chart, highlight_variant(data, highlight, name_field), keep),
        records(data.drop(columns=["sort_key"])),
    )


def click_selection(view: str) -> alt.TopLevelSelectionParameter:
    """A click selection of an area's code on the named layer of a layered chart; a double click clears
    it. One layer only: Vega-Lite in the browser draws nothing when one point selection names two layers
    of a chart whose layers share its data (the bars and their figures)."""
    point = alt.selection_point(name=AREA_SELECTION, fields=["geography_code"], on="click", clear="dblclick")
    return alt.TopLevelSelectionParameter(name=point.name, select=point.param.select, views=[view])


def benchmark_bars(
    df: pd.DataFrame,
    *,
    category: str,
    value: str,
    title: str,
    x_title: str,
    benchmark: float | None,
    benchmark_label: str = "England",
    fmt: str = ".1f",
    subtitle: str = "",
) -> alt.LayerChart:
    """One bar per category, highest first, values in a column right of the longest bar and of the
    benchmark (e.g. England's rate), which is a dashed rule named in the legend. Missing values are
    written as their symbol, x (not available)."""
    data = df.copy()
    present = [float(v) for v in data[value] if _has_value(v)]
    has_benchmark = _has_value(benchmark)
    # a missing figure is its symbol, as on every chart, with the meaning in the tooltip
    data["label"] = [format(v, fmt) if _has_value(v) else "x" for v in data[value]]
    data["value_text"] = [format(v, fmt) if _has_value(v) else text.value_text(None, "x", "") for v in data[value]]
    data["label_x"] = max([*present, *([benchmark] if has_benchmark else []), 0])
    order = data.sort_values(value, ascending=False, na_position="last")[category].tolist()
    y = alt.Y(f"{category}:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    tooltip = [alt.Tooltip(f"{category}:N", title=AREA), alt.Tooltip("value_text:N", title=x_title)]
    base = _shared()
    layers = [
        base.mark_bar(color=HIGHLIGHT).encode(
            x=alt.X(f"{value}:Q", title=x_title, axis=alt.Axis(grid=False)), y=y, tooltip=tooltip
        )
    ]
    described = ""
    if has_benchmark:
        layers += _benchmark_rule(benchmark, f"{benchmark_label}: {benchmark:{fmt}}")
        described = f" The dashed line is {benchmark_label}: {benchmark:{fmt}}."
    layers.append(
        base.mark_text(align="left", dx=6, fontSize=LABEL_FONT, color=theme.TEXT).encode(
            x=alt.X("label_x:Q"), y=y, text=alt.Text("label:N"), tooltip=tooltip
        )
    )
    chart = alt.layer(*layers).properties(
        title=chart_title(title, subtitle),
        autosize=FIT_X,
        height=max(160, 26 * len(data)),
        description=f"Bar chart: {title}. {len(data)} areas, highest first.{described}",
    )
    return _with_rows(chart, records(data))


def simple_bars(
    df: pd.DataFrame,
    *,
    category: str,
    value: str,
    title: str,
    x_title: str,
    fmt: str = ".0f",
    colour: str = HIGHLIGHT,
    sort_descending: bool = True,
    note_field: str | None = None,
) -> alt.LayerChart:
    """One bar per category with its value written at the end of the bar."""
    data = df.copy()
    order = data.sort_values(value, ascending=not sort_descending)[category].tolist()
    tooltip = [alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{value}:Q", title=x_title, format=fmt)]
    if note_field:
        tooltip.append(alt.Tooltip(f"{note_field}:N", title="Note"))
    y = alt.Y(f"{category}:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    base = _shared()
    bars = base.mark_bar(color=colour).encode(x=alt.X(f"{value}:Q", title=x_title), y=y, tooltip=tooltip)
    labels = base.mark_text(align="left", dx=4, fontSize=LABEL_FONT).encode(
        x=alt.X(f"{value}:Q"), y=y, text=alt.Text(f"{value}:Q", format=fmt)
    )
    chart = alt.layer(bars, labels).properties(
        title=chart_title(title),
        autosize=FIT_X,
        height=max(140, 26 * len(data)),
        description=f"Bar chart: {title}.",
    )
    return _with_rows(chart, records(data))


def _present(order: Sequence[str], styles: Sequence, shown: Sequence[str]) -> tuple[list[str], list]:
    """The legend's categories: those in `order` that have rows, with their styles (no empty entries)."""
    have = set(shown)
    kept = [(name, style) for name, style in zip(order, styles, strict=False) if name in have]
    return [name for name, _ in kept], [style for _, style in kept]


def _segments(df: pd.DataFrame, category: str, stack: str, count: str, order: Sequence[str]) -> list[dict]:
    """Stacked segments worked out here (start, end, middle, the bar's total), so counts can be written
    inside them. Plain rows: these charts are built for each new selection."""
    rank = {name: i for i, name in enumerate(order)}
    sums: dict[tuple, float] = {}
    for cat, part, n in zip(df[category].tolist(), df[stack].tolist(), df[count].tolist(), strict=True):
        if _has_value(n) and n > 0:
            key = (_plain(cat), str(part))
            sums[key] = sums.get(key, 0) + _plain(n)
    categories = list(dict.fromkeys(cat for cat, _ in sums))
    rows: list[dict] = []
    for cat in sorted(categories, key=lambda c: (str(type(c)), c)):
        parts = sorted((p for c, p in sums if c == cat), key=lambda p: rank.get(p, len(rank)))
        end, mine = 0, []
        for part in parts:
            n = sums[(cat, part)]
            mine.append({category: cat, stack: part, count: n, "seg_start": end, "seg_end": end + n})
            end += n
        for row in mine:
            row["seg_mid"] = (row["seg_start"] + row["seg_end"]) / 2
            row["total"] = end
            row["segments"] = len(mine)
        rows += mine
    return rows


def _segment_layers(
    rows: list[dict],
    *,
    category: str,
    stack: str,
    count: str,
    domain: list[str],
    colours: list[str],
    dashed: Sequence[str],
    legend: alt.Legend,
    x_title: str,
    tooltip: list,
    horizontal: bool = True,
) -> tuple[list[alt.Chart], list[dict]]:
    """Bars of stacked segments, the count written inside each segment wide enough for it (on a phone's
    plot) where the bar has several segments, in a colour readable on its fill, and each category's total
    at its end (a bar of one segment has its count there only); and the rows they draw (the chart's
    top-level data)."""
    most = max([row["total"] for row in rows] or [1])
    room = text.MIN_PLOT_WIDTH if horizontal else TARGET_HEIGHT
    fill_of = dict(zip(domain, colours, strict=True))
    outlined = set(dashed)
    for row in rows:
        fits = row[count] * room / most >= 16
        row["count_text"] = f"{row[count]:.0f}" if fits and row["segments"] > 1 else ""
        row["text_colour"] = theme.text_on(fill_of.get(row[stack], theme.WHITE))
        row["outline"] = theme.DARK_GREY if row[stack] in outlined else theme.WHITE
        row["dash"] = [3, 2] if row[stack] in outlined else [1, 0]
    totals = list({row[category]: {category: row[category], "total": row["total"]} for row in rows}.values())
    base = _shared()
    value_axis = alt.Axis(tickMinStep=1, grid=False)
    pos, pos2, cat_channel = ("x", "x2", "y") if horizontal else ("y", "y2", "x")
    cat = (
        alt.Y(f"{category}:N", title=None, axis=alt.Axis(labelLimit=220))
        if horizontal
        else alt.X(f"{category}:O", title=None)
    )
    start = (alt.X if horizontal else alt.Y)("seg_start:Q", title=x_title, axis=value_axis)
    end = (alt.X2 if horizontal else alt.Y2)("seg_end:Q")
    colour = alt.Color(f"{stack}:N", scale=alt.Scale(domain=domain, range=colours), legend=legend)
    bars = base.mark_bar(strokeWidth=1.5).encode(
        **{pos: start, pos2: end, cat_channel: cat},
        color=colour,
        stroke=alt.Stroke("outline:N", scale=None),
        strokeDash=alt.StrokeDash("dash:N", scale=None),
        tooltip=tooltip,
    )
    counts = base.mark_text(fontSize=11).encode(
        **{pos: alt.X("seg_mid:Q") if horizontal else alt.Y("seg_mid:Q"), cat_channel: cat},
        text=alt.Text("count_text:N"),
        color=alt.Color("text_colour:N", scale=None),
        tooltip=tooltip,
    )
    ends = (
        _chart(totals)
        .mark_text(
            **({"align": "left", "dx": 6} if horizontal else {"baseline": "bottom", "dy": -4}),
            fontSize=LABEL_FONT,
            fontWeight="bold",
            color=theme.TEXT,
        )
        .encode(
            **{pos: alt.X("total:Q") if horizontal else alt.Y("total:Q"), cat_channel: cat},
            text=alt.Text("total:Q", format=".0f"),
        )
    )
    return [bars, counts, ends], rows


def _status_legend(
    title: str, dashed: Sequence[str], domain: Sequence[str], columns: int | None = None
) -> alt.Legend:
    # symbols with the segments' outline: dashed for the statuses drawn dashed
    return alt.Legend(
        title=title,
        orient="bottom",
        direction="horizontal",
        labelLimit=320,
        symbolType="square",
        symbolSize=200,
        symbolStrokeWidth=1.5,
        symbolStrokeColor=alt.ExprRef(
            expr=f"indexof({list(dashed)!r}, datum.value) >= 0 ? '{theme.DARK_GREY}' : '{theme.WHITE}'"
        ),
        symbolDash=alt.ExprRef(expr=f"indexof({list(dashed)!r}, datum.value) >= 0 ? [3, 2] : [1, 0]"),
        columns=alt.ExprRef(expr=f"width < {NARROW_PLOT} ? 1 : {columns or max(len(domain), 1)}"),
    )


def grouped_status_bars(
    df: pd.DataFrame,
    *,
    category: str,
    status: str,
    count: str,
    title: str,
    status_order: list[str],
    status_colours: list[str],
    category_title: str = "",
    x_title: str = "Number of institutions",
    dashed_statuses: Sequence[str] = (),
) -> alt.LayerChart:
    """Stacked horizontal bars of counts by status (e.g. Quality Mark status by region). Not colour
    alone: each segment has its count written in it (where it fits), statuses drawn dashed (renewal not
    announced) have
    a dashed outline, the legend lists only statuses present, and tooltips name the status."""
    domain, colours = _present(status_order, status_colours, df[status].astype(str).tolist())
    data = _segments(df, category, status, count, domain)
    tooltip = [
        alt.Tooltip(f"{category}:N", title=category_title or category),
        alt.Tooltip(f"{status}:N", title="Status"),
        alt.Tooltip(f"{count}:Q", title="Number"),
    ]
    layers, rows = _segment_layers(
        data,
        category=category,
        stack=status,
        count=count,
        domain=domain,
        colours=colours,
        dashed=dashed_statuses,
        legend=_status_legend("Status", dashed_statuses, domain),
        x_title=x_title,
        tooltip=tooltip,
    )
    chart = alt.layer(*layers).properties(
        title=chart_title(title),
        autosize=FIT_X,
        height=26 * max(len({row[category] for row in data}), 2),
        description=f"Stacked bar chart: {title}. Statuses shown: {', '.join(domain) or 'none'}.",
    )
    return _with_rows(chart, rows)


def timeline_bars(
    df: pd.DataFrame,
    *,
    year: str,
    count: str,
    status: str,
    title: str,
    status_order: list[str],
    status_colours: list[str],
    dashed_statuses: Sequence[str] = (),
) -> alt.LayerChart:
    """Counts per year stacked by status (e.g. Quality Mark awards announced per year). Every year from
    the first to the last is on the axis, including years with nothing recorded; the legend lists only
    statuses present; each column's total is written above it."""
    domain, colours = _present(status_order, status_colours, df[status].astype(str).tolist())
    years = [int(y) for y in df[year].dropna()]
    all_years = list(range(min(years), max(years) + 1)) if years else []
    data = _segments(df.assign(**{year: df[year].astype(int)}), year, status, count, domain)
    tooltip = [
        alt.Tooltip(f"{year}:O", title="Year"),
        alt.Tooltip(f"{status}:N", title="Status"),
        alt.Tooltip(f"{count}:Q", title="Awards"),
    ]
    layers, rows = _segment_layers(
        data,
        category=year,
        stack=status,
        count=count,
        domain=domain,
        colours=colours,
        dashed=dashed_statuses,
        legend=_status_legend("Status", dashed_statuses, domain),
        x_title="Number of awards",
        tooltip=tooltip,
        horizontal=False,
    )
    x_scale = alt.X(
        f"{year}:O", title="Year announced", scale=alt.Scale(domain=all_years), axis=alt.Axis(labelAngle=0)
    )
    layers = [layer.encode(x=x_scale) for layer in layers]
    empty = [y for y in all_years if y not in {row[year] for row in data}]
    described = f" No award is recorded for {', '.join(map(str, empty))}." if empty else ""
    chart = alt.layer(*layers).properties(
        title=chart_title(title),
        autosize=FIT_X,
        height=280,
        description=f"Column chart: {title}, {all_years[0] if all_years else ''} to "
        f"{all_years[-1] if all_years else ''}.{described}",
    )
    return _with_rows(chart, rows)


def stacked_bars(
    df: pd.DataFrame,
    *,
    category: str,
    stack: str,
    count: str,
    title: str,
    stack_order: list[str],
    colours: list[str],
    legend_title: str,
    x_title: str,
    subtitle: str = "",
) -> alt.LayerChart:
    """Stacked horizontal bars of counts (e.g. members by region and type) with a titled legend of the
    types present, the count written in each segment wide enough for it and each bar's total at its end."""
    domain, palette = _present(stack_order, colours, df[stack].astype(str).tolist())
    data = _segments(df, category, stack, count, domain)
    tooltip = [
        alt.Tooltip(f"{category}:N"),
        alt.Tooltip(f"{stack}:N", title=legend_title),
        alt.Tooltip(f"{count}:Q", title="Number"),
    ]
    legend = alt.Legend(
        title=legend_title,
        labelLimit=300,
        columns=alt.ExprRef(expr=f"width < {NARROW_PLOT} ? 1 : 3"),
        orient="bottom",
        symbolType="square",
    )
    layers, rows = _segment_layers(
        data,
        category=category,
        stack=stack,
        count=count,
        domain=domain,
        colours=palette,
        dashed=(),
        legend=legend,
        x_title=x_title,
        tooltip=tooltip,
    )
    chart = alt.layer(*layers).properties(
        title=chart_title(title, subtitle),
        autosize=FIT_X,
        height=26 * max(len({row[category] for row in data}), 2),
        description=f"Stacked bar chart: {title}.",
    )

    # --- trends ------------------------------------------------------------------------------------
    return _with_rows(chart, rows)


def nice_domain(values: Sequence[float], *, zero: bool = False, ticks: int = 5) -> list[float]:
    """[low, high] on round steps around the values, not forced to zero unless `zero`."""
    numbers = [float(v) for v in values if _has_value(v)]
    if not numbers:
        return [0.0, 1.0]
    low, high = min(numbers), max(numbers)
    if zero:
        low, high = min(low, 0.0), max(high, 0.0)
    span = high - low or max(abs(high), 1.0)
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    out_low = math.floor(low / step) * step
    out_high = math.ceil(high / step) * step
    if out_low == low and low != 0:
        out_low -= step  # a point on the bottom edge would sit on the axis
    if out_high == high:
        out_high += step
    return [round(out_low, 10), round(out_high, 10)]


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


@dataclass(frozen=True)
class _Points:
    """A trend's published points as plain lists (what the per-selection variant needs, cheaply)."""

    keys: list
    names: list
    england: list
    periods: list
    values: list  # None where not published

    @classmethod
    def of(cls, series: pd.DataFrame, period_field: str) -> _Points:
        statuses = series["status"].tolist() if "status" in series else [None] * len(series)
        values = [
            float(v) if is_publishable(v, s if isinstance(s, str) and s else None) else None
            for v, s in zip(series["value"].tolist(), statuses, strict=True)
        ]
        return cls(
            [str(k) for k in series["geography_code"].tolist()],
            [str(n) for n in series["geography_name"].tolist()],
            [level == "england" for level in series["geography_level"].tolist()],
            [_plain(p) for p in series[period_field].tolist()],
            values,
        )

    @property
    def published(self) -> list[float]:
        return [v for v in self.values if v is not None]


def _end_label_rows(
    points: _Points,
    highlight: Sequence[str],
    *,
    unit: str,
    decimals: int,
    domain: Sequence[float],
    period_field: str,
    label_names: dict | None,
) -> list[dict]:
    """A label at the last published point of England and of each highlighted area: its name and
    value, spaced (`text.dodge`) so no two overlap, in the chart's own pixels (fixed height, explicit
    domain)."""
    wanted = set(highlight)
    last: dict[str, int] = {}
    for i, (key, england, value) in enumerate(zip(points.keys, points.england, points.values, strict=True)):
        later = key not in last or points.periods[i] >= points.periods[last[key]]
        if value is not None and (england or key in wanted) and later:
            last[key] = i
    final = max(points.periods) if points.periods else None
    rows = []
    for key, i in last.items():
        name = (label_names or {}).get(key, points.names[i])
        when = "" if points.periods[i] == final else f" in {points.periods[i]}"
        rows.append(
            {
                "area_key": key,
                "end_text": f"{name} {text.label_text(points.values[i], None, unit, decimals)}{when}",
                period_field: points.periods[i],
                "value": points.values[i],
                "england": points.england[i],
            }
        )
    low, high = domain
    per_px = (high - low) / TREND_HEIGHT
    placed = text.dodge(
        [(high - r["value"]) / per_px for r in rows], LABEL_FONT * text.LINE_HEIGHT, 0, TREND_HEIGHT
    )
    for row, px in zip(rows, placed, strict=True):
        row["label_y"] = round(high - px * per_px, 6)
    return sorted(rows, key=lambda r: -r["label_y"])


def default_highlight(series: pd.DataFrame, polarity: str, period=None, period_field: str = "year") -> list[str]:
    """With no area chosen: the best and the furthest-behind area (highest and lowest for a neutral
    indicator) in `period`, or in the latest period with figures."""
    areas = series[(series["geography_level"] != "england") & series["value"].notna()]
    if "status" in areas:
        areas = areas[areas["status"].isna() | (areas["status"] == "")]
    if areas.empty:
        return []
    when = period if period is not None and (areas[period_field] == period).any() else areas[period_field].max()
    best, worst = transforms.extremes(areas[areas[period_field] == when], polarity)
    return list(dict.fromkeys([str(best["geography_code"]), str(worst["geography_code"])]))


def _trend_frame(series: pd.DataFrame, unit: str, polarity: str, period_field: str) -> tuple[pd.DataFrame, int]:
    published = [
        v
        for v, s in zip(series["value"], series.get("status", [None] * len(series)), strict=True)
        if is_publishable(v, s)
    ]
    decimals = text.decimals_for(published, unit)
    data = _status_texts(series, unit, decimals, polarity, None)
    data["area_key"] = data["geography_code"].astype(str)
    data["role"] = ["England" if level == "england" else "Area" for level in data["geography_level"]]
    england = data[data["role"] == "England"].set_index(period_field)["value"]
    gaps = [
        (v - england.get(p)) if (v is not None and role != "England" and _has_value(england.get(p))) else None
        for v, p, role in zip(data["value"], data[period_field], data["role"], strict=True)
    ]
    data["compared"] = [text.gap_text(g, unit, polarity, decimals) if g is not None else "" for g in gaps]
    data["derived"] = data["is_derived"].fillna(False).astype(bool) if "is_derived" in data else False
    return data, decimals


def trend_variant(
    series: pd.DataFrame,
    *,
    unit: str,
    highlight: Sequence[str] | None = None,
    period_field: str = "year",
    label_names: dict | None = None,
    title: str = "",
    **_ignored,
) -> Variant:
    """What a trend chart changes per selection: the highlighted codes, their line-end labels, the
    description. Plain lists, no chart: this runs on every view."""
    points = _Points.of(series, period_field)
    present = set(points.keys)
    codes = [c for c in dict.fromkeys(str(h) for h in highlight or ()) if c in present]
    published = points.published
    labels = _end_label_rows(
        points,
        codes,
        unit=unit,
        decimals=text.decimals_for(published, unit),
        domain=nice_domain(published),
        period_field=period_field,
        label_names=label_names,
    )
    chosen = set(codes)
    names = list(dict.fromkeys(n for k, n in zip(points.keys, points.names, strict=True) if k in chosen))
    span = f" from {min(points.periods)} to {max(points.periods)}" if points.periods else ""
    shown = f" Highlighted: {', '.join(names)}; other areas in grey." if names else ""
    return Variant(
        params={HIGHLIGHT_PARAM: codes},
        inline={TREND_LABELS: labels},
        description=f"Line chart: {title}{span}. England is the thick dashed dark line.{shown}",
    )


def trend_lines(
    series: pd.DataFrame,
    *,
    title: str,
    value_label: str,
    unit: str,
    highlight: list[str] | None = None,
    period_field: str = "year",
    polarity: str = "neutral",
    label_names: dict | None = None,
) -> alt.LayerChart:
    """Change over time. England is a thick dashed dark line; the highlighted areas (the highlight
    parameter) are coloured lines; every other area is a thin grey line. England and the highlighted
    areas are named with their latest value at the end of their line, spaced so no two labels overlap.
    The vertical axis shows the variation (it does not start at zero, and says so); years are written
    level. Missing or suppressed years are gaps, not zeros; derived figures are hollow points."""
    data, decimals = _trend_frame(series, unit, polarity, period_field)
    variant = trend_variant(
        series,
        unit=unit,
        highlight=highlight,
        period_field=period_field,
        label_names=label_names,
        title=title,
    )
    domain = nice_domain([v for v in data["value"] if v is not None])
    periods = sorted(_plain(p) for p in data[period_field].unique())
    colours = json_list(LINE_COLOURS)
    base = _shared()
    # years as numbers: Vega then writes as many level year labels as the width has room for
    x = alt.X(
        f"{period_field}:Q",
        title="Year ending 31 March" if period_field == "year" else "Year",
        scale=alt.Scale(domain=[periods[0], periods[-1]] if periods else None, nice=False, zero=False, padding=12),
        axis=alt.Axis(labelAngle=0, format="d", tickMinStep=1, grid=False, labelOverlap=True, labelFlush=False),
    )
    y = alt.Y(
        "value:Q",
        title=unit_title(value_label, unit),
        scale=alt.Scale(domain=domain, nice=False, zero=False),
        axis=alt.Axis(tickCount=5),
    )
    tooltip = [
        alt.Tooltip("geography_name:N", title=AREA),
        alt.Tooltip(f"{period_field}:Q", title="Year", format="d"),
        alt.Tooltip("value_text:N", title=value_label),
        alt.Tooltip("compared:N", title=wording.COMPARED_WITH_ENGLAND),
    ]
    index = f"indexof({HIGHLIGHT_PARAM}, datum.area_key)"
    others = base.transform_filter(f"datum.role != 'England' && {index} < 0")
    chosen = base.transform_filter(f"{index} >= 0").transform_calculate(
        line_colour=f"{colours}[{index} % {len(LINE_COLOURS)}]"
    )
    england = base.transform_filter("datum.role == 'England'")
    line = {"x": x, "y": y, "detail": alt.Detail("area_key:N")}
    layers = [
        others.mark_line(color=MUTED, strokeWidth=1.2).encode(**line),
        others.mark_point(opacity=0, size=80).encode(x=x, y=y, tooltip=tooltip),
        chosen.mark_line(strokeWidth=2.5).encode(**line, color=alt.Color("line_colour:N", scale=None)),
        england.mark_line(color=ENGLAND_COLOUR, strokeWidth=3.5, strokeDash=ENGLAND_DASH).encode(**line),
        chosen.transform_calculate(point_fill=f"datum.derived ? '{theme.WHITE}' : datum.line_colour")
        .mark_point(filled=True, size=45, strokeWidth=1.5, opacity=1)
        .encode(
            x=x,
            y=y,
            stroke=alt.Color("line_colour:N", scale=None),
            fill=alt.Fill("point_fill:N", scale=None),
            tooltip=tooltip,
        ),
        england.transform_calculate(point_fill=f"datum.derived ? '{theme.WHITE}' : '{ENGLAND_COLOUR}'")
        .mark_point(filled=True, size=50, strokeWidth=1.5, opacity=1, stroke=ENGLAND_COLOUR)
        .encode(x=x, y=y, fill=alt.Fill("point_fill:N", scale=None), tooltip=tooltip),
    ]
    labels = (
        alt.Chart(alt.InlineData(values=variant.inline[TREND_LABELS], name=TREND_LABELS))
        .mark_text(
            align="left",
            baseline="middle",
            dx=10,
            fontSize=LABEL_FONT,
            color=theme.TEXT,
            fontWeight=alt.ExprRef(expr="datum.england ? 'bold' : 'normal'"),
        )
        .encode(x=alt.X(f"{period_field}:Q"), y=alt.Y("label_y:Q"), text=alt.Text("end_text:N"))
    )
    layers.append(labels)
    notes = []
    if domain[0] > 0:
        notes.append(wording.NOT_FROM_ZERO_NOTE)
    if bool(data["derived"].any()):
        notes.append(wording.DERIVED_CHART_NOTE)
    chart = alt.layer(*layers).properties(
        title=chart_title(title, notes),
        autosize=FIT_X,
        height=TREND_HEIGHT,
        description=variant.description,
    )
    return _with_rows(_with_params(chart, variant), records(data))


def json_list(values: Sequence[str]) -> str:
    """A list of strings as a Vega expression literal."""
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


# --- scatter -----------------------------------------------------------------------------------


def scatter_label_placements(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    label: str,
    x_domain: Sequence[float],
    y_domain: Sequence[float],
    rules_x: Sequence[float] = (),
    rules_y: Sequence[float] = (),
) -> list[str]:
    """Where each point's name goes (right, left, above, below), worked out on the narrowest plot a phone
    gives: clear of the rules, the other points and the other names (`text.place_labels`)."""
    width, height = text.MIN_PLOT_WIDTH, SCATTER_HEIGHT

    def px(value: float, domain: Sequence[float], size: float, flip: bool = False) -> float:
        share = (value - domain[0]) / ((domain[1] - domain[0]) or 1)
        return size * (1 - share if flip else share)

    points = [
        (px(float(a), x_domain, width), px(float(b), y_domain, height, flip=True), str(name))
        for a, b, name in zip(data[x], data[y], data[label], strict=True)
    ]
    return text.place_labels(
        points,
        width=width,
        height=height,
        rules_x=[px(r, x_domain, width) for r in rules_x],
        rules_y=[px(r, y_domain, height, flip=True) for r in rules_y],
        font_size=11,
    )


def gap_scatter(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    label: str,
    title: str,
    x_title: str,
    y_title: str,
    x_rule: float | None = None,
    x_rule_label: str = "",
    unit: str = "percent",
    polarity: str = "neutral",
    x_format: str = ".1f",
) -> alt.LayerChart:
    """Outcome gap against provision, one named point per area. England is the dashed zero line (no gap)
    and, with `x_rule`, a dotted line at England's provision; both are named in the legend. Each name is
    placed beside its point where it crosses neither line nor another name."""
    data = df.dropna(subset=[x, y]).reset_index(drop=True)
    x_domain = nice_domain([*data[x], *([x_rule] if x_rule is not None else [])], zero=True)
    y_domain = nice_domain([*data[y], 0.0], zero=True)
    data = data.assign(
        placement=scatter_label_placements(
            data,
            x=x,
            y=y,
            label=label,
            x_domain=x_domain,
            y_domain=y_domain,
            rules_x=[x_rule] if x_rule is not None else [],
            rules_y=[0.0],
        ),
        compared=[text.gap_text(g, unit, polarity) for g in data[y]],
    )
    # each name's white background, in px from its point
    offsets = [text.box_offsets(str(n), p, 11) for n, p in zip(data[label], data["placement"], strict=True)]
    data = data.assign(**{f"box_{k}": [o[i] for o in offsets] for i, k in enumerate(("x1", "y1", "x2", "y2"))})
    base = _shared()
    x_enc = alt.X(f"{x}:Q", title=x_title, scale=alt.Scale(domain=x_domain, nice=False), axis=alt.Axis(grid=False))
    y_enc = alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(domain=y_domain, nice=False))
    tooltip = [
        alt.Tooltip(f"{label}:N", title=AREA),
        alt.Tooltip(f"{x}:Q", format=x_format, title=x_title),
        alt.Tooltip("compared:N", title=y_title),
    ]
    points = base.mark_circle(size=90, color=HIGHLIGHT, opacity=1).encode(x=x_enc, y=y_enc, tooltip=tooltip)
    layers = [*_benchmark_rule(0.0, "England (no gap)", channel="y")]
    if x_rule is not None:
        layers += _benchmark_rule(
            x_rule, x_rule_label or f"England: {x_rule:{x_format}}", channel="x", dash=[2, 2]
        )
        # two rules, two legend entries: each rule layer's dash scale has its own domain
    backgrounds = base.mark_rect(
        color=theme.WHITE,
        opacity=0.9,
        xOffset=alt.ExprRef(expr="datum.box_x1"),
        x2Offset=alt.ExprRef(expr="datum.box_x2"),
        yOffset=alt.ExprRef(expr="datum.box_y1"),
        y2Offset=alt.ExprRef(expr="datum.box_y2"),
    ).encode(x=x_enc, x2=alt.X2(f"{x}"), y=y_enc, y2=alt.Y2(f"{y}"))
    layers += [backgrounds, points]
    for name, align, baseline, dx, dy in text.PLACEMENTS:
        if name in set(data["placement"]):
            layers.append(
                base.transform_filter(alt.datum.placement == name)
                .mark_text(align=align, baseline=baseline, dx=dx, dy=dy, fontSize=11, color=theme.TEXT)
                .encode(x=x_enc, y=y_enc, text=alt.Text(f"{label}:N"), tooltip=tooltip)
            )
    chart = (
        alt.layer(*layers)
        .resolve_scale(strokeDash="independent")
        .properties(
            title=chart_title(title),
            autosize=FIT_X,
            height=SCATTER_HEIGHT,
            description=f"Scatter chart: {title}. The dashed line is England (no gap).",
        )
    )
    return _with_rows(chart, records(data))


# --- target ------------------------------------------------------------------------------------


def target_projection(
    df: pd.DataFrame,
    *,
    year: str,
    value: str,
    series: str,
    target: int,
    deadline: int,
    title: str,
    y_title: str,
    series_order: list[str] | None = None,
) -> alt.LayerChart:
    """Institutions holding an award by year: the recorded figures as a solid line and the projection to
    the deadline as a dashed line (line style and legend, not colour alone), with the target (all in scope)
    as a dotted rule named in the legend. Each year's figure is written once, above its point, or below it
    when the point is close to the target rule."""
    data = df.copy()
    order = series_order or list(dict.fromkeys(data[series]))
    dashes = [[1, 0], [6, 3], [2, 2]][: len(order)]
    top = max(target, 1)
    years = sorted(int(y) for y in data[year].unique())
    base = _shared()
    x = alt.X(
        f"{year}:O", title="Year", scale=alt.Scale(domain=years), axis=alt.Axis(labelAngle=0, labelOverlap=True)
    )
    y = alt.Y(f"{value}:Q", title=y_title, scale=alt.Scale(domain=[0, top], nice=False))
    line = base.mark_line(point=True, color=HIGHLIGHT).encode(
        x=x,
        y=y,
        strokeDash=alt.StrokeDash(
            f"{series}:N",
            scale=alt.Scale(domain=order, range=dashes),
            legend=alt.Legend(
                title=None,
                labelLimit=320,
                direction="vertical",
                orient="bottom",
                symbolType="stroke",
                symbolSize=500,
            ),
        ),
        tooltip=[
            alt.Tooltip(f"{year}:O", title="Year"),
            alt.Tooltip(f"{series}:N", title="Figure"),
            alt.Tooltip(f"{value}:Q", title=y_title, format=".1f"),
        ],
    )
    # one label per year (the recorded figure where a year has both), kept off the target rule
    rank = {name: i for i, name in enumerate(order)}
    once = data.assign(_rank=data[series].map(rank)).sort_values([year, "_rank"]).drop_duplicates(year)
    per_px = top / TARGET_HEIGHT
    room = (LABEL_FONT * text.LINE_HEIGHT + 12) * per_px
    once = once.assign(
        value_label=[f"{v:.0f}" for v in once[value]],
        label_dy=[1 if top - v < room else -1 for v in once[value]],  # below the point near the target
    )
    labelled = _chart(once)
    labels = [
        labelled.transform_filter(f"datum.label_dy {sign} 0")
        .mark_text(align="center", baseline=baseline, dy=dy, fontSize=LABEL_FONT, color=theme.TEXT)
        .encode(x=x, y=y, text=alt.Text("value_label:N"))
        for sign, baseline, dy in ((">", "top", 8), ("<", "bottom", -8))
    ]
    goal = _benchmark_rule(float(top), f"Target: all {target} in scope", channel="y", dash=[2, 2])
    chart = (
        alt.layer(line, *goal, *labels)
        .resolve_scale(strokeDash="independent")
        .properties(
            title=chart_title(title),
            autosize=FIT_X,
            height=TARGET_HEIGHT,
            description=(
                f"Line chart: {title}. Solid line: recorded; dashed line: projection at the recorded pace to "
                f"{deadline}; dotted rule: the target of all {target} in-scope institutions."
            ),
        )
    )
    return _with_rows(chart, records(data))
