"""The data named for a reader: the releases of the latest figures and how recent the announcements are."""

import pandas as pd

from nnecl_data.rules import edition

SOURCES = pd.DataFrame(
    {
        "publisher": ["Department for Education", "Department for Education"],
        "title": [
            "Children looked after in England including adoptions: care leavers' activity (2021 to 2025)",
            "Outcomes for children in need: key stage 4 by local authority",
        ],
        "published": ["2025", "2025/26"],
    }
)


def _dates(rows):
    return pd.DataFrame(rows, columns=["award_year", "date_as_published"])


def test_releases_are_named_by_title_and_year_published_grouped_by_publisher():
    assert edition.releases(SOURCES) == (
        "Department for Education: Children looked after in England including adoptions, 2025 release and "
        "Outcomes for children in need, 2025/26 release"
    )
    assert edition.release_name("Children looked after, 2022 release: care leavers", "2022") == (
        "Children looked after, 2022 release"
    )


def test_announcements_to_the_latest_date_when_the_latest_year_is_fully_dated():
    assert edition.announcements_to(_dates([(2025, "2025-07-02"), (2025, "2025-06-18"), (2021, "2021-06")])) == (
        "to 2 July 2025"
    )
    # an undated record in the latest year may be later than the latest date: say the year
    assert edition.announcements_to(_dates([(2025, "2025-07-02"), (2025, None), (2022, "2022-12")])) == (
        "to 2025 (latest dated 2 July 2025)"
    )
    assert edition.announcements_to(_dates([(2024, None)])) == "to 2024"
    assert edition.announcements_to(_dates([])) == ""


def test_describe_joins_the_releases_and_the_announcements():
    text = edition.describe(SOURCES, _dates([(2025, "2025-07-02")]))
    assert text.startswith("Department for Education: Children looked after in England including adoptions")
    assert text.endswith("; NNECL Quality Mark announcements to 2 July 2025")
