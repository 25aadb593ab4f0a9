"""The evidence pack's model: what a pack is made of (selection, statements, tables, charts) and the
indicators it reports. Plain data, no database and no rendering."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from nnecl_data import wording

PRODUCT = "NNECL regional dashboard"
PUBLISHER = "National Network for the Education of Care Leavers (NNECL)"
HEADLINE_INDICATOR = "cl_neet_19_21"
INDICATORS = (
    "cl_neet_19_21",
    "cl_eet_19_21",
    "cl_he_19_21",
    "cl_suitable_accommodation_19_21",
    "ks4_em_4plus",
)
KINDS = ("england", "region", "combined_authority", "local_authority")
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Selection:
    kind: str = "england"  # england | region | combined_authority | local_authority
    code: str | None = None
    institution_types: tuple[str, ...] = ()
    include_sample: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown selection kind {self.kind!r}")
        if self.kind != "england" and not self.code:
            raise ValueError(f"a {self.kind.replace('_', ' ')} selection needs a code")


@dataclass
class Statement:
    text: str
    indicator_code: str
    published: bool


@dataclass
class Table:
    title: str
    frame: pd.DataFrame  # text cells, already formatted (symbols as symbols)
    note: str = ""
    numeric_columns: tuple[str, ...] = ()


@dataclass
class Chart:
    title: str
    description: str
    spec: dict
    png: bytes = b""
    measure: str = ""  # the indicator's short label: the pack groups its charts under it
    derived: bool = False  # it shows figures derived from counts (2016, 2017), named in its title


@dataclass
class Pack:
    title: str
    selection: Selection
    selection_text: str
    area_name: str
    generated: dt.date
    data_version: str  # the data named for a reader: releases and announcements (rules.edition)
    url: str
    statements: list[Statement]
    tables: list[Table]
    charts: list[Chart]
    provision: list[str]
    provision_table: Table | None
    sample_shown: bool
    sources: pd.DataFrame
    caveats: list[str]
    citation: str = ""
    notes: list[str] = field(default_factory=list)
    dataset: str = ""  # the build's version id and date, for tracing the pack to its exact data

    @property
    def generated_text(self) -> str:
        return wording.date_text(self.generated)

    def file_stem(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.area_name.lower()).strip("-")
        return f"nnecl-evidence-pack-{slug or 'selection'}-{self.generated.isoformat()}"


@dataclass
class AuthorityProfile:
    """What a local authority's pack says, worked out by the Local authority profile's own rules (its
    neighbours' averages, ranks, quartile bands and changes: nnecl_data/ui/views/local_authority.py and
    rules.comparison), handed to `build_pack` ready to lay out, so the pack and the profile never differ."""

    code: str
    name: str
    selection_text: str  # e.g. "Salford (local authority) · DfE's May 2025 statistical neighbours"
    statements: list[Statement]
    tables: list[Table]
    charts: list[Chart]
    provision: list[str]  # its institutions' Quality Mark status, its combined authority and target
    provision_table: Table | None
    source_ids: list[str]
    caveats: list[str]
