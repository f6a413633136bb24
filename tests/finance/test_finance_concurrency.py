"""Concurrent approvals: real requests on two threads at once give exactly one transition.

On PostgreSQL (``GDIP_TEST_DB=postgres``) the threads share the test database and
``SELECT … FOR UPDATE`` plus the compare-and-set decide. SQLite's in-memory test database
(shared cache) answers concurrent writers with "table is locked" instead of waiting, so on
SQLite the migrated test database is copied to a WAL file — as in production — and each thread
connects to that file, where the IMMEDIATE transaction mode serialises the writers.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from finance_lake import OK1, OK2
from finance_world import make_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("finance_urls")]
CONDITIONS = {"amount": "1000000.00", "rate": "0.0435", "term_months": 12}


def _file_config(tmp_path: Path) -> dict[str, Any] | None:
    default = connections["default"]
    if default.vendor != "sqlite":
        return None
    path = tmp_path / "concurrent.sqlite3"
    default.ensure_connection()
    dst = sqlite3.connect(path)
    default.connection.backup(dst)
    dst.execute("PRAGMA journal_mode=WAL")
    dst.close()
    return {**connections.settings["default"], "NAME": str(path)}


def _attach(alias: str, config: dict[str, Any] | None) -> None:
    from django.db.utils import load_backend

    if config is not None:
        connections[alias] = load_backend(config["ENGINE"]).DatabaseWrapper(config, alias)


def _race(config: dict[str, Any] | None, calls: list[tuple[str, str, dict[str, Any]]]) -> list[int]:
    barrier = threading.Barrier(len(calls))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def worker(url: str, token: str, body: dict[str, Any]) -> None:
        _attach("default", config)
        try:
            barrier.wait(timeout=30)
            r = Client().post(
                url,
                data=json.dumps(body),
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}"},
            )
            statuses.append(r.status_code)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=worker, args=call) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    return sorted(statuses)


def _prepared(world, bank_keys: list[str]) -> int:
    from gdip.finance import actions

    app = actions.do_create_application(
        world.users["ent1"],
        amount_requested=__import__("decimal").Decimal("1000000.00"),
        term_months=12,
        rights=[
            actions.RightInput(OK1, appraised_value=__import__("decimal").Decimal("3000000.00")),
            actions.RightInput(OK2, appraised_value=__import__("decimal").Decimal("3000000.00")),
        ],
    )
    actions.do_share(world.users["ent1"], app, [world.orgs[k].pk for k in bank_keys])
    return app.pk


def _outcome(config: dict[str, Any] | None, pk: int) -> dict[str, Any]:
    from gdip.accounts.models import Event
    from gdip.finance.models import BankDecision, FinancingApplication, Loan

    alias = "default"
    if config is not None:
        alias = "finance_race"
        _attach(alias, config)
    try:
        app = FinancingApplication.objects.using(alias).get(pk=pk)
        return {
            "state": app.state,
            "version": app.version,
            "approvals": BankDecision.objects.using(alias)
            .filter(application_id=pk, decision="approved")
            .count(),
            "loans": Loan.objects.using(alias).filter(application_id=pk).count(),
            "events": Event.objects.using(alias)
            .filter(type="finance.application.approve", object_id=str(pk))
            .count(),
        }
    finally:
        if config is not None:
            connections[alias].close()


@pytest.mark.parametrize("same_bank", [False, True], ids=["two-banks", "one-bank-twice"])
def test_concurrent_approvals_make_exactly_one_transition(lake, tmp_path, same_bank):
    world = make_world()
    banks = ["bank1"] if same_bank else ["bank1", "bank2"]
    pk = _prepared(world, banks)
    config = _file_config(tmp_path)
    url = f"/api/v1/finance/applications/{pk}/approve"
    approvers = ["bank1", "bank1"] if same_bank else ["bank1", "bank2"]
    statuses = _race(config, [(url, world.tokens[u], CONDITIONS) for u in approvers])
    assert statuses == [200, 409]
    assert _outcome(config, pk) == {
        "state": "approved",
        "version": 3,
        "approvals": 1,
        "loans": 1,
        "events": 1,
    }
