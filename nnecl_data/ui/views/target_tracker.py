"""Target tracker: any row of the targets table — an adopted target (Greater Manchester: every college and
university accredited by 2027) or a recommendation with no deadline (London) — with NNECL's published count
first and the named record reconciled beside it, progress, the pace the deadline needs and a projection,
and the institutions by status (pages/target_tracker.py lays it out). Progress itself is worked out in the
data layer (provision.target_progress)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import pandas as pd

from nnecl_data import sources, wording
from nnecl_data.config import DEFAULT_COMBINED_AUTHORITY
from nnecl_data.database import provision
from nnecl_data.rules import quality_mark
from nnecl_data.ui import chart_specs, data
from nnecl_data.ui.markdown import escape_markdown
from nnecl_data.ui.views.award_status import (
    STATUS_RANK,
    award_sources,
    holder_table,
    pct_text,
    reconciliation_table,
    register_sources,
)
from nnecl_data.ui.views.local_authority import profile_link

RECORDED = "Current award, as announced"
IF_RENEWED = "Scenario: if renewals not announced were made"
PROJECTED = "Projected at the recorded pace"
SERIES = [RECORDED, PROJECTED, IF_RENEWED]
CAVEATS = [
    wording.NOT_ANNOUNCED_CAVEAT,
    wording.YEAR_CAVEAT,
    wording.REGISTER_CAVEAT,
    wording.NOT_IN_REGISTER_CAVEAT,
]
RECOMMENDATION_NOTE = "A recommendation, not an adopted target, with no deadline."
NO_TARGET_HOW = (
    "Targets and recommendations come from the curated seed, from NNECL's and the Greater London "
    "Authority's published pages. Ask the dashboard's maintainers to add one."
)


def _deadline(row) -> int | None:
    value = row.get("deadline_year") if isinstance(row, dict) else row["deadline_year"]
    return None if value is None or pd.isna(value) else int(value)


def target_label(row) -> str:
    """ "Greater Manchester: target, 2027" / "London: recommendation, no deadline"."""
    deadline = _deadline(row)
    kind = row["kind"]
    if kind == "target":
        return f"{row['scope_name']}: target, {deadline}" if deadline else f"{row['scope_name']}: target"
    return f"{row['scope_name']}: {kind}"


@data.cached_pure
def target_options() -> dict[str, str]:
    """Every target and recommendation: id -> label, the default combined authority's target first, then
    the other targets, then recommendations, each by area name."""
    df = data.targets()
    if df.empty:
        return {}
    order = df.assign(
        first=df["scope_code"] != DEFAULT_COMBINED_AUTHORITY, recommendation=df["kind"] != "target"
    ).sort_values(["first", "recommendation", "scope_name", "target_id"])
    return {row["target_id"]: target_label(row) for _, row in order.iterrows()}


def target_combined_authorities() -> dict[str, str | None]:
    """Combined authorities' targets: target id -> the combined authority the shared filter is set to (None
    for the default one, which the link leaves out)."""
    df = data.targets()
    df = df[df["scope_type"] == "combined_authority"]
    return {
        tid: (None if code == DEFAULT_COMBINED_AUTHORITY else code)
        for tid, code in zip(df["target_id"], df["scope_code"], strict=True)
    }


def default_target(options: dict[str, str], combined_authority: str | None) -> str:
    """The chosen combined authority's target if it has one, else the first (Greater Manchester's)."""
    df = data.targets()
    code = combined_authority or DEFAULT_COMBINED_AUTHORITY
    own = df[(df["scope_type"] == "combined_authority") & (df["scope_code"] == code)]
    if not own.empty and own.iloc[0]["target_id"] in options:
        return own.iloc[0]["target_id"]
    return next(iter(options))


def ca_without_target(combined_authority: str | None) -> bool:
    """Whether the link chose a combined authority that has no target (the page says so)."""
    if not combined_authority:
        return False
    df = data.targets()
    return df[(df["scope_type"] == "combined_authority") & (df["scope_code"] == combined_authority)].empty


def projection_frame(held: int, in_scope: int, per_year: float, year: int, deadline: int) -> pd.DataFrame:
    """Institutions holding an award, projected year by year from now to the deadline at the recorded pace
    (capped at the number in scope). Columns year, institutions, series; the first row is now."""
    rows = [{"year": year, "institutions": float(held), "series": PROJECTED}]
    for y in range(year + 1, max(deadline, year) + 1):
        projected = min(in_scope, held + per_year * (y - year))
        rows.append({"year": y, "institutions": round(projected, 1), "series": PROJECTED})
    return pd.DataFrame(rows)


def held_by_year(awards: pd.DataFrame, institution_ids, first_year: int, last_year: int) -> pd.DataFrame:
    """How many of the institutions held a current award in each year, by the status rule (recorded history),
    and, as a scenario, how many held one or had an award whose renewal is not announced."""
    chosen = awards[awards["institution_id"].isin(set(institution_ids))]
    rows = []
    for y in range(first_year, last_year + 1):
        status = quality_mark.institution_status_on(chosen, y)
        held = status.isin(quality_mark.HELD).sum()
        rows.append({"year": y, "institutions": float(held), "series": RECORDED})
        unknown = (status == quality_mark.NOT_ANNOUNCED).sum()
        rows.append({"year": y, "institutions": float(held + unknown), "series": IF_RENEWED})
    return pd.DataFrame(rows, columns=["year", "institutions", "series"])


def as_of_text(as_of: str) -> str:
    return wording.as_of_text(as_of)


@dataclass
class TargetView:
    target: dict
    summary: dict
    assumptions: str
    progress_text: str
    institutions: pd.DataFrame
    outside_register: pd.DataFrame
    pace: pd.DataFrame
    projection: pd.DataFrame
    scenarios: pd.DataFrame
    reconciliation: provision.Reconciliation | None
    statements: list[dict]  # other published statements about the area (e.g. the Committee's own words)
    source_ids: list[str]
    caveats: list[str]
    on_date: dt.date | None = None

    @property
    def deadline(self) -> int | None:
        return _deadline(self.target)

    @property
    def is_recommendation(self) -> bool:
        return self.target["kind"] == "recommendation"

    @property
    def name(self) -> str:
        return str(self.target["scope_name"])

    @property
    def published(self) -> dict | None:
        return self.reconciliation.published if self.reconciliation else None

    @property
    def progress_sources(self) -> list[str]:
        """The target's, the awards' and the register's sources, and NNECL's published figure's if shown."""
        return sorted(set(self.source_ids) | ({self.published["source_id"]} if self.published else set()))

    @property
    def progress_fraction(self) -> float:
        held, in_scope = self.summary["holding_award"], self.summary["in_scope"]
        return min(1.0, held / in_scope) if in_scope else 0.0


def _statements(target: dict) -> list[dict]:
    """Published statements about the target's area that are not counts (facts with no value), e.g. the
    London Assembly Committee's own listed recommendation."""
    facts = data.facts()
    rows = facts[(facts["scope"] == target["scope_name"]) & facts["value"].isna()]
    return rows.to_dict("records")


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


def progress_sentence(summary: dict, target: dict, on_date: dt.date) -> str:
    held, n = summary["holding_award"], summary["in_scope"]
    deadline = _deadline(target)
    text = (
        f"{held} of {n} in-scope institutions in the register in {target['scope_name']} "
        f"({pct_text(quality_mark.pct(held, n))}) hold a current Quality Mark on {on_date.day} {on_date:%B %Y}, "
        f"as recorded in the announcements held; {summary['not_announced']} more have renewal not announced."
    )
    if deadline:
        return text + f" Target: all of them by {deadline}."
    return text


@data.cached_view
def target_view(target_id: str, on_date: dt.date) -> TargetView | None:
    if target_id not in set(data.targets()["target_id"]):
        return None
    progress = data.target_progress(target_id, on_date)
    s, target = progress.summary, progress.target
    deadline = _deadline(target)
    register = data.institutions()
    inst = progress.institutions.copy()
    inst["name"] = inst["institution_id"].map(register.set_index("institution_id")["name"]).fillna(inst["name"])
    inst["ukprn"] = inst["institution_id"].map(register.set_index("institution_id")["ukprn"])  # not the raw id
    statements = _statements(target)
    sources = {target["source_id"], *award_sources(), *register_sources(register)}
    return TargetView(
        target=target,
        summary=s,
        assumptions=progress.assumptions,
        progress_text=progress_sentence(s, target, on_date),
        institutions=inst,
        outside_register=progress.outside_register,
        pace=progress.pace,
        projection=_projection(inst, s, on_date, deadline) if deadline else pd.DataFrame(),
        scenarios=progress.scenarios,
        reconciliation=progress.reconciliation,
        statements=statements,
        source_ids=sorted(sources | {f["source_id"] for f in statements}),
        caveats=CAVEATS,
        on_date=on_date,
    )


def what_it_is(view: TargetView) -> str:
    """The page's first words: what kind of target it is and what it asks, as the dashboard records it."""
    kind = (
        RECOMMENDATION_NOTE
        if view.is_recommendation
        else f"An adopted target with a deadline: {view.deadline}."
        if view.deadline
        else "An adopted target with no deadline."
    )
    return f"**{kind}** {view.target['description']}"


def in_its_words(view: TargetView) -> str:
    """The target in its source's exact words, and what the dashboard counts as in scope."""
    text = f"“{view.target['wording']}”\n\n" if view.target.get("wording") else ""
    return text + f"**In scope here:** {view.target['in_scope_definition']}"


def published_text(view: TargetView, on_date: dt.date) -> str:
    """NNECL's published count first, then the named record, reconciled in words and numbers."""
    rec = view.reconciliation
    if rec is None:
        return ""
    day = f"{on_date.day} {on_date:%B %Y}"
    return wording.reconciliation_text(rec.published, rec.counts, rec.groups, rec.holders, view.name, day)


@data.from_view
def reconciliation_frame(view: TargetView) -> pd.DataFrame:
    rec = view.reconciliation
    label = f"NNECL's published figure ({as_of_text(rec.published['as_of'])})"
    return reconciliation_table(rec.groups, rec.counts, label)


def progress_figures(view: TargetView) -> list[tuple[str, int, str | None]]:
    """The progress metrics (label, value, help): every in-scope institution in the register counts in one."""
    s = view.summary
    figures = [
        ("In scope (in the register)", s["in_scope"], "In-scope institutions in the register."),
        ("With a current award", s["holding_award"], "As recorded in the announcements held, today."),
        ("Renewal not announced", s["not_announced"], wording.STATUS_HELP["not_announced"]),
    ]
    if s["working_towards"]:
        figures.append(("Working towards", s["working_towards"], wording.STATUS_HELP["working_towards"]))
    figures.append(("No award on record", s["no_record"], wording.STATUS_HELP["none"]))
    return figures


def denominator_text(view: TargetView) -> str:
    """How awardees outside the register bear on the count and its denominator."""
    outside, n = view.outside_register, view.summary["in_scope"]
    if outside.empty:
        return f"Every awardee named in {view.name} is in the register; the count is over its {n} in scope."
    holding = int(outside["holds_award"].sum())
    one = len(outside) == 1
    return (
        f"{len(outside)} named {'awardee is' if one else 'awardees are'} not in the register "
        f"({wording.name_list(sorted(outside['name']))}; {holding} with a current award): listed with the holders "
        f"below, flagged, but in neither the count nor the denominator of {n}. Counting "
        f"{'it' if one else 'them'}, the area has at least {n + len(outside)} in-scope institutions, "
        f"{view.summary['holding_award'] + holding} with a current award on record."
    )


def pace_text(view: TargetView, on_date: dt.date) -> str:
    """The pace the deadline needs (institutions per term), with the renewal scenario, in words."""
    s, deadline = view.summary, view.deadline
    if not deadline:
        return "With no deadline, no pace or projection is worked out."
    terms = s["terms_left"]
    if s["not_holding"] == 0:
        return "Every in-scope institution in the register holds a current award, as recorded."
    if not terms:
        return f"No term is left before the end of {deadline}: {s['not_holding']} have no current award on record."
    text = (
        f"{s['not_holding']} in-scope institutions have no current award on record. {terms} terms start between "
        f"{on_date.day} {on_date:%B %Y} and the end of {deadline} (spring, summer and autumn terms), so reaching "
        f"all of them by then needs {s['pace_needed_per_term']:.1f} institutions accredited a term; so far the "
        f"pace has been {s['first_awards_per_term']:.2f} a term ({s['first_awards_per_year']:.2f} a year)."
    )
    if s["not_announced"]:
        text += (
            f" Scenario, not a fact: if the {s['not_announced']} whose renewal is not announced were in fact "
            f"renewed, {s['if_renewed_remaining']} remain: {s['if_renewed_pace_per_term']:.1f} a term."
        )
    return text


def scenario_text(view: TargetView) -> str:
    """What happens to awards whose renewal is not announced if they were renewed: scenarios, not facts."""
    deadline = view.deadline
    if view.scenarios.empty or not deadline:
        return ""
    parts = []
    for row in view.scenarios.itertuples():
        one = row.institutions == 1
        when = {
            "in the deadline year": f"in {row.renewed_due}, the deadline year, so would need renewing again then",
            "before": f"in {row.renewed_due}, before the deadline",
            "after": f"in {row.renewed_due}, after the deadline",
        }[row.against_deadline]
        parts.append(
            f"{row.institutions} in-scope {'award' if one else 'awards'} whose three years ended in {row.ended} "
            f"{'has' if one else 'have'} no renewal announced. If renewed in {row.ended}, "
            f"{'it' if one else 'they'} would fall due again {when}; if not, {'it needs' if one else 'they need'} "
            f"a new award by the end of {deadline}."
        )
    return "Scenarios, not facts (no renewal is announced): " + " ".join(parts)


def _target_rows(inst: pd.DataFrame, la_names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Institution": inst["name"],
            "Type": inst["type"].map(wording.type_label),
            "Local authority": inst["la_code"].map(la_names).fillna(wording.LA_NOT_KNOWN),
            "Status today": inst["status_on"].map(wording.status_label),
            "Latest award ends (year)": inst["latest_expiry_year"].astype("Int64"),
            "UKPRN": inst["ukprn"],
        }
    ).reset_index(drop=True)


@data.from_view
def no_record_table(view: TargetView) -> pd.DataFrame:
    """In-scope institutions with no award on record, with type and local authority (borough)."""
    df = view.institutions[view.institutions["status_on"] == quality_mark.NO_RECORD]
    return _target_rows(df.sort_values(["la_code", "name"]), data.la_names()).drop(
        columns=["Latest award ends (year)"]
    )


def not_announced_table(view: TargetView) -> pd.DataFrame:
    df = view.institutions[view.institutions["status_on"] == quality_mark.NOT_ANNOUNCED]
    return _target_rows(df.sort_values("name"), data.la_names())


def not_holding_table(view: TargetView) -> pd.DataFrame:
    df = view.institutions[~view.institutions["holds_award"]]
    df = df.assign(order=df["status_on"].map(STATUS_RANK)).sort_values(["order", "name"])
    return _target_rows(df, data.la_names())


@dataclass
class Section:
    heading: str
    title: str  # the table's title (after the area's name)
    table: pd.DataFrame
    key: str
    empty: str  # what the page says when the table is empty


@data.from_view
def institution_sections(view: TargetView) -> list[Section]:
    """The in-scope institutions by status: holders (those outside the register flagged), renewal not
    announced, no award on record."""
    holding = holding_table(view)
    outside = int((holding["In the register"] == wording.NOT_IN_REGISTER).sum()) if not holding.empty else 0
    counts = f"{len(holding) - outside} in the register" + (f", {outside} not in it" if outside else "")
    not_announced, none = not_announced_table(view), no_record_table(view)
    label = wording.STATUS_LABELS
    return [
        Section(
            f"Holding a current award ({counts})",
            "holding a current award",
            holding,
            "target_holding",
            "No in-scope institution holds a current award, as recorded in the announcements held.",
        ),
        Section(
            f"{label['not_announced']} ({len(not_announced)})",
            label["not_announced"].lower(),
            not_announced,
            "target_not_announced",
            "No in-scope institution has an award whose renewal is not announced.",
        ),
        Section(
            f"{label['none']} ({len(none)})",
            label["none"].lower(),
            none,
            "target_no_record",
            "Every in-scope institution has an award on record.",
        ),
    ]


@data.from_view
def holding_table(view: TargetView) -> pd.DataFrame:
    """Holders of a current award in scope: the register's and, flagged, those not in the register."""
    named = data.named_holders(view.on_date or data.today())
    inside = named[
        named["institution_id"].isin(view.institutions.loc[view.institutions["holds_award"], "institution_id"])
    ]
    outside = view.outside_register[view.outside_register["holds_award"]]
    holders = pd.concat([inside, outside[inside.columns]], ignore_index=True)
    return holder_table(holders, data.region_names(), data.la_names())


@data.from_view
def ending_table(view: TargetView) -> pd.DataFrame:
    """Awards held today whose three years end before the deadline."""
    df = view.institutions[view.institutions["ends_before_deadline"]].sort_values("name")
    return _target_rows(df, data.la_names())


def scenario_table(view: TargetView) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Three years ended (year)": view.scenarios["ended"],
            "In-scope institutions, renewal not announced": view.scenarios["institutions"],
            "Scenario: if renewed that year, due again (year)": view.scenarios["renewed_due"],
            "Against the deadline": view.scenarios["against_deadline"],
            "Institutions": view.scenarios["names"].map("; ".join),
        }
    )


def pace_table(view: TargetView) -> pd.DataFrame:
    return view.pace.rename(
        columns={"award_year": "Year", "first_awards": "In-scope institutions first awarded that year"}
    )


def projection_chart(view: TargetView):
    """The recorded, scenario and projected lines to the deadline, with a text alternative naming all three."""
    spec = chart_specs.target_projection(
        view.projection,
        year="year",
        value="institutions",
        series="series",
        target=view.summary["in_scope"],
        deadline=view.deadline,
        title=f"{view.name}: holding a current award, by year",
        series_order=SERIES,
        y_title="Institutions in the register",
    )
    scenario = (
        f" The line of dots from {view.projection['year'].min()} is a scenario: current awards plus those whose "
        "renewal is not announced, as if every such renewal had been made."
    )
    return dataclasses.replace(spec, description=spec.description + scenario)


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


def member_authorities(view: TargetView) -> pd.DataFrame:
    """The current local authorities of the target's area (a combined authority's members, as the ONS
    boundaries held place them, or a region's authorities): code, name and source."""
    code, scope = view.target["scope_code"], view.target["scope_type"]
    if scope == "combined_authority":
        las = data.local_authorities(combined_authority=code)
    elif scope == "region":
        las = data.local_authorities((code,))
    else:
        return pd.DataFrame(columns=["code", "name", "source_id"])
    current = las[las["end_year"].isna()]
    return current[["code", "name", "source_id"]].sort_values("name").reset_index(drop=True)


def member_sources(view: TargetView) -> list[str]:
    """The authorities' own source, and ONS's boundaries for which authorities a combined authority has."""
    ons = {sources.ONS_UK_TOPOJSON.source_id} if view.target["scope_type"] == "combined_authority" else set()
    return sorted(set(member_authorities(view)["source_id"]) | ons)


def members_markdown(view: TargetView) -> str:
    """Its local authorities as links to their profiles ('' when the area has none recorded)."""
    members = member_authorities(view)
    if members.empty:
        return ""
    pairs = zip(members["code"], members["name"], strict=True)
    links = ", ".join(profile_link(code, name) for code, name in pairs)
    what = "combined authority" if view.target["scope_type"] == "combined_authority" else "region"
    return (
        f"The {len(members)} local authorities of the {escape_markdown(view.name)} {what}; open one to see its "
        f"care leavers beside its statistical neighbours: {links}."
    )
