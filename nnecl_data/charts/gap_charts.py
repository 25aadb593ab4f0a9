"""Chart builders for the regional gaps page: DataFrames in, Altair charts out. No Streamlit.

Builds on `builders.gap_scatter` (outcome gap against provision, England as the zero line) with a
dotted vertical rule for England's Quality Mark coverage, so the four quarters of the chart can be read
without relying on colour. Both rules are named in the legend; the regions' names are placed clear of
them and of each other.
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
    description: str | None,
    subtitle: str = "",
    unit: str = "percent",
    polarity: str = "neutral",
) -> alt.LayerChart:
    """Regions' outcome gap (y) against Quality Mark coverage (x). Needs columns Region, coverage, gap.
    The description (which may name the selection) is `description_variant`'s: one spec for every selection."""
    chart = builders.gap_scatter(
        df,
        x="coverage",
        y="gap",
        label="Region",
        title=title,
        x_title="Institutions holding a current Quality Mark award (%)",
        y_title=gap_title,
        x_rule=england_coverage,
        x_rule_label=f"England's coverage: {england_coverage:.1f}%" if england_coverage is not None else "",
        unit=unit,
        polarity=polarity,
    )
    chart = chart.properties(title=builders.chart_title(title, subtitle))
    if description is not None:
        chart.description = description
    return chart


def description_variant(*_args, description: str | None = None, **_ignored) -> builders.Variant:
    """What differs between selections of the scatter: only its description."""
    return builders.Variant(description=description)
