"""Target tracker: progress towards a combined authority's Quality Mark target (Greater Manchester: every
college and university accredited by 2027), the pace so far and a simple projection (pages/target_tracker.py
lays it out). The progress itself is worked out in the data layer (provision.target_progress)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from nnecl_data import wording
from nnecl_data.config import DEFAULT_COMBINED_AUTHORITY
from nnecl_data.database.provision import GM_FACT
from nnecl_data.rules import quality_mark
from nnecl_data.ui import data
from nnecl_data.ui.views.award_status import STATUS_RANK, award_sources, pct_text, register_sources

RECORDED = "Recorded in the announcements held"
PROJECTED = "Projected at the recorded pace"
SERIES = [RECORDED, PROJECTED]
CAVEATS = [wording.LAPSED_CAVEAT, wording.YEAR_CAVEAT, wording.REGISTER_CAVEAT]
NO_TARGET_HOW = (
    "Targets come from the curated seed (nnecl_data/seed/targets.csv); rebuild the database with "
    "`python -m nnecl_data build`."
)


def combined_authority_targets() -> dict[str, str]:
    """Combined authorities with a target, the default (Greater Manchester) first: code -> name."""
    df = data.targets()
    df = df[df["scope_type"] == "combined_authority"]
    options = dict(zip(df["scope_code"], df["scope_name"], strict=True))
    default = DEFAULT_COMBINED_AUTHORITY
    ordered = {default: options[default]} if default in options else {}
    ordered.update({k: v for k, v in sorted(options.items(), key=lambda kv: kv[1]) if k != default})
    return ordered


def default_choice(options: dict[str, str]) -> str:
    return DEFAULT_COMBINED_AUTHORITY if DEFAULT_COMBINED_AUTHORITY in options else next(iter(options))


def projection_frame(held: int, in_scope: int, per_year: float, year: int, deadline: int) -> pd.DataFrame:
    """Institutions holding an award, projected year by year from now to the deadline at the recorded pace
    (capped at the number in scope). Columns year, institutions, series; the first row is now."""
    rows = [{"year": year, "institutions": float(held), "series": PROJECTED}]
    for y in range(year + 1, max(deadline, year) + 1):
        projected = min(in_scope, held + per_year * (y - year))
        rows.append({"year": y, "institutions": round(projected, 1), "series": PROJECTED})
    return pd.DataFrame(rows)


def held_by_year(awards: pd.DataFrame, institution_ids, first_year: int, last_year: int) -> pd.DataFrame:
    """How many of the institutions held an award in each year, by the status rule (recorded history)."""
    chosen = awards[awards["institution_id"].isin(set(institution_ids))]
    rows = []
    for y in range(first_year, last_year + 1):
        held = quality_mark.institution_status_on(chosen, y).isin(quality_mark.HELD).sum()
        rows.append({"year": y, "institutions": float(held), "series": RECORDED})
    return pd.DataFrame(rows, columns=["year", "institutions", "series"])


def as_of_text(as_of: str) -> str:
    """'2025-10' -> 'October 2025'; anything else as given."""
    try:
        return dt.datetime.strptime(str(as_of), "%Y-%m").strftime("%B %Y")
    except ValueError:
        return str(as_of)


def gm_difference(published: dict | None, counted: int, named_in_scope: int, unmatched_names: list[str]) -> str:
    """Why NNECL's published Greater Manchester figure and the dashboard's count differ."""
    if not published:
        return ""
    text = (
        f"NNECL's own figure is {published['value']:.0f} universities and colleges in Greater Manchester by "
        f"{as_of_text(published['as_of'])}; the dashboard counts {counted} in-scope institutions in its register "
        "holding a current award today. They differ because the dashboard counts only awards it can source to a "
        f"public announcement and match to its register ({named_in_scope} in-scope institutions are named in the "
        "announcements held), and awards from 2021 with no recorded renewal count as lapsed."
    )
    if unmatched_names:
        text += (
            " Named but not matched to the register, so not counted: " + ", ".join(sorted(unmatched_names)) + "."
        )
    return text


@dataclass
class TargetView:
    target: dict
    summary: dict
    assumptions: str
    progress_text: str
    institutions: pd.DataFrame
    pace: pd.DataFrame
    projection: pd.DataFrame
    published: dict | None
    difference: str
    source_ids: list[str]
    caveats: list[str]

    @property
    def deadline(self) -> int:
        return int(self.target["deadline_year"])

    @property
    def progress_sources(self) -> list[str]:
        """The target's, the awards' and the register's sources, and NNECL's published figure's if shown."""
        return self.source_ids + ([self.published["source_id"]] if self.published else [])

    @property
    def progress_fraction(self) -> float:
        held, in_scope = self.summary["holding_award"], self.summary["in_scope"]
        return min(1.0, held / in_scope) if in_scope else 0.0


def _unmatched_in_scope(unmatched: pd.DataFrame, target: dict) -> list[str]:
    """Unmatched awards announced for this area (the announcement's cohort names the area)."""
    if unmatched.empty:
        return []
    scope = str(target["scope_name"]).lower()
    hits = unmatched[unmatched["cohort"].str.lower().str.contains(scope, regex=False)]
    return hits["name_as_published"].tolist()


def _projection(institutions: pd.DataFrame, summary: dict, on_date: dt.date, deadline: int) -> pd.DataFrame:
    """The recorded history of holders from the first award year, then the projection to the deadline."""
    projection = projection_frame(
        summary["holding_award"], summary["in_scope"], summary["first_awards_per_year"], on_date.year, deadline
    )
    awards = data.awards()
    matched = awards[awards["institution_id"].isin(institutions["institution_id"])]
    if matched.empty:
        return projection
    first_year = int(matched["award_year"].min())
    history = held_by_year(awards, institutions["institution_id"], first_year, on_date.year)
    return pd.concat([history, projection], ignore_index=True)


@data.cached_view
def target_view(ca_code: str, on_date: dt.date) -> TargetView | None:
    df = data.targets()
    rows = df[(df["scope_type"] == "combined_authority") & (df["scope_code"] == ca_code)]
    if rows.empty:
        return None
    progress = data.target_progress(rows.iloc[0]["target_id"], on_date)
    s, target = progress.summary, progress.target
    held, n = s["holding_award"], s["in_scope"]
    progress_text = (
        f"{held} of {n} in-scope institutions in {target['scope_name']} ({pct_text(quality_mark.pct(held, n))}) "
        f"hold a current Quality Mark on {on_date.day} {on_date:%B %Y}, as recorded in the announcements held. "
        f"Target: all of them by {int(target['deadline_year'])}."
    )
    register = data.institutions()
    inst = progress.institutions.copy()
    inst["name"] = inst["institution_id"].map(register.set_index("institution_id")["name"]).fillna(inst["name"])
    inst["ukprn"] = inst["institution_id"].map(register.set_index("institution_id")["ukprn"])  # not the raw id
    published = data.fact(GM_FACT) if ca_code == DEFAULT_COMBINED_AUTHORITY else None
    named_in_scope = int(inst["institution_id"].isin(data.awards()["institution_id"]).sum())
    unmatched_names = _unmatched_in_scope(data.unmatched_awards(), target)
    return TargetView(
        target=target,
        summary=s,
        assumptions=progress.assumptions,
        progress_text=progress_text,
        institutions=inst,
        pace=progress.pace,
        projection=_projection(inst, s, on_date, int(target["deadline_year"])),
        published=published,
        difference=gm_difference(published, held, named_in_scope, unmatched_names),
        source_ids=sorted({target["source_id"], *award_sources(), *register_sources(register)}),
        caveats=CAVEATS,
    )


def _target_rows(inst: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Institution": inst["name"],
            "Type": inst["type"].map(wording.type_label),
            "Status today": inst["status_on"].map(wording.status_label),
            "Latest award ends (year)": inst["latest_expiry_year"].astype("Int64"),
            "UKPRN": inst["ukprn"],
        }
    )


def not_holding_table(view: TargetView) -> pd.DataFrame:
    df = view.institutions[~view.institutions["holds_award"]]
    return _target_rows(df.assign(order=df["status_on"].map(STATUS_RANK)).sort_values(["order", "name"]))


def holding_table(view: TargetView) -> pd.DataFrame:
    return _target_rows(view.institutions[view.institutions["holds_award"]].sort_values("name"))


def lapsing_table(view: TargetView) -> pd.DataFrame:
    return _target_rows(view.institutions[view.institutions["lapses_before_deadline"]].sort_values("name"))


def pace_table(view: TargetView) -> pd.DataFrame:
    return view.pace.rename(
        columns={"award_year": "Year", "first_awards": "In-scope institutions first awarded that year"}
    )


def projection_table(view: TargetView) -> pd.DataFrame:
    return view.projection.rename(
        columns={"year": "Year", "institutions": "Institutions holding an award", "series": "Figure"}
    ).assign(**{"All in scope": view.summary["in_scope"]})


def projection_sentence(view: TargetView) -> str:
    s, deadline = view.summary, view.deadline
    if s["not_holding"] == 0:
        return "Every in-scope institution holds a current award, as recorded in the announcements held."
    if s["projected_completion_year"] is None:
        return f"No in-scope institution has a recorded award yet, so no pace can be projected to {deadline}."
    verdict = "by" if s["on_track"] else "after"
    return (
        f"At the recorded pace ({s['first_awards_per_year']:.2f} in-scope institutions first awarded a year), "
        f"the remaining {s['not_holding']} would all hold an award by {s['projected_completion_year']}: "
        f"{verdict} the {deadline} deadline. {wording.PROJECTION_NOTE}"
    )
