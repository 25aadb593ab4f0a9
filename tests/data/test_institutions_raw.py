"""The institution register and NNECL records, rebuilt from the real raw files into a temporary seed folder
and checked against counts derived here independently of the ingest code."""

from __future__ import annotations

import csv
import shutil
from collections import Counter

import pandas as pd
import pytest

from nnecl_data import config

ENGLISH_REGIONS = {f"E1200000{i}" for i in range(1, 10)}
GM = "E47000001"


@pytest.fixture(scope="module")
def rebuilt(raw_dir, tmp_path_factory):
    from nnecl_data.ingest import institutions, nnecl_records

    seed = tmp_path_factory.mktemp("seed")
    la_seed = config.SEED_DIR / "local_authorities.csv"
    if la_seed.exists():
        shutil.copy(la_seed, seed / "local_authorities.csv")
    institutions.ingest(raw_dir, seed_dir=seed)
    nnecl_records.ingest(raw_dir, seed_dir=seed)

    def read(name):
        return pd.read_csv(seed / f"{name}.csv", dtype=str, keep_default_na=False)

    return {
        name: read(name) for name in ("institutions", "institution_aliases", "quality_mark_awards", "partnerships")
    }


def _raw_rows(raw_dir, folder, name):
    with open(raw_dir / folder / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_fe_counts_per_type_equal_the_dfe_list(rebuilt, raw_dir):
    raw = Counter(
        r["Provider Type"].rsplit(" - ", 1)[-1] for r in _raw_rows(raw_dir, "dfe-tvs-fe-colleges", "colleges.csv")
    )
    got = rebuilt["institutions"]["type"].value_counts()
    assert got["general_fe_college"] == raw["General Further Education College"]
    assert got["sixth_form_college"] == raw["Sixth Form College"]
    assert got["other_fe"] == raw["Designated Institution"]


def test_universities_are_the_hesa_list(rebuilt, raw_dir):
    hesa = {r["UKPRN"].strip() for r in _raw_rows(raw_dir, "hesa-hei-region", "hei_data.csv")}
    unis = rebuilt["institutions"].query("type == 'university'")
    assert set(unis["ukprn"]) == hesa


def test_other_he_are_english_discover_uni_providers_not_listed_elsewhere(rebuilt, raw_dir):
    du = _raw_rows(raw_dir, "discover-uni-institution-2025", "INSTITUTION.csv")
    english = {r["PUBUKPRN"] for r in du if r["PUBUKPRNCOUNTRY"] == "XF"}
    listed = {r["UKPRN"] for r in _raw_rows(raw_dir, "dfe-tvs-fe-colleges", "colleges.csv")}
    listed |= {r["UKPRN"] for r in _raw_rows(raw_dir, "hesa-hei-region", "hei_data.csv")}
    other = rebuilt["institutions"].query("type == 'other_he'")
    assert set(other["ukprn"]) == english - listed


def test_ids_unique_and_from_ukprn(rebuilt):
    inst = rebuilt["institutions"]
    assert inst["institution_id"].is_unique
    assert (inst["institution_id"] == "ukprn:" + inst["ukprn"]).all()


def test_region_codes_valid_and_explained_when_missing(rebuilt):
    inst = rebuilt["institutions"]
    present = inst["region_code"] != ""
    assert set(inst.loc[present, "region_code"]) <= ENGLISH_REGIONS
    # every missing region or LA says why
    missing = inst[(inst["region_code"] == "") | (inst["la_code"] == "")]
    assert missing["location_note"].str.contains("not determined").all()
    # the great majority are located
    assert present.mean() > 0.95


def test_no_institution_outside_england(rebuilt):
    inst = rebuilt["institutions"]
    las = inst.loc[inst["la_code"] != "", "la_code"]
    assert las.str.startswith("E").all()
    # postcode districts of Welsh/Scottish/NI towns are not used: all located rows have an English region
    located = inst[inst["latitude"] != ""]
    assert (located["region_code"] != "").all()


def test_la_codes_exist_in_la_seed_and_agree_with_region(rebuilt):
    la_path = config.SEED_DIR / "local_authorities.csv"
    if not la_path.exists():
        pytest.skip("local_authorities seed not written yet")
    la = pd.read_csv(la_path, dtype=str, keep_default_na=False).set_index("code")
    inst = rebuilt["institutions"]
    located = inst[inst["la_code"] != ""]
    assert located["la_code"].isin(la.index).all()
    # the region from HESA / the postcode district agrees with the LA's region
    both = located[located["region_code"] != ""]
    assert (both["region_code"] == both["la_code"].map(la["region_code"])).all()


def test_known_places(rebuilt):
    la_path = config.SEED_DIR / "local_authorities.csv"
    if not la_path.exists():
        pytest.skip("local_authorities seed not written yet")
    la = pd.read_csv(la_path, dtype=str, keep_default_na=False)
    name_by_code = dict(zip(la["code"], la["name"], strict=True))
    inst = rebuilt["institutions"].set_index("institution_id")
    # UKPRNs from colleges.csv / hei_data.csv; the towns are in the institutions' names
    assert name_by_code[inst.loc["ukprn:10001005", "la_code"]] == "Bury"  # Bury College
    assert name_by_code[inst.loc["ukprn:10007500", "la_code"]] == "Wigan"  # Wigan and Leigh College
    assert name_by_code[inst.loc["ukprn:10007167", "la_code"]] == "York"  # University of York


def test_every_named_award_matched_or_reported(rebuilt):
    awards = rebuilt["quality_mark_awards"]
    # 17 (June 2021) + 4 (2022) + 1 (2025 renewal) + 6 (GM colleges 2025) + 1 (Cambridge) from the issue
    assert len(awards) == 29
    assert awards["award_id"].is_unique
    ids = set(rebuilt["institutions"]["institution_id"])
    matched = awards[awards["institution_id"] != ""]
    assert matched["institution_id"].isin(ids).all()
    unmatched = awards[awards["institution_id"] == ""]
    assert (unmatched["match_note"].str.len() > 20).all()
    assert set(unmatched["name_as_published"]) <= {"Oldham Sixth Form College"}
    assert (awards["expiry_year"].astype(int) == awards["award_year"].astype(int) + 3).all()
    assert (awards["award_date"] == "").all() and (awards["expiry_date"] == "").all()
    assert set(awards["status"]) == {"awarded", "renewed"}


def test_greater_manchester_college_awards_are_in_greater_manchester(rebuilt):
    la_path = config.SEED_DIR / "local_authorities.csv"
    if not la_path.exists():
        pytest.skip("local_authorities seed not written yet")
    la = pd.read_csv(la_path, dtype=str, keep_default_na=False).set_index("code")
    inst = rebuilt["institutions"].set_index("institution_id")
    awards = rebuilt["quality_mark_awards"]
    gm = awards[(awards["source_id"] == "nnecl_gm_colleges_2025") & (awards["institution_id"] != "")]
    assert len(gm) >= 5
    cas = gm["institution_id"].map(inst["la_code"]).map(la["combined_authority_code"])
    assert (cas == GM).all()


def test_aliases_unique_and_point_at_register(rebuilt):
    al = rebuilt["institution_aliases"]
    assert al["alias"].is_unique
    assert al["institution_id"].isin(set(rebuilt["institutions"]["institution_id"])).all()
    assert (al["alias"] == al["alias"].str.lower()).all()


def test_partnerships_fill_every_field(rebuilt):
    p = rebuilt["partnerships"]
    # the LWI report's four case studies, and Nottinghamshire's partnership from the county council's page
    assert p["source_id"].value_counts().to_dict() == {
        "lwi_local_approaches": 4,
        "nottinghamshire_lac_strategy_2022": 1,
    }
    notts = p[p["source_id"] == "nottinghamshire_lac_strategy_2022"].iloc[0]
    assert (
        notts["la_codes"] == "E10000024" and notts["region_codes"] == "E12000004"
    )  # Nottinghamshire, East Midlands
    for col in ("lead_organisation", "area", "region_codes", "member_types", "membership_model", "activities"):
        assert (p[col] != "").all(), col
    assert set(" ".join(p["region_codes"]).split()) <= ENGLISH_REGIONS


def test_committed_seed_is_up_to_date(rebuilt):
    for name in ("institutions", "quality_mark_awards"):
        committed = pd.read_csv(config.SEED_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(committed, rebuilt[name])
