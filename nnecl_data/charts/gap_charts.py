"""Chart builders for the regional gaps page: DataFrames in, Altair charts out. No Streamlit.

Builds on `builders.gap_scatter` (outcome gap against provision, England as the zero line) and adds a
labelled vertical rule for England's Quality Mark coverage, so the four quarters of the chart can be
read without relying on colour.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from nnecl_data.charts import builders


def gap_coverage_scatter(
    df: pd.DataFrame,
    *,
    title: str,
    gap_title: str,
    england_coverage: float | None,
    description: str,
    subtitle: str = "",
) -> alt.LayerChart:
    """Regions' outcome gap (y) against Quality Mark coverage (x). Needs columns Region, coverage, gap."""
    chart = builders.gap_scatter(
        df,
        x="coverage",
        y="gap",
        label="Region",
        title=title,
        x_title="Institutions holding a current Quality Mark award (%)",
        y_title=gap_title,
    )
    layers = list(chart.layer)
    if england_coverage is not None:
        rule_data = pd.DataFrame(
            {"coverage": [england_coverage], "text": [f"England coverage {england_coverage:.1f}%"]}
        )
        layers.append(
            alt.Chart(rule_data)
            .mark_rule(color=builders.ENGLAND_COLOUR, strokeDash=[2, 2], size=1.5)
            .encode(x=alt.X("coverage:Q"))
        )
        layers.append(
            alt.Chart(rule_data)
            .mark_text(align="left", dx=4, baseline="top", fontSize=11, color=builders.ENGLAND_COLOUR)
            .encode(x=alt.X("coverage:Q"), y=alt.YValue(4), text=alt.Text("text:N"))
        )
    out = chart.copy(deep=False)
    out.layer = layers
    return out.properties(
        title=alt.Title(title, subtitle=subtitle) if subtitle else title,
        description=description,
        height=400,
    )
