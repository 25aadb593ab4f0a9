"""Validation of uploaded registers: reading files and every rule, without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from nnecl_data.database import schema
from nnecl_data.registers import validate as v
from nnecl_data.registers.issues import Issue, UploadRejected
from nnecl_data.registers.kinds import DEFAULT_SOURCE_ID, KINDS, template_bytes
from nnecl_data.registers.upload import read_upload
from tests.fixtures_bad_files import (
    BAD_CASES,
    INSTITUTIONS,
    LAS,
    REGIONS,
    SOURCES,
    columns,
    to_csv,
    to_xlsx,
    valid_csv,
    valid_rows,
)

REF = v.Reference(
    region_codes=frozenset(r["code"] for r in REGIONS),
    la_regions={la["code"]: la["region_code"] for la in LAS},
    institution_ids=frozenset(i["institution_id"] for i in INSTITUTIONS),
    ukprns={i["ukprn"]: i["institution_id"] for i in INSTITUTIONS},
    source_ids=frozenset(s["source_id"] for s in SOURCES),
    institution_links={"ukprn:10000001": ["award 'seeded-award'"], "ukprn:10000002": ["member 'seeded-member'"]},
)


def check(kind: str, data: bytes, name: str = "file.csv") -> v.ValidationResult:
    return v.validate(kind, read_upload(name, data), reference=REF)


def rows_csv(kind: str, changes: dict[tuple[int, str], str]) -> bytes:
    cols = columns(kind)
    rows = [[r[c] for c in cols] for r in valid_rows(kind)]
    for (row, col), value in changes.items():
        rows[row - 2][cols.index(col)] = value
    return to_csv(cols, rows)


def only_error(result: v.ValidationResult) -> Issue:
    assert len(result.errors) == 1, [str(e) for e in result.errors]
    return result.errors[0]


# ------------------------------------------------------------------------------------------ valid files


@pytest.mark.parametrize("kind", list(KINDS))
def test_valid_file_has_no_errors_and_typed_rows(kind):
    result = check(kind, valid_csv(kind))
    assert result.ok, [str(e) for e in result.errors]
    assert len(result.rows) == len(valid_rows(kind))
    table_columns = {c.name for c in KINDS[kind].table.columns}
    assert all(set(r) == table_columns for r in result.rows)


def test_typed_values_and_defaults():
    result = check("awards", valid_csv("awards"))
    first, second = result.rows[0], result.rows[1]
    assert first["award_date"] == dt.date(2021, 6, 20) and first["award_year"] == 2021
    assert first["institution_id"] == "ukprn:10000001"  # resolved from the UKPRN
    assert second["award_date"] is None and second["is_sample"] is False
    members = check("members", valid_csv("members")).rows
    assert members[1]["source_id"] == DEFAULT_SOURCE_ID  # empty source_id takes the default
    inst = check("institutions", valid_csv("institutions")).rows
    assert inst[0]["latitude"] == pytest.approx(54.97) and inst[1]["russell_group"] is True
    assert inst[2]["russell_group"] is False and inst[2]["location_note"] == ""


@pytest.mark.parametrize("kind", list(KINDS))
def test_templates_validate_and_list_every_column(kind):
    data = template_bytes(kind)
    frame = read_upload(f"{kind}.csv", data)
    assert sorted(frame.columns) == sorted(KINDS[kind].columns)
    assert len(frame) == 1 and "fictional" in " ".join(str(x) for x in frame.iloc[0]).lower()
    ref = v.Reference(
        region_codes=frozenset({"E12000001"}),
        la_regions={"E06000047": "E12000001"},
        source_ids=frozenset({"nnecl_about"}),
    )
    result = v.validate(kind, frame, reference=ref)
    assert result.ok, [str(e) for e in result.errors]


def test_bom_and_crlf_are_accepted():
    result = check("members", b"\xef\xbb\xbf" + valid_csv("members"))
    assert result.ok


def test_xlsx_is_read_with_typed_cells():
    cols = columns("awards")
    row = dict(valid_rows("awards")[0])
    cells = [row[c] or None for c in cols]
    cells[cols.index("award_date")] = dt.datetime(2021, 6, 20)
    cells[cols.index("award_year")] = 2021
    cells[cols.index("ukprn")] = 10000001
    result = check("awards", to_xlsx({"Awards": [cols, cells]}), "awards.xlsx")
    assert result.ok, [str(e) for e in result.errors]
    assert result.rows[0]["award_date"] == dt.date(2021, 6, 20)


def test_row_numbers_count_blank_lines_and_quoted_line_breaks():
    cols = columns("partnerships")
    rows = [[r[c] for c in cols] for r in valid_rows("partnerships")]
    rows[1][cols.index("name")] = "=1+1"
    data = to_csv(cols, rows[:1]) + b"\r\n" + to_csv(cols, rows[1:]).split(b"\r\n", 1)[1]
    issue = only_error(check("partnerships", data))
    # row 2 holds a line break inside a quoted cell, row 3 is blank, so the bad row is row 4
    assert (issue.row, issue.column) == (4, "name")


# ------------------------------------------------------------------------------------ the bad corpus


@pytest.mark.parametrize(
    "kind,case", [(k, c) for k, cases in BAD_CASES.items() for c in cases], ids=lambda x: getattr(x, "case_id", x)
)
def test_bad_file_reports_expected_problems(kind, case):
    try:
        issues = check(kind, case.make(), case.file_name).errors
    except UploadRejected as exc:
        issues = exc.issues
    assert issues, "a bad file passed validation"
    for row, column, fragment in case.expect:
        assert any(
            i.file == case.file_name and i.row == row and i.column == column and fragment in i.message.lower()
            for i in issues
        ), f"expected {(row, column, fragment)} in {[str(i) for i in issues]}"


def test_corpus_has_at_least_20_files_per_kind():
    for kind, cases in BAD_CASES.items():
        assert len(cases) >= 20, kind
        assert len({c.file_name for c in cases}) == len(cases)


# ------------------------------------------------------------------------------------- single rules


def test_issue_text_names_file_row_and_column():
    issue = only_error(check("members", rows_csv("members", {(3, "region_code"): "E12000099"}), "reg.csv"))
    assert str(issue) == "reg.csv: row 3, column region_code: region 'E12000099' is not in the database"
    assert str(Issue("f.csv", "the file is empty")) == "f.csv: the file is empty"


def test_all_errors_are_collected_not_only_the_first():
    data = rows_csv(
        "members",
        {(2, "region_code"): "E12000099", (3, "joined"): "c", (4, "member_type"): "club", (4, "left"): "x"},
    )
    found = {(i.row, i.column) for i in check("members", data).errors}
    assert found == {(2, "region_code"), (3, "joined"), (4, "member_type"), (4, "left")}


def test_errors_are_capped():
    cols = columns("members")
    base = valid_rows("members")[0]
    rows = [
        [f"m{i}" if c == "membership_id" else ("c" if c == "joined" else base[c]) for c in cols]
        for i in range(v.MAX_ERRORS + 50)
    ]
    result = check("members", to_csv(cols, rows))
    assert result.truncated
    assert len(result.errors) == v.MAX_ERRORS + 1
    assert "only the first" in result.errors[-1].message


@pytest.mark.parametrize("symbol", schema.SYMBOLS + ("C", " x "))
def test_official_statistics_symbols_refused_in_number_and_date_columns(symbol):
    for kind, col in (("awards", "award_year"), ("awards", "award_date"), ("institutions", "longitude")):
        issue = only_error(check(kind, rows_csv(kind, {(2, col): symbol})))
        assert (issue.row, issue.column) == (2, col) and "symbol" in issue.message


@pytest.mark.parametrize("value", ["1,234", "1e", "inf", "NaN", "1_000", "54.9N", "n/a"])
def test_text_refused_in_number_columns(value):
    issue = only_error(check("institutions", rows_csv("institutions", {(2, "latitude"): value})))
    assert issue.column == "latitude"


def test_negative_numbers_are_numbers_not_formulas():
    result = check("institutions", rows_csv("institutions", {(2, "longitude"): "-1.75"}))
    assert result.ok and result.rows[0]["longitude"] == -1.75


@pytest.mark.parametrize("value", ["2024-1-5", "20240105", "5 Jan 2024", "2024-13-01", "2024-02-29T10:00"])
def test_dates_must_be_iso(value):
    issue = only_error(check("members", rows_csv("members", {(2, "joined"): value})))
    assert issue.column == "joined"


def test_leap_day_is_a_date_and_future_dates_are_not_plausible():
    assert check("members", rows_csv("members", {(2, "joined"): "2024-02-29"})).ok
    future = (dt.date.today() + dt.timedelta(days=800)).isoformat()
    issue = only_error(check("members", rows_csv("members", {(2, "joined"): future})))
    assert "plausible" in issue.message


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x","y")', "+SUM(1)", "-1+2", "@A1", "=cmd|'/c calc'!A1"])
def test_formula_injection_refused_in_text(value):
    issue = only_error(check("members", rows_csv("members", {(3, "organisation"): value})))
    assert (issue.row, issue.column) == (3, "organisation") and "formula" in issue.message


@pytest.mark.parametrize(
    "value", ["<script>x</script>", "A <b>bold</b> name", "</div>", "<!-- c -->", "&#60;x", "javascript:alert(1)"]
)
def test_markup_refused(value):
    issue = only_error(check("members", rows_csv("members", {(2, "organisation"): value})))
    assert "markup" in issue.message


def test_ordinary_punctuation_is_accepted():
    value = "Ealing, Hammersmith & West London College (<5 years) 'quoted' \"x\" 50% £"
    assert check("members", rows_csv("members", {(2, "organisation"): value})).ok


@pytest.mark.parametrize("char", ["\x00", "\x07", "\t", "\x1b", "\x7f", "\u0085", "\u202e", "\u2066"])
def test_control_characters_refused(char):
    try:
        issues = check("members", rows_csv("members", {(2, "organisation"): f"A{char}B"})).errors
    except UploadRejected as exc:  # a NUL byte makes the whole file binary
        issues = exc.issues
    assert issues and all(i.column in ("organisation", None) for i in issues)


def test_line_breaks_allowed_only_in_long_text_columns():
    assert check("partnerships", rows_csv("partnerships", {(2, "activities"): "one\ntwo"})).ok
    issue = only_error(check("partnerships", rows_csv("partnerships", {(2, "lead_organisation"): "one\ntwo"})))
    assert issue.column == "lead_organisation"


def test_allowed_values_for_types_and_statuses():
    for kind, col in (("members", "member_type"), ("awards", "status"), ("institutions", "type")):
        issue = only_error(check(kind, rows_csv(kind, {(2, col): "University"})))  # case matters
        assert issue.column == col and "not allowed" in issue.message


def test_region_and_la_codes_must_exist():
    assert (
        "not in the database"
        in only_error(check("members", rows_csv("members", {(2, "la_code"): "E06000001"}))).message
    )
    assert "E12" in only_error(check("members", rows_csv("members", {(2, "region_code"): "E06000047"}))).message


def test_awards_ukprn_must_be_8_digits_and_exist():
    assert "8 digits" in only_error(check("awards", rows_csv("awards", {(2, "ukprn"): "100000011"}))).message
    assert "does not belong" in only_error(check("awards", rows_csv("awards", {(2, "ukprn"): "10000009"}))).message


def test_duplicate_keys_name_first_row():
    cols = columns("members")
    rows = [[r[c] for c in cols] for r in valid_rows("members")]
    rows[2][0] = rows[0][0]
    issue = only_error(check("members", to_csv(cols, rows)))
    assert (issue.row, issue.column) == (4, "membership_id") and "first in row 2" in issue.message


def test_missing_and_unknown_columns_name_the_column_with_a_hint():
    cols = columns("members")
    header = ["Membership ID" if c == "membership_id" else c for c in cols]
    rows = [[r[c] for c in cols] for r in valid_rows("members")]
    errors = check("members", to_csv(header, rows)).errors
    assert {(e.row, e.column) for e in errors} == {(1, "Membership ID"), (1, "membership_id")}
    assert "did you mean 'membership_id'" in next(e for e in errors if e.column == "Membership ID").message


def test_optional_columns_may_be_left_out():
    cols = [c for c in columns("members") if c not in ("is_sample", "source_id")]
    rows = [[r[c] for c in cols] for r in valid_rows("members")]
    result = check("members", to_csv(cols, rows))
    assert result.ok and all(r["source_id"] == DEFAULT_SOURCE_ID and r["is_sample"] is False for r in result.rows)


def test_default_source_must_exist():
    ref = v.Reference(**{**REF.__dict__, "source_ids": frozenset({"test_source"})})
    result = v.validate("members", read_upload("m.csv", valid_csv("members")), reference=ref)
    assert [(e.row, e.column) for e in result.errors] == [(3, "source_id")]


def test_institutions_in_use_cannot_be_dropped():
    cols = columns("institutions")
    rows = [[r[c] for c in cols] for r in valid_rows("institutions")[1:]]
    issue = only_error(check("institutions", to_csv(cols, rows)))
    assert issue.row is None and "ukprn:10000001" in issue.message and "award 'seeded-award'" in issue.message


def test_size_limit_and_unknown_kind():
    with pytest.raises(UploadRejected, match="limit"):
        read_upload("m.csv", valid_csv("members"), max_bytes=100)
    with pytest.raises(ValueError, match="unknown kind"):
        v.validate("people", read_upload("m.csv", valid_csv("members")), reference=REF)


def test_xlsx_zip_without_workbook_is_refused():
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(UploadRejected, match="not an Excel workbook"):
        read_upload("m.xlsx", buf.getvalue())


def test_awards_accept_the_date_as_published_and_what_it_dates():
    result = check("awards", valid_csv("awards"))
    assert result.ok
    dated = {r["award_id"]: (r["date_as_published"], r["date_basis"]) for r in result.rows}
    assert dated["a-001"] == ("2021-06", "award") and dated["a-002"] == (None, None)
    bad = check("awards", rows_csv("awards", {(2, "date_as_published"): "June 2021"}))
    assert "YYYY, YYYY-MM or YYYY-MM-DD" in only_error(bad).message
    assert (
        "2021-13" in only_error(check("awards", rows_csv("awards", {(2, "date_as_published"): "2021-13"}))).message
    )
    basis = only_error(check("awards", rows_csv("awards", {(2, "date_basis"): "rumour"})))
    assert basis.column == "date_basis" and "award, announcement" in basis.message
    alone = only_error(check("awards", rows_csv("awards", {(2, "date_basis"): ""})))
    assert alone.column == "date_basis" and "go together" in alone.message
    year = only_error(check("awards", rows_csv("awards", {(2, "date_as_published"): "2022-06"})))
    assert year.column == "award_year" and "does not match" in year.message
