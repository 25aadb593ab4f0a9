"""Pure parts of the member density view."""

from __future__ import annotations

import pandas as pd

from nnecl_data.ui.views import members as views


def test_member_rates_count_members_without_a_region_in_england():
    regions = pd.DataFrame({"members": [3, 7], "institutions": [100, 100]})
    rates = views.member_rates(regions, 20000.0, without_region=2)
    assert rates["members"] == 12
    assert rates["per_100_institutions"] == 6.0
    assert rates["per_1000_care_leavers"] == 0.6
    assert views.member_rates(regions, None, 0)["per_1000_care_leavers"] is None


def _view(sample: bool) -> views.MembersView:
    regions = pd.DataFrame({"members": [3, 7], "institutions": [100, 100]})
    england = {**views.member_rates(regions, 20000.0, without_region=2), "without_region": 2}
    return views.MembersView(True, sample, regions, england, pd.DataFrame(), 2025, [], [])


def test_summary_gives_englands_rates_and_flags_sample_data():
    text = views.members_summary(_view(sample=False))
    assert text == (
        "**12** current members in England (2 with no region recorded, counted in England's figures only): "
        "6.0 per 100 institutions in the register and 0.6 per 1,000 care leavers aged 19 to 21 (2025)."
    )
    assert views.members_summary(_view(sample=True)).startswith("Sample data: **12**")
    assert views.chart_subtitle(_view(sample=True)).startswith("Fictional sample.")
