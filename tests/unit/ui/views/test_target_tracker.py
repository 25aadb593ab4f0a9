"""Pure parts of the target tracker view: projection, recorded history and the published figure's note."""

from __future__ import annotations

from nnecl_data.ui.views import target_tracker as views
from tests.unit.ui.views.samples import awards


def test_projection_is_capped_at_the_number_in_scope_and_runs_to_the_deadline():
    df = views.projection_frame(held=5, in_scope=8, per_year=2.0, year=2025, deadline=2028)
    assert df["year"].tolist() == [2025, 2026, 2027, 2028]
    assert df["institutions"].tolist() == [5, 7, 8, 8]
    assert set(df["series"]) == {views.PROJECTED}
    late = views.projection_frame(held=2, in_scope=3, per_year=0.0, year=2028, deadline=2027)
    assert late["year"].tolist() == [2028]


def test_target_labels_say_what_kind_each_row_is():
    target = {"scope_name": "Greater Manchester", "kind": "target", "deadline_year": 2027}
    assert views.target_label(target) == "Greater Manchester: target, 2027"
    london = {"scope_name": "London", "kind": "recommendation", "deadline_year": None}
    assert views.target_label(london) == "London: recommendation"


def test_as_of_text():
    assert views.as_of_text("2025-10") == "October 2025"
    assert views.as_of_text("2025") == "2025"
    assert views.as_of_text("not stated") == "not stated"


def test_held_by_year_applies_the_status_rule_each_year():
    df = views.held_by_year(awards(), ["a", "b", "c"], 2021, 2026)
    recorded = df[df["series"] == views.RECORDED]
    # 2021-2024: b and c (2021 awards); 2025: a (new) and b (2022 renewal in its expiry year); 2026: a only
    assert dict(zip(recorded["year"], recorded["institutions"], strict=True)) == {
        2021: 2,
        2022: 2,
        2023: 2,
        2024: 2,
        2025: 2,
        2026: 1,
    }
    # the scenario adds awards whose renewal is not announced: c from 2025, b and c in 2026
    scenario = df[df["series"] == views.IF_RENEWED].set_index("year")["institutions"]
    assert scenario[2024] == 2 and scenario[2025] == 3 and scenario[2026] == 3


def test_projection_sentence_says_it_is_not_a_forecast_once():
    summary = {"not_holding": 3, "projected_completion_year": 2027, "on_track": True, "first_awards_per_year": 1.5}
    view = views.TargetView(
        {"deadline_year": 2027, "kind": "target"}, summary, "", "", None, None, None, None, None, None, [], [], []
    )
    text = views.projection_sentence(view)
    assert text.startswith("At the recorded pace (1.50 in-scope institutions first awarded a year)")
    assert "by 2027: by the 2027 deadline" in text and text.count("not a forecast") == 1
