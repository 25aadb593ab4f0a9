"""Data and methods: what it lists equals the database; nothing invented."""

from sqlalchemy import text

from nnecl_data.rules.suppression import SYMBOL_MEANINGS
from tests.app.conftest import assert_no_exception, open_page, page_text, scalar


def _frame(at, column):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_sources_table_lists_every_source(app_db):
    at = open_page("methods")
    assert_no_exception(at)
    with app_db.connect() as conn:
        ids = {r[0] for r in conn.execute(text("SELECT source_id FROM sources"))}
    sources = _frame(at, "Source id")
    assert set(sources["Source id"]) == ids and len(sources) == len(ids)
    assert f"cites **{len(ids)} sources**" in " ".join(m.value for m in at.markdown)
    # a missing date or licence is said to be missing, not filled in
    missing = scalar(app_db, "SELECT count(*) FROM sources WHERE published = ''")
    assert (sources["Published"] == "not stated in the source").sum() == missing


def test_indicators_and_symbols(app_db):
    at = open_page("methods")
    indicators = _frame(at, "Direction")
    assert len(indicators) == scalar(app_db, "SELECT count(*) FROM indicators")
    neet = indicators[indicators["Code"] == "cl_neet_19_21"].iloc[0]
    assert neet["Direction"] == "lower is better"
    symbols = _frame(at, "Symbol")
    assert list(symbols["Symbol"]) == list(SYMBOL_MEANINGS)


def test_known_gaps_and_data_version_equal_the_database(app_db):
    at = open_page("methods")
    text_shown = page_text(at)
    named = scalar(
        app_db,
        """SELECT count(DISTINCT coalesce(institution_id, 'name:' || lower(name_as_published)))
           FROM quality_mark_awards WHERE is_sample = 0""",
    )
    total = scalar(app_db, "SELECT value FROM facts WHERE fact_id='qm_institutions_awarded_2025'")
    assert f"name {named} institutions; NNECL reports {total:.0f} institutions" in text_shown
    unmatched = scalar(app_db, "SELECT count(*) FROM quality_mark_awards WHERE institution_id IS NULL")
    assert f"Awards not matched to the register ({unmatched})" in text_shown
    version = scalar(app_db, "SELECT value FROM dataset_meta WHERE key='seed_version'")
    assert f"Dataset version `{version}`" in text_shown
    assert "python -m nnecl_data rollback ID" in text_shown
    changes = _frame(at, "Replaced by")
    assert len(changes) == scalar(app_db, "SELECT count(*) FROM local_authorities WHERE end_year IS NOT NULL")
    assert "North Northamptonshire" in " ".join(changes["Replaced by"])


def test_methods_survives_bad_link_parameters(app_db):
    at = open_page("methods", {"region": "<script>", "type": "bogus", "year": "99999"})
    assert_no_exception(at)
    assert "<script>" not in " ".join(w.value for w in at.warning)


def test_methods_offers_all_data_as_one_archive(app_db):
    at = open_page("methods")
    assert_no_exception(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("Download all data (ZIP of CSV files)") == 1
    assert "NNECL's member register is not included" in page_text(at)
