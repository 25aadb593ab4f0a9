"""Charts of one local authority's profile: the authority beside its statistical neighbours, their
average, its region and England. Pure Altair; the page serves them through chart_specs.cached."""

from __future__ import annotations

import altair as alt
import pandas as pd

from nnecl_data.charts.builders import BAR_VIEW, FIT_X, chart_title, click_selection, records, unit_title
from nnecl_data.charts.theme import CATEGORICAL, HIGHLIGHT, SEQUENTIAL, TEXT
from nnecl_data.charts.theme import ENGLAND as ENGLAND_COLOUR

# role -> colour; the legend names each role, so colour is never the only way to tell them apart
ROLE_COLOURS = {
    "This authority": HIGHLIGHT,
    "Statistical neighbour": SEQUENTIAL[1],
    "Neighbours' average (derived)": CATEGORICAL[1],
    "Region": CATEGORICAL[3],
    "England": ENGLAND_COLOUR,
}


def comparison_bars(
    df: pd.DataFrame, *, title: str, value_label: str, unit: str, polarity: str, clickable: bool = False
) -> alt.Chart:
    """One bar per area (`name`, `role`, `value`, `status`, `label`), best first for the indicator's
    direction (highest first when it has none). A suppressed area keeps its row and its symbol as text,
    with no bar. `label` is the figure as the table writes it (the view decides the precision).
    `clickable`: a click on a bar selects the row's `geography_code` (AREA_SELECTION)."""
    data = df.copy()
    ascending = polarity == "lower_better"
    data["sort_key"] = data["value"].fillna(float("inf") if ascending else float("-inf"))
    order = data.sort_values("sort_key", ascending=ascending, kind="stable")["name"].tolist()
    data["value_for_label"] = data["value"].fillna(0)
    roles = [r for r in ROLE_COLOURS if r in set(data["role"])]
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=240))
    tooltip = [
        alt.Tooltip("name:N", title="Area"),
        alt.Tooltip("role:N", title="Shown as"),
        alt.Tooltip("label:N", title=value_label),
    ]
    base = alt.Chart(alt.InlineData(values=records(data.drop(columns="sort_key"))))
    cursor = {"cursor": "pointer"} if clickable else {}
    bars = base.mark_bar(**cursor).encode(
        x=alt.X("value:Q", title=unit_title(value_label, unit), scale=alt.Scale(zero=True)),
        y=y,
        color=alt.Color(
            "role:N",
            scale=alt.Scale(domain=roles, range=[ROLE_COLOURS[r] for r in roles]),
            legend=alt.Legend(title=None, orient="bottom", columns=2, labelLimit=260),
        ),
        tooltip=tooltip,
    )
    labels = base.mark_text(align="left", dx=4, fontSize=12, color=TEXT).encode(
        x=alt.X("value_for_label:Q"), y=y, text=alt.Text("label:N"), tooltip=tooltip
    )
    params = {}
    if clickable:
        bars = bars.properties(name=BAR_VIEW)
        params = {"params": [click_selection(BAR_VIEW)]}
    direction = {"higher_better": "best (highest) first", "lower_better": "best (lowest) first"}.get(
        polarity, "highest first"
    )
    return alt.layer(bars, labels, **params).properties(
        title=chart_title(title),
        autosize=FIT_X,
        height=max(200, 24 * len(data)),
        description=f"Bar chart: {title}. {len(data)} bars, {direction}; suppressed figures are written as "
        "their symbol with no bar.",
    )
