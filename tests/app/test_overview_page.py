"""Overview: headline figures equal the database; Quality Mark figures say how much is named."""

from tests.app.conftest import assert_no_exception, open_page, page_text, scalar

ENGLAND = "SELECT value FROM outcomes WHERE indicator_code=:code AND geography_level='england' AND year=:year"


def test_key_figures_equal_the_database(app_db):
    at = open_page("overview")
    assert_no_exception(at)
    metrics = {m.label: m.value for m in at.metric}
    latest = scalar(app_db, "SELECT max(year) FROM outcomes WHERE indicator_code='cl_neet_19_21'")
    for code, short in (("cl_eet_19_21", "EET"), ("cl_neet_19_21", "NEET"), ("cl_he_19_21", "In HE")):
        label = next(label for label in metrics if label.startswith(f"England, {latest}: {short},"))
        assert metrics[label] == f"{scalar(app_db, ENGLAND, code=code, year=latest):.0f}%"


def test_quality_mark_figures_state_how_many_awardees_are_named(app_db):
    at = open_page("overview")
    total = scalar(app_db, "SELECT value FROM facts WHERE fact_id='qm_institutions_awarded_2025'")
    as_of = scalar(app_db, "SELECT as_of FROM facts WHERE fact_id='qm_institutions_awarded_2025'")
    named = scalar(  # named by the published figure's date, as the figure counts
        app_db,
        """SELECT count(DISTINCT coalesce(institution_id, 'name:' || lower(name_as_published)))
           FROM quality_mark_awards WHERE award_year <= :y""",
        y=int(as_of[:4]),
    )
    assert f"{named} of {total:.0f} named" in page_text(at)


def test_greater_manchester_figure_is_nnecls_published_count(app_db):
    at = open_page("overview")
    assert_no_exception(at)
    value = scalar(app_db, "SELECT value FROM facts WHERE fact_id='gm_qm_institutions_2025_10'")
    figure = next(m for m in at.metric if m.label.startswith("Greater Manchester:"))
    assert figure.value == f"{value:.0f}" and "(NNECL, October 2025)" in figure.label


def test_no_member_register_means_no_member_count_presented_as_data(app_db):
    at = open_page("overview")
    assert scalar(app_db, "SELECT count(*) FROM memberships") == 0
    metrics = {m.label: m.value for m in at.metric}
    assert metrics.get("NNECL members (NNECL's own figure)") == "100+"
    assert not any("register (loaded)" in label for label in metrics)


def test_database_overview_lists_every_indicator(app_db):
    at = open_page("overview")
    table = next(df.value for df in at.dataframe if "Indicator code" in df.value.columns)
    assert len(table) == scalar(app_db, "SELECT count(*) FROM indicators")
    text_shown = page_text(at)
    version = scalar(app_db, "SELECT value FROM dataset_meta WHERE key='seed_version'")
    assert f"Dataset version `{version}`" in text_shown
    # the data named for a reader: the release of the latest care leaver figures
    title = scalar(app_db, "SELECT title FROM sources WHERE source_id = 'dfe_cla_2025'")
    published = scalar(app_db, "SELECT published FROM sources WHERE source_id = 'dfe_cla_2025'")
    assert f"**Data:** Department for Education: {title.split(':')[0]}, {published} release" in text_shown


def test_each_key_figure_gives_the_change_since_the_earliest_comparable_year(app_db):
    at = open_page("overview")
    captions = [c.value for c in at.caption]
    code = "cl_eet_19_21"
    first_year = scalar(
        app_db,
        "SELECT min(year) FROM outcomes WHERE indicator_code = :c AND geography_level = 'england' "
        "AND value IS NOT NULL",
        c=code,
    )
    first = scalar(
        app_db,
        "SELECT value FROM outcomes WHERE indicator_code = :c AND geography_level = 'england' AND year = :y",
        c=code,
        y=first_year,
    )
    derived = scalar(
        app_db,
        "SELECT is_derived FROM outcomes WHERE indicator_code = :c AND geography_level = 'england' AND year = :y",
        c=code,
        y=first_year,
    )
    mark = ", derived from DfE's counts" if derived else ""
    assert any(c.startswith(f"Since {first_year} ({first:.0f}%{mark}): ") for c in captions), captions


def test_changes_on_the_year_before_are_stated_in_words(app_db):
    at = open_page("overview")
    latest = scalar(app_db, "SELECT max(year) FROM outcomes WHERE indicator_code='cl_eet_19_21'")
    now = scalar(app_db, ENGLAND, code="cl_eet_19_21", year=latest)
    before = scalar(app_db, ENGLAND, code="cl_eet_19_21", year=latest - 1)
    metric = next(m for m in at.metric if m.label.startswith(f"England, {latest}: EET"))
    expected = f"no change on {latest - 1}" if now == before else f"{now - before:+.0f} points on {latest - 1}"
    assert metric.delta == expected
