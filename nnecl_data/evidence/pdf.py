"""An A4 PDF briefing of a pack (reportlab), built in memory."""

from __future__ import annotations

import html
import io

from nnecl_data.evidence.model import PRODUCT, PUBLISHER, Pack, Table
from nnecl_data.evidence.style import DARK_BLUE, ORANGE, PALE, PALE_ORANGE, RULE, SECONDARY, TEXT, TURQUOISE

CHART_HEIGHT_MM = 98  # at most: a measure's two charts, heading and captions fit one A4 page
_FONT_DIRS = ("/usr/share/fonts/truetype/liberation", "/usr/share/fonts/truetype/liberation2")


def _fonts() -> tuple[str, str]:
    """Liberation Sans (metric-compatible with Arial, full Unicode) when installed, else Helvetica."""
    from pathlib import Path

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "PackSans" in pdfmetrics.getRegisteredFontNames():
        return "PackSans", "PackSans-Bold"
    for folder in _FONT_DIRS:
        regular, bold = Path(folder, "LiberationSans-Regular.ttf"), Path(folder, "LiberationSans-Bold.ttf")
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("PackSans", str(regular)))
            pdfmetrics.registerFont(TTFont("PackSans-Bold", str(bold)))
            from reportlab.lib.fonts import addMapping

            addMapping("PackSans", 0, 0, "PackSans")
            addMapping("PackSans", 1, 0, "PackSans-Bold")
            return "PackSans", "PackSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def _p(text: str) -> str:
    """Text for a reportlab Paragraph: escaped (its mini-markup would otherwise read < and &)."""
    return html.escape(str(text), quote=False)


def to_pdf(pack: Pack) -> bytes:
    """An A4 briefing: title block, key statements, tables, charts (each measure on one page), Quality
    Mark and membership, sources and caveats, citation; the pack, its date and page numbers in the
    footer. Built in memory."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        Image,
        KeepTogether,
        ListFlowable,
        ListItem,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        TableStyle,
    )
    from reportlab.platypus import (
        Table as RLTable,
    )

    regular, bold = _fonts()
    chart_height = CHART_HEIGHT_MM * mm
    blue, grey, rule, pale = (colors.HexColor(c) for c in (DARK_BLUE, SECONDARY, RULE, PALE))
    styles = {
        "kicker": ParagraphStyle("kicker", fontName=bold, fontSize=9, textColor=blue, leading=12),
        "title": ParagraphStyle("title", fontName=bold, fontSize=22, leading=27, textColor=colors.HexColor(TEXT)),
        "meta": ParagraphStyle("meta", fontName=regular, fontSize=9.5, leading=13, textColor=grey),
        "h2": ParagraphStyle(
            "h2", fontName=bold, fontSize=14, leading=18, textColor=blue, spaceBefore=10, spaceAfter=5
        ),
        "h3": ParagraphStyle("h3", fontName=bold, fontSize=10.5, leading=14, spaceBefore=6, spaceAfter=3),
        "body": ParagraphStyle("body", fontName=regular, fontSize=10, leading=14, spaceAfter=5),
        "statement": ParagraphStyle("statement", fontName=regular, fontSize=10.5, leading=14.5),
        "muted": ParagraphStyle("muted", fontName=regular, fontSize=10.5, leading=14.5, textColor=grey),
        "note": ParagraphStyle("note", fontName=regular, fontSize=8.5, leading=11, textColor=grey, spaceAfter=6),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8.5, leading=10.5),
        "cellnum": ParagraphStyle("cellnum", fontName=regular, fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", fontName=bold, fontSize=8.5, leading=10.5, textColor=colors.white),
        "headnum": ParagraphStyle(
            "headnum", fontName=bold, fontSize=8.5, leading=10.5, textColor=colors.white, alignment=TA_RIGHT
        ),
        "sample": ParagraphStyle(
            "sample",
            fontName=bold,
            fontSize=10,
            leading=14,
            backColor=colors.HexColor(PALE_ORANGE),
            borderColor=colors.HexColor(ORANGE),
            borderWidth=1,
            borderPadding=6,
            spaceAfter=10,
        ),
        "cite": ParagraphStyle(
            "cite",
            fontName=regular,
            fontSize=9.5,
            leading=13,
            backColor=pale,
            borderPadding=7,
            borderColor=colors.HexColor(TURQUOISE),
            borderWidth=0.8,
        ),
    }
    buffer = io.BytesIO()
    width = A4[0] - 36 * mm

    def table(t: Table) -> list:
        header = [
            Paragraph(_p(c), styles["headnum" if c in t.numeric_columns else "head"]) for c in t.frame.columns
        ]
        body = [
            [
                Paragraph(_p(v), styles["cellnum" if c in t.numeric_columns else "cell"])
                for c, v in zip(t.frame.columns, row, strict=True)
            ]
            for row in t.frame.itertuples(index=False)
        ]
        n = len(t.frame.columns)
        first = min(0.34, 1.6 / n + 0.05) * width
        widths = [first] + [(width - first) / (n - 1)] * (n - 1) if n > 1 else [width]
        rl = RLTable([header, *body], colWidths=widths, repeatRows=1)
        rl.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), blue),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, pale]),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, rule),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        out = [Paragraph(_p(t.title), styles["h3"]), rl]
        if t.note:
            out.append(Paragraph(_p(t.note), styles["note"]))
        return [KeepTogether(out)]  # a title never left at the foot of a page (a long table still splits)

    story = [
        Paragraph(_p(f"{PRODUCT.upper()} · EVIDENCE PACK"), styles["kicker"]),
        Paragraph(_p(f"{pack.area_name}: care leavers' education and work"), styles["title"]),
        Spacer(1, 3),
        Paragraph(_p(f"Selection: {pack.selection_text}"), styles["meta"]),
        Paragraph(_p(f"Data: {pack.data_version}"), styles["meta"]),
        Paragraph(_p(f"Produced {pack.generated_text}"), styles["meta"]),
        Spacer(1, 4),
        RLTable([[""]], colWidths=[width], rowHeights=[3], style=[("BACKGROUND", (0, 0), (-1, -1), blue)]),
        Spacer(1, 8),
    ]
    if pack.sample_shown:
        story.append(Paragraph("Contains SAMPLE DATA (fictional member register): do not cite.", styles["sample"]))
    story.append(Paragraph("Key statements", styles["h2"]))
    story.append(
        ListFlowable(
            [
                ListItem(
                    Paragraph(_p(s.text), styles["statement" if s.published else "muted"]),
                    leftIndent=12,
                    value="circle",
                    bulletColor=blue,
                )
                for s in pack.statements
            ],
            bulletType="bullet",
            start="■",
            bulletFontSize=7,
            bulletColor=blue,
            spaceBefore=2,
        )
    )
    story.append(Paragraph("Figures", styles["h2"]))
    for t in pack.tables:
        story += table(t)
    # Each measure's charts (ranked, then trend) with their heading and captions on one page; the section
    # heading goes with the first measure, so it is never left alone at the foot of a page.
    groups: dict[str, list] = {}
    for chart in pack.charts:
        if not chart.png:
            continue
        img = Image(io.BytesIO(chart.png))
        scale = min(width / img.imageWidth, chart_height / img.imageHeight)
        img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
        block = groups.setdefault(
            chart.measure, [Paragraph(_p(chart.measure), styles["h3"])] if chart.measure else []
        )
        block += [img, Paragraph(_p(chart.description), styles["note"])]
    for n, block in enumerate(groups.values()):
        story.append(KeepTogether(([Paragraph("Charts", styles["h2"])] if n == 0 else []) + block))
    story.append(Paragraph("Quality Mark and membership", styles["h2"]))
    story += [Paragraph(_p(p), styles["body"]) for p in pack.provision]
    if pack.provision_table is not None:
        story += table(pack.provision_table)
    story.append(Paragraph("Sources and caveats", styles["h2"]))
    for r in pack.sources.itertuples():
        url = f" {r.url}." if str(r.url).startswith("https://") else ""
        story.append(
            Paragraph(
                f"<b>{_p(r.publisher)}</b>, {_p(r.title)}.{_p(url)} "
                f"Licence: {_p(r.licence or 'not stated (cite as published)')}.",
                styles["body"],
            )
        )
    story.append(Paragraph("Caveats", styles["h3"]))
    story += [Paragraph(_p(c), styles["body"]) for c in pack.caveats]
    if pack.dataset:
        story.append(Paragraph(_p(f"Built from the dashboard's {pack.dataset}."), styles["note"]))
    story.append(Paragraph("How to cite this pack", styles["h2"]))
    story.append(Paragraph(_p(pack.citation), styles["cite"]))

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(grey)
        canvas.setStrokeColor(rule)
        canvas.line(18 * mm, 14 * mm, A4[0] - 18 * mm, 14 * mm)
        canvas.drawString(18 * mm, 10 * mm, f"{pack.title} · {PRODUCT} · produced {pack.generated_text}"[:130])
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=20 * mm,
        title=pack.title,
        author=PUBLISHER,
        subject=pack.selection_text,
        creator=PRODUCT,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
