"""The registers NNECL can load (members, awards, institutions, partnerships): each one's table, key and
columns, the values a column allows, the defaults of empty cells, and its downloadable template."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Table

from nnecl_data.database import schema

DEFAULT_SOURCE_ID = "nnecl_about"  # used when a file has no source_id column or leaves it empty
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Kind:
    name: str
    table: Table
    key: str
    header: tuple[str, ...]  # columns the file must have
    optional: tuple[str, ...]  # columns the file may have
    required_values: tuple[str, ...]  # columns that must not be empty
    multiline: tuple[str, ...] = ()  # text columns where a line break inside a cell is allowed
    file_only: tuple[str, ...] = ()  # file columns that are resolved, not stored (awards' ukprn)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.header + self.optional


KINDS: dict[str, Kind] = {
    "members": Kind(
        name="members",
        table=schema.memberships,
        key="membership_id",
        header=("membership_id", "organisation", "member_type", "region_code", "la_code", "institution_id")
        + ("joined", "left"),
        optional=("is_sample", "source_id"),
        required_values=("membership_id", "organisation", "member_type"),
    ),
    "awards": Kind(
        name="awards",
        table=schema.quality_mark_awards,
        key="award_id",
        header=("award_id", "name_as_published", "status", "award_date", "award_year", "expiry_date")
        + ("expiry_year",),
        # an award links to an institution by UKPRN or institution_id (the table's column), or to neither
        # date_as_published: the date as precise as the source gives it (YYYY, YYYY-MM or YYYY-MM-DD) and
        # date_basis: what it dates (the award, or the announcement of it); both or neither
        optional=("ukprn", "institution_id", "cohort", "match_note", "is_sample", "date_as_published")
        + ("date_basis", "source_id"),
        required_values=("award_id", "name_as_published", "status", "award_year"),
        multiline=("match_note",),
        file_only=("ukprn",),
    ),
    "institutions": Kind(
        name="institutions",
        table=schema.institutions,
        key="institution_id",
        header=("institution_id", "name", "type", "ukprn", "la_code", "region_code"),
        optional=("urn", "postcode_district", "latitude", "longitude", "location_note", "russell_group")
        + ("source_id",),
        required_values=("institution_id", "name", "type"),
        multiline=("location_note",),
    ),
    "partnerships": Kind(
        name="partnerships",
        table=schema.partnerships,
        key="partnership_id",
        header=("partnership_id", "name", "lead_organisation", "area", "region_codes", "la_codes")
        + ("member_types", "membership_model", "activities"),
        optional=("source_id",),
        required_values=("partnership_id", "name", "lead_organisation", "area", "region_codes")
        + ("member_types", "membership_model", "activities"),
        multiline=("member_types", "membership_model", "activities"),
    ),
}

ALLOWED_VALUES = {
    "member_type": schema.MEMBER_TYPES,
    "type": schema.INSTITUTION_TYPES,
    "status": schema.AWARD_STATUSES,
    "date_basis": schema.AWARD_DATE_BASES,
}
DEFAULTS = {"is_sample": False, "russell_group": False, "location_note": "", "cohort": "", "match_note": ""}
DEFAULTS |= {"la_codes": ""}


def kind_spec(kind: str) -> Kind:
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}") from None


def template_path(kind: str) -> Path:
    return TEMPLATE_DIR / f"{kind_spec(kind).name}.csv"


def template_bytes(kind: str) -> bytes:
    """The downloadable template: the column names and one clearly fictional example row (UTF-8 CSV)."""
    return template_path(kind).read_bytes()
