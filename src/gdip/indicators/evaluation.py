"""Evaluation of a plan's indicators: progress, 时间过半任务过半, projection, status, city ranking.

For each indicator of a plan and a year:

- ``value``: the year's value; for period totals the cumulative total from the plan's first
  year to ``year`` (the "( )" figures);
- ``progress``: (value − baseline) / (target − baseline) for stocks, rates and annual flows;
  cumulative / target for period totals. Without a baseline in the plan, the computed value
  of the baseline year is used; without either, value / target;
- ``expected_progress``: the elapsed share of the plan period at the end of ``year``,
  (year − baseline_year) / period length, clipped to [0, 1] (时间过半、任务过半);
- ``projection`` to the target year: a least-squares linear trend over the yearly series
  (baseline year to ``year``, at least 2 points) or the compound annual growth rate from the
  first to the last point (both > 0). Rule: counts and amounts (growing stocks and flows) use
  CAGR, ratios, percentages and indices use the linear trend; CAGR falls back to linear when it
  is undefined. Period totals add the projected annual flows of the remaining years to the
  cumulative value. ``projection_method`` names the method used;
- ``status``: no_data when the value is unknown; achieved when the value meets the target
  (≥ for increasing indicators, whether the table prints "≥" or the bare number); on_track
  when progress ≥ expected_progress or the projection meets the target; behind otherwise.
  A city has no plan target for additive indicators (counts, amounts): status no_target.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pyarrow as pa

from gdip.indicators.plans import Plan, PlanIndicator
from gdip.indicators.registry import Context, IndicatorDef, get_indicator

__all__ = [
    "CityFigure",
    "EvaluationError",
    "IndicatorEvaluation",
    "ManualProvider",
    "cagr_projection",
    "check_plan_registry",
    "evaluate_indicator",
    "evaluate_plan",
    "expected_progress",
    "linear_projection",
    "rank_cities",
    "round_half_up",
]

# (indicator code, region code, year) -> value or None: where manual statistics come from.
ManualProvider = Callable[[str, str, int], float | None]
CAGR_TYPES = ("count", "amount")


class EvaluationError(ValueError):
    """The plan and the registry disagree, or the year is outside what can be evaluated."""


def round_half_up(value: float | None, decimals: int) -> float | None:
    """Round like the statistical bulletins (四舍五入: halves away from zero), not banker's rounding."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(q, rounding=ROUND_HALF_UP))


def linear_projection(series: dict[int, float], year: int) -> float | None:
    """Least-squares line through the (year, value) points, evaluated at ``year``; ≥ 2 points."""
    pts = sorted((y, v) for y, v in series.items() if v is not None)
    if len(pts) < 2:
        return None
    n = len(pts)
    mx = sum(y for y, _ in pts) / n
    my = sum(v for _, v in pts) / n
    sxx = sum((y - mx) ** 2 for y, _ in pts)
    sxy = sum((y - mx) * (v - my) for y, v in pts)
    slope = sxy / sxx
    return my + slope * (year - mx)


def cagr_projection(series: dict[int, float], year: int) -> float | None:
    """Grow the last point at the CAGR from the first to the last point; None if undefined."""
    pts = sorted((y, v) for y, v in series.items() if v is not None)
    if len(pts) < 2:
        return None
    (y0, v0), (y1, v1) = pts[0], pts[-1]
    if v0 <= 0 or v1 <= 0 or y1 == y0:
        return None
    rate = (v1 / v0) ** (1 / (y1 - y0)) - 1
    return v1 * (1 + rate) ** (year - y1)


def expected_progress(plan: Plan, year: int) -> float:
    """Elapsed share of the plan period at the end of ``year`` (0 at the baseline, 1 at the target)."""
    share = (year - plan.baseline_year) / plan.period_years
    return min(1.0, max(0.0, share))


def _method(value_type: str) -> str:
    return "cagr" if value_type in CAGR_TYPES else "linear"


def _project(series: dict[int, float], year: int, value_type: str) -> tuple[float | None, str | None]:
    linear = linear_projection(series, year)
    if _method(value_type) == "cagr":
        cagr = cagr_projection(series, year)
        if cagr is not None:
            return cagr, "cagr"
    return (linear, "linear") if linear is not None else (None, None)


def _meets(value: float, target: float, direction: str) -> bool:
    # A small tolerance so 20.000000001 vs 20 (float noise in ratios) is not "behind".
    eps = 1e-9 * max(1.0, abs(target))
    return value >= target - eps if direction == "increase" else value <= target + eps


@dataclass
class CityFigure:
    """One city's value of an indicator, its rank among the cities and its share of the province."""

    region_code: str
    value: float | None
    rank: int | None
    share: float | None


@dataclass
class IndicatorEvaluation:
    """The evaluation of one plan indicator for one region and year."""

    code: str
    row: int
    name_zh: str
    name_en: str
    unit: str
    unit_en: str
    region_code: str
    year: int
    measure: str
    source: str
    value: float | None
    baseline: float | None
    baseline_source: str | None  # plan | computed | None
    target: float | None
    comparison: str
    progress: float | None
    expected_progress: float
    projection: float | None
    projection_method: str | None
    projection_linear: float | None
    projection_cagr: float | None
    status: str
    series: dict[int, float | None] = field(default_factory=dict)
    cities: list[CityFigure] = field(default_factory=list)
    decimals: int = 1

    def to_json(self) -> dict[str, Any]:
        """The CLI/API shape: the plan's rounding for values, four decimals for shares."""
        d = self.decimals
        return {
            "code": self.code,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "unit": self.unit,
            "value": round_half_up(self.value, d),
            "baseline": self.baseline,
            "target": self.target,
            "progress": round_half_up(self.progress, 4),
            "expected_progress": round_half_up(self.expected_progress, 4),
            "projection": round_half_up(self.projection, d),
            "projection_method": self.projection_method,
            "status": self.status,
        }

    def as_dict(self) -> dict[str, Any]:
        """Every field, for reports."""
        return asdict(self)


def evaluate_indicator(
    ind: PlanIndicator,
    plan: Plan,
    year: int,
    series: dict[int, float | None],
    *,
    value_type: str,
    region_code: str | None = None,
    with_target: bool = True,
) -> IndicatorEvaluation:
    """Evaluate one indicator from its yearly series (values in the plan's unit).

    ``series`` maps years to the yearly value (stocks: year-end level; flows and period totals:
    the year's flow). ``with_target`` False evaluates without a target (a city's additive
    indicator): progress and status are then None and no_target.
    """
    region = region_code or plan.region_code
    exp = expected_progress(plan, year)
    known = {y: v for y, v in series.items() if v is not None and y <= year}
    baseline: float | None = ind.baseline if with_target and region == plan.region_code else None
    baseline_source: str | None = "plan" if baseline is not None else None
    target = ind.target if with_target else None
    proj_series: dict[int, float]
    if ind.measure == "period_total":
        flows = {y: v for y, v in known.items() if plan.period_start <= y <= year}
        value = sum(flows.values()) if year in known and flows else None
        if year < plan.period_start:
            value = 0.0 if year in known else None
        proj_series = {y: v for y, v in known.items() if y >= plan.baseline_year}
        lin = _period_projection(value, proj_series, year, plan.target_year, "linear")
        cagr = _period_projection(value, proj_series, year, plan.target_year, "cagr")
        projection, method = (
            (cagr, "cagr")
            if _method(value_type) == "cagr" and cagr is not None
            else ((lin, "linear") if lin is not None else (None, None))
        )
        progress = value / target if value is not None and target else None
    else:
        value = known.get(year)
        if baseline is None and plan.baseline_year in known and with_target:
            baseline, baseline_source = known[plan.baseline_year], "computed"
        proj_series = {y: v for y, v in known.items() if y >= plan.baseline_year}
        lin = linear_projection(proj_series, plan.target_year)
        cagr = cagr_projection(proj_series, plan.target_year)
        projection, method = _project(proj_series, plan.target_year, value_type)
        progress = None
        if value is not None and target is not None:
            if baseline is not None and target != baseline:
                progress = (value - baseline) / (target - baseline)
            elif target:
                progress = value / target
    if value is None:
        status = "no_data"
    elif target is None:
        status = "no_target"
    elif _meets(value, target, ind.direction):
        status = "achieved"
    elif (progress is not None and progress >= exp) or (
        projection is not None and _meets(projection, target, ind.direction)
    ):
        status = "on_track"
    else:
        status = "behind"
    return IndicatorEvaluation(
        code=ind.code,
        row=ind.row,
        name_zh=ind.name.zh,
        name_en=ind.name.en,
        unit=ind.unit.zh,
        unit_en=ind.unit.en,
        region_code=region,
        year=year,
        measure=ind.measure,
        source=ind.source,
        value=value,
        baseline=baseline,
        baseline_source=baseline_source,
        target=target,
        comparison=ind.comparison,
        progress=progress,
        expected_progress=exp,
        projection=projection,
        projection_method=method,
        projection_linear=lin,
        projection_cagr=cagr,
        status=status,
        series=dict(sorted(series.items())),
        decimals=ind.decimals,
    )


def _period_projection(
    cumulative: float | None, flows: dict[int, float], year: int, target_year: int, method: str
) -> float | None:
    if cumulative is None:
        return None
    remaining = range(year + 1, target_year + 1)
    total = cumulative
    for y in remaining:
        p = cagr_projection(flows, y) if method == "cagr" else linear_projection(flows, y)
        if p is None:
            return None
        total += max(0.0, p)  # a declining trend cannot register negative amounts
    return total


def rank_cities(
    values: dict[str, float | None],
    province_value: float | None,
    *,
    additive: bool,
    direction: str = "increase",
) -> list[CityFigure]:
    """Rank cities by value (1 = best; ties share a rank, 1-2-2-4) with each additive city's share."""
    known = [(c, v) for c, v in values.items() if v is not None]
    ordered = sorted(known, key=lambda cv: (-cv[1] if direction == "increase" else cv[1], cv[0]))
    out: list[CityFigure] = []
    prev: float | None = None
    rank = 0
    for i, (code, v) in enumerate(ordered, start=1):
        if prev is None or v != prev:
            rank = i
        prev = v
        share = v / province_value if additive and province_value else None
        out.append(CityFigure(code, v, rank, share))
    out.extend(CityFigure(c, None, None, None) for c, v in sorted(values.items()) if v is None)
    return out


def check_plan_registry(plan: Plan) -> None:
    """Every computed/module indicator of the plan names a registered computation of the right kind."""
    problems = []
    for ind in plan.indicators:
        if ind.computed is None:
            continue
        try:
            reg = get_indicator(ind.computed)
        except KeyError as exc:
            problems.append(f"indicators[{ind.code}].computed: {exc.args[0]}")
            continue
        if ind.measure == "period_total" and reg.measure != "flow":
            problems.append(
                f"indicators[{ind.code}]: a period total needs a flow, {reg.code} is a {reg.measure}"
            )
        if ind.source != reg.source:
            problems.append(f"indicators[{ind.code}].source: {ind.source} but {reg.code} is {reg.source}")
    if problems:
        raise EvaluationError(
            f"plan {plan.id} does not match the indicator registry:\n  " + "\n  ".join(problems)
        )


def _has_data(engine: Any, kinds: Sequence[str]) -> bool:
    return any(engine.lake.files(k) for k in kinds)


def _rows_to_series(table: pa.Table, scale: float) -> dict[str, dict[int, float | None]]:
    out: dict[str, dict[int, float | None]] = {}
    for r in table.to_pylist():
        v = r["value"]
        out.setdefault(r["region_code"], {})[int(r["year"])] = None if v is None else float(v) * scale
    return out


def evaluate_plan(
    plan: Plan,
    engine: Any,
    *,
    year: int,
    city: str | None = None,
    population_basis: str = "best",
    population: pa.Table | None = None,
    manual: ManualProvider | None = None,
    codes: Sequence[str] | None = None,
) -> list[IndicatorEvaluation]:
    """Evaluate every indicator of a plan (or those in ``codes``) at the end of ``year``.

    Computed indicators run on ``engine`` for the baseline year to ``year``; manual ones come
    from ``manual`` (no data without it); module-fed ones have no data until their module
    exists. ``city`` evaluates one city instead of the province: its own series, ranked among
    the cities, compared with the provincial target only for non-additive indicators.
    """
    if year < plan.baseline_year:
        raise EvaluationError(f"year {year} is before the plan's baseline year {plan.baseline_year}")
    check_plan_registry(plan)
    years = list(range(plan.baseline_year, year + 1))
    ctx = Context(
        years=years, province_code=plan.region_code, population=population, population_basis=population_basis
    )
    if city is not None and city not in (ctx.cities or []):
        raise EvaluationError(
            f"{city} is not a city of {plan.region_code}; expected one of {', '.join(ctx.cities or [])}"
        )
    region = city or plan.region_code
    cache: dict[str, pa.Table] = {}
    results: list[IndicatorEvaluation] = []
    for ind in plan.indicators:
        if codes is not None and ind.code not in codes:
            continue
        reg: IndicatorDef | None = get_indicator(ind.computed) if ind.computed else None
        value_type = reg.value_type if reg else ("percent" if ind.unit.zh == "%" else "index")
        additive = bool(reg and reg.additive)
        by_region: dict[str, dict[int, float | None]] = {}
        if reg is not None and reg.source == "computed" and _has_data(engine, reg.kinds):
            if reg.code not in cache:
                cache[reg.code] = reg.execute(engine, ctx)
            by_region = _rows_to_series(cache[reg.code], ind.scale)
        elif ind.source == "manual" and manual is not None:
            for r in ctx.regions:
                by_region[r] = {y: manual(ind.code, r, y) for y in years}
        series = by_region.get(region, {y: None for y in years})
        with_target = city is None or not additive
        ev = evaluate_indicator(
            ind, plan, year, series, value_type=value_type, region_code=region, with_target=with_target
        )
        city_values = {}
        for c in ctx.cities or []:
            s = by_region.get(c, {})
            if ind.measure == "period_total":
                flows = [v for y, v in s.items() if plan.period_start <= y <= year]
                city_values[c] = sum(v for v in flows if v is not None) if flows and year in s else None
            else:
                city_values[c] = s.get(year)
        prov = by_region.get(plan.region_code, {})
        if ind.measure == "period_total":
            pflows = [v for y, v in prov.items() if plan.period_start <= y <= year and v is not None]
            prov_value: float | None = sum(pflows) if year in prov else None
        else:
            prov_value = prov.get(year)
        ev.cities = rank_cities(city_values, prov_value, additive=additive, direction=ind.direction)
        results.append(ev)
    return results
