"""The outcome ingest on small files the test writes itself (the real files are tested in tests/data)."""

import textwrap

import pytest

from nnecl_data.ingest import outcomes

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "old_la_code,la_name,new_la_code,care_leaver_age,breakdown,care_leaver_count,care_leaver_percent\n"
)


def _write(tmp_path, body):
    path = tmp_path / "activity.csv"
    path.write_text("\ufeff" + HEADER + textwrap.dedent(body), encoding="utf-8")
    return path


def test_ees_rows_keep_symbols_and_attach_the_total_as_denominator(tmp_path):
    ne = "2025,Reporting year,Regional,E92000001,England,E12000001,North East,,,,19 to 21 years"
    durham = (
        "2025,Reporting year,Local authority,E92000001,England,E12000001,North East,840,County Durham,"
        "E06000047,19 to 21 years"
    )
    inner = "2025,Reporting year,Regional,E92000001,England,E13000001,Inner London,,,,19 to 21 years"
    body = "\n".join(
        [
            f"{ne},Total,2000,100",
            f'{ne},"Total not in education, employment or training",880,44',
            f"{durham},Total,300,100",
            f"{durham},Higher education i.e. studies beyond A level,c,c",
            f"{inner},Total,500,100",
        ]
    )
    path = _write(tmp_path, body + "\n")
    rows = outcomes.care_leaver_rows(path, "dfe_cla_2025", range(2025, 2026))
    by_key = {(r["indicator_code"], r["geography_code"]): r for r in rows}
    neet = by_key[("cl_neet_19_21", "E12000001")]
    assert (neet["value"], neet["numerator"], neet["denominator"], neet["status"]) == (44.0, 880.0, 2000.0, None)
    he = by_key[("cl_he_19_21", "E06000047")]
    assert he["value"] is None and he["status"] == "c" and he["denominator"] == 300.0
    assert not any(r["geography_code"].startswith("E13") for r in rows), "Inner London is not a region"


@pytest.mark.parametrize(
    ("parts", "total", "expected"),
    [
        (["10", "20", "15"], "100", (45.0, 45.0, 100.0, None, None)),
        (["10", "x", "15"], "100", (None, None, 100.0, "c", "x")),
        (["1", "0", "0"], "0", (None, None, 0.0, "z", None)),
        (["5"], "x", (None, None, None, "c", "x")),
        (["1"], "8", (13.0, 1.0, 8.0, None, None)),  # 12.5 rounds half up, as DfE rounds
    ],
)
def test_derived_percentage(parts, total, expected):
    assert outcomes.derived_percentage(parts, total) == expected


def test_phantom_area_years_are_dropped():
    import pandas as pd

    frame = pd.DataFrame(
        {
            "geography_level": ["local_authority"] * 3 + ["region"],
            "geography_code": ["E06000061", "E06000061", "E10000021", "E12000004"],
            "year": [2018, 2018, 2018, 2018],
            "status": ["z", "z", None, "z"],
        }
    )
    kept = outcomes._drop_not_applicable_areas(frame)
    assert list(kept["geography_code"]) == ["E10000021", "E12000004"]
