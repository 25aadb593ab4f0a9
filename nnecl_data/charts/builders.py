"""Chart builders: DataFrames in, Altair charts out. No Streamlit, no database.

One theme (Government Analysis Function palette) is registered on import. Every chart has a title,
axis titles with units, and a `description` (its text alternative). Colour is never the only carrier
of meaning: England is a labelled rule or a thicker dashed line, and statuses are spelled out in
tooltips and labels. Rows with a status (suppressed etc.) are drawn as text, never as bars.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from nnecl_data.charts import theme
from nnecl_data.charts.theme import CATEGORICAL, HIGHLIGHT, MUTED, SEQUENTIAL
from nnecl_data.charts.theme import ENGLAND as ENGLAND_COLOUR
from nnecl_data.rules.suppression import describe as describe_status

FONT = "Arial, Helvetica, sans-serif"
WIDTH = 640
# Streamlit adds autosize "fit" when a chart has none, squeezing axes, titles and legends into the given
# size: the plot shrinks to a sliver. fit-x fills the container's width and keeps the plot's own height.
FIT_X = alt.AutoSizeParams(type="fit-x", contains="padding")
# Specs are serialised with data inline (cached page specs, PNG/SVG exports); a 100x register has more
# points than Altair's default 5,000-row guard, which exists for notebooks, not for us.
alt.data_transformers.disable_max_rows()


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


def _chart(df: pd.DataFrame) -> alt.Chart:
    """alt.Chart on the frame's rows as plain records. Given the DataFrame, Altair sanitises it again for
    every layer that uses it: half of a bar chart's build time (profiled for issue 8)."""
    return alt.Chart(alt.InlineData(values=records(df)))


def _benchmark_rule(value: float, text: str) -> list[alt.Chart]:
    """England (or another benchmark) as a dashed vertical rule with its value written at the top."""
    base = _chart(pd.DataFrame({"benchmark": [value], "text": [text]}))
    rule = base.mark_rule(color=ENGLAND_COLOUR, strokeDash=[6, 3], size=2).encode(x=alt.X("benchmark:Q"))
    label = base.mark_text(
        align="right", dx=-4, dy=-6, fontWeight="bold", color=ENGLAND_COLOUR, baseline="bottom"
    ).encode(x=alt.X("benchmark:Q"), y=alt.YValue(0), text=alt.Text("text:N"))
    return [rule, label]


def unit_title(label: str, unit: str) -> str:
    suffix = {"percent": " (%)", "rate_per_10000": " (per 10,000 children)", "score": " (score)"}.get(unit, "")
    return label if label.endswith(")") else f"{label}{suffix}"


def _value_format(unit: str) -> str:
    return ".1f" if unit == "score" else ".0f"


def _with_status_text(df: pd.DataFrame, unit: str) -> pd.DataFrame:
    out = df.copy()
    fmt = "{:.1f}" if unit == "score" else "{:.0f}"
    suffix = "%" if unit == "percent" else ""
    out["label"] = [
        (fmt.format(v) + suffix) if (s is None or s != s) and v == v else str(s)
        for v, s in zip(out["value"], out["status"], strict=True)
    ]
    out["status_text"] = out["status"].map(
        lambda s: describe_status(s) if isinstance(s, str) and s else "published"
    )
    return out


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
) -> alt.Chart:
    """Areas ranked on one indicator (best at the top), England as a labelled rule.

    Suppressed areas stay in the list with their symbol as text and no bar."""
    data = _with_status_text(df, unit)
    ascending = polarity == "lower_better"
    data["sort_key"] = data["value"].fillna(float("inf") if ascending else float("-inf"))
    order = data.sort_values("sort_key", ascending=ascending)[name_field].tolist()
    highlight = set(highlight or [])
    data["emphasis"] = [
        "Selected" if code in highlight else "Other" for code in data.get("geography_code", [""] * len(data))
    ]
    y = alt.Y(f"{name_field}:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    tooltip = [
        alt.Tooltip(f"{name_field}:N", title="Area"),
        alt.Tooltip("label:N", title=value_label),
        alt.Tooltip("status_text:N", title="Status"),
    ]
    if "gap_to_england" in data:
        tooltip.append(alt.Tooltip("gap_to_england:Q", title="Gap to England", format="+.1f"))
    colour = (
        alt.Color(
            "emphasis:N",
            scale=alt.Scale(domain=["Selected", "Other"], range=[HIGHLIGHT, theme.LIGHT_BLUE]),
            legend=alt.Legend(title=None),
        )
        if highlight
        else alt.ColorValue(HIGHLIGHT)
    )
    base = _chart(data)
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", title=unit_title(value_label, unit), scale=alt.Scale(zero=True)),
        y=y,
        color=colour,
        tooltip=tooltip,
    )
    labels = (
        base.mark_text(align="left", dx=4, fontSize=12, color=theme.TEXT)
        .encode(
            x=alt.X("value_for_label:Q"),
            y=y,
            text=alt.Text("label:N"),
            tooltip=tooltip,
        )
        .transform_calculate(value_for_label="isValid(datum.value) ? datum.value : 0")
    )
    layers = [bars, labels]
    if england is not None and england == england:
        layers += _benchmark_rule(
            england, f"England {england:{_value_format(unit)}}" + ("%" if unit == "percent" else "")
        )
    height = max(160, 24 * len(data))
    england_text = (
        f" England: {england:{_value_format(unit)}}." if england is not None and england == england else ""
    )
    return alt.layer(*layers).properties(
        title=alt.Title(title, subtitle=subtitle) if subtitle else title,
        autosize=FIT_X,
        height=height,
        description=f"Bar chart: {title}. {len(data)} areas ranked best first.{england_text}",
    )


def trend_lines(
    series: pd.DataFrame,
    *,
    title: str,
    value_label: str,
    unit: str,
    highlight: list[str] | None = None,
    period_field: str = "year",
) -> alt.Chart:
    """Change over time: England as a thick dashed dark line; selected areas in colour; other areas grey.
    Missing or suppressed years are gaps, not zeros."""
    data = _with_status_text(series, unit)
    highlight = list(highlight or [])
    data["role"] = [
        "England" if level == "england" else ("Selected" if code in highlight or not highlight else "Other")
        for level, code in zip(data["geography_level"], data["geography_code"], strict=True)
    ]
    selected_names = sorted(data.loc[data["role"] == "Selected", "geography_name"].unique())
    many = len(selected_names) > len(CATEGORICAL)
    domain = ["England", *([] if many else selected_names)]
    colours = [ENGLAND_COLOUR, *([] if many else CATEGORICAL[: len(selected_names)])]
    data["series"] = [
        "England" if r == "England" else (n if (r == "Selected" and not many) else "Other regions")
        for r, n in zip(data["role"], data["geography_name"], strict=True)
    ]
    if many:
        domain.append("Other regions")
        colours.append(theme.MID_BLUE)
    elif (data["series"] == "Other regions").any():
        domain.append("Other regions")
        colours.append(MUTED)
    x = alt.X(f"{period_field}:O", title="Year ending 31 March" if period_field == "year" else "Year")
    y = alt.Y("value:Q", title=unit_title(value_label, unit), scale=alt.Scale(zero=unit != "score"))
    colour = alt.Color("series:N", scale=alt.Scale(domain=domain, range=colours), legend=alt.Legend(title=None))
    tooltip = [
        alt.Tooltip("geography_name:N", title="Area"),
        alt.Tooltip(f"{period_field}:O", title="Year"),
        alt.Tooltip("label:N", title=value_label),
        alt.Tooltip("status_text:N", title="Status"),
    ]
    lines = (
        _chart(data)
        .mark_line(point=True)
        .encode(
            x=x,
            y=y,
            color=colour,
            detail=alt.Detail("geography_code:N"),
            tooltip=tooltip,
            # channel objects, not alt.condition's dicts: Altair re-resolves a dict against the whole schema
            strokeDash=alt.StrokeDashValue(
                **alt.condition(alt.datum.role == "England", alt.value([6, 3]), alt.value([1, 0]))
            ),
            size=alt.SizeValue(**alt.condition(alt.datum.role == "England", alt.value(3.5), alt.value(2))),
            opacity=alt.OpacityValue(**alt.condition(alt.datum.role == "Other", alt.value(0.6), alt.value(1))),
        )
    )
    years = sorted(data[period_field].unique())
    span = f" from {years[0]} to {years[-1]}" if years else ""
    return lines.properties(
        title=title,
        autosize=FIT_X,
        height=360,
        description=f"Line chart: {title}{span}. England shown as a thick dashed dark line.",
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
) -> alt.Chart:
    """Stacked horizontal bars of counts by status (e.g. Quality Mark status by region), with the count
    written in each segment's tooltip and a legend, so colour is not the only carrier."""
    data = df.copy()
    data["status_order"] = data[status].map({s: i for i, s in enumerate(status_order)})
    chart = (
        _chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(f"{category}:N", title=category_title or None, axis=alt.Axis(labelLimit=220)),
            x=alt.X(f"sum({count}):Q", title=x_title),
            color=alt.Color(
                f"{status}:N",
                scale=alt.Scale(domain=status_order, range=status_colours),
                legend=alt.Legend(title="Status"),
            ),
            order=alt.Order("status_order:Q"),
            tooltip=[
                alt.Tooltip(f"{category}:N"),
                alt.Tooltip(f"{status}:N", title="Status"),
                alt.Tooltip(f"{count}:Q", title="Number"),
            ],
        )
    )
    return chart.properties(
        title=title,
        autosize=FIT_X,
        height=max(160, 26 * data[category].nunique()),
        description=f"Stacked bar chart: {title}.",
    )


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
) -> alt.Chart:
    """One bar per category with its value written at the end of the bar."""
    data = df.copy()
    order = data.sort_values(value, ascending=not sort_descending)[category].tolist()
    tooltip = [alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{value}:Q", title=x_title, format=fmt)]
    if note_field:
        tooltip.append(alt.Tooltip(f"{note_field}:N", title="Note"))
    y = alt.Y(f"{category}:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    base = _chart(data)
    bars = base.mark_bar(color=colour).encode(x=alt.X(f"{value}:Q", title=x_title), y=y, tooltip=tooltip)
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(
        x=alt.X(f"{value}:Q"), y=y, text=alt.Text(f"{value}:Q", format=fmt)
    )
    return alt.layer(bars, text).properties(
        title=title,
        autosize=FIT_X,
        height=max(140, 26 * len(data)),
        description=f"Bar chart: {title}.",
    )


def timeline_bars(
    df: pd.DataFrame,
    *,
    year: str,
    count: str,
    status: str,
    title: str,
    status_order: list[str],
    status_colours: list[str],
) -> alt.Chart:
    """Counts per year stacked by status (e.g. Quality Mark awards announced per year)."""
    chart = (
        _chart(df)
        .mark_bar()
        .encode(
            x=alt.X(f"{year}:O", title="Year announced"),
            y=alt.Y(f"sum({count}):Q", title="Number of awards", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                f"{status}:N",
                scale=alt.Scale(domain=status_order, range=status_colours),
                legend=alt.Legend(title="Status"),
            ),
            tooltip=[
                alt.Tooltip(f"{year}:O", title="Year"),
                alt.Tooltip(f"{status}:N", title="Status"),
                alt.Tooltip(f"sum({count}):Q", title="Awards"),
            ],
        )
    )
    return chart.properties(title=title, autosize=FIT_X, height=280, description=f"Column chart: {title}.")


def gap_scatter(
    df: pd.DataFrame, *, x: str, y: str, label: str, title: str, x_title: str, y_title: str
) -> alt.Chart:
    """Outcome gap against provision, one labelled point per area, with a zero line for England."""
    data = df.dropna(subset=[x, y])
    points = (
        _chart(data)
        .mark_circle(size=90, color=HIGHLIGHT)
        .encode(
            x=alt.X(f"{x}:Q", title=x_title),
            y=alt.Y(f"{y}:Q", title=y_title),
            tooltip=[
                alt.Tooltip(f"{label}:N", title="Area"),
                alt.Tooltip(f"{x}:Q", format=".1f", title=x_title),
                alt.Tooltip(f"{y}:Q", format="+.0f", title=y_title),
            ],
        )
    )
    text = points.mark_text(align="left", dx=7, fontSize=11, color=theme.TEXT).encode(text=alt.Text(f"{label}:N"))
    zero = (
        _chart(pd.DataFrame({"zero": [0]}))
        .mark_rule(color=ENGLAND_COLOUR, strokeDash=[6, 3])
        .encode(y=alt.Y("zero:Q"))
    )
    return alt.layer(zero, points, text).properties(
        title=title,
        autosize=FIT_X,
        height=380,
        description=f"Scatter chart: {title}. The dashed line is England (no gap).",
    )


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
) -> alt.Chart:
    """One bar per category, highest first, its value written at the end of the bar, and a benchmark
    (e.g. England's rate) as a labelled dashed rule. Missing values are written as 'not available'."""
    data = df.copy()
    data["label"] = [format(v, fmt) if v == v and v is not None else "not available" for v in data[value]]
    data["value_for_label"] = data[value].fillna(0)
    order = data.sort_values(value, ascending=False, na_position="last")[category].tolist()
    y = alt.Y(f"{category}:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    tooltip = [alt.Tooltip(f"{category}:N", title="Area"), alt.Tooltip("label:N", title=x_title)]
    base = _chart(data)
    layers = [
        base.mark_bar(color=HIGHLIGHT).encode(x=alt.X(f"{value}:Q", title=x_title), y=y, tooltip=tooltip),
        base.mark_text(align="left", dx=4, fontSize=12, color=theme.TEXT).encode(
            x=alt.X("value_for_label:Q"), y=y, text=alt.Text("label:N"), tooltip=tooltip
        ),
    ]
    described = ""
    if benchmark is not None and benchmark == benchmark:
        layers += _benchmark_rule(benchmark, f"{benchmark_label} {benchmark:{fmt}}")
        described = f" The dashed line is {benchmark_label}: {benchmark:{fmt}}."
    return alt.layer(*layers).properties(
        title=alt.Title(title, subtitle=subtitle) if subtitle else title,
        autosize=FIT_X,
        height=max(160, 26 * len(data)),
        description=f"Bar chart: {title}. {len(data)} areas, highest first.{described}",
    )


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
) -> alt.Chart:
    """Institutions holding an award by year: the recorded figures as a solid line and the projection to
    the deadline as a dashed line (line style and legend, not colour alone), with the target (all in scope)
    as a labelled rule."""
    data = df.copy()
    order = series_order or list(dict.fromkeys(data[series]))
    dashes = [[1, 0], [6, 3], [2, 2]][: len(order)]
    base = _chart(data)
    line = base.mark_line(point=True, color=HIGHLIGHT).encode(
        x=alt.X(f"{year}:O", title="Year"),
        y=alt.Y(f"{value}:Q", title=y_title, scale=alt.Scale(domain=[0, max(target, 1)])),
        strokeDash=alt.StrokeDash(
            f"{series}:N",
            scale=alt.Scale(domain=order, range=dashes),
            legend=alt.Legend(title=None, labelLimit=320, direction="vertical"),
        ),
        tooltip=[
            alt.Tooltip(f"{year}:O", title="Year"),
            alt.Tooltip(f"{series}:N", title="Figure"),
            alt.Tooltip(f"{value}:Q", title=y_title, format=".1f"),
        ],
    )
    labels = base.mark_text(align="center", dy=-10, fontSize=12, color=theme.TEXT).encode(
        x=alt.X(f"{year}:O"), y=alt.Y(f"{value}:Q"), text=alt.Text(f"{value}:Q", format=".0f")
    )
    goal = pd.DataFrame({"target": [target], "text": [f"All {target} in scope"]})
    goal_base = _chart(goal)
    goal_rule = goal_base.mark_rule(color=ENGLAND_COLOUR, strokeDash=[2, 2], size=2).encode(y=alt.Y("target:Q"))
    goal_text = goal_base.mark_text(
        align="left", dy=-6, fontWeight="bold", color=ENGLAND_COLOUR, baseline="bottom"
    ).encode(y=alt.Y("target:Q"), x=alt.XValue(4), text=alt.Text("text:N"))
    return alt.layer(line, labels, goal_rule, goal_text).properties(
        title=title,
        autosize=FIT_X,
        height=300,
        description=(
            f"Line chart: {title}. Solid line: recorded; dashed line: projection at the recorded pace to "
            f"{deadline}; dotted rule: the target of all {target} in-scope institutions."
        ),
    )


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
) -> alt.Chart:
    """Stacked horizontal bars of counts (e.g. members by region and type) with a titled legend and the
    count in each segment's tooltip, so colour is not the only carrier."""
    data = df.copy()
    data["stack_order"] = data[stack].map({s: i for i, s in enumerate(stack_order)})
    chart = (
        _chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(f"{category}:N", title=None, axis=alt.Axis(labelLimit=220)),
            x=alt.X(f"sum({count}):Q", title=x_title, axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                f"{stack}:N",
                scale=alt.Scale(domain=stack_order, range=colours[: len(stack_order)]),
                legend=alt.Legend(title=legend_title, labelLimit=300, columns=3),
            ),
            order=alt.Order("stack_order:Q"),
            tooltip=[
                alt.Tooltip(f"{category}:N"),
                alt.Tooltip(f"{stack}:N", title=legend_title),
                alt.Tooltip(f"{count}:Q", title="Number"),
            ],
        )
    )
    return chart.properties(
        title=alt.Title(title, subtitle=subtitle) if subtitle else title,
        width="container",
        height=max(160, 26 * data[category].nunique()),
        description=f"Stacked bar chart: {title}.",
    )
