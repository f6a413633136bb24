"""Pages (enterprise and bank), the demo data and the CLI."""

from __future__ import annotations

import json

import pytest
from finance_lake import ENT2_OK, NOT_OWNER, OK1, OK2

from gdip.finance.models import FinancingApplication

pytestmark = [pytest.mark.django_db, pytest.mark.urls("finance_urls")]


def test_enterprise_and_bank_pages(client, world, lake):
    client.force_login(world.users["ent1"])
    assert client.get("/finance/new/").status_code == 200
    r = client.post(
        "/finance/new/",
        {"rights": [f"P|CN|{OK1}"], "amount_requested": "500000", "term_months": "12", "purpose": "研发"},
    )
    assert r.status_code == 302
    app = FinancingApplication.objects.get()
    r = client.post(f"/finance/{app.pk}/share/", {"bank_ids": [str(world.orgs["bank1"].pk)]})
    assert r.status_code == 302
    page = client.get("/finance/").content.decode()
    assert f"/finance/{app.pk}/" in page

    client.force_login(world.users["bank1"])
    assert f"/finance/{app.pk}/" in client.get("/finance/").content.decode()
    client.post(f"/finance/{app.pk}/query/")
    detail = client.get(f"/finance/{app.pk}/").content.decode()
    assert 'id="eligibility"' in detail and "finance.application.query" in detail
    app.refresh_from_db()
    assert app.state == "under_review"
    # a refused transition comes back as a message, nothing changes
    client.post(
        f"/finance/{app.pk}/approve/",
        {
            "amount": "500000",
            "rate": "0.04",
            "term_months": "12",
            "ltv_cap": "0.9",
            "collateral_value": "2000000",
        },
    )
    app.refresh_from_db()
    assert app.state == "under_review"
    assert (
        client.post(f"/finance/{app.pk}/share/", {"bank_ids": [str(world.orgs["bank2"].pk)]}).status_code
        == 403
    )

    client.force_login(world.users["bank3"])
    assert client.get(f"/finance/{app.pk}/").status_code == 404
    client.logout()
    assert client.get("/finance/").status_code == 302


def test_demo_is_idempotent(lake):
    from gdip.finance.demo import create_demo_finance

    lines = create_demo_finance()
    assert len(lines) == 2 and all("shared with" in line for line in lines), lines
    apps = {a.enterprise.uscc: a for a in FinancingApplication.objects.select_related("enterprise")}
    assert {r.application_number for r in apps["91440300MA5DEM0019"].rights.all()} == {OK1, OK2}
    assert {r.application_number for r in apps["91440101MA59DEM023"].rights.all()} == {
        NOT_OWNER,
        ENT2_OK,
    }  # ENT2 holds both
    assert [s.bank.uscc for s in apps["91440300MA5DEM0019"].shares.all()] == ["91440300MA5DBANK13"]
    assert [s.bank.uscc for s in apps["91440101MA59DEM023"].shares.all()] == ["91440101MA59BANK20"]
    assert all(a.state == "shared" for a in apps.values())
    again = create_demo_finance()
    assert all("exists" in line for line in again) and FinancingApplication.objects.count() == 2


def test_demo_with_an_empty_lake_creates_nothing(gdip_home):
    from gdip.finance.demo import create_demo_finance

    lines = create_demo_finance()
    assert all("nothing created" in line for line in lines) and not FinancingApplication.objects.exists()


def test_cli_lists_applications(lake, monkeypatch):
    from typer.testing import CliRunner

    import gdip.cli.bootstrap as bootstrap
    from gdip.finance.cli import finance_app
    from gdip.finance.demo import create_demo_finance

    monkeypatch.setattr(bootstrap, "ensure_initialised", lambda verbose=False: None)
    create_demo_finance()
    result = CliRunner().invoke(finance_app, ["applications", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 2 and {r["state"] for r in rows} == {"shared"}
    table = CliRunner().invoke(finance_app, ["applications", "list"])
    assert table.exit_code == 0 and "shared" in table.output
