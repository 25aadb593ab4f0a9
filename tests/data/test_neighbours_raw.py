"""The statistical neighbours in the database are DfE's files, and the profile's figures follow from the
official files.

The grouping files are read here with openpyxl and the statistics files with the csv module, independently
of the ingest (nnecl_data.ingest.neighbours) and of the view. Averages, ranks and quartile bands are
worked out here from the official files with the standard library (statistics.quantiles with
method="inclusive" is R's default quantile, type 7, which LAIT uses) and compared with what the profile
shows.
"""

from __future__ import annotations

import csv
import statistics
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from nnecl_data.database import queries, schema

FILES = {2025: "sn_may_2025.xlsx", 2021: "sn_april_2021.xlsx"}
CODE_FILES = [
    ("dfe-csc-outcomes-enablers", "la_care_leavers_activity.csv"),
    ("dfe-csc-outcomes-enablers", "la_care_leavers_accommodation_suitability.csv"),
    ("dfe-csc-outcomes-enablers", "cla_number_and_rate_per_10k_children.csv"),
    ("dfe-csc-outcomes-enablers", "ks4_la.csv"),
    ("bengoodair-csc-care-leavers", "la_care_leavers_activity_2018_2022.csv"),
    ("bengoodair-csc-care-leavers", "la_care_leavers_accommodation_suitability_2018_2022.csv"),
]
SYMBOLS = {"c", "x", "z", "low", "k", "u"}


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _groupings(path: Path) -> dict[str, dict]:
    """DfE code -> {"name", "old", "neighbours": [(code, band as printed)], "dashes"} from the sheet."""
    sheet = load_workbook(path, read_only=True, data_only=True)["LA SN Groups"]
    out, started, old = {}, False, False
    for row in sheet.iter_rows(values_only=True):
        cells = [_text(v) for v in row]
        if not started:
            started = cells[0] == "LA num"
            continue
        if cells[1] == "Old SNs:":
            old = True
            continue
        if not cells[2]:
            continue
        pairs = [(cells[5 + 2 * k], cells[6 + 2 * k]) for k in range(10)]
        out[cells[2]] = {
            "name": cells[1],
            "old": old,
            "neighbours": pairs,
            "dashes": all(c == "-" for c, _ in pairs),
        }
    return out


@pytest.fixture(scope="module")
def files(raw_dir) -> dict[int, dict[str, dict]]:
    return {year: _groupings(raw_dir / "dfe-statistical-neighbours" / name) for year, name in FILES.items()}


def _rows(path: Path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)


@pytest.fixture(scope="module")
def to_ons(raw_dir) -> dict[str, str]:
    """DfE three-digit code -> the ONS code of its latest year in the statistics files."""
    latest: dict[str, tuple[int, set[str]]] = {}
    for folder, name in CODE_FILES:
        for r in _rows(raw_dir / folder / name):
            if r["geographic_level"] != "Local authority":
                continue
            year, old, new = int(r["time_period"][:4]), r["old_la_code"], r["new_la_code"]
            if old not in latest or year > latest[old][0]:
                latest[old] = (year, {new})
            elif year == latest[old][0]:
                latest[old][1].add(new)
    ambiguous = {old: codes for old, (_, codes) in latest.items() if len(codes) > 1}
    assert not ambiguous, f"one three-digit code with two ONS codes in its latest year: {ambiguous}"
    return {old: next(iter(codes)) for old, (_, codes) in latest.items()}


def _database(engine) -> dict[tuple[int, str], list]:
    sn = schema.statistical_neighbours
    with engine.connect() as conn:
        rows = conn.execute(select(sn).order_by(sn.c.grouping_year, sn.c.la_code, sn.c.rank)).all()
    out = defaultdict(list)
    for r in rows:
        out[(r.grouping_year, r.la_code)].append(r)
    return out


def test_every_authority_has_its_ten_neighbours_and_bands(files, to_ons, built_sqlite):
    stored = _database(built_sqlite)
    checked = 0
    for year, groupings in files.items():
        listed = {code: g for code, g in groupings.items() if not g["dashes"]}
        assert {la for (y, la) in stored if y == year} == {to_ons[code] for code in listed}
        for code, group in listed.items():
            rows = stored[(year, to_ons[code])]
            assert [r.rank for r in rows] == list(range(1, 11)), f"{year} {group['name']}"
            assert [r.neighbour_code for r in rows] == [to_ons[c] for c, _ in group["neighbours"]], group["name"]
            assert [r.neighbour_dfe_code for r in rows] == [c for c, _ in group["neighbours"]]
            assert [r.closeness_as_published for r in rows] == [b for _, b in group["neighbours"]]
            # one spelling per band: "Very Close" and "Very close" are the same band
            assert [r.closeness.lower() for r in rows] == [b.lower() for _, b in group["neighbours"]]
            assert all(r.la_dfe_code == code and r.old_section == group["old"] for r in rows)
            assert all(r.source_id == f"dfe_statistical_neighbours_{year}" for r in rows)
            checked += 1
    # 153 authorities in the May 2025 file plus 5 "Old SNs"; the April 2021 file lists 154 (two of them
    # with '-' for every neighbour) plus 4 "Old SNs"
    assert checked == 158 + 156


def test_every_current_authority_has_ten_current_neighbours_in_the_2025_grouping(built_sqlite):
    current = set(queries.local_authorities(built_sqlite, current_only=True)["code"])
    assert len(current) == 153  # every upper-tier authority in England, the Isles of Scilly included
    grouping = queries.statistical_neighbours(built_sqlite, grouping_year=2025)
    main = grouping[~grouping["old_section"].astype(bool)]
    assert set(main["la_code"]) == current
    assert (main.groupby("la_code")["rank"].count() == 10).all()
    assert main["neighbour_end_year"].isna().all(), "a current grouping names an authority that no longer exists"


def test_code_changes_are_followed_and_abolished_authorities_keep_their_own_codes(files, built_sqlite):
    sn = queries.statistical_neighbours(built_sqlite)
    code_of = dict(zip(sn["la_dfe_code"], sn["la_code"], strict=False))
    # recodes of the same area follow DfE's newest statistics (ONS codes as published by ONS)
    assert code_of["815"] == "E06000065"  # North Yorkshire, a unitary authority since April 2023
    assert code_of["933"] == "E06000066"  # Somerset, likewise
    assert code_of["825"] == "E06000060"  # Buckinghamshire, unitary since April 2020
    assert code_of["390"] == "E08000037"  # Gateshead
    assert code_of["929"] == "E06000057"  # Northumberland
    # reorganised authorities: each successor is its own authority, the abolished one keeps its code
    assert code_of["940"] == "E06000061" and code_of["941"] == "E06000062"  # North/West Northamptonshire
    assert code_of["928"] == "E10000021"  # Northamptonshire
    assert code_of["942"] == "E06000063" and code_of["943"] == "E06000064"  # Cumberland, Westmorland and Furness
    assert code_of["909"] == "E10000006"  # Cumbria
    assert code_of["835"] == "E10000009" and code_of["838"] == "E06000059"  # Dorset county and Dorset
    assert code_of["836"] == "E06000029" and code_of["837"] == "E06000028" and code_of["839"] == "E06000058"
    # Cumberland and Westmorland and Furness did not exist in April 2021: '-' in the file, no rows here
    assert files[2021]["942"]["dashes"] and files[2021]["943"]["dashes"]
    assert set(sn.loc[sn["grouping_year"] == 2021, "la_code"]).isdisjoint({"E06000063", "E06000064"})
    assert {"E06000063", "E06000064"} <= set(sn.loc[sn["grouping_year"] == 2025, "la_code"])
    # a 2021 grouping that names Cumbria keeps Cumbria (never its successors), marked as ended in 2023
    named = sn[(sn["grouping_year"] == 2021) & (sn["neighbour_dfe_code"] == "909")]
    assert not named.empty and (named["neighbour_code"] == "E10000006").all()
    assert (named["neighbour_end_year"] == 2023).all()
    assert not sn["neighbour_code"].isin(["E06000063", "E06000064"])[sn["grouping_year"] == 2021].any()
    # abolished authorities' own groupings are kept, flagged as DfE's "Old SNs"
    old_2025 = set(sn.loc[(sn["grouping_year"] == 2025) & sn["old_section"].astype(bool), "la_code"])
    assert old_2025 == {"E06000028", "E06000029", "E10000006", "E10000009", "E10000021"}


def test_committed_seed_is_what_the_ingest_produces(raw_dir, tmp_path):
    from nnecl_data.ingest import neighbours

    committed = Path(__file__).resolve().parents[2] / "nnecl_data" / "seed"
    (tmp_path / "local_authorities.csv").write_bytes((committed / "local_authorities.csv").read_bytes())
    neighbours.ingest(raw_dir, seed_dir=tmp_path)
    produced = (tmp_path / "statistical_neighbours.csv").read_bytes()
    assert produced == (committed / "statistical_neighbours.csv").read_bytes(), "seed is out of date"


# --- averages, ranks and quartile bands against the official files ----------------------------------------

# indicator -> (file, row filter, value column, higher is better?), read independently of the ingest
INDICATORS = {
    "cl_eet_19_21": (
        "la_care_leavers_activity.csv",
        {"care_leaver_age": "19 to 21 years", "breakdown": "Total in education, employment or training"},
        "care_leaver_percent",
        True,
    ),
    "cl_neet_17_18": (
        "la_care_leavers_activity.csv",
        {"care_leaver_age": "17 to 18 years", "breakdown": "Total not in education, employment or training"},
        "care_leaver_percent",
        False,
    ),
    "cl_he_19_21": (
        "la_care_leavers_activity.csv",
        {"care_leaver_age": "19 to 21 years", "breakdown": "Higher education i.e. studies beyond A level"},
        "care_leaver_percent",
        True,
    ),
    "ks4_att8": ("ks4_la.csv", {"social_care_group": "CLA 12 months at 31 March"}, "avg_att8", True),
}


def _official(raw_dir: Path, indicator: str, year: int) -> dict[str, float | None]:
    """ONS code -> the published figure (None for a symbol) for every authority in `year`."""
    name, where, column, _ = INDICATORS[indicator]
    period = str(year) if not indicator.startswith("ks4") else f"{year - 1}{str(year)[2:]}"
    out = {}
    for r in _rows(raw_dir / "dfe-csc-outcomes-enablers" / name):
        if r["geographic_level"] != "Local authority" or r["time_period"] != period:
            continue
        if all(r.get(k) == v for k, v in where.items()):
            cell = r[column].strip()
            out[r["new_la_code"]] = None if cell.lower() in SYMBOLS else float(cell)
    return out


def _band(value: float, figures: list[float], higher_better: bool) -> str:
    q1, q2, q3 = statistics.quantiles(figures, n=4, method="inclusive")
    quarter = 1 if value <= q1 else 2 if value <= q2 else 3 if value <= q3 else 4  # lowest first
    return "ABCD"[quarter - 1] if not higher_better else "DCBA"[quarter - 1]


@pytest.fixture(scope="module")
def profiles(built_sqlite):
    """Every current authority's profile rows, built by the view from the database."""
    from nnecl_data.ui.views import local_authority as lv

    las = queries.local_authorities(built_sqlite)
    region_table = queries.regions(built_sqlite)
    regions = dict(zip(region_table["code"], region_table["name"], strict=True))
    records = lv.authority_records(las, regions)
    areas = lv.cmp.same_area_codes(las)
    indicators = queries.indicators(built_sqlite)
    years = {code: queries.available_years(built_sqlite, code) for code in lv.PROFILE_INDICATORS}
    grouping = queries.statistical_neighbours(built_sqlite, grouping_year=2025)
    year_rows = {code: queries.indicator_by_la(built_sqlite, code, ys[-1]) for code, ys in years.items() if ys}
    out = {}
    for code, authority in records.items():
        if not authority.exists:
            continue
        neighbours = grouping[grouping["la_code"] == code]["neighbour_code"].tolist()
        wanted = sorted({c for n in [code, *neighbours] for c in areas.get(n, (n,))})
        local = queries.area_outcomes(built_sqlite, wanted)
        wide = pd.concat(
            [
                queries.area_outcomes(built_sqlite, [authority.region_code], "region"),
                queries.area_outcomes(built_sqlite, ["E92000001"], "england"),
            ],
            ignore_index=True,
        )
        rows = lv.build_summary(
            authority,
            neighbours,
            indicators,
            lv.series_index(local, areas),
            lv.series_index(wide, {}),
            year_rows,
            areas,
        )
        out[code] = {r.code: r for r in rows}
    return out


@pytest.mark.parametrize("indicator", list(INDICATORS))
def test_averages_ranks_and_bands_follow_from_the_official_files(raw_dir, files, to_ons, profiles, indicator):
    year = 2025
    official = _official(raw_dir, indicator, year)
    higher_better = INDICATORS[indicator][3]
    figures = [v for v in official.values() if v is not None]
    checked = suppressed = joint = partial = 0
    for dfe_code, group in files[2025].items():
        if group["old"]:
            continue
        code = to_ons[dfe_code]
        row = profiles[code][indicator]
        value = official.get(code)
        # the authority's own figure, or its symbol
        assert row.value == value if value is not None else row.value is None, f"{indicator} {group['name']}"
        # the neighbours' average: published figures only, and how many
        theirs = [official.get(to_ons[c]) for c, _ in group["neighbours"]]
        published = [v for v in theirs if v is not None]
        assert (row.average.covered, row.average.of) == (len(published), 10)
        if published:
            assert row.average.value == pytest.approx(sum(published) / len(published))
        else:
            assert row.average.value is None
        partial += len(published) < 10
        if value is None:
            assert row.rank is None and row.band is None
            suppressed += 1
            continue
        # rank: one plus the authorities with a better figure; joint when another has the same figure
        better = sum(1 for v in figures if (v > value if higher_better else v < value))
        assert row.rank.position == better + 1 and row.rank.of == len(figures)
        assert row.rank.joint == (figures.count(value) > 1)
        joint += row.rank.joint
        assert row.band == _band(value, figures, higher_better), f"{indicator} {group['name']}"
        checked += 1
    assert checked + suppressed == 153 and checked > 30
    if indicator.startswith("cl_"):  # whole-number percentages: ties are common, and must show as joint
        assert joint > 10
    if indicator == "cl_he_19_21":  # small numbers: suppressed authorities and partial averages occur
        assert suppressed > 10 and partial > 10


def test_download_fetches_the_same_files_from_the_lait_repository(raw_dir):
    """`python -m nnecl_data download` knows each grouping file's address: the repository, commit and path
    that SOURCE.txt records, and the file there has the bytes (sha256) SOURCE.txt records."""
    import hashlib
    import re

    from nnecl_data import sources

    folder = raw_dir / "dfe-statistical-neighbours"
    record = (folder / "SOURCE.txt").read_text(encoding="utf-8")
    repository = re.search(r"Source repository\s*:\s*https://github.com/(\S+)", record).group(1)
    commit = re.search(r"Snapshot commit\s*:\s*([0-9a-f]{40})", record).group(1)
    listed = {name: url for source, name, url in sources.downloadable_files() if source.raw_folder == folder.name}
    assert set(listed) == set(FILES.values())
    for name, url in listed.items():
        assert url == f"https://raw.githubusercontent.com/{repository}/{commit}/01_data/02_prod/{name}"
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert re.search(rf"{digest}\s+{re.escape(name)}", record), f"{name}: bytes differ from SOURCE.txt"
