"""Reading a selection and its figures: what can be chosen, the area's name, indicator metadata,
England's value, and the text a cell shows (its symbol when it has one, never a number beside it)."""

from __future__ import annotations

import math

from nnecl_data.database import queries
from nnecl_data.evidence.model import Selection
from nnecl_data.rules import transforms
from nnecl_data.rules.selection import INSTITUTION_TYPE_LABELS
from nnecl_data.rules.suppression import display_value


def selection_options(bind) -> dict[str, dict[str, str]]:
    """What can be chosen: regions and the combined authorities that exist now (code -> name)."""
    regions = queries.regions(bind)
    cas = queries.combined_authorities(bind)
    current = cas[cas["end_year"].isna()]
    return {
        "region": dict(zip(regions["code"], regions["name"], strict=True)),
        "combined_authority": dict(zip(current["code"], current["name"], strict=True)),
    }


def area_name(bind, selection: Selection) -> str:
    if selection.kind == "england":
        return "England"
    if selection.kind == "region":
        names = dict(zip(*queries.regions(bind)[["code", "name"]].T.values, strict=True))
    elif selection.kind == "local_authority":
        las = queries.local_authorities(bind)
        names = dict(zip(las["code"], las["name"], strict=True))
    else:
        cas = queries.combined_authorities(bind)
        names = dict(zip(cas["code"], cas["name"], strict=False))
    if selection.code not in names:
        raise KeyError(f"no {selection.kind.replace('_', ' ')} with code {selection.code!r}")
    return str(names[selection.code])


def describe_selection(name: str, selection: Selection) -> str:
    where = {
        "england": "England",
        "region": f"{name} (region)",
        "combined_authority": f"{name} (combined authority area)",
        "local_authority": f"{name} (local authority)",
    }[selection.kind]
    types = (
        ", ".join(INSTITUTION_TYPE_LABELS.get(t, t) for t in selection.institution_types)
        if selection.institution_types
        else "all institution types"
    )
    return f"{where} · {types}"


def indicator_info(bind) -> dict[str, dict]:
    df = queries.indicators(bind)
    return {r["code"]: r for r in df.to_dict("records")}


def england_figure(bind, code: str, year: int) -> tuple[float | None, str | None, str]:
    return transforms.england_figure(queries.england_value(bind, code, year), year)


def shown(value, status, unit: str, decimals: int | None = None) -> str:
    return display_value(None if status else value, status, unit, decimals)


def is_nan(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
