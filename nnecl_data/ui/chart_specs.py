"""The page's charts as cached Vega-Lite specs.

Building an Altair chart validates each encoding against the Vega-Lite JSON schema, and
`st.altair_chart` validates the whole chart again while serialising it: on the outcomes page that
was most of a warm run (profiled for issue 8). A chart depends only on its inputs, so each distinct
chart is built once, kept as its JSON text, and a later run only hashes the inputs and hands the
stored spec to `st.vega_lite_chart`. The builders in `nnecl_data.charts.builders` / `maps` stay pure Altair;
this module wraps them under the same names, so a page imports it as `charts`.

Builds here skip Altair's schema validation (it changes nothing in the output, only checks it). The
tests build every chart with validation on, and check that the spec served here is the same.

What a chart highlights is not part of its cache key. The builders draw the highlight from a Vega-Lite
parameter (`builders.HIGHLIGHT_PARAM`), so a chart wrapped with `cached(builder, variant=...)` is built
once for all selections with nothing highlighted, and each view only sets the parameter (and any small
dataset depending on it, such as line-end labels) on the stored spec: `builders.Variant`. A new region's
first view then reuses the region charts already built for every other region.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass

import altair as alt
import streamlit as st

from nnecl_data.charts import builders as _charts
from nnecl_data.charts import gap_charts as _charts_gaps
from nnecl_data.charts.builders import Variant, apply_variant
from nnecl_data.ui.cache_keys import CONTENT_KEYS

try:  # Altair validates each schema object as it is made unless debug mode is off
    from altair.utils.schemapi import debug_mode as _debug_mode
except ImportError:  # pragma: no cover - older or newer Altair: validation stays on, output the same
    _debug_mode = None
try:  # Streamlit's own conversion of chart rows to Arrow (the same call its chart elements make)
    from streamlit.dataframe_util import convert_anything_to_arrow_bytes as _to_arrow
except ImportError:  # pragma: no cover - Streamlit then converts the JSON rows on each run itself
    _to_arrow = None

_BUILDERS: dict[str, Callable[..., alt.TopLevelMixin]] = {}


@dataclass(frozen=True)
class ChartSpec:
    """A finished chart: its Vega-Lite JSON with data inline (what images and exports use), the same
    spec for the page with its tables as Arrow bytes (what Streamlit would otherwise convert on every
    run), and its text alternative ('' if none)."""

    json: str
    description: str
    page_json: str = ""
    arrow: tuple[tuple[str, bytes], ...] = ()
    variant: Variant | None = None  # set on the stored spec when it is served (the highlight, ...)

    def _varied(self, spec: dict) -> dict:
        return apply_variant(spec, self.variant) if self.variant is not None else spec

    def to_dict(self) -> dict:
        return self._varied(json.loads(self.json))

    def to_json(self) -> str:
        if self.variant is None:
            return self.json
        return json.dumps(self.to_dict(), separators=(",", ":"))

    def page_spec(self) -> dict:
        """The spec for `st.vega_lite_chart`: tabular datasets already Arrow, geometry left as text."""
        if not self.page_json:
            return self.to_dict()
        spec = self._varied(json.loads(self.page_json))
        spec["datasets"] = {**spec.get("datasets", {}), **dict(self.arrow)}
        return spec

    def with_variant(self, variant: Variant) -> ChartSpec:
        description = variant.description if variant.description is not None else self.description
        return dataclasses.replace(self, variant=variant, description=description)


def _with_arrow(text: str, description: str) -> ChartSpec:
    """Move the spec's tabular datasets to Arrow bytes once, as Streamlit itself would on each run."""
    if _to_arrow is None:
        return ChartSpec(text, description)
    spec = json.loads(text)
    tables = {k: v for k, v in spec.get("datasets", {}).items() if isinstance(v, list) and v}
    if not tables:
        return ChartSpec(text, description)
    spec["datasets"] = {k: v for k, v in spec["datasets"].items() if k not in tables}
    if not spec["datasets"]:
        del spec["datasets"]
    arrow = tuple((name, _to_arrow(rows)) for name, rows in tables.items())
    return ChartSpec(text, description, json.dumps(spec, separators=(",", ":")), arrow)


def _unvalidated():
    return _debug_mode(False) if _debug_mode else contextlib.nullcontext()


def spec_of(chart: alt.TopLevelMixin | ChartSpec) -> ChartSpec:
    if isinstance(chart, ChartSpec):
        return chart
    description = getattr(chart, "description", None)
    with _unvalidated():
        text = chart.to_json(validate=False, indent=None)
    return _with_arrow(text, description if isinstance(description, str) else "")


def build(builder: Callable[..., alt.TopLevelMixin], *args, **kwargs) -> ChartSpec:
    """Build uncached, without validation: what `cached` stores."""
    with _unvalidated():
        return spec_of(builder(*args, **kwargs))


# A map is ~0.3 MB with its Arrow copy (a local-authority map for each selection of regions)
@st.cache_data(max_entries=256, ttl=1800, show_spinner=False, hash_funcs=CONTENT_KEYS)
def _build(name: str, args: tuple, kwargs: dict) -> ChartSpec:
    return build(_BUILDERS[name], *args, **kwargs)


def cached(
    builder: Callable[..., alt.TopLevelMixin],
    variant: Callable[..., Variant] | None = None,
    varies: str = "highlight",
) -> Callable[..., ChartSpec]:
    """`builder` with the same arguments, returning a ChartSpec built once per distinct input
    (DataFrames are hashed by content, so new data builds a new chart).

    With `variant`, the keyword `varies` (the highlight) is left out of the build: the chart is built and
    stored with it empty, and `variant(*args, **kwargs)` (cheap, uncached) gives what to set on the stored
    spec for this call, which then equals `builder(*args, **kwargs)`."""
    name = f"{builder.__module__}.{builder.__qualname__}"
    _BUILDERS[name] = builder

    @functools.wraps(builder)
    def wrapper(*args, **kwargs) -> ChartSpec:
        if variant is None:
            return _build(name, args, kwargs)
        base = _build(name, args, {**kwargs, varies: None})
        return base.with_variant(variant(*args, **kwargs))

    return wrapper


def _ranked_bars_variant(df, *, highlight=None, name_field: str = "geography_name", **_ignored) -> Variant:
    return _charts.highlight_variant(df, highlight, name_field)


ranked_bars = cached(_charts.ranked_bars, variant=_ranked_bars_variant)
trend_lines = cached(_charts.trend_lines, variant=_charts.trend_variant)
grouped_status_bars = cached(_charts.grouped_status_bars)
simple_bars = cached(_charts.simple_bars)
timeline_bars = cached(_charts.timeline_bars)
benchmark_bars = cached(_charts.benchmark_bars)
target_projection = cached(_charts.target_projection)
stacked_bars = cached(_charts.stacked_bars)
gap_coverage_scatter = cached(
    _charts_gaps.gap_coverage_scatter, variant=_charts_gaps.description_variant, varies="description"
)
