"""Evidence pack: a citable briefing (PDF and HTML) for England, a region, a combined authority area or a
local authority (laid out from its profile),
built by nnecl_data.evidence through the app's data door (pages/evidence_pack.py lays it out)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from nnecl_data import evidence, wording
from nnecl_data.config import DEFAULT_COMBINED_AUTHORITY
from nnecl_data.rules import selection as filter_rules
from nnecl_data.ui import components, data

AREA_KINDS = {
    "england": "England",
    "region": "A region",
    "combined_authority": "A combined authority area",
    "local_authority": "A local authority",
}
READY = "_evidence_pack_ready"  # {"key": selection key, "pdf": bytes, "html": bytes, "stem": str}
FAILED = (
    "The evidence pack could not be built, so nothing was offered for download. Try again; if it fails again, "
    "choose another area or download the figures from the Regional outcomes page, and tell the dashboard's "
    "maintainers what you chose."
)
Selection = evidence.Selection


def options() -> dict[str, dict[str, str]]:
    """Areas a pack can cover: {"region": code -> name, "combined_authority": code -> name}."""
    return data.pack_options()


def default_combined_authority(cas: dict[str, str]) -> str:
    return DEFAULT_COMBINED_AUTHORITY if DEFAULT_COMBINED_AUTHORITY in cas else next(iter(cas))


def types_caption(types: tuple[str, ...]) -> str:
    chosen = ", ".join(wording.type_label(t) for t in types) if types else "all types are included"
    return f"Institution types (sidebar) narrow the Quality Mark section; {chosen}."


def pack_url(chosen: Selection) -> str:
    """This page's address (the deployment's public address when set: components.page_address) with the
    selection as URL parameters, so the citation reopens the same pack; '' when no address is known."""
    base = components.page_address()
    if not base.startswith("http"):
        return ""
    authority = chosen.kind == "local_authority"
    wanted = filter_rules.Filters(
        regions=(chosen.code,) if chosen.kind == "region" else (),
        institution_types=chosen.institution_types,
        combined_authority=chosen.code if chosen.kind == "combined_authority" else None,
        local_authority=chosen.code if authority else None,
        pack="la" if authority else None,
    )
    query = filter_rules.query_string(wanted)
    return f"{base}?{query}" if query else base


def authority_profile(chosen: Selection, on_date: dt.date) -> evidence.AuthorityProfile | None:
    """A local authority's pack content, by its profile's rules (None for the other kinds of area)."""
    if chosen.kind != "local_authority":
        return None
    from nnecl_data.ui.views import local_authority

    if chosen.code not in local_authority.authorities():
        raise KeyError(f"no local authority with code {chosen.code!r}")
    view = local_authority.profile_view(chosen.code)
    return local_authority.pack_profile(view, on_date, chosen.institution_types)


def authority_choices() -> tuple[dict[str, str], dict[str, str]]:
    """The local authority chooser's options and the older codes it folds into them (as on the profile)."""
    from nnecl_data.ui.views import local_authority

    return local_authority.authority_options(), local_authority.newest_codes()


def preview(chosen: Selection, on_date: dt.date, url: str) -> evidence.Pack:
    """The pack without its images (cached): raises KeyError for an area missing from the database."""
    return data.pack_preview(chosen, on_date, url, authority_profile(chosen, on_date))


def ready_files(key: tuple) -> dict | None:
    """The files built for this selection in this session, if any (built for another, they are dropped)."""
    ready = st.session_state.get(READY)
    return ready if ready and ready["key"] == key else None


def build_files(chosen: Selection, on_date: dt.date, url: str, key: tuple, progress) -> dict:
    """Build the pack with its images, then the PDF and the HTML; both or neither are kept."""
    st.session_state.pop(READY, None)
    built = data.build_pack(chosen, on_date, url, progress, authority_profile(chosen, on_date))
    progress(0.85, "Writing the PDF…")
    pdf = evidence.to_pdf(built)
    progress(0.95, "Writing the HTML…")
    page = evidence.to_html(built)
    ready = {"key": key, "pdf": pdf, "html": page, "stem": built.file_stem()}
    st.session_state[READY] = ready
    return ready


def sizes_caption(ready: dict) -> str:
    return f"PDF {len(ready['pdf']) / 1024:,.0f} KB · HTML {len(ready['html']) / 1024:,.0f} KB."


def statements_markdown(pack: evidence.Pack) -> str:
    return "\n".join(f"- {s.text}" for s in pack.statements)


def source_ids(pack: evidence.Pack) -> list[str]:
    return pack.sources["source_id"].tolist()
