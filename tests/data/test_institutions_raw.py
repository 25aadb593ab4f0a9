"""The institution register and NNECL records, rebuilt from the real raw files into a temporary seed folder
and checked against counts derived here independently of the ingest code."""

from __future__ import annotations

import csv
import re
import shutil
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from nnecl_data import config

ENGLISH_REGIONS = {f"E1200000{i}" for i in range(1, 10)}
GM = "E47000001"
# The Russell Group's members as its source publishes them (transcribed verbatim, with the page's address).
RUSSELL_GROUP_LIST = (
    Path(__file__).resolve().parents[2] / "nnecl_data" / "ingest" / "published" / "russell_group_members.txt"
)


def _plain(name: str) -> str:
    """This test's own name normalisation: lower case, '&' = 'and', no punctuation or leading 'the'."""
    name = re.sub(r"[’']", "", name.lower().replace("&", " and "))
    name = re.sub(r"[^a-z0-9]+", " ", name).strip()
    return re.sub(r"^the ", "", re.sub(r",? the$", "", name)).strip()


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
    inst = rebuilt["institutions"]
    got = inst[inst["source_id"] == "dfe_fe_colleges"]["type"].value_counts()
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
    inst = rebuilt["institutions"]
    from_discover_uni = inst[inst["source_id"] == "discover_uni_2025"]
    assert set(from_discover_uni["ukprn"]) == english - listed
    # of those, only former sixth form colleges are typed otherwise (next test)
    assert set(from_discover_uni["type"]) == {"other_he", "sixth_form_college"}


def test_ashton_sixth_form_college_is_a_sixth_form_college(rebuilt, raw_dir):
    ks5 = _raw_rows(raw_dir, "dfe-ks5-2020-institutions", "england_ks5final.csv")
    ashton_ks5 = [r for r in ks5 if r["SCHNAME"] == "Ashton Sixth Form College"]
    assert [r["SCHTYPE"] for r in ashton_ks5] == ["College"]  # a college in DfE's 16-18 tables
    du = _raw_rows(raw_dir, "discover-uni-institution-2025", "INSTITUTION.csv")
    ukprns = {
        r["PUBUKPRN"] for r in du if "Ashton Sixth Form College" in (r["LEGAL_NAME"], r["FIRST_TRADING_NAME"])
    }
    dfe = {r["UKPRN"] for r in _raw_rows(raw_dir, "dfe-tvs-fe-colleges", "colleges.csv")}
    assert len(ukprns) == 1 and not ukprns & dfe  # in Discover Uni, not in DfE's list of corporations
    inst = rebuilt["institutions"].set_index("ukprn")
    row = inst.loc[ukprns.pop()]
    assert row["type"] == "sixth_form_college"
    assert row["urn"] == ashton_ks5[0]["URN"]
    assert "sixth form college" in row["location_note"]


def test_every_institution_named_sixth_form_college_is_typed_so(rebuilt):
    inst = rebuilt["institutions"]
    named = inst[inst["name"].str.contains("Sixth Form College", case=False)]
    assert len(named) > 2
    assert (named["type"] == "sixth_form_college").all(), named.loc[named["type"] != "sixth_form_college", "name"]


def test_every_russell_group_member_in_england_is_flagged_and_no_other(rebuilt, raw_dir):
    lines = RUSSELL_GROUP_LIST.read_text(encoding="utf-8").splitlines()
    assert any("qub.ac.uk" in line for line in lines if line.startswith("#"))  # the source's address
    members = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert len(members) == 24  # "the Russell Group of 24 leading UK research-intensive Universities"
    # Every name a provider goes by, from Discover Uni (all UK) and HESA (England), with its country.
    providers: dict[str, set[tuple[str, str]]] = {}
    for r in _raw_rows(raw_dir, "discover-uni-institution-2025", "INSTITUTION.csv"):
        for name in (r["LEGAL_NAME"], r["FIRST_TRADING_NAME"], *r["OTHER_NAMES"].split("###")):
            if name.strip():
                providers.setdefault(_plain(name), set()).add((r["PUBUKPRN"].strip(), r["PUBUKPRNCOUNTRY"]))
    for r in _raw_rows(raw_dir, "hesa-hei-region", "hei_data.csv"):
        for name in (r["HE Provider"], r["Alternative Name"]):
            if name.strip():
                providers.setdefault(_plain(name), set()).add((r["UKPRN"].strip(), "XF"))
    in_england, elsewhere = set(), set()
    for member in members:
        wanted = _plain(member)  # "Queen Mary" is published short: a name that starts with it counts
        hits = set().union(*(v for k, v in providers.items() if k == wanted or k.startswith(wanted + " ")))
        assert len(hits) == 1, (member, hits)
        ukprn, country = hits.pop()
        (in_england if country == "XF" else elsewhere).add(ukprn)
    assert len(in_england) + len(elsewhere) == len(members)
    inst = rebuilt["institutions"]
    flagged = set(inst.loc[inst["russell_group"] == "true", "ukprn"])
    assert flagged == in_england
    assert not elsewhere & set(inst["ukprn"])  # the register is England's only
    assert (inst.loc[inst["russell_group"] == "true", "type"] == "university").all()


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
    # Names in the published announcements: 17 (June 2021) + 4 (2022) + 6 (GM colleges 2025) + 1 (Cambridge)
    # + Birmingham (December 2022) + Liverpool (January 2023) + the York and Sunderland renewals (2025).
    assert len(awards) == 17 + 4 + 6 + 1 + 1 + 1 + 2
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
    assert set(awards.loc[awards["status"] == "renewed", "name_as_published"]) == {
        "University of Sunderland",
        "University of York",
    }


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
