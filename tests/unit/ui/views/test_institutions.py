"""Pure parts of the institutions view: search as plain text, and what an empty result says."""

import pandas as pd

from nnecl_data.ui.views import institutions as views


def _register():
    return pd.DataFrame(
        {
            "name": ["Bolton College", "University of Kent", "St Mary's College"],
            "aliases": ["bolton college", "university of kent; kent", "st marys college; saint marys"],
            "ukprn": ["10000794", "10007150", None],
        }
    )


def test_clean_search_limits_length_and_strips_control_characters():
    text, note = views.clean_search("a" * 150)
    assert len(text) == views.MAX_SEARCH and note
    text, note = views.clean_search("  Bolton\x00\n ")
    assert text == "Bolton" and note is None
    assert views.clean_search(None) == ("", None)


def test_search_matches_name_alias_and_ukprn_as_plain_text():
    reg = _register()
    assert list(views.search_mask(reg, "bolton")) == [True, False, False]
    assert list(views.search_mask(reg, "Saint Marys")) == [False, False, True]
    assert list(views.search_mask(reg, "St Mary's")) == [False, False, True]
    assert list(views.search_mask(reg, "1000715")) == [False, True, False]
    assert not views.search_mask(reg, "<b>x</b>").any()
    assert not views.search_mask(reg, ".*").any()  # a regular expression is just text
    assert views.search_mask(reg, "").all()


def test_no_match_message_shows_the_search_as_typed_not_as_markup():
    message = views.no_match_message("**[x](http://a)**")
    assert "**[x]" not in message and "](" not in message
    assert views.no_match_message("") == "No institutions match with these filters."


def test_status_meanings_name_every_status_in_use_once():
    from nnecl_data.ui.views.award_status import status_meanings

    lines = status_meanings(["current", "not_announced", "none"]).splitlines()
    shown = [code for code in views.STATUS_LABELS if code != "lapsed"]  # a published lapse only if one is held
    assert len(lines) == len(shown)
    assert all(f"**{views.STATUS_LABELS[code]}**" in "\n".join(lines) for code in shown)
    assert len(status_meanings(["lapsed"]).splitlines()) == len(views.STATUS_LABELS)


def test_search_finds_the_russell_group_by_its_flag():
    reg = _register().assign(groups=["", "Russell Group", ""])
    assert list(views.search_mask(reg, "russell")) == [False, True, False]
