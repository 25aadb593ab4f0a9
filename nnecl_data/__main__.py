"""Command line: `python -m nnecl_data {ingest,download,build,import,loads,rollback,boundaries,sample}`.

Each subcommand hands over to the module that does the work, imported only when needed, so the
command line stays a thin table of contents.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _engine(args):
    from nnecl_data.database import db

    return db.make_engine(getattr(args, "database_url", None))


def _admin_engine(args):
    """Register changes go through the import role, as on the admin page: --database-url, else
    NNECL_ADMIN_DATABASE_URL or [connections.nnecl_admin], else the app's own database."""
    from nnecl_data.database import db

    return db.make_engine(db.admin_database_url(getattr(args, "database_url", None)))


def cmd_ingest(args) -> int:
    from nnecl_data.ingest import run_ingest

    counts = run_ingest(Path(args.source_dir) if args.source_dir else None, parts=args.only)
    for name, n in counts.items():
        print(f"{name:32s} {n:8d} rows")
    return 0


def cmd_download(args) -> int:
    from nnecl_data.ingest.download import download_all

    return download_all(Path(args.dest) if args.dest else None)


def cmd_build(args) -> int:
    from tqdm import tqdm

    from nnecl_data.database.build import build

    engine = _engine(args)
    counts = build(
        engine,
        reset_imports=args.reset_imports,
        progress=lambda tables: tqdm(tables, desc="Building tables", unit="table"),
    )
    print(f"Built {engine.url.render_as_string(hide_password=True)}")
    for name, n in counts.items():
        print(f"  {name:24s} {n:8d} rows")
    return 0


def cmd_import(args) -> int:
    from nnecl_data.registers.cli import cli_import

    return cli_import(_admin_engine(args), args.kind, Path(args.file), dry_run=args.dry_run, user=args.user)


def cmd_loads(args) -> int:
    from nnecl_data.registers.cli import cli_loads

    return cli_loads(_engine(args))


def cmd_rollback(args) -> int:
    from nnecl_data.registers.cli import cli_rollback

    return cli_rollback(_admin_engine(args), args.load_id, user=args.user)


def cmd_boundaries(args) -> int:
    from nnecl_data import geo

    if args.action == "download":
        return geo.cli_download(Path(args.dest) if args.dest else None)
    return geo.cli_load(Path(args.file), Path(args.dest) if args.dest else None)


def cmd_sample(args) -> int:
    from nnecl_data.registers.cli import cli_sample

    return cli_sample(_admin_engine(args), args.action, user=args.user)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m nnecl_data", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("ingest", help="read the official files and write the curated seed CSVs")
    s.add_argument("--source-dir", help="folder of official files (default: NNECL_RAW_DIR or ../shared/data/raw)")
    from nnecl_data.ingest import PARTS  # the part names, one list (the module imports nothing heavy)

    s.add_argument("--only", action="append", choices=list(PARTS))
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser("download", help="download the official files (needs internet)")
    s.add_argument("--dest", help="folder to write to (default: the download cache)")
    s.set_defaults(func=cmd_download)

    def with_db(sp):
        sp.add_argument("--database-url", help="SQLAlchemy URL (default: NNECL_DATABASE_URL or embedded SQLite)")
        return sp

    def with_admin_db(sp):
        sp.add_argument(
            "--database-url",
            help="SQLAlchemy URL (default: NNECL_ADMIN_DATABASE_URL, then NNECL_DATABASE_URL, or embedded SQLite)",
        )
        return sp

    def with_user(sp):
        sp.add_argument("--user", default="cli", help="name recorded in the load log")
        return sp

    s = with_db(sub.add_parser("build", help="create and fill the database from the seed"))
    s.add_argument("--reset-imports", action="store_true", help="also replace tables loaded by import")
    s.set_defaults(func=cmd_build)

    s = with_user(with_admin_db(sub.add_parser("import", help="import an NNECL register (CSV or XLSX)")))
    s.add_argument("kind", choices=["members", "awards", "institutions", "partnerships"])
    s.add_argument("file")
    s.add_argument("--dry-run", action="store_true", help="validate and show the differences, change nothing")
    s.set_defaults(func=cmd_import)

    s = with_db(sub.add_parser("loads", help="list the load history"))
    s.set_defaults(func=cmd_loads)

    s = with_user(with_admin_db(sub.add_parser("rollback", help="restore a table to its state before a load")))
    s.add_argument("load_id", type=int)
    s.set_defaults(func=cmd_rollback)

    s = sub.add_parser("boundaries", help="download or load boundary files into the cache")
    s.add_argument("action", choices=["download", "load"])
    s.add_argument("file", nargs="?", help="with 'load': a TopoJSON or GeoJSON file")
    s.add_argument("--dest", help="cache folder (default: NNECL_BOUNDARY_DIR or data/boundaries)")
    s.set_defaults(func=cmd_boundaries)

    s = with_user(
        with_admin_db(sub.add_parser("sample", help="load or remove the fictional sample member register"))
    )
    s.add_argument("action", choices=["load", "remove"])
    s.set_defaults(func=cmd_sample)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "boundaries" and args.action == "load" and not args.file:
        parser().error("boundaries load needs a FILE")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
