"""安全审计 / 数据完整性: the hash chain, its verification, the database guard, pages and CLI."""

from __future__ import annotations

import itertools
import threading
from typing import Any

import pytest
from django.db import DatabaseError, connections, transaction
from django.test import Client
from security_helpers import FileDB

from gdip.accounts.models import AuditChainHead, Event
from gdip.core.audit import GENESIS, guard_present, install_guard, remove_guard, verify_chain
from gdip.core.events import record_event

pytestmark = pytest.mark.urls("security_urls")


def _events(n: int, using: str = "default", **kwargs: Any) -> list[Event]:
    out = []
    for i in range(n):
        event = Event(type="test.happened", params={"i": i, "f": 1.0, "when": "x"}, **kwargs)
        event.save(using=using)
        out.append(event)
    return out


def _raw(sql: str, params: list[Any] | None = None, using: str = "default") -> None:
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params or [])


@pytest.mark.django_db
def test_events_are_chained() -> None:
    events = _events(3)
    record_event("test.other", params={"nested": {"a": [1, 2.5]}}, city_code="440300")
    rows = list(Event.objects.order_by("seq"))
    assert [e.seq for e in rows] == [1, 2, 3, 4]
    assert rows[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))
    assert all(len(e.hash) == 64 and e.algorithm == "sha256" for e in rows)
    assert events[2].hash == rows[2].hash
    head = AuditChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (4, rows[-1].hash)
    result = verify_chain()
    assert result.ok and result.checked == 4 and result.first_broken_seq is None and result.guard is True


@pytest.mark.django_db
def test_sm3_segment_verifies(settings: Any) -> None:
    _events(2)
    settings.GDIP_AUDIT_HASH = "sm3"
    _events(2)
    settings.GDIP_AUDIT_HASH = "sha256"
    _events(1)
    assert list(Event.objects.order_by("seq").values_list("algorithm", flat=True)) == [
        "sha256",
        "sha256",
        "sm3",
        "sm3",
        "sha256",
    ]
    assert verify_chain().ok


@pytest.mark.django_db
def test_app_level_and_database_level_guard() -> None:
    (event,) = _events(1)
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        Event.objects.filter(pk=event.pk).update(type="x")
    # Raw SQL through the application's connection: the triggers refuse.
    for sql in ("UPDATE accounts_event SET type = 'forged'", "DELETE FROM accounts_event"):
        with pytest.raises(DatabaseError), transaction.atomic():
            _raw(sql)
    assert Event.objects.get(pk=event.pk).type == "test.happened"


@pytest.mark.django_db
@pytest.mark.parametrize("tamper", ["alter", "delete_middle", "delete_tail", "insert", "reorder_hash"])
def test_direct_db_changes_are_detected(tamper: str) -> None:
    events = _events(5)
    # Someone with direct access to the database drops the guard first.
    remove_guard(connections["default"])
    assert guard_present() is False
    target = events[2]
    if tamper == "alter":
        _raw("UPDATE accounts_event SET params = %s WHERE seq = 3", ['{"i": 99}'])
        expected = 3
    elif tamper == "delete_middle":
        _raw("DELETE FROM accounts_event WHERE seq = 3")
        expected = 3
    elif tamper == "delete_tail":
        _raw("DELETE FROM accounts_event WHERE seq = 5")
        expected = 5
    elif tamper == "insert":
        # A forged row slipped in as seq 3, the rest renumbered: its prev_hash/hash cannot fit.
        _raw("UPDATE accounts_event SET seq = seq + 100 WHERE seq >= 3")
        _raw("UPDATE accounts_event SET seq = seq - 99 WHERE seq >= 103")
        forged = Event(type="test.forged", params={}, created=target.created)
        forged.seq, forged.prev_hash, forged.hash, forged.algorithm = 3, events[1].hash, "f" * 64, "sha256"
        models_insert(forged)
        expected = 3
    else:
        _raw("UPDATE accounts_event SET hash = %s WHERE seq = 2", [events[3].hash])
        expected = 2
    result = verify_chain()
    assert not result.ok and result.first_broken_seq == expected, result
    assert result.reason
    install_guard(connections["default"])


def models_insert(event: Event) -> None:
    """Insert bypassing Event.save (what raw SQL would do)."""
    from django.db.models.query import QuerySet

    QuerySet(model=Event)._insert(  # type: ignore[attr-defined]
        [event], fields=[f for f in Event._meta.local_concrete_fields if f.name != "id"], using="default"
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_produce_one_valid_chain(file_db: FileDB) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def writer(n: int) -> None:
        file_db.attach()
        try:
            barrier.wait()
            for i in range(15):
                Event(type="test.concurrent", params={"writer": n, "i": i}).save(using=file_db.alias)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            file_db.detach()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    result = verify_chain(using=file_db.alias)
    assert result.ok and result.checked == 60, result
    assert sorted(Event.objects.using(file_db.alias).values_list("seq", flat=True)) == list(range(1, 61))


@pytest.mark.django_db(transaction=True)
def test_flush_keeps_working_and_restores_the_guard() -> None:
    from django.core.management import call_command

    _events(2)
    call_command("flush", interactive=False, verbosity=0)
    assert Event.objects.count() == 0 and guard_present() is True
    _events(1)
    assert Event.objects.get().seq == 1 and verify_chain().ok


# --- pages ---------------------------------------------------------------------------------------


def _verified_client(user: Any) -> Client:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="t", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.mark.django_db
def test_audit_pages_for_auditor_and_province_admin_only(make_user: Any) -> None:
    auditor = make_user("aud", role="auditor")
    prov = make_user("prov", role="province_admin")
    city = make_user("city", role="city_admin", city_code="440300")
    ent = make_user("ent")
    record_event("finance.approved", actor=prov, params={"x": 1})
    for user in (auditor, prov):
        client = _verified_client(user)
        page = client.get("/audit/")
        assert page.status_code == 200 and "finance.approved" in page.content.decode()
    for user in (city, ent):
        client = Client()
        client.force_login(user)
        assert client.get("/audit/").status_code == 404
        assert client.get("/audit/export.csv").status_code == 404
    assert Client().get("/audit/").status_code == 302  # anonymous: to the login page


@pytest.mark.django_db
def test_audit_search_and_csv_export(make_user: Any) -> None:
    auditor = make_user("aud", role="auditor")
    prov = make_user("prov", role="province_admin")
    record_event("finance.approved", actor=prov, params={"amount": 5}, city_code="440300")
    record_event("finance.rejected", actor=auditor, params={"why": "=cmd()"})
    client = _verified_client(auditor)
    page = client.get("/audit/", {"type": "finance.", "actor": "prov"})
    assert list(page.context["page"].object_list.values_list("type", flat=True)) == ["finance.approved"]
    bad = client.get("/audit/", {"since": "2026-02-01", "until": "2026-01-01"})
    assert bad.status_code == 400
    export = client.get("/audit/export.csv", {"type": "finance.*"})
    assert export.status_code == 200 and export.streaming
    text = b"".join(export.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined,arg-type]
    lines = text.strip().splitlines()
    assert lines[0].startswith("seq,created,type") and len(lines) == 3
    assert '\'{""why""' not in text and "=cmd()" in text  # JSON cell starts with '{', not '='
    assert Event.objects.filter(type="audit.exported", actor=auditor).exists()


# --- CLI -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_cli_verify_and_export(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from typer.testing import CliRunner

    from gdip.accounts import cli

    monkeypatch.setattr(cli, "_setup", lambda: None)
    runner = CliRunner()
    _events(3)
    ok = runner.invoke(cli.audit_app, ["verify", "--json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["checked"] == 3
    out = tmp_path / "audit.jsonl"
    exported = runner.invoke(
        cli.audit_app, ["export", str(out), "--format", "jsonl", "--type", "test.happened"]
    )
    assert exported.exit_code == 0, exported.output
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["seq"] for r in rows] == [1, 2, 3] and rows[0]["prev_hash"] == GENESIS
    csv_out = tmp_path / "audit.csv"
    assert runner.invoke(cli.audit_app, ["export", str(csv_out), "--since", "2000-01-01"]).exit_code == 0
    assert csv_out.read_text("utf-8-sig").count("\n") == 6  # header, 3 events, the two export events
    bad = runner.invoke(cli.audit_app, ["export", str(csv_out), "--since", "yesterday"])
    assert bad.exit_code == 2

    remove_guard(connections["default"])
    _raw("UPDATE accounts_event SET type = 'test.forged' WHERE seq = 2")
    broken = runner.invoke(cli.audit_app, ["verify"])
    assert broken.exit_code == 1 and "seq 2" in broken.output
    install_guard(connections["default"])
