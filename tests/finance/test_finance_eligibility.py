"""The nine registration refusal grounds, each on its own patent of the small lake."""

from __future__ import annotations

from datetime import date

import pytest
from finance_lake import (
    CO_OWNED,
    DISPUTE,
    ENT1_NAME,
    ENT1_USCC,
    FEES,
    INVALIDATION,
    LAPSED,
    NOT_GRANTED,
    NOT_OWNER,
    OK1,
    PLEDGED,
    RELEASED,
    TERM,
    TODAY,
    TRANSFERRED,
    UNIVERSITY,
    UPHELD,
    build_lake,
)

from gdip.finance.eligibility import GROUNDS, RightQuery, add_months, check_right, legal_term_end


@pytest.fixture
def engine(lake):
    from gdip.datacenter.engines import get_engine

    return get_engine()


def _check(engine, number: str, *, kind: str = "invention", months: int = 12, consents=(), platform=()):
    q = RightQuery(
        "CN", number, kind, ENT1_USCC, ENT1_NAME, add_months(TODAY, months), tuple(consents), tuple(platform)
    )
    return check_right(engine, q, TODAY)


def _failed(result) -> set[str]:
    return set(result.failed_codes)


def test_every_ground_has_a_stable_code_and_two_messages():
    assert list(GROUNDS) == [
        "not_owner",
        "not_granted",
        "lapsed_or_invalidated",
        "fees_unpaid",
        "ownership_dispute",
        "term_exceeds_remaining",
        "co_owner_consent_missing",
        "already_pledged",
        "invalidation_pending",
    ]
    assert all(zh and en and zh != en for zh, en in GROUNDS.values())


def test_an_eligible_patent_passes_all_nine(engine):
    result = _check(engine, OK1)
    assert result.found and result.eligible
    assert [r.code for r in result.results] == list(GROUNDS)
    assert all(r.passed for r in result.results)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        (NOT_OWNER, "not_owner"),
        (TRANSFERRED, "not_owner"),
        (NOT_GRANTED, "not_granted"),
        (LAPSED, "lapsed_or_invalidated"),
        (FEES, "fees_unpaid"),
        (DISPUTE, "ownership_dispute"),
        (TERM, "term_exceeds_remaining"),
        (CO_OWNED, "co_owner_consent_missing"),
        (PLEDGED, "already_pledged"),
        (INVALIDATION, "invalidation_pending"),
    ],
)
def test_each_ground_fails_alone_with_its_code(engine, number, code):
    result = _check(engine, number)
    assert _failed(result) == {code}, [(r.code, r.detail_en) for r in result.results if not r.passed]
    failed = next(r for r in result.results if r.code == code)
    assert failed.detail_zh.startswith(GROUNDS[code][0]) and failed.detail_en.startswith(GROUNDS[code][1])


def test_grounds_that_were_cured_pass(engine):
    assert _check(engine, RELEASED).eligible  # pledge released
    assert _check(engine, UPHELD).eligible  # invalidation decided, patent upheld
    assert _check(engine, CO_OWNED, consents=[UNIVERSITY]).eligible  # every co-owner consented


def test_term_depends_on_the_debt_term(engine):
    assert "term_exceeds_remaining" not in _failed(_check(engine, TERM, months=1))
    data = next(r for r in _check(engine, TERM).results if r.code == "term_exceeds_remaining").data
    assert data["debt_end"] > data["term_end"]


def test_a_platform_pledge_counts_as_already_pledged(engine):
    result = _check(engine, OK1, platform=["GDIP-REG-1"])
    assert _failed(result) == {"already_pledged"}
    assert next(r for r in result.results if r.code == "already_pledged").data["registrations"] == [
        "GDIP-REG-1"
    ]


def test_a_right_missing_from_the_lake_fails_every_ground(engine):
    result = _check(engine, "201910000099.1")
    assert not result.found and _failed(result) == set(GROUNDS)


def test_lapse_followed_by_restoration_is_cured(gdip_home, tmp_path):
    from gdip.datacenter.engines import get_engine, reset_engines

    build_lake(
        tmp_path / "src",
        extra_events=[
            {"application_number": FEES, "event_type": "lapse", "event_date": "2020-01-01"},
            {"application_number": FEES, "event_type": "restoration", "event_date": "2020-03-01"},
        ],
    )
    reset_engines()
    result = _check(get_engine(), FEES)
    assert "lapsed_or_invalidated" not in _failed(result)


def test_legal_terms():
    assert legal_term_end("invention", date(2019, 3, 15)) == date(2039, 3, 14)
    assert legal_term_end("utility", date(2019, 3, 15)) == date(2029, 3, 14)
    assert legal_term_end("design", date(2021, 5, 31)) == date(2031, 5, 30)
    assert legal_term_end("design", date(2021, 6, 1)) == date(2036, 5, 31)
    assert legal_term_end("trademark", None, date(2030, 1, 1)) == date(2030, 1, 1)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
