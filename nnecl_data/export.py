"""Downloads: the data behind a chart as CSV or XLSX, with the selection, data version and sources
written into the file, and with spreadsheet formulas neutralised."""

from __future__ import annotations

import io

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe. Numbers are untouched
    (a negative gap stays a number)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def notes_lines(notes: dict[str, str]) -> list[str]:
    return [f"{key}: {value}" for key, value in notes.items() if value]


def to_csv_bytes(df: pd.DataFrame, notes: dict[str, str] | None = None) -> bytes:
    """UTF-8 with BOM (so Excel reads accents), notes first as '#' comment lines."""
    buffer = io.StringIO()
    for line in notes_lines(notes or {}):
        buffer.write("# " + str(neutralise(line)).replace("\n", " ") + "\n")
    safe_frame(df).to_csv(buffer, index=False, lineterminator="\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx_bytes(df: pd.DataFrame, notes: dict[str, str] | None = None, sheet: str = "data") -> bytes:
    """A workbook with the data and a 'notes' sheet (selection, data version, sources, caveats)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe_frame(df).to_excel(writer, sheet_name=sheet[:31], index=False)
        pd.DataFrame([{"item": k, "value": neutralise(str(v))} for k, v in (notes or {}).items() if v]).to_excel(
            writer, sheet_name="notes", index=False
        )
    return buffer.getvalue()
