"""Charts are built once per distinct input and served from the cache to later sessions
(nnecl_data/ui/chart_specs.py): a repeat visit builds nothing and shows the same charts."""

from __future__ import annotations

import pytest

from nnecl_data.ui import chart_specs
from tests.app.conftest import assert_no_exception, open_page


@pytest.fixture
def builds(monkeypatch):
    """Names of the chart builders called, in order, from a cold chart cache."""
    calls: list[str] = []
    for name, builder in list(chart_specs._BUILDERS.items()):

        def counting(*args, _name=name, _builder=builder, **kwargs):
            calls.append(_name)
            return _builder(*args, **kwargs)

        monkeypatch.setitem(chart_specs._BUILDERS, name, counting)
    chart_specs._build.clear()
    yield calls
    chart_specs._build.clear()


def _specs(at) -> list[str]:
    return [element.proto.spec for element in at.get("vega_lite_chart")]


@pytest.mark.parametrize("page", ["outcomes", "quality_mark"])
def test_repeat_visit_builds_no_chart_and_shows_the_same_ones(builds, page):
    first = open_page(page, {"region": "E12000001"})
    assert_no_exception(first)
    built = len(builds)
    assert built >= 3  # map, ranked bars and more were built for this selection
    again = open_page(page, {"region": "E12000001"})  # a new session, same selection
    assert_no_exception(again)
    assert len(builds) == built
    assert _specs(again) == _specs(first)
    other = open_page(page, {"region": "E12000007"})  # a new selection is built
    assert_no_exception(other)
    assert len(builds) > built
    assert _specs(other) != _specs(first)


def test_a_new_regions_first_view_reuses_every_chart_of_all_regions(builds):
    """The highlighted region is a parameter of the region map, ranked bars and trend: a region chosen
    for the first time builds only what shows its own data (its local authorities)."""
    assert_no_exception(open_page("outcomes", {"region": "E12000001"}))
    seen = len(builds)
    assert_no_exception(open_page("outcomes", {"region": "E12000007"}))
    new = builds[seen:]
    assert "nnecl_data.ui.views.outcomes._region_map" not in new
    assert "nnecl_data.charts.builders.trend_lines" not in new
    assert new.count("nnecl_data.charts.builders.ranked_bars") == 1  # London's local authorities
    assert_no_exception(open_page("quality_mark", {"region": "E12000001"}))
    seen = len(builds)
    assert_no_exception(open_page("quality_mark", {"region": "E12000007"}))
    new = builds[seen:]
    assert "nnecl_data.ui.views.quality_mark._coverage_map" not in new
    assert "nnecl_data.charts.builders.ranked_bars" not in new
