"""DfE's statistical neighbour groupings (the files LAIT uses) -> seed/statistical_neighbours.csv.

The files (`sn_may_2025.xlsx` = grouping year 2025, `sn_april_2021.xlsx` = 2021) have one sheet, "LA SN
Groups": two title rows, a header row (LA num, LA Name, LA number, GOInd, GOReg, SN1, SNP, ... SN10,
SNP), one row per authority, then a row "Old SNs:" above groupings DfE keeps for authorities that no
longer exist. Authorities are named by DfE's three-digit codes.

Three-digit codes -> ONS codes: through the `old_la_code`/`new_la_code` columns of DfE's own statistics
files. A three-digit code goes to the ONS code under which DfE's newest statistics publish it (its latest
year; for the same year, the newer release). So a recode of the same area is followed (North Yorkshire
815: E10000023 -> E06000065 in 2023; Somerset 933; Buckinghamshire 825; Gateshead 390; Northumberland
929), while an authority that was abolished keeps its own code, because DfE gave its successors new
three-digit codes (Northamptonshire 928 -> E10000021, last reporting year 2021; Cumbria 909 ->
E10000006, to 2023; Dorset county 835, Poole 836 and Bournemouth 837, to 2019).

Authorities that no longer exist: every grouping is kept as DfE published it. A neighbour that no longer
exists keeps its own code and is never swapped for a successor: a successor is a different area (North
and West Northamptonshire are each about half of Northamptonshire), DfE did not group it there, and
swapping would invent a grouping. Comparisons then use the figures that neighbour has for a year; from
the year after its last it has none, and averages say how many of the 10 they cover. Rows in the file's
"Old SNs" section are kept with `old_section` true. The April 2021 file lists Cumberland and Westmorland
and Furness (created 2023) with '-' for every neighbour: no rows are stored for them in 2021.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from nnecl_data import sources
from nnecl_data.database import seed_io
from nnecl_data.database.schema import CLOSENESS_BANDS

SHEET = "LA SN Groups"
HEADER = ["LA num", "LA Name", "LA number", "GOInd", "GOReg"]
NEIGHBOURS = 10
OLD_SECTION_MARK = "Old SNs:"
NOT_PUBLISHED = "-"
# grouping year -> its source (and, through it, the file name and download address)
GROUPINGS = {2025: sources.DFE_SN_2025, 2021: sources.DFE_SN_2021}
# The statistics files whose old_la_code/new_la_code columns join the codes, newest release first.
CODE_FILES = (sources.DFE_CLA_2025, sources.DFE_KS4_CIN, sources.DFE_CLA_2022)
_BANDS = {band.lower(): band for band in CLOSENESS_BANDS}


class NeighbourFileError(ValueError):
    """A grouping file that does not read as expected: names the file, row and column."""


@dataclass(frozen=True)
class Grouping:
    """One authority's row of a grouping file, as published."""

    row: int  # the spreadsheet's row number (1-based, as Excel shows it)
    dfe_code: str
    name: str
    old_section: bool
    neighbours: tuple[tuple[str, str], ...]  # (three-digit code, closeness as published), rank order


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(value) -> str:
    return "" if value is None or pd.isna(value) else str(value).strip()


def read_grouping_file(path: Path) -> list[Grouping]:
    """Every authority row of one grouping file (rows without neighbours, '-', are left out)."""
    sheet = pd.read_excel(path, sheet_name=SHEET, header=None, dtype=str)
    header_at = next((i for i in range(len(sheet)) if _cell(sheet.iat[i, 0]) == HEADER[0]), None)
    if header_at is None:
        raise NeighbourFileError(f"{path.name}: no header row starting '{HEADER[0]}' in sheet '{SHEET}'")
    header = [_cell(v) for v in sheet.iloc[header_at]]
    expected = HEADER + [name for k in range(1, NEIGHBOURS + 1) for name in (f"SN{k}", "SNP")]
    if header[: len(expected)] != expected:
        raise NeighbourFileError(f"{path.name}, row {header_at + 1}: header {header} is not {expected}")
    out: list[Grouping] = []
    old_section = False
    for i in range(header_at + 1, len(sheet)):
        cells = [_cell(v) for v in sheet.iloc[i]]
        if not any(cells):
            continue
        if cells[1] == OLD_SECTION_MARK and not cells[2]:
            old_section = True
            continue
        where = f"{path.name}, row {i + 1}"
        code, name = cells[2], cells[1]
        if not (code.isdigit() and len(code) == 3):
            raise NeighbourFileError(f"{where}, column C: '{code}' is not a three-digit DfE code")
        pairs = [(cells[5 + 2 * k], cells[6 + 2 * k]) for k in range(NEIGHBOURS)]
        if all(c == NOT_PUBLISHED and b == NOT_PUBLISHED for c, b in pairs):
            continue  # listed without neighbours (an authority that did not exist yet)
        for k, (neighbour, band) in enumerate(pairs):
            if not (neighbour.isdigit() and len(neighbour) == 3):
                column = _column_letter(5 + 2 * k)
                raise NeighbourFileError(f"{where}, column {column}: '{neighbour}' is not a three-digit DfE code")
            if band.lower() not in _BANDS:
                column = _column_letter(6 + 2 * k)
                raise NeighbourFileError(f"{where}, column {column}: '{band}' is not a closeness band")
        codes = [c for c, _ in pairs]
        if len(set(codes)) != NEIGHBOURS or code in codes:
            raise NeighbourFileError(f"{where}: neighbours repeat or include the authority itself: {codes}")
        out.append(Grouping(i + 1, code, name, old_section, tuple(pairs)))
    seen = [g.dfe_code for g in out]
    repeated = sorted({c for c in seen if seen.count(c) > 1})
    if repeated:
        raise NeighbourFileError(f"{path.name}: authorities listed more than once: {repeated}")
    return out


def dfe_to_ons(source_dir: Path) -> dict[str, str]:
    """Three-digit DfE code -> the ONS code under which DfE's newest statistics publish it."""
    best: dict[str, tuple[int, int, str]] = {}
    for release, source in enumerate(reversed(CODE_FILES)):  # older releases get lower numbers
        for name in source.files:
            frame = pd.read_csv(
                source_dir / source.raw_folder / name,
                dtype=str,
                keep_default_na=False,
                encoding="utf-8-sig",
                usecols=["time_period", "geographic_level", "old_la_code", "new_la_code"],
            )
            frame = frame[frame["geographic_level"] == "Local authority"].drop_duplicates()
            for period, old, new in zip(
                frame["time_period"], frame["old_la_code"], frame["new_la_code"], strict=True
            ):
                key = (int(period[:4]), release, new)
                if old not in best or key > best[old]:
                    best[old] = key
    return {old: new for old, (_, _, new) in best.items()}


def neighbour_frame(source_dir: Path, known_codes: set[str] | None = None) -> pd.DataFrame:
    """The seed rows of every grouping; raises if a code cannot be joined or is not a known authority."""
    to_ons = dfe_to_ons(source_dir)
    rows = []
    for year, source in GROUPINGS.items():
        (file_name,) = source.files
        path = source_dir / source.raw_folder / file_name
        for group in read_grouping_file(path):
            for rank, (neighbour, band) in enumerate(group.neighbours, start=1):
                for dfe_code in (group.dfe_code, neighbour):
                    code = to_ons.get(dfe_code)
                    if code is None:
                        raise NeighbourFileError(
                            f"{file_name}, row {group.row}: DfE code {dfe_code} is in no statistics file's "
                            "old_la_code column"
                        )
                    if known_codes is not None and code not in known_codes:
                        raise NeighbourFileError(
                            f"{file_name}, row {group.row}: {dfe_code} -> {code} is not in the local "
                            "authorities seed"
                        )
                rows.append(
                    {
                        "grouping_year": year,
                        "la_code": to_ons[group.dfe_code],
                        "rank": rank,
                        "neighbour_code": to_ons[neighbour],
                        "la_dfe_code": group.dfe_code,
                        "neighbour_dfe_code": neighbour,
                        "closeness": _BANDS[band.lower()],
                        "closeness_as_published": band,
                        "old_section": "true" if group.old_section else "false",
                        "source_id": source.source_id,
                    }
                )
    frame = pd.DataFrame(rows)
    repeated = frame.duplicated(["grouping_year", "la_code", "rank"])
    if repeated.any():  # two three-digit codes joined to one ONS code
        raise NeighbourFileError(
            f"authorities joined to the same ONS code: {frame[repeated].head().to_dict('records')}"
        )
    return frame.sort_values(["grouping_year", "la_code", "rank"], ascending=[False, True, True])


def ingest(source_dir: Path, seed_dir: Path | None = None) -> dict[str, int]:
    la = seed_io.read_seed("local_authorities", seed_dir)
    known = set(la["code"]) if not la.empty else None
    frame = neighbour_frame(source_dir, known)
    seed_io.write_seed("statistical_neighbours", frame, seed_dir=seed_dir)
    return {"statistical_neighbours": len(frame)}
