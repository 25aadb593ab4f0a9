"""The cheaper cache keys behind a warm run (nnecl_data/ui/chart_specs.py, data.py, components.py): a
chart's table is keyed by its exact content, a view's derived tables by the view's own arguments, and
neither ever serves one input's result for another."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from nnecl_data.ui import cache_keys, chart_specs, components, data


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "geography_code": ["E12000001", "E12000002", "E12000003"],
            "geography_name": ["North East", "North West", "Yorkshire and The Humber"],
            "value": [12.5, np.nan, 7.25],
            "status": [None, "c", None],
            "year": [2024, 2024, 2024],
            "is_derived": [False, True, False],
        }
    )


def test_equal_frames_made_differently_have_the_same_key():
    frame = _frame()
    rebuilt = pd.DataFrame(frame.to_dict("records"))
    assert cache_keys.frame_digest(frame) == cache_keys.frame_digest(frame.copy())
    assert cache_keys.frame_digest(frame) == cache_keys.frame_digest(rebuilt)


@pytest.mark.parametrize(
    "change",
    [
        lambda f: f.assign(value=[12.5, np.nan, 7.26]),  # one figure
        lambda f: f.assign(status=[None, "x", None]),  # one status symbol
        lambda f: f.assign(status=[None, "c", "None"]),  # a missing status is not the text 'None'
        lambda f: f.assign(value=[12.5, 0.0, 7.25]),  # a missing figure is not zero
        lambda f: f.rename(columns={"value": "pct"}),  # a column's name
        lambda f: f.assign(year=[2024.0, 2024.0, 2024.0]),  # a column's type
        lambda f: f.iloc[[1, 0, 2]],  # the order of the rows (and so the index)
        lambda f: f.iloc[:2],  # a row fewer
        lambda f: f.set_axis([5, 6, 7]),  # the index
        lambda f: f[["geography_name", "geography_code", "value", "status", "year", "is_derived"]],
    ],
)
def test_any_change_to_a_frame_changes_its_key(change):
    assert cache_keys.frame_digest(change(_frame())) != cache_keys.frame_digest(_frame())


def test_a_frame_of_other_values_is_keyed_by_content_the_default_way():
    dated = _frame().assign(when=pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"]))
    later = dated.assign(when=pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-02"]))
    mixed = _frame().assign(status=[None, "c", dt.date(2024, 1, 1)])
    assert cache_keys.frame_digest(dated) == cache_keys.frame_digest(dated.copy())
    assert cache_keys.frame_digest(dated) != cache_keys.frame_digest(later)
    assert cache_keys.frame_digest(mixed) != cache_keys.frame_digest(_frame())


def test_a_cached_chart_is_built_once_per_distinct_table(monkeypatch):
    calls = []

    def counting(df, *, title):
        calls.append(title)
        return chart_specs._charts.simple_bars(
            df, category="geography_name", value="value", title=title, x_title="NEET"
        )

    wrapped = chart_specs.cached(counting)
    chart_specs._build.clear()
    frame = _frame().assign(value=[12.5, 3.0, 7.25])
    first = wrapped(frame, title="t")
    again = wrapped(pd.DataFrame(frame.to_dict("records")), title="t")  # a later run's equal table
    other = wrapped(frame.assign(value=[1.0, 2.0, 3.0]), title="t")
    assert len(calls) == 2
    assert again.json == first.json
    assert other.json != first.json
    chart_specs._build.clear()


@dataclasses.dataclass
class _View:
    regions: pd.DataFrame
    year: int


_computed: list[tuple] = []


@data.cached_view
def _view(year: int, region_codes: tuple[str, ...]) -> _View:
    frame = _frame()
    return _View(frame[frame["geography_code"].isin(region_codes)] if region_codes else frame, year)


@data.from_view
def _table(view: _View, decimals: int) -> pd.DataFrame:
    _computed.append((view.year, len(view.regions), decimals))
    return view.regions.assign(value=view.regions["value"].round(decimals))[["geography_name", "value"]]


@pytest.fixture
def fresh():
    _view.clear()
    data._derived.clear()
    _computed.clear()
    yield
    _view.clear()
    data._derived.clear()


def test_a_table_derived_from_a_view_is_computed_once_per_view_and_argument(fresh):
    first = _table(_view(2024, ()), 0)
    again = _table(_view(2024, ()), 0)  # a later run: a new copy of the same view
    pd.testing.assert_frame_equal(first, again)
    assert _computed == [(2024, 3, 0)]
    _table(_view(2024, ()), 1)
    _table(_view(2024, ("E12000001",)), 0)
    _table(_view(2023, ()), 0)
    assert _computed == [(2024, 3, 0), (2024, 3, 1), (2024, 1, 0), (2023, 3, 0)]


def test_a_derived_table_equals_the_uncached_computation(fresh):
    for args in [(2024, ()), (2024, ("E12000002", "E12000003")), (2023, ("E12000001",))]:
        view = _view(*args)
        plain = _View(view.regions, view.year)  # the same figures, not made by cached_view
        pd.testing.assert_frame_equal(_table(view, 1), _table(plain, 1))


def test_a_view_not_made_by_cached_view_is_never_served_from_the_cache(fresh):
    view = _View(_frame(), 2024)
    _table(view, 0)
    changed = _View(_frame().assign(value=[1.0, 2.0, 3.0]), 2024)
    assert _table(changed, 0)["value"].tolist() == [1.0, 2.0, 3.0]
    assert len(_computed) == 2


def test_sources_are_named_from_one_read_per_distinct_list(monkeypatch):
    reads = []
    table = pd.DataFrame(
        {
            "source_id": ["a", "b"],
            "publisher": ["DfE", "DfE"],
            "title": ["Outcomes", "Looked after"],
            "url": ["https://example.gov.uk/a", ""],
            "licence": ["OGL v3.0", ""],
        }
    )

    def sources(ids):
        reads.append(ids)
        return table[table["source_id"].isin(ids)]

    monkeypatch.setattr(data, "sources", sources)
    components._source_rows.clear()
    groups = components._publishers(["b", "a", "b"])
    assert list(groups) == ["DfE"]
    assert [r.title for r in groups["DfE"]] == ["Outcomes", "Looked after"]
    assert components._publishers(["a", "b"]) == groups
    assert reads == [("a", "b")]
    assert components._rows_of([]) == ()
    components._source_rows.clear()


@data.from_view(uses=("regions",))
def _names(view: _View) -> list[str]:
    _computed.append(("names", len(view.regions)))
    return view.regions["geography_name"].tolist()


def test_a_table_that_uses_only_some_fields_is_shared_by_views_with_the_same_figures(fresh):
    assert _names(_view(2024, ())) == ["North East", "North West", "Yorkshire and The Humber"]
    assert _names(_view(2023, ())) == ["North East", "North West", "Yorkshire and The Humber"]  # same regions
    assert _names(_view(2024, ("E12000002",))) == ["North West"]  # other figures: computed again
    assert _computed == [("names", 3), ("names", 1)]


def test_text_columns_held_in_arrow_are_keyed_exactly_however_they_were_made():
    names = _frame()["geography_name"]
    assert str(names.dtype) == "str"  # pandas' Arrow-backed text
    sliced = _frame().iloc[1:]
    rebuilt = pd.DataFrame(sliced.to_dict("records"), index=sliced.index)
    joined = pd.concat([_frame().iloc[1:2], _frame().iloc[2:]])
    assert cache_keys.frame_digest(sliced) == cache_keys.frame_digest(rebuilt) == cache_keys.frame_digest(joined)
    missing = _frame().assign(geography_name=["North East", None, "Yorkshire and The Humber"])
    text_nan = _frame().assign(geography_name=["North East", "nan", "Yorkshire and The Humber"])
    assert cache_keys.frame_digest(missing) != cache_keys.frame_digest(text_nan)
    years = [pd.array(values, dtype="int64[pyarrow]") for values in ([2024, 2024, 2025], [2024, 2024, 2024])]
    assert cache_keys.frame_digest(_frame().assign(year=years[0])) != cache_keys.frame_digest(
        _frame().assign(year=years[1])
    )


def test_a_shown_table_reaches_the_browser_as_the_same_arrow_bytes():
    from streamlit import dataframe_util

    table = _frame().assign(Count=pd.array([1, None, 3], dtype="Int64"))
    components._arrow_table.clear()
    shown = components._as_arrow(table)
    sent = dataframe_util.convert_arrow_table_to_arrow_bytes(shown)
    assert sent == dataframe_util.convert_pandas_df_to_arrow_bytes(table)
    big = pd.DataFrame({"n": range(components.ARROW_ROWS + 1)})
    assert components._as_arrow(big) is big  # large tables go as they are
    components._arrow_table.clear()
