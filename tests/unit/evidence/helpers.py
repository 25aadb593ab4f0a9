"""Shared by the evidence tests: the selections they use, and reading the database and a PDF directly
(the tests' own oracle, independent of the pack code)."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader
from sqlalchemy import text

NORTH_EAST, GM, WEST_OF_ENGLAND = "E12000001", "E47000001", "E47000009"
ON = dt.date(2025, 11, 1)
URL = "https://dashboard.example/evidence_pack?region=E12000001"


def select_rows(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def select_one(engine, sql: str, **params):
    return select_rows(engine, sql, **params)[0]


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def latest(engine, code: str) -> int:
    return int(select_one(engine, "SELECT max(year) FROM outcomes WHERE indicator_code = :c", c=code)[0])


def value_of(engine, code: str, level: str, geo: str, year: int):
    return select_one(
        engine,
        "SELECT value, status, period_label FROM outcomes WHERE indicator_code = :c AND geography_level = :l "
        "AND geography_code = :g AND year = :y",
        c=code,
        l=level,
        g=geo,
        y=year,
    )
