"""Test data for the import path: a minimal database, valid registers, and a corpus of bad files.

`setup_database(engine)` creates the schema and inserts the few sources, regions, local authorities and
institutions (plus one award and one member linked to institutions) that the files refer to.
`valid_csv(kind, version)` gives a valid register ("a" or "b", which differ by an added, a changed and a
removed row). `BAD_CASES[kind]` lists bad files; `write_bad_files(tmp_path, kind)` writes them. Each case
says which problems the validator must report, as (row, column, fragment of the message): row and column
None where they do not apply (the file as a whole).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert

from nnecl_data.database import schema
from nnecl_data.registers.kinds import KINDS
from nnecl_data.registers.upload import DEFAULT_MAX_BYTES

SOURCES = [
    {"source_id": "nnecl_about", "publisher": "NNECL", "title": "About NNECL", "url": "", "licence": ""},
    {"source_id": "test_source", "publisher": "Tests", "title": "Test rows", "url": "", "licence": ""},
]
REGIONS = [
    {"code": "E12000001", "name": "North East", "sort_order": 1, "source_id": "test_source"},
    {"code": "E12000007", "name": "London", "sort_order": 7, "source_id": "test_source"},
]
LAS = [
    {"code": "E06000047", "name": "County Durham", "region_code": "E12000001", "source_id": "test_source"},
    {"code": "E08000021", "name": "Newcastle upon Tyne", "region_code": "E12000001", "source_id": "test_source"},
    {"code": "E09000001", "name": "City of London", "region_code": "E12000007", "source_id": "test_source"},
]
INSTITUTIONS = [
    {
        "institution_id": "ukprn:10000001",
        "name": "Fictional North College",
        "type": "general_fe_college",
        "ukprn": "10000001",
        "la_code": "E08000021",
        "region_code": "E12000001",
        "source_id": "test_source",
    },
    {
        "institution_id": "ukprn:10000002",
        "name": "Fictional London University",
        "type": "university",
        "ukprn": "10000002",
        "la_code": "E09000001",
        "region_code": "E12000007",
        "source_id": "test_source",
    },
]
# Rows already in the registers before any import, linked to the institutions above.
EXISTING_AWARD = {
    "award_id": "seeded-award",
    "institution_id": "ukprn:10000001",
    "name_as_published": "Fictional North College",
    "status": "awarded",
    "award_year": 2021,
    "source_id": "test_source",
}
EXISTING_MEMBER = {
    "membership_id": "seeded-member",
    "organisation": "Fictional London University",
    "member_type": "university",
    "region_code": "E12000007",
    "institution_id": "ukprn:10000002",
    "source_id": "test_source",
}


def setup_database(engine) -> None:
    schema.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(schema.sources), SOURCES)
        conn.execute(insert(schema.regions), REGIONS)
        conn.execute(insert(schema.local_authorities), LAS)
        conn.execute(insert(schema.institutions), INSTITUTIONS)
        conn.execute(insert(schema.quality_mark_awards), [EXISTING_AWARD])
        conn.execute(insert(schema.memberships), [EXISTING_MEMBER])


# ------------------------------------------------------------------------------------------ valid files

VALID: dict[str, dict[str, list[dict]]] = {
    "members": {
        "a": [
            dict(
                membership_id="m-001",
                organisation="Fictional North College",
                member_type="college",
                region_code="E12000001",
                la_code="E08000021",
                institution_id="ukprn:10000001",
                joined="2019-09-01",
                left="",
                is_sample="false",
                source_id="test_source",
            ),
            dict(
                membership_id="m-002",
                organisation="Fictional Durham Leaving Care Team",
                member_type="local_authority_leaving_care_team",
                region_code="E12000001",
                la_code="E06000047",
                institution_id="",
                joined="2020-01-15",
                left="2023-07-31",
                is_sample="false",
                source_id="",
            ),
            dict(
                membership_id="seeded-member",
                organisation="Fictional London University",
                member_type="university",
                region_code="E12000007",
                la_code="",
                institution_id="ukprn:10000002",
                joined="",
                left="",
                is_sample="false",
                source_id="test_source",
            ),
        ],
        "b": [
            dict(
                membership_id="m-001",
                organisation="Fictional North College (renamed)",
                member_type="college",
                region_code="E12000001",
                la_code="E08000021",
                institution_id="ukprn:10000001",
                joined="2019-09-01",
                left="2025-01-31",
                is_sample="false",
                source_id="test_source",
            ),
            dict(
                membership_id="m-003",
                organisation="Fictional Charity",
                member_type="charity",
                region_code="E12000007",
                la_code="E09000001",
                institution_id="",
                joined="2024-03-01",
                left="",
                is_sample="true",
                source_id="test_source",
            ),
            dict(
                membership_id="seeded-member",
                organisation="Fictional London University",
                member_type="university",
                region_code="E12000007",
                la_code="",
                institution_id="ukprn:10000002",
                joined="",
                left="",
                is_sample="false",
                source_id="test_source",
            ),
        ],
    },
    "awards": {
        "a": [
            dict(
                award_id="a-001",
                name_as_published="Fictional North College",
                ukprn="10000001",
                institution_id="",
                status="awarded",
                award_date="2021-06-20",
                award_year="2021",
                expiry_date="2024-06-19",
                expiry_year="2024",
                cohort="June 2021",
                match_note="",
                is_sample="false",
                date_as_published="2021-06",
                date_basis="award",
                source_id="test_source",
            ),
            dict(
                award_id="a-002",
                name_as_published="Fictional London Uni",
                ukprn="",
                institution_id="ukprn:10000002",
                status="renewed",
                award_date="",
                award_year="2022",
                expiry_date="",
                expiry_year="2025",
                cohort="",
                match_note="matched by hand",
                is_sample="false",
                date_as_published="",
                date_basis="",
                source_id="test_source",
            ),
            dict(
                award_id="seeded-award",
                name_as_published="Fictional North College",
                ukprn="10000001",
                institution_id="ukprn:10000001",
                status="awarded",
                award_date="",
                award_year="2021",
                expiry_date="",
                expiry_year="",
                cohort="",
                match_note="",
                is_sample="false",
                date_as_published="",
                date_basis="",
                source_id="test_source",
            ),
        ],
        "b": [
            dict(
                award_id="a-001",
                name_as_published="Fictional North College",
                ukprn="10000001",
                institution_id="",
                status="lapsed",
                award_date="2021-06-20",
                award_year="2021",
                expiry_date="2024-06-19",
                expiry_year="2024",
                cohort="June 2021",
                match_note="",
                is_sample="false",
                date_as_published="2021-06",
                date_basis="award",
                source_id="test_source",
            ),
            dict(
                award_id="a-003",
                name_as_published="An Unmatched Fictional Provider",
                ukprn="",
                institution_id="",
                status="working_towards",
                award_date="",
                award_year="2025",
                expiry_date="",
                expiry_year="",
                cohort="",
                match_note="not matched",
                is_sample="false",
                date_as_published="2025-07-02",
                date_basis="announcement",
                source_id="",
            ),
            dict(
                award_id="seeded-award",
                name_as_published="Fictional North College",
                ukprn="10000001",
                institution_id="ukprn:10000001",
                status="awarded",
                award_date="",
                award_year="2021",
                expiry_date="",
                expiry_year="",
                cohort="",
                match_note="",
                is_sample="false",
                date_as_published="",
                date_basis="",
                source_id="test_source",
            ),
        ],
    },
    "institutions": {
        "a": [
            dict(
                institution_id="ukprn:10000001",
                name="Fictional North College",
                type="general_fe_college",
                ukprn="10000001",
                urn="130001",
                la_code="E08000021",
                region_code="E12000001",
                postcode_district="NE1",
                latitude="54.97",
                longitude="-1.61",
                location_note="",
                russell_group="false",
                source_id="test_source",
            ),
            dict(
                institution_id="ukprn:10000002",
                name="Fictional London University",
                type="university",
                ukprn="10000002",
                urn="",
                la_code="E09000001",
                region_code="E12000007",
                postcode_district="EC2A",
                latitude="51.52",
                longitude="-0.08",
                location_note="centroid",
                russell_group="true",
                source_id="test_source",
            ),
            dict(
                institution_id="fictional-sixth-form",
                name="Fictional Sixth Form",
                type="sixth_form_college",
                ukprn="",
                urn="",
                la_code="E06000047",
                region_code="E12000001",
                postcode_district="",
                latitude="",
                longitude="",
                location_note="",
                russell_group="",
                source_id="",
            ),
        ],
        "b": [
            dict(
                institution_id="ukprn:10000001",
                name="Fictional North College",
                type="general_fe_college",
                ukprn="10000001",
                urn="130001",
                la_code="E08000021",
                region_code="E12000001",
                postcode_district="NE1",
                latitude="54.98",
                longitude="-1.62",
                location_note="moved",
                russell_group="false",
                source_id="test_source",
            ),
            dict(
                institution_id="ukprn:10000002",
                name="Fictional London University",
                type="university",
                ukprn="10000002",
                urn="",
                la_code="E09000001",
                region_code="E12000007",
                postcode_district="EC2A",
                latitude="51.52",
                longitude="-0.08",
                location_note="centroid",
                russell_group="true",
                source_id="test_source",
            ),
            dict(
                institution_id="ukprn:10000003",
                name="Fictional Other HE",
                type="other_he",
                ukprn="10000003",
                urn="",
                la_code="",
                region_code="",
                postcode_district="",
                latitude="",
                longitude="",
                location_note="",
                russell_group="false",
                source_id="test_source",
            ),
        ],
    },
    "partnerships": {
        "a": [
            dict(
                partnership_id="p-001",
                name="Fictional North Partnership",
                lead_organisation="Fictional North College",
                area="Tyneside",
                region_codes="E12000001",
                la_codes="E08000021 E06000047",
                member_types="Colleges; universities",
                membership_model="Informal",
                activities="Termly meetings\nAnnual conference",
                source_id="test_source",
            ),
            dict(
                partnership_id="p-002",
                name="Fictional London Network",
                lead_organisation="Fictional London University",
                area="London",
                region_codes="E12000007",
                la_codes="",
                member_types="Universities",
                membership_model="Formal, with fees",
                activities="Data sharing",
                source_id="",
            ),
        ],
        "b": [
            dict(
                partnership_id="p-001",
                name="Fictional North Partnership",
                lead_organisation="Fictional North College",
                area="Tyneside and Durham",
                region_codes="E12000001",
                la_codes="E08000021 E06000047",
                member_types="Colleges; universities",
                membership_model="Informal",
                activities="Termly meetings",
                source_id="test_source",
            ),
            dict(
                partnership_id="p-003",
                name="Fictional Two-Region Network",
                lead_organisation="Fictional Charity",
                area="North East and London",
                region_codes="E12000001 E12000007",
                la_codes="",
                member_types="Charities",
                membership_model="Informal",
                activities="Webinars",
                source_id="test_source",
            ),
        ],
    },
}


def columns(kind: str) -> list[str]:
    return list(KINDS[kind].columns)


def to_csv(header: list[str], rows: list[list], *, bom: bool = False, delimiter: str = ",") -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buf.getvalue()).encode("utf-8")


def valid_rows(kind: str, version: str = "a") -> list[dict]:
    return [dict(r) for r in VALID[kind][version]]


def valid_csv(kind: str, version: str = "a") -> bytes:
    cols = columns(kind)
    return to_csv(cols, [[r[c] for c in cols] for r in VALID[kind][version]])


def to_xlsx(sheets: dict[str, list[list]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------- bad files

Expect = tuple[int | None, str | None, str]  # (row, column, fragment of the message, lower case)


@dataclass(frozen=True)
class BadCase:
    case_id: str
    file_name: str
    make: Callable[[], bytes]
    expect: tuple[Expect, ...]


KEY = {k: spec.key for k, spec in KINDS.items()}
NAME = {"members": "organisation", "awards": "name_as_published", "institutions": "name", "partnerships": "name"}
REGION = {"members": "region_code", "awards": None, "institutions": "region_code", "partnerships": "region_codes"}
TEXT_REQUIRED = {"members": "member_type", "awards": "status", "institutions": "type", "partnerships": "area"}


def _mutated(kind: str, changes: dict[tuple[int, str], str], *, version: str = "a") -> bytes:
    """The valid file with cells replaced: (spreadsheet row, column) -> new text."""
    cols = columns(kind)
    rows = [[r[c] for c in cols] for r in VALID[kind][version]]
    for (row, col), value in changes.items():
        rows[row - 2][cols.index(col)] = value
    return to_csv(cols, rows)


def _without_column(kind: str, drop: str, rename: str | None = None) -> bytes:
    cols = columns(kind)
    header = [rename if (c == drop and rename) else c for c in cols if rename or c != drop]
    rows = [[r[c] for c in cols if rename or c != drop] for r in VALID[kind]["a"]]
    return to_csv(header, rows)


def _duplicate_key(kind: str) -> bytes:
    cols = columns(kind)
    rows = [[r[c] for c in cols] for r in VALID[kind]["a"]]
    rows[1][cols.index(KEY[kind])] = rows[0][cols.index(KEY[kind])]
    return to_csv(cols, rows)


def _oversized(kind: str) -> bytes:
    cols = columns(kind)
    base = VALID[kind]["a"][0]
    line = to_csv(cols, [[base[c] for c in cols]]).split(b"\r\n", 1)[1]
    body = line * (DEFAULT_MAX_BYTES // len(line) + 2)
    return to_csv(cols, []) + body


def _xlsx_rows(kind: str, version: str = "a") -> list[list]:
    cols = columns(kind)
    return [cols] + [[(r[c] if r[c] != "" else None) for c in cols] for r in VALID[kind][version]]


def _xlsx_wrong_sheet(kind: str) -> bytes:
    notes = [["How to fill in this register"], ["Put one row per organisation on the next sheet."]]
    return to_xlsx({"Notes": notes, "Register": _xlsx_rows(kind)})


def _xlsx_mutated(kind: str, row: int, col: str, value) -> bytes:
    rows = _xlsx_rows(kind)
    rows[row - 1][columns(kind).index(col)] = value
    return to_xlsx({"Register": rows})


def _extra_cells(kind: str) -> bytes:
    cols = columns(kind)
    rows = [[r[c] for c in cols] for r in VALID[kind]["a"]]
    rows[0] = rows[0] + ["", "stray value"]
    return to_csv(cols, rows)


def _letter(index: int) -> str:
    from nnecl_data.registers.upload import column_letter

    return column_letter(index)


def _common_cases(kind: str) -> list[BadCase]:
    key, name, required = KEY[kind], NAME[kind], TEXT_REQUIRED[kind]
    latin1 = _mutated(kind, {(2, name): "Café Académie"}).decode("utf-8").encode("latin-1")
    utf16 = valid_csv(kind).decode("utf-8").encode("utf-16")
    hyperlink = '=HYPERLINK("http://x","y")'
    n_cols = len(columns(kind))
    cases = [
        BadCase(
            "missing_column",
            f"{kind}_missing_column.csv",
            lambda: _without_column(kind, required),
            ((1, required, "missing"),),
        ),
        BadCase(
            "renamed_column",
            f"{kind}_renamed_column.csv",
            lambda: _without_column(kind, name, rename=name.title()),
            ((1, name.title(), "not a column"), (1, name, "missing")),
        ),
        BadCase(
            "renamed_key_column",
            f"{kind}_renamed_key.csv",
            lambda: _without_column(kind, key, rename="ID"),
            ((1, "ID", "not a column"), (1, key, "missing")),
        ),
        BadCase(
            "duplicate_header",
            f"{kind}_duplicate_header.csv",
            lambda: to_csv(
                columns(kind) + [name], [[r[c] for c in columns(kind)] + ["x"] for r in VALID[kind]["a"]]
            ),
            ((1, name, "appears twice"),),
        ),
        BadCase(
            "duplicate_key",
            f"{kind}_duplicate_key.csv",
            lambda: _duplicate_key(kind),
            ((3, key, "appears twice"),),
        ),
        BadCase(
            "formula_hyperlink",
            f"{kind}_formula.csv",
            lambda: _mutated(kind, {(2, name): hyperlink}),
            ((2, name, "formula"),),
        ),
        BadCase(
            "formula_at",
            f"{kind}_formula_at.csv",
            lambda: _mutated(kind, {(3, name): "@SUM(A1:A9)"}),
            ((3, name, "formula"),),
        ),
        BadCase(
            "formula_plus_minus",
            f"{kind}_formula_plus.csv",
            lambda: _mutated(kind, {(2, name): "+1+cmd|' /C calc'!A0", (3, name): "-2+3"}),
            ((2, name, "formula"), (3, name, "formula")),
        ),
        BadCase(
            "markup_script",
            f"{kind}_script.csv",
            lambda: _mutated(kind, {(2, name): "<script>alert(1)</script>"}),
            ((2, name, "markup"),),
        ),
        BadCase(
            "markup_tag",
            f"{kind}_tag.csv",
            lambda: _mutated(kind, {(3, name): 'Fictional <b onclick="x()">College</b>'}),
            ((3, name, "markup"),),
        ),
        BadCase(
            "control_character",
            f"{kind}_control.csv",
            lambda: _mutated(kind, {(2, name): "Fictional\x1b[31m College"}),
            ((2, name, "control"),),
        ),
        BadCase(
            "bidi_override",
            f"{kind}_bidi.csv",
            lambda: _mutated(kind, {(3, name): "Fictional \u202eegelloC"}),
            ((3, name, "control"),),
        ),
        BadCase(
            "empty_required_value",
            f"{kind}_empty_value.csv",
            lambda: _mutated(kind, {(3, required): ""}),
            ((3, required, "empty"),),
        ),
        BadCase(
            "unknown_allowed_value",
            f"{kind}_bad_value.csv",
            lambda: _mutated(kind, {(2, required): "<i>x</i>" if kind == "partnerships" else "gold_star"}),
            ((2, required, "markup" if kind == "partnerships" else "not allowed"),),
        ),
        BadCase(
            "too_long_text",
            f"{kind}_too_long.csv",
            lambda: _mutated(kind, {(2, name): "Fictional " * 40}),
            ((2, name, "characters long"),),
        ),
        BadCase(
            "bad_key",
            f"{kind}_bad_key.csv",
            lambda: _mutated(kind, {(2, key): "has spaces in it"}),
            ((2, key, "not a valid identifier"),),
        ),
        BadCase(
            "unknown_source",
            f"{kind}_unknown_source.csv",
            lambda: _mutated(kind, {(2, "source_id"): "no_such_source"}),
            ((2, "source_id", "not in the database"),),
        ),
        BadCase(
            "extra_cells",
            f"{kind}_extra_cells.csv",
            lambda: _extra_cells(kind),
            ((2, _letter(n_cols + 1), "more cells"),),
        ),
        BadCase("latin1_encoding", f"{kind}_latin1.csv", lambda: latin1, ((None, None, "not utf-8"),)),
        BadCase("utf16_encoding", f"{kind}_utf16.csv", lambda: utf16, ((None, None, "utf-16"),)),
        BadCase("empty_file", f"{kind}_empty.csv", lambda: b"", ((None, None, "empty"),)),
        BadCase(
            "header_only",
            f"{kind}_header_only.csv",
            lambda: to_csv(columns(kind), []),
            ((2, None, "no data rows"),),
        ),
        BadCase("oversized", f"{kind}_oversized.csv", lambda: _oversized(kind), ((None, None, "limit"),)),
        BadCase(
            "binary_garbage",
            f"{kind}_garbage.csv",
            lambda: bytes((i * 7919 + 13) % 256 for i in range(4096)),
            ((None, None, "binary"),),
        ),
        BadCase(
            "pdf_named_csv",
            f"{kind}_document.csv",
            lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
            ((None, None, "pdf"),),
        ),
        BadCase(
            "xlsx_named_csv",
            f"{kind}_workbook.csv",
            lambda: to_xlsx({"Register": _xlsx_rows(kind)}),
            ((None, None, "named .csv"),),
        ),
        BadCase(
            "csv_named_xlsx",
            f"{kind}_text.xlsx",
            lambda: valid_csv(kind),
            ((None, None, "not an excel workbook"),),
        ),
        BadCase("wrong_extension", f"{kind}.json", lambda: b'{"rows": []}', ((None, None, "not accepted"),)),
        BadCase(
            "semicolon_separated",
            f"{kind}_semicolons.csv",
            lambda: to_csv(
                columns(kind), [[r[c] for c in columns(kind)] for r in VALID[kind]["a"]], delimiter=";"
            ),
            ((1, None, "separated by ';'"), (1, key, "missing")),
        ),
        BadCase(
            "xlsx_wrong_sheet",
            f"{kind}_wrong_sheet.xlsx",
            lambda: _xlsx_wrong_sheet(kind),
            ((1, key, "missing"), (1, "How to fill in this register", "not a column")),
        ),
        BadCase(
            "xlsx_empty_sheet",
            f"{kind}_empty_sheet.xlsx",
            lambda: to_xlsx({"Sheet1": [], "Register": _xlsx_rows(kind)}),
            ((None, None, "empty"),),
        ),
        BadCase(
            "xlsx_formula",
            f"{kind}_formula.xlsx",
            lambda: _xlsx_mutated(kind, 3, name, hyperlink),
            ((3, name, "formula"),),
        ),
        BadCase(
            "xlsx_header_not_in_row_1",
            f"{kind}_title_row.xlsx",
            lambda: to_xlsx({"Register": [["NNECL register, exported 2025"], *_xlsx_rows(kind)]}),
            ((1, "NNECL register, exported 2025", "not a column"), (1, key, "missing")),
        ),
    ]
    return cases


def _kind_cases(kind: str) -> list[BadCase]:
    m = _mutated
    if kind == "members":
        return [
            BadCase(
                "unknown_region",
                "members_unknown_region.csv",
                lambda: m(kind, {(3, "region_code"): "E12000099"}),
                ((3, "region_code", "not in the database"),),
            ),
            BadCase(
                "region_name_not_code",
                "members_region_name.csv",
                lambda: m(kind, {(2, "region_code"): "North East"}),
                ((2, "region_code", "e12"),),
            ),
            BadCase(
                "unknown_la",
                "members_unknown_la.csv",
                lambda: m(kind, {(2, "la_code"): "E06000999"}),
                ((2, "la_code", "not in the database"),),
            ),
            BadCase(
                "la_in_other_region",
                "members_la_region.csv",
                lambda: m(kind, {(3, "la_code"): "E09000001"}),
                ((3, "region_code", "is in region"),),
            ),
            BadCase(
                "unknown_institution",
                "members_unknown_institution.csv",
                lambda: m(kind, {(2, "institution_id"): "ukprn:19999999"}),
                ((2, "institution_id", "not in the database"),),
            ),
            BadCase(
                "date_dd_mm_yyyy",
                "members_uk_date.csv",
                lambda: m(kind, {(2, "joined"): "01/09/2019"}),
                ((2, "joined", "yyyy-mm-dd"),),
            ),
            BadCase(
                "date_impossible",
                "members_impossible_date.csv",
                lambda: m(kind, {(3, "joined"): "2021-02-30"}),
                ((3, "joined", "not a real date"),),
            ),
            BadCase(
                "date_implausible",
                "members_old_date.csv",
                lambda: m(kind, {(2, "joined"): "1899-01-01"}),
                ((2, "joined", "plausible"),),
            ),
            BadCase(
                "symbol_c_in_date",
                "members_symbol_c.csv",
                lambda: m(kind, {(2, "joined"): "c"}),
                ((2, "joined", "symbol"),),
            ),
            BadCase(
                "symbol_x_in_date",
                "members_symbol_x.csv",
                lambda: m(kind, {(3, "left"): "x"}),
                ((3, "left", "symbol"),),
            ),
            BadCase(
                "left_before_joined",
                "members_left_early.csv",
                lambda: m(kind, {(3, "left"): "2019-12-31"}),
                ((3, "left", "before"),),
            ),
            BadCase(
                "bad_boolean",
                "members_bad_boolean.csv",
                lambda: m(kind, {(2, "is_sample"): "maybe"}),
                ((2, "is_sample", "true or false"),),
            ),
            BadCase(
                "xlsx_unknown_region",
                "members_region.xlsx",
                lambda: _xlsx_mutated(kind, 4, "region_code", "E12000099"),
                ((4, "region_code", "not in the database"),),
            ),
        ]
    if kind == "awards":
        return [
            BadCase(
                "unknown_ukprn",
                "awards_unknown_ukprn.csv",
                lambda: m(kind, {(2, "ukprn"): "19999999"}),
                ((2, "ukprn", "does not belong"),),
            ),
            BadCase(
                "ukprn_7_digits",
                "awards_short_ukprn.csv",
                lambda: m(kind, {(2, "ukprn"): "1000001"}),
                ((2, "ukprn", "8 digits"),),
            ),
            BadCase(
                "ukprn_other_institution",
                "awards_ukprn_mismatch.csv",
                lambda: m(kind, {(3, "ukprn"): "10000001"}),
                ((3, "institution_id", "belongs to"),),
            ),
            BadCase(
                "unknown_institution",
                "awards_unknown_institution.csv",
                lambda: m(kind, {(3, "institution_id"): "nowhere"}),
                ((3, "institution_id", "not in the database"),),
            ),
            BadCase(
                "symbol_c_in_year",
                "awards_symbol_c.csv",
                lambda: m(kind, {(2, "award_year"): "c"}),
                ((2, "award_year", "symbol"),),
            ),
            BadCase(
                "symbol_x_in_date",
                "awards_symbol_x.csv",
                lambda: m(kind, {(2, "expiry_date"): "x"}),
                ((2, "expiry_date", "symbol"),),
            ),
            BadCase(
                "symbol_low_in_year",
                "awards_symbol_low.csv",
                lambda: m(kind, {(3, "expiry_year"): "low"}),
                ((3, "expiry_year", "symbol"),),
            ),
            BadCase(
                "year_as_text",
                "awards_year_text.csv",
                lambda: m(kind, {(3, "award_year"): "twenty-two"}),
                ((3, "award_year", "whole number"),),
            ),
            BadCase(
                "year_decimal",
                "awards_year_decimal.csv",
                lambda: m(kind, {(2, "award_year"): "2021.5"}),
                ((2, "award_year", "whole number"),),
            ),
            BadCase(
                "year_implausible",
                "awards_year_future.csv",
                lambda: m(kind, {(3, "award_year"): "2999"}),
                ((3, "award_year", "plausible"),),
            ),
            BadCase(
                "year_missing",
                "awards_year_missing.csv",
                lambda: m(kind, {(3, "award_year"): ""}),
                ((3, "award_year", "empty"),),
            ),
            BadCase(
                "date_slashes",
                "awards_date_slashes.csv",
                lambda: m(kind, {(2, "award_date"): "2021/06/20"}),
                ((2, "award_date", "yyyy-mm-dd"),),
            ),
            BadCase(
                "year_date_mismatch",
                "awards_year_mismatch.csv",
                lambda: m(kind, {(2, "award_year"): "2020"}),
                ((2, "award_year", "does not match"),),
            ),
            BadCase(
                "expiry_before_award",
                "awards_expiry_early.csv",
                lambda: m(kind, {(2, "expiry_date"): "2020-01-01", (2, "expiry_year"): "2020"}),
                ((2, "expiry_date", "before"), (2, "expiry_year", "before")),
            ),
            BadCase(
                "xlsx_unknown_ukprn",
                "awards_ukprn.xlsx",
                lambda: _xlsx_mutated(kind, 3, "ukprn", 19999999),
                ((3, "ukprn", "does not belong"),),
            ),
        ]
    if kind == "institutions":
        return [
            BadCase(
                "symbol_c_in_latitude",
                "institutions_symbol_c.csv",
                lambda: m(kind, {(2, "latitude"): "c"}),
                ((2, "latitude", "symbol"),),
            ),
            BadCase(
                "symbol_x_in_longitude",
                "institutions_symbol_x.csv",
                lambda: m(kind, {(3, "longitude"): "x"}),
                ((3, "longitude", "symbol"),),
            ),
            BadCase(
                "symbol_z_in_latitude",
                "institutions_symbol_z.csv",
                lambda: m(kind, {(3, "latitude"): "z"}),
                ((3, "latitude", "symbol"),),
            ),
            BadCase(
                "number_with_text",
                "institutions_number_text.csv",
                lambda: m(kind, {(2, "latitude"): "about 54"}),
                ((2, "latitude", "not a number"),),
            ),
            BadCase(
                "latitude_out_of_range",
                "institutions_latitude.csv",
                lambda: m(kind, {(2, "latitude"): "99"}),
                ((2, "latitude", "range"),),
            ),
            BadCase(
                "nan_number",
                "institutions_nan.csv",
                lambda: m(kind, {(3, "longitude"): "NaN"}),
                ((3, "longitude", "not a number"),),
            ),
            BadCase(
                "ukprn_letters",
                "institutions_ukprn_letters.csv",
                lambda: m(kind, {(2, "ukprn"): "ABC12345"}),
                ((2, "ukprn", "8 digits"),),
            ),
            BadCase(
                "duplicate_ukprn",
                "institutions_duplicate_ukprn.csv",
                lambda: m(kind, {(3, "ukprn"): "10000001"}),
                ((3, "ukprn", "appears twice"),),
            ),
            BadCase(
                "unknown_la",
                "institutions_unknown_la.csv",
                lambda: m(kind, {(4, "la_code"): "E10000099"}),
                ((4, "la_code", "not in the database"),),
            ),
            BadCase(
                "unknown_region",
                "institutions_unknown_region.csv",
                lambda: m(kind, {(2, "region_code"): "E12000010", (2, "la_code"): ""}),
                ((2, "region_code", "not in the database"),),
            ),
            BadCase(
                "bad_postcode",
                "institutions_postcode.csv",
                lambda: m(kind, {(2, "postcode_district"): "NOT A POSTCODE"}),
                ((2, "postcode_district", "postcode district"),),
            ),
            BadCase(
                "bad_boolean",
                "institutions_russell.csv",
                lambda: m(kind, {(3, "russell_group"): "k"}),
                ((3, "russell_group", "symbol"),),
            ),
            BadCase(
                "removes_institution_in_use",
                "institutions_drop_used.csv",
                lambda: to_csv(columns(kind), [[VALID[kind]["a"][0][c] for c in columns(kind)]]),
                ((None, None, "still used by member 'seeded-member'"),),
            ),
            BadCase(
                "xlsx_number_symbol",
                "institutions_symbol.xlsx",
                lambda: _xlsx_mutated(kind, 2, "longitude", "u"),
                ((2, "longitude", "symbol"),),
            ),
        ]
    return [
        BadCase(
            "unknown_region",
            "partnerships_unknown_region.csv",
            lambda: m(kind, {(2, "region_codes"): "E12000001 E12000099"}),
            ((2, "region_codes", "not in the database"),),
        ),
        BadCase(
            "region_names",
            "partnerships_region_names.csv",
            lambda: m(kind, {(3, "region_codes"): "London"}),
            ((3, "region_codes", "e12"),),
        ),
        BadCase(
            "unknown_la",
            "partnerships_unknown_la.csv",
            lambda: m(kind, {(2, "la_codes"): "E08000021 E0800002"}),
            ((2, "la_codes", "local authority code"),),
        ),
        BadCase(
            "empty_region_codes",
            "partnerships_no_region.csv",
            lambda: m(kind, {(3, "region_codes"): ""}),
            ((3, "region_codes", "empty"),),
        ),
        BadCase(
            "formula_in_activities",
            "partnerships_formula_activities.csv",
            lambda: m(kind, {(3, "activities"): "=1+1"}),
            ((3, "activities", "formula"),),
        ),
        BadCase(
            "markup_in_activities",
            "partnerships_markup_activities.csv",
            lambda: m(kind, {(2, "activities"): "Meetings <img src=x onerror=alert(1)>"}),
            ((2, "activities", "markup"),),
        ),
        BadCase(
            "control_in_area",
            "partnerships_control_area.csv",
            lambda: m(kind, {(2, "area"): "Tyne\x00side"}),
            ((None, None, "binary"),),
        ),
        BadCase(
            "newline_in_name",
            "partnerships_newline_name.csv",
            lambda: m(kind, {(3, "name"): "Fictional\nNetwork"}),
            ((3, "name", "control"),),
        ),
        BadCase(
            "xlsx_unknown_region",
            "partnerships_region.xlsx",
            lambda: _xlsx_mutated(kind, 3, "region_codes", "E12000009"),
            ((3, "region_codes", "not in the database"),),
        ),
    ]


BAD_CASES: dict[str, list[BadCase]] = {kind: _common_cases(kind) + _kind_cases(kind) for kind in KINDS}


def write_bad_files(tmp_path: Path, kind: str) -> list[tuple[BadCase, Path]]:
    """Write every bad file of `kind` into tmp_path; returns (case, path) pairs."""
    folder = tmp_path / f"bad_{kind}"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for case in BAD_CASES[kind]:
        path = folder / case.file_name
        path.write_bytes(case.make())
        written.append((case, path))
    return written
