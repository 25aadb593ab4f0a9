"""Pure parts of the data and methods view: symbols, rounding and what the public record lacks."""

from nnecl_data import wording
from nnecl_data.rules.suppression import parse_cell
from nnecl_data.ui.views import methods as views


def test_symbols_table_explains_every_symbol_the_parser_accepts():
    table = views.symbols_table()
    for symbol in table["Symbol"]:
        assert parse_cell(symbol)[0] is None  # each is a status, never a number
    assert set(table["Symbol"]) == {"c", "x", "z", "low", "k", "u"}
    assert table["How the dashboard treats it"].str.len().gt(0).all()


def test_rounding_section_starts_with_the_dashboards_rounding_caveat():
    assert views.ROUNDING.splitlines()[0] == f"- {wording.ROUNDING_CAVEAT}"


def test_members_text_says_what_is_loaded_and_flags_a_sample():
    none = views._members_text({"real": 0, "sample": 0})
    assert "None is loaded" in none and "sample" not in none
    both = views._members_text({"real": 12, "sample": 5})
    assert "NNECL's own register is loaded (12 rows)." in both and "fictional sample" in both
