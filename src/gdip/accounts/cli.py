"""`gdip audit …`: check the audit chain, export the audit log.

Registered by the CLI entry point as ``app.add_typer(audit_app, name="audit")``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["audit_app", "audit_export", "audit_verify"]

audit_app = typer.Typer(
    help="审计日志 / The tamper-evident audit log: verify and export.", no_args_is_help=True
)


def _setup() -> None:
    from gdip.cli.bootstrap import ensure_initialised

    ensure_initialised()


@audit_app.command("verify")
def audit_verify(
    json_output: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Recompute the hash chain: exit 0 when intact, 1 at the first broken link (printed)."""
    _setup()
    from gdip.core.audit import verify_chain

    result = verify_chain()
    if json_output:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
    elif result.ok:
        typer.echo(
            f"审计链完整 / audit chain intact: {result.checked} event(s), "
            f"head seq {result.head_seq} hash {result.head_hash}"
        )
        if result.guard is False:
            typer.echo(
                "警告：数据库防篡改触发器缺失 / warning: the database append-only triggers are missing",
                err=True,
            )
    else:
        typer.echo(
            f"审计链断裂于序号 {result.first_broken_seq} / "
            f"audit chain broken at seq {result.first_broken_seq}: "
            f"{result.reason} ({result.checked} event(s) verified before it)",
            err=True,
        )
    if not result.ok:
        raise typer.Exit(1)


@audit_app.command("export")
def audit_export(
    path: Annotated[Path, typer.Argument(help="output file ('-' for standard output)")],
    fmt: Annotated[str, typer.Option("--format", help="csv | jsonl")] = "csv",
    since: Annotated[str | None, typer.Option(help="from this date/time (ISO 8601, e.g. 2026-01-31)")] = None,
    until: Annotated[
        str | None, typer.Option(help="up to this date/time (a date includes the whole day)")
    ] = None,
    types: Annotated[
        list[str] | None,
        typer.Option("--type", help="event type, or a prefix ending in '.' or '*'; repeatable"),
    ] = None,
) -> None:
    """Write the audit log (in seq order, with the chain fields) to PATH, streamed."""
    if fmt not in ("csv", "jsonl"):
        typer.echo("错误：--format 只能是 csv 或 jsonl / Error: --format must be csv or jsonl", err=True)
        raise typer.Exit(2)
    _setup()
    from gdip.accounts.models import Event
    from gdip.core.audit import export_lines, filter_events
    from gdip.core.events import record_event

    try:
        queryset = filter_events(Event.objects.all(), types=types, since=since, until=until)
    except ValueError as exc:
        typer.echo(f"错误：日期无法识别 / Error: unreadable date: {exc}", err=True)
        raise typer.Exit(2) from None
    record_event(
        "audit.exported",
        params={"format": fmt, "since": since, "until": until, "types": types or [], "path": str(path)},
    )
    count = 0
    if str(path) == "-":
        for line in export_lines(queryset, fmt):
            sys.stdout.write(line)
            count += 1
    else:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            for line in export_lines(queryset, fmt):
                fh.write(line)
                count += 1
        rows = count - 1 if fmt == "csv" else count
        typer.echo(f"exported {rows} event(s) to {path}", err=True)
