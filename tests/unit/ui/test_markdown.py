"""Escaping user text for Markdown: the one implementation every page and the account control use."""

from nnecl_data.ui.markdown import escape_markdown


def test_escape_markdown_leaves_no_live_markup():
    escaped = escape_markdown("<b>x</b> [link](http://a) **bold**")
    assert "<b>" not in escaped and "](" not in escaped and "**" not in escaped


def test_escape_markdown_keeps_plain_text_readable():
    assert escape_markdown("Bolton College") == "Bolton College"
    assert escape_markdown("a_b") == "a\\_b"
