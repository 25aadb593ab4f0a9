"""Issue 14's done-when, across the app: no page, table, CSV or Excel download or evidence pack says
"lapsed" for an award unless a source says it lapsed (no record holds a published lapse, so nowhere);
every download uses the pages' status words; the evidence pack's counts are the Target tracker's.
Downloads are caught as the page builds them (the buttons render them only when pressed) and rendered
here with the export functions the buttons use."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from nnecl_data import evidence, export, wording
from nnecl_data.ui import components
from tests.app.conftest import assert_no_exception, open_page, page_text, scalar

PAGES = [
    ("overview", {}),
    ("quality_mark", {}),
    ("quality_mark", {"region": "E12000002"}),
    ("target_tracker", {}),
    ("target_tracker", {"target": "london_universities_recommended"}),
    ("institutions", {}),
    ("gaps", {}),
    ("members", {}),
    ("methods", {}),
    ("evidence_pack", {}),
    ("evidence_pack", {"ca": "E47000004"}),
]


@pytest.fixture
def downloads(monkeypatch):
    """Every (table, notes) a page offers as CSV and Excel during a run."""
    caught: list[tuple[pd.DataFrame, dict]] = []
    real = components.downloads

    def recording(table, title, source_ids, key, caveats=None, chart=None, selection=None):
        caught.append((table.copy(), components.export_notes(title, source_ids, caveats, selection)))
        return real(table, title, source_ids, key, caveats, chart, selection)

    monkeypatch.setattr(components, "downloads", recording)
    return caught


def _xlsx_text(data: bytes) -> str:
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    return "\n".join(frame.to_csv(index=False) for frame in sheets.values())


@pytest.mark.parametrize(
    ("page", "query"), PAGES, ids=[f"{p}-{'-'.join(q.values()) or 'default'}" for p, q in PAGES]
)
def test_no_page_table_or_download_says_lapsed_without_a_source(app_db, downloads, page, query):
    # The record holds no published lapse, so "lapsed" must appear nowhere a reader sees.
    assert scalar(app_db, "SELECT count(*) FROM quality_mark_awards WHERE status = 'lapsed'") == 0
    at = open_page(page, query)
    assert_no_exception(at)
    if page in ("quality_mark", "target_tracker", "institutions", "members"):
        assert downloads  # the downloads were caught (so the check below is not empty)
    seen = [page_text(at)] + [df.value.to_csv(index=False) for df in at.dataframe]
    seen += [str(o) for box in at.sidebar.multiselect for o in box.options]
    for table, notes in downloads:
        seen.append(export.to_csv_bytes(table, notes).decode("utf-8-sig"))
        seen.append(_xlsx_text(export.to_xlsx_bytes(table, notes)))
    offenders = [text for text in seen if "lapsed" in text.lower()]
    assert not offenders, offenders[0][:500]
    # every Quality Mark status in a download is one of the pages' status labels ("Status" alone is an
    # official figure's status, except in the status-by-area tables, which count institutions)
    labels = set(wording.STATUS_LABELS.values())
    for table, _notes in downloads:
        columns = ["Status today", "Quality Mark status today"] + (["Status"] if "Institutions" in table else [])
        for column in columns:
            if column in table.columns:
                assert set(table[column].dropna()) - {"not known", ""} <= labels, (column, table[column].unique())


def test_status_downloads_carry_renewal_not_announced_as_the_pages_count_it(app_db, downloads):
    at = open_page("target_tracker")
    assert_no_exception(at)
    shown = next(m.value for m in at.metric if m.label == "Renewal not announced")
    table = next(t for t, notes in downloads if notes["Title"].endswith("renewal not announced"))
    assert str(len(table)) == shown
    csv = export.to_csv_bytes(table, {}).decode("utf-8-sig")
    assert csv.count(wording.STATUS_LABELS["not_announced"]) == len(table)


def test_evidence_pack_counts_equal_the_target_trackers(app_db):
    at = open_page("target_tracker")
    assert_no_exception(at)
    metrics = {m.label: m.value for m in at.metric}
    pack = evidence.build_pack(
        app_db, evidence.Selection("combined_authority", "E47000001"), on_date=dt.date.today(), with_images=False
    )
    table = pack.provision_table.frame
    assert str(table["Institutions"].astype(int).sum()) == metrics["In scope (in the register)"]
    assert str(table["With a current award"].astype(int).sum()) == metrics["With a current award"]
    assert str(table["Renewal not announced"].astype(int).sum()) == metrics["Renewal not announced"]
    assert str(table["No award on record"].astype(int).sum()) == metrics["No award on record"]
    published = next(v for k, v in metrics.items() if k.startswith("NNECL's published figure"))
    named = metrics["Named in the announcements held"]
    assert f"name {named} of these {published}" in pack.provision[0]
    html = evidence.to_html(pack).decode("utf-8")
    assert "lapsed" not in html.lower()
