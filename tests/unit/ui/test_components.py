"""Pure parts of the page pieces: file names from titles, number formats, the download labels."""

from __future__ import annotations

import re

import pandas as pd

from nnecl_data.ui import components


def _words(title: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", title.lower()) if w]


def test_file_names_are_cut_between_words_never_inside_one():
    titles = [
        "Suitable accommodation, 19 to 21 gap to England, Quality Mark coverage and member density by region",
        "Greater Manchester: in-scope institutions first awarded by year",
        "NEET, 19 to 21 by region",
    ]
    for title in titles:
        stem = components._slug(title)
        assert len(stem) <= components.SLUG_LENGTH
        parts = stem.split("-")
        assert parts == _words(title)[: len(parts)], stem  # whole words of the title, in order
    assert components._slug("NEET, 19 to 21 by region") == "neet-19-to-21-by-region"
    assert components._slug("") == "data"
    assert len(components._slug("x" * 80)) == components.SLUG_LENGTH  # one over-long word: the only cut inside


def test_a_column_with_a_decimal_shows_one_for_every_row_and_each_is_as_wide_as_its_text():
    long_name = "Yorkshire and The Humber, a name longer than the first rows"
    table = pd.DataFrame({"KS4": [17.0, 17.4], "NEET": [40.0, 36.0], "Region": ["A", long_name], "Rank": [1, 2]})
    layout = components.column_layout(table)
    formatted = [c for c, config in layout.items() if config.get("type_config")]
    assert formatted == ["KS4"] and layout["KS4"]["type_config"]["format"] == "%.1f"
    # the width comes from the longest value anywhere in the column, not from its first rows
    assert layout["Region"]["width"] > layout["Rank"]["width"]
    assert layout["Region"]["width"] >= len(long_name) * components.CHAR_PX


def test_the_four_downloads_have_distinct_short_labels_and_help():
    labels = [label for label, _icon, _help in components.DOWNLOADS.values()]
    assert labels == ["CSV", "Excel", "PNG", "SVG"]
    assert len({label[:4] for label in labels}) == 4  # distinct even if a narrow button cut them
    assert all(help_text for *_, help_text in components.DOWNLOADS.values())
