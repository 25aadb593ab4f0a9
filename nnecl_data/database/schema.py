"""The curated dataset's tables (SQLAlchemy 2 Core), portable across SQLite and PostgreSQL.

Conventions:
- every fact row carries `source_id` pointing at `sources`;
- an official statistic that is not published as a number has `value` NULL and a `status` holding the
  symbol's meaning under today's DfE convention (c, x, z, low, k, u); `published_symbol` keeps the
  symbol exactly as the file printed it (the 2016-2017 files used 'x' for what is now 'c');
- dates that a source gives only as a year are stored as a year, never as an invented day.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()


def fk(target: str) -> ForeignKey:
    """Foreign keys are checked at commit, so a build or import can replace parent and child rows in
    one transaction on SQLite and PostgreSQL alike."""
    return ForeignKey(target, deferrable=True, initially="DEFERRED")


SYMBOLS = ("c", "x", "z", "low", "k", "u")
GEOGRAPHY_LEVELS = ("england", "region", "local_authority")
POLARITIES = ("higher_better", "lower_better", "neutral")
INSTITUTION_TYPES = (
    "general_fe_college",
    "sixth_form_college",
    "other_fe",
    "university",
    "other_he",
)
AWARD_STATUSES = ("awarded", "renewed", "working_towards", "lapsed")
# What a published award date dates: the award itself, or the announcement (news item, article) of it.
AWARD_DATE_BASES = ("award", "announcement")
# An adopted target, or a recommendation that no one has adopted (which may have no deadline).
TARGET_KINDS = ("target", "recommendation")
MEMBER_TYPES = (
    "university",
    "college",
    "local_authority_leaving_care_team",
    "virtual_school",
    "charity",
    "other",
)

sources = Table(
    "sources",
    metadata,
    Column("source_id", String(80), primary_key=True),
    Column("publisher", String(200), nullable=False),
    Column("title", Text, nullable=False),
    Column("url", Text, nullable=False, default=""),
    Column("licence", String(200), nullable=False, default=""),
    Column("attribution", Text, nullable=False, default=""),
    Column("published", String(20), nullable=False, default=""),
    Column("retrieved", String(20), nullable=False, default=""),
    Column("notes", Text, nullable=False, default=""),
)

regions = Table(
    "regions",
    metadata,
    Column("code", String(9), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("sort_order", Integer, nullable=False),
    Column("source_id", fk("sources.source_id"), nullable=False),
    CheckConstraint("code LIKE 'E12%'", name="ck_regions_code"),
)

combined_authorities = Table(
    "combined_authorities",
    metadata,
    Column("code", String(9), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("start_year", Integer),
    Column("end_year", Integer),
    Column("source_id", fk("sources.source_id"), nullable=False),
    CheckConstraint("code LIKE 'E47%'", name="ck_combined_authorities_code"),
)

local_authorities = Table(
    "local_authorities",
    metadata,
    Column("code", String(9), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("old_la_code", String(3)),  # DfE three-digit code
    Column("region_code", fk("regions.code"), nullable=False),
    Column("combined_authority_code", fk("combined_authorities.code")),
    Column("start_year", Integer),  # first reporting year the code is used; NULL = before the data starts
    Column("end_year", Integer),  # last reporting year the code is used; NULL = current
    Column("replaced_by", String(200)),  # space-separated successor codes
    Column("source_id", fk("sources.source_id"), nullable=False),
)

indicators = Table(
    "indicators",
    metadata,
    Column("code", String(60), primary_key=True),
    Column("label", String(200), nullable=False),
    Column("short_label", String(80), nullable=False),
    Column("topic", String(60), nullable=False),
    Column("unit", String(20), nullable=False),  # percent | score | rate_per_10000
    Column("polarity", String(20), nullable=False),
    Column("age_group", String(20)),
    Column("definition", Text, nullable=False),
    # A sentence with {value} and {area}, e.g. "{value} of care leavers aged 19 to 21 in {area} were NEET"
    Column("statement", Text, nullable=False, default=""),
    Column("sort_order", Integer, nullable=False),
    Column("source_id", fk("sources.source_id"), nullable=False),
    CheckConstraint(f"polarity IN {POLARITIES}", name="ck_indicators_polarity"),
)

outcomes = Table(
    "outcomes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("indicator_code", fk("indicators.code"), nullable=False),
    Column("geography_level", String(20), nullable=False),
    Column("geography_code", String(9), nullable=False),
    Column("geography_name", String(200), nullable=False),
    Column("year", Integer, nullable=False),
    Column("period_label", String(20), nullable=False),
    Column("value", Float),
    Column("numerator", Float),
    Column("denominator", Float),
    Column("status", String(4)),
    Column("published_symbol", String(4)),
    Column("is_derived", Boolean, nullable=False, default=False),
    Column("source_id", fk("sources.source_id"), nullable=False),
    UniqueConstraint("indicator_code", "geography_level", "geography_code", "year", name="uq_outcomes_cell"),
    CheckConstraint(f"geography_level IN {GEOGRAPHY_LEVELS}", name="ck_outcomes_level"),
    CheckConstraint(f"status IS NULL OR status IN {SYMBOLS}", name="ck_outcomes_status"),
    # A suppressed or unavailable cell has no number, and a number has no symbol.
    CheckConstraint("(value IS NULL) = (status IS NOT NULL)", name="ck_outcomes_value_xor_status"),
)
Index("ix_outcomes_indicator_year_level", outcomes.c.indicator_code, outcomes.c.year, outcomes.c.geography_level)
Index("ix_outcomes_indicator_geo", outcomes.c.indicator_code, outcomes.c.geography_code)

CLOSENESS_BANDS = ("Extremely close", "Very close", "Close", "Somewhat close", "Not close")

# DfE's statistical neighbour groupings as published: for each authority and grouping, its 10 neighbours
# in rank order. Authorities that no longer exist keep their own (historic) ONS code, never a successor's.
statistical_neighbours = Table(
    "statistical_neighbours",
    metadata,
    Column("grouping_year", Integer, primary_key=True),  # 2025 = May 2025 groupings, 2021 = April 2021
    Column("la_code", fk("local_authorities.code"), primary_key=True),
    Column("rank", Integer, primary_key=True),  # 1 = closest
    Column("neighbour_code", fk("local_authorities.code"), nullable=False),
    Column("la_dfe_code", String(3), nullable=False),  # the three-digit codes as the file prints them
    Column("neighbour_dfe_code", String(3), nullable=False),
    Column("closeness", String(20), nullable=False),  # one spelling per band
    Column("closeness_as_published", String(20), nullable=False),
    Column("old_section", Boolean, nullable=False, default=False),  # listed under the file's "Old SNs"
    Column("source_id", fk("sources.source_id"), nullable=False),
    UniqueConstraint("grouping_year", "la_code", "neighbour_code", name="uq_statistical_neighbours_pair"),
    CheckConstraint("rank BETWEEN 1 AND 10", name="ck_statistical_neighbours_rank"),
    CheckConstraint("la_code <> neighbour_code", name="ck_statistical_neighbours_not_self"),
    CheckConstraint(f"closeness IN {CLOSENESS_BANDS}", name="ck_statistical_neighbours_closeness"),
)

institutions = Table(
    "institutions",
    metadata,
    Column("institution_id", String(40), primary_key=True),  # "ukprn:NNNNNNNN" or a stable slug
    Column("name", String(300), nullable=False),
    Column("type", String(30), nullable=False),
    Column("ukprn", String(8)),
    Column("urn", String(10)),
    Column("la_code", fk("local_authorities.code")),
    Column("region_code", fk("regions.code")),  # NULL when it cannot be determined
    Column("postcode_district", String(8)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("location_note", Text, nullable=False, default=""),
    Column("russell_group", Boolean, nullable=False, default=False),
    Column("source_id", fk("sources.source_id"), nullable=False),
    CheckConstraint(f"type IN {INSTITUTION_TYPES}", name="ck_institutions_type"),
)
Index("ix_institutions_region_type", institutions.c.region_code, institutions.c.type)

institution_aliases = Table(
    "institution_aliases",
    metadata,
    Column("alias", String(300), primary_key=True),  # normalised lower-case name
    Column("institution_id", fk("institutions.institution_id"), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("source_id", fk("sources.source_id"), nullable=False),
)

quality_mark_awards = Table(
    "quality_mark_awards",
    metadata,
    Column("award_id", String(80), primary_key=True),
    Column("institution_id", fk("institutions.institution_id")),  # NULL = unmatched, reported
    Column("name_as_published", String(300), nullable=False),
    Column("status", String(20), nullable=False),
    Column("award_date", Date),
    Column("award_year", Integer, nullable=False),
    Column("expiry_date", Date),
    Column("expiry_year", Integer),
    Column("cohort", String(100), nullable=False, default=""),
    Column("match_note", Text, nullable=False, default=""),
    Column("is_sample", Boolean, nullable=False, default=False),
    # The date as precise as the source gives it: "YYYY", "YYYY-MM" or "YYYY-MM-DD"; NULL = not recorded.
    Column("date_as_published", String(10)),
    Column("date_basis", String(20)),  # award | announcement: what date_as_published dates
    Column("source_id", fk("sources.source_id"), nullable=False),
    CheckConstraint(f"status IN {AWARD_STATUSES}", name="ck_awards_status"),
    CheckConstraint(f"date_basis IS NULL OR date_basis IN {AWARD_DATE_BASES}", name="ck_awards_date_basis"),
)
Index("ix_awards_institution", quality_mark_awards.c.institution_id)

facts = Table(
    "facts",
    metadata,
    Column("fact_id", String(80), primary_key=True),
    Column("statement", Text, nullable=False),
    Column("value", Float),
    Column("unit", String(40), nullable=False, default=""),
    Column("as_of", String(20), nullable=False),
    Column("scope", String(100), nullable=False, default="England"),
    Column("source_id", fk("sources.source_id"), nullable=False),
)

targets = Table(
    "targets",
    metadata,
    Column("target_id", String(80), primary_key=True),
    Column("scope_type", String(30), nullable=False),  # combined_authority | region | england
    Column("scope_code", String(9), nullable=False),
    Column("scope_name", String(200), nullable=False),
    Column("in_scope_types", String(200), nullable=False),  # space-separated institution types
    Column("in_scope_definition", Text, nullable=False),
    Column("deadline_year", Integer),  # NULL = the source sets no deadline
    Column("description", Text, nullable=False),
    Column("kind", String(20), nullable=False, default="target"),  # target | recommendation (not adopted)
    Column("wording", Text, nullable=False, default=""),  # the source's own words, quoted exactly
    Column("source_id", fk("sources.source_id"), nullable=False),
    CheckConstraint(f"kind IN {TARGET_KINDS}", name="ck_targets_kind"),
)

memberships = Table(
    "memberships",
    metadata,
    Column("membership_id", String(80), primary_key=True),
    Column("organisation", String(300), nullable=False),
    Column("member_type", String(40), nullable=False),
    Column("region_code", fk("regions.code")),
    Column("la_code", fk("local_authorities.code")),
    Column("institution_id", fk("institutions.institution_id")),
    Column("joined", Date),
    Column("left", Date),
    Column("is_sample", Boolean, nullable=False, default=False),
    Column("source_id", fk("sources.source_id"), nullable=False),
    CheckConstraint(f"member_type IN {MEMBER_TYPES}", name="ck_memberships_type"),
)
Index("ix_memberships_region", memberships.c.region_code)

partnerships = Table(
    "partnerships",
    metadata,
    Column("partnership_id", String(80), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("lead_organisation", String(300), nullable=False),
    Column("area", String(300), nullable=False),
    Column("region_codes", String(200), nullable=False),  # space-separated E12 codes
    Column("la_codes", String(2000), nullable=False, default=""),  # space-separated
    Column("member_types", Text, nullable=False),
    Column("membership_model", Text, nullable=False),
    Column("activities", Text, nullable=False),
    Column("source_id", fk("sources.source_id"), nullable=False),
)

load_log = Table(
    "load_log",
    metadata,
    Column("load_id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(40), nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("loaded_by", String(200), nullable=False),
    Column("file_name", String(300), nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("rows_added", Integer, nullable=False),
    Column("rows_changed", Integer, nullable=False),
    Column("rows_removed", Integer, nullable=False),
    Column("previous_rows", Text, nullable=False),  # JSON of the table before the load, for roll-back
    Column("rolled_back_at", DateTime(timezone=True)),
    Column("rolled_back_by", String(200)),  # who rolled the load back (the import path's audit trail)
)

dataset_meta = Table(
    "dataset_meta",
    metadata,
    Column("key", String(60), primary_key=True),
    Column("value", Text, nullable=False),
)

# Seeded tables in foreign-key order: build loads them in this order and deletes in reverse.
SEEDED_TABLES = (
    sources,
    regions,
    combined_authorities,
    local_authorities,
    statistical_neighbours,
    indicators,
    outcomes,
    institutions,
    institution_aliases,
    quality_mark_awards,
    facts,
    targets,
    memberships,
    partnerships,
)
