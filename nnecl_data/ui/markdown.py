"""Text from a file, the database, a search box or an identity provider, shown inside Markdown as typed."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def escape_markdown(text: str) -> str:
    """User text shown inside markdown as literal characters (no links, emphasis or HTML)."""
    return _SPECIAL.sub(r"\\\1", str(text))
