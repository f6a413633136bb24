"""``gdip finance …``: demo financing data, the application list and the deadline timer.

The lead registers ``finance_app`` as ``gdip finance``. Commands hold no business logic: they
call ``gdip.finance`` and print.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

__all__ = ["finance_app"]

finance_app = typer.Typer(help="知识产权质押融资 / IP pledge financing.", no_args_is_help=True)
applications_app = typer.Typer(help="融资申请 / Financing applications.", no_args_is_help=True)
finance_app.add_typer(applications_app, name="applications")


@finance_app.command("demo")
def demo() -> None:
    """Create the demo applications (enterprise1 → bank1, enterprise2 → bank2); idempotent."""
    from gdip.cli.bootstrap import ensure_initialised

    ensure_initialised()
    from gdip.finance.demo import create_demo_finance

    for line in create_demo_finance():
        typer.echo(line)


@finance_app.command("tick")
def tick() -> None:
    """Fire the deadline timers: applications past their bank-review deadline expire."""
    from gdip.cli.bootstrap import ensure_initialised

    ensure_initialised()
    from gdip.finance.workflows import run_deadlines

    done = run_deadlines()
    for line in done:
        typer.echo(line)
    typer.echo(f"{len(done)} deadline(s) fired")


@applications_app.command("list")
def list_applications(
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table")] = False,
    state: Annotated[str | None, typer.Option("--state", help="only this state")] = None,
) -> None:
    """Every financing application (operators see all), newest first."""
    from gdip.cli.bootstrap import ensure_initialised

    ensure_initialised()
    from gdip.finance.models import FinancingApplication

    qs = FinancingApplication.objects.select_related("enterprise").order_by("-created", "-id")
    if state:
        qs = qs.filter(state=state)
    rows: list[dict[str, Any]] = [
        {
            "id": a.pk,
            "enterprise": a.enterprise.name,
            "city_code": a.city_code,
            "amount_requested": str(a.amount_requested),
            "term_months": a.term_months,
            "state": a.state,
            "banks": [s.bank.name for s in a.shares.select_related("bank").filter(withdrawn=False)],
            "created": a.created.isoformat(),
        }
        for a in qs
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        typer.echo("no applications")
        return
    for r in rows:
        banks = ", ".join(r["banks"]) or "-"
        head = f"#{r['id']:<5} {r['state']:<13} {r['amount_requested']:>16} {r['term_months']:>3}m"
        typer.echo(f"{head}  {r['enterprise']}  → {banks}")
