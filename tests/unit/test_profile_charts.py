"""The profile's bar chart: a valid Vega-Lite spec, best first, suppressed areas as their symbol with no bar."""

from __future__ import annotations

import math

import pandas as pd

from nnecl_data.charts import profile_charts


def _bars() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("Salford", "This authority", 69.0, None, "69%"),
            ("Rochdale", "Statistical neighbour", 46.0, None, "46%"),
            ("Rutland", "Statistical neighbour", math.nan, "c", "c"),
            ("Neighbours' average (9 of 10)", "Neighbours' average (derived)", 50.5, None, "50.5%"),
            ("England", "England", 54.0, None, "54%"),
        ],
        columns=["name", "role", "value", "status", "label"],
    )


def _rows(spec: dict) -> list[dict]:
    """The chart's rows, wherever Altair put them (inline, or consolidated into named datasets)."""
    (rows,) = list(spec["datasets"].values()) if "datasets" in spec else [spec["layer"][0]["data"]["values"]]
    return rows


def test_bars_are_best_first_and_keep_the_symbol_without_a_bar():
    chart = profile_charts.comparison_bars(
        _bars(), title="EET", value_label="EET", unit="percent", polarity="higher_better"
    )
    spec = chart.to_dict(validate=True)
    order = spec["layer"][0]["encoding"]["y"]["sort"]
    assert order == ["Salford", "England", "Neighbours' average (9 of 10)", "Rochdale", "Rutland"]
    rutland = next(r for r in _rows(spec) if r["name"] == "Rutland")
    assert rutland["value"] is None and rutland["label"] == "c" and rutland["value_for_label"] == 0
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == [
        "This authority",
        "Statistical neighbour",
        "Neighbours' average (derived)",
        "England",
    ]
    assert "suppressed figures are written as their symbol" in spec["description"]


def test_lower_is_better_puts_the_lowest_first():
    chart = profile_charts.comparison_bars(
        _bars(), title="NEET", value_label="NEET", unit="percent", polarity="lower_better"
    )
    order = chart.to_dict(validate=True)["layer"][0]["encoding"]["y"]["sort"]
    assert order[:2] == ["Rochdale", "Neighbours' average (9 of 10)"] and order[-1] == "Rutland"
