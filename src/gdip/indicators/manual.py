"""The ``manual`` provider of ``evaluate_plan``: approved manual values, with their provenance.

``provider = manual_provider("gd-14th")`` loads every approved value of the plan once (one
query) and answers ``provider(code, region_code, year) -> float | None`` for the evaluation; a
superseded, rejected, submitted or draft value never counts. ``provider.provenance(code,
region, year)`` tells where the figure came from (citation, document, who entered and who
approved it, and which value it corrected), for the dashboards and reports.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

__all__ = ["ManualProvider", "Provenance", "manual_provider"]


@dataclass(frozen=True)
class Provenance:
    """Where an approved manual figure comes from."""

    value_id: int
    code: str
    region_code: str
    year: int
    value: float
    unit: str
    source_citation: str
    source_file_name: str
    source_file_sha256: str
    entered_by: str
    entered_at: datetime
    approved_by: str
    approved_at: datetime | None
    supersedes_id: int | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly (datetimes as ISO strings)."""
        d = asdict(self)
        for k in ("entered_at", "approved_at"):
            d[k] = d[k].isoformat() if d[k] is not None else None
        return d


class ManualProvider:
    """Approved manual values of one plan, keyed by (code, region, year)."""

    def __init__(self, plan_id: str, rows: list[Provenance]):
        self.plan_id = plan_id
        self._rows = {(p.code, p.region_code, p.year): p for p in rows}

    def __call__(self, code: str, region_code: str, year: int) -> float | None:
        p = self._rows.get((code, region_code, int(year)))
        return p.value if p is not None else None

    def provenance(self, code: str, region_code: str, year: int) -> Provenance | None:
        """The approved value's provenance, or None."""
        return self._rows.get((code, region_code, int(year)))

    def all(self) -> list[Provenance]:
        """Every approved value, ordered by code, region and year."""
        return [self._rows[k] for k in sorted(self._rows)]

    def stamp(self) -> tuple[int, int]:
        """(count, highest id) of the approved values: changes whenever an approval changes them."""
        return len(self._rows), max((p.value_id for p in self._rows.values()), default=0)


def manual_provider(plan_id: str) -> ManualProvider:
    """The provider of a plan's approved manual values (read now; build a new one to refresh)."""
    from gdip.indicators.models import ManualIndicatorValue, ManualStatus

    qs = (
        ManualIndicatorValue.objects.filter(plan_id=plan_id, status=ManualStatus.APPROVED)
        .select_related("entered_by", "approved_by")
        .order_by("approved_at", "id")
    )
    rows = [
        Provenance(
            value_id=m.pk,
            code=m.code,
            region_code=m.region_code,
            year=int(m.year),
            value=float(m.value),
            unit=m.unit,
            source_citation=m.source_citation,
            source_file_name=m.source_file_name,
            source_file_sha256=m.source_file_sha256,
            entered_by=m.entered_by.get_username(),
            entered_at=m.entered_at,
            approved_by=m.approved_by.get_username() if m.approved_by else "",
            approved_at=m.approved_at,
            supersedes_id=m.supersedes_id,
        )
        for m in qs
    ]
    return ManualProvider(plan_id, rows)
