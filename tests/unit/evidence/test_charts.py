"""The pack's charts: which local authorities a crowded trend chart shows, and says it shows."""

from __future__ import annotations

from nnecl_data import evidence


def test_trend_areas_names_which_local_authorities_a_crowded_chart_shows():
    import pandas as pd

    las = pd.DataFrame(
        {
            "geography_code": [f"E0800000{i}" for i in range(1, 9)],
            "gap_to_england": [1.0, 9.0, -3.0, None, 5.0, 0.0, 7.0, -8.0],
        }
    )
    few, note = evidence.trend_areas(las.head(4), "lower_better", 6, "2025")
    assert few == las["geography_code"].head(4).tolist() and note == ""
    # NEET: lower is better, so the largest positive gaps are furthest behind England; no figure goes last
    codes, note = evidence.trend_areas(las, "lower_better", 6, "2025")
    assert codes == ["E08000002", "E08000007", "E08000005", "E08000001", "E08000006", "E08000003"]
    assert note == ", the 6 of 8 local authorities furthest behind England in 2025"
    codes, _ = evidence.trend_areas(las, "higher_better", 3, "2025")
    assert codes == ["E08000008", "E08000003", "E08000006"]
    codes, note = evidence.trend_areas(las, "neutral", 2, "2025")
    assert codes == ["E08000002", "E08000008"] and "furthest from England" in note
