"""Regional outcomes page: figures shown equal the database, filters work, bad links are survived."""

import json

from sqlalchemy import text

from tests.app.conftest import assert_no_exception, open_page, page_text, scalar, url_values

NE_NEET_2025 = """SELECT value FROM outcomes WHERE indicator_code='cl_neet_19_21' AND geography_code='E12000001'
                  AND year=2025"""
ENGLAND = """SELECT value FROM outcomes WHERE indicator_code=:code AND geography_level='england' AND year=:year"""


def test_default_view_shows_england_and_all_regions(app_db):
    at = open_page("outcomes")
    assert_no_exception(at)
    england = scalar(app_db, ENGLAND, code="cl_neet_19_21", year=2025)
    assert f"{england:.0f}% of care leavers aged 19 to 21 in England were not in education" in page_text(at)


def test_north_east_2025_neet_headline_equals_the_database(app_db):
    at = open_page("outcomes", {"region": "E12000001", "year": "2025"})
    assert_no_exception(at)
    value = scalar(app_db, NE_NEET_2025)
    england = scalar(app_db, ENGLAND, code="cl_neet_19_21", year=2025)
    text = page_text(at)
    assert f"{value:.0f}%" in text and f"England ({england:.0f}%)" in text
    assert f"{abs(value - england):.0f} percentage points above" in text
    # the region's local authorities are listed
    frames = [df.value for df in at.dataframe]
    la_frame = next(f for f in frames if "Local authority" in f.columns)
    expected = scalar(
        app_db,
        """SELECT count(*) FROM outcomes o JOIN local_authorities l ON l.code=o.geography_code
           WHERE o.indicator_code='cl_neet_19_21' AND o.year=2025 AND l.region_code='E12000001'""",
    )
    assert len(la_frame) == expected


def test_suppressed_local_authority_values_never_reach_the_table(app_db):
    at = open_page("outcomes", {"region": ["E12000001", "E12000008"], "indicator": "cl_he", "year": "2025"})
    assert_no_exception(at)
    la_frame = next(df.value for df in at.dataframe if "Local authority" in df.value.columns)
    suppressed = la_frame[la_frame["Status"].str.startswith("c")]
    assert len(suppressed) > 0
    value_column = [c for c in la_frame.columns if c.startswith("In HE")][0]
    assert suppressed[value_column].isna().all() and suppressed["Count"].isna().all()


def test_changing_filters_changes_the_figures(app_db):
    at = open_page("outcomes", {"region": "E12000007"})
    at.sidebar.selectbox(key="w_indicator").set_value("cl_he").run()
    at.sidebar.radio(key="w_age").set_value("17_18").run()
    at.sidebar.selectbox(key="w_year").set_value(2016).run()
    assert_no_exception(at)
    value = scalar(
        app_db,
        """SELECT value FROM outcomes WHERE indicator_code='cl_he_17_18' AND year=2016
                              AND geography_code='E12000007'""",
    )
    assert f"{value:.0f}% of care leavers aged 17 to 18 in London were in higher education" in page_text(at)
    assert url_values(at, "indicator") == ["cl_he"] and url_values(at, "age") == ["17_18"]
    assert url_values(at, "year") == ["2016"] and url_values(at, "region") == ["E12000007"]


def test_2016_figures_quoted_by_the_lwi_report_can_be_found(app_db):
    at = open_page("outcomes", {"region": ["E12000004", "E12000002"], "year": "2016"})
    assert_no_exception(at)
    text = page_text(at)
    assert "45% of care leavers aged 19 to 21 in the East Midlands were not in education" in text
    assert "45% of care leavers aged 19 to 21 in the North West were not in education" in text


def test_bad_link_parameters_are_ignored_with_a_note(app_db):
    at = open_page(
        "outcomes",
        {"region": ["E12000001", "<script>"], "year": "1850", "indicator": "drop table", "nonsense": "1"},
    )
    assert_no_exception(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "not one of the allowed values" in warnings and "unknown link parameter" in warnings
    assert "<script>" not in warnings
    assert at.sidebar.multiselect(key="w_region").value == ["E12000001"]


def _trend_spec(at) -> dict:
    import json

    specs = [json.loads(element.proto.spec) for element in at.get("vega_lite_chart")]
    return next(s for s in specs if "trend_end_labels" in json.dumps(s.get("layer", [])))


def _highlighted(spec: dict) -> list[str]:
    return next(p["value"] for p in spec["params"] if p["name"] == "highlight")


def _end_texts(spec: dict) -> list[str]:
    layer = next(layer for layer in spec["layer"] if layer.get("data", {}).get("name") == "trend_end_labels")
    return sorted(row["end_text"] for row in layer["data"]["values"])


def test_trend_with_no_region_chosen_names_england_the_best_and_the_furthest_behind(app_db):
    at = open_page("outcomes", {"year": "2025"})
    assert_no_exception(at)
    extreme = """SELECT geography_code FROM outcomes WHERE indicator_code='cl_neet_19_21' AND year=2025
                 AND geography_level='region' AND status IS NULL AND value=(SELECT {agg}(value) FROM outcomes
                 WHERE indicator_code='cl_neet_19_21' AND year=2025 AND geography_level='region')"""
    with app_db.connect() as conn:  # lower is better for NEET: best is the lowest (any of a tie)
        ranked = [{row[0] for row in conn.exec_driver_sql(extreme.format(agg=agg))} for agg in ("min", "max")]
    spec = _trend_spec(at)
    best, worst = _highlighted(spec)
    assert best in ranked[0] and worst in ranked[1]
    england = scalar(app_db, ENGLAND, code="cl_neet_19_21", year=2025)
    assert f"England {england:.0f}%" in _end_texts(spec)
    assert len(_end_texts(spec)) == 3
    assert "best region" in page_text(at) and "furthest behind" in page_text(at)


def test_the_trend_highlights_the_regions_picked_on_it_without_changing_the_filters(app_db):
    at = open_page("outcomes", {"region": "E12000001"})
    at.multiselect(key="trend_highlight").set_value(["E12000007"]).run()
    assert_no_exception(at)
    spec = _trend_spec(at)
    assert _highlighted(spec) == ["E12000001", "E12000007"]
    london = scalar(
        app_db,
        """SELECT value FROM outcomes WHERE indicator_code='cl_neet_19_21' AND geography_code='E12000007'
           AND year=(SELECT max(year) FROM outcomes WHERE indicator_code='cl_neet_19_21')""",
    )
    assert f"London {london:.0f}%" in _end_texts(spec)
    assert url_values(at, "region") == ["E12000001"]  # the shared filter (and the link) are unchanged


def test_derived_figures_are_marked_in_every_table_trend_and_download(app_db):
    """2016 percentages are derived from counts: the region table says so on every row, the trend's
    table heads the year '(derived)', the trend chart's title names the derived years."""
    with app_db.connect() as conn:
        derived_years = [
            year
            for (year,) in conn.execute(
                text(
                    "SELECT DISTINCT year FROM outcomes WHERE indicator_code = 'cl_neet_19_21' AND is_derived "
                    "ORDER BY year"
                )
            )
        ]
    assert derived_years, "the seed derives 2016 and 2017 from counts"
    first = derived_years[0]
    at = open_page("outcomes", {"year": str(first), "region": "E12000001"})
    assert_no_exception(at)
    frames = [df.value for df in at.dataframe]
    region_table = next(f for f in frames if "Region" in f.columns and "Rank (1 = best)" in f.columns)
    assert set(region_table["Derived"]) == {"derived"}
    assert f"The {first} figures are derived from DfE's counts." in page_text(at)  # the headline says so
    la_table = next(f for f in frames if "Local authority" in f.columns)
    assert set(la_table["Derived"]) == {"derived"}
    trend_table = next(f for f in frames if "Area" in f.columns and len(f.columns) > 5)
    for year in derived_years:
        assert f"{year} (derived)" in trend_table.columns
    later = scalar(app_db, "SELECT max(year) FROM outcomes WHERE indicator_code = 'cl_neet_19_21'")
    assert str(later) in trend_table.columns  # a published year is not marked
    charts = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    titles = [json.dumps(spec.get("title", "")) for spec in charts]
    years_text = " and ".join(str(y) for y in derived_years)
    assert any(f"({years_text} derived)" in t for t in titles), titles
    # the latest year's tables carry no Derived column at all (nothing to mark)
    at = open_page("outcomes")
    assert not any("Derived" in df.value.columns for df in at.dataframe)
