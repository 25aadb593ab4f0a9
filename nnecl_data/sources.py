"""Every source the dataset cites, in one place.

A `Source` is what a fact row points at (publisher, title, URL, dates, licence). Sources that are
files the project reads also say where they sit under the raw-data folder and where the same bytes can
be downloaded, so `python -m nnecl_data download` and the ingest code share one list.

Dates are only those the provenance records (SOURCE.txt or the article itself); where a publication
date is not recorded it is left empty rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

OGL = "Open Government Licence v3.0"
OGL_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
ONS_ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right"
)


@dataclass(frozen=True)
class Source:
    source_id: str
    publisher: str
    title: str
    url: str
    licence: str
    attribution: str = ""
    published: str = ""  # ISO date or year as the source states it; empty when not recorded
    retrieved: str = ""  # ISO date of the copy the project read
    notes: str = ""
    raw_folder: str = ""  # folder under the raw-data directory
    files: dict[str, str] = field(default_factory=dict)  # file name -> download URL

    def as_row(self) -> dict[str, str]:
        return {
            "source_id": self.source_id,
            "publisher": self.publisher,
            "title": self.title,
            "url": self.url,
            "licence": self.licence,
            "attribution": self.attribution,
            "published": self.published,
            "retrieved": self.retrieved,
            "notes": self.notes,
        }


def _github_raw(repo: str, commit: str, path: str) -> str:
    return f"https://raw.githubusercontent.com/{repo}/{commit}/{path}"


_CSC_REPO, _CSC_COMMIT = (
    "dfe-analytical-services/CSC_outcomes_and_enablers",
    "2f5d11a431050523dab58810083259d3313029ae",
)
_BG_REPO, _BG_COMMIT = "BenGoodair/childrens_social_care_data", "ca4389abf37edc6531b03995b1d30be0e1a37807"
_BG_LA = "Raw_Data/LA_level/Children_Placement_Characteristics"
_CLA_PUBLICATION = (
    "https://explore-education-statistics.service.gov.uk/find-statistics/"
    "children-looked-after-in-england-including-adoptions"
)
_CIN_PUBLICATION = (
    "https://explore-education-statistics.service.gov.uk/find-statistics/"
    "outcomes-for-children-in-need-including-children-looked-after-by-local-authorities-in-england"
)

DFE_CLA_2025 = Source(
    source_id="dfe_cla_2025",
    publisher="Department for Education",
    title="Children looked after in England including adoptions: care leavers' activity and accommodation, "
    "and children looked after per 10,000 (reporting years 2021 to 2025)",
    url=_CLA_PUBLICATION,
    licence=OGL,
    attribution=OGL_ATTRIBUTION,
    published="2025",
    retrieved="2026-04-27",
    notes="Files as used by DfE's Children's Social Care Outcomes and Enablers dashboard (repository "
    f"{_CSC_REPO} at {_CSC_COMMIT[:12]}). Years end 31 March. National and regional counts rounded to the "
    "nearest 10; percentages whole numbers.",
    raw_folder="dfe-csc-outcomes-enablers",
    files={
        name: _github_raw(_CSC_REPO, _CSC_COMMIT, f"data-raw/{name}")
        for name in (
            "la_care_leavers_activity.csv",
            "la_care_leavers_accommodation_suitability.csv",
            "cla_number_and_rate_per_10k_children.csv",
        )
    },
)

DFE_KS4_CIN = Source(
    source_id="dfe_ks4_cin",
    publisher="Department for Education",
    title="Outcomes for children in need, including children looked after by local authorities in England: "
    "key stage 4 by local authority (2018/19 to 2024/25)",
    url=_CIN_PUBLICATION,
    licence=OGL,
    attribution=OGL_ATTRIBUTION,
    published="2025/26",
    retrieved="2026-04-27",
    notes="Children looked after for 12 months at 31 March ('CLA 12 months at 31 March'). Academic years; "
    "stored against the calendar year in which the academic year ends.",
    raw_folder="dfe-csc-outcomes-enablers",
    files={"ks4_la.csv": _github_raw(_CSC_REPO, _CSC_COMMIT, "data-raw/ks4_la.csv")},
)

DFE_CLA_2022 = Source(
    source_id="dfe_cla_2022",
    publisher="Department for Education",
    title="Children looked after in England including adoptions, 2022 release: care leavers' activity and "
    "accommodation (reporting years 2018 to 2022)",
    url=_CLA_PUBLICATION,
    licence=OGL,
    attribution=OGL_ATTRIBUTION,
    published="2022",
    retrieved="2025-03-07",
    notes=f"Unchanged copy kept in {_BG_REPO} at {_BG_COMMIT[:12]}. Used for 2018 to 2020 only; later "
    "releases revise earlier years, so 2021 onwards come from the 2025 release.",
    raw_folder="bengoodair-csc-care-leavers",
    files={
        "la_care_leavers_activity_2018_2022.csv": _github_raw(
            _BG_REPO, _BG_COMMIT, f"{_BG_LA}/post_2017/data/la_care_leavers_activity.csv"
        ),
        "la_care_leavers_accommodation_suitability_2018_2022.csv": _github_raw(
            _BG_REPO, _BG_COMMIT, f"{_BG_LA}/post_2017/data/la_care_leavers_accommodation_suitability.csv"
        ),
    },
)

DFE_SFR41_2016 = Source(
    source_id="dfe_sfr41_2016",
    publisher="Department for Education",
    title="Children looked after in England including adoption: year ending 31 March 2016 (SFR41/2016), "
    "care leavers underlying data",
    url=_CLA_PUBLICATION,
    licence=OGL,
    attribution=OGL_ATTRIBUTION,
    published="2016",
    retrieved="2025-03-07",
    notes="Counts only: percentages here are derived by the project from the published counts and marked "
    "derived. In this file 'x' marks numbers of 1 to 5 suppressed for confidentiality (today's 'c'). "
    "National totals over 1,000 rounded to the nearest 100, others and regional totals to the nearest 10.",
    raw_folder="bengoodair-csc-care-leavers",
    files={
        "SFR41_CareLeavers2016.csv": _github_raw(_BG_REPO, _BG_COMMIT, f"{_BG_LA}/2016/SFR41_CareLeavers2016.csv"),
    },
)

DFE_SFR50_2017 = Source(
    source_id="dfe_sfr50_2017",
    publisher="Department for Education",
    title="Children looked after in England including adoption: year ending 31 March 2017 (SFR50/2017), "
    "care leavers underlying data",
    url=_CLA_PUBLICATION,
    licence=OGL,
    attribution=OGL_ATTRIBUTION,
    published="2017",
    retrieved="2025-03-07",
    notes="Counts only: percentages here are derived by the project from the published counts and marked "
    "derived. In this file 'x' marks suppressed small numbers (today's 'c'). National and regional totals "
    "rounded to the nearest 10.",
    raw_folder="bengoodair-csc-care-leavers",
    files={
        name: _github_raw(_BG_REPO, _BG_COMMIT, f"{_BG_LA}/2017/{name}")
        for name in ("SFR50_CareLeavers19to212017.csv", "SFR50_CareLeavers17182017.csv")
    },
)

_LAIT_REPO, _LAIT_COMMIT = (
    "dfe-analytical-services/local-authority-interactive-tool",
    "2e30e3959a6ab8b2d22941b84764da41a40ac91b",
)
_SN_NOTES = (
    "For each upper-tier local authority, its 10 closest statistical neighbours (SN1 to SN10) with a "
    "closeness band, as used by DfE's Local Authority Interactive Tool (LAIT). File copied unchanged from "
    f"the LAIT repository ({_LAIT_REPO} at {_LAIT_COMMIT[:12]}), which is MIT licensed; the groupings are "
    "DfE's children's services statistical neighbour benchmarking groups. Authorities are identified by "
    "DfE's three-digit codes, joined to ONS codes through the old_la_code/new_la_code columns of DfE's "
    "own statistics files."
)

DFE_SN_2025 = Source(
    source_id="dfe_statistical_neighbours_2025",
    publisher="Department for Education",
    title="Children's services statistical neighbour groupings, May 2025 (revised after the 2021 census)",
    url=f"https://github.com/{_LAIT_REPO}",
    licence="DfE published material; repository MIT licence",
    published="2025-05",
    retrieved="2026-04-08",
    notes=_SN_NOTES + " The file also lists, under 'Old SNs', groupings for authorities that no longer exist "
    "(Dorset county, Poole, Bournemouth, Northamptonshire, Cumbria).",
    raw_folder="dfe-statistical-neighbours",
    files={"sn_may_2025.xlsx": _github_raw(_LAIT_REPO, _LAIT_COMMIT, "01_data/02_prod/sn_may_2025.xlsx")},
)

DFE_SN_2021 = Source(
    source_id="dfe_statistical_neighbours_2021",
    publisher="Department for Education",
    title="Children's services statistical neighbour groupings, April 2021",
    url=f"https://github.com/{_LAIT_REPO}",
    licence="DfE published material; repository MIT licence",
    published="2021-04",
    retrieved="2026-04-08",
    notes=_SN_NOTES + " Superseded by the May 2025 groupings; Cumberland and Westmorland and Furness are "
    "listed without neighbours ('-').",
    raw_folder="dfe-statistical-neighbours",
    files={"sn_april_2021.xlsx": _github_raw(_LAIT_REPO, _LAIT_COMMIT, "01_data/02_prod/sn_april_2021.xlsx")},
)

ONS_UK_TOPOJSON = Source(
    source_id="ons_uk_topojson",
    publisher="Office for National Statistics",
    title="UK administrative boundaries 2014-2025 as TopoJSON (countries, regions, counties, combined "
    "authorities, upper- and lower-tier local authorities) with code change history",
    url="https://github.com/ONSvisual/uk-topojson",
    licence=OGL,
    attribution=ONS_ATTRIBUTION,
    retrieved="2025-06-11",
    notes="Used for code change history (changes.csv), the 2014 local authority lookup and, at run time "
    "only, boundaries. Geometry is never committed to this repository.",
    raw_folder="ons-uk-topojson",
    files={
        name: _github_raw("ONSvisual/uk-topojson", "b2fde50cb130908b897de10b65cdc392f9b4ff78", path)
        for name, path in (
            ("topo.json", "output/topo.json"),
            ("changes.csv", "input/changes.csv"),
            ("ltla14-lookup.csv", "input/ltla14-lookup.csv"),
        )
    },
)

ONS_BOUNDARIES_2023 = Source(
    source_id="ons_boundaries_2023",
    publisher="Office for National Statistics",
    title="Regions (BUC), Counties and Unitary Authorities (BSC) and Combined Authorities (BUC), December 2023",
    url="https://geoportal.statistics.gov.uk/",
    licence=OGL,
    attribution=ONS_ATTRIBUTION,
    published="2023-12",
    retrieved="2025-08-07",
    raw_folder="ons-boundaries-2023-fingertipsnext",
)

HOCL_HEX = Source(
    source_id="hocl_hex_cartograms",
    publisher="House of Commons Library",
    title="UK hex cartograms (non-contiguous), upper-tier local authorities",
    url="https://github.com/houseofcommonslibrary/uk-hex-cartograms-noncontiguous",
    licence="Open Parliament Licence v3.0",
    attribution="Contains Parliamentary information licensed under the Open Parliament Licence v3.0.",
    retrieved="2023-11-14",
    raw_folder="hocl-uk-hex-cartograms",
)

DFE_FE_COLLEGES = Source(
    source_id="dfe_fe_colleges",
    publisher="Department for Education",
    title="Statutory further education sector colleges in England (Teaching Vacancies service list)",
    url="https://github.com/DFE-Digital/teaching-vacancies/blob/main/config/data/colleges.csv",
    licence=OGL,
    attribution=OGL_ATTRIBUTION,
    retrieved="2026-08-21",
    notes="210 statutory FE-sector corporations with UKPRN and type. No addresses. Does not include sixth "
    "form colleges that became 16-19 academies.",
    raw_folder="dfe-tvs-fe-colleges",
    files={
        "colleges.csv": _github_raw(
            "DFE-Digital/teaching-vacancies",
            "98445ab0cf893afe7c9411c761b013f23de8984d",
            "config/data/colleges.csv",
        )
    },
)

DISCOVER_UNI_2025 = Source(
    source_id="discover_uni_2025",
    publisher="Office for Students (Discover Uni open data)",
    title="Discover Uni dataset 2025: INSTITUTION table",
    url="https://discoveruni.gov.uk/",
    licence=OGL,
    attribution=OGL_ATTRIBUTION,
    retrieved="2025-08-20",
    raw_folder="discover-uni-institution-2025",
)

HESA_HEI = Source(
    source_id="hesa_hei_region",
    publisher="HESA (Jisc)",
    title="English higher education institutions with HESA region (Estates Management Record open data)",
    url="https://www.hesa.ac.uk/data-and-analysis/estates",
    licence="CC BY 4.0",
    attribution="Source: HESA",
    retrieved="2024-10-08",
    notes="Pre-2024 list: includes providers since merged; excludes some private universities.",
    raw_folder="hesa-hei-region",
)

DFE_KS5_2019 = Source(
    source_id="dfe_ks5_2019",
    publisher="Department for Education",
    title="16 to 18 school and college performance tables 2018/19 (england_ks5final)",
    url="https://www.compare-school-performance.service.gov.uk/download-data",
    licence=OGL,
    attribution=OGL_ATTRIBUTION,
    published="2019/20",
    retrieved="2021-10-03",
    raw_folder="dfe-ks5-2020-institutions",
)

OFS_REGISTER_2018 = Source(
    source_id="ofs_register_2018",
    publisher="Office for Students",
    title="The OfS Register (November 2018)",
    url="https://www.officeforstudents.org.uk/for-providers/the-ofs-register/",
    licence=OGL,
    attribution=OGL_ATTRIBUTION,
    published="2018-11",
    retrieved="2018-11-10",
    raw_folder="ofs-register-2018",
)

POSTCODE_DISTRICTS = Source(
    source_id="postcode_districts",
    publisher="doogal.co.uk (from ONS Postcode Directory and OS Code-Point Open)",
    title="UK postcode districts with region and centroid",
    url="https://www.doogal.co.uk/PostcodeDistricts",
    licence=OGL,
    attribution="Contains OS data © Crown copyright and database right; Contains Royal Mail data © Royal Mail "
    "copyright and database right; Source: Office for National Statistics licensed under the Open "
    "Government Licence v3.0",
    retrieved="2023-09-28",
    raw_folder="doogal-postcode-districts",
)

LWI_REPORT = Source(
    source_id="lwi_local_approaches",
    publisher="Learning and Work Institute (for the Department for Education)",
    title="Local approaches to supporting care leavers (research report)",
    url="",
    licence="",
    notes="Public report; the project holds a text copy among its context documents. Its regional figures "
    "are for 2015-2016.",
)

NNECL_ABOUT = Source(
    source_id="nnecl_about",
    publisher="National Network for the Education of Care Leavers",
    title="About NNECL",
    url="https://www.nnecl.org",
    licence="",
)

NNECL_RUSSELL_GROUP = Source(
    source_id="nnecl_russell_group_response",
    publisher="National Network for the Education of Care Leavers",
    title="Russell Group's new pledge: a welcome step but a missed opportunity for collaboration",
    url="https://www.nnecl.org/articles/russell-group-s-new-pledge-a-welcome-step-but-a-missed-opportunity-for-collaboration",
    licence="",
    published="2025",
)

NOTTINGHAMSHIRE_LAC_STRATEGY = Source(
    source_id="nottinghamshire_lac_strategy_2022",
    publisher="Nottinghamshire County Council",
    title="Looked after children and care leavers: the partnership strategy 2022-2025",
    url="https://www.nottinghamshire.gov.uk/care/childrens-social-care/nottinghamshire-children-and-families-"
    "alliance/looked-after-children-care-leavers",
    licence="",
    published="2022-03",
    notes="The county council's page on the Looked After Children and Care Leavers Partnership's strategy, "
    "with its news release 'Partnership for Nottinghamshire's looked after children' "
    "(https://www.nottinghamshire.gov.uk/newsroom/news/partnership-for-nottinghamshires-looked-after-chil): "
    "the strategy was approved by the county council's Children and Young People's Committee on 7 March 2022. "
    "The project holds a text copy among its context documents.",
)

RUSSELL_GROUP_MEMBERS = Source(
    source_id="qub_russell_group_members",
    publisher="Queen's University Belfast",
    title="Russell Group Membership (lists the members of the Russell Group)",
    url="http://www.qub.ac.uk/home/ceao/News/RussellGroupMembership/",
    licence="",
    notes="A member university's page naming the Russell Group's 24 members; no date shown on the copy read, "
    "which lists the four universities that joined in 2012. Transcribed verbatim in "
    "nnecl_data/ingest/published/russell_group_members.txt. The register covers England only, so the four "
    "members in Scotland, Wales and Northern Ireland are not in it.",
)

OFFICIAL_STATISTICS = (DFE_CLA_2025, DFE_KS4_CIN, DFE_CLA_2022, DFE_SFR41_2016, DFE_SFR50_2017)
REFERENCE_DATA = (
    DFE_SN_2025,
    DFE_SN_2021,
    ONS_UK_TOPOJSON,
    ONS_BOUNDARIES_2023,
    HOCL_HEX,
    DFE_FE_COLLEGES,
    DISCOVER_UNI_2025,
    HESA_HEI,
    DFE_KS5_2019,
    OFS_REGISTER_2018,
    POSTCODE_DISTRICTS,
)
DOCUMENTS = (LWI_REPORT, NNECL_ABOUT, NNECL_RUSSELL_GROUP, RUSSELL_GROUP_MEMBERS, NOTTINGHAMSHIRE_LAC_STRATEGY)

# Other modules (e.g. the NNECL announcements behind Quality Mark awards) add their own Source objects
# through `register`, so this module never needs to import them.
_EXTRA: dict[str, Source] = {}


def register(*sources: Source) -> None:
    for source in sources:
        _EXTRA[source.source_id] = source


def all_sources() -> list[Source]:
    seen: dict[str, Source] = {}
    for source in (*OFFICIAL_STATISTICS, *REFERENCE_DATA, *DOCUMENTS, *_EXTRA.values()):
        seen[source.source_id] = source
    return list(seen.values())


def downloadable_files() -> list[tuple[Source, str, str]]:
    """(source, file name, URL) for every file `python -m nnecl_data download` can fetch."""
    return [(s, name, url) for s in all_sources() for name, url in s.files.items()]
