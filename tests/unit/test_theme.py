"""The palette is defined once (charts/theme.py); Streamlit's theme in config.toml must agree with it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from nnecl_data.charts import theme

ROOT = Path(__file__).resolve().parents[2]
THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_streamlit_theme_uses_the_palette():
    assert THEME["primaryColor"] == theme.DARK_BLUE
    assert THEME["backgroundColor"] == theme.WHITE
    assert THEME["secondaryBackgroundColor"] == theme.PALE
    assert THEME["textColor"] == theme.TEXT
    assert THEME["chartCategoricalColors"] == theme.CATEGORICAL
    # Streamlit wants ten sequential shades; the five the charts use are among them, light to dark.
    shades = THEME["chartSequentialColors"]
    assert [c for c in shades if c in theme.SEQUENTIAL] == theme.SEQUENTIAL
    assert shades[0] == theme.SEQUENTIAL[0] and shades[-1] == theme.SEQUENTIAL[-1]


def test_text_colours_are_readable_on_their_backgrounds():
    for text in (theme.TEXT, theme.SECONDARY_TEXT):
        for background in (theme.WHITE, theme.PALE, theme.PALE_ORANGE):
            assert _contrast(text, background) >= 4.5, (text, background)


def test_each_quality_mark_status_has_its_own_colour():
    assert len(set(theme.STATUS_COLOURS.values())) == len(theme.STATUS_COLOURS)
    assert set(theme.PUBLISHED_STATUS_COLOURS.values()) <= set(theme.CATEGORICAL)


# Machado, Oliveira and Fernandes (2009) matrices for full dichromacy, applied to linear RGB.
DICHROMACY = {
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.01182, 0.04294, 0.968881],
    ],
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.3039],
    ],
}


def _linear(colour: str) -> list[float]:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def _lab(linear: list[float]) -> tuple[float, float, float]:
    r, g, b = (min(max(c, 0.0), 1.0) for c in linear)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _seen(colour: str, vision: str | None) -> tuple[float, float, float]:
    linear = _linear(colour)
    if vision:
        linear = [sum(m * c for m, c in zip(row, linear, strict=True)) for row in DICHROMACY[vision]]
    return _lab(linear)


def test_quality_mark_statuses_are_told_apart_with_any_colour_vision():
    """Every two statuses differ clearly in colour (CIE76 difference of 20 or more) with typical colour
    vision and with each kind of dichromacy, or else one of them is drawn with a dashed outline."""
    import itertools
    import math

    for vision in (None, *DICHROMACY):
        for first, second in itertools.combinations(theme.STATUS_COLOURS, 2):
            gap = math.dist(
                _seen(theme.STATUS_COLOURS[first], vision), _seen(theme.STATUS_COLOURS[second], vision)
            )
            outlined = {first, second} & set(theme.DASHED_STATUSES)
            assert gap >= 20 or outlined, (vision, first, second, round(gap, 1))


def test_each_status_has_its_own_map_shape():
    assert set(theme.STATUS_SHAPES) == set(theme.STATUS_COLOURS)
    assert len(set(theme.STATUS_SHAPES.values())) == len(theme.STATUS_SHAPES)


def test_text_on_a_fill_is_the_more_readable_of_dark_and_white():
    for fill in [*theme.STATUS_COLOURS.values(), *theme.SEQUENTIAL]:
        chosen = theme.text_on(fill)
        other = theme.WHITE if chosen == theme.TEXT else theme.TEXT
        assert _contrast(chosen, fill) >= _contrast(other, fill)
        assert _contrast(chosen, fill) >= 4.5, fill


def test_no_other_module_writes_a_colour_literal():
    allowed = {ROOT / "nnecl_data" / "charts" / "theme.py"}
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("nnecl_data", "pages")
        for path in (ROOT / folder).rglob("*.py")
        if path not in allowed and HEX.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
