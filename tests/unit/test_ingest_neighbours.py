"""The neighbour ingest on small files the test writes: layout, sections, bad cells named by file, row
and column, and the three-digit code join (newest statistics win; abolished authorities keep their code)."""

from __future__ import annotations

import csv

import pytest
from openpyxl import Workbook

from nnecl_data.ingest import neighbours as ingest

HEADER = ["LA num", "LA Name", "LA number", "GOInd", "GOReg"] + [
    x for k in range(1, 11) for x in (f"SN{k}", "SNP")
]


def _row(code: str, name: str, neighbours: list[str], band: str = "Very Close") -> list:
    return [int(code), name, int(code), 1, "East Midlands"] + [x for n in neighbours for x in (int(n), band)]


def _workbook(path, rows: list[list]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = ingest.SHEET
    sheet.append(["A", "B", "C"])  # the two title rows DfE's files have above the header
    sheet.append([1, 2, 3])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)


TEN = [str(n) for n in range(801, 811)]


def test_rows_sections_and_dashes(tmp_path):
    path = tmp_path / "sn.xlsx"
    _workbook(
        path,
        [
            _row("940", "North Northamptonshire", TEN),
            ["942", "Cumberland", "942", 5, "North West"] + ["-"] * 20,  # listed without neighbours
            [None] * 5,
            [None, "Old SNs:"],
            _row("928", "Northamptonshire", TEN, "Extremely Close"),
        ],
    )
    groups = ingest.read_grouping_file(path)
    assert [(g.dfe_code, g.old_section) for g in groups] == [("940", False), ("928", True)]
    assert groups[0].neighbours[0] == ("801", "Very Close") and len(groups[0].neighbours) == 10
    assert groups[0].row == 4  # the spreadsheet's own row number


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (_row("940", "X", TEN[:9] + ["81"]), "row 4, column X: '81' is not a three-digit DfE code"),
        (_row("940", "X", TEN, "Nearby"), "row 4, column G: 'Nearby' is not a closeness band"),
        (_row("940", "X", TEN[:9] + ["801"]), "row 4: neighbours repeat or include the authority itself"),
        (_row("940", "X", TEN[:9] + ["940"]), "row 4: neighbours repeat or include the authority itself"),
    ],
)
def test_a_bad_cell_is_named_by_file_row_and_column(tmp_path, row, message):
    path = tmp_path / "sn_bad.xlsx"
    _workbook(path, [row])
    with pytest.raises(ingest.NeighbourFileError) as error:
        ingest.read_grouping_file(path)
    assert str(error.value).startswith("sn_bad.xlsx") and message in str(error.value)


def test_a_file_without_the_header_is_refused(tmp_path):
    path = tmp_path / "sn.xlsx"
    book = Workbook()
    book.active.title = ingest.SHEET
    book.active.append(["Something else"])
    book.save(path)
    with pytest.raises(ingest.NeighbourFileError, match="no header row"):
        ingest.read_grouping_file(path)


def _ees(path, rows: list[tuple[str, str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["time_period", "geographic_level", "old_la_code", "new_la_code"])
        writer.writerow(["2025", "National", "", ""])
        for period, old, new in rows:
            writer.writerow([period, "Local authority", old, new])


def test_codes_join_to_the_ons_code_of_the_newest_statistics(tmp_path):
    newest, older = ingest.CODE_FILES[0], ingest.CODE_FILES[-1]
    for source in ingest.CODE_FILES:
        for name in source.files:
            _ees(tmp_path / source.raw_folder / name, [])
    # the older release still uses North Yorkshire's county code for 2018-2022; the newer one the new code
    _ees(
        tmp_path / older.raw_folder / next(iter(older.files)),
        [("2022", "815", "E10000023"), ("2021", "909", "E10000006")],
    )
    _ees(
        tmp_path / newest.raw_folder / next(iter(newest.files)),
        [("2025", "815", "E06000065"), ("2023", "909", "E10000006"), ("2025", "942", "E06000063")],
    )
    codes = ingest.dfe_to_ons(tmp_path)
    assert codes == {"815": "E06000065", "909": "E10000006", "942": "E06000063"}
