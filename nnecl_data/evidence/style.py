"""The pack's palette, shared by the HTML and PDF layouts: the names of nnecl_data/charts/theme.py."""

from nnecl_data.charts.theme import (  # noqa: F401 - re-exported for the layouts
    DARK_BLUE,
    DARK_GREY,
    DARK_PINK,
    ORANGE,
    PALE,
    PALE_ORANGE,
    RULE,
    TEXT,
    TURQUOISE,
)
from nnecl_data.charts.theme import SECONDARY_TEXT as SECONDARY  # noqa: F401
