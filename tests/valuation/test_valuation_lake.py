"""OECD indicators and the value degree on the tiny lake, exactly; one patent and a portfolio."""

from __future__ import annotations

from datetime import date

import pytest
from valuation_lake import ENTITY, P1, P2, P3, P4, P5, P6

from gdip.valuation.indicators import oecd_indicators
from gdip.valuation.portfolio import value_portfolio
from gdip.valuation.service import SubjectNotFound, valuate_patent
from gdip.valuation.value_degree import value_degree

AS_OF = date(2025, 12, 31)


def _rows(table):
    return {r["application_number"]: r for r in table.to_pylist()}


def test_oecd_indicators_exactly(engine):
    t = _rows(oecd_indicators(engine, as_of=AS_OF).to_pyarrow())
    # Forward citations within 5 years of publication: P2 and P3 cite P1 in time, P4 (2022) too late.
    assert {k: t[k]["forward_citations"] for k in t} == {P1: 2, P2: 1, P3: 0, P4: 0, P5: 0, P6: 0}
    assert t[P1]["backward_citations"] == 0 and t[P3]["backward_citations"] == 2
    # Family: CN + US + EP (WO is not protection).
    assert t[P1]["family_size"] == 3 and t[P2]["family_size"] == 1
    assert t[P1]["claims"] == 12
    assert t[P1]["scope"] == 2 and t[P3]["scope"] == 2 and t[P2]["scope"] == 1
    # Generality of P1 over its citers P2 {H01M}, P3 {G06F, H04L}, P4 {A47G} (fractional counts):
    # shares 1/3, 1/6, 1/6, 1/3.
    assert t[P1]["generality"] == pytest.approx(1 - (1 / 9 + 1 / 36 + 1 / 36 + 1 / 9))
    assert t[P2]["generality"] == pytest.approx(1 - (0.25 + 0.25))
    assert t[P3]["generality"] is None  # nobody cites P3
    # Originality of P3 over cited P1 {H01M, G06F} and P2 {H01M}: shares 0.75, 0.25.
    assert t[P3]["originality"] == pytest.approx(1 - (0.75**2 + 0.25**2))
    assert t[P2]["originality"] == pytest.approx(0.5) and t[P4]["originality"] == pytest.approx(0.5)
    assert t[P1]["originality"] is None
    # Renewal: full years in force; P2 lapsed 2022-05-10 after exactly 5 years.
    assert t[P1]["renewal_years"] == 10 and t[P2]["renewal_years"] == 5 and t[P3]["renewal_years"] == 6
    assert t[P4]["renewal_years"] is None  # not granted
    assert t[P1]["grant_lag_days"] == (date(2018, 6, 30) - date(2015, 3, 15)).days
    # Cohort H01M × 2015 = {P1, P6}: P1 ranks top on citations and family, P6 bottom.
    assert t[P1]["forward_citations_pct"] == 1.0 and t[P6]["forward_citations_pct"] == 0.0
    assert t[P1]["family_size_pct"] == 1.0 and t[P1]["grant_lag_days_pct"] == 1.0
    # Nulls are not ranked: P3's generality rank stays null.
    assert t[P3]["generality_pct"] is None


def test_value_degree_sub_scores_exactly(engine):
    _features, scores = value_degree(engine, as_of=AS_OF)
    s = _rows(scores)[P1]
    remaining = (date(2035, 3, 15) - AS_OF).days / 365.25
    expected = {
        "legal.validity": 10.0,  # in force, upheld in invalidation
        "legal.remaining_term": 0.5 * remaining,
        "legal.claims": 10.0,  # 12 claims, capped
        "legal.family_coverage": 9.0,  # US 5 + EP 4
        "legal.right_kind": 10.0,
        "technical.forward_citations": 10.0,  # top of its cohort
        "technical.originality": 0.0,  # no resolved backward citation
        "technical.generality": 10 * (1 - 10 / 36),
        "technical.scope": 7.0,  # 3.5 × 2 subclasses
        "technical.award": 9.0,  # 中国专利银奖
        "economic.transactions": 4.0,  # one licence
        "economic.financing": 10.0,  # 3000万 ≥ 1000万
        "economic.litigation": 8.0,  # settled
        "economic.policy": 10.0,  # strategic emerging industry
        "economic.maintenance": 10.0,  # 10 years
    }
    for k, v in expected.items():
        assert s[k] == pytest.approx(v), k
    legal = 0.3 * 10 + 0.25 * 0.5 * remaining + 0.2 * 10 + 0.15 * 9 + 0.1 * 10
    technical = 0.3 * 10 + 0.15 * 0 + 0.15 * 10 * (1 - 10 / 36) + 0.2 * 7 + 0.2 * 9
    economic = 0.25 * 4 + 0.25 * 10 + 0.1 * 8 + 0.2 * 10 + 0.2 * 10
    assert s["legal"] == pytest.approx(legal)
    assert s["technical"] == pytest.approx(technical)
    assert s["economic"] == pytest.approx(economic)
    assert s["pvd"] == pytest.approx(10 * (0.4 * legal + 0.3 * technical + 0.3 * economic))
    rows = _rows(scores)
    assert rows[P2]["legal.validity"] == 0.0  # lapsed
    assert rows[P3]["legal.validity"] == 5.0  # invalidation request pending
    assert rows[P4]["legal.validity"] == 4.0  # pending application
    assert rows[P5]["economic.financing"] == pytest.approx(5 + 5 * 0.3)  # 300万 of 1000万
    assert rows[P5]["legal.right_kind"] == 6.0


def test_one_patent_end_to_end(engine):
    v = valuate_patent(engine, "CN", P1, as_of=AS_OF, revenue=[2e7, 2.2e7])
    assert v.subject.sei_codes == ["01", "05", "06"] and v.subject.high_tech
    inc = v.results["income"].inputs
    # Technology range 2–10% (industry 01 has the highest median), positioned by PVD.
    assert inc.share_rate == pytest.approx(0.02 + 0.08 * v.degree.pvd / 100)
    assert inc.life_years == 8  # economic life of industries 01/05 < remaining legal term 9.2
    assert inc.tax_rate == 0.15 and inc.decay_rate == 0.15
    mk = v.results["market"]
    assert {c.application_number for c in mk.comparables} == {P5, P6}  # P1's own licence/pledge excluded
    assert not mk.sufficient  # 2 < 3 comparables: income only, cost as floor
    c = v.conclusion
    assert c.weights == {"income": 1.0}
    assert c.value == pytest.approx(max(v.results["income"].value, v.results["cost"].value))
    assert c.low <= c.value <= c.high
    sub = {x.code: x for x in v.degree.sub_scores}
    assert (
        "30,000,000.00 元" in sub["financing"].explanation_zh and "pledge" in sub["financing"].explanation_en
    )


def test_ended_right_is_worth_nothing_and_unknown_patent_fails(engine):
    v = valuate_patent(engine, "CN", P2, as_of=AS_OF, revenue=[1e7])
    assert v.conclusion.value == 0.0 and v.warnings
    with pytest.raises(SubjectNotFound):
        valuate_patent(engine, "CN", "209900000000.1", as_of=AS_OF)


def test_portfolio_allocates_revenue_once(engine):
    r = value_portfolio(engine, ENTITY, as_of=AS_OF, revenue=[5e7])
    rows = {x.application_number: x for x in r.rows}
    assert set(rows) == {P1, P2, P3, P4, P5, P6}
    alive = [x for x in r.rows if x.life_years > 0]
    assert sum(x.revenue_share for x in alive) == pytest.approx(5e7)  # no double counting
    assert rows[P2].value == 0.0 and rows[P2].revenue_share == 0.0
    assert r.sum_values == pytest.approx(sum(x.value for x in r.rows))
    by_class: dict[str, float] = {}
    for x in r.rows:
        by_class[x.ipc_subclass] = by_class.get(x.ipc_subclass, 0.0) + x.value
    hhi = sum((v / r.sum_values) ** 2 for v in by_class.values())
    assert r.hhi == pytest.approx(hhi)
    assert r.value == pytest.approx(r.sum_values * (1 - 0.1 * hhi))
    # The vectorised portfolio income equals the single-patent income with the same revenue share.
    one = valuate_patent(engine, "CN", P3, as_of=AS_OF, revenue=[rows[P3].revenue_share], methods=("income",))
    assert rows[P3].income == pytest.approx(one.results["income"].value, rel=1e-9)
