"""Downloads: the data behind a chart as CSV or XLSX, with the selection, data version and sources
written into the file, and with spreadsheet formulas neutralised."""

from __future__ import annotations

import io

import pandas as pd

from nnecl_data.charts import theme

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe. Numbers are untouched
    (a negative gap stays a number)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def notes_lines(notes: dict[str, str]) -> list[str]:
    return [f"{key}: {value}" for key, value in notes.items() if value]


def to_csv_bytes(df: pd.DataFrame, notes: dict[str, str] | None = None) -> bytes:
    """UTF-8 with BOM (so Excel reads accents), notes first as '#' comment lines."""
    buffer = io.StringIO()
    for line in notes_lines(notes or {}):
        buffer.write("# " + str(neutralise(line)).replace("\n", " ") + "\n")
    safe_frame(df).to_csv(buffer, index=False, lineterminator="\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx_bytes(df: pd.DataFrame, notes: dict[str, str] | None = None, sheet: str = "data") -> bytes:
    """A workbook with the data and a 'notes' sheet (selection, data version, sources, caveats)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe_frame(df).to_excel(writer, sheet_name=sheet[:31], index=False)
        pd.DataFrame([{"item": k, "value": neutralise(str(v))} for k, v in (notes or {}).items() if v]).to_excel(
            writer, sheet_name="notes", index=False
        )
    return buffer.getvalue()


# --- chart images (PNG, SVG) ------------------------------------------------------------------------------

IMAGE_WIDTH = 640  # charts sized to their container on the page get this width in an image
FOOTER_KEYS = ("Title", "Selection", "Data", "View", "Sources")
FOOTER_FONT = "Arial, Helvetica, 'Liberation Sans', sans-serif"


def _chart_spec(chart) -> dict:
    """The chart's Vega-Lite spec with a fixed width where the page would have filled its container."""
    spec = chart.to_dict() if hasattr(chart, "to_dict") else dict(chart)
    composite = any(k in spec for k in ("vconcat", "hconcat", "concat", "facet", "repeat"))
    if not composite and spec.get("width") in (None, "container"):
        spec["width"] = IMAGE_WIDTH
    return spec


def _wrap(text: str, limit: int) -> list[str]:
    import textwrap

    return textwrap.wrap(" ".join(str(text).split()), width=max(limit, 20)) or [""]


def _footer_lines(notes: dict[str, str], width: float) -> list[tuple[str, bool]]:
    """(line, bold) pairs: title in bold, then selection, data version, view and sources, wrapped."""
    limit = int(width / 5.9)
    lines: list[tuple[str, bool]] = []
    for key in FOOTER_KEYS:
        value = str(notes.get(key) or "").strip()
        if not value:
            continue
        text = value if key == "Title" else f"{key}: {value}"
        lines += [(line, key == "Title") for line in _wrap(text, limit)]
    return lines


def _svg_size(svg: str) -> tuple[float, float]:
    import re

    head = svg[: svg.find(">") + 1]
    width = re.search(r'\swidth="([\d.]+)', head)
    height = re.search(r'\sheight="([\d.]+)', head)
    return (float(width.group(1)) if width else IMAGE_WIDTH, float(height.group(1)) if height else 400.0)


def chart_svg(chart, notes: dict[str, str] | None = None) -> bytes:
    """The chart as a standalone SVG (rendered server-side by vl-convert) with a visible footer naming the
    title, selection, data version and sources, and the same in the SVG's <title>, <desc> and <metadata>.
    Charts are built from masked data, so a suppressed cell is drawn as its symbol, never as a number."""
    from xml.sax.saxutils import escape

    import vl_convert as vlc

    notes = notes or {}
    inner = vlc.vegalite_to_svg(_chart_spec(chart))
    width, height = _svg_size(inner)
    width = max(width, 480.0)
    lines = _footer_lines(notes, width - 16)
    line_height, top = 14, 14
    footer_height = top + line_height * len(lines) + 8 if lines else 0
    total = height + footer_height
    texts = []
    y = height + top + 4
    for line, bold in lines:
        weight = ' font-weight="bold"' if bold else ""
        fill = theme.TEXT if bold else theme.SECONDARY_TEXT
        texts.append(
            f'<text x="8" y="{y}" font-family="{FOOTER_FONT}" font-size="{12 if bold else 11}" '
            f'fill="{fill}"{weight}>{escape(line)}</text>'
        )
        y += line_height
    meta = "".join(f"<nnecl:item key={_attr(k)}>{escape(str(v))}</nnecl:item>" for k, v in notes.items() if v)
    description = " ".join(f"{k}: {v}." for k, v in notes.items() if v and k != "Title")
    body = inner[inner.find(">") + 1 : inner.rfind("</svg>")]
    svg = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'xmlns:nnecl="urn:nnecl:dashboard" version="1.1" width="{width:g}" height="{total:g}" '
        f'viewBox="0 0 {width:g} {total:g}" role="img">'
        f"<title>{escape(str(notes.get('Title', 'Chart')))}</title>"
        f"<desc>{escape(description)}</desc>"
        f"<metadata>{meta}</metadata>"
        f'<rect width="{width:g}" height="{total:g}" fill="white"/>'
        f"<g>{body}</g>"
        + (
            f'<line x1="8" x2="{width - 8:g}" y1="{height + 4:g}" y2="{height + 4:g}" stroke="{theme.RULE}"/>'
            if lines
            else ""
        )
        + "".join(texts)
        + "</svg>"
    )
    return svg.encode("utf-8")


def _attr(value: str) -> str:
    from xml.sax.saxutils import quoteattr

    return quoteattr(str(value))


def chart_png(chart, notes: dict[str, str] | None = None, scale: float = 2.0) -> bytes:
    """The same image as `chart_svg`, rasterised (twice the size for sharp printing)."""
    import vl_convert as vlc

    return bytes(vlc.svg_to_png(chart_svg(chart, notes).decode("utf-8"), scale=scale))
