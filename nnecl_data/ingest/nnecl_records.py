"""NNECL's published records: Quality Mark awards, headline facts, targets and recommendations (Greater
Manchester, London), and the four partnership case studies of the Learning and Work Institute report.

Everything here is transcribed from the announcements listed below (each registered as a Source at
import time), each confirmed against a stored copy of the published page (the research log of issue 14
lists the queries, addresses and quoted words). Nothing is inferred beyond what they state:

- an award's year is the year the source gives; no source gives the day an award was made, so
  `award_date` and `expiry_date` are empty and `expiry_year` = award year + 3 (awards run three years);
- `date_as_published` keeps the date as precise as the source gives it ("2022-12", "2023-01-26") and
  `date_basis` says whether it dates the award or the announcement; both are empty when the source's page
  shows no date;
- status is "awarded" or "renewed" as published; an award's status today (current, ending this year,
  renewal not announced) is decided at query time by `nnecl_data.rules.quality_mark`, never stored, and an
  award is "lapsed" only where a source says so (none of these announcements does);
- an award is matched to the institution register by the maintained alias table `AWARD_NAME_ALIASES`
  or by its normalised name in `institution_aliases`; an award that matches nothing is kept with an empty
  `institution_id` and a `match_note` saying why.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from nnecl_data import config
from nnecl_data.database import seed_io
from nnecl_data.rules.names import normalise_name
from nnecl_data.sources import (
    LWI_REPORT,
    NNECL_ABOUT,
    NNECL_RUSSELL_GROUP,
    NOTTINGHAMSHIRE_LAC_STRATEGY,
    Source,
    register,
)

NNECL = "National Network for the Education of Care Leavers"

QM_LAUNCH_2021 = Source(
    source_id="nnecl_qm_launch_2021",
    publisher=NNECL,
    title="Launch of new Quality Mark for the inclusion and success of care experienced students",
    url="https://www.nnecl.org/articles/70-launch-of-new-quality-mark-for-the-inclusion-success-of-care-experienced-students",
    licence="",
    published="2021-06",
    notes="Names the 17 institutions awarded the Quality Mark at its launch in June 2021 (month only).",
)
QM_RECIPIENTS_2022 = Source(
    source_id="nnecl_qm_recipients_2022",
    publisher=NNECL,
    title="Latest recipients of NNECL Quality Mark for the inclusion and success of care experienced students",
    url="https://www.nnecl.org/articles/latest-recipients-of-nnecl-quality-mark-for-the-inclusion-and-success-of-care-experienced-students",
    licence="",
    published="2022",
    notes="Names four institutions awarded in 2022; announced by early May 2022 (no day published).",
)
SUNDERLAND_RENEWAL_2025 = Source(
    source_id="neconnected_sunderland_2025",
    publisher="neconnected.co.uk",
    title="University of Sunderland's support for care experienced and estranged students continues to be "
    "rated exceptional (Quality Mark renewed)",
    url="https://neconnected.co.uk/support-for-care-experienced-and-estranged-students-continues-to-be-rated-exceptional/",
    licence="",
    published="2025-07-02",
    notes="Reports the renewal of the University of Sunderland's Quality Mark 'for a further three-year "
    "period'. 2 July 2025 is the article's date; the date of the renewal itself is not published.",
)
LIVERPOOL_AWARD_2023 = Source(
    source_id="liverpool_news_2023_01_26",
    publisher="University of Liverpool",
    title="University awarded quality mark for care experienced students",
    url="https://news.liverpool.ac.uk/2023/01/26/university-awarded-quality-mark-for-care-experienced-students/",
    licence="",
    published="2023-01-26",
    notes="'The University of Liverpool has been awarded a national quality mark that recognises high "
    "standards of support for care experienced students' (from the National Network for the Education of "
    "Care Leavers). The date is the news item's; no award date is given.",
)
BIRMINGHAM_CARE_LEAVERS = Source(
    source_id="birmingham_care_leavers_page",
    publisher="University of Birmingham",
    title="Care leavers (undergraduate study: extra support for care leavers)",
    url="https://www.birmingham.ac.uk/study/undergraduate/apply/care-leavers",
    licence="",
    notes="'In December 2022, we were also awarded the National Network for the Education of Care Leavers "
    "(NNECL) Quality Mark.' The page's own publication date is not shown.",
)
YORK_RENEWAL_2025 = Source(
    source_id="york_news_2025_06_18",
    publisher="University of York",
    title="University of York news: NNECL Quality Mark renewed (York recognised for supporting care "
    "experienced and estranged students)",
    url="https://www.york.ac.uk/news-and-events/news/2025/community/york-recognised-for-supporting-care-experienced",
    licence="",
    published="2025-06-18",
    notes="Posted on 18 June 2025: the renewal of the Quality Mark first awarded in 2022; support 'assessed "
    "as 'exceptional' in five of those areas, and 'enhanced' in the remaining two'. Title taken from the "
    "page address (the copy read does not show the headline).",
)
GM_COLLEGES_GROUP_2025 = Source(
    source_id="gmcg_qm_accreditations",
    publisher="Greater Manchester Colleges (gmcg.ac.uk)",
    title="Greater Manchester colleges set national standard with NNECL Quality Mark accreditation",
    url="https://gmcg.ac.uk/news/greater-manchester-colleges-set-national-standard-with-nnecl-quality-mark-accreditation",
    licence="",
    notes="Names 'the Trafford & Stockport College Group' among the Greater Manchester colleges 'who also "
    "hold the Quality Mark'. No date shown ('During November (National Care Leavers Month)').",
)
LONDON_CAREERS_AFTER_CARE = Source(
    source_id="london_assembly_careers_after_care",
    publisher="London Assembly Economy, Culture and Skills Committee",
    title="Careers after care: helping care-experienced young Londoners fulfil their potential",
    url="https://www.london.gov.uk/who-we-are/what-london-assembly-does/london-assembly-work/"
    "london-assembly-publications/careers-after-care-helping-care-experienced-young-londoners-fulfil-their-potential",
    licence="",
    published="2025-05-07",
    notes="Committee report. Date from the London Assembly press release 'Young people in care face "
    "employment disadvantage in London' (created 7 May 2025: the Committee 'has today published its "
    "report'). The publication page's key recommendations do not mention NNECL or the Quality Mark.",
)
NNECL_CAREERS_AFTER_CARE = Source(
    source_id="nnecl_careers_after_care_response",
    publisher=NNECL,
    title="NNECL responds to the Careers after care report",
    url="https://www.nnecl.org/articles/nnecl-responds-to-the-careers-after-care-report",
    licence="",
    notes="NNECL's account of the London Assembly Committee's recommendation on the Quality Mark. No date "
    "shown; written the day the report was published ('Today ... has published').",
)
GM_COLLEGES_2025 = Source(
    source_id="nnecl_gm_colleges_2025",
    publisher=NNECL,
    title="Greater Manchester colleges earn national recognition for supporting care leavers",
    url="https://www.nnecl.org/articles/greater-manchester-colleges-earn-national-recognition-for-supporting-care-leavers",
    licence="",
    published="2025",
    notes="Names six Greater Manchester colleges awarded the Quality Mark in 2025.",
)
CAMBRIDGE_50TH_2025 = Source(
    source_id="nnecl_cambridge_50th_2025",
    publisher=NNECL,
    title="Cambridge University is the 50th to be awarded for their care leaver support",
    url="https://www.nnecl.org/articles/cambridge-university-is-the-50th-to-be-awarded-for-their-care-leaver-support",
    licence="",
    published="2025",
    notes="The University of Cambridge is the 50th institution awarded the Quality Mark.",
)
GM_WEBINAR_2025 = Source(
    source_id="nnecl_gm_webinar_2025",
    publisher=NNECL,
    title="GMCA x NNECL collaborative Quality Mark project webinar",
    url="https://www.nnecl.org/events/copy-of-gmca-x-nnecl-collaborative-quality-mark-project-webinar",
    licence="",
    notes="Event page for a webinar on Thursday 23 October 2025 launching cohort 2 of the collaborative "
    "approach: '15 Universities and Colleges across Greater Manchester have already achieved this status'. "
    "It does not name them. Publication date not shown.",
)
SAMPLE_REGISTER = Source(
    source_id="sample_register",
    publisher="NNECL dashboard project",
    title="Fictional sample member register for demonstration",
    url="",
    licence="",
    notes="Entirely fictional: made-up organisations with made-up join dates, spread unevenly across the "
    "nine English regions, to demonstrate the membership pages. It says nothing about NNECL's real members.",
)

NNECL_SOURCES = (
    QM_LAUNCH_2021,
    QM_RECIPIENTS_2022,
    SUNDERLAND_RENEWAL_2025,
    LIVERPOOL_AWARD_2023,
    BIRMINGHAM_CARE_LEAVERS,
    YORK_RENEWAL_2025,
    GM_COLLEGES_2025,
    GM_COLLEGES_GROUP_2025,
    CAMBRIDGE_50TH_2025,
    GM_WEBINAR_2025,
    LONDON_CAREERS_AFTER_CARE,
    NNECL_CAREERS_AFTER_CARE,
    SAMPLE_REGISTER,
)
register(*NNECL_SOURCES)

AWARD_TERM_YEARS = 3


@dataclass(frozen=True)
class Announcement:
    """One published announcement of awards or renewals, and the names it gives."""

    cohort: str
    award_year: int
    status: str  # awarded | renewed, as published
    source: Source
    names: tuple[str, ...]
    date_as_published: str | None = None  # "YYYY-MM" or "YYYY-MM-DD" where the source's page gives one
    date_basis: str | None = None  # award | announcement: what that date dates


AWARD_ANNOUNCEMENTS: list[Announcement] = [
    Announcement(
        "June 2021 launch",
        2021,
        "awarded",
        QM_LAUNCH_2021,
        (
            "Bolton College",
            "Edge Hill University",
            "Halesowen College",
            "Kingston University",
            "Manchester Metropolitan University",
            "Oldham College",
            "Oxford Brookes University",
            "Sunderland College",
            "The Manchester College",
            "Trafford College Group",
            "University of Bolton",
            "University of Bradford",
            "University of Exeter",
            "University of Lincoln",
            "University of Manchester",
            "University of Nottingham",
            "University of Salford",
        ),
        "2021-06",  # the launch event in June 2021 made the awards
        "award",
    ),
    Announcement(
        "2022 recipients",
        2022,
        "awarded",
        QM_RECIPIENTS_2022,
        (
            "Liverpool John Moores University",
            "University of York",
            "Royal Central School of Speech and Drama",
            "University of Sunderland",
        ),
    ),
    Announcement(
        "December 2022 (University of Birmingham)",
        2022,
        "awarded",
        BIRMINGHAM_CARE_LEAVERS,
        ("University of Birmingham",),
        "2022-12",
        "award",
    ),
    Announcement(
        "January 2023 (University of Liverpool)",
        2023,
        "awarded",
        LIVERPOOL_AWARD_2023,
        ("University of Liverpool",),
        "2023-01-26",
        "announcement",
    ),
    Announcement(
        "June 2025 renewal (University of York)",
        2025,
        "renewed",
        YORK_RENEWAL_2025,
        ("University of York",),
        "2025-06-18",
        "announcement",
    ),
    Announcement(
        "July 2025 renewal",
        2025,
        "renewed",
        SUNDERLAND_RENEWAL_2025,
        ("University of Sunderland",),
        "2025-07-02",
        "announcement",
    ),
    Announcement(
        "2025 Greater Manchester colleges",
        2025,
        "awarded",
        GM_COLLEGES_2025,
        (
            "Bury College",
            "Hopwood Hall College",
            "Wigan and Leigh College",
            "St John Rigby College",
            "Xaverian College",
            "Oldham Sixth Form College",
        ),
    ),
    Announcement("2025 (50th institution)", 2025, "awarded", CAMBRIDGE_50TH_2025, ("University of Cambridge",)),
]

# Published name (normalised) -> (register alias to use instead (normalised), why). Maintained by hand:
# each entry states its reason (with the source that supports it, where one is published), and the
# target must itself be an alias or name in the register.
AWARD_NAME_ALIASES: dict[str, tuple[str, str]] = {
    "manchester college": (
        "lte group",
        "The Manchester College is part of LTE Group; Discover Uni 2025 lists 'The Manchester College' as "
        "LTE Group's trading name, so the award is matched to LTE Group's row.",
    ),
    "trafford college group": (
        "trafford and stockport college group",
        "Published in June 2021 as 'Trafford College Group'; Greater Manchester Colleges names 'the Trafford & "
        "Stockport College Group' among the colleges who 'also hold the Quality Mark' "
        f"({GM_COLLEGES_GROUP_2025.url}), and DfE lists The Trafford and Stockport College Group.",
    ),
    "sunderland college": (
        "city of sunderland college",
        "Published as 'Sunderland College'; the only Sunderland corporation in DfE's FE list is City of "
        "Sunderland College, taken to be the same college trading under a shorter name (to be confirmed "
        "with NNECL).",
    ),
    "st john rigby college": (
        "st john rigby rc sixth form college",
        "Published without 'RC Sixth Form'; DfE lists St John Rigby RC Sixth Form College.",
    ),
}

UNMATCHED_REASONS: dict[str, str] = {
    "oldham sixth form college": "Not in the register: Oldham Sixth Form College is not in DfE's list of "
    "statutory FE corporations (the 2018/19 performance tables list it as an academy), and the register "
    "does not cover 16-19 academies.",
}


def _slug(name: str) -> str:
    return normalise_name(name).replace(" ", "-")


def match_awards(aliases: pd.DataFrame, institutions: pd.DataFrame) -> list[dict]:
    """One row per published award, matched to the register where possible."""
    by_alias = dict(zip(aliases["alias"], aliases["institution_id"], strict=True)) if not aliases.empty else {}
    names = (
        {iid: name for iid, name in zip(institutions["institution_id"], institutions["name"], strict=True)}
        if not institutions.empty
        else {}
    )
    rows = []
    for announcement in AWARD_ANNOUNCEMENTS:
        year = announcement.award_year
        for name in announcement.names:
            norm = normalise_name(name)
            inst_id = None
            if norm in AWARD_NAME_ALIASES:
                target, why = AWARD_NAME_ALIASES[norm]
                inst_id = by_alias.get(target)
                note = (
                    f"Matched by the maintained alias table: {why}"
                    if inst_id
                    else (f"Alias table points to '{target}', which is not in the register.")
                )
            elif norm in by_alias:
                inst_id = by_alias[norm]
                note = "Matched by normalised name to the register's names and aliases."
            else:
                note = UNMATCHED_REASONS.get(norm, "No institution in the register has this name or alias.")
            if inst_id:
                note += f" Register name: {names.get(inst_id, '')}."
            rows.append(
                {
                    "award_id": f"{year}-{_slug(name)}",
                    "institution_id": inst_id,
                    "name_as_published": name,
                    "status": announcement.status,
                    "award_date": None,
                    "award_year": year,
                    "expiry_date": None,
                    "expiry_year": year + AWARD_TERM_YEARS,
                    "cohort": announcement.cohort,
                    "match_note": note,
                    "is_sample": "false",
                    "date_as_published": announcement.date_as_published,
                    "date_basis": announcement.date_basis,
                    "source_id": announcement.source.source_id,
                }
            )
    return rows


FACTS: list[dict] = [
    {
        "fact_id": "qm_institutions_awarded_2025",
        "statement": "By 2025 the NNECL Quality Mark had been awarded to 50 institutions; the University of "
        "Cambridge was the 50th.",
        "value": 50,
        "unit": "institutions",
        "as_of": "2025",
        "scope": "England",
        "source_id": CAMBRIDGE_50TH_2025.source_id,
    },
    {
        "fact_id": "gm_qm_institutions_2025_10",
        # The source is a webinar page of the GMCA x NNECL collaborative Quality Mark project; the
        # statement quotes its figure without adding a status (the page names none of the 15).
        "statement": "NNECL's page for the GMCA x NNECL collaborative Quality Mark project webinar (23 October "
        "2025) says '15 Universities and Colleges across Greater Manchester have already achieved this status'.",
        "value": 15,
        "unit": "institutions",
        "as_of": "2025-10",
        "scope": "Greater Manchester",
        "source_id": GM_WEBINAR_2025.source_id,
    },
    {
        "fact_id": "russell_group_universities",
        "statement": "The Russell Group has 24 member universities.",
        "value": 24,
        "unit": "universities",
        "as_of": "2025",
        "scope": "Russell Group",
        "source_id": NNECL_RUSSELL_GROUP.source_id,
    },
    {
        "fact_id": "russell_group_nnecl_members",
        "statement": "20 of the 24 Russell Group universities are members of NNECL.",
        "value": 20,
        "unit": "universities",
        "as_of": "2025",
        "scope": "Russell Group",
        "source_id": NNECL_RUSSELL_GROUP.source_id,
    },
    {
        "fact_id": "russell_group_quality_mark",
        "statement": "10 of the 24 Russell Group universities have achieved the NNECL Quality Mark or are "
        "working towards it (the source does not split the two).",
        "value": 10,
        "unit": "universities",
        "as_of": "2025",
        "scope": "Russell Group",
        "source_id": NNECL_RUSSELL_GROUP.source_id,
    },
    {
        "fact_id": "gm_accreditation_deadline",
        "statement": "Greater Manchester requires every college and university in its area to be accredited "
        "by NNECL by 2027.",
        "value": 2027,
        "unit": "year",
        "as_of": "2025",
        "scope": "Greater Manchester",
        "source_id": NNECL_RUSSELL_GROUP.source_id,
    },
    {
        "fact_id": "london_assembly_universities_support_offer",
        # The Committee's own words as its publication page lists them; NNECL's account of the Quality Mark
        # recommendation is the London row of TARGETS.
        "statement": "Among the key recommendations of the London Assembly Economy, Culture and Skills "
        "Committee's report 'Careers after care' (7 May 2025): 'The Mayor should convene public universities "
        "in London and work with them to create a basic support offer for student care leavers for all of "
        "London's public universities.'",
        "value": None,
        "unit": "",
        "as_of": "2025-05",
        "scope": "London",
        "source_id": LONDON_CAREERS_AFTER_CARE.source_id,
    },
    {
        "fact_id": "nnecl_members_over_100",
        "statement": "NNECL has more than 100 member organisations.",
        "value": 100,
        "unit": "organisations (more than)",
        "as_of": "not stated",
        "scope": "NNECL",
        "source_id": NNECL_ABOUT.source_id,
    },
]

TARGETS: list[dict] = [
    {
        "target_id": "gm_all_accredited_2027",
        "scope_type": "combined_authority",
        "scope_code": "E47000001",
        "scope_name": "Greater Manchester",
        "in_scope_types": "general_fe_college sixth_form_college other_fe university other_he",
        "in_scope_definition": "All colleges and universities in Greater Manchester's ten boroughs: the "
        "institutions in the register whose local authority belongs to the Greater Manchester Combined "
        "Authority.",
        "deadline_year": 2027,
        "description": "Greater Manchester requires all its colleges and universities to be accredited with "
        "the NNECL Quality Mark by 2027.",
        "kind": "target",
        "wording": "Greater Manchester requires all the colleges and universities in its region to be "
        "accredited by NNECL by 2027",
        "source_id": NNECL_RUSSELL_GROUP.source_id,
    },
    {
        "target_id": "london_universities_recommended",
        "scope_type": "region",
        "scope_code": "E12000007",
        "scope_name": "London",
        "in_scope_types": "university",
        "in_scope_definition": "All London universities, as NNECL reports the recommendation: the universities "
        "(HESA's list of higher education institutions) in the register whose region is London.",
        "deadline_year": None,
        "description": "A recommendation, not an adopted target, and with no deadline: NNECL reports that the "
        "London Assembly Economy, Culture and Skills Committee's report 'Careers after care' (May 2025) "
        "recommends that all London universities work with NNECL to achieve the Quality Mark, and that the "
        "impact of this be measured. Whether the Mayor has adopted it is not recorded.",
        "kind": "recommendation",
        "wording": "NNECL welcomes the Committees recommendation, that the London Mayor should create a pan "
        "London wide offer of support for care experienced learners and that all London universities should "
        "work with NNECL to achieve our Quality Mark and the impact of this should be measured.",
        "source_id": NNECL_CAREERS_AFTER_CARE.source_id,
    },
]

NOT_STATED = "Not stated in the source"

# The four case studies of the LWI report, in our own words. `la_names` are looked up in the local
# authority seed by name; only authorities the report names are listed.
PARTNERSHIPS: list[dict] = [
    {
        "partnership_id": "kent_medway_clpp",
        "name": "Care Leaver Progression Partnership (CLPP)",
        "lead_organisation": NOT_STATED,
        "area": "Kent and Medway",
        "la_names": ("Kent", "Medway"),
        "member_types": "All colleges and universities in Kent and Medway; Kent County Council and Medway "
        "Council; Virtual School Kent; Medway Youth Trust; Jobcentre Plus.",
        "membership_model": "Formal: every member pays annual partner funding (the partnership's only income) "
        "and signs agreed terms of reference when joining.",
        "activities": "A quarterly Strategy Group sets yearly objectives and lobbies senior leaders; a termly "
        "group of designated staff shares practice; members pool data on care leavers' numbers and outcomes "
        "for an annual report benchmarked against London, the South East and England; an annual conference; "
        "working groups on specific policy issues.",
    },
    {
        "partnership_id": "staffordshire_central_through_care",
        "name": "Central Through Care Team",
        "lead_organisation": "Staffordshire County Council",
        "area": "Staffordshire",
        "la_names": ("Staffordshire",),
        "member_types": "A council service working with employers of all sizes, training providers, FE "
        "colleges, Jobcentre Plus, youth workers, social workers and personal advisers.",
        "membership_model": "Not a membership network: an in-house council service funded entirely by "
        "Staffordshire County Council, working with partner agencies.",
        "activities": "Employability programme for care leavers aged 16-21: an accredited NOCN employability "
        "skills course followed by a 10-week work placement, with support from service workers and links to "
        "benefits, housing and health services; about 30 care leavers take part each year.",
    },
    {
        "partnership_id": "greater_merseyside_care_leaver_network",
        "name": "Greater Merseyside Care Leaver Network",
        "lead_organisation": "Liverpool John Moores University",
        "area": "Merseyside",
        "la_names": (),  # the report says "six local authorities" without naming them
        "lead_la_name": "Liverpool",
        "member_types": "Five higher education providers (Liverpool John Moores University, University of "
        "Liverpool, Liverpool Hope University, Liverpool Institute for Performing Arts, Edge Hill University); "
        "10 further education colleges and providers; six local authorities (not named in the source); "
        "careers advice and other services when needed.",
        "membership_model": "Informal network coordinated by Liverpool John Moores University; no fee or "
        "terms of reference are mentioned.",
        "activities": "Termly meetings to share practice; email updates from the coordinator; joint work "
        "between FE and HE providers on transitions (taster days, campus visits, handing over support "
        "arrangements); contributions to government consultations and national events.",
    },
    {
        "partnership_id": "sheffield_hepp",
        "name": "Higher Education Progression Partnership (HEPP)",
        "lead_organisation": "Sheffield Hallam University and The University of Sheffield (joint)",
        "area": "Sheffield",
        "la_names": ("Sheffield",),
        "member_types": "The two universities; four local authorities (not named in the source); FE colleges "
        "offering higher education; the virtual school; Foyer Housing; crisis centres; other local "
        "organisations supporting young people not in education, employment or training.",
        "membership_model": "Formal strategic partnership funded jointly by the two universities; whether "
        "other members pay or sign terms of reference is not stated in the source.",
        "activities": "Coordinates the universities' outreach to young people in and leaving care; links local "
        "authority leaving care and education teams; outreach for pupils in years 10-12; 'Go Further, Go "
        "Higher' resources; one-to-one work with care leavers; training for professionals.",
    },
]


# --- Nottinghamshire (issue 15): from the county council's strategy page, in our own words -----------------
PARTNERSHIPS.append(
    {
        "partnership_id": "nottinghamshire_lac_care_leavers_partnership",
        "name": "Nottinghamshire Looked After Children and Care Leavers Partnership",
        "lead_organisation": "The partnership's Board (Nottinghamshire Looked After Children and Care Leavers "
        "Partnership Board), with Nottinghamshire County Council",
        "area": "Nottinghamshire (the county council's area)",
        "la_names": ("Nottinghamshire",),
        "member_types": "Nottinghamshire County Council and the county's seven district and borough councils "
        "(all corporate parents); partners in housing, children's social care, adult social care, health, "
        "education, further and higher education, D2N2, the East Midlands Chamber of Commerce, Nottinghamshire "
        "Futures, Nottinghamshire Police, the National Probation Service and the Department for Work and "
        "Pensions.",
        "membership_model": "A strategic partnership with a three-year strategy (2022-2025, following 2018-21) "
        "approved by the partnership and by the county council's Children and Young People's Committee on "
        "7 March 2022. Each partner organisation is asked to pledge how it will meet the strategy's "
        "commitments; the Board monitors progress and answers to Nottinghamshire's Children in Care Council. "
        "Fees and terms of reference are not stated in the source.",
        "activities": "A strategy shaped by what children and young people in care said matters to them "
        "(being heard, feeling safe, knowing what support exists, life skills). Under the previous strategy "
        "the partnership reports a county-wide offer for care leavers (2019), council tax waived for care "
        "leavers up to 25, personal education plans written with young people, an achievement service opening "
        "routes into employment and training, and trauma-informed work with young people at risk of offending "
        "or exploitation. A partnership pledge to young people is to be developed with them.",
        "source_id": NOTTINGHAMSHIRE_LAC_STRATEGY.source_id,
    }
)


def _la_lookup(seed_dir: Path, source_dir: Path) -> pd.DataFrame:
    """Current local authorities (code, name, region_code): the seed when it exists, else ONS 2025 UTLAs."""
    la = seed_io.read_seed("local_authorities", seed_dir)
    if not la.empty:
        current = la[la["end_year"].isna()] if "end_year" in la else la
        return current[["code", "name", "region_code"]]
    from nnecl_data.ingest.institutions import _topo_layer

    utla = _topo_layer(source_dir, "utla")
    rgn = _topo_layer(source_dir, "rgn")
    points = utla.copy()
    points["geometry"] = utla.geometry.representative_point()
    joined = points.sjoin(rgn.rename(columns={"areacd": "region_code", "areanm": "rgn"}), predicate="within")
    return joined.rename(columns={"areacd": "code", "areanm": "name"})[["code", "name", "region_code"]]


def partnership_rows(la: pd.DataFrame) -> list[dict]:
    by_name = {}
    for code, name, region in zip(la["code"], la["name"], la["region_code"], strict=True):
        by_name.setdefault(name, []).append((code, region))
    rows = []
    for p in PARTNERSHIPS:
        codes, regions = [], []
        for name in p["la_names"]:
            hits = by_name.get(name, [])
            if len(hits) != 1:
                raise ValueError(f"local authority {name!r} found {len(hits)} times in the local authority list")
            codes.append(hits[0][0])
            regions.append(hits[0][1])
        if not regions and p.get("lead_la_name"):
            regions = [by_name[p["lead_la_name"]][0][1]]
        row = {k: v for k, v in p.items() if k not in ("la_names", "lead_la_name")}
        row["region_codes"] = " ".join(sorted(set(regions)))
        row["la_codes"] = " ".join(sorted(codes))
        row["source_id"] = p.get("source_id", LWI_REPORT.source_id)
        rows.append(row)
    return rows


def ingest(source_dir: Path, seed_dir: Path | None = None) -> dict[str, int]:
    seed_dir = seed_dir or config.SEED_DIR
    aliases = seed_io.read_seed("institution_aliases", seed_dir)
    institutions = seed_io.read_seed("institutions", seed_dir)
    awards = pd.DataFrame(match_awards(aliases, institutions)).sort_values("award_id")
    if awards["award_id"].duplicated().any():
        raise ValueError("duplicate award ids")
    facts = pd.DataFrame(FACTS).sort_values("fact_id")
    # A statement without a figure has no value; figures are written as published (50, not 50.0).
    facts["value"] = facts["value"].map(lambda v: "" if v is None or pd.isna(v) else f"{v:g}")
    targets = pd.DataFrame(TARGETS)
    targets["deadline_year"] = targets["deadline_year"].astype("Int64")  # empty = no deadline
    partnerships = pd.DataFrame(partnership_rows(_la_lookup(seed_dir, source_dir))).sort_values("partnership_id")
    seed_io.write_seed("quality_mark_awards", awards, seed_dir=seed_dir)
    seed_io.write_seed("facts", facts, seed_dir=seed_dir)
    seed_io.write_seed("targets", targets, seed_dir=seed_dir)
    seed_io.write_seed("partnerships", partnerships, seed_dir=seed_dir)
    return {
        "quality_mark_awards": len(awards),
        "facts": len(facts),
        "targets": len(targets),
        "partnerships": len(partnerships),
    }
