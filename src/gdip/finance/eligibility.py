"""Pledge eligibility: the CNIPA registration refusal grounds, computed from the lake.

专利权质押登记办法 lists the grounds on which a pledge is not registered (reference note
pledge-financing-and-valuation.md §1.3); the bank's online query (§3.2) checks each of them per
right before it decides. Each ground has a stable code, a Chinese and an English message and
the evidence it was decided on; a right is eligible when every ground passes.

==========================  ======================================================================
code                        fails when
==========================  ======================================================================
not_owner                   the enterprise (entity ``U:<USCC>``) is not the current holder: not
                            among the applicants, or the latest recorded transfer went elsewhere
not_granted                 the patent is not granted / the mark not registered (pending,
                            withdrawn, rejected)
lapsed_or_invalidated       status lapsed / expired / invalidated, or a lapse or expiry event, or an
                            invalidation decision "invalidated" (a lapse followed by a
                            ``restoration`` event no longer counts)
fees_unpaid                 (patents) the annual fees are not paid for the current patent year:
                            the latest ``fee_payment`` ("缴纳第N年度年费" → paid until filing + N
                            years; otherwise until the anniversary after the payment + 1 year;
                            no payment recorded → paid until the first anniversary after grant)
ownership_dispute           a ``litigation`` event about ownership or a court preservation order
                            (outcome ``ownership_dispute`` / ``preservation``, or 权属 / 保全 in the
                            description) not followed by one that ends it (outcome
                            ``ownership_resolved`` / ``preservation_lifted`` / ``resolved``, or 解除)
term_exceeds_remaining      the debt's end (today + term) is after the end of the legal term: filing
                            + 20 years (invention), 10 (utility), 10 or 15 (design filed before /
                            from 2021-06-01); a trademark's ``expiry_date``
co_owner_consent_missing    more than one holder and a co-owner's written consent is not recorded on
                            the pledged right (``co_owner_consents`` lists their names)
already_pledged             a ``pledge`` event without a later ``pledge_release`` of the same
                            registration number, or an active pledge registration in the platform
invalidation_pending        an ``invalidation_request`` without a later ``invalidation_decision``
==========================  ======================================================================

A right the lake does not hold fails every ground with ``record_not_found`` evidence. All reads
go through the engine layer (Ibis over the lake), so the same code runs on DuckDB and Spark.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import ibis

from gdip.datacenter.engines import Engine

__all__ = [
    "GROUNDS",
    "GroundResult",
    "RightEligibility",
    "RightQuery",
    "add_months",
    "check_right",
    "lake_commit",
    "legal_term_end",
]

# code → (Chinese, English): the refusal grounds, in the order of the registration rules.
GROUNDS: dict[str, tuple[str, str]] = {
    "not_owner": ("出质人不是登记的权利人", "The pledgor is not the registered owner"),
    "not_granted": ("专利尚未授权（商标尚未注册）", "The patent is not granted (the mark is not registered)"),
    "lapsed_or_invalidated": (
        "权利已终止、期满或被宣告无效",
        "The right has lapsed, expired or been invalidated",
    ),
    "fees_unpaid": ("年费未按期缴纳", "Annual fees are unpaid"),
    "ownership_dispute": (
        "存在权属纠纷或已被采取保全措施",
        "An ownership dispute is pending or a court preservation order applies",
    ),
    "term_exceeds_remaining": (
        "债务履行期限超过权利剩余有效期",
        "The debt term extends beyond the right's remaining term",
    ),
    "co_owner_consent_missing": (
        "共有权利未经全体共有人同意",
        "A co-owned right without the consent of every co-owner",
    ),
    "already_pledged": ("权利已被质押登记（不得重复质押）", "The right is already under a registered pledge"),
    "invalidation_pending": ("无效宣告程序尚未审结", "An invalidation procedure is pending"),
}

PATENT_TERMS = {"invention": 20, "utility": 10}
DESIGN_15_YEARS_FROM = date(2021, 6, 1)  # Patent Law 2020 amendment, in force 2021-06-01
DISPUTE_OUTCOMES = frozenset({"ownership_dispute", "preservation"})
DISPUTE_ENDS = frozenset({"ownership_resolved", "preservation_lifted", "resolved"})
_FEE_YEAR = re.compile(r"第\s*(\d+)\s*年")


@dataclass(frozen=True)
class GroundResult:
    """One refusal ground checked for one right."""

    code: str
    passed: bool
    detail_zh: str
    detail_en: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RightQuery:
    """What is checked: a right, the pledgor, the debt's end and the consents on record."""

    office: str
    application_number: str
    right_kind: str  # invention / utility / design / trademark
    owner_uscc: str
    owner_name: str
    debt_end: date
    consents: tuple[str, ...] = ()
    pledged_in_platform: tuple[str, ...] = ()  # registration numbers of active platform pledges


@dataclass
class RightEligibility:
    """Every ground's result for one right."""

    office: str
    application_number: str
    right_kind: str
    found: bool
    title: str | None
    holders: list[dict[str, Any]]
    results: list[GroundResult]

    @property
    def eligible(self) -> bool:
        """True when every ground passed."""
        return all(r.passed for r in self.results)

    @property
    def failed_codes(self) -> list[str]:
        """Codes of the grounds that failed."""
        return [r.code for r in self.results if not r.passed]


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, clipped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def legal_term_end(kind: str, filing: date | None, expiry: date | None = None) -> date | None:
    """The last day of protection: filing + 20/10/10-or-15 years for patents; a mark's expiry date."""
    if kind == "trademark":
        return expiry
    if filing is None:
        return None
    years = PATENT_TERMS.get(kind) or (15 if filing >= DESIGN_15_YEARS_FROM else 10)
    return _add_years(filing, years) - timedelta(days=1)


def lake_commit(engine: Engine) -> int:
    """The lake's last commit sequence number (recorded with each check)."""
    return int(engine.lake.manifest().get("seq", 0))


def _norm(name: str | None) -> str:
    return "".join((name or "").split()).replace("（", "(").replace("）", ")")


def _msg(code: str) -> tuple[str, str]:
    return GROUNDS[code]


def _ok(code: str, zh: str = "通过", en: str = "passed", **data: Any) -> GroundResult:
    return GroundResult(code, True, zh, en, data)


def _fail(code: str, zh: str = "", en: str = "", **data: Any) -> GroundResult:
    base_zh, base_en = _msg(code)
    return GroundResult(
        code, False, f"{base_zh}：{zh}" if zh else base_zh, f"{base_en}: {en}" if en else base_en, data
    )


def _rows(expr: Any) -> list[dict[str, Any]]:
    return list(expr.to_pyarrow().to_pylist())


def _fetch(engine: Engine, q: RightQuery) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    kind = "trademarks" if q.right_kind == "trademark" else "patents"
    t = engine.table(kind)
    found = _rows(t.filter((t.office == q.office) & (t.application_number == q.application_number)).limit(1))
    ev = engine.table("legal-events")
    right_kind = "trademark" if q.right_kind == "trademark" else "patent"
    events = ev.filter(
        (ev.office == q.office)
        & (ev.application_number == q.application_number)
        & (ev.right_kind == right_kind)
    )
    cols = (
        "event_type",
        "event_date",
        "from_party",
        "to_party",
        "registration_number",
        "outcome",
        "description",
    )
    ordered = events.select(*cols).order_by([ibis.asc("event_date"), "event_type"])
    return (found[0] if found else None), _rows(ordered)


def _last(events: list[dict[str, Any]], *types: str) -> dict[str, Any] | None:
    chosen = [e for e in events if e["event_type"] in types and e["event_date"] is not None]
    return chosen[-1] if chosen else None


def _after(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    """True when event `a` exists and is not earlier than `b` (or b is absent)."""
    if a is None:
        return False
    return b is None or a["event_date"] >= b["event_date"]


def _holders(record: dict[str, Any], events: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], bool]:
    """The current holders and whether a transfer decided them."""
    transfer = _last(events, "transfer")
    if transfer is not None and transfer.get("to_party"):
        return [{"name": transfer["to_party"], "entity_id": None, "uscc": None}], True
    parties = record.get("applicants") or []
    return [
        {"name": p.get("name"), "entity_id": p.get("entity_id"), "uscc": p.get("uscc")} for p in parties
    ], False


def _is_owner(holder: dict[str, Any], q: RightQuery) -> bool:
    uscc = q.owner_uscc.upper()
    if uscc and (holder.get("entity_id") == "U:" + uscc or (holder.get("uscc") or "").upper() == uscc):
        return True
    return bool(q.owner_name) and _norm(holder.get("name")) == _norm(q.owner_name)


def _fees(record: dict[str, Any], events: list[dict[str, Any]], today: date) -> GroundResult:
    code = "fees_unpaid"
    filing, grant = record.get("filing_date"), record.get("grant_date")
    if grant is None or filing is None:
        return _ok(code, "不适用（未授权）", "not applicable (not granted)")
    payment = _last(events, "fee_payment")
    if payment is None:
        # The grant year's fee is paid with the registration fee (办登手续).
        paid_until = _next_anniversary(filing, grant)
        basis = "grant"
    else:
        match = _FEE_YEAR.search(payment.get("description") or "")
        if match:
            paid_until = _add_years(filing, int(match.group(1)))
            basis = f"fee year {match.group(1)}"
        else:
            paid_until = _add_years(_next_anniversary(filing, payment["event_date"]), 1)
            basis = "payment date"
    data = {"paid_until": paid_until.isoformat(), "basis": basis}
    if today >= paid_until:
        return _fail(code, f"年费缴至 {paid_until}", f"fees paid until {paid_until}", **data)
    return _ok(code, f"年费缴至 {paid_until}", f"fees paid until {paid_until}", **data)


def _next_anniversary(filing: date, day: date) -> date:
    """The first anniversary of `filing` after `day`."""
    years = day.year - filing.year
    candidate = _add_years(filing, max(years, 0))
    while candidate <= day:
        years += 1
        candidate = _add_years(filing, years)
    return candidate


def _is_dispute(e: dict[str, Any]) -> bool:
    text = e.get("description") or ""
    return (e.get("outcome") in DISPUTE_OUTCOMES) or (
        ("权属" in text or "保全" in text) and "解除" not in text
    )


def _ends_dispute(e: dict[str, Any]) -> bool:
    return (e.get("outcome") in DISPUTE_ENDS) or ("解除" in (e.get("description") or ""))


def _open_pledges(events: list[dict[str, Any]]) -> list[str]:
    """Registration numbers (or dates) of pledges without a later release."""
    open_: dict[str, date] = {}
    for e in events:
        key = e.get("registration_number") or ""
        if e["event_type"] == "pledge":
            open_[key or f"@{e['event_date']}"] = e["event_date"]
        elif e["event_type"] == "pledge_release":
            if key and key in open_:
                del open_[key]
            elif not key and open_:
                # An unnumbered release ends the latest earlier pledge.
                earlier = [k for k, d in open_.items() if d <= e["event_date"]]
                if earlier:
                    del open_[max(earlier, key=lambda k: open_[k])]
    return sorted(open_)


def check_right(engine: Engine, q: RightQuery, today: date | None = None) -> RightEligibility:
    """Check the nine refusal grounds for one right; `today` defaults to the current date."""
    today = today or date.today()
    record, events = _fetch(engine, q)
    if record is None:
        missing = [
            _fail(code, "数据中心无此记录", "no such record in the data center", record_not_found=True)
            for code in GROUNDS
        ]
        return RightEligibility(q.office, q.application_number, q.right_kind, False, None, [], missing)
    is_mark = q.right_kind == "trademark"
    status = record.get("status") or ""
    holders, by_transfer = _holders(record, events)
    results: list[GroundResult] = []

    # 1 not the registered owner
    names = [h["name"] for h in holders]
    if any(_is_owner(h, q) for h in holders):
        results.append(_ok("not_owner", holders=names, by_transfer=by_transfer))
    else:
        results.append(
            _fail(
                "not_owner",
                "权利人为 " + "；".join(map(str, names)),
                "holders: " + "; ".join(map(str, names)),
                holders=names,
                by_transfer=by_transfer,
            )
        )

    # 2 not granted / registered
    granted_on = record.get("registration_date") if is_mark else record.get("grant_date")
    if status in ("pending", "withdrawn", "rejected") or granted_on is None:
        results.append(_fail("not_granted", f"状态 {status}", f"status {status}", status=status))
    else:
        results.append(
            _ok(
                "not_granted",
                f"授权/注册日 {granted_on}",
                f"granted/registered {granted_on}",
                granted_on=str(granted_on),
            )
        )

    # 3 lapsed, expired or invalidated
    lapse = _last(events, "lapse", "expiry")
    restoration = _last(events, "restoration", "renewal")
    invalidated = [
        e for e in events if e["event_type"] == "invalidation_decision" and e.get("outcome") == "invalidated"
    ]
    reasons = []
    if status in ("lapsed", "expired", "invalidated"):
        reasons.append(f"status {status}")
    if lapse is not None and (restoration is None or restoration["event_date"] < lapse["event_date"]):
        reasons.append(f"{lapse['event_type']} {lapse['event_date']}")
    if invalidated:
        reasons.append(f"invalidated {invalidated[-1]['event_date']}")
    if reasons:
        results.append(
            _fail("lapsed_or_invalidated", "，".join(reasons), "; ".join(reasons), evidence=reasons)
        )
    else:
        results.append(_ok("lapsed_or_invalidated", f"状态 {status}", f"status {status}"))

    # 4 annual fees
    if is_mark:
        results.append(
            _ok("fees_unpaid", "不适用（商标无年费）", "not applicable (no annual fees for marks)")
        )
    else:
        results.append(_fees(record, events, today))

    # 5 ownership dispute or preservation
    disputes = [e for e in events if e["event_type"] == "litigation" and _is_dispute(e)]
    ends = [e for e in events if e["event_type"] == "litigation" and _ends_dispute(e)]
    open_dispute = disputes and not (ends and ends[-1]["event_date"] >= disputes[-1]["event_date"])
    if open_dispute:
        d = disputes[-1]
        results.append(
            _fail(
                "ownership_dispute",
                f"{d['event_date']} {d.get('description') or d.get('outcome')}",
                f"{d['event_date']} {d.get('outcome') or d.get('description')}",
                since=str(d["event_date"]),
            )
        )
    else:
        results.append(_ok("ownership_dispute"))

    # 6 debt term vs remaining legal term
    term_end = legal_term_end(q.right_kind, record.get("filing_date"), record.get("expiry_date"))
    if term_end is None:
        results.append(_fail("term_exceeds_remaining", "无法确定保护期", "term end unknown"))
    elif q.debt_end > term_end:
        results.append(
            _fail(
                "term_exceeds_remaining",
                f"债务至 {q.debt_end}，保护期至 {term_end}",
                f"debt ends {q.debt_end}, protection ends {term_end}",
                debt_end=q.debt_end.isoformat(),
                term_end=term_end.isoformat(),
            )
        )
    else:
        results.append(
            _ok(
                "term_exceeds_remaining",
                f"保护期至 {term_end}",
                f"protection until {term_end}",
                debt_end=q.debt_end.isoformat(),
                term_end=term_end.isoformat(),
            )
        )

    # 7 co-owners' consent
    co_owners = [h["name"] for h in holders if not _is_owner(h, q)]
    consented = {_norm(c) for c in q.consents}
    missing = [n for n in co_owners if _norm(n) not in consented]
    if len(holders) > 1 and missing:
        results.append(
            _fail(
                "co_owner_consent_missing",
                "未同意：" + "；".join(map(str, missing)),
                "no consent from: " + "; ".join(map(str, missing)),
                missing=missing,
            )
        )
    else:
        results.append(_ok("co_owner_consent_missing", co_owners=co_owners))

    # 8 already pledged
    open_pledges = _open_pledges(events)
    if open_pledges or q.pledged_in_platform:
        found = [*open_pledges, *q.pledged_in_platform]
        results.append(
            _fail(
                "already_pledged",
                "质押登记 " + "，".join(found),
                "registrations " + ", ".join(found),
                registrations=found,
            )
        )
    else:
        results.append(_ok("already_pledged"))

    # 9 invalidation pending
    request = _last(events, "invalidation_request")
    decision = _last(events, "invalidation_decision")
    if request is not None and not _after(decision, request):
        results.append(
            _fail(
                "invalidation_pending",
                f"{request['event_date']} 提出无效宣告请求",
                f"request of {request['event_date']}",
                since=str(request["event_date"]),
            )
        )
    else:
        results.append(_ok("invalidation_pending"))

    return RightEligibility(
        q.office,
        q.application_number,
        q.right_kind,
        True,
        record.get("title") or record.get("mark_text"),
        [{"name": h["name"], "entity_id": h.get("entity_id")} for h in holders],
        results,
    )
