"""Synthetic benchmark datasets: the real dataset plus clearly synthetic rows, about `factor` times larger.

What grows (all codes and names say "synthetic"; source `synthetic_bench`):

- indicators: 30 (10x) or 60 (100x) synthetic indicators `syn_ind_NN`, 20 years (2006-2025), for
  England, every region and every real local authority;
- local authorities: synthetic ones (`Z99NNNNNN`, "Synthetic LA NNNNNN") spread over the 9 regions,
  each with every real indicator-year and every synthetic indicator-year, as many as it takes to make
  the outcomes table `factor` times the real one;
- institutions (`syn:NNNNNN`, "Synthetic institution NNNNNN"): `factor` times the real register, over
  real and synthetic authorities; Quality Mark awards and memberships in proportion.

Rows go only into a separate benchmark database (never into nnecl_data/seed or the app's database).
The generator is deterministic (a fixed random seed) so runs are comparable.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import asdict, dataclass

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Engine

from nnecl_data.database import build, db, schema

GENERATOR_VERSION = "1"
SOURCE_ID = "synthetic_bench"
META_KEY = "bench_synthetic"
LA_PREFIX = "Z99"
INSTITUTION_PREFIX = "syn:"
SYNTHETIC_YEARS = tuple(range(2006, 2026))  # 20 years
AWARD_SHARE = 29 / 520  # awards per institution in the real register
MEMBER_SHARE = 0.1  # memberships per institution (the public build has none)


@dataclass(frozen=True)
class Plan:
    factor: float
    indicators: int  # synthetic indicators
    years: int  # years per synthetic indicator
    local_authorities: int  # synthetic local authorities
    institutions: int  # synthetic institutions
    awards: int
    memberships: int
    expected_outcomes: int  # real + synthetic outcome rows


def make_plan(
    factor: float,
    *,
    real_outcomes: int,
    real_geographies: int,
    real_la_cells: int,
    real_institutions: int,
) -> Plan:
    """How many synthetic rows of each kind make the dataset about `factor` times the real one.

    real_geographies: England + regions + local authorities in the real data; real_la_cells: the real
    (indicator, year) pairs published for local authorities (each synthetic LA gets all of them)."""
    if factor <= 1:
        return Plan(factor, 0, 0, 0, 0, 0, 0, real_outcomes)
    n_ind = 30 if factor <= 10 else 60
    years = len(SYNTHETIC_YEARS)
    on_real = n_ind * years * real_geographies
    per_la = real_la_cells + n_ind * years
    target = round(factor * real_outcomes)
    n_la = max(0, math.ceil((target - real_outcomes - on_real) / per_la))
    n_inst = max(0, round(factor * real_institutions) - real_institutions)
    expected = real_outcomes + on_real + n_la * per_la
    return Plan(
        factor,
        n_ind,
        years,
        n_la,
        n_inst,
        round(n_inst * AWARD_SHARE),
        round((n_inst + real_institutions) * MEMBER_SHARE),
        expected,
    )


def la_code(n: int) -> str:
    return f"{LA_PREFIX}{n:06d}"


def indicator_code(n: int) -> str:
    return f"syn_ind_{n:02d}"


def _value_row(rng: random.Random, unit: str) -> tuple[float | None, float | None, float | None, str | None]:
    """value, numerator, denominator, status: about 3% suppressed ('c', no number)."""
    if rng.random() < 0.03:
        return None, None, None, "c"
    if unit == "percent":
        den = float(rng.randint(20, 2000))
        num = float(rng.randint(0, int(den)))
        return round(100 * num / den, 1), num, den, None
    if unit == "score":
        return round(rng.uniform(10, 40), 1), None, None, None
    return round(rng.uniform(30, 150), 1), None, None, None


def synthetic_rows(engine: Engine, plan: Plan, seed: int = 20251123) -> dict[str, list[dict]]:
    """Rows per table for `plan`, reading the real reference rows from `engine` (already built)."""
    rng = random.Random(seed)
    s = schema
    with engine.connect() as conn:
        regions = conn.execute(select(s.regions.c.code, s.regions.c.name).order_by(s.regions.c.sort_order)).all()
        real_las = conn.execute(
            select(s.local_authorities.c.code, s.local_authorities.c.name, s.local_authorities.c.region_code)
        ).all()
        la_cells = conn.execute(
            select(s.outcomes.c.indicator_code, s.outcomes.c.year, s.outcomes.c.period_label)
            .where(s.outcomes.c.geography_level == "local_authority")
            .distinct()
        ).all()
        units = dict(conn.execute(select(s.indicators.c.code, s.indicators.c.unit)).all())
        max_sort = conn.execute(select(func.max(s.indicators.c.sort_order))).scalar() or 0
    out: dict[str, list[dict]] = {
        name: []
        for name in (
            "sources",
            "indicators",
            "local_authorities",
            "outcomes",
            "institutions",
            "quality_mark_awards",
            "memberships",
        )
    }
    if plan.factor <= 1:
        return out
    out["sources"].append(
        {
            "source_id": SOURCE_ID,
            "publisher": "Synthetic (benchmark only)",
            "title": "Synthetic rows generated by bench for scale tests: not real data",
            "url": "",
            "licence": "",
            "attribution": "",
            "published": "",
            "retrieved": "",
            "notes": "Never shown outside benchmark databases.",
        }
    )
    syn_units = ("percent", "score", "rate_per_10000")
    for n in range(1, plan.indicators + 1):
        code = indicator_code(n)
        unit = syn_units[n % 3]
        units[code] = unit
        out["indicators"].append(
            {
                "code": code,
                "label": f"Synthetic indicator {n:02d} (benchmark only)",
                "short_label": f"Synthetic {n:02d}",
                "topic": "synthetic",
                "unit": unit,
                "polarity": "higher_better",
                "age_group": None,
                "definition": "Synthetic values for scale tests; not real data.",
                "statement": "{value} in {area} (synthetic)",
                "sort_order": max_sort + n,
                "source_id": SOURCE_ID,
            }
        )
    syn_las = []
    for n in range(1, plan.local_authorities + 1):
        region_code = regions[(n - 1) % len(regions)][0]
        code, name = la_code(n), f"Synthetic LA {n:06d}"
        syn_las.append((code, name, region_code))
        out["local_authorities"].append(
            {
                "code": code,
                "name": name,
                "old_la_code": None,
                "region_code": region_code,
                "combined_authority_code": None,
                "start_year": None,
                "end_year": None,
                "replaced_by": None,
                "source_id": SOURCE_ID,
            }
        )
    geographies = (
        [("england", "E92000001", "England")]
        + [("region", code, name) for code, name in regions]
        + [("local_authority", code, name) for code, name, _ in real_las]
    )
    syn_cells = [(indicator_code(n), y, str(y)) for n in range(1, plan.indicators + 1) for y in SYNTHETIC_YEARS]
    rows = out["outcomes"]

    def add(ind, year, label, level, code, name):
        value, num, den, status = _value_row(rng, units[ind])
        rows.append(
            {
                "indicator_code": ind,
                "geography_level": level,
                "geography_code": code,
                "geography_name": name,
                "year": year,
                "period_label": label,
                "value": value,
                "numerator": num,
                "denominator": den,
                "status": status,
                "published_symbol": status,
                "is_derived": False,
                "source_id": SOURCE_ID,
            }
        )

    for ind, year, label in syn_cells:
        for level, code, name in geographies:
            add(ind, year, label, level, code, name)
    for code, name, _ in syn_las:
        for ind, year, label in [*la_cells, *syn_cells]:
            add(ind, year, label, "local_authority", code, name)
    places = [(code, region) for code, _, region in real_las] + [(code, region) for code, _, region in syn_las]
    for n in range(1, plan.institutions + 1):
        la, region = places[rng.randrange(len(places))]
        out["institutions"].append(
            {
                "institution_id": f"{INSTITUTION_PREFIX}{n:06d}",
                "name": f"Synthetic institution {n:06d}",
                "type": rng.choice(schema.INSTITUTION_TYPES),
                "ukprn": None,
                "urn": None,
                "la_code": la,
                "region_code": region,
                "postcode_district": None,
                "latitude": None,
                "longitude": None,
                "location_note": "synthetic",
                "russell_group": False,
                "source_id": SOURCE_ID,
            }
        )
    awarded = rng.sample(range(1, plan.institutions + 1), min(plan.awards, plan.institutions))
    for k, n in enumerate(awarded, start=1):
        year = rng.randint(2021, 2025)
        out["quality_mark_awards"].append(
            {
                "award_id": f"syn-award-{k:06d}",
                "institution_id": f"{INSTITUTION_PREFIX}{n:06d}",
                "name_as_published": f"Synthetic institution {n:06d}",
                "status": "renewed" if rng.random() < 0.1 else "awarded",
                "award_date": None,
                "award_year": year,
                "expiry_date": None,
                "expiry_year": year + 3,
                "cohort": f"Synthetic cohort {year}",
                "match_note": "synthetic",
                "is_sample": False,
                "source_id": SOURCE_ID,
            }
        )
    members = rng.sample(range(1, plan.institutions + 1), min(plan.memberships, plan.institutions))
    for k, n in enumerate(members, start=1):
        inst = out["institutions"][n - 1]
        out["memberships"].append(
            {
                "membership_id": f"syn-member-{k:06d}",
                "organisation": inst["name"],
                "member_type": "university" if inst["type"] in ("university", "other_he") else "college",
                "region_code": inst["region_code"],
                "la_code": inst["la_code"],
                "institution_id": inst["institution_id"],
                "joined": dt.date(rng.randint(2015, 2025), rng.randint(1, 12), 1),
                "left": None,
                "is_sample": False,
                "source_id": SOURCE_ID,
            }
        )
    return out


INSERT_ORDER = (
    "sources",
    "indicators",
    "local_authorities",
    "outcomes",
    "institutions",
    "quality_mark_awards",
    "memberships",
)


def _insert(engine: Engine, rows: dict[str, list[dict]]) -> None:
    """Bulk insert: COPY on PostgreSQL, executemany on SQLite (one transaction)."""
    tables = {t.name: t for t in schema.metadata.sorted_tables}
    if engine.dialect.name == "postgresql":
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            for name in INSERT_ORDER:
                if not rows[name]:
                    continue
                columns = list(rows[name][0])
                quoted = ", ".join(f'"{c}"' for c in columns)
                with cur.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy:
                    for row in rows[name]:
                        copy.write_row([row[c] for c in columns])
            raw.commit()
        finally:
            raw.close()
        return
    with engine.begin() as conn:
        for name in INSERT_ORDER:
            batch = rows[name]
            for start in range(0, len(batch), 20000):
                conn.execute(insert(tables[name]), batch[start : start + 20000])


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            name: int(conn.execute(select(func.count()).select_from(schema.metadata.tables[name])).scalar())
            for name in (
                "outcomes",
                "local_authorities",
                "indicators",
                "institutions",
                "quality_mark_awards",
                "memberships",
            )
        }


def bench_key(factor: float) -> str:
    return f"{GENERATOR_VERSION}:{factor:g}:{build.seed_version()}"


def current_key(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return conn.execute(
                select(schema.dataset_meta.c.value).where(schema.dataset_meta.c.key == META_KEY)
            ).scalar()
    except Exception:
        return None


def populate(engine: Engine, factor: float) -> dict:
    """Build the real dataset into an empty database, add synthetic rows for `factor`, analyse.
    Returns the plan and the resulting row counts."""
    build.build(engine)
    real = counts(engine)
    with engine.connect() as conn:
        o = schema.outcomes
        # the areas synthetic rows are written for: England, every region and every local authority held
        geos = 1 + sum(
            conn.execute(select(func.count()).select_from(table)).scalar()
            for table in (schema.regions, schema.local_authorities)
        )
        la_cells = conn.execute(
            select(func.count()).select_from(
                select(o.c.indicator_code, o.c.year)
                .where(o.c.geography_level == "local_authority")
                .distinct()
                .subquery()
            )
        ).scalar()
    plan = make_plan(
        factor,
        real_outcomes=real["outcomes"],
        real_geographies=int(geos),
        real_la_cells=int(la_cells),
        real_institutions=real["institutions"],
    )
    if factor > 1:
        _insert(engine, synthetic_rows(engine, plan))
    with engine.begin() as conn:
        conn.execute(insert(schema.dataset_meta), [{"key": META_KEY, "value": bench_key(factor)}])
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
    return {"plan": asdict(plan), "counts": counts(engine)}


def is_synthetic_url(url: str) -> bool:
    """Benchmark databases only: a SQLite file under a `bench` folder or a database named nnecl_bench*."""
    from sqlalchemy.engine import make_url

    if db.is_sqlite(url):
        path = db.sqlite_path(url)
        return path is not None and "bench" in path.parts
    return (make_url(url).database or "").startswith("nnecl_bench")
