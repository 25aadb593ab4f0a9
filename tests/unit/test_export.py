import io

import openpyxl
import pandas as pd

from nnecl_data import export


def test_formula_cells_are_neutralised_but_numbers_are_not():
    df = pd.DataFrame(
        {
            "name": ['=HYPERLINK("http://x","y")', "+SUM(A1)", "@cmd", "-2+3", "Bury"],
            "gap": [-4.0, 1.0, 0.0, -1.0, 2.0],
        }
    )
    text = export.to_csv_bytes(df).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+SUM" in text and "'@cmd" in text and "'-2+3" in text
    assert "\nBury,2.0" in text and ",-4.0" in text


def test_csv_carries_notes_as_comment_lines_before_the_header():
    df = pd.DataFrame({"a": [1]})
    text = export.to_csv_bytes(df, {"Title": "NEET by region", "Sources": "DfE", "Empty": ""}).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "# Title: NEET by region" and lines[1] == "# Sources: DfE" and lines[2] == "a"


def test_xlsx_has_data_and_notes_sheets_with_neutralised_text():
    df = pd.DataFrame({"name": ["=1+1"], "value": [44.0]})
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(df, {"Title": "T"})))
    assert book.sheetnames == ["data", "notes"]
    assert book["data"]["A2"].value == "'=1+1" and book["data"]["B2"].value == 44
    assert book["notes"]["A2"].value == "Title" and book["notes"]["B2"].value == "T"


def test_blank_suppressed_values_stay_blank():
    df = pd.DataFrame({"area": ["A", "B"], "value": [44.0, None], "status": ["published", "c — suppressed"]})
    text = export.to_csv_bytes(df).decode("utf-8-sig")
    assert "B,,c — suppressed" in text
