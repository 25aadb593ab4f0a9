"""The Local authority page's view: which areas the chooser lists, read from the committed seed."""

from __future__ import annotations

import pandas as pd

from nnecl_data import config
from nnecl_data.ui.views import local_authority as view


def _seed() -> pd.DataFrame:
    las = pd.read_csv(config.SEED_DIR / "local_authorities.csv", dtype={"old_la_code": str})
    return las.astype(object).where(las.notna(), None)


def test_every_area_is_listed_once_under_its_newest_code_with_its_successors():
    las = _seed()
    regions = {code: f"region {code}" for code in las["region_code"].unique()}
    records = view.authority_records(las, regions)
    names = dict(zip(las["code"], las["name"], strict=True))
    # a code is an older code of the same area when a later row with the same DfE code replaces it alone
    same_area_older = {
        r.code
        for r in las.itertuples()
        if r.end_year is not None
        and r.replaced_by
        and len(r.replaced_by.split()) == 1
        and las.loc[las["code"] == r.replaced_by, "old_la_code"].item() == r.old_la_code
    }
    assert same_area_older, "the seed holds recoded areas (e.g. North Yorkshire)"
    assert set(records) == set(las["code"]) - same_area_older
    for code, authority in records.items():
        row = las[las["code"] == code].iloc[0]
        assert authority.name == row["name"] and authority.region_name == regions[row["region_code"]]
        assert authority.exists == (row["end_year"] is None)
        successors = str(row["replaced_by"] or "").split()
        assert authority.successors == tuple((c, names[c]) for c in successors)
    for older in same_area_older:
        newest = las.loc[las["code"] == older, "replaced_by"].item()
        assert older in records[newest].codes and records[newest].codes[0] == newest


def test_an_abolished_authority_says_when_it_ended_and_what_replaced_it():
    las = _seed()
    records = view.authority_records(las, {})
    ended = [a for a in records.values() if not a.exists and a.successors]
    assert ended
    for authority in ended:
        text = authority.status_text()
        assert f"its last reporting year was {authority.end_year}" in text
        assert all(name in text for _, name in authority.successors)
