"""All the curated data as one ZIP archive: a CSV file per table, a data dictionary describing every
column (type, unit, the values it takes and what symbols mean) and a README, as Explore Education
Statistics offers with its "download all data".

Official statistics keep their conventions: a cell that is not published has its symbol in `status`
and no number anywhere on its row (the same rule as every other download, suppression.mask_unpublishable).
NNECL's member register is left out (NNECL does not publish it), and so is anything fictional.
"""

from __future__ import annotations

import io
import zipfile

import pandas as pd
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, select
from sqlalchemy.engine import Engine

from nnecl_data import export
from nnecl_data.database import queries
from nnecl_data.database import schema as s
from nnecl_data.rules.suppression import SYMBOL_MEANINGS, mask_unpublishable
from nnecl_data.sources import OGL_ATTRIBUTION

DICTIONARY = "data-dictionary.csv"
README = "README.txt"
# Tables left out, and why (said in the README).
EXCLUDED = {
    "memberships": "NNECL's member register is NNECL's own and is not published; the Member density page shows "
    "counts by region when NNECL has loaded it.",
}
SAMPLE_NOTE = "Rows of the fictional sample register (loaded for demonstration) are never included."
# The outcome rows are ordered as a reader looks them up; the row id is the database's own, not data.
OUTCOME_ORDER = ("indicator_code", "geography_level", "geography_code", "year")
DROPPED_COLUMNS = {"outcomes": ("id",), "quality_mark_awards": ("is_sample",)}

_UNITS = (
    "see `unit` in indicators.csv for the row's indicator: percent = per cent (0 to 100); score = average "
    "Attainment 8 score (points); rate_per_10000 = children looked after per 10,000 children"
)
_SYMBOLS = "; ".join(f"{symbol} = {meaning}" for symbol, meaning in SYMBOL_MEANINGS.items())
_SOURCE = ("Which source the row comes from: source_id in sources.csv (publisher, title, address, licence).", "")

# What each column holds: (description, unit or allowed values). One entry per column of every file.
COLUMNS: dict[str, dict[str, tuple[str, str]]] = {
    "sources": {
        "source_id": ("Identifier other files use to cite this source.", ""),
        "publisher": ("Organisation that published it.", ""),
        "title": ("Title of the publication, dataset or page.", ""),
        "url": ("Where it can be read or downloaded.", ""),
        "licence": ("Licence the publisher gives; blank where the source states none.", ""),
        "attribution": ("Attribution statement the licence asks for.", ""),
        "published": (
            "Publication date or year as the source states it; blank where not stated.",
            "YYYY-MM-DD or YYYY",
        ),
        "retrieved": ("Date the copy the dashboard read was retrieved.", "YYYY-MM-DD"),
        "notes": ("What the dashboard takes from it and any caveats.", ""),
    },
    "regions": {
        "code": ("ONS code of the region (E12...).", ""),
        "name": ("Name of the region.", ""),
        "sort_order": ("Order in which the dashboard lists regions.", "whole number"),
        "source_id": _SOURCE,
    },
    "combined_authorities": {
        "code": ("ONS code of the combined authority (E47...).", ""),
        "name": ("Name of the combined authority.", ""),
        "start_year": ("First year the authority exists in the data; blank = before the data starts.", "year"),
        "end_year": ("Last year the authority exists in the data; blank = current.", "year"),
        "source_id": _SOURCE,
    },
    "local_authorities": {
        "code": ("ONS code of the local authority (E06, E08, E09, E10 ...).", ""),
        "name": ("Name of the local authority.", ""),
        "old_la_code": ("DfE's three-digit local authority number.", ""),
        "region_code": ("Region the authority is in: code in regions.csv.", ""),
        "combined_authority_code": (
            "Combined authority it belongs to, if any: code in combined_authorities.csv.",
            "",
        ),
        "start_year": ("First reporting year the code is used; blank = before the data starts.", "year"),
        "end_year": ("Last reporting year the code is used; blank = still in use.", "year"),
        "replaced_by": ("Codes of the authorities that replaced it, separated by spaces.", ""),
        "source_id": _SOURCE,
    },
    "indicators": {
        "code": ("Identifier of the indicator, used by outcomes.csv.", ""),
        "label": ("Full name of the indicator.", ""),
        "short_label": ("Short name used on charts.", ""),
        "topic": ("Group of indicators it belongs to.", ""),
        "unit": ("Unit of the indicator's values in outcomes.csv.", "percent; score; rate_per_10000"),
        "polarity": (
            "Whether a higher value is better.",
            "higher_better; lower_better; neutral (neither higher nor lower is better)",
        ),
        "age_group": ("Age of the care leavers it counts, where it is about care leavers.", ""),
        "definition": ("What is counted, as DfE defines it.", ""),
        "statement": ("Sentence the dashboard fills in with a value and an area.", ""),
        "sort_order": ("Order in which the dashboard lists indicators.", "whole number"),
        "source_id": _SOURCE,
    },
    "outcomes": {
        "indicator_code": ("Indicator: code in indicators.csv.", ""),
        "geography_level": ("Level of the area.", "england; region; local_authority"),
        "geography_code": ("ONS code of the area.", ""),
        "geography_name": ("Name of the area as the statistics name it.", ""),
        "year": (
            "Year of the figure: the year ending 31 March for care leavers and children looked after; for key "
            "stage 4, the year in which the academic year ends.",
            "year",
        ),
        "period_label": ("The period as DfE labels it.", ""),
        "value": (
            "The published figure (or, where is_derived is true, the figure derived from published counts). "
            "Blank when the figure is not published: status says why.",
            _UNITS,
        ),
        "numerator": (
            "Count of young people the figure is made of, where published. Blank on a row with a status.",
            "people",
        ),
        "denominator": (
            "Count of young people the figure is a share of, where published. Blank on a row with a status.",
            "people",
        ),
        "status": (
            "Why there is no figure: the official statistics symbol, under today's DfE convention. Blank when "
            "the figure is published. A symbol is never a number.",
            _SYMBOLS,
        ),
        "published_symbol": (
            "The symbol exactly as the source file printed it (in the 2016 and 2017 files 'x' meant a small "
            "number suppressed for confidentiality, which status records as 'c').",
            _SYMBOLS,
        ),
        "is_derived": (
            "True where the dashboard derived the percentage from published counts (2016 and 2017: numerator "
            "over total, rounded half up to a whole number, as DfE rounds), false where DfE published it.",
            "true; false",
        ),
        "source_id": _SOURCE,
    },
    "institutions": {
        "institution_id": ("Identifier: 'ukprn:' and the UK Provider Reference Number, or a stable name.", ""),
        "name": ("Name of the college or university.", ""),
        "type": (
            "Kind of institution.",
            "general_fe_college; sixth_form_college; other_fe; university; other_he",
        ),
        "ukprn": ("UK Provider Reference Number, where known.", ""),
        "urn": ("DfE's Unique Reference Number for the establishment, where known.", ""),
        "la_code": ("Local authority it is in: code in local_authorities.csv; blank where not known.", ""),
        "region_code": ("Region it is in: code in regions.csv; blank where it cannot be determined.", ""),
        "postcode_district": ("First part of its postcode, where known.", ""),
        "latitude": ("Latitude of its location, where known (location_note says how it was found).", "degrees"),
        "longitude": ("Longitude of its location, where known.", "degrees"),
        "location_note": ("How its location was found, or why it is missing.", ""),
        "russell_group": ("True for members of the Russell Group of universities.", "true; false"),
        "source_id": _SOURCE,
    },
    "institution_aliases": {
        "alias": ("Another name the institution is published under (lower case, normalised).", ""),
        "institution_id": ("Institution it names: institution_id in institutions.csv.", ""),
        "note": ("Why the name refers to that institution.", ""),
        "source_id": _SOURCE,
    },
    "quality_mark_awards": {
        "award_id": ("Identifier of the award.", ""),
        "institution_id": (
            "Institution that holds it: institution_id in institutions.csv; blank where the name published "
            "could not be matched to the register.",
            "",
        ),
        "name_as_published": ("The institution's name as the announcement gives it.", ""),
        "status": (
            "The award's status as the record states it.",
            "awarded; renewed; working_towards; lapsed",
        ),
        "award_date": ("Date of the award, where the source gives the day.", "YYYY-MM-DD"),
        "award_year": ("Year of the award.", "year"),
        "expiry_date": ("Date the award ends, where the source gives the day.", "YYYY-MM-DD"),
        "expiry_year": ("Year the award ends (awards last three years), where known.", "year"),
        "cohort": ("Announcement or cohort the award was part of.", ""),
        "match_note": ("How the published name was matched to the register.", ""),
        "date_as_published": (
            "The date as precisely as the source gives it (a year, a month or a day).",
            "YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        "date_basis": (
            "What that date is: the award itself, or the announcement of it (when the source dates only that).",
            "award; announcement",
        ),
        "source_id": _SOURCE,
    },
    "facts": {
        "fact_id": ("Identifier of the fact.", ""),
        "statement": ("The fact in words, as the source states it.", ""),
        "value": ("The number in the statement, where there is one.", "see `unit`"),
        "unit": ("What the value counts.", ""),
        "as_of": ("When the fact was true, as the source dates it.", "YYYY, YYYY-MM or 'not stated'"),
        "scope": ("Area or organisation the fact is about.", ""),
        "source_id": _SOURCE,
    },
    "targets": {
        "target_id": ("Identifier of the target.", ""),
        "scope_type": ("Kind of area the target covers.", "combined_authority; region; england"),
        "scope_code": ("ONS code of the area.", ""),
        "scope_name": ("Name of the area.", ""),
        "in_scope_types": (
            "Kinds of institution the target covers, separated by spaces.",
            "as institutions.csv type",
        ),
        "in_scope_definition": ("Which institutions count towards the target.", ""),
        "deadline_year": ("Year by which the target is to be met; blank where none is set.", "year"),
        "description": ("The target in words.", ""),
        "kind": (
            "An adopted target, or a recommendation that no body has adopted as a target.",
            "target; recommendation",
        ),
        "wording": ("The source's own words.", ""),
        "source_id": _SOURCE,
    },
    "statistical_neighbours": {
        "grouping_year": (
            "Which of DfE's groupings: 2025 = May 2025 (after the 2021 census), 2021 = April 2021.",
            "year",
        ),
        "la_code": ("The authority: code in local_authorities.csv.", ""),
        "rank": ("The neighbour's place among the authority's 10, 1 = closest.", "1 to 10"),
        "neighbour_code": ("The neighbour: code in local_authorities.csv.", ""),
        "la_dfe_code": ("The authority's three-digit DfE code, as the file prints it.", ""),
        "neighbour_dfe_code": ("The neighbour's three-digit DfE code, as the file prints it.", ""),
        "closeness": ("How close DfE judges the neighbour, in one spelling per band.", "as DfE's bands"),
        "closeness_as_published": ("The closeness band exactly as the file prints it.", ""),
        "old_section": (
            "True where the file lists the authority under its 'Old SNs' section (authorities since replaced).",
            "true; false",
        ),
        "source_id": _SOURCE,
    },
    "partnerships": {
        "partnership_id": ("Identifier of the partnership.", ""),
        "name": ("Name of the partnership.", ""),
        "lead_organisation": ("Organisation that leads or coordinates it.", ""),
        "area": ("Area it covers, in words.", ""),
        "region_codes": ("Regions it covers: codes in regions.csv, separated by spaces.", ""),
        "la_codes": ("Local authorities it covers, where named: codes separated by spaces.", ""),
        "member_types": ("Who takes part, as the source describes it.", ""),
        "membership_model": ("How membership works, as the source describes it.", ""),
        "activities": ("What the partnership does, as the source describes it.", ""),
        "source_id": _SOURCE,
    },
}


def tables() -> list:
    """The tables the archive holds, in the order the database is built."""
    return [table for table in s.SEEDED_TABLES if table.name not in EXCLUDED]


def _read(engine: Engine, table) -> pd.DataFrame:
    statement = select(table)
    if "is_sample" in table.c:
        statement = statement.where(table.c.is_sample.is_(False))
    keys = OUTCOME_ORDER if table.name == "outcomes" else [c.name for c in table.primary_key.columns]
    statement = statement.order_by(*(table.c[k] for k in keys))
    with engine.connect() as conn:
        result = conn.execute(statement)
        frame = pd.DataFrame([tuple(row) for row in result], columns=list(result.keys()))
    if table.name == "outcomes":
        for column in queries.VALUE_COLUMNS:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
        frame = mask_unpublishable(frame, queries.VALUE_COLUMNS)
    return frame.drop(columns=list(DROPPED_COLUMNS.get(table.name, ())))


def _number(value) -> str:
    """A number as it was published: whole numbers without a decimal point, nothing for a blank."""
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _csv_frame(frame: pd.DataFrame, table) -> pd.DataFrame:
    """Text a spreadsheet would run as a formula is neutralised; numbers, dates and true/false are
    written the same way in every file."""
    out = export.safe_frame(frame)
    for column in frame.columns:
        kind = table.c[column].type
        if isinstance(kind, Boolean):
            out[column] = frame[column].map(lambda v: "" if v is None or pd.isna(v) else str(bool(v)).lower())
        elif isinstance(kind, Integer | Float):
            out[column] = frame[column].map(_number)
        elif isinstance(kind, Date | DateTime):
            out[column] = frame[column].map(lambda v: "" if v is None or pd.isna(v) else v.isoformat())
    return out


def files(engine: Engine) -> dict[str, pd.DataFrame]:
    """Each table as the frame its CSV file holds (file name -> frame)."""
    return {f"{table.name}.csv": _csv_frame(_read(engine, table), table) for table in tables()}


def _type_name(kind) -> str:
    if isinstance(kind, Boolean):
        return "true or false"
    if isinstance(kind, Integer):
        return "whole number"
    if isinstance(kind, Float):
        return "number"
    if isinstance(kind, DateTime):
        return "date and time"
    if isinstance(kind, Date):
        return "date"
    return "text"


def dictionary(columns_by_file: dict[str, list[str]]) -> pd.DataFrame:
    """One row per column of every file: what it holds, its type, its unit or the values it takes.
    A column without a description says so (tests require every column to have one)."""
    by_name = {table.name: table for table in tables()}
    rows = []
    for file_name, columns in columns_by_file.items():
        table = by_name[file_name.removesuffix(".csv")]
        described = COLUMNS.get(table.name, {})
        for column in columns:
            description, unit = described.get(column, ("", ""))
            rows.append(
                {
                    "file": file_name,
                    "column": column,
                    "description": description or "(not described)",
                    "type": _type_name(table.c[column].type),
                    "unit or values": unit,
                }
            )
    return pd.DataFrame(rows, columns=["file", "column", "description", "type", "unit or values"])


def readme(meta: dict[str, str], counts: dict[str, int]) -> str:
    lines = [
        "NNECL regional dashboard: all data",
        "",
        f"Data version {meta.get('seed_version', 'unknown')}, database built {meta.get('built_at', 'unknown')}.",
        "",
        "Files (rows):",
        *(f"- {name}: {rows:,}" for name, rows in counts.items()),
        f"- {DICTIONARY}: what every column of every file holds, its unit, and what the symbols mean",
        "",
        "Conventions:",
        "- Official statistics that are not published as numbers keep their symbol in outcomes.csv `status` "
        f"({_SYMBOLS}); such a row has no number in value, numerator or denominator.",
        "- Percentages for 2016 and 2017 are derived from DfE's published counts and marked is_derived = true.",
        "- Every row names its source (source_id -> sources.csv, with publisher, address and licence).",
        f"- DfE statistics: {OGL_ATTRIBUTION} The licence of every other source is in sources.csv.",
        "",
        "Not included:",
        *(f"- {name}: {why}" for name, why in EXCLUDED.items()),
        f"- {SAMPLE_NOTE}",
        "",
    ]
    return "\n".join(lines)


def build_archive(engine: Engine) -> bytes:
    """The ZIP archive: README, data dictionary and one CSV per table (UTF-8, header row, comma-separated)."""
    frames = files(engine)
    buffer = io.BytesIO()
    stamp = (1980, 1, 1, 0, 0, 0)  # fixed: the same data gives the same bytes
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def add(name: str, text: str) -> None:
            # UTF-8 with a byte-order mark, as every download of the dashboard, so Excel reads accents
            archive.writestr(zipfile.ZipInfo(name, stamp), ("\ufeff" + text).encode("utf-8"), zipfile.ZIP_DEFLATED)

        add(README, readme(queries.dataset_meta(engine), {name: len(frame) for name, frame in frames.items()}))
        columns = {name: list(frame.columns) for name, frame in frames.items()}
        add(DICTIONARY, dictionary(columns).to_csv(index=False, lineterminator="\n"))
        for name, frame in frames.items():
            add(name, frame.to_csv(index=False, lineterminator="\n"))
    return buffer.getvalue()
