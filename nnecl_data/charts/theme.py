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

# Quality Mark statuses: a status has the same colour and the same map shape on every chart. Colour is
# never the only carrier: statuses not held today (lapsed) are pale with a dashed outline, and every
# chart names its statuses in a legend listing only those present, and in tooltips.
STATUS_COLOURS = {
    "current": DARK_BLUE,
    "renewed": TURQUOISE,
    "expiring": ORANGE,  # a warning: the award ends this year
    "working_towards": LIGHT_PURPLE,
    "not_announced": DARK_GREY,  # not known: three years passed, renewal not announced
    "lapsed": MUTED,  # only where a source says the award lapsed
}
DASHED_STATUSES = ("lapsed",)  # drawn with a dashed dark outline (bars) so they read as "not held"
STATUS_SHAPES = {  # institution points on the Quality Mark map
    "current": "circle",
    "renewed": "triangle-up",
    "expiring": "square",
    "working_towards": "cross",
    "not_announced": "triangle-down",
    "lapsed": "diamond",
}
# Award records as published (the timeline): awarded/renewed/working towards, in the same colours.
PUBLISHED_STATUS_COLOURS = {"awarded": DARK_BLUE, "renewed": TURQUOISE, "working_towards": LIGHT_PURPLE}
POINT_STROKE = WHITE  # a halo round map points, so they show on the darkest class


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(fill: str) -> str:
    """The text colour (dark or white) with the higher contrast on a fill."""
    return TEXT if contrast(TEXT, fill) >= contrast(WHITE, fill) else WHITE
