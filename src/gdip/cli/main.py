"""The `gdip` command line: operators' entry point to every module.

Commands call services and actions only; they hold no business logic. Heavy imports happen
inside each command so that `gdip --help` and `gdip validate` stay fast.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from gdip.accounts.cli import audit_app
from gdip.cli.normalise import geo_app, validate_app
from gdip.core.cli_backup import backup, restore
from gdip.finance.cli import finance_app
from gdip.indicators.cli import indicators_app, patents_app, population_app
from gdip.indicators.report_cli import report_app
from gdip.valuation.cli import value_app

app = typer.Typer(
    name="gdip",
    help="GDIP — 广东知识产权保护和运用平台 / Guangdong IP Protection and Utilization Platform.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
lake_app = typer.Typer(help="The Parquet lake: statistics and housekeeping.", no_args_is_help=True)
app.add_typer(lake_app, name="lake")
app.add_typer(validate_app, name="validate")
app.add_typer(geo_app, name="geo")
app.add_typer(indicators_app, name="indicators")
app.add_typer(audit_app, name="audit")
app.add_typer(value_app, name="value")
app.add_typer(report_app, name="report")
app.add_typer(finance_app, name="finance")
app.command("backup")(backup)
app.command("restore")(restore)
app.add_typer(patents_app, name="patents")
reference_app = typer.Typer(help="Reference data: regions, population, mappings.", no_args_is_help=True)
reference_app.add_typer(population_app, name="population")
app.add_typer(reference_app, name="reference")


def _fail(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


@app.command()
def init(verbose: Annotated[bool, typer.Option("--verbose", "-v")] = True) -> None:
    """Prepare GDIP_HOME: database, lake, rejects and logs directories, reference data."""
    from gdip.cli.bootstrap import ensure_initialised
    from gdip.config.paths import gdip_home

    ensure_initialised(verbose=verbose)
    typer.echo(f"GDIP_HOME ready: {gdip_home()}")


@app.command()
def ingest(
    kind: Annotated[
        str,
        typer.Argument(
            help="patents, trademarks, copyrights, gis, plant-varieties, ic-layouts, legal-events or entities"
        ),
    ],
    path: Annotated[Path, typer.Argument(help="input file")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="jsonl|csv|parquet|st36|uspto (default: from the file name)"),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="print one JSON object with the reconciliation")
    ] = False,
) -> None:
    """Load a file into the lake: bad records go to a rejects file, good ones load."""
    from gdip.cli.bootstrap import ensure_initialised
    from gdip.cli.progress import ingest_progress
    from gdip.datacenter.services.ingest import IngestFailed, ingest_file

    ensure_initialised()
    try:
        with ingest_progress(enabled=not as_json and sys.stderr.isatty()) as progress:
            report = ingest_file(kind, path, fmt=fmt, progress=progress)
    except IngestFailed as exc:
        if as_json:
            typer.echo(
                json.dumps(
                    {"error": exc.code, "message_zh": exc.message_zh, "message_en": exc.message_en},
                    ensure_ascii=False,
                )
            )
            raise typer.Exit(2) from None
        _fail(f"错误：{exc.message_zh}\nError: {exc.message_en}")
        return
    if as_json:
        typer.echo(json.dumps(report.summary(), ensure_ascii=False))
    else:
        typer.echo(report.describe())


@lake_app.command("stats")
def lake_stats(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Record count of each kind (current versions) and the last commit."""
    from gdip.cli.bootstrap import ensure_initialised
    from gdip.config.paths import lake_dir
    from gdip.datacenter.adapters.lake_parquet import ParquetLake

    ensure_initialised()
    stats = ParquetLake(lake_dir()).stats()
    if as_json:
        typer.echo(json.dumps(stats, ensure_ascii=False, default=str))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Lake {stats['root']}")
    for col in ("kind", "records", "versions", "files"):
        table.add_column(col, justify="right" if col != "kind" else "left")
    for kind, s in stats["kinds"].items():
        table.add_row(kind, f"{s['records']:,}", f"{s['versions']:,}", str(s["files"]))
    console = Console()
    console.print(table)
    last = stats["last_commit"]
    console.print(
        f"last commit: {last['seq']} {last['kind']} {last['committed_at']} {last['source']}"
        if last
        else "last commit: none (empty lake)"
    )


@lake_app.command("vacuum")
def lake_vacuum() -> None:
    """Delete files that no commit refers to (left behind by interrupted runs)."""
    from gdip.cli.bootstrap import ensure_initialised
    from gdip.config.paths import lake_dir
    from gdip.datacenter.adapters.lake_parquet import ParquetLake

    ensure_initialised()
    removed = ParquetLake(lake_dir()).vacuum()
    typer.echo(f"removed {len(removed)} unreferenced file(s)")


@app.command("demo-users")
def demo_users() -> None:
    """Create the demo organisations and one demo user per role (password: GDIP_DEMO_PASSWORD)."""
    from gdip.cli.bootstrap import ensure_initialised

    ensure_initialised()
    from gdip.accounts.demo import create_demo_users

    for line in create_demo_users():
        typer.echo(line)


@app.command("demo-data")
def demo_data(
    scale: Annotated[str, typer.Option(help="small | medium | full")] = "small",
    seed: Annotated[int, typer.Option(help="random seed: the same seed gives the same data")] = 20201231,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Build the calibrated Guangdong demo data set into the lake."""
    from gdip.cli.bootstrap import ensure_initialised

    ensure_initialised()
    from gdip.datacenter.synth.build import build_demo_data

    try:
        summary = build_demo_data(scale=scale, seed=seed, show_progress=not as_json and sys.stderr.isatty())
    except ValueError as exc:
        _fail(f"错误：规模参数无效（可选 small、medium、full）\nError: {exc}")
        return
    typer.echo(
        json.dumps(summary, ensure_ascii=False, default=str)
        if as_json
        else "\n".join(f"{k}: {v}" for k, v in summary.items())
    )


@app.command()
def serve(
    port: Annotated[int, typer.Option(envvar="PORT")] = 8000,
    host: Annotated[str, typer.Option(envvar="HOST")] = "127.0.0.1",
    workers: Annotated[int, typer.Option()] = 2,
) -> None:
    """Serve the platform with gunicorn (static files through WhiteNoise)."""
    from gdip.cli.bootstrap import ensure_initialised

    ensure_initialised()
    from django.core.management import call_command

    # Static files are served by WhiteNoise from GDIP_HOME/static (compressed, cache headers).
    call_command("collectstatic", interactive=False, verbosity=0)
    typer.echo(f"GDIP serving at http://{host}:{port}/")
    os.execvp(
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "gdip.config.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--timeout",
            "120",
            "--access-logfile",
            "-",
        ],
    )


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run a Django management command (e.g. `gdip manage createsuperuser`)."""
    from gdip.cli.bootstrap import setup_django

    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gdip manage", *ctx.args])


def main() -> None:
    app()


if __name__ == "__main__":
    main()
