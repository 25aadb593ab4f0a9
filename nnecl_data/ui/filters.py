"""The shared filter bar: one canonical Filters object per session, mirrored in the URL.

Why not bind widgets straight to the URL: Streamlit's binding writes the option *labels* and drops bad
values silently. Here the URL carries codes, every parameter is checked against allow-lists from the
database (nnecl_data.state), and a rejected value is reported on the page.

Flow per run: `sync_from_url` (adopt the URL when it changed outside the app, e.g. a pasted link) →
widgets read and update the canonical filters → `write_url` (once, at the end of the run).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from .. import state
from . import data

KEY = "_filters"
NOTES = "_filter_notes"
LAST_QUERY = "_last_query"
RESUMED = "_resumed_widgets"

FAMILY_LABELS = {
    "cl_neet": "NEET: not in education, employment or training",
    "cl_eet": "In education, employment or training",
    "cl_he": "In higher education",
    "cl_other_education": "In education other than HE",
    "cl_activity_unknown": "Activity not known",
    "cl_suitable_accommodation": "In suitable accommodation",
    "ks4_att8": "KS4: Attainment 8 (children looked after)",
    "ks4_em_4plus": "KS4: grade 4+ English and maths (looked after)",
    "ks4_em_5plus": "KS4: grade 5+ English and maths (looked after)",
    "cla_rate_per_10k": "Children looked after per 10,000",
}


def indicator_families() -> list[str]:
    """Indicator choices: care-leaver families (age chosen separately) and single indicators."""
    codes = data.indicators()["code"].tolist()
    families = []
    for code in codes:
        family = code.rsplit("_", 2)[0] if code.startswith("cl_") else code
        if family not in families:
            families.append(family)
    return families


def allowed() -> state.Allowed:
    from ..schema import INSTITUTION_TYPES

    years = sorted({y for code in data.indicators()["code"] for y in data.available_years(code)})
    cas = data.combined_authorities()
    return state.Allowed(
        regions=tuple(data.regions()["code"]),
        institution_types=INSTITUTION_TYPES,
        indicators=tuple(indicator_families()),
        years=tuple(years),
        combined_authorities=tuple(cas["code"]),
    )


def _params() -> dict:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def sync_from_url() -> None:
    """Adopt the URL's filters on first load, or when the URL carries parameters the app did not write
    (a pasted or edited link). A page switch that drops the query string keeps the session's filters."""
    params = _params()
    raw = sorted((k, tuple(v)) for k, v in params.items())
    first = KEY not in st.session_state
    st.session_state[RESUMED] = _sent_by_browser() if first else set()
    if first or (params and st.session_state.get(LAST_QUERY) != raw):
        parsed = state.parse(params, allowed())
        st.session_state[KEY] = parsed.filters
        st.session_state[NOTES] = parsed.notes
        for widget_key in ("w_region", "w_type", "w_indicator", "w_age", "w_year", "w_ca"):
            st.session_state.pop(widget_key, None)
    st.session_state[LAST_QUERY] = raw


def current() -> state.Filters:
    return st.session_state.get(KEY, state.Filters())


def _set(**changes) -> None:
    st.session_state[KEY] = replace(current(), **changes)


def show_notes() -> None:
    notes = st.session_state.pop(NOTES, [])
    if notes:
        st.warning("Some settings in the link were not used:\n\n" + "\n".join(f"- {n}" for n in notes))


def _sent_by_browser() -> set[str]:
    """Keys of the widgets whose values the browser sent with this run. On a session's first run only a
    browser that reconnected to a new server session sends any: its replica was stopped and the proxy
    moved it to another (README "Deploy"). Its widgets then hold the user's view, and the page switch
    that follows carries no query string. Streamlit has no public API for this (a key is mapped to its
    widget only once the widget is drawn), so its run context is read; if that moves, nothing is known
    and the filters come from the address as on any first run."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ids = list(get_script_run_ctx().session_state._state._new_widget_state.keys())
    except Exception:
        return set()
    return {widget_id.rsplit("-", 1)[-1] for widget_id in ids if str(widget_id).startswith("$$ID-")}


def _seed(widget_key: str, value) -> None:
    if widget_key in st.session_state.get(RESUMED, ()):
        return  # a reconnected browser's own value stands (see _sent_by_browser)
    if widget_key not in st.session_state:
        st.session_state[widget_key] = value


def region_filter(container=st.sidebar) -> tuple[str, ...]:
    names = data.region_names()
    _seed("w_region", list(current().regions))
    chosen = container.multiselect(
        "Regions",
        list(names),
        format_func=names.get,
        key="w_region",
        placeholder="All 9 regions",
        help="Leave empty for all regions. Kept as you move between pages.",
    )
    _set(regions=tuple(chosen))
    return tuple(chosen)


def type_filter(container=st.sidebar) -> tuple[str, ...]:
    labels = state.INSTITUTION_TYPE_LABELS
    _seed("w_type", list(current().institution_types))
    chosen = container.multiselect(
        "Institution types",
        list(labels),
        format_func=labels.get,
        key="w_type",
        placeholder="All types",
        help="Used by the Quality Mark, member, gaps and institution pages.",
    )
    _set(institution_types=tuple(chosen))
    return tuple(chosen)


def indicator_filter(container=st.sidebar) -> tuple[str, str]:
    """Indicator and age group; returns (indicator_code, family)."""
    families = indicator_families()
    f = current()
    _seed("w_indicator", f.indicator if f.indicator in families else families[0])
    family = container.selectbox(
        "Indicator",
        families,
        format_func=lambda c: FAMILY_LABELS.get(c, c),
        key="w_indicator",
    )
    is_care_leaver = family.startswith("cl_")
    _seed("w_age", f.age)
    age = container.radio(
        "Care leavers' age",
        list(state.AGE_GROUPS),
        format_func=lambda a: state.AGE_GROUPS[a] + " years",
        key="w_age",
        horizontal=True,
        disabled=not is_care_leaver,
        help="Applies to care-leaver indicators only.",
    )
    _set(indicator=family, age=age)
    return current().indicator_code(), family


def year_filter(indicator_code: str, container=st.sidebar) -> int:
    years = data.available_years(indicator_code)
    if not years:
        return 0
    f = current()
    if f.year is not None and f.year not in years:
        container.info(f"{f.year} is not published for this indicator: showing {years[-1]}, the latest year.")
        _set(year=None)
        st.session_state.pop("w_year", None)
    _seed("w_year", current().year or years[-1])
    label = "Year" if indicator_code.startswith("ks4") else "Year (ending 31 March)"
    year = container.selectbox(
        label,
        list(reversed(years)),
        key="w_year",
        format_func=lambda y: f"{y - 1}/{str(y)[2:]}" if indicator_code.startswith("ks4") else str(y),
    )
    _set(year=None if year == years[-1] else year)
    return int(year)


def combined_authority_filter(options: dict[str, str], default: str, container=st) -> str:
    f = current()
    _seed("w_ca", f.combined_authority if f.combined_authority in options else default)
    ca = container.selectbox("Combined authority", list(options), format_func=options.get, key="w_ca")
    _set(combined_authority=None if ca == default else ca)
    return ca


def write_url() -> None:
    """Mirror the canonical filters into the URL (only when they differ, to avoid extra reruns)."""
    wanted = state.to_query(current())
    have = _params()
    normalised = {k: (v if isinstance(v, list) else [v]) for k, v in wanted.items()}
    if have != normalised:
        st.query_params.from_dict(wanted)
    st.session_state[LAST_QUERY] = sorted((k, tuple(v)) for k, v in normalised.items())


LAST_MAP_PICK = "_last_map_pick"


def apply_map_selection(event) -> bool:
    """A click on the map selects those regions in the region filter. Applied only when the map's
    selection itself changed, so clearing the filter by hand is not undone by the old selection.
    Returns True when the filter changed (the page should rerun)."""
    points = event.selection.get("area", []) if event is not None and hasattr(event, "selection") else []
    allowed_codes = set(data.region_names())
    picked = sorted({p.get("geography_code") for p in points} & allowed_codes)
    if picked == st.session_state.get(LAST_MAP_PICK, []):
        return False
    st.session_state[LAST_MAP_PICK] = picked
    if not picked or picked == sorted(current().regions):
        return False
    # The region widget is already drawn in this run: drop its state and let the rerun seed it.
    st.session_state.pop("w_region", None)
    _set(regions=tuple(picked))
    return True
