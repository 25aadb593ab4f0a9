"""Validation of uploaded NNECL registers (members, awards, institutions, partnerships): every column
and row checked.

Pure functions, shared by the command-line import and the app's upload page: nothing here touches the
database. The caller passes a `Reference` holding the codes and ids that exist in the database.
`validate(kind, df, reference=...)` checks every cell of a frame read by `upload.read_upload` and returns
a `ValidationResult` holding every problem found (up to `MAX_ERRORS`) and, when there are none, the rows
typed for the database table.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Boolean, Date, Float, Integer, String

from nnecl_data.database import schema
from nnecl_data.registers.issues import Issue, errors_text
from nnecl_data.registers.kinds import ALLOWED_VALUES, DEFAULT_SOURCE_ID, DEFAULTS, KINDS, Kind, kind_spec
from nnecl_data.registers.upload import DEFAULT_MAX_BYTES, column_letter

# DEFAULT_MAX_BYTES, KINDS, Issue, errors_text and kind_spec are re-exported for ui/admin_views, which
# imports them from here (the views split can import them from upload, kinds and issues instead).
__all__ = [
    "DEFAULT_MAX_BYTES",
    "KINDS",
    "MAX_ERRORS",
    "Issue",
    "Reference",
    "ValidationResult",
    "errors_text",
    "kind_spec",
    "validate",
]

MAX_ERRORS = 200
EARLIEST_DATE = dt.date(1990, 1, 1)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKUP = re.compile(r"<\s*(?:[/!?]|[A-Za-z])|&#?[A-Za-z0-9]+;|javascript\s*:", re.IGNORECASE)
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^-?\d+$")
_FLOAT = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
_UKPRN = re.compile(r"^\d{8}$")
_URN = re.compile(r"^\d{5,8}$")
_ONS_CODE = re.compile(r"^E\d{8}$")
_POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")
_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n"}


@dataclass
class ValidationResult:
    kind: str
    file_name: str
    errors: list[Issue] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # typed for the table; complete only when ok
    truncated: bool = False  # more than MAX_ERRORS problems: only the first are listed

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Reference:
    """What exists in the database, for checking codes and links."""

    region_codes: frozenset[str] = frozenset()
    la_regions: dict[str, str] = field(default_factory=dict)  # LA code -> region code
    institution_ids: frozenset[str] = frozenset()
    ukprns: dict[str, str] = field(default_factory=dict)  # UKPRN -> institution_id
    source_ids: frozenset[str] = frozenset()
    # institution_id -> what still points at it outside the institutions table (e.g. "award A1")
    institution_links: dict[str, list[str]] = field(default_factory=dict)


class _Collector:
    def __init__(self, file_name: str):
        self.file_name = file_name
        self.issues: list[Issue] = []
        self.truncated = False

    def add(self, message: str, row: int | None = None, column: str | None = None) -> None:
        if len(self.issues) >= MAX_ERRORS:
            self.truncated = True
            return
        self.issues.append(Issue(self.file_name, message, row, column))


def validate(
    kind: str, df: pd.DataFrame, *, reference: Reference, file_name: str | None = None
) -> ValidationResult:
    """Check an uploaded register of `kind`; returns every problem (up to MAX_ERRORS) and the typed rows."""
    spec = kind_spec(kind)
    name = file_name or df.attrs.get("file_name") or "upload"
    out = _Collector(name)
    for issue in df.attrs.get("read_issues", []):
        out.add(issue.message, issue.row, issue.column)
    positions = _check_header(spec, list(df.columns), out)
    if df.empty:
        out.add("the file has column names but no data rows (row 2 onwards is empty)", row=2)
    rows: list[dict] = []
    first_seen: dict[str, dict] = {}  # column -> value -> first row
    for number, values in zip(df.index, df.itertuples(index=False, name=None), strict=True):
        raw = {col: values[pos] for col, pos in positions.items()}
        typed = _check_row(spec, int(number), raw, reference, out)
        for col in _unique_columns(spec):
            value = typed.get(col)
            if value in (None, ""):
                continue
            seen = first_seen.setdefault(col, {})
            if value in seen:
                out.add(f"'{value}' appears twice: {col} must be unique (first in row {seen[value]})", number, col)
            else:
                seen[value] = int(number)
        rows.append(typed)
    if spec.name == "institutions" and not df.empty:
        kept = {r["institution_id"] for r in rows}
        for inst, links in sorted(reference.institution_links.items()):
            if inst in reference.institution_ids and inst not in kept and links:
                shown = ", ".join(links[:5]) + (f" and {len(links) - 5} more" if len(links) > 5 else "")
                out.add(f"institution '{inst}' is missing from the file but is still used by {shown}")
    result = ValidationResult(kind=spec.name, file_name=name, errors=out.issues, truncated=out.truncated)
    if out.truncated:
        result.errors.append(
            Issue(name, f"more than {MAX_ERRORS} problems: only the first {MAX_ERRORS} are listed")
        )
    result.rows = rows
    return result


def _unique_columns(spec: Kind) -> tuple[str, ...]:
    return (spec.key, "ukprn") if spec.name == "institutions" else (spec.key,)


def _check_header(spec: Kind, header: list[str], out: _Collector) -> dict[str, int]:
    """Column name -> position of its (first) occurrence, for the columns the kind knows."""
    positions: dict[str, int] = {}
    known = set(spec.columns)
    for pos, col in enumerate(header):
        letter = column_letter(pos)
        if not isinstance(col, str) or col.strip() == "":
            out.add("this column has no name in row 1", 1, letter)
            continue
        if _has_control(col):
            out.add("the column name contains control characters", 1, letter)
            continue
        if col in positions:
            out.add(f"the column name '{col}' appears twice in row 1", 1, col)
        elif col in known:
            positions[col] = pos
        else:
            close = difflib.get_close_matches(col.strip().lower(), spec.columns, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            out.add(
                f"'{col}' is not a column of the {spec.name} register{hint}; the columns are: "
                + ", ".join(spec.columns),
                1,
                col,
            )
    if len(header) == 1 and isinstance(header[0], str) and (";" in header[0] or "\t" in header[0]):
        out.add("the columns seem to be separated by ';' or tabs, not commas: save the file as 'CSV UTF-8'", 1)
    for col in spec.header:
        if col not in positions:
            out.add(f"the required column '{col}' is missing from row 1", 1, col)
    return positions


def _has_control(value: str, *, allow_newline: bool = False) -> bool:
    for ch in value:
        if ch == "\n" and allow_newline:
            continue
        if unicodedata.category(ch) == "Cc" or ch in _BIDI:
            return True
    return False


def _column_kind(spec: Kind, col: str) -> str:
    if col in spec.file_only:
        return "text"
    kind = spec.table.c[col].type
    if isinstance(kind, Boolean):
        return "bool"
    if isinstance(kind, Integer):
        return "int"
    if isinstance(kind, Float):
        return "float"
    if isinstance(kind, Date):
        return "date"
    return "text"


def _max_length(spec: Kind, col: str) -> int | None:
    if col in spec.file_only:
        return None
    kind = spec.table.c[col].type
    return kind.length if isinstance(kind, String) else None


def _check_row(spec: Kind, number: int, raw: dict, ref: Reference, out: _Collector) -> dict:
    typed: dict = {}
    today = dt.date.today()
    for col in spec.columns:
        value = raw.get(col)
        if isinstance(value, str):
            value = value.strip()
        if value in (None, ""):
            if col in spec.required_values and col in raw:
                out.add("this cell is empty but a value is required", number, col)
            typed[col] = DEFAULTS.get(col)
            continue
        typed[col] = _check_cell(spec, col, value, number, ref, out, today)
    _cross_checks(spec, number, typed, ref, out)
    if spec.name == "awards":
        _check_date_pair(raw, number, out)
    row = {c.name: typed.get(c.name, DEFAULTS.get(c.name)) for c in spec.table.columns}
    if row.get("source_id") is None:
        row["source_id"] = DEFAULT_SOURCE_ID
        if DEFAULT_SOURCE_ID not in ref.source_ids:
            column = "source_id" if "source_id" in raw else None
            out.add(
                f"no source_id given and the default source '{DEFAULT_SOURCE_ID}' is not in the database",
                number,
                column,
            )
    if spec.name == "awards":
        row["institution_id"] = typed.get("institution_id") or ref.ukprns.get(typed.get("ukprn") or "")
    return row


def _check_cell(spec: Kind, col: str, value, number: int, ref: Reference, out: _Collector, today: dt.date):
    value = str(value)
    kind = _column_kind(spec, col)
    if _has_control(value, allow_newline=col in spec.multiline):
        out.add("the cell contains control characters (for example a tab, line break or NUL)", number, col)
        return None
    if kind != "text":
        return _check_typed(col, kind, value, number, out, today)
    if value.startswith(FORMULA_START):
        out.add(
            f"the cell starts with '{value[0]}', which spreadsheets run as a formula ({_clip(value)}): "
            "formulas are not accepted; remove the leading character",
            number,
            col,
        )
        return None
    if _MARKUP.search(value):
        out.add(f"the cell contains markup or HTML ({_clip(value)}), which is not accepted", number, col)
        return None
    checked = _check_text(spec, col, value, number, ref, out)
    limit = _max_length(spec, col)
    if checked is not None and limit is not None and len(checked) > limit:
        out.add(f"the text is {len(checked)} characters long; at most {limit} are allowed", number, col)
        return None
    return checked


def _clip(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")


def _check_typed(col: str, kind: str, value: str, number: int, out: _Collector, today: dt.date):
    label = {"int": "a whole number", "float": "a number", "date": "a date (YYYY-MM-DD)", "bool": "true or false"}
    if value.lower() in schema.SYMBOLS:
        out.add(
            f"'{value}' is an official-statistics symbol, not {label[kind]}: leave the cell empty if the "
            "value is not known",
            number,
            col,
        )
        return None
    if value.startswith(FORMULA_START) and not (kind in ("int", "float") and _FLOAT.match(value)):
        out.add(
            f"the cell starts with '{value[0]}', which spreadsheets run as a formula ({_clip(value)}): "
            "formulas are not accepted",
            number,
            col,
        )
        return None
    if kind == "bool":
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        out.add(f"{_clip(value)} is not true or false", number, col)
        return None
    if kind == "int":
        if not _INT.match(value):
            out.add(f"{_clip(value)} is not a whole number", number, col)
            return None
        year = int(value)
        latest = today.year + (10 if col.startswith("expiry") else 1)
        if col.endswith("year") and not EARLIEST_DATE.year <= year <= latest:
            out.add(f"{year} is not a plausible year (expected {EARLIEST_DATE.year} to {latest})", number, col)
            return None
        return year
    if kind == "float":
        if not _FLOAT.match(value):
            out.add(f"{_clip(value)} is not a number (use digits and a decimal point only)", number, col)
            return None
        number_value = float(value)
        bounds = {"latitude": (49.0, 61.0), "longitude": (-9.0, 2.5)}.get(col)
        if bounds and not bounds[0] <= number_value <= bounds[1]:
            out.add(f"{number_value} is outside the expected range ({bounds[0]} to {bounds[1]})", number, col)
            return None
        return number_value
    # date
    if not _DATE.match(value):
        out.add(f"{_clip(value)} is not a date in the form YYYY-MM-DD (for example 2024-09-01)", number, col)
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        out.add(f"'{value}' is not a real date", number, col)
        return None
    latest = today + dt.timedelta(days=3660 if col.startswith("expiry") else 366)
    if not EARLIEST_DATE <= day <= latest:
        out.add(f"{value} is not a plausible date (expected {EARLIEST_DATE} to {latest})", number, col)
        return None
    return day


def _check_text(spec: Kind, col: str, value: str, number: int, ref: Reference, out: _Collector):
    """The value of a text cell, checked by its column's rule (None, with the problem recorded, if it fails)."""
    if col == spec.key or (col == "institution_id" and spec.name == "institutions"):
        check = _check_key
    elif col in ALLOWED_VALUES:
        check = _check_allowed
    else:
        check = _TEXT_CHECKS.get(col)
    return value if check is None else check(spec, col, value, number, ref, out)


def _check_key(spec: Kind, col: str, value: str, number: int, ref: Reference, out: _Collector):
    if not _KEY.match(value):
        out.add(
            f"{_clip(value)} is not a valid identifier (letters, digits and _ . : - only, no spaces)",
            number,
            col,
        )
        return None
    return value


def _check_allowed(spec: Kind, col: str, value: str, number: int, ref: Reference, out: _Collector):
    if value not in ALLOWED_VALUES[col]:
        out.add(f"{_clip(value)} is not allowed; use one of: {', '.join(ALLOWED_VALUES[col])}", number, col)
        return None
    return value


def _check_region(spec: Kind, col: str, value: str, number: int, ref: Reference, out: _Collector):
    return value if _known_region(value, number, col, ref, out) else None


def _check_la(spec: Kind, col: str, value: str, number: int, ref: Reference, out: _Collector):
    return value if _known_la(value, number, col, ref, out) else None


def _check_regions(spec: Kind, col: str, value: str, number: int, ref: Reference, out: _Collector):
    codes = value.split()
    ok = all([_known_region(c, number, col, ref, out) for c in codes])  # a list: report every bad code
    return " ".join(codes) if ok else None


def _check_las(spec: Kind, col: str, value: str, number: int, ref: Reference, out: _Collector):
    codes = value.split()
    ok = all([_known_la(c, number, col, ref, out) for c in codes])  # a list: report every bad code
    return " ".join(codes) if ok else None


def _check_institution_link(spec: Kind, col: str, value: str, number: int, ref: Reference, out: _Collector):
    """A link from a member or award to an institution."""
    if value not in ref.institution_ids:
        out.add(f"institution '{value}' is not in the database", number, col)
        return None
    return value


def _check_ukprn(spec: Kind, col: str, value: str, number: int, ref: Reference, out: _Collector):
    if not _UKPRN.match(value):
        out.add(f"{_clip(value)} is not a UKPRN (8 digits)", number, col)
        return None
    if spec.name == "awards" and value not in ref.ukprns:
        out.add(f"UKPRN {value} does not belong to any institution in the database", number, col)
        return None
    return value


def _check_urn(spec: Kind, col: str, value: str, number: int, ref: Reference, out: _Collector):
    if not _URN.match(value):
        out.add(f"{_clip(value)} is not a URN (5 to 8 digits)", number, col)
        return None
    return value


def _check_postcode_district(spec: Kind, col: str, value: str, number: int, ref: Reference, out: _Collector):
    upper = value.upper()
    if not _POSTCODE_DISTRICT.match(upper):
        out.add(f"{_clip(value)} is not a postcode district (for example NE1 or SW1A)", number, col)
        return None
    return upper


def _check_source(spec: Kind, col: str, value: str, number: int, ref: Reference, out: _Collector):
    if value not in ref.source_ids:
        out.add(f"source '{value}' is not in the database", number, col)
        return None
    return value


# Text columns with a rule of their own (keys and columns with allowed values are checked first).
_DATE_AS_PUBLISHED = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _check_date_as_published(spec: Kind, col: str, value: str, number: int, ref: Reference, out: _Collector):
    """A date as precise as the source gives it: a year, a year and month, or a full date, as ISO text."""
    parts = value.split("-")
    valid = bool(_DATE_AS_PUBLISHED.match(value))
    if valid and len(parts) >= 2:
        try:
            dt.date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) == 3 else 1)
        except ValueError:
            valid = False
    if not valid:
        out.add(
            f"{_clip(value)} is not a date as published: write YYYY, YYYY-MM or YYYY-MM-DD (for example 2022-12)",
            number,
            col,
        )
        return None
    return value


_TEXT_CHECKS = {
    "date_as_published": _check_date_as_published,
    "region_code": _check_region,
    "la_code": _check_la,
    "region_codes": _check_regions,
    "la_codes": _check_las,
    "institution_id": _check_institution_link,
    "ukprn": _check_ukprn,
    "urn": _check_urn,
    "postcode_district": _check_postcode_district,
    "source_id": _check_source,
}


def _known_region(value: str, number: int, col: str, ref: Reference, out: _Collector) -> bool:
    if not value.startswith("E12") or not _ONS_CODE.match(value):
        out.add(f"{_clip(value)} is not an English region code (E12 followed by 6 digits)", number, col)
        return False
    if value not in ref.region_codes:
        out.add(f"region '{value}' is not in the database", number, col)
        return False
    return True


def _known_la(value: str, number: int, col: str, ref: Reference, out: _Collector) -> bool:
    if not _ONS_CODE.match(value):
        out.add(f"{_clip(value)} is not a local authority code (E followed by 8 digits)", number, col)
        return False
    if value not in ref.la_regions:
        out.add(f"local authority '{value}' is not in the database", number, col)
        return False
    return True


def _check_date_pair(raw: dict, number: int, out: _Collector) -> None:
    """An award's published date and what it dates go together (judged on the cells as written)."""
    dated, basis = (str(raw.get(col) or "").strip() for col in ("date_as_published", "date_basis"))
    if bool(dated) != bool(basis):
        missing = "date_basis" if dated else "date_as_published"
        out.add(
            f"date_as_published and date_basis go together: give {missing} too (or leave both empty)",
            number,
            missing,
        )


def _cross_checks(spec: Kind, number: int, typed: dict, ref: Reference, out: _Collector) -> None:
    la, region = typed.get("la_code"), typed.get("region_code")
    if la and region and ref.la_regions.get(la) != region:
        out.add(f"local authority {la} is in region {ref.la_regions.get(la)}, not {region}", number, "region_code")
    for start, end in (("joined", "left"), ("award_date", "expiry_date")):
        if typed.get(start) and typed.get(end) and typed[end] < typed[start]:
            out.add(f"{end} {typed[end]} is before {start} {typed[start]}", number, end)
    for day, year in (("award_date", "award_year"), ("expiry_date", "expiry_year")):
        if typed.get(day) and typed.get(year) and typed[day].year != typed[year]:
            out.add(f"{year} {typed[year]} does not match {day} {typed[day]}", number, year)
    if typed.get("award_year") and typed.get("expiry_year") and typed["expiry_year"] < typed["award_year"]:
        out.add(
            f"expiry_year {typed['expiry_year']} is before award_year {typed['award_year']}", number, "expiry_year"
        )
    if spec.name == "awards":
        dated = typed.get("date_as_published")
        if dated and typed.get("award_year") and int(dated[:4]) != typed["award_year"]:
            out.add(
                f"award_year {typed['award_year']} does not match date_as_published {dated}", number, "award_year"
            )
    if spec.name == "awards" and typed.get("ukprn") and typed.get("institution_id"):
        owner = ref.ukprns.get(typed["ukprn"])
        if owner and owner != typed["institution_id"]:
            out.add(
                f"UKPRN {typed['ukprn']} belongs to institution '{owner}', not '{typed['institution_id']}'",
                number,
                "institution_id",
            )
