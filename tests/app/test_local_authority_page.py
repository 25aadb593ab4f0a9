"""Local authority page: found by name, shows the database's neighbours and figures, keeps its symbols,
survives bad links and page moves. Expected values are read straight from the database with SQL."""

from __future__ import annotations

from urllib.parse import parse_qs

from sqlalchemy import text

from tests.app.conftest import assert_no_exception, open_page, page_path, page_text, scalar, url_values

SALFORD = "E08000006"
NEIGHBOURS = """SELECT l.name FROM statistical_neighbours s JOIN local_authorities l ON l.code = s.neighbour_code
                WHERE s.la_code = :code AND s.grouping_year = :year ORDER BY s.rank"""
CELL = """SELECT value, status FROM outcomes WHERE indicator_code = :indicator AND geography_code = :code
          AND year = :year"""


def _rows(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def _frame(at, column: str):
    return next((df.value for df in at.dataframe if column in df.value.columns), None)


def _linked_names(table, column: str = "Neighbour") -> list[str]:
    """The names a link column shows (its link's fragment); each link opens the row's own profile."""
    names = []
    for link, code in zip(table[column], table["Code"], strict=True):
        address, _, name = link.partition("#")
        assert address.startswith("local_authority?") and parse_qs(address.split("?", 1)[1])["la"] == [code]
        names.append(name)
    return names


def test_typing_part_of_a_name_finds_the_authority_and_choosing_it_shows_its_neighbours(app_db):
    at = open_page("local_authority")
    assert_no_exception(at)
    chooser = at.selectbox(key="w_la")
    assert chooser.value is None  # nothing chosen yet: an empty state explains what to do
    assert "type part of its name" in page_text(at)
    # the chooser filters its labels by what is typed: 'salf' matches Salford's label and no other
    matches = [label for label in chooser.options if "salf" in label.lower()]
    assert matches == ["Salford · North West"]
    # one entry per authority, current or abolished: DfE's 158 three-digit codes
    assert len(chooser.options) == scalar(app_db, "SELECT count(DISTINCT old_la_code) FROM local_authorities")
    assert len(chooser.options) == 158
    chooser.set_value(SALFORD).run()
    assert_no_exception(at)
    assert url_values(at, "la") == [SALFORD]
    neighbours = _frame(at, "Still exists")
    expected = [r[0] for r in _rows(app_db, NEIGHBOURS, code=SALFORD, year=2025)]
    assert _linked_names(neighbours) == expected and len(expected) == 10


def test_headline_and_average_equal_the_database(app_db):
    at = open_page("local_authority", {"la": SALFORD})
    assert_no_exception(at)
    value, _ = _rows(app_db, CELL, indicator="cl_eet_19_21", code=SALFORD, year=2025)[0]
    figures = _rows(
        app_db,
        """SELECT o.value FROM statistical_neighbours s JOIN outcomes o ON o.geography_code = s.neighbour_code
           WHERE s.la_code = :code AND s.grouping_year = 2025 AND o.indicator_code = 'cl_eet_19_21'
           AND o.year = 2025 AND o.status IS NULL""",
        code=SALFORD,
    )
    average = sum(f[0] for f in figures) / len(figures)
    text_ = page_text(at).replace("\\", "")
    assert f"In 2025, {value:.0f}% of care leavers aged 19 to 21 in Salford" in text_
    assert f"statistical neighbours' average ({average:.1f}%, {len(figures)} of 10 neighbours published)" in text_
    summary = _frame(at, "Neighbours' average (derived)")
    row = summary[summary["Indicator"].str.startswith("Care leavers aged 19 to 21 in education")].iloc[0]
    assert row["Salford"] == value and row["Neighbours' average (derived)"] == round(average, 1)
    # the table behind the bar chart: the authority, its 10 neighbours, their average, region and England
    bars = _frame(at, "Shown as")
    assert bars["Shown as"].value_counts().to_dict() == {
        "Statistical neighbour": 10,
        "This authority": 1,
        "Neighbours' average (derived)": 1,
        "Region": 1,
        "England": 1,
    }
    neighbours = bars[bars["Shown as"] == "Statistical neighbour"]
    for code, shown in zip(neighbours["Code"], neighbours["EET, 19 to 21"], strict=True):
        cell = _rows(app_db, CELL, indicator="cl_eet_19_21", code=code, year=2025)[0]
        assert (shown == cell[0]) if cell[1] is None else (shown != shown)


def test_suppressed_cells_keep_their_symbol_and_no_number(app_db):
    code = scalar(
        app_db,
        """SELECT o.geography_code FROM outcomes o JOIN local_authorities l ON l.code = o.geography_code
           WHERE o.indicator_code = 'cl_he_19_21' AND o.year = 2025 AND o.status = 'c' AND l.end_year IS NULL
           ORDER BY o.geography_code LIMIT 1""",
    )
    at = open_page("local_authority", {"la": code})
    assert_no_exception(at)
    name = scalar(app_db, "SELECT name FROM local_authorities WHERE code = :code", code=code)
    summary = _frame(at, "Neighbours' average (derived)")
    row = summary[summary["Indicator"].str.startswith("Care leavers aged 19 to 21 in higher")].iloc[0]
    assert row["Status"].startswith("c") and row[name] != row[name]  # blank (NaN), never a number
    assert row["Rank among authorities (1 = best)"] == "" and row["Quartile band (A = best)"] == ""


def test_a_malformed_or_unknown_la_is_ignored_with_a_note(app_db):
    for bad in ("<script>alert(1)</script>", "E99999999"):
        at = open_page("local_authority", {"la": bad})
        assert_no_exception(at)
        warning = " ".join(w.value for w in at.warning)
        assert "Ignored local authority" in warning and "<script>" not in warning
        assert at.selectbox(key="w_la").value is None
        assert url_values(at, "la") == []


def test_the_choice_survives_moving_to_another_page_and_back(app_db):
    at = open_page("local_authority", {"la": SALFORD})
    at.switch_page(page_path("outcomes")).run()
    assert_no_exception(at)
    assert url_values(at, "la") == [SALFORD]  # a page without the chooser keeps the choice untouched
    at.switch_page(page_path("local_authority")).run()
    assert_no_exception(at)
    assert at.selectbox(key="w_la").value == SALFORD
    assert "Salford" in [h.value for h in at.header]


def test_an_abolished_authority_is_found_and_points_to_its_successors(app_db):
    at = open_page("local_authority", {"la": "E10000006"})
    assert_no_exception(at)
    assert "Cumbria · North West · until 2023" in at.selectbox(key="w_la").options
    text_ = page_text(at).replace("\\", "")
    assert "Cumbria no longer exists: its last reporting year was 2023" in text_
    assert "(local_authority?la=E06000063)" in text_ and "(local_authority?la=E06000064)" in text_
    value, _ = _rows(app_db, CELL, indicator="cl_eet_19_21", code="E10000006", year=2023)[0]
    assert f"In 2023, {value:.0f}% of care leavers aged 19 to 21 in Cumbria" in text_


def test_an_old_code_of_the_same_area_opens_the_authority(app_db):
    at = open_page("local_authority", {"la": "E10000023"})  # North Yorkshire before its 2023 recode
    assert_no_exception(at)
    assert at.selectbox(key="w_la").value == "E06000065"
    assert "North Yorkshire" in [h.value for h in at.header]


def test_nottinghamshire_shows_its_partnership_and_its_source(app_db):
    at = open_page("local_authority", {"la": "E10000024"})
    assert_no_exception(at)
    partnerships = _frame(at, "How it works")
    expected = scalar(app_db, "SELECT name FROM partnerships WHERE la_codes LIKE '%E10000024%'")
    assert expected == "Nottinghamshire Looked After Children and Care Leavers Partnership"
    assert partnerships["Partnership"].tolist() == [expected]
    assert partnerships["Source"].tolist() == ["nottinghamshire_lac_strategy_2022"]


def test_methods_page_lists_every_grouping_that_names_an_authority_no_longer_existing(app_db):
    at = open_page("methods")
    assert_no_exception(at)
    table = _frame(at, "What the grouping names")
    ended = scalar(
        app_db,
        """SELECT count(*) FROM statistical_neighbours s JOIN local_authorities l ON l.code = s.neighbour_code
           WHERE l.end_year IS NOT NULL""",
    )
    old = scalar(
        app_db, "SELECT count(DISTINCT grouping_year || la_code) FROM statistical_neighbours WHERE old_section"
    )
    assert ended > 0 and len(table) == ended + old
    # in current authorities' groupings, the only authority no longer existing is Cumbria (April 2021)
    in_current = scalar(
        app_db,
        """SELECT count(*) FROM statistical_neighbours s JOIN local_authorities l ON l.code = s.neighbour_code
           WHERE l.end_year IS NOT NULL AND NOT s.old_section AND s.neighbour_code = 'E10000006'
           AND s.grouping_year = 2021""",
    )
    assert in_current > 0
    assert table["What the grouping names"].str.startswith("Cumbria as neighbour").sum() >= in_current
    assert "never replaced by its" in page_text(at)


def test_the_2021_grouping_keeps_an_abolished_neighbour_and_the_average_says_it_covers_fewer(app_db):
    at = open_page("local_authority", {"la": "E06000061"})  # North Northamptonshire
    at.radio(key="w_grouping").set_value(2021).run()
    assert_no_exception(at)
    expected = [r[0] for r in _rows(app_db, NEIGHBOURS, code="E06000061", year=2021)]
    neighbours = _frame(at, "Still exists")
    assert _linked_names(neighbours) == expected and "Cumbria" in expected
    cumbria = neighbours[neighbours["Neighbour"].str.endswith("#Cumbria")].iloc[0]
    assert cumbria["Still exists"] == "no: last reporting year 2023"
    bars = _frame(at, "Shown as")
    row = bars[bars["Area"] == "Cumbria"].iloc[0]
    assert row["Status"].startswith("x") and "no figure for this year" in row["Note"]
    published = scalar(
        app_db,
        """SELECT count(*) FROM statistical_neighbours s JOIN outcomes o ON o.geography_code = s.neighbour_code
           WHERE s.la_code = 'E06000061' AND s.grouping_year = 2021 AND o.indicator_code = 'cl_eet_19_21'
           AND o.year = 2025 AND o.status IS NULL""",
    )
    assert published < 10
    assert f"{published} of 10 neighbours published" in page_text(at).replace("\\", "")
    assert "April 2021" in " ".join(h.value for h in at.subheader)


def test_the_summary_says_better_worse_or_similar_against_the_neighbours(app_db):
    at = open_page("local_authority", {"la": SALFORD})
    summary = _frame(at, "Against the neighbours' average")
    for row in summary.itertuples(index=False):
        mine, theirs = (
            row[summary.columns.get_loc("Salford")],
            row[summary.columns.get_loc("Neighbours' average (derived)")],
        )
        words = row[summary.columns.get_loc("Against the neighbours' average")]
        if mine != mine or theirs != theirs:  # not published, or no neighbour published
            assert words == ""
        elif "per 10,000" in row.Indicator:
            assert words in ("no direction", "similar")
        elif abs(mine - theirs) < (1 if row.Unit != "score" and float(mine).is_integer() else 0.1):
            assert words == "similar"
        else:
            higher_better = "not in education" not in row.Indicator
            assert words == ("better" if (mine > theirs) == higher_better else "worse"), row.Indicator
