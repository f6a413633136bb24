"""Backup and restore of a GDIP installation: database, Parquet lake and rejects.

A backup is a directory (or a ``.tar`` of one)::

    MANIFEST.json                 format, GDIP version, database vendor, created time, audit
                                  chain head, lake commit, and every file with size and SHA-256
    database/gdip.sqlite3         SQLite: a copy made with SQLite's online backup API
    database/gdip.pgdump          PostgreSQL: pg_dump --format=custom
    lake/_manifest.json, lake/<kind>/c<seq>/part-*.parquet
    rejects/…

Consistency while the platform keeps serving:

* SQLite: the online backup API copies the database in one step under a read transaction, so
  the copy is one committed state even while other connections write (WAL mode).
* PostgreSQL: pg_dump runs in one repeatable-read snapshot.
* Lake: under the lake's lock (the one commits take), the manifest is read and the files it
  refers to are hard-linked (copied when the backup is on another file system, after the lock
  is released: committed Parquet files never change and referenced ones are never deleted).

Restore verifies every file's size and checksum before touching anything and refuses a
corrupted or incomplete backup (nothing changed). Then the database is replaced in one
transaction (SQLite: the backup API into the live database; PostgreSQL: pg_restore --clean
--single-transaction) and the lake and rejects directories are prepared in a temporary
directory beside GDIP_HOME and renamed into place. Restore is an offline operation: stop the
server and ingests first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import connections

from gdip.config.paths import gdip_home, lake_dir, rejects_dir

__all__ = [
    "BACKUP_FORMAT",
    "BackupError",
    "create_backup",
    "read_backup_manifest",
    "restore_backup",
    "verify_backup",
]

BACKUP_FORMAT = 1
MANIFEST_NAME = "MANIFEST.json"
SQLITE_FILE = "database/gdip.sqlite3"
PG_FILE = "database/gdip.pgdump"
LAKE_MANIFEST = "_manifest.json"


@dataclass
class BackupError(Exception):
    """A backup cannot be made or restored; messages in Chinese and English."""

    code: str
    message_zh: str
    message_en: str

    def __str__(self) -> str:
        return f"{self.message_zh} / {self.message_en}"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _gdip_version() -> str:
    try:
        from importlib.metadata import version

        return version("gdip")
    except Exception:  # pragma: no cover - not installed as a distribution
        return "unknown"


def _sqlite_connect(name: str) -> sqlite3.Connection:
    return sqlite3.connect(name, uri=name.startswith("file:"), timeout=30)


def _pg_args(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = [
        "-h",
        str(settings_dict.get("HOST") or "127.0.0.1"),
        "-p",
        str(settings_dict.get("PORT") or 5432),
        "-U",
        str(settings_dict.get("USER") or "postgres"),
    ]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            "pg_tools_missing",
            f"未找到 {name}：请安装 PostgreSQL 客户端工具（postgresql-client）",
            f"{name} not found: install the PostgreSQL client tools (postgresql-client)",
        )
    return found


# --- backup ----------------------------------------------------------------------------------


def _backup_database(using: str, out: Path) -> dict[str, Any]:
    connection = connections[using]
    vendor = connection.vendor
    out.mkdir(parents=True, exist_ok=True)
    if vendor == "sqlite":
        target = out.parent / SQLITE_FILE
        src = _sqlite_connect(str(connection.settings_dict["NAME"]))
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)  # pages=-1: one step, one consistent snapshot
            dst.execute("PRAGMA journal_mode=DELETE")
            head = dst.execute("SELECT seq, hash FROM accounts_auditchainhead WHERE id = 1").fetchone()
        finally:
            dst.close()
            src.close()
        return {"vendor": "sqlite", "file": SQLITE_FILE, "audit_head": _head(head)}
    if vendor == "postgresql":
        sd = connection.settings_dict
        args, env = _pg_args(sd)
        target = out.parent / PG_FILE
        # One snapshot for both the chain head in the manifest and pg_dump: export it from a
        # repeatable-read transaction held open while pg_dump runs.
        raw = connection.get_new_connection(connection.get_connection_params())
        try:
            cursor = raw.cursor()
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute("SELECT seq, hash FROM accounts_auditchainhead WHERE id = 1")
            head = cursor.fetchone()
            run = subprocess.run(
                [
                    _pg_tool("pg_dump"),
                    *args,
                    "--format=custom",
                    "--no-owner",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(target),
                    str(sd["NAME"]),
                ],
                env=env,
                capture_output=True,
                text=True,
            )
        finally:
            raw.rollback()
            raw.close()
        if run.returncode != 0:
            raise BackupError(
                "pg_dump_failed",
                f"pg_dump 失败：{run.stderr.strip()}",
                f"pg_dump failed: {run.stderr.strip()}",
            )
        return {"vendor": "postgresql", "file": PG_FILE, "audit_head": _head(head)}
    raise BackupError("vendor", f"不支持的数据库：{vendor}", f"unsupported database vendor: {vendor}")


def _head(row: Any) -> dict[str, Any]:
    return {"seq": int(row[0]), "hash": str(row[1])} if row else {"seq": 0, "hash": ""}


def _link_or_copy(src: Path, dst: Path) -> bool:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
        return True
    except OSError:
        return False


def _backup_lake(root: Path, out: Path) -> dict[str, Any]:
    from gdip.datacenter.adapters.lake_parquet import ParquetLake

    lake = ParquetLake(root)
    to_copy: list[str] = []
    if not (root / LAKE_MANIFEST).exists():
        return {"present": False, "seq": 0, "files": 0}
    with lake._locked():
        raw = (root / LAKE_MANIFEST).read_bytes()
        manifest = json.loads(raw)
        files = sorted({f for entry in manifest.get("kinds", {}).values() for f in entry.get("files", [])})
        out.mkdir(parents=True, exist_ok=True)
        (out / LAKE_MANIFEST).write_bytes(raw)
        for rel in files:
            if not _link_or_copy(root / rel, out / rel):
                to_copy.append(rel)
    for rel in to_copy:  # committed files are immutable and stay referenced: safe without the lock
        shutil.copy2(root / rel, out / rel)
    # The links pinned the files while the lock was held; the backup gets copies of its own, so
    # that damage to a live file (same inode) cannot reach the backup, nor the reverse.
    for rel in files:
        if rel not in to_copy:
            _unshare(out / rel)
    return {"present": True, "seq": int(manifest.get("seq", 0)), "files": len(files)}


def _unshare(path: Path) -> None:
    if path.stat().st_nlink > 1:
        tmp = path.with_name(path.name + ".copy")
        shutil.copy2(path, tmp)
        os.replace(tmp, path)


def _backup_tree(src: Path, out: Path) -> int:
    count = 0
    if not src.is_dir():
        return 0
    for path in sorted(src.rglob("*")):
        if path.is_file():
            target = out / path.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            count += 1
    return count


def _file_list(root: Path) -> list[dict[str, Any]]:
    entries = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name != MANIFEST_NAME:
            entries.append(
                {
                    "path": path.relative_to(root).as_posix(),
                    "size": path.stat().st_size,
                    "sha256": _sha256(path),
                }
            )
    return entries


def create_backup(dest: Path | str, *, using: str = "default") -> dict[str, Any]:
    """Write a consistent backup to `dest` (a new directory, or a .tar file); returns its manifest."""
    dest = Path(dest).resolve()
    as_tar = dest.suffix == ".tar"
    if dest.exists() and (as_tar or any(dest.iterdir())):
        raise BackupError(
            "exists", f"目标已存在且非空：{dest}", f"the destination exists and is not empty: {dest}"
        )
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.partial-", dir=dest.parent))
    try:
        created = datetime.now(UTC)
        database = _backup_database(using, work / "database")
        lake = _backup_lake(lake_dir(), work / "lake")
        rejects = _backup_tree(rejects_dir(), work / "rejects")
        manifest = {
            "format": BACKUP_FORMAT,
            "gdip_version": _gdip_version(),
            "created": created.isoformat(),
            "database": database,
            "lake": lake,
            "rejects": {"files": rejects},
            "files": _file_list(work),
        }
        (work / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
        if as_tar:
            tmp_tar = dest.parent / f".{dest.name}.{uuid.uuid4().hex}.tmp"
            with tarfile.open(tmp_tar, "w") as tar:
                for path in sorted(work.rglob("*")):
                    tar.add(path, arcname=path.relative_to(work).as_posix(), recursive=False)
            os.replace(tmp_tar, dest)
        else:
            if dest.exists():
                dest.rmdir()
            os.replace(work, dest)
        return manifest
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- verification and restore ------------------------------------------------------------


def _incomplete(detail_zh: str, detail_en: str) -> BackupError:
    return BackupError(
        "backup_invalid",
        f"备份不完整或已损坏，未做任何更改：{detail_zh}",
        f"the backup is incomplete or corrupted; nothing was changed: {detail_en}",
    )


def read_backup_manifest(root: Path) -> dict[str, Any]:
    """The MANIFEST.json of an unpacked backup (BackupError when missing or unreadable)."""
    path = root / MANIFEST_NAME
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise _incomplete("缺少 MANIFEST.json", "MANIFEST.json is missing") from None
    except (OSError, ValueError) as exc:
        raise _incomplete(
            f"MANIFEST.json 无法读取（{exc}）", f"MANIFEST.json is unreadable ({exc})"
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != BACKUP_FORMAT:
        raise _incomplete("不支持的备份格式", f"unsupported backup format {manifest.get('format')!r}")
    return manifest


def verify_backup(root: Path) -> dict[str, Any]:
    """Check every listed file (present, size, SHA-256) and the required parts; returns the manifest."""
    manifest = read_backup_manifest(root)
    listed = {}
    for entry in manifest.get("files", []):
        rel = str(entry.get("path", ""))
        path = (root / rel).resolve()
        if not rel or root.resolve() not in path.parents:
            raise _incomplete(f"非法路径 {rel!r}", f"illegal path {rel!r}")
        if not path.is_file():
            raise _incomplete(f"缺少文件 {rel}", f"file {rel} is missing")
        if path.stat().st_size != entry.get("size"):
            raise _incomplete(f"文件大小不符：{rel}", f"size mismatch: {rel}")
        if _sha256(path) != entry.get("sha256"):
            raise _incomplete(f"校验和不符：{rel}", f"checksum mismatch: {rel}")
        listed[rel] = entry
    db_file = manifest.get("database", {}).get("file")
    if db_file not in listed:
        raise _incomplete("缺少数据库文件", "the database file is missing")
    if manifest.get("lake", {}).get("present"):
        lake_manifest = f"lake/{LAKE_MANIFEST}"
        if lake_manifest not in listed:
            raise _incomplete("缺少数据湖清单", "the lake manifest is missing")
        data = json.loads((root / lake_manifest).read_text("utf-8"))
        for entry in data.get("kinds", {}).values():
            for rel in entry.get("files", []):
                if f"lake/{rel}" not in listed:
                    raise _incomplete(f"缺少数据湖文件 {rel}", f"lake file {rel} is missing")
    return manifest


@contextlib.contextmanager
def _unpacked(source: Path, scratch: Path) -> Iterator[Path]:
    if source.is_dir():
        yield source
        return
    if not source.is_file():
        raise BackupError("not_found", f"找不到备份：{source}", f"backup not found: {source}")
    target = scratch / "unpacked"
    target.mkdir()
    try:
        with tarfile.open(source, "r") as tar:
            tar.extractall(target, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise _incomplete(f"归档无法读取（{exc}）", f"the archive is unreadable ({exc})") from None
    yield target


def _database_has_data(using: str) -> bool:
    from gdip.accounts.models import Event, User

    return Event.objects.using(using).exists() or User.objects.using(using).exists()


def _restore_sqlite(using: str, db_file: Path, scratch: Path) -> None:
    # Check the copy itself before it replaces anything.
    work = scratch / "restore.sqlite3"
    shutil.copy2(db_file, work)
    check = sqlite3.connect(work)
    try:
        ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        check.close()
    if not ok:
        raise _incomplete("数据库副本未通过完整性检查", "the database copy fails SQLite's integrity check")
    connection = connections[using]
    connection.close()
    src = sqlite3.connect(work)
    dst = _sqlite_connect(str(connection.settings_dict["NAME"]))
    try:
        src.backup(dst)  # replaces the live database's pages in one write transaction
    finally:
        dst.close()
        src.close()


def _restore_postgres(using: str, dump: Path) -> None:
    connection = connections[using]
    connection.close()
    sd = connection.settings_dict
    args, env = _pg_args(sd)
    run = subprocess.run(
        [
            _pg_tool("pg_restore"),
            *args,
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--no-owner",
            "--exit-on-error",
            "-d",
            str(sd["NAME"]),
            str(dump),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        raise BackupError(
            "pg_restore_failed",
            f"pg_restore 失败（数据库未更改）：{run.stderr.strip()}",
            f"pg_restore failed (the database is unchanged): {run.stderr.strip()}",
        )


def _swap_dir(new: Path, live: Path, scratch: Path) -> None:
    """Put `new` in place of `live` with renames (the old one goes to scratch, then away)."""
    old = scratch / f"old-{live.name}"
    if live.exists():
        os.replace(live, old)
    os.replace(new, live)


def restore_backup(source: Path | str, *, force: bool = False, using: str = "default") -> dict[str, Any]:
    """Verify then restore a backup over the current database, lake and rejects; returns its manifest.

    Without `force`, refuses when the current database already holds users or events.
    """
    source = Path(source).resolve()
    home = gdip_home()
    home.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{home.name}.restore-", dir=home.parent))
    try:
        with _unpacked(source, scratch) as root:
            manifest = verify_backup(root)
            vendor = connections[using].vendor
            if manifest["database"]["vendor"] != vendor:
                raise BackupError(
                    "vendor_mismatch",
                    f"备份来自 {manifest['database']['vendor']} 数据库，当前为 {vendor}，未做任何更改",
                    f"the backup is of a {manifest['database']['vendor']} database, this one is {vendor}; "
                    "nothing was changed",
                )
            if not force and _database_has_data(using):
                raise BackupError(
                    "not_empty",
                    "当前数据库已有数据；确认覆盖请加 --force（未做任何更改）",
                    "the current database holds data; add --force to overwrite it (nothing was changed)",
                )
            # Stage lake and rejects beside GDIP_HOME first: copying can fail, renaming hardly.
            staged_lake = scratch / "lake"
            if (root / "lake").is_dir():
                shutil.copytree(root / "lake", staged_lake)
            else:
                staged_lake.mkdir()
            staged_rejects = scratch / "rejects"
            if (root / "rejects").is_dir():
                shutil.copytree(root / "rejects", staged_rejects)
            else:
                staged_rejects.mkdir()
            db_file = root / manifest["database"]["file"]
            if vendor == "sqlite":
                _restore_sqlite(using, db_file, scratch)
            else:
                _restore_postgres(using, db_file)
            home.mkdir(parents=True, exist_ok=True)
            _swap_dir(staged_lake, lake_dir(), scratch)
            _swap_dir(staged_rejects, rejects_dir(), scratch)
            return manifest
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
