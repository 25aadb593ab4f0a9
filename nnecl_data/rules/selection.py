"""The shared filters and their URL form: schema, validation against allow-lists, round trip.

Pure: no Streamlit. The app reads `st.query_params` into `parse`, shows its notes, seeds the widgets,
and writes `to_query` back, so a copied link reproduces the view. Anything not on the allow-lists is
dropped with a note, never passed on to a query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

AGE_GROUPS = {"19_21": "19 to 21", "17_18": "17 to 18"}
INSTITUTION_TYPE_LABELS = {
    "general_fe_college": "General FE college",
    "sixth_form_college": "Sixth form college",
    "other_fe": "Other FE (designated institution)",
    "university": "University",
    "other_he": "Other HE provider",
}
# Care-leaver indicator families: the age group picks the indicator within a family.
DEFAULT_INDICATOR = "cl_neet"
DEFAULT_AGE = "19_21"

_MAX_VALUES = 20  # more values than there are regions is not a real selection
_MAX_LENGTH = 40


@dataclass(frozen=True)
class Allowed:
    """What the database holds: the only values a filter may take."""

    regions: tuple[str, ...]
    institution_types: tuple[str, ...]
    indicators: tuple[str, ...]  # indicator families (e.g. cl_neet) and single indicators (e.g. ks4_att8)
    years: tuple[int, ...]
    combined_authorities: tuple[str, ...] = ()
    local_authorities: tuple[str, ...] = ()  # ONS codes, current and historic
    targets: tuple[str, ...] = ()  # target ids in the targets table (the Target tracker's choice)


@dataclass(frozen=True)
class Filters:
    regions: tuple[str, ...] = ()  # empty = all regions
    institution_types: tuple[str, ...] = ()  # empty = all types
    indicator: str = DEFAULT_INDICATOR
    age: str = DEFAULT_AGE
    year: int | None = None  # None = latest available
    combined_authority: str | None = None
    local_authority: str | None = None  # an ONS code (the Local authority page)
    target: str | None = None  # None = the default target (the chosen combined authority's, or the first)
    pack: str | None = None  # "la": the evidence pack is for the chosen local authority (PACK_AREAS)

    def indicator_code(self) -> str:
        """The stored indicator: a care-leaver family plus the age group, or the indicator itself."""
        return f"{self.indicator}_{self.age}" if self.indicator.startswith("cl_") else self.indicator


@dataclass
class Parsed:
    filters: Filters
    notes: list[str] = field(default_factory=list)


# URL parameter name -> Filters field
PARAMS = {
    "region": "regions",
    "type": "institution_types",
    "indicator": "indicator",
    "age": "age",
    "year": "year",
    "ca": "combined_authority",
    "la": "local_authority",
    "target": "target",
    "pack": "pack",
}
PACK_AREAS = ("la",)  # what `pack` may name: the one pack area the other filters cannot say

_SAFE = re.compile(r"^[A-Za-z0-9_]+$")


def _values(raw) -> list[str]:
    if raw is None:
        return []
    values = [raw] if isinstance(raw, str) else list(raw)
    out = []
    for v in values:
        out.extend(part for part in str(v).split(",") if part != "")
    return out


def _shown(value: str) -> str:
    """A rejected value as it may be shown back: short, and only safe characters."""
    text = value[:_MAX_LENGTH]
    return text if _SAFE.match(text) else "(a value with characters that are not allowed)"


def _pick_many(params: dict, key: str, options, what: str, notes: list[str]) -> tuple[str, ...]:
    raw = _values(params.get(key))
    if len(raw) > _MAX_VALUES:
        notes.append(f"Ignored '{key}': too many values.")
        return ()
    kept: list[str] = []
    for value in raw:
        if value not in options:
            notes.append(f"Ignored {what} '{_shown(value)}': not one of the allowed values.")
        elif value not in kept:
            kept.append(value)
    return tuple(kept)


def _pick_one(params: dict, key: str, options, what: str, notes: list[str]) -> str | None:
    raw = _values(params.get(key))
    if not raw:
        return None
    if len(raw) > 1:
        notes.append(f"Ignored extra values of '{key}': only one {what} can be chosen.")
    if raw[0] in options:
        return raw[0]
    notes.append(f"Ignored {what} '{_shown(raw[0])}': not one of the allowed values.")
    return None


def _single_choices(allowed: Allowed) -> list[tuple[str, str, tuple[str, ...], str, type]]:
    """(URL key, Filters field, allowed values, what it is called in a note, type) of each one-value filter."""
    return [
        ("indicator", "indicator", allowed.indicators, "indicator", str),
        ("age", "age", tuple(AGE_GROUPS), "age group", str),
        ("year", "year", tuple(str(y) for y in allowed.years), "year", int),
        ("ca", "combined_authority", allowed.combined_authorities, "combined authority", str),
        ("la", "local_authority", allowed.local_authorities, "local authority", str),
        ("target", "target", allowed.targets, "target", str),
        ("pack", "pack", PACK_AREAS, "evidence pack area", str),
    ]


def parse(params: dict, allowed: Allowed) -> Parsed:
    """Turn raw query parameters (str or list of str per key) into valid Filters and notes."""
    notes = [f"Ignored the unknown link parameter '{_shown(str(key))}'." for key in params if key not in PARAMS]
    values: dict = {
        "regions": _pick_many(params, "region", allowed.regions, "region", notes),
        "institution_types": _pick_many(params, "type", allowed.institution_types, "institution type", notes),
    }
    for key, field_name, options, what, kind in _single_choices(allowed):
        chosen = _pick_one(params, key, options, what, notes)
        if chosen:
            values[field_name] = kind(chosen)
    return Parsed(replace(Filters(), **values), notes)


def to_query(filters: Filters) -> dict[str, str | list[str]]:
    """The canonical URL form: defaults left out so links stay short."""
    out: dict[str, str | list[str]] = {}
    if filters.regions:
        out["region"] = list(filters.regions)
    if filters.institution_types:
        out["type"] = list(filters.institution_types)
    if filters.indicator != DEFAULT_INDICATOR:
        out["indicator"] = filters.indicator
    if filters.age != DEFAULT_AGE:
        out["age"] = filters.age
    if filters.year is not None:
        out["year"] = str(filters.year)
    if filters.combined_authority:
        out["ca"] = filters.combined_authority
    if filters.local_authority:
        out["la"] = filters.local_authority
    if filters.target:
        out["target"] = filters.target
    if filters.pack:
        out["pack"] = filters.pack
    return out


def clicked_code(points, allowed) -> str | None:
    """The area a click on a chart picked: its selection's points (`[{"geography_code": ...}]`, as
    Streamlit reports a point selection) hold exactly one code, and it is one of `allowed`. Anything else
    (no click, a cleared or multiple selection, England or a region on a chart of authorities, a value
    not on the allow-list) picks nothing."""
    if not isinstance(points, (list, tuple)):
        return None
    codes = {point.get("geography_code") for point in points if isinstance(point, dict)}
    if len(codes) != 1:
        return None
    (code,) = codes
    return code if isinstance(code, str) and code in set(allowed) else None


def query_string(filters: Filters) -> str:
    from urllib.parse import urlencode

    return urlencode(to_query(filters), doseq=True)


# The shared filters a page may use (PageInfo.filters). "area" is the evidence pack's one area: England,
# a region (the region filter) or a combined authority (the combined authority filter); "la" the local
# authority profile's authority; "target" the target tracker's target (which sets its combined authority).
FILTERS = ("indicator", "year", "region", "type", "ca", "area", "la", "target")
IN_THE_PAGE = ("area", "la")  # drawn in the page itself, above what they choose; the others in the sidebar


def describe(
    filters: Filters,
    region_names: dict[str, str],
    indicator_label: str | None = None,
    used: tuple[str, ...] = ("region", "type", "year"),
    year_label: str | None = None,
) -> str:
    """A short description of the selection, for the 'Showing' line, tab titles, citations and export
    notes: only the filters a page uses (`used`), so a page never claims a filter it ignores."""
    parts = []
    if indicator_label:
        parts.append(indicator_label)
    if "region" in used:
        if filters.regions:
            names = [region_names.get(c, c) for c in filters.regions]
            parts.append(", ".join(names) if len(names) <= 3 else f"{len(names)} regions")
        else:
            parts.append("all regions")
    if "type" in used and filters.institution_types:
        parts.append(", ".join(INSTITUTION_TYPE_LABELS.get(t, t) for t in filters.institution_types))
    if "year" in used and (year_label or filters.year):
        parts.append(str(year_label or filters.year))
    return " · ".join(parts)
