"""Demo financing data: enterprise1's application shared with bank1, enterprise2's with bank2.

Idempotent: an enterprise that already has a demo application (purpose starting with
``[demo]``) is left alone. The rights come from each enterprise's synthetic portfolio in the
lake (entity ``U:<USCC>``): up to two valid invention patents that pass every refusal ground for
a 12-month loan. With an empty lake (or no eligible patent) nothing is created for that
enterprise and the returned line says so. The actors are the demo users (created if missing),
so the timeline shows who did what.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from gdip.core.demo_registry import DEMO_ORGANISATIONS
from gdip.datacenter.engines import get_engine

__all__ = ["DEMO_MARK", "DEMO_PAIRS", "create_demo_finance"]

DEMO_MARK = "[demo]"
DEMO_PAIRS = (("enterprise1", "bank1"), ("enterprise2", "bank2"))
DEMO_TERM_MONTHS = 12
DEMO_APPRAISED = Decimal("5000000.00")  # per patent
DEMO_AMOUNT = Decimal("3000000.00")
MAX_CANDIDATES = 30


def _candidates(org: object, engine: object) -> list[str]:
    """Application numbers of up to two eligible valid invention patents of the enterprise."""
    from gdip.finance.eligibility import RightQuery, add_months, check_right
    from gdip.finance.queries import portfolio

    today = timezone.localdate()
    chosen: list[str] = []
    inventions = [r for r in portfolio(org, engine) if r.kind == "invention" and not r.co_owners]  # type: ignore[arg-type]
    for right in inventions[:MAX_CANDIDATES]:
        q = RightQuery(
            office=right.office,
            application_number=right.application_number,
            right_kind="invention",
            owner_uscc=org.uscc,  # type: ignore[attr-defined]
            owner_name=org.name,  # type: ignore[attr-defined]
            debt_end=add_months(today, DEMO_TERM_MONTHS),
        )
        if check_right(engine, q, today).eligible:  # type: ignore[arg-type]
            chosen.append(right.application_number)
        if len(chosen) == 2:
            break
    return chosen


def create_demo_finance() -> list[str]:
    """Ensure the demo applications exist; one printable line per enterprise."""
    from gdip.accounts.demo import create_demo_users
    from gdip.accounts.models import Organisation, User
    from gdip.finance import actions
    from gdip.finance.models import FinancingApplication

    by_key = {o.key: o for o in DEMO_ORGANISATIONS}
    if not all(User.objects.filter(username=k).exists() for pair in DEMO_PAIRS for k in pair):
        create_demo_users()
    engine = get_engine()
    lines = []
    for ent_key, bank_key in DEMO_PAIRS:
        org = Organisation.objects.get(uscc=by_key[ent_key].uscc)
        bank = Organisation.objects.get(uscc=by_key[bank_key].uscc)
        existing = FinancingApplication.objects.filter(enterprise=org, purpose__startswith=DEMO_MARK).first()
        if existing is not None:
            lines.append(f"{ent_key}: application #{existing.pk} exists ({existing.state})")
            continue
        numbers = _candidates(org, engine)
        if not numbers:
            lines.append(
                f"{ent_key}: no eligible patent in the lake (run `gdip demo data` first); nothing created"
            )
            continue
        user = User.objects.get(username=ent_key)
        app = actions.do_create_application(
            user,
            amount_requested=DEMO_AMOUNT,
            term_months=DEMO_TERM_MONTHS,
            purpose=f"{DEMO_MARK} 研发投入与产能扩充 / R&D and capacity expansion",
            rights=[
                actions.RightInput(application_number=n, appraised_value=DEMO_APPRAISED) for n in numbers
            ],
            engine=engine,
        )
        actions.do_share(user, app, [bank.pk])
        lines.append(f"{ent_key}: application #{app.pk} with {', '.join(numbers)} shared with {bank_key}")
    return lines
