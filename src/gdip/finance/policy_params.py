"""Financing policy parameters: LTV caps per IP type and the bounds of approval conditions.

LTV caps (质押率上限, loan ÷ appraised collateral value). There is no national rule; the
reference note (pledge-financing-and-valuation.md §1.5 and §5.3) reports an observed range of
10–60 %, a Bank of Communications product with invention ≤ 25 %, utility model ≤ 15 % and
trademark ≤ 50 %, practitioners' 40–60 % for strong invention portfolios, and proposes
invention 25–50 %, utility 15–30 %, trademark ≤ 50 % for the generator. The defaults take the
top of each documented range: invention 50 %, utility model 30 %, trademark 50 %. Design
patents are "generally not accepted" by banks (§1.5); they get the utility-model cap (30 %)
rather than 0 so that a bank may still take one as additional collateral. A province or city
overrides them with ``GDIP_FINANCE_LTV_CAPS`` in the settings (a dict kind → Decimal string).

The cap of an application mixing kinds is the collateral-weighted average of its rights' caps
when every right has an appraised value, otherwise the lowest cap among its kinds.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings

__all__ = ["DEFAULT_LTV_CAPS", "MAX_RATE", "MAX_TERM_MONTHS", "application_ltv_cap", "ltv_caps"]

DEFAULT_LTV_CAPS: dict[str, Decimal] = {
    "invention": Decimal("0.50"),
    "utility": Decimal("0.30"),
    "design": Decimal("0.30"),
    "trademark": Decimal("0.50"),
}
# Annual rate bound: 24 % is far above any IP-pledge loan (LPR + 0.5–2 pp, §1.5); it only
# catches typing errors such as 4.35 for 0.0435.
MAX_RATE = Decimal("0.24")
MAX_TERM_MONTHS = 120


def ltv_caps() -> dict[str, Decimal]:
    """The LTV cap of each right kind (defaults overridden by GDIP_FINANCE_LTV_CAPS)."""
    caps = dict(DEFAULT_LTV_CAPS)
    for kind, value in (getattr(settings, "GDIP_FINANCE_LTV_CAPS", None) or {}).items():
        caps[kind] = Decimal(str(value))
    return caps


def application_ltv_cap(rights: Iterable[tuple[str, Decimal | None]]) -> Decimal:
    """The cap for a set of (kind, appraised value) rights: value-weighted, else the lowest."""
    caps = ltv_caps()
    items = list(rights)
    if not items:
        return Decimal("0")
    if all(v is not None and v > 0 for _k, v in items):
        total = sum((v for _k, v in items if v is not None), Decimal("0"))
        weighted = sum((caps.get(k, Decimal("0")) * v for k, v in items if v is not None), Decimal("0"))
        return (weighted / total).quantize(Decimal("0.0001"))
    return min(caps.get(k, Decimal("0")) for k, _v in items)
