"""The pack's Quality Mark and membership section: paragraphs, a table by institution type, and the
sources behind them. Sample members are shown only when asked for, and flagged."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from nnecl_data.database import provision, queries
from nnecl_data.evidence.model import Selection, Table
from nnecl_data.rules import quality_mark, transforms
from nnecl_data.rules.selection import INSTITUTION_TYPE_LABELS
from nnecl_data.wording import COVERAGE_LABELS, NOT_RECORDED, date_text
from nnecl_data.wording import INSTITUTION_TYPE_PLURALS as PLURAL_TYPES


def quality_mark_section(
    bind, selection: Selection, name: str, on_date: dt.date
) -> tuple[list[str], Table | None, list[str], bool]:
    """Paragraphs, a table by institution type, source ids, and whether sample data is shown."""
    named = provision.named_awardees_count(bind)
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
    paragraphs = []
    if total:
        share = f" ({100 * held / total:.0f}%)" if total else ""
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
            f"held on {date_text(on_date)}, and {towards_text}."
        )
    else:
        paragraphs.append(f"The dashboard's register holds no {types} in {where}.")
    paragraphs.append(
        f"NNECL reports {named['total']} institutions awarded the Quality Mark; the public announcements "
        f"held name {named['named']} of them ({named['text']}), so these counts are a floor: an institution "
        "not named may hold the Quality Mark."
        if named["total"]
        else f"The public announcements held name {named['named']} awardees; NNECL's total is not held."
    )
    sources = sorted(set(awards["source_id"].dropna())) + ["nnecl_cambridge_50th_2025", "dfe_fe_colleges"]
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
            f"Status on {date_text(on_date)}. {named['text']} awardees: see the caveat on the partial record."
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
