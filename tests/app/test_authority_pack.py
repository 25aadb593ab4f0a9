"""A local authority's evidence pack: its figures beside its statistical neighbours' average (with how
many it covers), its region and England, its rank and quartile band among all authorities, the change
since its earliest published year, its institutions' Quality Mark status and its sources. Every
expected value is worked out here from the database with SQL (and numpy's quantiles, R's type 7), not
by the dashboard's code. The pack is built as the page builds it (the profile's content, laid out)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from sqlalchemy import text

from nnecl_data import evidence
from nnecl_data.ui.views import evidence_pack as views
from tests.unit.evidence.helpers import pdf_text

SALFORD = "E08000006"
ON = dt.date(2025, 11, 1)


def _rows(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).all()


@pytest.fixture(scope="module")
def salford_pack(_app_data):
    """Built once (with its chart images, as the page's Build button does), the profile read through the
    app's data layer from the test database."""
    folder, engine = _app_data
    selection = evidence.Selection("local_authority", SALFORD)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NNECL_DATA_DIR", str(folder))
        for name in ("NNECL_DATABASE_URL", "NNECL_ADMIN_DATABASE_URL"):
            patch.delenv(name, raising=False)
        profile = views.authority_profile(selection, ON)
    pack = evidence.build_pack(engine, selection, on_date=ON, profile=profile)
    return pack, evidence.to_html(pack).decode("utf-8"), pdf_text(evidence.to_pdf(pack))


def _latest(engine, code: str) -> int:
    return _rows(engine, "SELECT max(year) FROM outcomes WHERE indicator_code = :c", c=code)[0][0]


def _published_las(engine, code: str, year: int) -> dict[str, float]:
    rows = _rows(
        engine,
        """SELECT geography_code, value FROM outcomes WHERE indicator_code = :c AND year = :y
           AND geography_level = 'local_authority' AND status IS NULL AND value IS NOT NULL""",
        c=code,
        y=year,
    )
    return dict(rows)


def _neighbours(engine) -> list[str]:
    rows = _rows(
        engine,
        "SELECT neighbour_code FROM statistical_neighbours WHERE la_code = :la AND grouping_year = 2025",
        la=SALFORD,
    )
    return [r[0] for r in rows]


def _figures_row(pack, label: str) -> dict:
    """The indicator's row of the two figure tables (benchmarks; rank, band and change), together."""
    row = {}
    for table in pack.tables[:2]:
        row.update(table.frame[table.frame["Indicator"] == label].iloc[0].to_dict())
    return row


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


@pytest.mark.parametrize(
    ("code", "label", "polarity"),
    [("cl_eet_19_21", "EET, 19 to 21", "higher"), ("cl_neet_19_21", "NEET, 19 to 21", "lower")],
)
def test_figures_average_rank_band_and_change_equal_the_database(app_db, salford_pack, code, label, polarity):
    pack, html, pdf = salford_pack
    year = _latest(app_db, code)
    every = _published_las(app_db, code, year)
    own = every[SALFORD]
    row = _figures_row(pack, label)
    assert row["Year"] == str(year) and float(row["Salford"].rstrip("%")) == own

    neighbours = _neighbours(app_db)
    published = [every[n] for n in neighbours if n in every]
    average = sum(published) / len(published)
    assert len(neighbours) == 10
    assert row["Neighbours' average (derived)"] == f"{average:.1f}%"
    assert row["Neighbours published"] == f"{len(published)} of 10"

    better = sum(1 for v in every.values() if (v > own if polarity == "higher" else v < own))
    joint = sum(1 for v in every.values() if v == own) > 1
    assert row["Rank (1 = best)"] == f"{'joint ' if joint else ''}{_ordinal(better + 1)} of {len(every)}"
    q1, q2, q3 = np.quantile(list(every.values()), [0.25, 0.5, 0.75])
    quarter = 0 if own <= q1 else 1 if own <= q2 else 2 if own <= q3 else 3  # lowest figures first
    assert row["Quartile band (A = best)"] == ("DCBA" if polarity == "higher" else "ABCD")[quarter]

    start = _rows(
        app_db,
        """SELECT min(year) FROM outcomes WHERE indicator_code = :c AND geography_code = :g
           AND status IS NULL AND value IS NOT NULL""",
        c=code,
        g=SALFORD,
    )[0][0]
    start_value = _rows(
        app_db,
        "SELECT value FROM outcomes WHERE indicator_code = :c AND geography_code = :g AND year = :y",
        c=code,
        g=SALFORD,
        y=start,
    )[0][0]
    change = own - start_value
    shown_change = "no change" if change == 0 else f"{change:+.0f} point"
    assert row["Change since"].startswith(f"{start}: {shown_change}")

    # the same figures in the statement, the HTML and the PDF
    statement = next(s.text for s in pack.statements if s.indicator_code == code)
    assert f"In {year}, {own:.0f}% of care leavers aged 19 to 21 in Salford" in statement
    assert f"({average:.1f}%, {len(published)} of 10 neighbours published)" in statement
    assert f"Since {start}" in statement
    assert f"{average:.1f}%" in html and f"{average:.1f}%" in pdf


def test_a_suppressed_figure_keeps_its_symbol_and_no_rank(app_db, salford_pack):
    pack, html, _ = salford_pack
    suppressed = _rows(
        app_db,
        """SELECT o.indicator_code, o.status, i.short_label FROM outcomes o
           JOIN indicators i ON i.code = o.indicator_code WHERE o.geography_code = :g AND o.status IS NOT NULL
             AND o.year = (SELECT max(year) FROM outcomes WHERE indicator_code = o.indicator_code)""",
        g=SALFORD,
    )
    shown = {r[2] for r in suppressed} & set(pack.tables[0].frame["Indicator"])
    assert shown, "Salford has a suppressed figure in the latest year (English and maths 5+: c)"
    for code, status, label in suppressed:
        if label not in shown:
            continue
        row = _figures_row(pack, label)
        assert (
            row["Salford"] == status and row["Rank (1 = best)"] == "–" and row["Quartile band (A = best)"] == "–"
        )
        statement = next(s for s in pack.statements if s.indicator_code == code)
        assert not statement.published and f"({status})" in statement.text


def test_its_institutions_and_their_quality_mark_status(app_db, salford_pack):
    pack, html, _ = salford_pack
    names = {r[0] for r in _rows(app_db, "SELECT name FROM institutions WHERE la_code = :g", g=SALFORD)}
    table = pack.provision_table.frame
    assert set(table["Institution"]) == names and len(names) >= 1
    never = {
        r[0]
        for r in _rows(
            app_db,
            """SELECT name FROM institutions i WHERE la_code = :g AND NOT EXISTS (SELECT 1 FROM
               quality_mark_awards a WHERE a.institution_id = i.institution_id AND NOT a.is_sample)""",
            g=SALFORD,
        )
    }
    for name in never:
        assert table.loc[table["Institution"] == name, "Quality Mark status today"].item() == "No award on record"
    assert f"The register places {len(names)}" in " ".join(pack.provision)
    assert "Greater Manchester combined authority" in " ".join(pack.provision)
    assert all(name in html for name in names)


def test_its_sources_include_the_neighbours_and_every_figures_publication(app_db, salford_pack):
    pack, html, _ = salford_pack
    wanted = {
        r[0]
        for r in _rows(
            app_db,
            "SELECT DISTINCT source_id FROM statistical_neighbours WHERE la_code = :g AND grouping_year = 2025",
            g=SALFORD,
        )
    } | {
        r[0] for r in _rows(app_db, "SELECT DISTINCT source_id FROM outcomes WHERE geography_code = :g", g=SALFORD)
    }
    assert wanted <= set(pack.sources["source_id"])
    assert pack.area_name == "Salford" and pack.title == "Evidence pack: Salford"
    assert "May 2025" in pack.selection_text
    assert "Statistical neighbours" in html


def test_a_pack_for_an_authority_needs_its_profile():
    with pytest.raises(KeyError):
        views.authority_profile(evidence.Selection("local_authority", "E99999999"), ON)


def test_an_authority_with_no_figures_says_so_once(app_db):
    """A current authority with no figure held at all (from SQL: the Isles of Scilly, every cell 'z' in
    DfE's files) gets one sentence saying so, not one per indicator, and no number in its column."""
    (code, name) = _rows(
        app_db,
        """SELECT l.code, l.name FROM local_authorities l WHERE l.end_year IS NULL AND NOT EXISTS
           (SELECT 1 FROM outcomes o WHERE o.geography_code = l.code)""",
    )[0]
    selection = evidence.Selection("local_authority", code)
    pack = evidence.build_pack(app_db, selection, on_date=ON, profile=views.authority_profile(selection, ON))
    assert len(pack.statements) == 1 and name in pack.statements[0].text and not pack.statements[0].published
    cells = pack.tables[0].frame[name]
    assert not cells.str.contains(r"\d").any()
