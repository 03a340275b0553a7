"""Command line: `python -m ld_dash demo|init|serve|import|templates|pack|info` (`--help` on each)."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from ld_dash import store
from ld_dash.settings import PROJECT_ROOT, get_settings


def _progress(message: str, _start: list[float] = [time.monotonic()]) -> None:  # noqa: B006
    print(f"[{time.monotonic() - _start[0]:6.1f}s] {message}", flush=True)


def cmd_demo(args: argparse.Namespace) -> int:
    from ld_dash import demo

    settings = get_settings()
    data_dir = Path(args.data_dir) if args.data_dir else settings.data_dir
    _progress(f"Building a demo organisation of {args.employees:,} employees over {args.years} years "
              f"(seed {args.seed}) into {data_dir}")
    version = demo.publish_demo(data_dir, employees=args.employees, years=args.years, seed=args.seed,
                                as_of=args.as_of, progress=_progress)
    _progress(f"Published data version {version.name}")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """Start the organisation's own data from nothing: no demo row is ever carried into its imports."""
    settings = get_settings()
    data_dir = Path(args.data_dir) if args.data_dir else settings.data_dir
    current = store.serving_version(data_dir)[0]
    source = store.source_of(current) if current is not None else None
    if current is not None and not args.force and not (source or "").startswith(
            (store.DEMO_SOURCE_PREFIX, store.EMPTY_SOURCE)):
        print(f"error: {data_dir} already holds your organisation's data ({source}). Starting empty would "
              "hide it from the dashboard (it stays in the version history). Add --force to do it anyway.",
              file=sys.stderr)
        return 2
    version = store.publish_empty(settings.own_organisation_name, data_dir)
    replaced = " (the demo stays in the version history)" if (source or "").startswith(store.DEMO_SOURCE_PREFIX) else ""
    print(f"Started an empty organisation in {data_dir}{replaced}: data version {version.name}. Import your "
          "exports on the Data page or with `python -m ld_dash import`.", flush=True)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ld_dash.access import is_loopback, local_mode_problem

    settings = get_settings()
    problem = local_mode_problem(settings.auth, args.address)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if settings.auth == "proxy" and settings.proxy_secret is None:
        print("error: proxy mode needs LD_DASH_PROXY_SECRET, the secret the reverse proxy sends in "
              f"{settings.proxy_secret_header}; without it anyone who reaches the app's port could name "
              "themselves. Create one with `openssl rand -hex 32` (see the README, \"Deploy on an intranet\").",
              file=sys.stderr)
        return 2
    if settings.auth != "none" and not (settings.admins or settings.viewers):
        print("warning: nobody is on LD_DASH_ADMINS or LD_DASH_VIEWERS, so everyone who signs in is refused.",
              file=sys.stderr, flush=True)
    if settings.auth == "proxy" and not is_loopback(args.address):
        print(f"warning: proxy mode believes the {settings.proxy_user_header} header, so only the reverse proxy "
              f"may reach {args.address}:{args.port}; firewall it, or use --address 127.0.0.1.",
              file=sys.stderr, flush=True)
    swept = store.sweep_leftovers(settings.data_dir)
    if swept:
        print(f"Removed {swept} half-built file(s) left by an interrupted import.", flush=True)
    if store.serving_version(settings.data_dir)[0] is None:
        print("No data yet: generating the demo organisation first (one time only).", flush=True)
        cmd_demo(argparse.Namespace(employees=settings.demo_employees, years=settings.demo_years,
                                    seed=settings.demo_seed, as_of=DEFAULT_AS_OF, data_dir=None))
    else:
        _refresh_if_needed(settings.data_dir)
    command = [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "app.py"),
               "--server.port", str(args.port), "--server.address", args.address]
    sign_in = {"none": "local mode, no sign-in", "proxy": f"sign-in by the reverse proxy ({settings.proxy_user_header})",
               "oidc": "sign-in with OpenID Connect"}[settings.auth]
    print(f"Starting the dashboard on http://{args.address}:{args.port} ({sign_in})", flush=True)
    os.chdir(PROJECT_ROOT)
    os.execv(sys.executable, command)
    return 0  # not reached


def _refresh_if_needed(data_dir: Path) -> None:
    version, warning = store.serving_version(data_dir)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    if version is None:
        raise store.NoDataVersion(f"No data in {data_dir}: run `python -m ld_dash demo` or import your data")
    con = store.connect(version)
    try:
        stale = store.needs_refresh(con)
    finally:
        con.close()
    if stale:
        print("The data version was built by another release: rebuilding its summary tables…", flush=True)
        print(f"Published data version {store.refresh_derived(data_dir).name}", flush=True)


def cmd_import(args: argparse.Namespace) -> int:
    from ld_dash.ingest.batch import ImportIntoDemo, ImportItem, ImportNeedsConfirmation, ImportRejected, import_batch
    from ld_dash.ingest.mapping import Mapping, SourceOptions, load_mapping
    from ld_dash.ingest.readers import ImportProblem

    if args.mapping and len(args.mapping) != len(args.sources):
        print("error: give one --mapping per source file, in the same order", file=sys.stderr)
        return 2
    from pydantic import ValidationError

    items = []
    try:
        for i, source in enumerate(args.sources):
            path = Path(source)
            if args.mapping:
                items.append(ImportItem(path=path, mapping=load_mapping(Path(args.mapping[i]))))
                continue
            options = SourceOptions(delimiter=args.delimiter, encoding=args.encoding, decimal=args.decimal,
                                    sheet=args.sheet)
            tables = [args.table or path.stem]
            if args.table is None and (path.suffix.lower() in (".json", ".jsonl") or path.is_dir()):
                tables = ["enrollments", "platform_activity"]  # xAPI statements fill both
            for table in tables:
                items.append(ImportItem(path=path, mapping=Mapping(table=table, mode=args.mode, source=options)))
    except ValidationError as exc:
        problems = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
        print(f"error: {path.name}: {problems}. Name the table with --table, or give a mapping file. "
              "Nothing was imported.", file=sys.stderr)
        return 2
    try:
        demo = "replace" if args.replace_demo else "keep" if args.into_demo else "ask"
        result = import_batch(items, publish_valid=args.publish_valid, confirm_losses=args.confirm_replace,
                              demo=demo, progress=_progress)
    except ImportIntoDemo as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("Use --replace-demo to start your data empty, or --into-demo to add to the demo.", file=sys.stderr)
        return 1
    except ImportNeedsConfirmation as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("Use --mode append to add the rows, or --confirm-replace to replace anyway.", file=sys.stderr)
        return 1
    except ImportProblem as exc:
        print(f"error: {exc}. Nothing was imported.", file=sys.stderr)
        return 1
    except ImportRejected as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(_problem_summary(exc.result), file=sys.stderr)
        print(_write_report(exc.result, args), file=sys.stderr)
        return 1
    for note in result.notes:
        _progress(f"Left out by rule: {note}")
    if result.rejections:
        _progress(f"{result.problems_total:,} problems were not imported.\n{_problem_summary(result)}\n"
                  f"{_write_report(result, args)}")
    _progress(f"Published data version {result.version}")
    return 0


def _problem_summary(result: object, top: int = 10) -> str:
    """The problems counted by kind, largest first: what to fix first in a mostly invalid file."""
    counts = result.problem_counts  # type: ignore[attr-defined]
    lines = [f"  {c.count:>9,}  {c.file}, column {c.column}: {c.example}" for c in counts[:top]]
    if len(counts) > top:
        lines.append(f"  … and {len(counts) - top} more kinds")
    return "Problems by kind:\n" + "\n".join(lines)


def _write_report(result: object, args: argparse.Namespace) -> str:
    """Writes the rejection report (--rejections, or a new file beside the data, never the current folder)
    and says where; a report that cannot be written is said, never a traceback."""
    from ld_dash.ingest.batch import rejection_report_path, write_rejections

    try:
        path = Path(args.rejections) if args.rejections else rejection_report_path(get_settings().data_dir)
        report = write_rejections(result.rejections, path)  # type: ignore[attr-defined]
    except OSError as exc:
        return f"The problem report could not be written: {exc.strerror or exc} ({exc.filename or 'report'})."
    left_out = result.problems_left_out  # type: ignore[attr-defined]
    more = (f" It lists the first {get_settings().import_max_problems_per_check:,} of each kind; {left_out:,} "
            "more are counted above (LD_DASH_IMPORT_MAX_PROBLEMS_PER_CHECK)." if left_out else "")
    return (f"Every problem (file, row, column, value, reason) is listed in {report} "
            f"(readable by this account only: it holds the rejected values).{more}")


def cmd_templates(args: argparse.Namespace) -> int:
    from ld_dash.ingest.templates import write_templates

    for path in write_templates(Path(args.out)):
        print(path)
    return 0


def cmd_info(_: argparse.Namespace) -> int:
    folder = get_settings().data_dir
    print(f"data folder: {folder}")
    try:
        version, warning = store.serving_version(folder)
    except store.NoDataVersion as exc:
        print(f"problem: {exc}")
        return 1
    print(f"serving version: {version.name if version else 'none (run `python -m ld_dash demo` or import)'}")
    if warning:
        print(f"problem: {warning}")
    for path in sorted(folder.glob("v*.duckdb"), reverse=True):
        trouble = store.problem(store.Version(name=path.name, path=path))
        print(f"  {path.name}  {path.stat().st_size / 1e6:,.1f} MB  {'OK' if trouble is None else 'DAMAGED: ' + trouble}")
    return 1 if warning else 0


DEFAULT_AS_OF = dt.date(2026, 10, 31)


def _list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def cmd_pack(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from ld_dash.export.board_pack import produce
    from ld_dash.export.images import NoBrowser
    from ld_dash.export.pack import ALL_DIMENSIONS, PackOptions

    settings = get_settings()
    try:
        options = PackOptions(
            period=args.period, comparison=args.compare, fiscal_year_start=args.fiscal_year, quarter=args.quarter,
            start=args.start, end=args.end, business_units=args.unit or (), regions=args.region or (),
            job_levels=args.level or (), dimensions=args.dimensions or ALL_DIMENSIONS)
    except ValidationError as exc:
        print(f"error: {exc.errors()[0]['msg']}", file=sys.stderr)
        return 2
    try:
        _refresh_if_needed(settings.data_dir)
        version = store.serving_version(settings.data_dir)[0]
    except store.NoDataVersion as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    assert version is not None
    con = store.connect(version)
    try:
        data = produce(con, options, args.format, settings,
                       progress=lambda fraction, message: _progress(f"{fraction:4.0%} {message}"))
    except (NoBrowser, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.write_bytes(data)
    partial.replace(out)  # a cron job's reader never sees half a file
    _progress(f"Wrote {out.resolve()} ({len(data) / 1e6:.1f} MB)")
    return 0


def main(argv: list[str] | None = None) -> int:
    """The command line; a settings error is said in plain words (exit 2), never as a traceback."""
    from pydantic import ValidationError

    from ld_dash.settings import settings_problem

    try:
        return _main(argv)
    except ValidationError as exc:
        if exc.title != "Settings":
            raise
        print(f"error: {settings_problem(exc)}", file=sys.stderr)
        return 2


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ld_dash", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    settings = get_settings()
    demo = sub.add_parser("demo", help="generate and publish the synthetic demo organisation")
    demo.add_argument("--employees", type=int, default=settings.demo_employees)
    demo.add_argument("--years", type=int, default=settings.demo_years)
    demo.add_argument("--seed", type=int, default=settings.demo_seed)
    demo.add_argument("--as-of", type=dt.date.fromisoformat, default=DEFAULT_AS_OF,
                      help="last day of the data (default %(default)s, fixed so the demo is reproducible)")
    demo.add_argument("--data-dir", default=None, help="data folder (default: LD_DASH_DATA_DIR or data/)")
    demo.set_defaults(func=cmd_demo)
    init = sub.add_parser("init", help="start with your own data: an empty organisation, no demo rows")
    init.add_argument("--empty", action="store_true", required=True,
                      help="publish an organisation with no data (imports then fill it)")
    init.add_argument("--force", action="store_true",
                      help="start empty even if the folder holds imported data (it stays in the version history)")
    init.add_argument("--data-dir", default=None, help="data folder (default: LD_DASH_DATA_DIR or data/)")
    init.set_defaults(func=cmd_init)
    serve = sub.add_parser("serve", help="start the dashboard; on a folder with no data at all it first generates "
                                         "the demo (run `init --empty` before to start with your own data)")
    serve.add_argument("--port", type=int, default=8501, help="TCP port (default: %(default)s)")
    serve.add_argument("--address", default="127.0.0.1",
                       help="address to listen on (default: %(default)s, this machine only; nginx in front)")
    serve.set_defaults(func=cmd_serve)
    imp = sub.add_parser("import", help="import CSV, Excel or Parquet exports as one batch (a new data version)")
    imp.add_argument("sources", nargs="+", help="files (or a folder of xAPI statement files); the table is --table, the mapping's, or the file name")
    imp.add_argument("--table", help="canonical table the file(s) fill (default: the file name, e.g. employees.csv)")
    imp.add_argument("--mapping", action="append", help="mapping file (TOML/YAML) per source, in order")
    imp.add_argument("--mode", choices=["replace", "append"], default="replace")
    imp.add_argument("--confirm-replace", action="store_true",
                     help="replace even if that removes most of a table or leaves other tables pointing at "
                          "rows that are gone (default: refuse and say what it would remove)")
    into = imp.add_mutually_exclusive_group()
    into.add_argument("--replace-demo", action="store_true",
                      help="the folder holds the demo: start your data empty instead (the demo stays in the "
                           "version history)")
    into.add_argument("--into-demo", action="store_true",
                      help="the folder holds the demo: add these rows to it (to try the importer out)")
    imp.add_argument("--publish-valid", action="store_true",
                     help="publish the valid rows and report the rest (default: any problem fails the batch)")
    imp.add_argument("--rejections", default=None,
                     help="where the problem report goes (default: <data folder>/reports/import-rejections-<time>.csv)")
    imp.add_argument("--delimiter")
    imp.add_argument("--encoding", help="e.g. cp1252 (default UTF-8, with or without BOM)")
    imp.add_argument("--decimal", choices=[".", ","], default=".")
    imp.add_argument("--sheet", help="Excel sheet name")
    imp.set_defaults(func=cmd_import)
    templates = sub.add_parser("templates", help="write a blank CSV template (header + example row) per table")
    templates.add_argument("--out", default="templates", help="folder (default: %(default)s)")
    templates.set_defaults(func=cmd_templates)
    pack = sub.add_parser("pack", help="write the board pack (PowerPoint or PDF) for a period and scope")
    pack.add_argument("--format", choices=["pptx", "pdf"], required=True)
    pack.add_argument("--out", required=True, help="file to write, e.g. board-pack.pptx")
    pack.add_argument("--period", choices=["fytd", "fiscal_year", "quarter", "custom"], default="fytd",
                      help="default: fiscal year to date, as of the data's as-of date")
    pack.add_argument("--quarter", type=int, default=None,
                      help="fiscal quarter 1-4 with --period quarter (default: the latest whole quarter)")
    pack.add_argument("--fiscal-year", type=dt.date.fromisoformat, default=None,
                      help="any day in the fiscal year wanted (default: the data's as-of date)")
    pack.add_argument("--start", type=dt.date.fromisoformat, help="first day, with --period custom")
    pack.add_argument("--end", type=dt.date.fromisoformat, help="last day, with --period custom")
    pack.add_argument("--compare", choices=["prior_year", "prior_period"], default="prior_year")
    pack.add_argument("--unit", action="append", help="business unit (repeat for several; default: all)")
    pack.add_argument("--region", action="append", help="region (repeat for several; default: all)")
    pack.add_argument("--level", action="append", help="job level (repeat for several; default: all)")
    pack.add_argument("--dimensions", type=_list, default=None,
                      help="comma-separated dimension slugs (default: all ten), e.g. roi,culture")
    pack.set_defaults(func=cmd_pack)
    info = sub.add_parser("info", help="show the data folder and current version")
    info.set_defaults(func=cmd_info)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (store.ImportAlreadyRunning, store.NoDataVersion, store.DiskFull) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
