"""Key statements equal the database read with SQL, in the pack and in its PDF; a suppressed figure is said
to be unpublished and never appears as a number."""

from __future__ import annotations

import re

from nnecl_data import evidence
from tests.unit.evidence.helpers import (
    GM,
    NORTH_EAST,
    ON,
    WEST_OF_ENGLAND,
    latest,
    pdf_text,
    select_rows,
    value_of,
)


def test_region_pack_statements_equal_the_database(built_sqlite, region_pack):
    pack, pdf, _ = region_pack
    assert pdf.startswith(b"%PDF")
    words = pdf_text(pdf)
    year = latest(built_sqlite, "cl_neet_19_21")
    ne, status, period = value_of(built_sqlite, "cl_neet_19_21", "region", NORTH_EAST, year)
    eng = value_of(built_sqlite, "cl_neet_19_21", "england", "E92000001", year)[0]
    assert status is None and ne is not None
    gap = round(ne) - round(eng)
    verdict = "worse" if gap > 0 else "better"
    expected = (
        f"In {period}, {ne:.0f}% of care leavers aged 19 to 21 in the North East were not in education, "
        f"employment or training (NEET): {abs(gap)} percentage point{'s' if abs(gap) != 1 else ''} "
        f"{'above' if gap > 0 else 'below'} England ({eng:.0f}%), {verdict} than England."
    )
    assert expected in [s.text.split(" It ranks")[0] for s in pack.statements]
    assert expected in words
    assert 4 <= len(pack.statements) <= 6
    # every statement of the pack is in the PDF, and each names its figure as the database holds it
    for statement in pack.statements:
        assert " ".join(statement.text.split()) in words
    ks4_year = latest(built_sqlite, "ks4_em_4plus")
    ks4, ks4_status, ks4_period = value_of(built_sqlite, "ks4_em_4plus", "region", NORTH_EAST, ks4_year)
    if ks4_status is None:
        shown = f"{ks4:.0f}" if float(ks4).is_integer() else f"{ks4:.1f}"  # KS4 is published to one decimal
        assert f"In {ks4_period}, {shown}% of children looked after for 12 months in the North East" in words
    # the table of figures: the region and England as the database holds them
    key = pack.tables[0].frame.set_index("Indicator")
    assert key.loc["NEET, 19 to 21", "Region"] == f"{ne:.0f}%"
    assert key.loc["NEET, 19 to 21", "England"] == f"{eng:.0f}%"


def test_combined_authority_pack_never_shows_suppressed_cells_as_numbers(built_sqlite, ca_pack):
    pack, pdf, html = ca_pack
    words = pdf_text(pdf)
    year = latest(built_sqlite, "cl_he_19_21")
    rows = select_rows(
        built_sqlite,
        "SELECT o.geography_name, o.value, o.status FROM outcomes o JOIN local_authorities l ON l.code = "
        "o.geography_code WHERE o.indicator_code = 'cl_he_19_21' AND o.year = :y AND "
        "o.geography_level = 'local_authority' AND l.combined_authority_code = :ca ORDER BY o.geography_name",
        y=year,
        ca=GM,
    )
    hidden = [(n, s) for n, v, s in rows if s]
    published = sorted((v, n) for n, v, s in rows if not s)
    assert hidden, "Greater Manchester has suppressed HE figures in the seed"
    he = next(s.text for s in pack.statements if s.indicator_code == "cl_he_19_21")
    low, high = published[0], published[-1]
    assert f"between {low[0]:.0f}% ({low[1]}) and {high[0]:.0f}% ({high[1]})" in he
    assert "Not published for " + ", ".join(f"{n} ({s})" for n, s in hidden) in he
    assert " ".join(he.split()) in words
    table = pack.tables[1].frame.set_index("Local authority")
    for name, status in hidden:
        cell = table.loc[name, f"In HE ({year})"]
        assert cell == status and not re.search(r"\d", cell)
    # the image-free statements and tables hold no number for a hidden cell: nothing to leak in PDF or HTML
    for name, _ in hidden:
        assert re.search(rf"{re.escape(name)}\s*\(c\)", words)
    # the England comparison is the database's
    eng = value_of(built_sqlite, "cl_he_19_21", "england", "E92000001", year)[0]
    assert f"England: {eng:.0f}%" in he


def test_combined_authority_with_nothing_published_says_so(built_sqlite):
    year = latest(built_sqlite, "cl_he_19_21")
    rows = select_rows(
        built_sqlite,
        "SELECT o.status FROM outcomes o JOIN local_authorities l ON l.code = o.geography_code WHERE "
        "o.indicator_code = 'cl_he_19_21' AND o.year = :y AND o.geography_level = 'local_authority' "
        "AND l.combined_authority_code = :ca",
        y=year,
        ca=WEST_OF_ENGLAND,
    )
    pack = evidence.build_pack(
        built_sqlite, evidence.Selection("combined_authority", WEST_OF_ENGLAND), on_date=ON, with_images=False
    )
    he = next(s for s in pack.statements if s.indicator_code == "cl_he_19_21")
    if all(r[0] for r in rows):
        assert not he.published
        assert "is not published for any of the" in he.text
        assert not re.search(r"\d+%", he.text)


NO_ARTICLE = {"London", "Yorkshire and The Humber"}


def _phrase(name: str) -> str:
    return name if name in NO_ARTICLE else f"the {name}"


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _percent_points(size: float) -> str:
    shown = f"{size:.0f}"
    return f"{shown} percentage point{'' if shown == '1' else 's'}"


def test_statements_give_the_change_since_the_earliest_comparable_year(built_sqlite, region_pack):
    """For each care-leaver measure (whole-number percentages): the North East's first published year,
    its figure (marked derived when it is), and the change to the latest year, read with SQL."""
    pack, pdf, _ = region_pack
    words = pdf_text(pdf)
    for statement in pack.statements:
        code = statement.indicator_code
        if not code.startswith("cl_") or not statement.published:
            continue
        rows = select_rows(
            built_sqlite,
            "SELECT year, period_label, value, is_derived FROM outcomes WHERE indicator_code = :c AND "
            "geography_code = :g AND value IS NOT NULL ORDER BY year",
            c=code,
            g=NORTH_EAST,
        )
        (_, first_period, first, derived), (*_, last, _) = rows[0], rows[-1]
        change = round(last - first, 1)
        marked = ", derived from DfE's counts" if derived else ""
        if change == 0:
            what = "no change"
        elif abs(change) <= 1:  # the one rule: 1 point or less is similar
            what = f"similar ({'up' if change > 0 else 'down'} {_percent_points(abs(change))})"
        else:
            what = f"{'up' if change > 0 else 'down'} {_percent_points(abs(change))}"
        expected = f"Since {first_period} ({first:.0f}%{marked}): {what}."
        assert expected in statement.text, statement.text
        assert expected in words


def test_areas_sharing_the_best_or_worst_figure_are_named_together(built_sqlite):
    pack = evidence.build_pack(built_sqlite, evidence.Selection("england"), on_date=ON, with_images=False)
    ties = 0
    for statement in pack.statements:
        code = statement.indicator_code
        if not code.startswith("cl_"):
            continue
        year = latest(built_sqlite, code)
        rows = select_rows(
            built_sqlite,
            "SELECT geography_name, value FROM outcomes WHERE indicator_code = :c AND year = :y AND "
            "geography_level = 'region' AND value IS NOT NULL ORDER BY geography_name",
            c=code,
            y=year,
        )
        low, high = min(v for _, v in rows), max(v for _, v in rows)
        lows = [_phrase(n) for n, v in rows if v == low]
        highs = [_phrase(n) for n, v in rows if v == high]
        ties += (len(lows) > 1) + (len(highs) > 1)
        expected = f"ranged from {low:.0f}% ({_joined(lows)}) to {high:.0f}% ({_joined(highs)})."
        assert expected in statement.text, statement.text
    assert ties, "the seed has regions sharing a figure (London and the South East, NEET 2025)"


def test_a_region_sharing_its_rank_is_joint(built_sqlite):
    year = latest(built_sqlite, "cl_neet_19_21")
    rows = select_rows(
        built_sqlite,
        "SELECT geography_code, value FROM outcomes WHERE indicator_code = 'cl_neet_19_21' AND year = :y AND "
        "geography_level = 'region' AND value IS NOT NULL",
        y=year,
    )
    values = [v for _, v in rows]
    shared = next(code for code, v in rows if values.count(v) > 1)
    value = dict(rows)[shared]
    rank = 1 + sum(v < value for v in values)  # lower is better for NEET; ties share the better rank
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(rank, "th")
    pack = evidence.build_pack(built_sqlite, evidence.Selection("region", shared), on_date=ON, with_images=False)
    neet = next(s.text for s in pack.statements if s.indicator_code == "cl_neet_19_21")
    assert f"It ranks joint {rank}{suffix} of {len(rows)} regions (1st = best)." in neet


def test_figures_published_to_one_decimal_keep_it_side_by_side(built_sqlite, region_pack):
    pack, _, _ = region_pack
    year = latest(built_sqlite, "ks4_em_4plus")
    decimals = select_rows(
        built_sqlite,
        "SELECT count(*) FROM outcomes WHERE indicator_code = 'ks4_em_4plus' AND year = :y AND value IS NOT NULL "
        "AND geography_level IN ('region', 'england') AND value != round(value)",
        y=year,
    )[0][0]
    assert decimals, "KS4 figures are published to one decimal"
    ks4 = next(s.text for s in pack.statements if s.indicator_code == "ks4_em_4plus")
    shown = re.findall(r"(\d+(?:\.\d+)?)%", ks4)
    assert len(shown) >= 3 and all(re.fullmatch(r"\d+\.\d", figure) for figure in shown), ks4
    table = pack.tables[0].frame.set_index("Indicator")
    row = table.loc[table.index[table.index.str.contains("English")][0]]
    assert re.fullmatch(r"\d+\.\d%", row["Region"]) and re.fullmatch(r"\d+\.\d%", row["England"])
