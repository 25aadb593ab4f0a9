"""Packs built once for the evidence tests (building one renders its charts and PDF)."""

from __future__ import annotations

import pytest

from nnecl_data import evidence
from tests.unit.evidence.helpers import GM, NORTH_EAST, ON, URL


@pytest.fixture(scope="package")
def region_pack(built_sqlite):
    pack = evidence.build_pack(built_sqlite, evidence.Selection("region", NORTH_EAST), on_date=ON, url=URL)
    return pack, evidence.to_pdf(pack), evidence.to_html(pack).decode("utf-8")


@pytest.fixture(scope="package")
def ca_pack(built_sqlite):
    pack = evidence.build_pack(built_sqlite, evidence.Selection("combined_authority", GM), on_date=ON)
    return pack, evidence.to_pdf(pack), evidence.to_html(pack).decode("utf-8")
