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


def _view(summary, scenarios=None, outside=None, kind="target", deadline=2027):
    import pandas as pd

    return views.TargetView(
        {"deadline_year": deadline, "kind": kind, "scope_name": "Greater Manchester"},
        summary,
        "",
        "",
        None,
        outside if outside is not None else pd.DataFrame(columns=["name", "holds_award"]),
        None,
        None,
        scenarios if scenarios is not None else pd.DataFrame(),
        None,
        [],
        [],
        [],
    )


def test_pace_needed_is_per_term_with_the_renewal_scenario():
    import datetime as dt

    summary = {
        "not_holding": 27,
        "terms_left": 3,
        "pace_needed_per_term": 9.0,
        "first_awards_per_term": 0.72,
        "first_awards_per_year": 2.17,
        "not_announced": 8,
        "if_renewed_remaining": 19,
        "if_renewed_pace_per_term": 6.3,
    }
    text = views.pace_text(_view(summary), dt.date(2026, 12, 1))
    assert "27 in-scope institutions have no current award on record" in text
    assert "3 terms start between 1 December 2026 and the end of 2027" in text
    assert "needs 9.0 institutions accredited a term" in text and "0.72 a term (2.17 a year)" in text
    assert "Scenario, not a fact: if the 8 whose renewal is not announced were in fact renewed, 19 remain" in text
    assert views.pace_text(_view(summary, kind="recommendation", deadline=None), dt.date(2026, 12, 1)) == (
        "With no deadline, no pace or projection is worked out."
    )


def test_renewal_scenarios_are_stated_as_scenarios():
    import pandas as pd

    scenarios = pd.DataFrame(
        [
            {
                "ended": 2024,
                "institutions": 8,
                "names": ["A"],
                "renewed_due": 2027,
                "against_deadline": "in the deadline year",
            }
        ]
    )
    text = views.scenario_text(_view({}, scenarios))
    assert text.startswith("Scenarios, not facts")
    assert "8 in-scope awards whose three years ended in 2024 have no renewal announced" in text
    assert "If renewed in 2024, they would fall due again in 2027, the deadline year" in text


def test_awardees_outside_the_register_are_in_neither_count_nor_denominator():
    import pandas as pd

    outside = pd.DataFrame({"name": ["Oldham Sixth Form College"], "holds_award": [True]})
    text = views.denominator_text(_view({"in_scope": 32, "holding_award": 5}, outside=outside))
    assert "1 named awardee is not in the register (Oldham Sixth Form College; 1 with a current award)" in text
    assert "in neither the count nor the denominator of 32" in text and "at least 33 in-scope institutions" in text
