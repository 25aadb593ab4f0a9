"""Evidence pack page: runs for England, a region and a combined authority (statements equal the database),
ignores bad link parameters with a note, and offers the PDF and HTML only once they are built."""

from __future__ import annotations

from urllib.parse import parse_qs

from tests.app.conftest import assert_no_exception, open_page, page_path, page_text, scalar, url_values

NORTH_EAST, GM = "E12000001", "E47000001"


def _downloads(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button") if b.proto.label in ("Download PDF", "Download HTML")]


def test_defaults_to_england(app_db):
    at = open_page("evidence_pack")
    assert_no_exception(at)
    assert at.radio(key="w_pack_kind").value == "england"
    text = page_text(at)
    year = scalar(app_db, "SELECT max(year) FROM outcomes WHERE indicator_code = 'cl_neet_19_21'")
    value = scalar(
        app_db,
        "SELECT value FROM outcomes WHERE indicator_code = 'cl_neet_19_21' AND geography_level = 'england' "
        "AND year = :y",
        y=year,
    )
    assert f"In {year}, {value:.0f}% of care leavers aged 19 to 21 in England were not in education" in text
    assert "Preview: England" in text
    assert not _downloads(at)
    assert any(e.label == "Cite this view" for e in at.expander)


def test_region_from_the_link(app_db):
    at = open_page("evidence_pack", {"region": NORTH_EAST})
    assert_no_exception(at)
    assert at.radio(key="w_pack_kind").value == "region"
    assert at.selectbox(key="w_pack_region").value == NORTH_EAST
    year = scalar(app_db, "SELECT max(year) FROM outcomes WHERE indicator_code = 'cl_neet_19_21'")
    value = scalar(
        app_db,
        "SELECT value FROM outcomes WHERE indicator_code = 'cl_neet_19_21' AND geography_code = :g AND year = :y",
        g=NORTH_EAST,
        y=year,
    )
    assert f"{value:.0f}% of care leavers aged 19 to 21 in the North East were not in education" in page_text(at)


def test_combined_authority_from_the_link_and_by_choice(app_db):
    at = open_page("evidence_pack", {"ca": GM})
    assert_no_exception(at)
    assert at.radio(key="w_pack_kind").value == "combined_authority"
    text = page_text(at)
    assert "Preview: Greater Manchester" in text
    assert "Not published for" in text  # GM has suppressed LA figures, said in words

    at = open_page("evidence_pack")
    at.radio(key="w_pack_kind").set_value("combined_authority").run()
    assert_no_exception(at)
    assert "Preview: Greater Manchester" in page_text(at)
    at.radio(key="w_pack_kind").set_value("region").run()
    assert_no_exception(at)
    assert "Preview: North East" in page_text(at)


def test_bad_link_parameters_are_ignored_with_a_note(app_db):
    at = open_page("evidence_pack", {"region": "E12999999", "ca": "<script>", "type": "castle", "foo": "1"})
    assert_no_exception(at)
    warning = " ".join(w.value for w in at.warning)
    assert "Some settings in the link were not used" in warning
    assert "<script>" not in warning
    assert at.radio(key="w_pack_kind").value == "england"
    assert "Preview: England" in page_text(at)


def test_download_appears_after_generation(app_db):
    at = open_page("evidence_pack", {"region": NORTH_EAST, "type": "university"})
    assert not _downloads(at)
    at.button(key="build_pack").click().run()
    assert_no_exception(at)
    assert _downloads(at) == ["Download PDF", "Download HTML"]
    assert not at.error
    text = page_text(at)
    assert "University" in text
    # changing the selection withdraws the files built for the old one
    at.selectbox(key="w_pack_region").set_value("E12000002").run()
    assert_no_exception(at)
    assert not _downloads(at)


def test_the_pack_area_is_the_shared_filter_of_every_page(app_db):
    """Choosing North West for the pack puts it in the address and in every page's Regions filter."""
    north_west = "E12000002"
    at = open_page("evidence_pack")
    at.radio(key="w_pack_kind").set_value("region").run()
    at.selectbox(key="w_pack_region").set_value(north_west).run()
    assert_no_exception(at)
    assert url_values(at, "region") == [north_west]
    assert "Preview: North West" in page_text(at)
    at.radio(key="w_pack_kind").set_value("combined_authority").run()
    assert url_values(at, "ca") == [GM] and "Preview: Greater Manchester" in page_text(at)
    at.radio(key="w_pack_kind").set_value("region").run()
    assert url_values(at, "ca") == [] and url_values(at, "region") == [north_west]
    at.switch_page(page_path("outcomes")).run()
    assert_no_exception(at)
    assert at.sidebar.multiselect(key="w_region").value == [north_west]
    at.switch_page(page_path("evidence_pack")).run()
    at.radio(key="w_pack_kind").set_value("england").run()
    assert url_values(at, "region") == [] and url_values(at, "ca") == []
    at.switch_page(page_path("outcomes")).run()
    assert at.sidebar.multiselect(key="w_region").value == []


def test_a_region_chosen_in_the_sidebar_elsewhere_opens_the_pack_on_it(app_db):
    at = open_page("outcomes")
    at.sidebar.multiselect(key="w_region").set_value(["E12000007"]).run()
    at.switch_page(page_path("evidence_pack")).run()
    assert_no_exception(at)
    assert at.radio(key="w_pack_kind").value == "region"
    assert at.selectbox(key="w_pack_region").value == "E12000007"
    assert "Preview: London" in page_text(at)


SALFORD = "E08000006"


def test_the_page_offers_a_pack_for_one_local_authority(app_db):
    """From the link its profile gives (la and pack=la), and by choosing 'A local authority' and typing a
    name; the preview is the authority's, with its figure from the database."""
    at = open_page("evidence_pack", {"la": SALFORD, "pack": "la"})
    assert_no_exception(at)
    assert at.radio(key="w_pack_kind").value == "local_authority"
    assert at.selectbox(key="w_la").value == SALFORD
    year = scalar(app_db, "SELECT max(year) FROM outcomes WHERE indicator_code = 'cl_eet_19_21'")
    value = scalar(
        app_db,
        "SELECT value FROM outcomes WHERE indicator_code = 'cl_eet_19_21' AND geography_code = :g AND year = :y",
        g=SALFORD,
        y=year,
    )
    text = page_text(at)
    assert "Preview: Salford" in text
    assert f"In {year}, {value:.0f}% of care leavers aged 19 to 21 in Salford" in text.replace("\\", "")

    at = open_page("evidence_pack")
    at.radio(key="w_pack_kind").set_value("local_authority").run()
    assert_no_exception(at)
    assert url_values(at, "pack") == ["la"] and "type part of its name" in page_text(at)
    at.selectbox(key="w_la").set_value(SALFORD).run()
    assert_no_exception(at)
    assert "Preview: Salford" in page_text(at) and url_values(at, "la") == [SALFORD]
    at.radio(key="w_pack_kind").set_value("england").run()  # another kind: the pack is no longer the LA's
    assert url_values(at, "pack") == [] and "Preview: England" in page_text(at)


def test_a_local_authority_pack_builds_its_pdf_and_html(app_db):
    at = open_page("evidence_pack", {"la": SALFORD, "pack": "la"})
    at.button(key="build_pack").click().run()
    assert_no_exception(at)
    assert _downloads(at) == ["Download PDF", "Download HTML"] and not at.error


def test_the_profile_links_to_its_authoritys_pack(app_db):
    at = open_page("local_authority", {"la": SALFORD})
    assert_no_exception(at)
    links = [link.proto for link in at.get("page_link") if "evidence pack" in link.proto.label]
    assert [link.label for link in links] == ["Make an evidence pack for this authority"]
    assert parse_qs(links[0].query_string) == {"la": [SALFORD], "pack": ["la"]}
