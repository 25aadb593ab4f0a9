"""What data a view or pack holds, named for a reader: the releases behind the latest figures and how
recent the Quality Mark announcements are, e.g. "Department for Education: Children looked after in
England including adoptions, 2025 release; NNECL Quality Mark announcements to 2 July 2025".

Pure: the rows come from queries.latest_release_sources and queries.announcement_dates.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from nnecl_data import wording


def release_name(title: str, published: str) -> str:
    """A release's short name: its title up to the first colon, with the year it was published
    ('Children looked after in England including adoptions, 2025 release')."""
    name = re.split(r":|, \d{4} release", str(title), maxsplit=1)[0].strip()
    return f"{name}, {published} release" if published else name


def releases(sources: pd.DataFrame) -> str:
    """'Department for Education: A, 2025 release and B, 2025/26 release', grouped by publisher."""
    groups: dict[str, list[str]] = {}
    for row in sources.sort_values(["publisher", "published", "title"]).itertuples():
        name = release_name(row.title, row.published)
        if name not in groups.setdefault(row.publisher, []):
            groups[row.publisher].append(name)
    return "; ".join(f"{publisher}: {' and '.join(names)}" for publisher, names in groups.items())


def _parsed(text) -> tuple[int | None, int | None, int | None]:
    """'2025-07-02' -> (2025, 7, 2); '2022-12' -> (2022, 12, None); no date -> (None, None, None)."""
    parts = [int(p) for p in str(text or "").split("-") if p.isdigit()]
    return tuple((parts + [None, None, None])[:3])  # type: ignore[return-value]


def announcements_to(dates: pd.DataFrame) -> str:
    """How recent the Quality Mark record is: 'to 2 July 2025' when every record of the latest year has
    a full date; otherwise the latest year, with the latest full date held ('to 2025 (latest dated
    2 July 2025)'). '' when no record is held."""
    if dates.empty:
        return ""
    latest_year = int(dates["award_year"].max())
    parsed = [_parsed(d) for d in dates["date_as_published"]]
    full = [dt.date(*p) for p in parsed if all(p)]
    newest = max(full) if full else None
    latest_undated = any(
        int(year) == latest_year and not all(p) for p, year in zip(parsed, dates["award_year"], strict=True)
    )
    if newest and newest.year == latest_year and not latest_undated:
        return f"to {wording.date_text(newest)}"
    if newest:
        return f"to {latest_year} (latest dated {wording.date_text(newest)})"
    return f"to {latest_year}"


def describe(sources: pd.DataFrame, dates: pd.DataFrame) -> str:
    """The data, named: the releases of the latest figures, then the Quality Mark announcements."""
    parts = [releases(sources)] if not sources.empty else []
    recent = announcements_to(dates)
    if recent:
        parts.append(f"NNECL Quality Mark announcements {recent}")
    return "; ".join(parts)
