"""The import path on SQLite and PostgreSQL: apply, log, refuse bad files, dry-run, roll back, serialise."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import time

import pytest
from sqlalchemy import select

from nnecl_data.database import schema
from nnecl_data.registers import cli, history, load, sample_register, store
from nnecl_data.registers.kinds import KINDS
from nnecl_data.registers.upload import read_upload
from nnecl_data.registers.validate import Reference, validate
from tests.fixtures_bad_files import columns, setup_database, to_csv, valid_csv, valid_rows, write_bad_files

KINDS_LIST = list(KINDS)


def dump(engine, *, skip=()) -> dict[str, list[tuple]]:
    """Every table's full content, ordered by primary key."""
    out = {}
    with engine.connect() as conn:
        for table in schema.metadata.sorted_tables:
            if table.name in skip:
                continue
            out[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]
    return out


def table_rows(engine, kind) -> list[dict]:
    table = KINDS[kind].table
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]


def expected_rows(engine, kind, data: bytes) -> list[dict]:
    """What the table must hold after importing `data`: the validated rows, sorted by key."""
    with engine.connect() as conn:
        ref = store.load_reference(conn)
    result = validate(kind, read_upload(f"{kind}.csv", data), reference=ref)
    assert result.ok, [str(e) for e in result.errors]
    key = KINDS[kind].key
    return sorted(result.rows, key=lambda r: r[key])


def normalised(kind, rows):
    table = KINDS[kind].table
    return [{c.name: store.column_value(r[c.name], c) for c in table.columns} for r in rows]


def log_entries(engine) -> list[dict]:
    with engine.connect() as conn:
        return [
            dict(r._mapping) for r in conn.execute(select(schema.load_log).order_by(schema.load_log.c.load_id))
        ]


@pytest.fixture
def db(engine):
    setup_database(engine)
    return engine


# ---------------------------------------------------------------------------------------- valid loads


EXPECTED_COUNTS = {  # (added, changed, removed) for file a over the set-up database, then file b over a
    "members": ((2, 0, 0), (1, 1, 1)),
    "awards": ((2, 0, 0), (1, 1, 1)),
    "institutions": ((1, 2, 0), (1, 1, 1)),
    "partnerships": ((2, 0, 0), (1, 1, 1)),
}


@pytest.mark.parametrize("kind", KINDS_LIST)
def test_valid_import_applies_and_is_logged(db, kind):
    before = table_rows(db, kind)
    data_a = valid_csv(kind, "a")
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=5)
    plan = load.plan_import(db, kind, f"{kind}_a.csv", data_a)
    assert plan.ok, [str(e) for e in plan.errors]
    assert (len(plan.added), len(plan.changed), len(plan.removed)) == EXPECTED_COUNTS[kind][0]
    load_id = load.apply_import(db, plan, user="alice")

    assert normalised(kind, table_rows(db, kind)) == normalised(kind, expected_rows(db, kind, data_a))
    (entry,) = log_entries(db)
    assert entry["load_id"] == load_id and entry["kind"] == kind and entry["loaded_by"] == "alice"
    assert entry["file_name"] == f"{kind}_a.csv"
    assert entry["file_sha256"] == hashlib.sha256(data_a).hexdigest()
    assert (entry["rows_added"], entry["rows_changed"], entry["rows_removed"]) == EXPECTED_COUNTS[kind][0]
    assert entry["rolled_back_at"] is None
    loaded_at = (
        entry["loaded_at"].astimezone(dt.UTC).replace(tzinfo=None)
        if entry["loaded_at"].tzinfo
        else (entry["loaded_at"])
    )
    assert started <= loaded_at <= started + dt.timedelta(minutes=5)
    previous = json.loads(entry["previous_rows"])
    assert previous["table"] == KINDS[kind].table.name and len(previous["rows"]) == len(before)

    data_b = valid_csv(kind, "b")
    plan_b = load.plan_import(db, kind, f"{kind}_b.csv", data_b)
    assert (len(plan_b.added), len(plan_b.changed), len(plan_b.removed)) == EXPECTED_COUNTS[kind][1]
    load.apply_import(db, plan_b, user="bob")
    assert normalised(kind, table_rows(db, kind)) == normalised(kind, expected_rows(db, kind, data_b))
    loads = history.load_history(db)
    assert list(loads["kind"]) == [kind, kind] and list(loads["loaded_by"]) == ["bob", "alice"]
    assert "previous_rows" not in loads.columns


def test_cli_import_prints_summary_and_loads(db, tmp_path, capsys):
    path = tmp_path / "members.csv"
    path.write_bytes(valid_csv("members"))
    assert cli.cli_import(db, "members", path, dry_run=False, user="cli-user") == 0
    out = capsys.readouterr().out
    assert "2 added, 0 changed, 0 removed, 1 unchanged" in out and "Loaded as load 1" in out
    assert cli.cli_loads(db) == 0
    out = capsys.readouterr().out
    assert "members" in out and "cli-user" in out and "members.csv" in out and "current" in out


# ----------------------------------------------------------------------------------------- bad files


@pytest.mark.parametrize("kind", KINDS_LIST)
def test_bad_file_corpus_is_refused_with_located_errors_and_database_unchanged(db, kind, tmp_path, capsys):
    load.apply_import(db, load.plan_import(db, kind, "start.csv", valid_csv(kind, "a")), user="setup")
    before = dump(db)
    files = write_bad_files(tmp_path, kind)
    assert len(files) >= 20
    failures = []
    for case, path in files:
        code = cli.cli_import(db, kind, path, dry_run=False, user="tester")
        captured = capsys.readouterr()
        lines = captured.err.splitlines()
        if code != 1:
            failures.append(f"{case.case_id}: exit code {code}")
        for row, column, fragment in case.expect:
            where = ", ".join(p for p in (row and f"row {row}", column and f"column {column}") if p)
            prefix = f"{path.name}: {where}:" if where else f"{path.name}:"
            if not any(line.startswith(prefix) and fragment in line.lower() for line in lines):
                failures.append(f"{case.case_id}: no line starting {prefix!r} with {fragment!r} in {lines}")
        if "nothing was changed" not in captured.err:
            failures.append(f"{case.case_id}: no 'nothing was changed' message")
        if dump(db) != before:
            failures.append(f"{case.case_id}: the database changed")
            before = dump(db)
    assert not failures, "\n".join(failures)


def test_apply_refuses_a_plan_with_errors(db):
    plan = load.plan_import(db, "members", "bad.csv", b"membership_id\nx\n")
    assert not plan.ok
    before = dump(db)
    with pytest.raises(load.ImportRejected):
        load.apply_import(db, plan, user="x")
    assert dump(db) == before


def test_apply_revalidates_and_recounts_inside_the_lock(db):
    stale = load.plan_import(db, "members", "a.csv", valid_csv("members", "a"))
    load.apply_import(db, load.plan_import(db, "members", "b.csv", valid_csv("members", "b")), user="x")
    load_id = load.apply_import(db, stale, user="y")  # counted against file b's content, not the plan's
    entry = log_entries(db)[-1]
    assert entry["load_id"] == load_id
    assert (entry["rows_added"], entry["rows_changed"], entry["rows_removed"]) == (1, 1, 1)
    assert normalised("members", table_rows(db, "members")) == normalised(
        "members", expected_rows(db, "members", valid_csv("members", "a"))
    )


def test_user_name_is_required(db):
    plan = load.plan_import(db, "members", "a.csv", valid_csv("members"))
    with pytest.raises(ValueError):
        load.apply_import(db, plan, user="  ")
    assert log_entries(db) == []


# ------------------------------------------------------------------------------------------- dry run


def test_dry_run_changes_nothing_and_shows_the_differences(db, tmp_path, capsys):
    load.apply_import(db, load.plan_import(db, "members", "a.csv", valid_csv("members", "a")), user="x")
    before = dump(db)
    path = tmp_path / "members_b.csv"
    path.write_bytes(valid_csv("members", "b"))
    assert cli.cli_import(db, "members", path, dry_run=True, user="x") == 0
    out = capsys.readouterr().out
    assert "1 added, 1 changed, 1 removed, 1 unchanged" in out
    assert "added: m-003" in out and "removed: m-002" in out
    assert "changed m-001: organisation: Fictional North College -> Fictional North College (renamed)" in out
    assert "left: (empty) -> 2025-01-31" in out and "Dry run: nothing was changed." in out
    assert dump(db) == before


# ------------------------------------------------------------------------------------------ roll-back


@pytest.mark.parametrize("kind", KINDS_LIST)
def test_rollback_restores_the_exact_previous_state(db, kind):
    state0 = dump(db, skip=("load_log",))
    first = load.apply_import(db, load.plan_import(db, kind, "a.csv", valid_csv(kind, "a")), user="u")
    state1 = dump(db, skip=("load_log",))
    second = load.apply_import(db, load.plan_import(db, kind, "b.csv", valid_csv(kind, "b")), user="u")
    assert dump(db, skip=("load_log",)) != state1

    with pytest.raises(store.RollbackRefused, match=f"roll back load\\(s\\) {second} first"):
        history.rollback(db, first, user="admin")
    counts = history.rollback(db, second, user="admin")
    assert counts == {"restored": 1, "changed": 1, "removed": 1}
    assert dump(db, skip=("load_log",)) == state1
    with pytest.raises(store.RollbackRefused, match="already rolled back"):
        history.rollback(db, second, user="admin")
    history.rollback(db, first, user="admin")
    assert dump(db, skip=("load_log",)) == state0
    entries = log_entries(db)
    assert [e["rolled_back_by"] for e in entries] == ["admin", "admin"]
    assert all(e["rolled_back_at"] is not None for e in entries)
    with pytest.raises(store.RollbackRefused, match="no load 99"):
        history.rollback(db, 99, user="admin")


def test_rollback_refuses_to_remove_institutions_still_in_use(db, capsys):
    inst_load = load.apply_import(
        db, load.plan_import(db, "institutions", "b.csv", valid_csv("institutions", "b")), user="u"
    )
    cols = columns("members")
    row = dict(valid_rows("members")[0], institution_id="ukprn:10000003", la_code="", region_code="")
    members = to_csv(cols, [[row[c] for c in cols]])
    load.apply_import(db, load.plan_import(db, "members", "m.csv", members), user="u")
    before = dump(db)
    assert cli.cli_rollback(db, inst_load, user="admin") == 1
    assert "institutions still in use" in capsys.readouterr().err
    assert dump(db) == before


def test_cli_rollback_prints_and_logs(db, tmp_path, capsys):
    path = tmp_path / "p.csv"
    path.write_bytes(valid_csv("partnerships"))
    cli.cli_import(db, "partnerships", path, dry_run=False, user="u")
    assert cli.cli_rollback(db, 1, user="admin") == 0
    assert "Rolled back load 1" in capsys.readouterr().out
    assert cli.cli_rollback(db, 1, user="admin") == 1
    assert cli.cli_loads(db) == 0
    assert "rolled back" in capsys.readouterr().out
    assert table_rows(db, "partnerships") == []


# ---------------------------------------------------------------------------------------- concurrency


def test_concurrent_imports_do_not_interleave(db, monkeypatch):
    """Two imports started together: each runs completely before the other, so the second load's saved
    previous rows are exactly the first file's rows and the table is exactly the second file."""
    monkeypatch.setattr(load, "_pause_inside_transaction", lambda: time.sleep(0.6))
    files = {"a": valid_csv("members", "a"), "b": valid_csv("members", "b")}
    plans = {v: load.plan_import(db, "members", f"{v}.csv", data) for v, data in files.items()}
    barrier = threading.Barrier(2)
    results, errors = {}, []

    def run(version):
        try:
            barrier.wait()
            results[version] = load.apply_import(db, plans[version], user=version)
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(v,)) for v in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    entries = log_entries(db)
    assert len(entries) == 2
    first, second = entries
    first_file = first["loaded_by"]
    second_file = second["loaded_by"]
    assert {first_file, second_file} == {"a", "b"}
    assert normalised("members", table_rows(db, "members")) == normalised(
        "members", expected_rows(db, "members", files[second_file])
    )
    saved = json.loads(second["previous_rows"])
    cols = saved["columns"]
    table = KINDS["members"].table
    saved_rows = [
        {c: store.column_value(v, table.c[c]) for c, v in zip(cols, r, strict=True)} for r in saved["rows"]
    ]
    assert saved_rows == normalised("members", expected_rows(db, "members", files[first_file]))
    assert first["loaded_at"] <= second["loaded_at"]


# -------------------------------------------------------------------------------------------- sample


def test_sample_load_keeps_real_members_and_remove_is_logged(db, tmp_path, capsys):
    load.apply_import(db, load.plan_import(db, "members", "real.csv", valid_csv("members", "a")), user="u")
    real = table_rows(db, "members")
    cols = columns("members")
    sample = [
        dict(
            valid_rows("members")[0],
            membership_id=f"sample-{i}",
            organisation=f"Sample: Fictional {i}",
            is_sample="true",
            institution_id="",
        )
        for i in range(3)
    ]
    path = tmp_path / "members_sample.csv"
    path.write_bytes(to_csv(cols, [[r[c] for c in cols] for r in sample]))
    assert cli.cli_sample(db, "load", user="demo", path=path) == 0
    rows = table_rows(db, "members")
    assert [r for r in rows if not r["is_sample"]] == real
    assert sorted(r["membership_id"] for r in rows if r["is_sample"]) == ["sample-0", "sample-1", "sample-2"]

    capsys.readouterr()
    assert cli.cli_sample(db, "remove", user="demo") == 0
    assert "Removed 3 sample rows" in capsys.readouterr().out
    assert table_rows(db, "members") == real
    entry = log_entries(db)[-1]
    assert (entry["kind"], entry["rows_removed"], entry["loaded_by"]) == ("members", 3, "demo")
    history.rollback(db, entry["load_id"], user="demo")  # the removal itself can be undone
    assert len(table_rows(db, "members")) == len(real) + 3


def test_sample_file_rows_must_be_marked_sample(db, tmp_path):
    path = tmp_path / "members_sample.csv"
    path.write_bytes(valid_csv("members", "a").replace(b"seeded-member", b"other-member"))
    before = dump(db)
    assert cli.cli_sample(db, "load", user="demo", path=path) == 1
    assert dump(db) == before


def test_committed_sample_file_validates_when_present():
    path = sample_register.sample_path()
    if not path.exists():
        pytest.skip("nnecl_data/registers/sample/members_sample.csv not written yet")
    frame = read_upload(path.name, path.read_bytes())
    codes = {c for col in ("region_code",) for c in frame[col].dropna()}
    las = {c for c in frame["la_code"].dropna()}
    ref = Reference(
        region_codes=frozenset(codes),
        la_regions={la: r for la, r in zip(frame["la_code"], frame["region_code"], strict=True) if la},
        source_ids=frozenset(frame["source_id"].dropna()) | {"nnecl_about"},
    )
    result = validate("members", frame, reference=ref)
    assert result.ok, [str(e) for e in result.errors][:10]
    assert las and all(r["is_sample"] for r in result.rows)


def test_ensure_schema_adds_rolled_back_by_to_an_older_database(engine):
    from sqlalchemy import inspect, text

    schema.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE load_log DROP COLUMN rolled_back_by"))
    assert "rolled_back_by" not in {c["name"] for c in inspect(engine).get_columns("load_log")}
    store.ensure_schema(engine)
    assert "rolled_back_by" in {c["name"] for c in inspect(engine).get_columns("load_log")}
    assert cli.cli_loads(engine) == 0
