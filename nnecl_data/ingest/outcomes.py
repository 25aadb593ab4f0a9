"""Official outcome statistics -> seed/indicators.csv and seed/outcomes/*.csv.

Which file supplies which years (later releases revise earlier years, so the newest wins):
- 2016: SFR41/2016 counts; 2017: SFR50/2017 counts (percentages derived here, marked derived);
- 2018-2020: the 2022 EES release; 2021-2025: the 2025 EES release;
- KS4 of children looked after 12 months: academic years 2018/19-2024/25, stored under the year the
  academic year ends; children looked after per 10,000: 2021-2025.
Only England (E92000001), the 9 regions (E12) and local authorities are kept; Inner/Outer London
sub-totals are not regions and are left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from nnecl_data import sources
from nnecl_data.database import seed_io
from nnecl_data.rules.suppression import CURRENT, SFR_2016_2017, parse_cell

ENGLAND = "E92000001"
AGES = {"17_18": "17 to 18", "19_21": "19 to 21"}


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    short_label: str
    topic: str
    unit: str
    polarity: str
    age_group: str | None
    definition: str
    source_id: str
    statement: str = ""


def _care_leaver_indicators() -> list[Indicator]:
    specs = [
        ("eet", "in education, employment or training", "EET", "higher_better"),
        ("neet", "not in education, employment or training (NEET)", "NEET", "lower_better"),
        ("he", "in higher education", "In HE", "higher_better"),
        ("other_education", "in education other than higher education", "Other education", "higher_better"),
        (
            "activity_unknown",
            "whose activity is not known to the local authority",
            "Activity not known",
            "lower_better",
        ),
        (
            "suitable_accommodation",
            "in accommodation considered suitable",
            "Suitable accommodation",
            "higher_better",
        ),
    ]
    out = []
    for suffix, what, short, polarity in specs:
        topic = "accommodation" if suffix == "suitable_accommodation" else "activity"
        for age, age_text in AGES.items():
            out.append(
                Indicator(
                    code=f"cl_{suffix}_{age}",
                    label=f"Care leavers aged {age_text} {what} (%)",
                    short_label=f"{short}, {age_text}",
                    topic=topic,
                    unit="percent",
                    polarity=polarity,
                    age_group=age_text,
                    definition=(
                        f"Percentage of care leavers aged {age_text} {what}, as measured on or around their "
                        "birthday (DfE data guidance). DfE's figures exclude young people looked after under "
                        "an agreed series of short-term placements, those who have died since leaving care, "
                        "those who returned home for at least 6 months and those whose care was transferred "
                        "to another local authority. Denominator: all care leavers of that age in the table."
                    ),
                    source_id=sources.DFE_CLA_2025.source_id,
                    statement=f"{{value}} of care leavers aged {age_text} in {{area}} {VERBS[suffix]}",
                )
            )
    return out


VERBS = {
    "eet": "were in education, employment or training",
    "neet": "were not in education, employment or training (NEET)",
    "he": "were in higher education",
    "other_education": "were in education other than higher education",
    "activity_unknown": "had an activity not known to their local authority",
    "suitable_accommodation": "were in accommodation considered suitable",
}


INDICATORS: list[Indicator] = [
    *_care_leaver_indicators(),
    Indicator(
        "cla_rate_per_10k",
        "Children looked after at 31 March per 10,000 children",
        "Looked after per 10,000",
        "looked_after",
        "rate_per_10000",
        "neutral",
        None,
        "Children looked after at 31 March per 10,000 children, using the population estimate published "
        "in the same DfE file. Neither higher nor lower is better: it describes how many children are in care.",
        sources.DFE_CLA_2025.source_id,
        statement="{value} children in every 10,000 in {area} were looked after at 31 March",
    ),
    Indicator(
        "ks4_att8",
        "Average Attainment 8 score of children looked after",
        "Attainment 8",
        "ks4",
        "score",
        "higher_better",
        None,
        "Average Attainment 8 score at the end of key stage 4 of children looked after continuously for 12 "
        "months at 31 March.",
        sources.DFE_KS4_CIN.source_id,
        statement="children looked after for 12 months in {area} had an average Attainment 8 score of {value}",
    ),
    Indicator(
        "ks4_em_4plus",
        "Children looked after achieving grade 4 or above in English and maths (%)",
        "English & maths 4+",
        "ks4",
        "percent",
        "higher_better",
        None,
        "Percentage of children looked after for 12 months achieving grade 4 or above in both English and "
        "maths GCSEs.",
        sources.DFE_KS4_CIN.source_id,
        statement="{value} of children looked after for 12 months in {area} achieved grade 4 or above "
        "in English and maths",
    ),
    Indicator(
        "ks4_em_5plus",
        "Children looked after achieving grade 5 or above in English and maths (%)",
        "English & maths 5+",
        "ks4",
        "percent",
        "higher_better",
        None,
        "Percentage of children looked after for 12 months achieving grade 5 or above in both English and "
        "maths GCSEs.",
        sources.DFE_KS4_CIN.source_id,
        statement="{value} of children looked after for 12 months in {area} achieved grade 5 or above "
        "in English and maths",
    ),
]
INDICATOR_CODES = {i.code for i in INDICATORS}

# EES breakdown label -> indicator suffix, for the activity and accommodation files.
ACTIVITY_BREAKDOWNS = {
    "Total in education, employment or training": "eet",
    "Total not in education, employment or training": "neet",
    "Higher education i.e. studies beyond A level": "he",
    "Education other than higher education": "other_education",
    "Total information not known": "activity_unknown",
    "Accommodation considered suitable": "suitable_accommodation",
}
TOTAL_BREAKDOWNS = {"Total", "Suitability total"}
LEVELS = {"National": "england", "Regional": "region", "Local authority": "local_authority"}


def read_ees(path: Path) -> pd.DataFrame:
    """An EES CSV as strings (UTF-8 with or without BOM), harmonising the older column names."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    df = df.rename(
        columns={
            "age": "care_leaver_age",
            "activity": "breakdown",
            "accommodation_suitability": "breakdown",
            "number": "care_leaver_count",
            "percentage": "care_leaver_percent",
        }
    )
    df = df[df["geographic_level"].isin(LEVELS)].copy()
    df["geography_level"] = df["geographic_level"].map(LEVELS)
    df["geography_code"] = df["country_code"].where(
        df["geography_level"] == "england",
        df["region_code"].where(df["geography_level"] == "region", df["new_la_code"]),
    )
    df["geography_name"] = df["country_name"].where(
        df["geography_level"] == "england",
        df["region_name"].where(df["geography_level"] == "region", df["la_name"]),
    )
    # Inner and Outer London are sub-regional totals (E13), not regions.
    df = df[~((df["geography_level"] == "region") & ~df["geography_code"].str.startswith("E12"))]
    return df


def _age_key(text: str) -> str:
    return "17_18" if "17" in text else "19_21"


def _row(
    indicator, level, code, name, year, period, value_cell, num_cell, den_cell, source_id, convention=CURRENT
) -> dict:
    value, status, symbol = parse_cell(value_cell, convention)
    numerator = parse_cell(num_cell, convention)[0] if num_cell is not None else None
    denominator = parse_cell(den_cell, convention)[0] if den_cell is not None else None
    return {
        "indicator_code": indicator,
        "geography_level": level,
        "geography_code": code,
        "geography_name": name,
        "year": int(year),
        "period_label": period,
        "value": value,
        "numerator": numerator if status is None else None,
        "denominator": denominator,
        "status": status,
        "published_symbol": symbol,
        "is_derived": False,
        "source_id": source_id,
    }


def care_leaver_rows(path: Path, source_id: str, years: range) -> list[dict]:
    df = read_ees(path)
    df = df[df["time_period"].astype(int).isin(years)]
    keys = ["time_period", "geography_level", "geography_code", "care_leaver_age"]
    totals = df[df["breakdown"].isin(TOTAL_BREAKDOWNS)].set_index(keys)["care_leaver_count"].to_dict()
    rows = []
    for r in df[df["breakdown"].isin(ACTIVITY_BREAKDOWNS)].itertuples(index=False):
        key = (r.time_period, r.geography_level, r.geography_code, r.care_leaver_age)
        code = f"cl_{ACTIVITY_BREAKDOWNS[r.breakdown]}_{_age_key(r.care_leaver_age)}"
        rows.append(
            _row(
                code,
                r.geography_level,
                r.geography_code,
                r.geography_name,
                r.time_period,
                r.time_period,
                r.care_leaver_percent,
                r.care_leaver_count,
                totals.get(key),
                source_id,
            )
        )
    return rows


def cla_rate_rows(path: Path) -> list[dict]:
    df = read_ees(path)
    df = df[df["population_type"] == "Children looked after on 31 March each year"]
    return [
        _row(
            "cla_rate_per_10k",
            r.geography_level,
            r.geography_code,
            r.geography_name,
            r.time_period,
            r.time_period,
            r.rate_per_10000,
            r.children_count,
            r.population_estimate,
            sources.DFE_CLA_2025.source_id,
        )
        for r in df.itertuples(index=False)
    ]


KS4_MEASURES = {
    "ks4_att8": ("avg_att8", "t_att8"),
    "ks4_em_4plus": ("pt_l2basics_94", "t_l2basics_94"),
    "ks4_em_5plus": ("pt_l2basics_95", "t_l2basics_95"),
}


def ks4_rows(path: Path) -> list[dict]:
    df = read_ees(path)
    df = df[df["social_care_group"] == "CLA 12 months at 31 March"]
    rows = []
    for r in df.to_dict("records"):
        period = r["time_period"]
        year, label = int(period[:4]) + 1, f"{period[:4]}/{period[4:]}"
        for code, (value_col, num_col) in KS4_MEASURES.items():
            row = _row(
                code,
                r["geography_level"],
                r["geography_code"],
                r["geography_name"],
                year,
                label,
                r[value_col],
                r[num_col],
                r["t_pupils"],
                sources.DFE_KS4_CIN.source_id,
            )
            if code == "ks4_att8":
                row["numerator"] = None  # t_att8 is a sum of scores, not a count of pupils
            rows.append(row)
    return rows


# --- 2016 and 2017: counts only -------------------------------------------------------------------

# indicator suffix -> the count columns that add up to its numerator (SFR column stems)
SFR_NUMERATORS = {
    "eet": ("Act_HE", "Act_OE", "Act_TE"),
    "neet": ("Act_NEET_ill", "Act_NEET_oth", "Act_NEET_preg"),
    "he": ("Act_HE",),
    "other_education": ("Act_OE",),
    "activity_unknown": ("NoActinf",),
    "suitable_accommodation": ("Acc_SUIT",),
}


def derived_percentage(
    parts: list[str], total: str
) -> tuple[float | None, float | None, float | None, str | None, str | None]:
    """(value, numerator, denominator, status, symbol) of a percentage derived from SFR counts.

    Any suppressed component makes the result suppressed ('c'); a zero total makes it 'z'.
    Percentages are whole numbers, rounded half up, as DfE publishes them.
    """
    denominator, den_status, den_symbol = parse_cell(total, SFR_2016_2017)
    parsed = [parse_cell(p, SFR_2016_2017) for p in parts]
    blocked = [(s, sym) for _, s, sym in parsed if s is not None]
    if den_status is not None:
        return None, None, None, den_status, den_symbol
    if blocked:
        return None, None, denominator, blocked[0][0], blocked[0][1]
    numerator = sum(v for v, _, _ in parsed)
    if denominator == 0:
        return None, None, 0.0, "z", None
    return float(math.floor(100 * numerator / denominator + 0.5)), numerator, denominator, None, None


def _sfr_frame(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="latin-1")
    # Region rows 'H' and 'I' are Inner and Outer London, which share London's code.
    df = df[~df["geog_c"].isin(["H", "I"])]
    df["geography_level"] = df["geog_l"].map({"NATIONAL": "england", "REGION": "region", "LA": "local_authority"})
    return df[df["geography_level"].notna()]


def _sfr_column(df: pd.DataFrame, stem: str, age_suffix: str, prefix: str) -> str:
    """Find a count column case-insensitively: the files spell e.g. CL_ACT_NEET_preg and LA_NoActinf."""
    wanted = {
        f"{prefix}{stem}{age_suffix}".lower(),
        f"la_{stem}{age_suffix}".lower(),
        f"{prefix}act_{stem}{age_suffix}".lower(),
    }
    if stem == "NoActinf":
        wanted |= {f"{prefix}act_noinf{age_suffix}".lower()}
    for column in df.columns:
        if column.lower() in wanted:
            return column
    raise KeyError(f"no column for {stem}{age_suffix} in {list(df.columns)[:8]}...")


def sfr_rows(
    path: Path, year: int, source: sources.Source, age: str, age_suffix: str, prefix: str, total_column: str
) -> list[dict]:
    df = _sfr_frame(path)
    rows = []
    for r in df.to_dict("records"):
        name = r["geog_n"].title() if r["geography_level"] != "local_authority" else r["geog_n"]
        if r["geography_level"] == "england":
            name = "England"
        for suffix, stems in SFR_NUMERATORS.items():
            parts = [r[_sfr_column(df, stem, age_suffix, prefix)] for stem in stems]
            value, num, den, status, symbol = derived_percentage(parts, r[total_column])
            rows.append(
                {
                    "indicator_code": f"cl_{suffix}_{age}",
                    "geography_level": r["geography_level"],
                    "geography_code": r["New_geog_code"],
                    "geography_name": name,
                    "year": year,
                    "period_label": str(year),
                    "value": value,
                    "numerator": num,
                    "denominator": den,
                    "status": status,
                    "published_symbol": symbol,
                    "is_derived": True,
                    "source_id": source.source_id,
                }
            )
    return rows


def sfr_2016_rows(folder: Path) -> list[dict]:
    path = folder / "SFR41_CareLeavers2016.csv"
    return [
        *sfr_rows(path, 2016, sources.DFE_SFR41_2016, "19_21", "1920&21", "", "All_aged1920&21"),
        *sfr_rows(path, 2016, sources.DFE_SFR41_2016, "17_18", "17&18", "", "All_aged17&18"),
    ]


def sfr_2017_rows(folder: Path) -> list[dict]:
    return [
        *sfr_rows(
            folder / "SFR50_CareLeavers19to212017.csv",
            2017,
            sources.DFE_SFR50_2017,
            "19_21",
            "19to21",
            "CL_",
            "CL_All_19to21",
        ),
        *sfr_rows(
            folder / "SFR50_CareLeavers17182017.csv",
            2017,
            sources.DFE_SFR50_2017,
            "17_18",
            "17&18",
            "CL_",
            "CL_All_17&18",
        ),
    ]


def outcome_frames(source_dir: Path) -> dict[str, pd.DataFrame]:
    """All outcome rows, one frame per seed part, from the official files under source_dir."""
    new = source_dir / sources.DFE_CLA_2025.raw_folder
    old = source_dir / sources.DFE_CLA_2022.raw_folder
    care_leavers = [
        *sfr_2016_rows(old),
        *sfr_2017_rows(old),
        *care_leaver_rows(old / "la_care_leavers_activity_2018_2022.csv", "dfe_cla_2022", range(2018, 2021)),
        *care_leaver_rows(
            old / "la_care_leavers_accommodation_suitability_2018_2022.csv", "dfe_cla_2022", range(2018, 2021)
        ),
        *care_leaver_rows(new / "la_care_leavers_activity.csv", "dfe_cla_2025", range(2021, 2100)),
        *care_leaver_rows(
            new / "la_care_leavers_accommodation_suitability.csv", "dfe_cla_2025", range(2021, 2100)
        ),
    ]
    care_leavers_df = pd.DataFrame(care_leavers)
    accommodation = care_leavers_df["indicator_code"].str.startswith("cl_suitable_accommodation")
    frames = {
        "care_leavers_activity": care_leavers_df[~accommodation],
        "care_leavers_accommodation": care_leavers_df[accommodation],
        "looked_after": pd.DataFrame(cla_rate_rows(new / "cla_number_and_rate_per_10k_children.csv")),
        "ks4": pd.DataFrame(ks4_rows(new / "ks4_la.csv")),
    }
    # One spelling per region (the 2016 file prints them in capitals).
    ees = read_ees(new / "la_care_leavers_activity.csv")
    canonical = dict(zip(ees["geography_code"], ees["geography_name"], strict=False))
    for name, frame in frames.items():
        wide = frame["geography_level"] != "local_authority"
        frame.loc[wide, "geography_name"] = frame.loc[wide, "geography_code"].map(canonical)
        frames[name] = _drop_not_applicable_areas(frame).sort_values(
            ["indicator_code", "year", "geography_level", "geography_code"]
        )
        duplicated = frames[name].duplicated(["indicator_code", "geography_level", "geography_code", "year"])
        if duplicated.any():
            raise ValueError(f"duplicate outcome cells in {name}: {frames[name][duplicated].head()}")
    return frames


def _drop_not_applicable_areas(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop the rows of an LA code for a year in which every one of its cells is 'z'.

    EES files carry rows for codes that did not exist that year (e.g. North Northamptonshire in 2018,
    all 'z'). Such rows say nothing about care leavers and would put a phantom area on the map.
    """
    la = frame["geography_level"] == "local_authority"
    all_z = frame[la].groupby(["geography_code", "year"])["status"].transform(lambda s: (s == "z").all())
    phantom = pd.Series(False, index=frame.index)
    phantom.loc[all_z.index] = all_z
    return frame[~phantom]


def indicator_frame() -> pd.DataFrame:
    rows = [{**i.__dict__, "sort_order": n} for n, i in enumerate(INDICATORS)]
    return pd.DataFrame(rows)


def _number_text(v) -> str:
    if v is None or pd.isna(v):
        return ""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def _format(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in ("value", "numerator", "denominator"):
        out[column] = out[column].map(_number_text)
    out["is_derived"] = out["is_derived"].map(lambda b: "true" if b else "false")
    return out


def ingest(source_dir: Path) -> dict[str, int]:
    counts = {}
    seed_io.write_seed("indicators", indicator_frame())
    counts["indicators"] = len(INDICATORS)
    for part, frame in outcome_frames(source_dir).items():
        seed_io.write_seed("outcomes", _format(frame), part=part)
        counts[f"outcomes/{part}"] = len(frame)
    return counts
