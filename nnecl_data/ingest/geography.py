"""Regions, local authorities (current and historic codes) and combined authorities -> seed CSVs.

- Regions and LA names/codes come from the DfE files themselves, so every code the outcomes use is in
  the table.
- An LA's start/end years are the first/last reporting years in which DfE publishes anything but 'z'
  for it. DfE years end on 31 March, so e.g. Northamptonshire (abolished 1 April 2021) still reports
  for 2021 and North/West Northamptonshire start in 2022: one year later than ONS's calendar.
- An authority DfE lists in the latest year but only ever with 'z' (the Isles of Scilly) is kept, with
  no start or end year, so it can be chosen and shown as having no figures.
- Successors and combined-authority membership come from ONS's code change history (changes.csv and the
  2014 lookup in the ONS TopoJSON repository); no geometry is used.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pandas as pd

from nnecl_data import sources
from nnecl_data.database import seed_io
from nnecl_data.ingest.outcomes import outcome_frames, read_ees

LATEST_GEOGRAPHY_YEAR = 2025
LONDON = "E12000007"


# Combined authorities whose life in the ONS file is bounded (others run from before 2014 to now).
def _ca_years(topo_path: Path) -> dict[str, tuple[int | None, int | None, str]]:
    from nnecl_data import geo

    cauth = geo.read_topojson_layer(topo_path, "cauth")
    out = {}
    for row in cauth.itertuples(index=False):
        if row.areacd.startswith("E47"):
            out[row.areacd] = (_year(getattr(row, "start", None)), _year(getattr(row, "end", None)), row.areanm)
    return out


def _year(value) -> int | None:
    """A start or end year as GDAL reads it (a float, NaN when the area has none)."""
    return None if value is None or pd.isna(value) else int(value)


def combined_authority_membership(ons_dir: Path, year: int) -> dict[str, str]:
    """Upper-tier LA code -> combined authority code in force in `year`, replaying ONS's change history
    from the 2014 lookup (LA joins, CA mergers, LA code changes, CA ends)."""
    lookup = pd.read_csv(ons_dir / "ltla14-lookup.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    changes = pd.read_csv(ons_dir / "changes.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    ca_years = _ca_years(ons_dir / "topo.json")
    member: dict[str, str] = {}
    for r in lookup.itertuples(index=False):
        if r.cauthcd.startswith("E47"):
            member[r.ctycd or r.ltlacd] = r.cauthcd
    for y in range(2015, year + 1):
        for r in changes[changes["start"] == str(y)].itertuples(index=False):
            if r.type == "new_geo" and r.newcd.startswith("E47"):
                member[r.oldcd] = r.newcd
            elif r.type == "merger" and r.oldcd.startswith("E47"):
                member = {la: (r.newcd if ca == r.oldcd else ca) for la, ca in member.items()}
            elif r.type == "new_code" and r.oldcd in member:
                # DfE may keep publishing under the old code, so both codes stay members.
                member[r.newcd] = member[r.oldcd]
        ended = {ca for ca, (_, end, _) in ca_years.items() if end is not None and end < y}
        member = {la: ca for la, ca in member.items() if ca not in ended}
    return member


def successors(ons_dir: Path) -> dict[str, set[str]]:
    """Old upper-tier code -> new code(s): direct mergers/renumbering, and abolished counties whose
    districts merged into new unitary authorities."""
    lookup = pd.read_csv(ons_dir / "ltla14-lookup.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    changes = pd.read_csv(ons_dir / "changes.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    county_of = dict(zip(lookup["ltlacd"], lookup["ctycd"], strict=True))
    out: dict[str, set[str]] = defaultdict(set)
    for r in changes.itertuples(index=False):
        if not r.oldcd.startswith("E") or not r.newcd or r.newcd.startswith("E47") or r.oldcd.startswith("E47"):
            continue
        if r.type in ("merger", "new_code") and r.newcd[:3] in ("E06", "E08", "E09", "E10"):
            if r.oldcd[:3] in ("E06", "E08", "E09", "E10"):
                out[r.oldcd].add(r.newcd)
            elif county_of.get(r.oldcd):
                out[county_of[r.oldcd]].add(r.newcd)
    return out


def region_frame(source_dir: Path) -> pd.DataFrame:
    df = read_ees(source_dir / sources.DFE_CLA_2025.raw_folder / "la_care_leavers_activity.csv")
    regions = df[df["geography_level"] == "region"][["geography_code", "geography_name"]].drop_duplicates()
    regions = regions.sort_values("geography_code").rename(
        columns={"geography_code": "code", "geography_name": "name"}
    )
    regions["sort_order"] = range(1, len(regions) + 1)
    regions["source_id"] = sources.DFE_CLA_2025.source_id
    if len(regions) != 9:
        raise ValueError(f"expected the 9 English regions, found {len(regions)}")
    return regions


def local_authority_frame(source_dir: Path, frames: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    frames = frames or outcome_frames(source_dir)
    outcomes = pd.concat(frames.values(), ignore_index=True)
    la = outcomes[outcomes["geography_level"] == "local_authority"]
    published = la[la["status"] != "z"]
    years = published.groupby("geography_code")["year"].agg(["min", "max"])
    first, last = int(outcomes["year"].min()), int(outcomes["year"].max())

    # Names, three-digit codes and regions as DfE published them, latest year first.
    meta = []
    for folder, name in (
        (sources.DFE_CLA_2025.raw_folder, "la_care_leavers_activity.csv"),
        (sources.DFE_KS4_CIN.raw_folder, "ks4_la.csv"),
        (sources.DFE_CLA_2022.raw_folder, "la_care_leavers_activity_2018_2022.csv"),
    ):
        ees = read_ees(source_dir / folder / name)
        ees = ees[ees["geography_level"] == "local_authority"]
        ees = ees.assign(year=ees["time_period"].str[:4].astype(int))
        meta.append(ees[["new_la_code", "la_name", "old_la_code", "region_code", "year"]])
    meta_df = pd.concat(meta).sort_values("year", ascending=False).drop_duplicates("new_la_code")
    # London boroughs carry Inner/Outer London (E13) as their region; the region is London.
    meta_df["region_code"] = meta_df["region_code"].where(~meta_df["region_code"].str.startswith("E13"), LONDON)
    meta_df = pd.concat([meta_df, _sfr_only_codes(source_dir, meta_df)], ignore_index=True)
    unknown = set(la["geography_code"]) - set(meta_df["new_la_code"])
    if unknown:
        raise ValueError(f"LA codes with no region known: {sorted(unknown)}")

    ons_dir = source_dir / sources.ONS_UK_TOPOJSON.raw_folder
    succ = successors(ons_dir)
    # Recodes before the ONS history starts (e.g. Gateshead E08000020 -> E08000037) keep DfE's
    # three-digit code, which names the successor.
    by_old_code = meta_df.groupby("old_la_code")["new_la_code"].apply(set).to_dict()
    for codes in by_old_code.values():
        for code in codes:
            if code in years.index and years.loc[code, "max"] < last:
                succ[code] |= {c for c in codes if c != code and c in years.index and years.loc[c, "max"] == last}
    rows = []
    for r in meta_df.itertuples(index=False):
        if r.new_la_code in years.index:
            start, end = (int(v) for v in years.loc[r.new_la_code])
        elif int(r.year) == last:
            # Listed in the latest year but never with a figure (the Isles of Scilly: every cell 'z'). Kept,
            # so the authority can be found (it has statistical neighbours) and its page can say so.
            start, end = first, last
        else:
            continue  # a code DfE no longer lists and never published anything but 'z' for
        ca = combined_authority_membership(ons_dir, min(end, LATEST_GEOGRAPHY_YEAR)).get(r.new_la_code)
        rows.append(
            {
                "code": r.new_la_code,
                "name": r.la_name,
                "old_la_code": r.old_la_code,
                "region_code": r.region_code,
                "combined_authority_code": ca or "",
                "start_year": "" if start == first else start,
                "end_year": "" if end == last else end,
                "replaced_by": " ".join(sorted(succ.get(r.new_la_code, ()))) if end != last else "",
                "source_id": sources.DFE_CLA_2025.source_id,
            }
        )
    return pd.DataFrame(rows).sort_values("code")


def _sfr_only_codes(source_dir: Path, meta_df: pd.DataFrame) -> pd.DataFrame:
    """LA codes used only in the 2016/2017 files (since recoded, e.g. Gateshead E08000020 -> E08000037).
    Their region is found through DfE's three-digit LA code, which did not change."""
    folder = source_dir / sources.DFE_SFR41_2016.raw_folder
    by_old = meta_df.set_index("old_la_code")["region_code"].to_dict()
    rows = []
    for name, year in (("SFR41_CareLeavers2016.csv", 2016), ("SFR50_CareLeavers19to212017.csv", 2017)):
        df = pd.read_csv(folder / name, dtype=str, keep_default_na=False, encoding="latin-1")
        for r in df[df["geog_l"] == "LA"].itertuples(index=False):
            if r.New_geog_code not in set(meta_df["new_la_code"]) and r.geog_c in by_old:
                rows.append(
                    {
                        "new_la_code": r.New_geog_code,
                        "la_name": r.geog_n,
                        "old_la_code": r.geog_c,
                        "region_code": by_old[r.geog_c],
                        "year": year,
                    }
                )
    return pd.DataFrame(rows).sort_values("year", ascending=False).drop_duplicates("new_la_code")


def combined_authority_frame(source_dir: Path) -> pd.DataFrame:
    ca = _ca_years(source_dir / sources.ONS_UK_TOPOJSON.raw_folder / "topo.json")
    rows = [
        {
            "code": code,
            "name": name,
            "start_year": start or "",
            "end_year": end or "",
            "source_id": sources.ONS_UK_TOPOJSON.source_id,
        }
        for code, (start, end, name) in sorted(ca.items())
    ]
    return pd.DataFrame(rows)


def ingest(source_dir: Path) -> dict[str, int]:
    regions = region_frame(source_dir)
    las = local_authority_frame(source_dir)
    cas = combined_authority_frame(source_dir)
    seed_io.write_seed("regions", regions)
    seed_io.write_seed("local_authorities", las)
    seed_io.write_seed("combined_authorities", cas)
    return {"regions": len(regions), "local_authorities": len(las), "combined_authorities": len(cas)}
