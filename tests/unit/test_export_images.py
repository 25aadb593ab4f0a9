"""Chart images: PNG and SVG rendered server-side with a footer naming title, selection, data version
and sources; a suppressed cell is drawn as its symbol, never as a number."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pandas as pd

from nnecl_data import export
from nnecl_data.charts import builders

NOTES = {
    "Title": "NEET, 19 to 21 by region",
    "Selection": "North East · 2025",
    "View": "https://dashboard.example/outcomes?region=E12000001&year=2025",
    "Data": "abc123 (built 2025-11-01)",
    "Downloaded": "2025-11-01 10:00 UTC",
    "Sources": "Department for Education, Children looked after in England (Open Government Licence v3.0)",
}
SVG = "{http://www.w3.org/2000/svg}"


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "geography_code": ["E12000001", "E12000002", "E12000003"],
            "geography_name": ["North East", "North West", "Yorkshire & <The Humber>"],
            "value": [44.0, math.nan, 45.0],
            "status": [None, "c", None],
        }
    )


def _chart():
    return builders.ranked_bars(
        _frame(), title="NEET by region", value_label="NEET", unit="percent", polarity="lower_better", england=40.0
    )


def _texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_png_has_the_png_signature():
    png = export.chart_png(_chart(), NOTES)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 5000


def test_svg_parses_and_carries_title_selection_version_and_sources():
    svg = export.chart_svg(_chart(), NOTES)
    root = ET.fromstring(svg)  # well-formed, names escaped
    assert root.find(f"{SVG}title").text == NOTES["Title"]
    texts = _texts(svg)
    footer = " ".join(texts)
    assert NOTES["Title"] in texts
    assert "Selection: North East · 2025" in footer
    assert "Data: abc123 (built 2025-11-01)" in footer
    assert "Department for Education" in footer and "Open Government Licence v3.0" in footer
    assert "Yorkshire & <The Humber>" in texts  # a name with markup characters is drawn as text
    desc = root.find(f"{SVG}desc").text
    assert "Sources: Department for Education" in desc


def test_suppressed_cell_is_its_symbol_not_a_number():
    texts = _texts(export.chart_svg(_chart(), NOTES))
    assert "c" in texts  # the North West's label
    assert "44%" in texts and "45%" in texts
    assert not [t for t in texts if t.endswith("%") and t not in ("44%", "45%", "England: 40%")]


def test_image_without_notes_and_from_a_spec():
    spec = _chart().to_dict()
    svg = export.chart_svg(spec)
    assert ET.fromstring(svg) is not None
    assert export.chart_png(spec).startswith(b"\x89PNG")


def test_container_width_becomes_a_fixed_width():
    root = ET.fromstring(export.chart_svg(_chart(), NOTES))
    assert float(root.get("width")) >= export.IMAGE_WIDTH
