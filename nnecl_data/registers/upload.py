"""Reading an uploaded register: the bytes of a CSV (UTF-8, with or without BOM) or XLSX file become a
DataFrame of strings (empty cells None) whose index is the spreadsheet row number (the header is row 1,
so the first data row is row 2). Anything that cannot be read raises `UploadRejected`, naming the file
(and the row where there is one): wrong type, encoding, size, damaged or oversized workbook."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pandas as pd

from nnecl_data.registers.issues import Issue, UploadRejected

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_XLSX_UNCOMPRESSED = 60 * 1024 * 1024  # refuse "zip bombs" before openpyxl expands them


def read_upload(name: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> pd.DataFrame:
    """The file as a DataFrame of strings (None for empty cells), indexed by spreadsheet row number.

    Problems that do not stop reading (a row with more cells than the header) are kept in
    `df.attrs["read_issues"]` and reported by `validate`. `df.attrs["file_name"]` holds `name`."""
    name = name or "upload"

    def reject(message: str) -> UploadRejected:
        return UploadRejected([Issue(name, message)])

    if not data or not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise reject("the file is empty")
    if len(data) > max_bytes:
        raise reject(f"the file is {len(data):,} bytes, more than the limit of {max_bytes:,} bytes")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    sniffed = _sniff(data)
    if ext == "xlsx":
        if sniffed != "zip":
            raise reject(f"the file is named .xlsx but is not an Excel workbook ({_describe(sniffed)})")
        header, rows = _read_xlsx(name, data)
    elif ext == "csv":
        if sniffed in ("zip", "xls", "pdf"):
            raise reject(
                f"the file is named .csv but is {_describe(sniffed)}: save it as 'CSV UTF-8' and try again"
            )
        header, rows = _read_csv(name, data)
    elif ext == "xls":
        raise reject("old Excel 97-2003 (.xls) files are not accepted: save it as .xlsx or as 'CSV UTF-8'")
    else:
        raise reject(f"files of type '.{ext}' are not accepted: upload a .csv (UTF-8) or .xlsx file")
    return _frame(name, header, rows)


def _sniff(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        return "utf16"
    return "text"


def _looks_utf16(data: bytes) -> bool:
    sample = data[:200]
    return len(sample) >= 4 and (
        sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4
    )


def _describe(sniffed: str) -> str:
    return {
        "zip": "an Excel workbook or other ZIP file",
        "xls": "an old Excel 97-2003 (.xls) file",
        "pdf": "a PDF document",
        "utf16": "a UTF-16 text file",
        "text": "a text file",
    }[sniffed]


def _read_csv(name: str, data: bytes) -> tuple[list, list[tuple[int, list]]]:
    def reject(message: str) -> UploadRejected:
        return UploadRejected([Issue(name, message)])

    if _sniff(data) == "utf16":
        raise reject(
            "the file is saved as UTF-16 (Excel's 'Unicode Text'), not UTF-8: "
            "in Excel choose Save As > 'CSV UTF-8 (Comma delimited)'"
        )
    if b"\x00" in data:
        raise reject("the file contains binary data (NUL bytes): it is not a CSV text file")
    controls = sum(1 for b in data[:65536] if b < 32 and b not in (9, 10, 13))
    if controls > max(2, len(data[:65536]) // 100):
        raise reject("the file contains binary data: it is not a CSV text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise reject(
            f"the file is not UTF-8 encoded (byte 0x{data[exc.start]:02X} in line {line}; it looks like "
            "Windows-1252/Latin-1): in Excel choose Save As > 'CSV UTF-8 (Comma delimited)'"
        ) from None
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for record in reader:
            records.append(record)
            if len(records) > MAX_ROWS + 1:
                raise reject(f"the file has more than {MAX_ROWS:,} rows")
    except csv.Error as exc:
        row = len(records) + 1
        raise UploadRejected(
            [
                Issue(
                    name,
                    f"this row is not well-formed CSV ({exc}); a cell holding quotes or commas must be "
                    "enclosed in double quotes",
                    row=row,
                )
            ]
        ) from None
    if not records:
        raise reject("the file is empty")
    header = records[0]
    rows = [(number, [c.replace("\r\n", "\n") for c in rec]) for number, rec in enumerate(records[1:], start=2)]
    return header, rows


def _read_xlsx(name: str, data: bytes) -> tuple[list, list[tuple[int, list]]]:
    def reject(message: str) -> UploadRejected:
        return UploadRejected([Issue(name, message)])

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise reject("the file is not a readable Excel workbook (damaged ZIP)") from None
    if "xl/workbook.xml" not in names:
        raise reject("the file is a ZIP archive but not an Excel workbook (.xlsx)")
    if expanded > MAX_XLSX_UNCOMPRESSED:
        raise reject("the workbook expands to more than the size limit: upload a smaller file")
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds of error on damaged files
        raise reject(f"the workbook could not be read ({type(exc).__name__})") from None
    sheet = book.worksheets[0]
    others = [ws.title for ws in book.worksheets[1:]]
    records: list[tuple[int, list]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        records.append((number, [_xlsx_text(v) for v in values]))
        if number > MAX_ROWS + 1:
            break
    while records and all(v in (None, "") for v in records[-1][1]):
        records.pop()
    if not records:
        hint = f" (the register is read from the first sheet only; this workbook also has {', '.join(others)})"
        raise reject(f"the first sheet '{sheet.title}' is empty{hint if others else ''}")
    header = [h if h is not None else "" for h in records[0][1]]
    while header and header[-1] == "":
        header.pop()
    return header, records[1:]


def _xlsx_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    return str(value)


def _frame(name: str, header: list, rows: list[tuple[int, list]]) -> pd.DataFrame:
    header = [("" if h is None else str(h)) for h in header]
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    if not any(h.strip() for h in header):
        raise UploadRejected([Issue(name, "row 1 must hold the column names, but it is empty", row=1)])
    width = len(header)
    read_issues: list[Issue] = []
    kept_rows, numbers = [], []
    for number, cells in rows:
        cells = [None if c is None or (isinstance(c, str) and c.strip() == "") else c for c in cells]
        extra = cells[width:]
        if any(c is not None for c in extra):
            col = column_letter(width + next(i for i, c in enumerate(extra) if c is not None))
            read_issues.append(
                Issue(name, f"this row has more cells than row 1 has column names ({width})", number, col)
            )
        cells = (cells + [None] * width)[:width]
        if all(c is None for c in cells):
            continue  # a blank line between rows
        kept_rows.append(cells)
        numbers.append(number)
        if len(kept_rows) > MAX_ROWS:
            raise UploadRejected([Issue(name, f"the file has more than {MAX_ROWS:,} rows")])
    frame = pd.DataFrame(kept_rows, columns=pd.Index(header, dtype=object), index=numbers, dtype=object)
    frame.attrs["file_name"] = name
    frame.attrs["read_issues"] = read_issues
    return frame


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
