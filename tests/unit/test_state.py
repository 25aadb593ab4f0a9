"""URL filter schema: only allow-listed values pass, everything else is dropped with a note."""

from nnecl_data.rules import selection

ALLOWED = selection.Allowed(
    regions=("E12000001", "E12000002", "E12000007"),
    institution_types=("university", "general_fe_college"),
    indicators=("cl_neet", "cl_he", "ks4_att8"),
    years=(2016, 2024, 2025),
    combined_authorities=("E47000001",),
)


def test_valid_parameters_round_trip():
    params = {
        "region": ["E12000001", "E12000007"],
        "type": ["university"],
        "indicator": "cl_he",
        "age": "17_18",
        "year": "2024",
        "ca": "E47000001",
    }
    parsed = selection.parse(params, ALLOWED)
    assert parsed.notes == []
    f = parsed.filters
    assert f.regions == ("E12000001", "E12000007") and f.indicator_code() == "cl_he_17_18"
    assert f.year == 2024 and f.combined_authority == "E47000001"
    assert selection.parse(selection.to_query(f), ALLOWED).filters == f


def test_defaults_are_left_out_of_the_url():
    assert selection.to_query(selection.Filters()) == {}
    assert selection.Filters().indicator_code() == "cl_neet_19_21"
    assert selection.Filters(indicator="ks4_att8").indicator_code() == "ks4_att8"


def test_unknown_and_malformed_values_are_dropped_with_notes():
    params = {
        "region": ["E12000001", "E99999999", "<script>alert(1)</script>"],
        "year": "20x5",
        "indicator": "'; drop table outcomes; --",
        "age": "99",
        "ca": "E47000099",
        "utm_source": "mail",
    }
    parsed = selection.parse(params, ALLOWED)
    assert parsed.filters.regions == ("E12000001",)
    assert parsed.filters.year is None and parsed.filters.indicator == selection.DEFAULT_INDICATOR
    assert parsed.filters.age == selection.DEFAULT_AGE and parsed.filters.combined_authority is None
    text = " ".join(parsed.notes)
    assert "E99999999" in text and "utm_source" in text and "<script>" not in text and "drop table" not in text
    assert len(parsed.notes) == 7


def test_comma_separated_and_repeated_values_are_both_read_and_deduplicated():
    parsed = selection.parse({"region": ["E12000001,E12000002", "E12000001"]}, ALLOWED)
    assert parsed.filters.regions == ("E12000001", "E12000002")


def test_too_many_values_are_refused():
    parsed = selection.parse({"region": ["E12000001"] * 50}, ALLOWED)
    assert parsed.filters.regions == () and "too many" in parsed.notes[0]


def test_single_choice_parameters_take_the_first_value_and_say_so():
    parsed = selection.parse({"year": ["2024", "2025"]}, ALLOWED)
    assert parsed.filters.year == 2024 and "only one" in parsed.notes[0]


def test_describe_names_the_selection():
    names = {"E12000001": "North East"}
    text = selection.describe(selection.Filters(regions=("E12000001",), year=2024), names, "NEET")
    assert text == "NEET · North East · 2024"
    assert "all regions" in selection.describe(selection.Filters(), names)


def test_local_authority_is_allow_listed_and_round_trips():
    allowed = selection.Allowed(
        regions=(), institution_types=(), indicators=("cl_neet",), years=(2025,), local_authorities=("E08000006",)
    )
    parsed = selection.parse({"la": "E08000006"}, allowed)
    assert parsed.notes == [] and parsed.filters.local_authority == "E08000006"
    assert selection.to_query(parsed.filters) == {"la": "E08000006"}
    assert selection.parse(selection.to_query(parsed.filters), allowed).filters == parsed.filters
    for bad, shown in (("E09999999", "'E09999999'"), ("<img src=x>", "characters that are not allowed")):
        dropped = selection.parse({"la": bad}, allowed)
        assert dropped.filters.local_authority is None
        assert len(dropped.notes) == 1 and "local authority" in dropped.notes[0] and shown in dropped.notes[0]
        assert "<img" not in dropped.notes[0]
    # the local authority does not disturb the other filters, and two values keep only the first
    both = selection.parse({"la": ["E08000006", "E09999999"], "indicator": "cl_neet"}, allowed)
    assert both.filters.local_authority == "E08000006" and both.filters.indicator == "cl_neet"
    assert "only one local authority" in both.notes[0]


def test_describe_names_only_the_filters_a_page_uses():
    names = {"E12000002": "North West"}
    chosen = selection.Filters(regions=("E12000002",), institution_types=("university",), year=2020)
    assert selection.describe(chosen, names, "NEET", used=("indicator", "year", "region"), year_label="2020") == (
        "NEET · North West · 2020"
    )
    assert selection.describe(chosen, names, used=("region", "type")) == "North West · University"
    assert selection.describe(chosen, names, used=("ca",)) == ""  # a page without regions never says "all regions"
