"""The dashboard's palette: every colour the charts, maps, exports and evidence packs use, defined once.

Colours are the Government Analysis Function palette (categorical and sequential) and GOV.UK text
colours. `.streamlit/config.toml` repeats a few of them as Streamlit's theme (config cannot import
Python); tests/unit/charts/test_theme.py checks that the two agree. No Streamlit here.
"""

from __future__ import annotations

# Analysis Function categorical palette, in its recommended order.
DARK_BLUE = "#12436D"
TURQUOISE = "#28A197"
DARK_PINK = "#801650"
ORANGE = "#F46A25"
DARK_GREY = "#3D3D3D"
LIGHT_PURPLE = "#A285D1"
CATEGORICAL = [DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE, DARK_GREY, LIGHT_PURPLE]

# Analysis Function sequential blues, light -> dark (map classes, ramps).
SEQUENTIAL = ["#D6E9F7", "#9ECAE9", "#5A9BD5", "#2073BC", DARK_BLUE]
LIGHT_BLUE, MID_BLUE = SEQUENTIAL[1], SEQUENTIAL[2]

# Text, lines and backgrounds (GOV.UK).
TEXT = "#0B0C0C"
SECONDARY_TEXT = "#505A5F"
LEGEND_STROKE = "#6F777B"
RULE = "#B1B4B6"
GRID = "#E5E5E5"
PALE = "#F3F2F1"
PALE_ORANGE = "#FFF4EC"  # behind a sample-data warning, beside an ORANGE border
WHITE = "#FFFFFF"

# Roles in charts and maps.
ENGLAND = DARK_GREY  # England's line or rule
HIGHLIGHT = DARK_BLUE  # bars, and the selected areas
MUTED = "#BFBFBF"  # areas or lines not chosen; areas whose figure is a symbol
NO_DATA = "#F0F0F0"  # areas with no row at all

# Quality Mark statuses (a status's colour is the same on every chart; its shape carries it too on maps).
STATUS_COLOURS = {
    "current": DARK_BLUE,
    "renewed": TURQUOISE,
    "expiring": LIGHT_PURPLE,
    "working_towards": ORANGE,
    "not_announced": DARK_GREY,  # not known: renewal not announced
    "lapsed": DARK_PINK,  # only where a source says the award lapsed
}
# Award records as published (the timeline): awarded/renewed/working towards.
PUBLISHED_STATUS_COLOURS = {"awarded": DARK_BLUE, "renewed": TURQUOISE, "working_towards": ORANGE}
# Institution points on the Quality Mark map, in status order (colour and shape per status).
POINT_COLOURS = (ORANGE, DARK_PINK, TURQUOISE, DARK_GREY, LIGHT_PURPLE)
