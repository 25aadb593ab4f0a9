"""A self-contained HTML briefing of a pack (charts embedded as PNG); every text from the data is
escaped."""

from __future__ import annotations

import base64
import html

from nnecl_data.evidence.model import PRODUCT, Pack, Table
from nnecl_data.evidence.style import DARK_BLUE, ORANGE, PALE, PALE_ORANGE, RULE, SECONDARY, TEXT, TURQUOISE

_CSS = f"""
body {{ font-family: Arial, Helvetica, sans-serif; color: {TEXT}; max-width: 52rem; margin: 2rem auto;
  padding: 0 1rem; line-height: 1.45; }}
header {{ border-bottom: 6px solid {DARK_BLUE}; padding-bottom: .6rem; margin-bottom: 1.2rem; }}
.kicker {{ color: {DARK_BLUE}; font-weight: bold; text-transform: uppercase; letter-spacing: .05em;
  font-size: .85rem; margin: 0; }}
h1 {{ font-size: 2rem; margin: .2rem 0; }} h2 {{ color: {DARK_BLUE}; border-bottom: 1px solid {RULE};
  padding-bottom: .2rem; margin-top: 2rem; }} h3 {{ font-size: 1.05rem; }}
.meta {{ color: {SECONDARY}; font-size: .9rem; margin: 0; }}
ul.statements li {{ margin: .5rem 0; padding-left: .3rem; }}
.unpublished {{ color: {SECONDARY}; }}
table {{ border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0 1rem; }}
th {{ background: {DARK_BLUE}; color: white; text-align: left; padding: .35rem .5rem; }}
td {{ border-bottom: 1px solid {RULE}; padding: .3rem .5rem; }} td.num, th.num {{ text-align: right; }}
tr:nth-child(even) td {{ background: {PALE}; }}
figure {{ margin: 1rem 0; break-inside: avoid; }} figure img {{ max-width: 100%; }}
figcaption {{ color: {SECONDARY}; font-size: .85rem; }}
.sample {{ border-left: 6px solid {ORANGE}; background: {PALE_ORANGE}; padding: .5rem .8rem; font-weight: bold; }}
.citation {{ background: {PALE}; border-left: 6px solid {TURQUOISE}; padding: .6rem .8rem; }}
.note {{ color: {SECONDARY}; font-size: .85rem; }}
"""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _html_table(table: Table) -> str:
    head = "".join(
        f'<th scope="col"{" class=num" if c in table.numeric_columns else ""}>{_e(c)}</th>' for c in table.frame
    )
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if c in table.numeric_columns else ''}>{_e(v)}</td>"
            for c, v in zip(table.frame.columns, row, strict=True)
        )
        + "</tr>"
        for row in table.frame.itertuples(index=False)
    )
    note = f'<p class="note">{_e(table.note)}</p>' if table.note else ""
    return f"<h3>{_e(table.title)}</h3><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{note}"


def to_html(pack: Pack) -> bytes:
    """A self-contained HTML briefing (charts embedded as PNG); every text from the data is escaped."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(pack.title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<header>",
        f'<p class="kicker">{_e(PRODUCT)} · Evidence pack</p>',
        f"<h1>{_e(pack.area_name)}: care leavers' education and work</h1>",
        f'<p class="meta">Selection: {_e(pack.selection_text)}</p>',
        f'<p class="meta">Data: {_e(pack.data_version)}</p>',
        f'<p class="meta">Produced {_e(pack.generated_text)}</p>',
        "</header>",
    ]
    if pack.sample_shown:
        parts.append('<p class="sample">Contains SAMPLE DATA (fictional member register): do not cite.</p>')
    parts.append("<h2>Key statements</h2><ul class=statements>")
    for s in pack.statements:
        cls = "" if s.published else ' class="unpublished"'
        parts.append(f"<li{cls}>{_e(s.text)}</li>")
    parts.append("</ul>")
    parts.append("<h2>Figures</h2>")
    parts += [_html_table(t) for t in pack.tables]
    parts.append("<h2>Charts</h2>")
    measure = None
    for chart in pack.charts:
        if chart.png:
            if chart.measure and chart.measure != measure:
                measure = chart.measure
                parts.append(f"<h3>{_e(measure)}</h3>")
            data = base64.b64encode(chart.png).decode("ascii")
            parts.append(
                f'<figure><img src="data:image/png;base64,{data}" alt="{_e(chart.description)}">'
                f"<figcaption>{_e(chart.description)}</figcaption></figure>"
            )
    parts.append("<h2>Quality Mark and membership</h2>")
    parts += [f"<p>{_e(p)}</p>" for p in pack.provision]
    if pack.provision_table is not None:
        parts.append(_html_table(pack.provision_table))
    parts.append("<h2>Sources and caveats</h2><ul>")
    for r in pack.sources.itertuples():
        link = f' <a href="{_e(r.url)}">{_e(r.url)}</a>' if str(r.url).startswith("https://") else ""
        parts.append(
            f"<li>{_e(r.publisher)}, <em>{_e(r.title)}</em>.{link} "
            f"Licence: {_e(r.licence or 'not stated (cite as published)')}.</li>"
        )
    parts.append("</ul><h3>Caveats</h3><ul>" + "".join(f"<li>{_e(c)}</li>" for c in pack.caveats) + "</ul>")
    if pack.dataset:
        parts.append(f'<p class="note">Built from the dashboard\'s {_e(pack.dataset)}.</p>')
    parts.append(f'<h2>How to cite this pack</h2><p class="citation">{_e(pack.citation)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")
