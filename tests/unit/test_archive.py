"""Download all data: the archive's files equal the database read here by plain SQL, symbols stay a
status with no number on their row, the dictionary describes every column, nothing unpublished or
fictional goes out."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from sqlalchemy import insert, text

from nnecl_data.database import archive, build
from nnecl_data.database import schema as s

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
SYMBOLS = {"c", "x", "z", "low", "k", "u"}  # the GSS symbols, written out here rather than imported


def _open(blob: bytes) -> dict[str, list[dict]]:
    """Every CSV in the archive as rows of text, read with the csv module (not the code under test)."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(blob)) as zipped:
        for name in zipped.namelist():
            if name.endswith(".csv"):
                out[name] = list(csv.DictReader(io.StringIO(zipped.read(name).decode("utf-8-sig"))))
    return out


def _headers(blob: bytes) -> dict[str, list[str]]:
    with zipfile.ZipFile(io.BytesIO(blob)) as zipped:
        return {
            name: next(csv.reader(io.StringIO(zipped.read(name).decode("utf-8-sig"))))
            for name in zipped.namelist()
            if name.endswith(".csv")
        }


def _cell(value) -> str:
    """A database value as the archive should write it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def test_outcomes_file_equals_the_database_with_suppressed_rows_blank(built_sqlite):
    files = _open(archive.build_archive(built_sqlite))
    with built_sqlite.connect() as conn:
        expected = conn.execute(
            text(
                """SELECT indicator_code, geography_level, geography_code, geography_name, year, period_label,
                          CASE WHEN status IS NULL THEN value END,
                          CASE WHEN status IS NULL THEN numerator END,
                          CASE WHEN status IS NULL THEN denominator END,
                          status, published_symbol, is_derived, source_id
                   FROM outcomes ORDER BY indicator_code, geography_level, geography_code, year"""
            )
        ).all()
    rows = files["outcomes.csv"]
    assert len(rows) == len(expected) > 20_000
    columns = list(rows[0])
    for got, want in zip(rows, expected, strict=True):
        want = list(want)
        want[11] = bool(want[11])  # SQLite stores booleans as 0/1
        assert [got[c] for c in columns] == [_cell(v) for v in want]


def test_no_symbol_carries_a_number(built_sqlite):
    rows = _open(archive.build_archive(built_sqlite))["outcomes.csv"]
    suppressed = [r for r in rows if r["status"]]
    assert suppressed, "the seed has suppressed cells: the test must see some"
    for row in suppressed:
        assert row["status"] in SYMBOLS and not NUMBER.match(row["status"])
        assert row["value"] == row["numerator"] == row["denominator"] == "", row
    for row in rows:
        assert not NUMBER.match(row["published_symbol"])
        # a blank figure always says why
        assert bool(row["value"]) != bool(row["status"]), row


def test_dictionary_describes_every_column_of_every_file(built_sqlite):
    blob = archive.build_archive(built_sqlite)
    headers = _headers(blob)
    dictionary = _open(blob)["data-dictionary.csv"]
    described = {(r["file"], r["column"]) for r in dictionary}
    wanted = {
        (name, column) for name, columns in headers.items() if name != "data-dictionary.csv" for column in columns
    }
    assert described == wanted
    assert len(dictionary) == len(described)  # each column once
    for row in dictionary:
        assert row["description"] and row["description"] != "(not described)", row
        assert row["type"], row
    status = next(r for r in dictionary if (r["file"], r["column"]) == ("outcomes.csv", "status"))
    assert all(f"{symbol} = " in status["unit or values"] for symbol in SYMBOLS)
    value = next(r for r in dictionary if (r["file"], r["column"]) == ("outcomes.csv", "value"))
    assert "percent" in value["unit or values"] and "rate_per_10000" in value["unit or values"]


def test_every_curated_table_is_in_the_archive_with_its_rows(built_sqlite):
    blob = archive.build_archive(built_sqlite)
    files = _open(blob)
    with zipfile.ZipFile(io.BytesIO(blob)) as zipped:
        readme = zipped.read("README.txt").decode("utf-8-sig")
    with built_sqlite.connect() as conn:
        version = conn.execute(text("SELECT value FROM dataset_meta WHERE key = 'seed_version'")).scalar()
        for table in s.SEEDED_TABLES:
            if table.name == "memberships":
                continue
            count = conn.execute(text(f"SELECT count(*) FROM {table.name}")).scalar()  # noqa: S608 (schema names)
            assert len(files[f"{table.name}.csv"]) == count, table.name
            assert f"- {table.name}.csv: {count:,}" in readme
    assert f"Data version {version}" in readme
    # symbols survive into the README's conventions; the reason for each omission is given
    assert "c = suppressed to protect confidentiality" in readme and "memberships:" in readme


def test_no_member_register_and_no_fictional_rows(engine):
    build.build(engine)
    with engine.begin() as conn:
        region = conn.execute(text("SELECT code FROM regions ORDER BY code")).scalar()
        source = conn.execute(text("SELECT source_id FROM sources ORDER BY source_id")).scalar()
        conn.execute(
            insert(s.memberships),
            [
                {
                    "membership_id": "m-test",
                    "organisation": "A member organisation (test)",
                    "member_type": "charity",
                    "region_code": region,
                    "is_sample": False,
                    "source_id": source,
                }
            ],
        )
        conn.execute(
            insert(s.quality_mark_awards),
            [
                {
                    "award_id": "sample-award",
                    "name_as_published": "Fictional College (sample)",
                    "status": "awarded",
                    "award_year": 2024,
                    "is_sample": True,
                    "source_id": source,
                }
            ],
        )
    blob = archive.build_archive(engine)
    files = _open(blob)
    assert "memberships.csv" not in files
    assert not any("A member organisation (test)" in str(row) for rows in files.values() for row in rows)
    awards = files["quality_mark_awards.csv"]
    assert "sample-award" not in {r["award_id"] for r in awards} and "is_sample" not in awards[0]
    with engine.connect() as conn:
        real = conn.execute(text("SELECT count(*) FROM quality_mark_awards WHERE is_sample = :no"), {"no": False})
        assert len(awards) == real.scalar()


def test_text_that_a_spreadsheet_would_run_is_neutralised_and_the_archive_is_stable(built_sqlite):
    first = archive.build_archive(built_sqlite)
    assert archive.build_archive(built_sqlite) == first  # the same data gives the same bytes
    for name, rows in _open(first).items():
        for row in rows:
            for column, value in row.items():
                if value.startswith(("=", "+", "@")):
                    raise AssertionError(f"{name} {column}: {value!r} would run as a formula")
