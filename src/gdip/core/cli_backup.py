"""`gdip backup PATH` and `gdip restore PATH [--force]`.

Registered by the CLI entry point as ``app.command("backup")(backup)`` and
``app.command("restore")(restore)``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["backup", "restore"]

BACKUP_CREATED = "core.backup_created"
RESTORED = "core.restored"


def backup(
    path: Annotated[Path, typer.Argument(help="new directory, or a file name ending in .tar")],
    as_json: Annotated[
        bool, typer.Option("--json", help="print the backup manifest summary as JSON")
    ] = False,
) -> None:
    """Back up database, lake and rejects while the platform keeps serving (checksummed MANIFEST.json)."""
    from gdip.cli.bootstrap import ensure_initialised

    ensure_initialised()
    from gdip.core.backup import BackupError, create_backup
    from gdip.core.events import record_event

    try:
        manifest = create_backup(path)
    except BackupError as exc:
        typer.echo(f"错误：{exc.message_zh}\nError: {exc.message_en}", err=True)
        raise typer.Exit(2) from None
    summary = {
        "path": str(path),
        "created": manifest["created"],
        "database": manifest["database"]["vendor"],
        "audit_head": manifest["database"]["audit_head"],
        "lake_seq": manifest["lake"].get("seq", 0),
        "files": len(manifest["files"]),
        "bytes": sum(f["size"] for f in manifest["files"]),
    }
    record_event(BACKUP_CREATED, params=summary)
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
    else:
        typer.echo(
            f"备份完成 / backup written: {path} — {summary['files']} files, {summary['bytes']:,} bytes, "
            f"audit head seq {summary['audit_head']['seq']}, lake commit {summary['lake_seq']}"
        )


def restore(
    path: Annotated[Path, typer.Argument(help="a backup directory or .tar made by `gdip backup`")],
    force: Annotated[
        bool, typer.Option("--force", help="overwrite a database that already holds data")
    ] = False,
) -> None:
    """Verify every checksum, then replace database, lake and rejects (stop the server first)."""
    from gdip.cli.bootstrap import ensure_initialised

    ensure_initialised()
    from gdip.core.audit import verify_chain
    from gdip.core.backup import BackupError, restore_backup
    from gdip.core.events import record_event

    try:
        manifest = restore_backup(path, force=force)
    except BackupError as exc:
        typer.echo(f"错误：{exc.message_zh}\nError: {exc.message_en}", err=True)
        raise typer.Exit(1 if exc.code == "backup_invalid" else 2) from None
    ensure_initialised()  # a backup from an older version gets its missing migrations
    chain = verify_chain()
    record_event(
        RESTORED,
        params={"path": str(path), "backup_created": manifest["created"], "audit_chain_ok": chain.ok},
    )
    typer.echo(
        f"恢复完成 / restored: backup of {manifest['created']} "
        f"(audit chain {'intact' if chain.ok else 'BROKEN at seq ' + str(chain.first_broken_seq)})"
    )
