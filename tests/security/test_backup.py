"""数据备份恢复: backup while serving, verified restore, refusal of damaged backups."""

from __future__ import annotations

import hashlib
import json
import tarfile
import threading
from pathlib import Path
from typing import Any

import orjson
import pytest
from django.db import connections
from security_helpers import FileDB

from factories import patent
from gdip.accounts.models import Event, Organisation
from gdip.config.paths import lake_dir, rejects_dir
from gdip.core.audit import verify_chain
from gdip.core.backup import BackupError, create_backup, restore_backup


def _dump(alias: str) -> dict[str, list[tuple[Any, ...]]]:
    connection = connections[alias]
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')
            out[table] = [tuple(row) for row in cursor.fetchall()]
    return out


def _tree(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock" and "_staging" not in p.parts
    }


def _state(alias: str) -> tuple[Any, ...]:
    return _dump(alias), _tree(lake_dir()), _tree(rejects_dir())


def _ingest(tmp_path: Path, serials: range, name: str) -> None:
    from gdip.datacenter.services.ingest import ingest_file

    path = tmp_path / f"{name}.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(patent(i)) for i in serials) + b"\n{broken\n")
    ingest_file("patents", path)


def _events(db: FileDB, n: int, kind: str = "test.data") -> None:
    for i in range(n):
        Event(type=kind, params={"i": i}).save(using=db.alias)


@pytest.fixture
def populated(file_db: FileDB, tmp_path: Path) -> FileDB:
    Organisation.objects.using(file_db.alias).create(
        name="鹏城科技", org_type="enterprise", city_code="440300"
    )
    _events(file_db, 5)
    _ingest(tmp_path, range(1, 6), "first")
    return file_db


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("as_tar", [False, True])
def test_backup_change_restore_gives_the_same_state(populated: FileDB, tmp_path: Path, as_tar: bool) -> None:
    alias = populated.alias
    before = _state(alias)
    assert before[1] and before[2], "the lake and the rejects have files"
    target = tmp_path / ("backup.tar" if as_tar else "backup")
    manifest = create_backup(target, using=alias)
    assert manifest["database"]["vendor"] == connections[alias].vendor
    assert manifest["database"]["audit_head"]["seq"] == 5
    assert {"gdip_version", "created", "files", "lake"} <= set(manifest)
    assert all(len(f["sha256"]) == 64 and f["size"] >= 0 for f in manifest["files"])

    # Change everything: rows, events, a new lake commit, new rejects.
    Organisation.objects.using(alias).create(name="新公司", org_type="enterprise", city_code="440100")
    _events(populated, 3, "test.later")
    _ingest(tmp_path, range(6, 9), "second")
    assert _state(alias) != before

    with pytest.raises(BackupError) as refused:
        restore_backup(target, using=alias)  # the database holds data: --force needed
    assert refused.value.code == "not_empty"
    restore_backup(target, force=True, using=alias)
    after = _state(alias)
    assert after[0] == before[0]
    assert after[1] == before[1] and after[2] == before[2]
    assert verify_chain(using=alias).ok


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "damage", ["flip_db_byte", "flip_lake_byte", "delete_file", "drop_manifest", "truncate_tar"]
)
def test_damaged_backup_is_refused_and_nothing_changes(
    populated: FileDB, tmp_path: Path, damage: str
) -> None:
    alias = populated.alias
    as_tar = damage == "truncate_tar"
    target = tmp_path / ("b.tar" if as_tar else "b")
    manifest = create_backup(target, using=alias)
    _events(populated, 2, "test.later")
    current = _state(alias)
    if damage == "truncate_tar":
        data = target.read_bytes()
        target.write_bytes(data[: len(data) // 2])
    elif damage == "drop_manifest":
        (target / "MANIFEST.json").unlink()
    else:
        files = [f["path"] for f in manifest["files"]]
        rel = next(f for f in files if f.startswith("database/" if damage == "flip_db_byte" else "lake/"))
        path = target / rel
        if damage == "delete_file":
            path.unlink()
        else:
            damaged = bytearray(path.read_bytes())
            damaged[len(damaged) // 2] ^= 0x01
            path.write_bytes(bytes(damaged))
    with pytest.raises(BackupError) as exc:
        restore_backup(target, force=True, using=alias)
    assert exc.value.code == "backup_invalid"
    assert "nothing was changed" in exc.value.message_en and "未做任何更改" in exc.value.message_zh
    assert _state(alias) == current


@pytest.mark.django_db(transaction=True)
def test_backup_while_events_are_written_restores_a_valid_chain(file_db: FileDB, tmp_path: Path) -> None:
    stop = threading.Event()
    written: list[int] = []
    errors: list[BaseException] = []

    def writer() -> None:
        file_db.attach()
        try:
            n = 0
            while not stop.is_set() and n < 5000:
                Event(type="test.busy", params={"n": n}).save(using=file_db.alias)
                n += 1
                written.append(n)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            file_db.detach()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 20:
            threading.Event().wait(0.01)
        manifest = create_backup(tmp_path / "live", using=file_db.alias)
        while len(written) < manifest["database"]["audit_head"]["seq"] + 20:
            threading.Event().wait(0.01)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not errors, errors
    head = manifest["database"]["audit_head"]["seq"]
    assert 20 <= head < len(written)
    restore_backup(tmp_path / "live", force=True, using=file_db.alias)
    result = verify_chain(using=file_db.alias)
    assert result.ok and result.checked == head == result.head_seq


def test_manifest_lists_every_file(tmp_path: Path) -> None:
    # Pure file-level check of a hand-made backup: an unlisted extra file is ignored, a listed
    # file with another size is refused.
    from gdip.core.backup import verify_backup

    root = tmp_path / "b"
    (root / "database").mkdir(parents=True)
    (root / "database" / "gdip.sqlite3").write_bytes(b"x")
    entry = {"path": "database/gdip.sqlite3", "size": 2, "sha256": hashlib.sha256(b"x").hexdigest()}
    manifest = {
        "format": 1,
        "database": {"vendor": "sqlite", "file": "database/gdip.sqlite3"},
        "lake": {},
        "files": [entry],
    }
    (root / "MANIFEST.json").write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match="size mismatch"):
        verify_backup(root)
    entry["size"] = 1
    (root / "MANIFEST.json").write_text(json.dumps(manifest))
    assert verify_backup(root)["format"] == 1
    with tarfile.open(tmp_path / "evil.tar", "w") as tar:
        info = tarfile.TarInfo("../escape.txt")
        info.size = 0
        tar.addfile(info)
    with pytest.raises(BackupError):
        restore_backup(tmp_path / "evil.tar", force=True)
    assert not (tmp_path / "escape.txt").exists()
