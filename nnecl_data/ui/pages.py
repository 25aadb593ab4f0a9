"""The pages of the dashboard, each described once: its file, title, heading, icon and navigation section.

The navigation, the browser tab title, the page's heading and the citation all take a page's title from
here (`PAGES[page_id]`), so renaming a page is one edit. A page's id is its file name in pages/ and the
name of its view module (nnecl_data/ui/views/<id>.py), unit tests and AppTest. Pure: no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageInfo:
    id: str
    title: str  # navigation, tab title and citation
    icon: str
    section: str
    heading: str = ""  # the page's own heading, when it says more than the title
    nav_title: str = ""  # a shorter label in the navigation, when the title is long
    admin: bool = False  # listed only for a signed-in admin
    default: bool = False  # the page at the app's root address
    # The shared filters the page reads (rules.selection.FILTERS): the frame draws the region filter only
    # for pages listing it, and the page's "Showing" line and export notes name only these.
    filters: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return f"pages/{self.id}.py"

    @property
    def page_heading(self) -> str:
        return self.heading or self.title

    @property
    def nav_label(self) -> str:
        return self.nav_title or self.title


DASHBOARD, DIRECTORIES, ABOUT, ADMINISTRATION = "Dashboard", "Directories", "About", "Administration"
SECTIONS = (DASHBOARD, DIRECTORIES, ABOUT, ADMINISTRATION)

PAGES: dict[str, PageInfo] = {
    info.id: info
    for info in (
        PageInfo(
            "overview",
            "Overview",
            ":material/dashboard:",
            DASHBOARD,
            heading="How care leavers fare, and how far support reaches, region by region",
            default=True,
        ),
        PageInfo(
            "outcomes",
            "Regional outcomes",
            ":material/insights:",
            DASHBOARD,
            filters=("indicator", "year", "region"),
        ),
        PageInfo(
            "local_authority",
            "Local authority",
            ":material/home_pin:",
            DASHBOARD,
            heading="Local authority profile",
            filters=("la",),
        ),
        PageInfo(
            "quality_mark", "Quality Mark coverage", ":material/verified:", DASHBOARD, filters=("region", "type")
        ),
        PageInfo("members", "Member density", ":material/groups:", DASHBOARD, filters=("region",)),
        PageInfo("target_tracker", "Target tracker", ":material/flag:", DASHBOARD, filters=("target",)),
        PageInfo(
            "gaps",
            "Regional gaps",
            ":material/compare_arrows:",
            DASHBOARD,
            heading="Regional gaps: outcomes against provision",
            filters=("indicator", "year", "region", "type"),
        ),
        # "area": England, one region or a combined authority, chosen on the page and bound to the shared
        # region and combined authority filters.
        PageInfo(
            "evidence_pack", "Evidence pack", ":material/picture_as_pdf:", DASHBOARD, filters=("area", "type")
        ),
        PageInfo(
            "institutions",
            "Institutions",
            ":material/account_balance:",
            DIRECTORIES,
            heading="Colleges and universities",
            filters=("region", "type"),
        ),
        PageInfo("partnerships", "Local partnerships", ":material/handshake:", DIRECTORIES, filters=("region",)),
        PageInfo("methods", "Data and methods", ":material/menu_book:", ABOUT),
        PageInfo(
            "accessibility",
            "Accessibility statement",
            ":material/accessibility:",
            ABOUT,
            nav_title="Accessibility",
        ),
        PageInfo(
            "admin",
            "Data administration",
            ":material/admin_panel_settings:",
            ADMINISTRATION,
            admin=True,
        ),
    )
}


def in_section(section: str, *, admin: bool = False) -> list[PageInfo]:
    """The pages of a navigation section a visitor may see, in order (admin pages only for an admin)."""
    return [p for p in PAGES.values() if p.section == section and (admin or not p.admin)]
