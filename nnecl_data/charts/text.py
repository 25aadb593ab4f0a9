"""The words and numbers charts write: value labels, tooltip lines, and where labels can go.

Every chart and map takes its tooltip wording from here, so a figure reads the same wherever it is
hovered: the value with its unit ("40%"), or a symbol's meaning ("c — suppressed to protect
confidentiality"), never a number for a suppressed cell; "(derived)" after a figure this dashboard
computed; and a gap to England signed, with its unit and the verdict of the rule in
`rules.transforms` ("+3 percentage points, worse than England"). Pure: no Streamlit, no Altair.

Labels are placed in Python where a chart's geometry is known in advance (a fixed height, an explicit
domain): `dodge` spaces labels apart, `place_labels` keeps point labels off rules and each other.
Widths are not known (charts fill their container), so horizontal checks assume the narrowest plot a
phone gives (`MIN_PLOT_WIDTH`): on a wider plot the same labels only move further apart.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nnecl_data import wording
from nnecl_data.rules import transforms
from nnecl_data.rules.suppression import describe, display_value, is_publishable

MIN_PLOT_WIDTH = 260  # px: a 390 px phone, less page margins and a y axis
CHAR_WIDTH = 0.62  # of the font size: Arial's average advance, generous for digits and capitals
LINE_HEIGHT = 1.25  # of the font size
BACKGROUND_CHAR_WIDTH = 0.54  # a label's white background: close to the text itself


def _is_number(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def decimals_for(values: Iterable, unit: str) -> int:
    """One precision for every number a chart writes: scores one decimal; otherwise whole numbers
    unless some figure has a decimal (then one), so 17.0% stands beside 17.4%."""
    if unit == "score":
        return 1
    numbers = [float(v) for v in values if _is_number(v)]
    return 0 if all(math.isclose(v, round(v), abs_tol=1e-9) for v in numbers) else 1


def value_text(value, status, unit: str, decimals: int | None = None, derived: bool = False) -> str:
    """'40%', '61.2 per 10,000', or for a symbol its meaning ('c — suppressed to protect confidentiality').
    A derived figure says so: '41% (derived)'."""
    if not is_publishable(value, status):
        return describe(status) if status else wording.NOT_PUBLISHED
    text = display_value(value, None, unit, decimals)
    if unit == "rate_per_10000":
        text += " per 10,000"
    return f"{text} ({wording.DERIVED})" if derived else text


def label_text(value, status, unit: str, decimals: int | None = None) -> str:
    """The short label written on a chart: the number with its unit, or the symbol itself."""
    if not is_publishable(value, status):
        return str(status) if status else "x"
    return display_value(value, None, unit, decimals)


def gap_text(gap, unit: str, polarity: str, decimals: int | None = None, verdict: str | None = None) -> str:
    """A gap to England in words, signed and with its unit: '+3 percentage points, worse than England',
    '-0.4 points, similar to England', '0 percentage points: the same as England'. The verdict is the
    rule's (`transforms.performance_against_england`) unless given. '' when there is no gap."""
    if not _is_number(gap):
        return ""
    gap = float(gap)
    if decimals is None:
        decimals = decimals_for([gap], unit)
    shown = f"{abs(gap):,.{decimals}f}"
    units = wording.GAP_UNITS.get(unit, "")
    if unit == "percent" and shown in ("1", "1.0"):
        units = "percentage point"
    amount = f"{'+' if gap > 0 else '-' if gap < 0 else ''}{shown} {units}".strip()
    if float(shown.replace(",", "")) == 0:
        return f"{amount}: the same as England"
    verdict = verdict or transforms.performance_against_england(gap, polarity)
    if verdict in ("better", "worse"):
        return f"{amount}, {verdict} than England"
    if verdict == "similar":
        return f"{amount}, similar to England"
    return f"{amount} {'above' if gap > 0 else 'below'} England"


def text_width(text: str, font_size: float) -> float:
    """Estimated width in px of a line of text (no font metrics here: a generous average advance)."""
    return len(text) * font_size * CHAR_WIDTH


# --- label placement ---------------------------------------------------------------------------


def dodge(positions: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Pixel positions (down from the top, `low` to `high`) moved as little as possible so that any two
    are at least `gap` apart, in the same order. Used for line-end labels."""
    if not positions:
        return []
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [min(max(positions[i], low), high) for i in order]
    for k in range(1, len(placed)):
        placed[k] = max(placed[k], placed[k - 1] + gap)
    overflow = placed[-1] - high
    if overflow > 0:  # pushed off the bottom: shift up, keeping the spacing, as far as the top allows
        placed[-1] = high
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - gap)
    out = [0.0] * len(positions)
    for k, i in enumerate(order):
        out[i] = placed[k]
    return out


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def crosses_x(self, x: float) -> bool:
        return self.left <= x <= self.right

    def crosses_y(self, y: float) -> bool:
        return self.top <= y <= self.bottom


# (name, align, baseline, dx, dy), in the order tried: beside the point, then above or below it, then
# diagonally off it
PLACEMENTS = (
    ("right", "left", "middle", 8, 0),
    ("left", "right", "middle", -8, 0),
    ("above", "center", "bottom", 0, -8),
    ("below", "center", "top", 0, 8),
    ("above right", "left", "bottom", 5, -5),
    ("below right", "left", "top", 5, 5),
    ("above left", "right", "bottom", -5, -5),
    ("below left", "right", "top", -5, 5),
)


PLACEMENT = {p[0]: p for p in PLACEMENTS}


def label_box(
    x: float, y: float, text: str, placement: str, font_size: float, char_width: float = CHAR_WIDTH
) -> Box:
    """The pixel box a label takes at a placement around its point at (x, y)."""
    _, align, baseline, dx, dy = PLACEMENT[placement]
    width, height = len(text) * font_size * char_width, font_size * LINE_HEIGHT
    left = {"left": x + dx, "right": x + dx - width, "center": x + dx - width / 2}[align]
    top = {"middle": y + dy - height / 2, "bottom": y + dy - height, "top": y + dy}[baseline]
    return Box(left, top, left + width, top + height)


def place_labels(
    points: Sequence[tuple[float, float, str]],
    *,
    width: float,
    height: float,
    rules_x: Sequence[float] = (),
    rules_y: Sequence[float] = (),
    font_size: float = 11,
    point_radius: float = 6,
) -> list[str]:
    """A placement (`PLACEMENTS`) for each point's label, given in pixels, chosen in order so that it
    overlaps no label placed before it and no other point, stays inside the plot on the left, top and
    bottom (the right may overflow: charts fit their width around it) and, where it can, crosses no
    vertical rule at `rules_x` or horizontal one at `rules_y`. Charts draw each label on a white
    background, so a rule a label cannot avoid passes behind it, never through its text."""
    taken: list[Box] = []
    dots = [Box(x - point_radius, y - point_radius, x + point_radius, y + point_radius) for x, y, _ in points]
    out = []
    for index, (x, y, label) in enumerate(points):
        best, best_cost = PLACEMENTS[0][0], math.inf
        for name, *_ in PLACEMENTS:
            box = label_box(x, y, label, name, font_size)
            cost = 3 * sum(box.overlaps(t) for t in taken)
            cost += 3 * sum(box.overlaps(d) for i, d in enumerate(dots) if i != index)
            cost += 3 * ((box.left < 0) + (box.top < 0) + (box.bottom > height))
            # a horizontal rule behind a label hides more of it than a vertical one
            cost += sum(box.crosses_x(r) for r in rules_x) + 2 * sum(box.crosses_y(r) for r in rules_y)
            cost += 0.5 * (box.right > width + 40)  # a little overflow on the right is fine
            if cost < best_cost:
                best, best_cost = name, cost
            if cost == 0:
                break
        out.append(best)
        taken.append(label_box(x, y, label, best, font_size))
    return out


def box_offsets(label: str, placement: str, font_size: float, margin: float = 1) -> tuple[float, ...]:
    """(left, top, right, bottom) of a label's background in px from its point: the text's likely extent
    (narrower than the generous estimate placement uses), with a margin."""
    box = label_box(0, 0, label, placement, font_size, char_width=BACKGROUND_CHAR_WIDTH)
    return (box.left - margin, box.top - margin, box.right + margin, box.bottom + margin)
