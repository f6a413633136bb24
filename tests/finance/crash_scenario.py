"""A financing workflow run as separate processes, for the kill -9 test (tests/finance/test_finance_crash.py).

python tests/finance/crash_scenario.py setup|approve|inspect     (GDIP_HOME set by the test)
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(step: str) -> None:
    from gdip.cli.bootstrap import ensure_initialised

    ensure_initialised()
    from finance_lake import OK1, build_lake
    from finance_world import make_world

    from gdip.config.paths import gdip_home
    from gdip.finance import actions
    from gdip.finance.models import FinancingApplication

    if step == "setup":
        build_lake(gdip_home() / "src")
        world = make_world()
        app = actions.do_create_application(
            world.users["ent1"],
            amount_requested=Decimal("1000000.00"),
            term_months=12,
            rights=[actions.RightInput(OK1, appraised_value=Decimal("3000000.00"))],
        )
        actions.do_share(world.users["ent1"], app, [world.orgs["bank1"].pk])
        print(json.dumps({"application": app.pk}))
    elif step == "approve":
        from gdip.accounts.models import User

        app = FinancingApplication.objects.get()
        conditions = actions.ApprovalConditions(
            amount=Decimal("1000000.00"), rate=Decimal("0.04"), term_months=12
        )
        actions.do_approve(User.objects.get(username="bank1"), app, conditions)
        print(json.dumps({"approved": app.pk}))
    elif step == "inspect":
        from gdip.accounts.models import Event
        from gdip.core.audit import verify_chain
        from gdip.finance.models import BankDecision, Loan

        app = FinancingApplication.objects.get()
        result = verify_chain()
        print(
            json.dumps(
                {
                    "state": app.state,
                    "version": app.version,
                    "decisions": BankDecision.objects.count(),
                    "loans": Loan.objects.count(),
                    "approve_events": Event.objects.filter(type__endswith=".approve").count(),
                    "events": Event.objects.count(),
                    "chain_ok": result.ok,
                }
            )
        )


if __name__ == "__main__":
    main(sys.argv[1])
