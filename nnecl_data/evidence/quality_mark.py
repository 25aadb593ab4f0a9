"""The pack's Quality Mark and membership section: paragraphs, a table by institution type, and the
sources behind them. Statuses and counts are the pages': the same rules (rules.quality_mark), the same
published-count reconciliation (provision.area_reconciliation) and the same words (wording). Sample
members are shown only when asked for, and flagged."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from nnecl_data.database import provision, queries
from nnecl_data.evidence.model import Selection, Table
from nnecl_data.rules import quality_mark, transforms
from nnecl_data.rules.selection import INSTITUTION_TYPE_LABELS
from nnecl_data.wording import COVERAGE_LABELS, NOT_RECORDED, date_text, reconciliation_text
from nnecl_data.wording import INSTITUTION_TYPE_PLURALS as PLURAL_TYPES


def quality_mark_section(
    bind, selection: Selection, name: str, on_date: dt.date
) -> tuple[list[str], Table | None, list[str], bool]:
    """Paragraphs, a table by institution type, source ids, and whether sample data is shown."""
    la_codes = None
    if selection.kind == "combined_authority":
        la_codes = queries.local_authorities(bind, combined_authority=selection.code)["code"].tolist()
    inst = provision.institutions(bind, list(selection.institution_types) or None, la_codes)
    if selection.kind == "region":
        inst = inst[inst["region_code"] == selection.code]
    awards = provision.awards(bind)
    by_type = quality_mark.coverage_counts(quality_mark.with_status(inst, awards, on_date), ["type"])
    coverage = quality_mark.england_coverage(by_type)
    where = {"england": "England", "region": transforms.area_phrase(name)}.get(
        selection.kind, f"the {name} combined authority area"
    )
    types = (
        " and ".join(PLURAL_TYPES.get(t, t) for t in selection.institution_types)
        if selection.institution_types
        else "colleges and universities"
    )
    held, towards, total = coverage["current_award"], coverage["working_towards"], coverage["institutions"]
    unknown, none = coverage[quality_mark.NOT_ANNOUNCED], coverage["none"]
    day = date_text(on_date)
    paragraphs = []
    # NNECL's published count first (England's, or the area's where NNECL publishes one), then the record.
    area = "England" if selection.kind == "england" else name
    rec = provision.area_reconciliation(bind, selection.kind, selection.code, area, on_date)
    shown_as = "England" if selection.kind == "england" else where
    paragraphs.append(reconciliation_text(rec.published, rec.counts, rec.groups, rec.holders, shown_as, day))
    if total:
        share = f" ({100 * held / total:.0f}%)"
        # A count of nought is the record's silence, not a finding: say "not recorded", never "0 are".
        towards_text = (
            f"{towards} {'is' if towards == 1 else 'are'} recorded as working towards one"
            if towards
            else "none is recorded as working towards one (the announcements held do not list every "
            "institution working towards it)"
        )
        paragraphs.append(
            f"Of the {total} {types} in the dashboard's register in {where}, {held}{share} "
            f"{'holds' if held == 1 else 'hold'} a current NNECL Quality Mark as recorded in the announcements "
            f"held on {day}, {unknown} {'has' if unknown == 1 else 'have'} renewal not announced (three years "
            f"passed, no renewal announced: not known), {towards_text} and {none} "
            f"{'has' if none == 1 else 'have'} no award on record."
        )
    else:
        paragraphs.append(f"The dashboard's register holds no {types} in {where}.")
    targets = provision.targets(bind)
    own = targets[(targets["scope_type"] == selection.kind) & (targets["scope_code"] == selection.code)]
    for target in own.itertuples():  # the area's target or recommendation, in its source's words
        paragraphs.append(f"{target.description} In the source's words: “{target.wording}”")
    sources = sorted(set(awards["source_id"].dropna())) + ["dfe_fe_colleges"]
    if rec.published:
        sources.append(rec.published["source_id"])
    sources += list(own["source_id"])
    table = None
    if total:
        grouped = by_type.sort_values("type")
        counts = {"Institutions": "institutions", **{label: key for key, label in COVERAGE_LABELS.items()}}
        table = Table(
            "Quality Mark status of institutions in the register",
            pd.DataFrame(
                {
                    "Institution type": [INSTITUTION_TYPE_LABELS.get(t, t) for t in grouped["type"]],
                    **{label: [_count(n, key) for n in grouped[key]] for label, key in counts.items()},
                }
            ),
            f"Status on {day}, institutions in the register only. {rec.counts['named']} awardees named here: see "
            "the caveat on the partial record."
            + (
                f" '{NOT_RECORDED}': the announcements held record none."
                if not grouped["working_towards"].all()
                else ""
            ),
            tuple(counts),
        )
    # Membership
    real = provision.members_by_region(bind, include_sample=False)
    real_total = int(real["members"].sum()) + int(real.attrs.get("members_without_region", 0))
    sample_shown = False
    facts = queries.facts(bind).set_index("fact_id")
    if real_total:
        paragraphs.append(_member_sentence(real, selection, where, "in NNECL's loaded member register"))
    elif selection.include_sample:
        sample = provision.members_by_region(bind, include_sample=True)
        if int(sample["members"].sum()):
            sample_shown = True
            paragraphs.append(
                "SAMPLE DATA, NOT NNECL'S REGISTER: "
                + _member_sentence(sample, selection, where, "in the fictional sample register")
            )
            sources.append("sample_register")
    if not real_total:
        reported = (
            facts.loc["nnecl_members_over_100", "statement"] if "nnecl_members_over_100" in facts.index else ""
        )
        paragraphs.append(
            "No member register is loaded, so member numbers for this area are not shown as real data. "
            + (f"NNECL's own published figure: {reported}" if reported else "")
        )
        if reported:
            sources.append("nnecl_about")
    return paragraphs, table, sources, sample_shown


def _count(n, key: str) -> str:
    """A count for the table; for 'working towards', nought is the record's silence: 'not recorded'."""
    return NOT_RECORDED if key == "working_towards" and int(n) == 0 else str(int(n))


def _member_sentence(members: pd.DataFrame, selection: Selection, where: str, register: str) -> str:
    if selection.kind == "region":
        row = members[members["region_code"] == selection.code]
        count = int(row["members"].iloc[0]) if not row.empty else 0
        return f"{count} current member organisation{'s' if count != 1 else ''} in {where} {register}."
    count = int(members["members"].sum())
    extra = (
        " (member counts are recorded by region, not by combined authority)" if selection.kind != "england" else ""
    )
    return f"{count} current member organisations in England {register}{extra}."
