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


def test_no_other_module_writes_a_colour_literal():
    allowed = {ROOT / "nnecl_data" / "charts" / "theme.py"}
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("nnecl_data", "pages")
        for path in (ROOT / folder).rglob("*.py")
        if path not in allowed and HEX.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
