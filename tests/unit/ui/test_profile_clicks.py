"""A click on an authority on a chart opens its profile: the pure rule that reads the chart's selection,
the filters function that follows it (once per new pick), and the clickable bar charts' selection."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from nnecl_data.charts import builders, profile_charts
from nnecl_data.rules import selection
from nnecl_data.ui import filters, navigation

SALFORD, BURY, NORTH_WEST = "E08000006", "E08000002", "E12000002"
AUTHORITIES = (SALFORD, BURY)


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([{"geography_code": SALFORD}], SALFORD),
        ([{"geography_code": SALFORD}, {"geography_code": SALFORD}], SALFORD),  # one area, twice
        ([], None),  # nothing clicked, or the selection cleared
        (None, None),
        ([{"geography_code": SALFORD}, {"geography_code": BURY}], None),  # several: no one profile
        ([{"geography_code": NORTH_WEST}], None),  # a region's bar on a chart of authorities
        ([{"geography_code": "E92000001"}], None),  # England
        ([{"geography_code": "'; DROP TABLE x"}], None),  # not on the allow-list
        ([{"other": SALFORD}], None),
        ("E08000006", None),  # not a selection at all
    ],
)
def test_a_click_picks_one_allowed_authority_or_nothing(points, expected):
    assert selection.clicked_code(points, AUTHORITIES) == expected


class _Switched(Exception):
    """Stands in for st.switch_page, which ends the run."""


@pytest.fixture
def app(monkeypatch):
    """filters with a plain dict as session state, a fixed list of authorities and a recorded page switch."""
    state: dict = {}
    switches: list = []
    monkeypatch.setattr(filters.st, "session_state", state)
    monkeypatch.setattr(filters.data, "local_authorities", lambda: pd.DataFrame({"code": list(AUTHORITIES)}))

    def switch(page_id, query_params=None):
        switches.append((page_id, query_params))
        raise _Switched

    monkeypatch.setattr(navigation, "switch", switch)
    return SimpleNamespace(state=state, switches=switches)


def _clicked(*codes):
    return SimpleNamespace(selection={builders.AREA_SELECTION: [{"geography_code": c} for c in codes]})


def test_a_click_sets_the_shared_la_filter_and_opens_the_profile_keeping_the_other_filters(app):
    app.state[filters.KEY] = selection.Filters(regions=(NORTH_WEST,), indicator="cl_he")
    app.state[navigation.CURRENT] = "outcomes"
    with pytest.raises(_Switched):
        filters.follow_authority_click(_clicked(SALFORD), "la_bars")
    assert filters.current().local_authority == SALFORD
    assert app.switches == [("local_authority", {"region": [NORTH_WEST], "indicator": "cl_he", "la": SALFORD})]


def test_only_a_new_pick_opens_a_profile(app):
    app.state[navigation.CURRENT] = "outcomes"
    with pytest.raises(_Switched):
        filters.follow_authority_click(_clicked(SALFORD), "la_bars")
    # back on the page with the chart still holding Salford: no second switch
    filters.follow_authority_click(_clicked(SALFORD), "la_bars")
    assert len(app.switches) == 1
    # the selection emptied (the chart redrawn), then Salford clicked again: opened again
    filters.follow_authority_click(_clicked(), "la_bars")
    with pytest.raises(_Switched):
        filters.follow_authority_click(_clicked(SALFORD), "la_bars")
    assert len(app.switches) == 2


def test_nothing_happens_without_a_click_an_authority_or_on_the_profiles_own_bar(app):
    app.state[navigation.CURRENT] = "outcomes"
    for event in (None, SimpleNamespace(), _clicked(), _clicked(NORTH_WEST), _clicked(SALFORD, BURY)):
        filters.follow_authority_click(event, "la_map")
    app.state[navigation.CURRENT] = "local_authority"
    app.state[filters.KEY] = selection.Filters(local_authority=SALFORD)
    filters.follow_authority_click(_clicked(SALFORD), "la_bars")
    assert app.switches == []
    with pytest.raises(_Switched):  # a neighbour's bar on Salford's profile opens the neighbour's
        filters.follow_authority_click(_clicked(BURY), "la_bars")
    assert app.switches[0][1]["la"] == BURY


def test_profile_links_carry_the_filters_and_the_authority(app):
    app.state[filters.KEY] = selection.Filters(regions=(NORTH_WEST,), local_authority=BURY)
    assert filters.profile_url(SALFORD) == f"local_authority?region={NORTH_WEST}&la={SALFORD}"
    assert filters.current().local_authority == BURY  # a link changes nothing until it is followed


def _areas():
    return pd.DataFrame(
        {
            "geography_code": [SALFORD, BURY],
            "geography_name": ["Salford", "Bury"],
            "value": [40.0, None],
            "status": [None, "c"],
        }
    )


def _selection_params(spec: dict) -> list[dict]:
    return [p for p in spec.get("params", []) if "select" in p]


def test_clickable_ranked_bars_select_an_areas_code_on_the_bars_layer_only():
    spec = builders.ranked_bars(
        _areas(),
        title="t",
        value_label="v",
        unit="percent",
        polarity="higher_better",
        england=38.0,
        clickable=True,
    ).to_dict()
    (param,) = _selection_params(spec)
    assert param["name"] == builders.AREA_SELECTION
    assert param["select"]["fields"] == ["geography_code"] and param["views"] == [builders.BAR_VIEW]
    named = [layer for layer in spec["layer"] if layer.get("name") == builders.BAR_VIEW]
    assert len(named) == 1 and named[0]["mark"]["type"] == "bar"
    # the selection's field is in the chart's rows
    assert {row["geography_code"] for row in spec["datasets"][spec["data"]["name"]]} == {SALFORD, BURY}
    plain = builders.ranked_bars(_areas(), title="t", value_label="v", unit="percent", polarity="higher_better")
    assert _selection_params(plain.to_dict()) == []


def test_clickable_comparison_bars_select_an_areas_code():
    bars = pd.DataFrame(
        {
            "name": ["Salford", "Bury", "England"],
            "role": ["This authority", "Statistical neighbour", "England"],
            "value": [40.0, 38.0, 37.0],
            "status": [None, None, None],
            "label": ["40%", "38%", "37%"],
            "geography_code": [SALFORD, BURY, "E92000001"],
        }
    )
    spec = profile_charts.comparison_bars(
        bars, title="t", value_label="v", unit="percent", polarity="higher_better", clickable=True
    ).to_dict()
    (param,) = _selection_params(spec)
    assert param["views"] == [builders.BAR_VIEW] and param["select"]["fields"] == ["geography_code"]
    plain = profile_charts.comparison_bars(
        bars, title="t", value_label="v", unit="percent", polarity="higher_better"
    )
    assert _selection_params(plain.to_dict()) == []
