"""Institution names compared as a reader would: the one rule the register ingest, the award matching and
the app's institution search share."""

from __future__ import annotations

import re


def normalise_name(name: str | None) -> str:
    """Lower-case, '&' -> 'and', punctuation dropped, spaces collapsed, a leading or trailing 'the' dropped."""
    if not name:
        return ""
    s = str(name).lower().replace("&", " and ")
    s = re.sub(r"[’'`]", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"\s+the$", "", s)
    return re.sub(r"\s+", " ", s)
