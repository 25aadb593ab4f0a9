"""Building a pack: everything the briefing says, read from the database, with its sources, caveats
and citation."""

from __future__ import annotations

import datetime as dt

from nnecl_data.database import queries
from nnecl_data.evidence.charts import charts_for, render_charts
from nnecl_data.evidence.model import INDICATORS, PUBLISHER, AuthorityProfile, Pack, Progress, Selection
from nnecl_data.evidence.quality_mark import quality_mark_section
from nnecl_data.evidence.reading import area_name, describe_selection, indicator_info
from nnecl_data.evidence.statements import statements_for
from nnecl_data.evidence.tables import areas_table, key_figures_table
from nnecl_data.rules import edition
from nnecl_data.rules.suppression import SYMBOL_MEANINGS
from nnecl_data.wording import (
    DERIVED_CAVEAT,
    DERIVED_NOTE,
    GAP_RULE,
    QUALITY_MARK_CAVEATS,
    ROUNDING_CAVEAT,
    date_text,
)

SYMBOLS_NOTE = "Symbols: " + "; ".join(f"{k} {v}" for k, v in SYMBOL_MEANINGS.items() if k != "low") + "."


def build_pack(
    bind,
    selection: Selection,
    *,
    on_date: dt.date | None = None,
    url: str = "",
    progress: Progress | None = None,
    with_images: bool = True,
    profile: AuthorityProfile | None = None,
) -> Pack:
    """Everything the briefing says, read from the database. Raises KeyError for an unknown area. A
    local authority's pack lays out its `profile` (the profile page's figures and words)."""
    step = progress or (lambda _f, _t: None)
    on_date = on_date or dt.date.today()
    step(0.05, "Reading the selection…")
    if selection.kind == "local_authority":
        return _authority_pack(bind, selection, profile, on_date, url, step, with_images)
    name = area_name(bind, selection)
    info = indicator_info(bind)
    for code in info:
        info[code]["code"] = code
    years = {code: queries.latest_year(bind, code) for code in INDICATORS}
    named_data, dataset = _data_named(bind)

    step(0.15, "Writing the key statements from the figures…")
    statements, source_ids = statements_for(bind, selection, name, info, years)

    step(0.3, "Tabulating the figures…")
    tables = [key_figures_table(bind, selection, info, years), areas_table(bind, selection, info, years)]

    step(0.4, "Quality Mark and membership…")
    paragraphs, qm_table, qm_sources, sample_shown = quality_mark_section(bind, selection, name, on_date)
    source_ids |= set(qm_sources)

    step(0.5, "Drawing the charts…")
    chart_list = charts_for(bind, selection, info, years)

    all_sources = queries.sources(bind)
    sources = all_sources[all_sources["source_id"].isin(source_ids)].reset_index(drop=True)
    caveats = [ROUNDING_CAVEAT, GAP_RULE, SYMBOLS_NOTE, *QUALITY_MARK_CAVEATS]
    if any(DERIVED_NOTE in s.text for s in statements) or any(c.derived for c in chart_list):
        caveats.insert(1, DERIVED_CAVEAT)
    if selection.kind == "combined_authority":
        caveats.append(
            "DfE does not publish figures for combined authorities: the pack shows the figures of their "
            "member local authorities, never an average made up here."
        )
    if sample_shown:
        caveats.append("Member figures marked SAMPLE DATA come from a fictional register and must not be cited.")
    selection_text = describe_selection(name, selection)
    title = f"Evidence pack: {name}"
    pack = Pack(
        title=title,
        selection=selection,
        selection_text=selection_text,
        area_name=name,
        generated=on_date,
        data_version=named_data,
        url=url,
        statements=statements,
        tables=tables,
        charts=chart_list,
        provision=paragraphs,
        provision_table=qm_table,
        sample_shown=sample_shown,
        sources=sources,
        caveats=caveats,
        dataset=dataset,
    )
    return _finish(pack, step, with_images)


def _finish(pack: Pack, step: Progress, with_images: bool) -> Pack:
    pack.citation = citation(pack)
    if with_images:
        step(0.6, "Rendering the charts as images…")
        render_charts(pack)
    step(0.8, "Laying out the pack…")
    return pack


def _data_named(bind) -> tuple[str, str]:
    """The data named for a reader (releases and announcements) and the build's version and date."""
    meta = queries.dataset_meta(bind)
    named = edition.describe(queries.latest_release_sources(bind), queries.announcement_dates(bind))
    return named, f"dataset version {meta.get('seed_version', 'unknown')}" + _built(meta.get("built_at", ""))


def _authority_pack(
    bind, selection: Selection, profile: AuthorityProfile | None, on_date: dt.date, url: str, step, with_images
) -> Pack:
    if profile is None or profile.code != selection.code:
        raise KeyError(f"no profile given for local authority {selection.code!r}")
    named_data, dataset = _data_named(bind)
    all_sources = queries.sources(bind)
    sources = all_sources[all_sources["source_id"].isin(profile.source_ids)].reset_index(drop=True)
    step(0.3, "Laying out the authority's figures…")
    pack = Pack(
        title=f"Evidence pack: {profile.name}",
        selection=selection,
        selection_text=profile.selection_text,
        area_name=profile.name,
        generated=on_date,
        data_version=named_data,
        url=url,
        statements=list(profile.statements),
        tables=list(profile.tables),
        charts=list(profile.charts),
        provision=list(profile.provision),
        provision_table=profile.provision_table,
        sample_shown=False,
        sources=sources,
        caveats=[*dict.fromkeys([*profile.caveats, SYMBOLS_NOTE, *QUALITY_MARK_CAVEATS])],
        dataset=dataset,
    )
    return _finish(pack, step, with_images)


def _built(stamp: str) -> str:
    try:
        return f", built {date_text(dt.datetime.fromisoformat(stamp).date())}"
    except (TypeError, ValueError):
        return ""


def citation(pack: Pack) -> str:
    link = pack.url or "(address not available: the dashboard's public address is not set)"
    return (
        f"{PUBLISHER} regional dashboard, '{pack.title}' ({pack.selection_text}). "
        f"Data: {pack.data_version}. {link} (accessed {pack.generated_text})."
    )
