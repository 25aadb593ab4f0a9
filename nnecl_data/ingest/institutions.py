"""Build the institution register (seed/institutions.csv and seed/institution_aliases.csv).

Who is in the register, and with which type:

- every row of DfE's list of statutory further education corporations (dfe-tvs-fe-colleges/colleges.csv):
  "General Further Education College" -> general_fe_college, "Sixth Form College" -> sixth_form_college,
  "Designated Institution" -> other_fe;
- every English higher education institution in HESA's list (hesa-hei-region/hei_data.csv) -> university;
- every other English provider in the Discover Uni 2025 INSTITUTION table (PUBUKPRN whose country is
  England, not already listed above) -> other_he, except sixth form colleges that left DfE's list when they
  became 16-19 academies: a provider whose name says "Sixth Form College" (and not "School") and is the name
  of a college or academy in DfE's 16-18 performance tables 2018/19 -> sixth_form_college (for example
  Ashton Sixth Form College).

Where each one is:

- universities: region = HESA's own "Region of HE provider"; local authority = the upper-tier local
  authority (ONS, 2025 boundaries) containing HESA's latitude/longitude (or, where HESA has none, the
  centroid of the postcode district of the Discover Uni address);
- everyone else: the postcode is taken from the Discover Uni address (by UKPRN), else from the DfE 16-18
  performance tables 2018/19 (exact normalised name match among rows with SCHTYPE 'College'), else from
  the OfS Register of November 2018 (by UKPRN). The postcode district's centroid (doogal) gives latitude
  and longitude, its 'UK region' gives the region, and the 2025 upper-tier local authority containing the
  centroid gives the local authority.

A postcode district centroid is an approximation: a college near a boundary may be placed in the
neighbouring authority. Every row says in `location_note` how it was located, or why it could not be.
Boundaries are read only while ingesting; no geometry is written.

`russell_group` is true for the universities named in the Russell Group member list transcribed in
`published/russell_group_members.txt` (source `qub_russell_group_members`), matched by normalised name to
the register's names and aliases (or the maintained `RUSSELL_GROUP_NAME_ALIASES`). A listed member that
matches nothing must be a provider outside England in Discover Uni; anything else stops the ingest.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from nnecl_data import config
from nnecl_data.database import seed_io
from nnecl_data.rules.names import normalise_name
from nnecl_data.sources import (
    DFE_FE_COLLEGES,
    DFE_KS5_2019,
    DISCOVER_UNI_2025,
    HESA_HEI,
    OFS_REGISTER_2018,
    ONS_UK_TOPOJSON,
    POSTCODE_DISTRICTS,
    RUSSELL_GROUP_MEMBERS,
)

BOUNDARY_YEAR = 2025

PROVIDER_TYPES = {
    "Statutory FE Sector - General Further Education College": "general_fe_college",
    "Statutory FE Sector - Sixth Form College": "sixth_form_college",
    "Statutory FE Sector - Designated Institution": "other_fe",
}


RUSSELL_GROUP_LIST = Path(__file__).with_name("published") / "russell_group_members.txt"

# Published Russell Group name (normalised) -> (register alias to use instead (normalised), why).
RUSSELL_GROUP_NAME_ALIASES: dict[str, tuple[str, str]] = {
    "queen mary": (
        "queen mary university of london",
        "Published as 'Queen Mary'; HESA's list names it Queen Mary University of London.",
    ),
}

# Words kept in capitals when title-casing DfE's upper-case provider names (acronyms in that list).
_ACRONYMS = {"DCG", "DN", "EKC", "HRUC", "LTE", "NCG", "RNN", "TEC", "WQE", "RC", "UK"}
_SMALL_WORDS = {"and", "of", "the", "for", "in", "upon", "on", "at", "with"}
_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b")


def title_case(upper_name: str) -> str:
    words = []
    for i, word in enumerate(upper_name.strip().rstrip(".").split()):
        bare = re.sub(r"[^A-Z]", "", word)
        if bare in _ACRONYMS:
            words.append(word)
        elif i > 0 and word.lower() in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(words)


def tidy_legal_name(name: str) -> str:
    """Discover Uni writes some names as 'University of Salford, the'."""
    name = name.strip()
    m = re.match(r"^(.*),\s*the$", name, flags=re.IGNORECASE)
    return f"The {m.group(1)}" if m else name


def postcode_district(address: str | None) -> str | None:
    if not address:
        return None
    matches = _POSTCODE.findall(str(address).upper())
    return matches[-1][0] if matches else None


# --- readers -------------------------------------------------------------------------------------------


def read_colleges(source_dir: Path) -> pd.DataFrame:
    df = pd.read_csv(source_dir / DFE_FE_COLLEGES.raw_folder / "colleges.csv", dtype=str, keep_default_na=False)
    df["UKPRN"] = df["UKPRN"].str.strip()
    return df


def read_hesa(source_dir: Path) -> pd.DataFrame:
    df = pd.read_csv(source_dir / HESA_HEI.raw_folder / "hei_data.csv", dtype=str, keep_default_na=False)
    df["UKPRN"] = df["UKPRN"].str.strip()
    return df


def read_discover_uni(source_dir: Path) -> pd.DataFrame:
    """One row per published provider (PUBUKPRN); the first row wins where a provider is listed under
    several registering providers (the name and address columns are the same in those rows)."""
    df = pd.read_csv(
        source_dir / DISCOVER_UNI_2025.raw_folder / "INSTITUTION.csv", dtype=str, keep_default_na=False
    )
    df["PUBUKPRN"] = df["PUBUKPRN"].str.strip()
    return df.drop_duplicates("PUBUKPRN", keep="first").set_index("PUBUKPRN", drop=False)


def read_ks5_colleges(source_dir: Path) -> pd.DataFrame:
    df = pd.read_csv(
        source_dir / DFE_KS5_2019.raw_folder / "england_ks5final.csv", dtype=str, keep_default_na=False
    )
    df = df[df["SCHTYPE"] == "College"].copy()
    df["norm"] = df["SCHNAME"].map(normalise_name)
    return df


def read_ks5_sixth_form_colleges(source_dir: Path) -> dict[str, dict]:
    """Normalised name -> row, for 2018/19 performance-table colleges and academies named "... Sixth Form
    College" (schools with a sixth form college in their name are left out): sixth form colleges, including
    those that later became 16-19 academies."""
    df = pd.read_csv(
        source_dir / DFE_KS5_2019.raw_folder / "england_ks5final.csv", dtype=str, keep_default_na=False
    )
    df = df[df["SCHTYPE"].isin(["College", "Academy"])].copy()
    df["norm"] = df["SCHNAME"].map(normalise_name)
    df = df[df["norm"].str.contains("sixth form college") & ~df["norm"].str.contains("school")]
    return {norm: grp.iloc[0].to_dict() for norm, grp in df.groupby("norm") if len(grp) == 1}


def read_russell_group(path: Path = RUSSELL_GROUP_LIST) -> list[str]:
    """The member names exactly as published, in order ('#' lines are provenance, not members)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def read_ofs_register(source_dir: Path) -> dict[str, dict]:
    text = (source_dir / OFS_REGISTER_2018.raw_folder / "data.js").read_text(encoding="utf-8").strip()
    return json.loads(text[text.index("{") :].rstrip(";").strip())


def read_districts(source_dir: Path) -> pd.DataFrame:
    df = pd.read_csv(
        source_dir / POSTCODE_DISTRICTS.raw_folder / "Postcode districts.csv", dtype=str, keep_default_na=False
    )
    return df.set_index("Postcode", drop=False)


def _topo_layer(source_dir: Path, layer: str, year: int | None = BOUNDARY_YEAR):
    from nnecl_data import geo

    gdf = geo.load_topojson_layer(source_dir / ONS_UK_TOPOJSON.raw_folder / "topo.json", layer, year)
    return gdf[["areacd", "areanm", "geometry"]]


def region_codes_by_name(source_dir: Path) -> dict[str, str]:
    """English region name -> E12 code, from the ONS rgn layer's own names."""
    rgn = _topo_layer(source_dir, "rgn", year=None)
    return {row.areanm: row.areacd for row in rgn.itertuples() if row.areacd.startswith("E12")}


def known_la_codes(seed_dir: Path | None = None) -> set[str] | None:
    """Codes in the local_authorities seed, or None while that seed does not exist yet."""
    la = seed_io.read_seed("local_authorities", seed_dir)
    if la.empty:
        return None
    return set(la["code"].dropna())


def recoded_las(source_dir: Path) -> dict[str, str]:
    """New GSS code -> previous code, for areas ONS only re-coded (changes.csv type 'new_code')."""
    changes = pd.read_csv(
        source_dir / ONS_UK_TOPOJSON.raw_folder / "changes.csv",
        dtype=str,
        keep_default_na=False,
        encoding="utf-8-sig",
    )
    changes = changes[changes["type"] == "new_code"]
    return dict(zip(changes["newcd"], changes["oldcd"], strict=True))


class LaLocator:
    """Point -> upper-tier local authority (ONS boundaries of BOUNDARY_YEAR)."""

    def __init__(self, source_dir: Path):
        self.utla = _topo_layer(source_dir, "utla")

    def locate(self, lat: float, lon: float) -> tuple[str | None, str | None]:
        from shapely.geometry import Point

        point = Point(lon, lat)
        hits = self.utla[self.utla.geometry.covers(point)]
        if len(hits) == 1:
            return hits.iloc[0]["areacd"], hits.iloc[0]["areanm"]
        return None, None


# --- build -----------------------------------------------------------------------------------------------


def _float(value) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(f) else f


class _Sources:
    """The official lists and lookups the register is built from, the rules that place an institution
    from them, and the aliases found on the way (in the order found)."""

    def __init__(self, source_dir: Path, la_codes: set[str] | None):
        self.colleges = read_colleges(source_dir)
        self.hesa = read_hesa(source_dir)
        self.du = read_discover_uni(source_dir)
        self.ks5 = read_ks5_colleges(source_dir)
        self.ks5_sixth_forms = read_ks5_sixth_form_colleges(source_dir)
        self.ofs = read_ofs_register(source_dir)
        self.districts = read_districts(source_dir)
        self.regions = region_codes_by_name(source_dir)
        self.locator = LaLocator(source_dir)
        self.recoded = recoded_las(source_dir)
        self.la_codes = la_codes
        self.ks5_by_norm = {norm: grp for norm, grp in self.ks5.groupby("norm")}
        self.aliases: list[tuple[str, str, str, str]] = []  # (alias, institution_id, note, source_id)

    def add_alias(self, name: str | None, inst_id: str, note: str, source_id: str) -> None:
        norm = normalise_name(name)
        if norm:
            self.aliases.append((norm, inst_id, note, source_id))

    def add_du_aliases(self, ukprn: str, inst_id: str) -> None:
        if ukprn not in self.du.index:
            return
        rec = self.du.loc[ukprn]
        self.add_alias(
            tidy_legal_name(rec["LEGAL_NAME"]), inst_id, "legal name (Discover Uni 2025)", "discover_uni_2025"
        )
        self.add_alias(rec["FIRST_TRADING_NAME"], inst_id, "trading name (Discover Uni 2025)", "discover_uni_2025")
        for other in str(rec["OTHER_NAMES"]).split("###"):
            self.add_alias(other, inst_id, "other name (Discover Uni 2025)", "discover_uni_2025")

    def district_fields(self, district: str | None, how: str) -> dict:
        """lat/long/region/LA from a postcode district centroid."""
        if not district:
            return {"note": how}
        if district not in self.districts.index:
            return {"district": district, "note": f"{how}; postcode district {district} not in the doogal list"}
        rec = self.districts.loc[district]
        lat, lon = _float(rec["Latitude"]), _float(rec["Longitude"])
        region_name = rec["UK region"]
        return {
            "district": district,
            "lat": lat,
            "lon": lon,
            "region_name": region_name,
            "note": f"{how}; location = centroid of postcode district {district}",
        }

    def region_of(self, loc: dict, district: str | None) -> tuple[str | None, str]:
        """The region of a postcode district's location (see `district_fields`), and the note saying so."""
        region_code = self.regions.get(loc.get("region_name", ""))
        note = loc["note"]
        if loc.get("region_name") is not None and region_code is None:
            note += f"; region not determined: postcode district's region is '{loc['region_name'] or 'blank'}'"
        elif district is None:
            note += "; region not determined"
        return region_code, note

    def place_la(self, lat, lon, note: str) -> tuple[str | None, str]:
        if lat is None or lon is None:
            return None, note + "; local authority not determined: no coordinates"
        code, _name = self.locator.locate(lat, lon)
        if code is None:
            return (
                None,
                note + f"; local authority not determined: point not inside any {BOUNDARY_YEAR} ONS "
                "upper-tier authority (generalised boundaries)",
            )
        if self.la_codes is not None and code not in self.la_codes:
            old = self.recoded.get(code)
            if old in self.la_codes:
                return (
                    old,
                    note + f"; ONS {BOUNDARY_YEAR} code {code} recorded as {old}, the code the "
                    "local authority list uses for the same area",
                )
            return None, note + f"; local authority {code} is not in the local_authorities seed"
        return code, note


def _college_rows(src: _Sources) -> list[dict]:
    """1. DfE statutory FE corporations."""
    du, ofs, ks5_by_norm = src.du, src.ofs, src.ks5_by_norm
    rows: list[dict] = []
    for rec in src.colleges.to_dict("records"):
        ukprn = rec["UKPRN"]
        inst_id = f"ukprn:{ukprn}"
        dfe_name = rec["Provider Name"]
        norm = normalise_name(dfe_name)
        ks5_match = ks5_by_norm.get(norm)
        urn = None
        ks5_postcode = None
        if ks5_match is not None and len(ks5_match) == 1:
            urn = ks5_match.iloc[0]["URN"]
            ks5_postcode = ks5_match.iloc[0]["PCODE"]
        du_rec = du.loc[ukprn] if ukprn in du.index and du.loc[ukprn, "PUBUKPRNCOUNTRY"] == "XF" else None
        has_acronym = any(re.sub(r"[^A-Z]", "", w) in _ACRONYMS for w in dfe_name.split())
        if has_acronym:
            name = title_case(dfe_name)
        elif du_rec is not None and normalise_name(tidy_legal_name(du_rec["LEGAL_NAME"])) == norm:
            name = tidy_legal_name(du_rec["LEGAL_NAME"])
        elif ks5_match is not None and len(ks5_match) == 1:
            name = ks5_match.iloc[0]["SCHNAME"]
        else:
            name = title_case(dfe_name)
        district = None
        how = ""
        if du_rec is not None:
            district = postcode_district(du_rec["PROVADDRESS"])
            how = "postcode from Discover Uni 2025 address"
        if district is None and ks5_postcode:
            district = postcode_district(ks5_postcode)
            how = "postcode from DfE 16-18 performance tables 2018/19 (name match)"
        if district is None and ukprn in ofs:
            district = postcode_district(ofs[ukprn].get("address"))
            how = "postcode from OfS Register November 2018 address"
        if district is None:
            how = "no postcode found in Discover Uni 2025, the 2018/19 performance tables or the 2018 OfS Register"
        loc = src.district_fields(district, how)
        region_code, note = src.region_of(loc, district)
        la_code, note = src.place_la(loc.get("lat"), loc.get("lon"), note)
        rows.append(
            {
                "institution_id": inst_id,
                "name": name,
                "type": PROVIDER_TYPES[rec["Provider Type"]],
                "ukprn": ukprn,
                "urn": urn,
                "la_code": la_code,
                "region_code": region_code,
                "postcode_district": loc.get("district"),
                "latitude": loc.get("lat"),
                "longitude": loc.get("lon"),
                "location_note": note,
                "russell_group": False,
                "source_id": DFE_FE_COLLEGES.source_id,
            }
        )
        src.add_alias(dfe_name, inst_id, "provider name (DfE FE colleges list)", DFE_FE_COLLEGES.source_id)
        src.add_du_aliases(ukprn, inst_id)
        if ks5_match is not None and len(ks5_match) == 1:
            src.add_alias(
                ks5_match.iloc[0]["SCHNAME"], inst_id, "name in 2018/19 performance tables", "dfe_ks5_2019"
            )
    return rows


def _university_rows(src: _Sources) -> list[dict]:
    """2. HESA English HEIs."""
    du, regions = src.du, src.regions
    rows: list[dict] = []
    for rec in src.hesa.to_dict("records"):
        ukprn = rec["UKPRN"]
        inst_id = f"ukprn:{ukprn}"
        region_name = rec["Region of HE provider"]
        region_code = regions.get(region_name)
        lat, lon = _float(rec["lat"]), _float(rec["lon"])
        du_rec = du.loc[ukprn] if ukprn in du.index else None
        district = postcode_district(du_rec["PROVADDRESS"]) if du_rec is not None else None
        note = "region from HESA"
        if region_code is None:
            note = f"region not determined: HESA region '{region_name}' is not an English region"
        if lat is not None and lon is not None:
            note += "; location = HESA list's geocode"
        else:
            loc = src.district_fields(
                district, "no geocode in the HESA list; postcode from Discover Uni 2025 address"
            )
            lat, lon = loc.get("lat"), loc.get("lon")
            note += "; " + loc["note"]
        la_code, note = src.place_la(lat, lon, note)
        rows.append(
            {
                "institution_id": inst_id,
                "name": rec["HE Provider"],
                "type": "university",
                "ukprn": ukprn,
                "urn": None,
                "la_code": la_code,
                "region_code": region_code,
                "postcode_district": district,
                "latitude": lat,
                "longitude": lon,
                "location_note": note,
                "russell_group": False,
                "source_id": HESA_HEI.source_id,
            }
        )
        src.add_alias(rec["HE Provider"], inst_id, "HE provider name (HESA)", HESA_HEI.source_id)
        src.add_alias(rec["Alternative Name"], inst_id, "alternative name (HESA list)", HESA_HEI.source_id)
        src.add_du_aliases(ukprn, inst_id)
    return rows


def _other_he_rows(src: _Sources) -> list[dict]:
    """3. Other English HE providers in Discover Uni."""
    du, ofs = src.du, src.ofs
    rows: list[dict] = []
    listed = set(src.colleges["UKPRN"]) | set(src.hesa["UKPRN"])
    for ukprn, rec in du.iterrows():
        if rec["PUBUKPRNCOUNTRY"] != "XF" or ukprn in listed:
            continue
        inst_id = f"ukprn:{ukprn}"
        district = postcode_district(rec["PROVADDRESS"])
        how = "postcode from Discover Uni 2025 address"
        if district is None and ukprn in ofs:
            district = postcode_district(ofs[ukprn].get("address"))
            how = "postcode from OfS Register November 2018 address"
        if district is None:
            how = "no postcode in the Discover Uni 2025 address or the 2018 OfS Register"
        loc = src.district_fields(district, how)
        region_code, note = src.region_of(loc, district)
        la_code, note = src.place_la(loc.get("lat"), loc.get("lon"), note)
        name = rec["FIRST_TRADING_NAME"].strip() or tidy_legal_name(rec["LEGAL_NAME"])
        institution_type, urn, note = _other_he_type(src, name, rec["LEGAL_NAME"], note)
        rows.append(
            {
                "institution_id": inst_id,
                "name": name,
                "type": institution_type,
                "ukprn": ukprn,
                "urn": urn,
                "la_code": la_code,
                "region_code": region_code,
                "postcode_district": loc.get("district"),
                "latitude": loc.get("lat"),
                "longitude": loc.get("lon"),
                "location_note": note,
                "russell_group": False,
                "source_id": DISCOVER_UNI_2025.source_id,
            }
        )
        src.add_du_aliases(ukprn, inst_id)
    return rows


def _other_he_type(src: _Sources, name: str, legal_name: str, note: str) -> tuple[str, str | None, str]:
    """(type, URN, note) of a provider listed only by Discover Uni: other HE, except sixth form colleges that
    left DfE's list of corporations when they became 16-19 academies (named in the 2018/19 performance
    tables)."""
    names = (normalise_name(name), normalise_name(tidy_legal_name(legal_name)))
    sixth_form = next((src.ks5_sixth_forms[norm] for norm in names if norm in src.ks5_sixth_forms), None)
    if sixth_form is None:
        return "other_he", None, note
    note += (
        f"; type: sixth form college (the 2018/19 performance tables list {sixth_form['SCHNAME']} as "
        f"{'an academy' if sixth_form['SCHTYPE'] == 'Academy' else 'a college'}; not in DfE's list of "
        "statutory FE corporations)"
    )
    return "sixth_form_college", sixth_form["URN"], note


def _alias_frame(aliases: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """One row per (alias, institution); an alias naming two institutions is ambiguous and dropped."""
    al = pd.DataFrame(aliases, columns=["alias", "institution_id", "note", "source_id"])
    al = al.drop_duplicates(["alias", "institution_id"], keep="first")
    ambiguous = al["alias"].duplicated(keep=False)
    return al[~ambiguous].sort_values("alias").reset_index(drop=True)


def build_register(source_dir: Path, la_codes: set[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    src = _Sources(source_dir, la_codes)
    rows = _college_rows(src) + _university_rows(src) + _other_he_rows(src)
    register = pd.DataFrame(rows)
    if register["institution_id"].duplicated().any():
        raise ValueError("duplicate institution ids in the register")
    aliases = _alias_frame(src.aliases)
    members = russell_group_ids(read_russell_group(), aliases, src.du)
    register["russell_group"] = register["institution_id"].isin(members)
    return register.sort_values("institution_id").reset_index(drop=True), aliases


def russell_group_ids(published: list[str], aliases: pd.DataFrame, du: pd.DataFrame) -> set[str]:
    """Register ids of the listed Russell Group members. Every listed name must match one institution in
    the register or be a Discover Uni provider outside England (the register covers England only)."""
    by_alias = dict(zip(aliases["alias"], aliases["institution_id"], strict=True))
    outside_england = {
        normalise_name(tidy_legal_name(name))
        for rec in du.to_dict("records")
        if rec["PUBUKPRNCOUNTRY"] != "XF"
        for name in (rec["LEGAL_NAME"], rec["FIRST_TRADING_NAME"], *str(rec["OTHER_NAMES"]).split("###"))
        if name
    }
    ids: list[str] = []
    for name in published:
        norm = normalise_name(name)
        norm = RUSSELL_GROUP_NAME_ALIASES.get(norm, (norm, ""))[0]
        if norm in by_alias:
            ids.append(by_alias[norm])
        elif norm not in outside_england:
            raise ValueError(
                f"Russell Group member {name!r} ({RUSSELL_GROUP_MEMBERS.url}) matches no institution in the "
                "register and no provider outside England: add a maintained alias in RUSSELL_GROUP_NAME_ALIASES"
            )
    if len(set(ids)) != len(ids):
        raise ValueError("two listed Russell Group members matched the same institution")
    return set(ids)


def ingest(source_dir: Path, seed_dir: Path | None = None) -> dict[str, int]:
    seed_dir = seed_dir or config.SEED_DIR
    register, aliases = build_register(source_dir, known_la_codes(seed_dir))
    out = register.copy()
    out["russell_group"] = out["russell_group"].map(lambda b: "true" if b else "false")
    out["latitude"] = out["latitude"].map(lambda v: "" if v is None or pd.isna(v) else f"{v:.6f}")
    out["longitude"] = out["longitude"].map(lambda v: "" if v is None or pd.isna(v) else f"{v:.6f}")
    seed_io.write_seed("institutions", out, seed_dir=seed_dir)
    seed_io.write_seed("institution_aliases", aliases, seed_dir=seed_dir)
    return {"institutions": len(register), "institution_aliases": len(aliases)}
