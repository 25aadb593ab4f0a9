"""Member density: NNECL members per region, per 100 institutions in the register and per 1,000 care
leavers aged 19 to 21, and members by type (pages/members.py lays it out). Member figures appear only
from a loaded register; a fictional sample register is shown only when asked for, and flagged."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from nnecl_data import wording
from nnecl_data.charts import theme
from nnecl_data.database.provision import CARE_LEAVER_INDICATOR, MEMBERS_FACT, RUSSELL_GROUP_FACTS
from nnecl_data.ui import data
from nnecl_data.ui.views.award_status import register_sources

MEMBER_TYPES = list(wording.MEMBER_TYPE_LABELS.values())
MEMBER_TYPE_COLOURS = theme.CATEGORICAL
# For policy leads: what the page will show and who holds the register (how to load it is in the README
# and on the data administration page, for the people who do it).
NO_REGISTER = (
    "No member register is loaded, so member figures by region are not shown. NNECL's member register is not "
    "public."
)
ONCE_LOADED = (
    "Once NNECL loads its member register, this page shows, for each region and for England: how many NNECL "
    "member organisations there are; how many for every 100 colleges and universities in the register and for "
    "every 1,000 care leavers aged 19 to 21 (the denominators below); and members by type (universities, "
    "colleges, leaving care teams, virtual schools, charities). The Institutions page then shows which colleges "
    "and universities are members."
)
WHO_TO_ASK = (
    "The register is NNECL's: to ask about membership or about the register being loaded, contact NNECL "
    "(the National Network for the Education of Care Leavers, nnecl.org)."
)


def sample_available() -> bool:
    """Whether a fictional sample register with current members is loaded (the page then offers it)."""
    return data.member_counts()["sample_current"] > 0


def published_figure() -> dict | None:
    """NNECL's own published statement of its membership (a fact), if the database holds it."""
    return data.fact(MEMBERS_FACT)


def published_figures() -> list[tuple[str, str, dict]]:
    """What NNECL publishes about its membership: (metric label, value, fact), for the facts held."""
    out = []
    members = data.fact(MEMBERS_FACT)
    if members:
        out.append(
            ("NNECL member organisations (NNECL's own figure)", f"More than {members['value']:.0f}", members)
        )
    russell, total = data.fact(RUSSELL_GROUP_FACTS["members"]), data.fact(RUSSELL_GROUP_FACTS["universities"])
    if russell:
        of = f" of {total['value']:.0f}" if total else ""
        out.append(("Russell Group universities that are NNECL members", f"{russell['value']:.0f}{of}", russell))
    return out


def denominators_table() -> pd.DataFrame:
    """The denominators member density will use, already held: institutions in the register and DfE's care
    leavers aged 19 to 21, per region and for England."""
    df = data.members_by_region(False)
    year = _care_leavers_year(df)
    england, _ = _england_leavers(year)
    leavers = f"Care leavers aged 19 to 21 ({year}, DfE)" if year else "Care leavers aged 19 to 21 (DfE)"
    table = pd.DataFrame(
        {
            "Region": df["region_name"],
            "Code": df["region_code"],
            "Colleges and universities in the register": df["institutions"],
            leavers: df["care_leavers_19_21"].astype("Int64"),
        }
    )
    england_row = {
        "Region": "England",
        "Code": "E92000001",
        "Colleges and universities in the register": int(data.institutions().shape[0]),
        leavers: None if england is None else int(england),
    }
    out = pd.concat([table, pd.DataFrame([england_row])], ignore_index=True)
    return out.astype({leavers: "Int64"})


def denominator_sources() -> list[str]:
    year = _care_leavers_year(data.members_by_region(False))
    _, leaver_sources = _england_leavers(year)
    return sorted(set(register_sources(data.institutions())) | set(leaver_sources) | {"dfe_cla_2025"})


@dataclass
class MembersView:
    loaded: bool  # any member rows shown
    showing_sample: bool
    regions: pd.DataFrame
    england: dict
    by_type: pd.DataFrame
    care_leavers_year: int | None
    source_ids: list[str]
    caveats: list[str]

    @property
    def tag(self) -> str:
        """What starts every title while sample data is shown."""
        return "Sample data: " if self.showing_sample else ""


def member_rates(by_region: pd.DataFrame, england_leavers: float | None, without_region: int) -> dict:
    """England totals and rates: all current members (including any with no region) over all institutions
    in the register and over England's care leavers aged 19 to 21."""
    members = int(by_region["members"].sum()) + int(without_region)
    institutions = int(by_region["institutions"].sum())
    return {
        "members": members,
        "institutions": institutions,
        "per_100_institutions": round(100 * members / institutions, 2) if institutions else None,
        "care_leavers_19_21": england_leavers,
        "per_1000_care_leavers": round(1000 * members / england_leavers, 2) if england_leavers else None,
    }


def _care_leavers_year(by_region: pd.DataFrame) -> int | None:
    if "care_leavers_year" in by_region and by_region["care_leavers_year"].notna().any():
        return int(by_region["care_leavers_year"].dropna().max())
    return None


def _england_leavers(year: int | None) -> tuple[float | None, list[str]]:
    """England's care leavers aged 19 to 21 in the year (DfE's denominator), with its source."""
    if not year:
        return None, []
    row = data.england_value(CARE_LEAVER_INDICATOR, year)
    if row.empty or pd.isna(row.iloc[0]["denominator"]):
        return None, []
    return float(row.iloc[0]["denominator"]), [row.iloc[0]["source_id"]]


def _by_type(include_sample: bool, region_codes: tuple[str, ...]) -> pd.DataFrame:
    types = data.members_by_type(include_sample)
    if region_codes:
        types = types[types["region_code"].isin(region_codes)]
    return types.assign(
        Region=types["region_code"].map(data.region_names()).fillna(wording.REGION_NOT_KNOWN),
        **{"Member type": types["member_type"].map(wording.MEMBER_TYPE_LABELS).fillna(types["member_type"])},
    )


def members_view(include_sample: bool, region_codes: tuple[str, ...] = ()) -> MembersView:
    counts = data.member_counts()
    include_sample = include_sample and counts["sample_current"] > 0
    by_region = data.members_by_region(include_sample)
    year = _care_leavers_year(by_region)
    england_leavers, leaver_sources = _england_leavers(year)
    without_region = int(by_region.attrs.get("members_without_region", 0))
    england = member_rates(by_region, england_leavers, without_region)
    england["without_region"] = without_region
    shown = counts["real_current"] + (counts["sample_current"] if include_sample else 0)
    source_ids = ["dfe_cla_2025", *leaver_sources] + (["sample_register"] if include_sample else [])
    caveats = [wording.members_caveat(year)]
    if include_sample:
        caveats.insert(0, wording.SAMPLE_CAPTION)
    return MembersView(
        loaded=shown > 0,
        showing_sample=include_sample,
        regions=by_region,
        england=england,
        by_type=_by_type(include_sample, region_codes),
        care_leavers_year=year,
        source_ids=sorted(set(source_ids)),
        caveats=caveats,
    )


def _rate(value: float | None) -> str:
    return "not available" if value is None or value != value else f"{value:.1f}"


def members_summary(view: MembersView) -> str:
    e = view.england
    text = view.tag + f"**{e['members']}** current members in England"
    if e.get("without_region"):
        text += f" ({e['without_region']} with no region recorded, counted in England's figures only)"
    text += (
        f": {_rate(e['per_100_institutions'])} per 100 institutions in the register and "
        f"{_rate(e['per_1000_care_leavers'])} per 1,000 care leavers aged 19 to 21"
        + (f" ({view.care_leavers_year})." if view.care_leavers_year else ".")
    )
    return text


def chart_subtitle(view: MembersView) -> str:
    return ("Fictional sample. " if view.showing_sample else "By region. ") + "Dashed line: England."


def type_chart_subtitle(view: MembersView) -> str:
    return wording.SAMPLE_CAPTION if view.showing_sample else ""


def members_table(view: MembersView) -> pd.DataFrame:
    df = view.regions
    e = view.england
    table = pd.DataFrame(
        {
            "Region": df["region_name"],
            "Code": df["region_code"],
            "Members": df["members"],
            "Institutions in the register": df["institutions"],
            "Members per 100 institutions": df["members_per_100_institutions"],
            "England: per 100 institutions": e["per_100_institutions"],
            "Care leavers aged 19 to 21": df["care_leavers_19_21"],
            "Members per 1,000 care leavers": df["members_per_1000_care_leavers"],
            "England: per 1,000 care leavers": e["per_1000_care_leavers"],
        }
    )
    england_row = {
        "Region": "England (all members)",
        "Code": "E92000001",
        "Members": e["members"],
        "Institutions in the register": e["institutions"],
        "Members per 100 institutions": e["per_100_institutions"],
        "England: per 100 institutions": e["per_100_institutions"],
        "Care leavers aged 19 to 21": e["care_leavers_19_21"],
        "Members per 1,000 care leavers": e["per_1000_care_leavers"],
        "England: per 1,000 care leavers": e["per_1000_care_leavers"],
    }
    table = pd.concat([table, pd.DataFrame([england_row])], ignore_index=True)
    if view.showing_sample:
        table.insert(0, "Data", wording.SAMPLE_DATA)
    return table


def member_rate_frame(view: MembersView, column: str) -> pd.DataFrame:
    df = view.regions
    return pd.DataFrame(
        {"geography_code": df["region_code"], "geography_name": df["region_name"], "value": df[column]}
    )


def member_type_table(view: MembersView) -> pd.DataFrame:
    df = view.by_type.sort_values(["Region", "Member type"])
    table = df[["Region", "Member type", "members"]].rename(columns={"members": "Members"})
    if view.showing_sample:
        table.insert(0, "Data", wording.SAMPLE_DATA)
    return table.reset_index(drop=True)
