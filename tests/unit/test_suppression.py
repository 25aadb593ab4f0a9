import math

import pandas as pd
import pytest

from nnecl_data.rules.suppression import (
    SFR_2016_2017,
    UnknownSymbol,
    describe,
    display_value,
    mask_unpublishable,
    parse_cell,
)


@pytest.mark.parametrize("symbol", ["c", "x", "z", "low", "k", "u"])
def test_every_official_symbol_is_a_status_not_a_number(symbol):
    value, status, printed = parse_cell(symbol)
    assert value is None and status == symbol and printed == symbol


def test_numbers_parse_including_thousands_separators():
    assert parse_cell("1,234") == (1234.0, None, None)
    assert parse_cell("17.3") == (17.3, None, None)
    assert parse_cell("0") == (0.0, None, None)


def test_sfr_x_is_read_as_suppressed_but_printed_symbol_kept():
    assert parse_cell("x", SFR_2016_2017) == (None, "c", "x")
    assert parse_cell("x") == (None, "x", "x")


def test_an_unknown_marker_stops_the_ingest_rather_than_guessing():
    with pytest.raises(UnknownSymbol):
        parse_cell("n/a")


def test_empty_cell_is_not_available():
    assert parse_cell("") == (None, "x", None)


def test_mask_blanks_numbers_on_rows_with_a_status():
    df = pd.DataFrame({"value": [5.0, 7.0], "numerator": [1.0, 2.0], "status": [None, "c"]})
    out = mask_unpublishable(df, ["value", "numerator"])
    assert out.loc[0, "value"] == 5.0
    assert math.isnan(out.loc[1, "value"]) and math.isnan(out.loc[1, "numerator"])
    assert df.loc[1, "value"] == 7.0  # the input is not modified


def test_display_never_shows_a_number_for_a_suppressed_cell():
    assert display_value(12.0, "c") == "c"
    assert display_value(12.0, None) == "12%"
    assert display_value(17.34, None, unit="score") == "17.3"
    assert display_value(None, None) == "x"
    assert "confidentiality" in describe("c")


def test_display_keeps_the_published_precision():
    assert display_value(18.1, None) == "18.1%" and display_value(44.0, None) == "44%"
