"""Overview: England's headline care-leaver figures, the Quality Mark and membership picture, and what
the database holds (pages/overview.py lays it out)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from nnecl_data import wording
from nnecl_data.database.provision import MEMBERS_FACT, QM_TOTAL_FACT
from nnecl_data.rules import transforms
from nnecl_data.rules.suppression import display_value
from nnecl_data.ui import data
from nnecl_data.ui.views.outcome_figures import OUTCOME_SOURCES, england

KEY_INDICATORS = ("cl_eet_19_21", "cl_neet_19_21", "cl_he_19_21")
KEY_SOURCES = ["dfe_cla_2025"]
KEY_CAVEATS = [wording.ROUNDING_CAVEAT]
DATABASE_SOURCES = [*OUTCOME_SOURCES, "dfe_ks4_cin"]
GM_TARGET = "gm_all_accredited_2027"


@dataclass
class KeyFigure:
    label: str
    value: str
    delta: str | None
    delta_colour: str
    help: str
    since: str = ""  # the change since the earliest comparable year, in words


def _change(value: float | None, before: float | None, previous: int | None, polarity: str):
    """The metric's delta text and colour: the change in points on the year before. A change the
    dashboard calls similar (transforms.SIMILAR_WITHIN) gets no colour: it may be rounding alone."""
    colour = "inverse" if polarity == "lower_better" else "normal"
    if value is None or before is None or math.isnan(before):
        return None, colour
    change = value - before
    if not round(change):
        return f"no change on {previous}", "off"  # no arrow colour for no change
    points = "point" if abs(round(change)) == 1 else "points"
    return f"{change:+.0f} {points} on {previous}", "off" if transforms.is_similar(change) else colour


def key_figure(code: str) -> KeyFigure | None:
    info = data.indicators().set_index("code").loc[code]
    years = data.available_years(code)
    if not years:
        return None
    latest, previous = years[-1], years[-2] if len(years) > 1 else None
    value, period = england(code, latest)
    before, _ = england(code, previous) if previous else (None, "")
    delta, colour = _change(value, before, previous, info["polarity"])
    series = data.indicator_series(code)
    since = transforms.change_since(series[series["geography_level"] == "england"], latest, info["unit"])
    return KeyFigure(
        label=f"England, {period}: {info['short_label']}",
        value=display_value(value, None if value is not None else "x", info["unit"]),
        delta=delta,
        delta_colour=colour,
        help=info["label"],
        since=since,
    )


def key_figures() -> list[KeyFigure]:
    """Latest England care-leaver figures (19 to 21) with the change on the year before."""
    return [figure for figure in map(key_figure, KEY_INDICATORS) if figure is not None]


CARDS_PER_ROW = 2  # Quality Mark and membership cards: labels of up to ~45 characters stay whole


def rows_of(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


@dataclass
class ProvisionOverview:
    figures: list[KeyFigure]
    note: str
    source_ids: list[str]


def _figure(label: str, value: str, help_text: str) -> KeyFigure:
    return KeyFigure(label, value, None, "off", help_text)


def _member_figure() -> tuple[KeyFigure | None, list[str]]:
    members = data.members_by_region(include_sample=False)
    real_members = int(members["members"].sum()) if not members.empty else 0
    if real_members:
        text = "Current members in the register NNECL loaded."
        return _figure("Members in NNECL's register (loaded)", f"{real_members}", text), []
    published = data.fact(MEMBERS_FACT)
    if not published:
        return None, []
    text = (
        published["statement"] + " No member register is loaded, so member figures by region are not shown as "
        "real data."
    )
    return _figure("NNECL members (NNECL's own figure)", "100+", text), [published["source_id"]]


def _target_figure(on_date: dt.date) -> tuple[KeyFigure | None, list[str]]:
    try:
        progress = data.target_progress(GM_TARGET, on_date)
    except KeyError:
        return None, []
    summary, rec = progress.summary, progress.reconciliation
    name = progress.target["scope_name"]
    record = (
        f"{summary['holding_award']} of the {summary['in_scope']} in-scope institutions in the register hold a "
        f"current award on record and {summary['not_announced']} more have renewal not announced (three years "
        "passed, no renewal announced); see the Target tracker page."
    )
    if rec is None:
        figure = _figure(
            f"{name}: in-scope institutions with a current award on record", summary["holding_award"], record
        )
        return figure, [progress.target["source_id"]]
    counts, as_of = rec.counts, rec.published["as_of"]
    figure = _figure(
        f"{name}: universities and colleges with the Quality Mark (NNECL, {wording.as_of_text(as_of)})",
        f"{counts['published']}",
        f"{rec.published['statement']} The announcements held name {counts['named']} of them and "
        f"{counts['unnamed']} {'is' if counts['unnamed'] == 1 else 'are'} not named. " + record,
    )
    return figure, [progress.target["source_id"], rec.published["source_id"]]


def provision_overview(on_date: dt.date) -> ProvisionOverview:
    figures, sources = [], []
    named = data.named_awardees_count()
    awarded = data.fact(QM_TOTAL_FACT)
    if awarded:
        label = f"Institutions awarded the Quality Mark (NNECL, by {awarded['as_of']})"
        figures.append(_figure(label, f"{awarded['value']:.0f}", awarded["statement"]))
        sources.append(awarded["source_id"])
    figures.append(
        _figure(
            "Awardees named in announcements held",
            named["text"].removesuffix(" named"),
            "Only some awardees are named in public announcements; the dashboard does not pretend to list "
            "all of them.",
        )
    )
    for figure, figure_sources in (_member_figure(), _target_figure(on_date)):
        if figure is not None:
            figures.append(figure)
            sources += figure_sources
    note = (
        "Quality Mark awards last three years. The public record is partial: " + named["text"] + " of the "
        "institutions NNECL reports as awarded."
    )
    return ProvisionOverview(figures, note, sorted(set(sources)))


def coverage_table() -> pd.DataFrame:
    """Per indicator: the years the database holds and how many cells are numbers or symbols."""
    return data.coverage_summary().rename(
        columns={
            "code": "Indicator code",
            "label": "Indicator",
            "first_year": "First year",
            "last_year": "Latest year",
            "cells": "Cells",
            "published_numbers": "Published numbers",
            "symbols": "Symbols (c, x, z, k ...)",
        }
    )
