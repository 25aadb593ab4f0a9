"""The shared filter bar: one canonical Filters object per session, mirrored in the URL.

Why not bind widgets straight to the URL: Streamlit's binding writes the option *labels* and drops bad
values silently. Here the URL carries codes, every parameter is checked against allow-lists from the
database (nnecl_data.rules.selection), and a rejected value is reported on the page.

Flow per run: `sync_from_url` (adopt the URL when it changed outside the app, e.g. a pasted link) →
widgets read and update the canonical filters → `write_url` (once, at the end of the run).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from nnecl_data.charts.builders import AREA_SELECTION
from nnecl_data.rules import selection
from nnecl_data.ui import data, navigation

KEY = "_filters"
NOTES = "_filter_notes"
LAST_QUERY = "_last_query"
RESUMED = "_resumed"  # this run is a reconnected browser's first in a new server session

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


def allowed() -> selection.Allowed:
    from nnecl_data.database.schema import INSTITUTION_TYPES

    years = sorted({y for code in data.indicators()["code"] for y in data.available_years(code)})
    cas = data.combined_authorities()
    return selection.Allowed(
        regions=tuple(data.regions()["code"]),
        institution_types=INSTITUTION_TYPES,
        indicators=tuple(indicator_families()),
        years=tuple(years),
        combined_authorities=tuple(cas["code"]),
        local_authorities=tuple(data.local_authorities()["code"]),
        targets=tuple(data.targets()["target_id"]),
    )


def _params() -> dict:
    return {key: st.query_params.get_all(key) for key in st.query_params}


WIDGETS = (
    "w_region",
    "w_type",
    "w_indicator",
    "w_age",
    "w_year",
    "w_ca",
    "w_target",
    "w_pack_kind",
    "w_pack_region",
    "w_pack_ca",
)


def sync_from_url() -> None:
    """Adopt the URL's filters on first load, or when the URL carries parameters the app did not write
    (a pasted or edited link). A page switch that drops the query string keeps the session's filters."""
    params = _params()
    raw = sorted((k, tuple(v)) for k, v in params.items())
    first = KEY not in st.session_state
    st.session_state[RESUMED] = first and bool(_sent_by_browser())
    if first or (params and st.session_state.get(LAST_QUERY) != raw):
        parsed = selection.parse(params, allowed())
        st.session_state[KEY] = parsed.filters
        st.session_state[NOTES] = parsed.notes
    st.session_state[LAST_QUERY] = raw


def current() -> selection.Filters:
    return st.session_state.get(KEY, selection.Filters())


def _set(**changes) -> None:
    st.session_state[KEY] = replace(current(), **changes)


def show_notes() -> None:
    notes = st.session_state.pop(NOTES, [])
    if notes:
        st.warning("Some settings in the link were not used:\n\n" + "\n".join(f"- {n}" for n in notes))


# Why widgets are bound this way: Streamlit forgets a widget's state on any run that does not draw it
# (a page without that filter), and a widget keyed alike on two pages is two widgets. So the canonical
# Filters object is the only memory: before a widget is drawn its value is set from it, and a change the
# user makes is copied back into it by the widget's callback, which runs before the page does.


def _sent_by_browser() -> dict:
    """The widget values the browser sent with this run, by widget key, as sent (labels).

    On a session's first run only a browser that reconnected to a new server session sends any: its
    replica stopped and the proxy moved it to another (README "Deploy"). Its widgets then hold the user's
    view, and the page switch that may come with that run carries no query string. Streamlit has no
    public API for this (a key is mapped to its widget only once the widget is drawn), so its run
    context is read; if that moves, nothing is known and the filters come from the address as on any
    first run."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        states = get_script_run_ctx().session_state._state._new_widget_state.states
        return {
            str(widget_id).rsplit("-", 1)[-1]: state.value
            for widget_id, state in states.items()
            if str(widget_id).startswith("$$ID-") and hasattr(state.value, "WhichOneof")
        }
    except Exception:
        return {}


def _resumed(widget_key: str, options, label):
    """A reconnected browser's value for this widget, as options (None when there is none)."""
    if not st.session_state.get(RESUMED):
        return None
    sent = _sent_by_browser().get(widget_key)
    kind = sent.WhichOneof("value") if sent is not None else None
    by_label = {str(label(option)): option for option in options}
    if kind == "string_array_value":
        return [by_label[text] for text in sent.string_array_value.data if text in by_label]
    if kind == "string_value":
        return by_label.get(sent.string_value)
    return None


def _bind(widget_key: str, value, options=(), label=str) -> dict:
    """Set the widget's value from the canonical filters (or, on a reconnected browser's first run, from
    the value the browser kept, adopted into the filters); returns the arguments to draw it with."""
    resumed = _resumed(widget_key, options, label)
    st.session_state[widget_key] = value if resumed is None else resumed
    if resumed is not None:
        _adopt(widget_key)
    return {"key": widget_key, "on_change": _adopt, "args": (widget_key,)}


def _adopt(widget_key: str) -> None:
    value = st.session_state.get(widget_key)
    if widget_key == "w_region":
        _set(regions=tuple(value or ()))
    elif widget_key == "w_type":
        _set(institution_types=tuple(value or ()))
    elif widget_key == "w_indicator":
        _set(indicator=value)
    elif widget_key == "w_age":
        _set(age=value)
    elif widget_key == "w_year":
        latest = st.session_state.get(_LATEST_YEAR)
        _set(year=None if value == latest else value)
    elif widget_key == "w_la":
        _set(local_authority=value)
    elif widget_key == "w_ca":
        default = st.session_state.get(_DEFAULT_CA)
        _set(combined_authority=None if value == default else value)
    elif widget_key == "w_target":
        default, ca_of = st.session_state.get(_DEFAULT_TARGET), st.session_state.get(_TARGET_CAS, {})
        _set(target=None if value == default else value)
        if value in ca_of:  # a combined authority's target: the shared combined-authority choice follows it
            _set(combined_authority=ca_of[value])
    elif widget_key == "w_pack_kind":
        _adopt_pack_kind(value)
    elif widget_key == "w_pack_region":
        _set(regions=(value,), combined_authority=None)
    elif widget_key == "w_pack_ca":  # kept even when it is the default: it is what makes the area a CA
        _set(combined_authority=value)


def _adopt_pack_kind(value: str) -> None:
    """The pack's kind of area: England, a region, a combined authority or a local authority."""
    first_region, default_ca = st.session_state.get(_AREA_DEFAULTS, (None, None))
    _set(pack="la" if value == "local_authority" else None)
    if value == "england":
        _set(regions=(), combined_authority=None)
    elif value == "region":
        _set(regions=current().regions or ((first_region,) if first_region else ()), combined_authority=None)
    elif value == "combined_authority":
        _set(combined_authority=default_ca)


_LATEST_YEAR = "_latest_year_shown"
_DEFAULT_CA = "_default_ca_shown"
_DEFAULT_TARGET = "_default_target_shown"
_TARGET_CAS = "_target_combined_authorities"
_AREA_DEFAULTS = "_area_defaults_shown"  # (first region, default combined authority) of the area filter


def region_filter(container=st.sidebar) -> tuple[str, ...]:
    names = data.region_names()
    chosen = container.multiselect(
        "Regions",
        list(names),
        format_func=names.get,
        placeholder="All 9 regions",
        help="Leave empty for all regions. Kept as you move between pages.",
        **_bind("w_region", [code for code in current().regions if code in names], names, names.get),
    )
    return tuple(chosen)


def type_filter(container=st.sidebar) -> tuple[str, ...]:
    labels = selection.INSTITUTION_TYPE_LABELS
    chosen = container.multiselect(
        "Institution types",
        list(labels),
        format_func=labels.get,
        placeholder="All types",
        help="Used by the Quality Mark, member, gaps and institution pages.",
        **_bind("w_type", [code for code in current().institution_types if code in labels], labels, labels.get),
    )
    return tuple(chosen)


def indicator_filter(container=st.sidebar) -> tuple[str, str]:
    """Indicator and age group; returns (indicator_code, family)."""
    families = indicator_families()
    chosen = current()
    family = container.selectbox(
        "Indicator",
        families,
        format_func=lambda c: FAMILY_LABELS.get(c, c),
        **_bind(
            "w_indicator",
            chosen.indicator if chosen.indicator in families else families[0],
            families,
            lambda c: FAMILY_LABELS.get(c, c),
        ),
    )
    container.radio(
        "Care leavers' age",
        list(selection.AGE_GROUPS),
        format_func=lambda a: selection.AGE_GROUPS[a] + " years",
        horizontal=True,
        disabled=not family.startswith("cl_"),
        help="Applies to care-leaver indicators only.",
        **_bind("w_age", chosen.age, selection.AGE_GROUPS, lambda a: selection.AGE_GROUPS[a] + " years"),
    )
    return current().indicator_code(), family


def year_filter(indicator_code: str, container=st.sidebar) -> int:
    """The year to show. A chosen year the indicator does not publish is shown as the latest, with a note,
    and stays chosen for the indicators that publish it."""
    years = data.available_years(indicator_code)
    if not years:
        return 0
    wanted = current().year
    shown = wanted if wanted in years else years[-1]
    if wanted is not None and wanted not in years:
        container.info(f"{wanted} is not published for this indicator: showing {years[-1]}, the latest year.")
    st.session_state[_LATEST_YEAR] = years[-1]
    label = "Year" if indicator_code.startswith("ks4") else "Year (ending 31 March)"

    def year_label(y: int) -> str:
        return f"{y - 1}/{str(y)[2:]}" if indicator_code.startswith("ks4") else str(y)

    year = container.selectbox(
        label, list(reversed(years)), format_func=year_label, **_bind("w_year", shown, years, year_label)
    )
    return int(year)


def combined_authority_filter(options: dict[str, str], default: str, container=st) -> str:
    wanted = current().combined_authority
    st.session_state[_DEFAULT_CA] = default
    return container.selectbox(
        "Combined authority",
        list(options),
        format_func=options.get,
        **_bind("w_ca", wanted if wanted in options else default, options, options.get),
    )


def local_authority_filter(options: dict[str, str], aliases: dict[str, str], container=st) -> str | None:
    """One local authority, found by typing part of its name; None until one is chosen. `aliases` maps
    an older code of the same area (e.g. from an old link) to the code `options` lists it under."""
    chosen = aliases.get(current().local_authority or "", current().local_authority)
    return container.selectbox(
        "Local authority",
        list(options),
        format_func=options.get,
        placeholder="Type part of a name, e.g. Salford",
        help="Any upper-tier authority in England, current or abolished. Kept as you move between pages.",
        **_bind("w_la", chosen if chosen in options else None, options, options.get),
    )


def target_filter(options: dict[str, str], default: str, ca_of: dict[str, str], container=st) -> str:
    """The Target tracker's choice: a row of the targets table (an adopted target or a recommendation).
    Choosing a combined authority's target also sets the shared combined-authority filter (`ca_of`: target
    id -> combined authority code)."""
    wanted = current().target
    st.session_state[_DEFAULT_TARGET] = default
    st.session_state[_TARGET_CAS] = ca_of
    return container.selectbox(
        "Target or recommendation",
        list(options),
        format_func=options.get,
        help="Every Quality Mark target and recommendation the dashboard holds (the targets table).",
        **_bind("w_target", wanted if wanted in options else default),
    )


def area_kind(combined_authorities: dict[str, str]) -> str:
    """The evidence pack's kind of area, read from the shared filters: a local authority when the link
    or the pack's choice says so (`pack=la`; the authority is the shared `la`), else a combined authority
    when one is chosen, else a region when any is, else England."""
    chosen = current()
    if chosen.pack == "la":
        return "local_authority"
    if chosen.combined_authority in combined_authorities:
        return "combined_authority"
    return "region" if chosen.regions else "england"


def area_filter(
    kinds: dict[str, str],
    regions: dict[str, str],
    combined_authorities: dict[str, str],
    default_ca: str,
    kind_container=st,
    area_container=st,
    authorities: tuple[dict[str, str], dict[str, str]] | None = None,
) -> tuple[str, str | None]:
    """The evidence pack's one area, as the shared filters: choosing a region sets the region filter,
    a combined authority the combined authority filter, a local authority the shared `la` (the profile's
    choice; `authorities`: its options and aliases, as `local_authority_filter` takes them), England
    clears the region and combined authority (so the address and the sidebar of every page follow).
    Returns (kind, code); the code is None for England, or a local authority not chosen yet."""
    st.session_state[_AREA_DEFAULTS] = (next(iter(regions), None), default_ca)
    kind = area_kind(combined_authorities)
    kind = kind_container.radio("Area", list(kinds), format_func=kinds.get, **_bind("w_pack_kind", kind))
    chosen = current()
    if kind == "region":
        code = next((c for c in chosen.regions if c in regions), next(iter(regions)))
        return kind, area_container.selectbox(
            "Region", list(regions), format_func=regions.get, **_bind("w_pack_region", code)
        )
    if kind == "combined_authority" and combined_authorities:
        code = chosen.combined_authority if chosen.combined_authority in combined_authorities else default_ca
        return kind, area_container.selectbox(
            "Combined authority",
            list(combined_authorities),
            format_func=combined_authorities.get,
            **_bind("w_pack_ca", code),
        )
    if kind == "local_authority" and authorities:
        return kind, local_authority_filter(*authorities, area_container)
    return kind, None


def write_url() -> None:
    """Mirror the canonical filters into the URL (only when they differ, to avoid extra reruns)."""
    wanted = selection.to_query(current())
    have = _params()
    normalised = {k: (v if isinstance(v, list) else [v]) for k, v in wanted.items()}
    if have != normalised:
        st.query_params.from_dict(wanted)
    st.session_state[LAST_QUERY] = sorted((k, tuple(v)) for k, v in normalised.items())


LAST_MAP_PICK = "_last_map_pick"
LAST_AUTHORITY_CLICK = "_last_authority_click"  # chart key -> the authority its selection last held
PROFILE_PAGE = "local_authority"


def profile_query(code: str) -> dict:
    """The URL parameters of an authority's profile: the shared filters, with that authority chosen."""
    return selection.to_query(replace(current(), local_authority=code))


def authority_pack_query(code: str) -> dict:
    """The URL parameters of the evidence pack for one authority: the shared filters, that authority
    chosen, and the pack's area set to it."""
    return selection.to_query(replace(current(), local_authority=code, pack="la"))


def profile_url(code: str) -> str:
    """A link to an authority's profile (relative, so it works under any base path), keeping the filters."""
    from urllib.parse import urlencode

    return f"{PROFILE_PAGE}?{urlencode(profile_query(code), doseq=True)}"


def open_profile(code: str) -> None:
    """Choose this authority in the shared `la` filter and go to its profile (ends this run)."""
    _set(local_authority=code)
    navigation.switch(PROFILE_PAGE, selection.to_query(current()))


def follow_authority_click(event, key: str) -> None:
    """A click on an authority on a chart (map area or bar) opens its profile. Only a new pick counts:
    the chart's selection can outlive the visit (back on this page it may still hold the authority), and
    an emptied selection forgets the last pick, so clicking the same authority again opens it again."""
    points = event.selection.get(AREA_SELECTION, []) if event is not None and hasattr(event, "selection") else []
    code = selection.clicked_code(points, data.local_authorities()["code"])
    page = navigation.current_id()
    last = st.session_state.setdefault(LAST_AUTHORITY_CLICK, {})
    previous, last[f"{page}:{key}"] = last.get(f"{page}:{key}"), code
    already_open = page == PROFILE_PAGE and code == current().local_authority  # its own bar, on its profile
    if code is not None and code != previous and not already_open:
        open_profile(code)


def apply_map_selection(event) -> bool:
    """A click on the map selects those regions in the region filter. Applied only when the map's
    selection itself changed, so clearing the filter by hand is not undone by the old selection.
    Returns True when the filter changed (the page should rerun)."""
    points = event.selection.get(AREA_SELECTION, []) if event is not None and hasattr(event, "selection") else []
    allowed_codes = set(data.region_names())
    picked = sorted({p.get("geography_code") for p in points} & allowed_codes)
    if picked == st.session_state.get(LAST_MAP_PICK, []):
        return False
    st.session_state[LAST_MAP_PICK] = picked
    if not picked or picked == sorted(current().regions):
        return False
    _set(regions=tuple(picked))  # the rerun draws the region widget from it
    return True
