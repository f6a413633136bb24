"""Monitoring data for dashboards, the API and the reports; the annual and mid-term reports.

One data builder, ``build_report_data(plan, year=…, kind="annual"|"midterm")``, evaluates every
indicator of the plan for the province and for each city (computations run once for all
regions), adds the city ranking and contributions, the high-value patents by condition, the
manual indicators with their provenance and the data notes, and returns a JSON-serialisable
dict. The dashboards and the API read it (live for administrators, through a small in-process
cache keyed by the lake commit and the approved manual values), a publication freezes it
(``Publication.data``), and the report renderers turn it into

* HTML (``render_html``): one self-contained page (embedded CSS, inline SVG charts generated
  here, no JavaScript);
* PDF (``render_pdf``): the same HTML through WeasyPrint with the CJK font installed by the
  project (``WenQuanYi Micro Hei``);
* Excel (``render_xlsx``): one sheet per section, values only (no formulas: every text cell is
  written as a string), Chinese headers.

Report wording is fixed here in Chinese and English (``LABELS``): a report is a formal document,
generated from the CLI as well as the web, in the language asked for (Chinese by default).
"""

from __future__ import annotations

import hashlib
import html
import io
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from gdip.indicators.evaluation import (
    IndicatorEvaluation,
    check_plan_registry,
    evaluate_indicator,
    rank_cities,
    round_half_up,
)
from gdip.indicators.plans import Plan
from gdip.indicators.registry import Context, get_indicator

__all__ = [
    "CONDITIONS",
    "FORMATS",
    "KINDS",
    "LABELS",
    "ReportFile",
    "build_report_data",
    "default_year",
    "drilldown_patents",
    "evaluate_all_regions",
    "figures_for",
    "generate_report",
    "live_report_data",
    "midterm_year",
    "public_view",
    "published_years",
    "render_html",
    "render_pdf",
    "render_xlsx",
    "valid_year",
]

FORMATS = ("html", "pdf", "xlsx")
KINDS = ("annual", "midterm")
CONDITIONS = ("strategic_industry", "overseas_grant", "maintained_10y", "pledge_amount", "award")
# Plan or registry codes whose figure is a count of patents that can be listed (drill-down).
DRILLDOWN = {
    "high_value_invention_per_10k": "high_value",
    "high_value_invention_patents": "high_value",
    "invention_per_10k": "valid_invention",
    "valid_invention_patents": "valid_invention",
}
PERSONAL_FIELDS = ("entered_by", "approved_by")

# Report wording: key → (Chinese, English).
LABELS: dict[str, tuple[str, str]] = {
    "annual_title": ("{plan}年度监测报告（{year}年）", "{plan}: annual monitoring report ({year})"),
    "midterm_title": (
        "{plan}中期评估报告（截至{year}年底）",
        "{plan}: mid-term evaluation report (end of {year})",
    ),
    "summary": ("一、总体情况", "1. Summary"),
    "indicators": ("二、主要指标完成情况", "2. Indicators"),
    "halfway": ("三、时间过半、任务过半", "3. Half the time, half the task"),
    "ranking": ("地市排名与贡献", "City ranking and contributions"),
    "high_value": ("高价值发明专利（按认定条件）", "High-value invention patents by condition"),
    "manual": ("人工填报指标及来源", "Manually entered indicators and their sources"),
    "notes": ("数据说明", "Data notes"),
    "row": ("序号", "Row"),
    "category": ("类别", "Category"),
    "indicator": ("指标", "Indicator"),
    "unit": ("单位", "Unit"),
    "baseline": ("基期值", "Baseline"),
    "target": ("目标值", "Target"),
    "value": ("当年值", "Value"),
    "progress": ("完成进度", "Progress"),
    "expected": ("应达进度", "Expected"),
    "projection": ("预测值", "Projection"),
    "method": ("预测方法", "Method"),
    "status": ("状态", "Status"),
    "trend": ("趋势", "Trend"),
    "rank": ("排名", "Rank"),
    "city": ("地市", "City"),
    "region": ("地区", "Region"),
    "share": ("占全省比重", "Share of province"),
    "year": ("年份", "Year"),
    "source": ("来源", "Source"),
    "document": ("来源文件", "Source document"),
    "entered": ("填报", "Entered"),
    "approved": ("审核通过", "Approved"),
    "corrects": ("更正记录", "Corrects"),
    "condition": ("认定条件", "Condition"),
    "count": ("件数", "Patents"),
    "total": ("合计", "Total"),
    "item": ("项目", "Item"),
    "plan": ("规划", "Plan"),
    "report_year": ("监测年度", "Year"),
    "time_elapsed": ("时间进度", "Time elapsed"),
    "task_half": ("任务过半", "Half the task done"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "generated": ("生成时间", "Generated"),
    "lake_seq": ("数据湖提交号", "Lake commit"),
    "population_basis": ("人口口径", "Population basis"),
    "published": ("已发布数据", "Published figures"),
    "live": ("实时数据（未发布）", "Live figures (unpublished)"),
    "figures_kind": ("数据性质", "Figures"),
    "no_manual": ("暂无审核通过的人工填报数据。", "No approved manual values."),
    "no_hv": ("数据中心尚未载入专利数据。", "No patent data loaded in the data center."),
    "n_indicators": ("指标总数", "Indicators"),
    "achieved": ("已完成", "achieved"),
    "on_track": ("进度正常", "on track"),
    "behind": ("滞后", "behind"),
    "no_data": ("无数据", "no data"),
    "no_target": ("无目标", "no target"),
    "linear": ("线性趋势", "linear trend"),
    "cagr": ("年均复合增长", "CAGR"),
    "strategic_industry": ("战略性新兴产业", "strategic emerging industry"),
    "overseas_grant": ("海外同族授权", "granted family member abroad"),
    "maintained_10y": ("维持年限超过10年", "maintained over 10 years"),
    "pledge_amount": ("较高质押融资金额", "high pledge-financing amount"),
    "award": ("获国家科学技术奖或中国专利奖", "national S&T award or China Patent Award"),
    "province": ("全省", "Province"),
}

NOTES: list[tuple[str, str]] = [
    (
        "计算类指标由数据中心的专利、商标、法律事件等数据按统一口径计算（发明专利有效量按年末存量，"
        "质押融资等按当年发生额，“( )”类指标为规划期累计值）；每万人口指标以常住人口为分母。",
        "Computed indicators come from the data center's patents, trademarks and legal events "
        "(stocks at year end, flows in the year, bracketed indicators summed over the period); "
        "per-10k indicators divide by the resident population.",
    ),
    (
        "人工填报指标来自其他部门的统计数据，经填报人以外的第二名管理员审核通过后计入，更正以新记录替代原记录，历史记录完整保留。",
        "Manual indicators are statistics of other agencies; they count once approved by a second "
        "administrator, and a correction supersedes the approved value while the history is kept.",
    ),
    (
        "完成进度＝（当年值－基期值）÷（目标值－基期值）；累计类指标为累计值÷目标值。"
        "应达进度为规划期已过时间的比例（时间过半、任务过半）。",
        "Progress = (value − baseline) / (target − baseline); for period totals, cumulative value / "
        "target. Expected progress is the elapsed share of the plan period.",
    ),
    (
        "预测：数量和金额类指标按年均复合增长率外推，比率、百分比和指数类指标按最小二乘线性趋势外推。"
        "状态：已完成＝达到目标；进度正常＝完成进度不低于应达进度或预测值达到目标；滞后＝其他情况。",
        "Projection: counts and amounts grow at their CAGR, ratios, percentages and indices follow "
        "a least-squares line. Status: achieved = target met; on track = progress ≥ expected or "
        "the projection meets the target; behind otherwise.",
    ),
    (
        "地市数值之和与全省数值可能不一致：全省数值包含所在地市不明的本省记录。",
        "City values need not add up to the province: the province counts resident records whose "
        "city is unknown.",
    ),
]


def _t(key: str, lang: str, **fmt: Any) -> str:
    zh, en = LABELS[key]
    text = en if lang == "en" else zh
    return text.format(**fmt) if fmt else text


def midterm_year(plan: Plan) -> int:
    """The year of the mid-term evaluation: the end of the year half the period has passed
    (2023 for 2021–2025: 时间过半)."""
    return plan.baseline_year + (plan.period_years + 1) // 2


# -- evaluation of every region at once --------------------------------------------------------


def _rows_to_series(table: pa.Table, scale: float) -> dict[str, dict[int, float | None]]:
    out: dict[str, dict[int, float | None]] = {}
    for r in table.to_pylist():
        v = r["value"]
        out.setdefault(r["region_code"], {})[int(r["year"])] = None if v is None else float(v) * scale
    return out


def evaluate_all_regions(
    plan: Plan,
    engine: Any,
    *,
    year: int,
    population_basis: str = "best",
    population: pa.Table | None = None,
    manual: Any = None,
) -> tuple[list[IndicatorEvaluation], dict[str, list[IndicatorEvaluation]]]:
    """The province's evaluation and every city's, computing each indicator once.

    Gives the same results as ``evaluate_plan(plan, engine, year=…)`` and ``evaluate_plan(…,
    city=c)`` for each city (a test holds them equal), in one pass instead of 22.
    """
    from gdip.indicators.evaluation import EvaluationError

    if year < plan.baseline_year:
        raise EvaluationError(f"year {year} is before the plan's baseline year {plan.baseline_year}")
    check_plan_registry(plan)
    years = list(range(plan.baseline_year, year + 1))
    ctx = Context(
        years=years, province_code=plan.region_code, population=population, population_basis=population_basis
    )
    cities = list(ctx.cities or [])
    cache: dict[str, pa.Table] = {}
    province: list[IndicatorEvaluation] = []
    by_city: dict[str, list[IndicatorEvaluation]] = {c: [] for c in cities}
    for ind in plan.indicators:
        reg = get_indicator(ind.computed) if ind.computed else None
        value_type = reg.value_type if reg else ("percent" if ind.unit.zh == "%" else "index")
        additive = bool(reg and reg.additive)
        by_region: dict[str, dict[int, float | None]] = {}
        if reg is not None and reg.source == "computed" and any(engine.lake.files(k) for k in reg.kinds):
            if reg.code not in cache:
                cache[reg.code] = reg.execute(engine, ctx)
            by_region = _rows_to_series(cache[reg.code], ind.scale)
        elif ind.source == "manual" and manual is not None:
            for r in ctx.regions:
                by_region[r] = {y: manual(ind.code, r, y) for y in years}
        city_values: dict[str, float | None] = {}
        for c in cities:
            s = by_region.get(c, {})
            if ind.measure == "period_total":
                flows = [v for y, v in s.items() if plan.period_start <= y <= year]
                city_values[c] = sum(v for v in flows if v is not None) if flows and year in s else None
            else:
                city_values[c] = s.get(year)
        prov = by_region.get(plan.region_code, {})
        prov_value: float | None
        if ind.measure == "period_total":
            pflows = [v for y, v in prov.items() if plan.period_start <= y <= year and v is not None]
            prov_value = sum(pflows) if year in prov else None
        else:
            prov_value = prov.get(year)
        ranking = rank_cities(city_values, prov_value, additive=additive, direction=ind.direction)
        for region in (plan.region_code, *cities):
            series = by_region.get(region, {y: None for y in years})
            ev = evaluate_indicator(
                ind,
                plan,
                year,
                series,
                value_type=value_type,
                region_code=region,
                with_target=region == plan.region_code or not additive,
            )
            ev.cities = ranking
            (province if region == plan.region_code else by_city[region]).append(ev)
    return province, by_city


# -- the data builder --------------------------------------------------------------------------


def _city_names(codes: Sequence[str]) -> dict[str, str]:
    from gdip.datacenter.normalise.geo import region_name

    return {c: region_name(c) or c for c in codes}


def _high_value(engine: Any, plan: Plan, year: int, names: dict[str, str]) -> dict[str, Any]:
    from gdip.indicators.high_value import HighValueParams, high_value_patents

    if not engine.lake.files("patents"):
        return {"year": year, "available": False, "total": 0, "by_condition": {}, "by_city": []}
    t = high_value_patents(engine, year=year, params=HighValueParams(province_code=plan.region_code))
    agg = t.group_by("city_code").aggregate(
        total=t.count(), **{c: t[c].cast("int64").sum() for c in CONDITIONS}
    )
    rows = agg.to_pyarrow().to_pylist()
    by_condition = {c: int(sum(r[c] or 0 for r in rows)) for c in CONDITIONS}
    by_city = [
        {
            "region_code": r["city_code"],
            "name": names.get(r["city_code"] or "", r["city_code"] or "—"),
            "total": int(r["total"]),
            **{c: int(r[c] or 0) for c in CONDITIONS},
        }
        for r in sorted(rows, key=lambda r: (-int(r["total"]), r["city_code"] or "~"))
    ]
    return {
        "year": year,
        "available": True,
        "total": int(sum(r["total"] for r in rows)),
        "by_condition": by_condition,
        "by_city": by_city,
    }


def _ev_json(ev: IndicatorEvaluation) -> dict[str, Any]:
    return {
        "value": ev.value,
        "baseline": ev.baseline,
        "baseline_source": ev.baseline_source,
        "target": ev.target,
        "progress": ev.progress,
        "expected_progress": ev.expected_progress,
        "projection": ev.projection,
        "projection_method": ev.projection_method,
        "projection_linear": ev.projection_linear,
        "projection_cagr": ev.projection_cagr,
        "status": ev.status,
        "series": [[int(y), v] for y, v in sorted(ev.series.items())],
    }


def build_report_data(
    plan: Plan,
    engine: Any = None,
    *,
    year: int,
    kind: str = "annual",
    manual: Any = None,
    population: pa.Table | None = None,
    population_basis: str = "best",
) -> dict[str, Any]:
    """Everything the dashboards, the API and the reports show for a plan at the end of ``year``.

    ``manual`` defaults to the plan's approved manual values (``gdip.indicators.manual``).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}; expected one of {', '.join(KINDS)}")
    if engine is None:
        from gdip.datacenter.engines import get_engine

        engine = get_engine()
    if manual is None:
        from gdip.indicators.manual import manual_provider

        manual = manual_provider(plan.id)
    province, by_city = evaluate_all_regions(
        plan, engine, year=year, population=population, population_basis=population_basis, manual=manual
    )
    names = _city_names(list(by_city))
    plan_inds = {i.code: i for i in plan.indicators}
    indicators = []
    for ev in province:
        ind = plan_inds[ev.code]
        prov = []
        if ind.source == "manual" and hasattr(manual, "provenance"):
            p = manual.provenance(ev.code, plan.region_code, year)
            prov = [p.as_dict()] if p is not None else []
        indicators.append(
            {
                "code": ev.code,
                "row": ev.row,
                "category_zh": ind.category.zh,
                "category_en": ind.category.en,
                "name_zh": ev.name_zh,
                "name_en": ev.name_en,
                "unit": ev.unit,
                "unit_en": ev.unit_en,
                "source": ind.source,
                "measure": ind.measure,
                "nature": ind.nature,
                "comparison": ind.comparison,
                "direction": ind.direction,
                "decimals": ind.decimals,
                "computed": ind.computed,
                "drilldown": DRILLDOWN.get(ev.code) or DRILLDOWN.get(ind.computed or ""),
                **_ev_json(ev),
                "cities": [
                    {
                        "region_code": c.region_code,
                        "name": names.get(c.region_code, c.region_code),
                        "value": c.value,
                        "rank": c.rank,
                        "share": c.share,
                    }
                    for c in ev.cities
                ],
                "provenance": prov,
            }
        )
    regions: dict[str, Any] = {}
    for city, evs in by_city.items():
        rows = []
        for ev in evs:
            mine = next((c for c in ev.cities if c.region_code == city), None)
            rows.append(
                {
                    "code": ev.code,
                    **_ev_json(ev),
                    "rank": mine.rank if mine else None,
                    "share": mine.share if mine else None,
                }
            )
        regions[city] = {"name": names[city], "indicators": rows}
    statuses = [i["status"] for i in indicators]
    summary = {
        "total": len(indicators),
        **{s: statuses.count(s) for s in ("achieved", "on_track", "behind", "no_data", "no_target")},
    }
    if kind == "midterm":
        measured = [i for i in indicators if i["progress"] is not None]
        summary["half_done"] = sum(1 for i in measured if i["progress"] >= 0.5)
        summary["measured"] = len(measured)
    manual_rows = []
    if hasattr(manual, "all"):
        for p in manual.all():
            if p.year > year or p.code not in plan_inds:
                continue
            ind = plan_inds[p.code]
            manual_rows.append(
                {
                    **p.as_dict(),
                    "name_zh": ind.name.zh,
                    "name_en": ind.name.en,
                    "decimals": ind.decimals,
                    "region_name": names.get(p.region_code)
                    or (_city_names([p.region_code])[p.region_code] if p.region_code else ""),
                }
            )
    try:
        lake_seq: int | None = int(engine.lake.manifest()["seq"])
    except Exception:
        lake_seq = None
    return {
        "kind": kind,
        "plan": {
            "id": plan.id,
            "name_zh": plan.name_zh,
            "name_en": plan.name_en,
            "region_code": plan.region_code,
            "region_name": _city_names([plan.region_code])[plan.region_code],
            "period_start": plan.period_start,
            "period_end": plan.period_end,
            "baseline_year": plan.baseline_year,
            "target_year": plan.target_year,
        },
        "year": year,
        "generated_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "lake_seq": lake_seq,
        "population_basis": population_basis,
        "expected_progress": province[0].expected_progress if province else None,
        "summary": summary,
        "indicators": indicators,
        "regions": regions,
        "high_value": _high_value(engine, plan, year, names),
        "manual": manual_rows,
        "notes": [{"zh": zh, "en": en} for zh, en in NOTES],
    }


def public_view(data: dict[str, Any]) -> dict[str, Any]:
    """The report data without personal fields (who entered or approved a manual value)."""
    out = dict(data)
    out["manual"] = [{k: v for k, v in m.items() if k not in PERSONAL_FIELDS} for m in data.get("manual", [])]
    out["indicators"] = [
        {
            **i,
            "provenance": [{k: v for k, v in p.items() if k not in PERSONAL_FIELDS} for p in i["provenance"]],
        }
        for i in data.get("indicators", [])
    ]
    return out


# -- live data, cached ------------------------------------------------------------------------

_CACHE: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 16


def _population_stamp(plan: Plan) -> str:
    from gdip.core.models import PopulationFigure

    rows = PopulationFigure.objects.filter(region__code__startswith=plan.region_code[:2]).values_list(
        "region_id", "year", "basis", "population"
    )
    return hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()


def live_report_data(plan: Plan, year: int, kind: str = "annual", engine: Any = None) -> dict[str, Any]:
    """``build_report_data`` for the current lake and approved manual values, cached per lake
    commit, manual values and population figures (the data change only through those)."""
    from gdip.indicators.manual import manual_provider

    if engine is None:
        from gdip.datacenter.engines import get_engine

        engine = get_engine()
    manual = manual_provider(plan.id)
    manual_stamp = hashlib.sha256(
        repr([(p.value_id, p.value, p.approved_at) for p in manual.all()]).encode()
    ).hexdigest()
    try:
        seq = engine.lake.manifest()["seq"]
    except Exception:
        seq = None
    key = (plan.id, year, kind, str(engine.lake.root), seq, manual_stamp, _population_stamp(plan))
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    data = build_report_data(plan, engine, year=year, kind=kind, manual=manual)
    with _CACHE_LOCK:
        _CACHE[key] = data
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return data


def figures_for(user: Any, plan: Plan, year: int, kind: str = "annual") -> tuple[dict[str, Any] | None, str]:
    """What ``user`` may see for a plan and year: live figures (``"live"``) for those holding
    ``indicators.view_unpublished``, the current publication (``"published"``) for everybody
    else, or nothing (``"unpublished"``)."""
    from gdip.core.permissions import has_capability

    if has_capability(user, "indicators.view_unpublished"):
        return live_report_data(plan, year, kind), "live"
    from gdip.indicators.actions import current_publication

    pub = current_publication(plan.id, year)
    if pub is None:
        return None, "unpublished"
    data = public_view(pub.data)
    if kind == "midterm":
        data = {**data, "kind": "midterm"}
        measured = [i for i in data["indicators"] if i["progress"] is not None]
        data["summary"] = {
            **data["summary"],
            "half_done": sum(1 for i in measured if i["progress"] >= 0.5),
            "measured": len(measured),
        }
    return data, "published"


# -- drill-down ---------------------------------------------------------------------------------


def drilldown_patents(
    engine: Any, plan: Plan, code: str, *, year: int, city: str | None, page: int, page_size: int
) -> tuple[int, list[dict[str, Any]]] | None:
    """The patents behind an indicator's figure (high-value or valid resident inventions at the
    end of ``year``), one page; None when the indicator is not a count of patents."""
    ind = next((i for i in plan.indicators if i.code == code), None)
    what = DRILLDOWN.get(code) or (DRILLDOWN.get(ind.computed or "") if ind else None)
    if what is None:
        return None
    if not engine.lake.files("patents"):
        return 0, []
    from gdip.indicators.high_value import HighValueParams, high_value_patents, valid_patents

    params = HighValueParams(province_code=plan.region_code)
    if what == "high_value":
        t = high_value_patents(engine, year=year, params=params)
    else:
        t = valid_patents(engine, year=year, params=params)
        t = t.filter(t.province_code == plan.region_code).select("office", "application_number", "city_code")
    if city:
        t = t.filter(t.city_code == city)
    total = int(t.count().to_pyarrow().as_py())
    rows = (
        t.order_by(["city_code", "application_number"])
        .limit(page_size, offset=(page - 1) * page_size)
        .to_pyarrow()
        .to_pylist()
    )
    numbers = [r["application_number"] for r in rows]
    titles: dict[tuple[str, str], str | None] = {}
    if numbers:
        pat = engine.table("patents")
        found = pat.filter(pat.application_number.isin(numbers)).select(
            "office", "application_number", "title"
        )
        titles = {(r["office"], r["application_number"]): r["title"] for r in found.to_pyarrow().to_pylist()}
    names = _city_names([r["city_code"] for r in rows if r["city_code"]])
    out = []
    for r in rows:
        out.append(
            {
                "office": r["office"],
                "application_number": r["application_number"],
                "title": titles.get((r["office"], r["application_number"])),
                "city_code": r["city_code"],
                "city_name": names.get(r["city_code"] or "", ""),
                "conditions": [c for c in CONDITIONS if r.get(c)],
            }
        )
    return total, out


# -- formatting -------------------------------------------------------------------------------


def fmt_number(value: Any, decimals: int = 1) -> str:
    """Rounded half-up to ``decimals``, with thousands separators; "—" for unknown."""
    if value is None:
        return "—"
    r = round_half_up(float(value), decimals)
    return "—" if r is None else f"{r:,.{decimals}f}"


def fmt_percent(value: Any, decimals: int = 1) -> str:
    """A share (0.415) as a percentage ("41.5%"); "—" for unknown."""
    if value is None:
        return "—"
    r = round_half_up(float(value) * 100, decimals)
    return "—" if r is None else f"{r:,.{decimals}f}%"


def _target_text(i: dict[str, Any]) -> str:
    if i["target"] is None:
        return "—"
    t = fmt_number(i["target"], i["decimals"] if float(i["target"]) % 1 else 0)
    t = ("≥" if i["comparison"] == "ge" else "") + t
    return f"({t})" if i["measure"] == "period_total" else t


def _baseline_text(i: dict[str, Any]) -> str:
    if i["baseline"] is None:
        return "—"
    d = i["decimals"] if float(i["baseline"]) % 1 else 0
    text = fmt_number(i["baseline"], d if i["baseline_source"] == "plan" else i["decimals"])
    return f"({text})" if i["measure"] == "period_total" else text


def indicator_rows(data: dict[str, Any], lang: str = "zh") -> list[dict[str, Any]]:
    """The indicator table as display strings (shared by the HTML/PDF report, Excel and pages)."""
    rows = []
    for i in data["indicators"]:
        d = i["decimals"]
        rows.append(
            {
                "code": i["code"],
                "row": i["row"],
                "category": i["category_en"] if lang == "en" else i["category_zh"],
                "name": i["name_en"] if lang == "en" else i["name_zh"],
                "unit": i["unit_en"] if lang == "en" else i["unit"],
                "baseline": _baseline_text(i),
                "target": _target_text(i),
                "value": fmt_number(i["value"], d),
                "progress": fmt_percent(i["progress"]),
                "expected": fmt_percent(i["expected_progress"], 0),
                "projection": fmt_number(i["projection"], d),
                "method": _t(i["projection_method"], lang) if i["projection_method"] else "—",
                "status": i["status"],
                "status_label": _t(i["status"], lang),
                "source": i["source"],
                "half": (_t("yes", lang) if i["progress"] >= 0.5 else _t("no", lang))
                if i["progress"] is not None
                else "—",
            }
        )
    return rows


# -- SVG charts (server-side, presentation attributes only: no style attributes, no scripts) --

STATUS_COLOURS = {
    "achieved": "#1b7f3b",
    "on_track": "#124e8c",
    "behind": "#b3121d",
    "no_data": "#8a939c",
    "no_target": "#5c6670",
}
FONT = "WenQuanYi Micro Hei, sans-serif"


def trend_svg(
    series: Sequence[Sequence[Any]],
    *,
    target: float | None,
    first_year: int,
    last_year: int,
    colour: str = "#b3121d",
    width: int = 180,
    height: int = 54,
) -> str:
    """A small line chart of a yearly series with the target as a dashed line (inline SVG)."""
    pts = [(int(y), float(v)) for y, v in series if v is not None]
    values = [v for _, v in pts] + ([float(target)] if target is not None else [])
    pad = 4
    if not values:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img"><line x1="{pad}" y1="{height / 2}" '
            f'x2="{width - pad}" y2="{height / 2}" stroke="#d9dee4" stroke-dasharray="3 3"/></svg>'
        )
    lo, hi = min(0.0, *values), max(values)
    span = (hi - lo) or 1.0
    years = max(1, last_year - first_year)

    def xy(y: int, v: float) -> tuple[float, float]:
        x = pad + (width - 2 * pad) * (y - first_year) / years
        return round(x, 1), round(height - pad - (height - 2 * pad) * (v - lo) / span, 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    if target is not None:
        _, ty = xy(first_year, float(target))
        parts.append(
            f'<line x1="{pad}" y1="{ty}" x2="{width - pad}" y2="{ty}" stroke="#5c6670" '
            f'stroke-width="1" stroke-dasharray="4 3"/>'
        )
    if len(pts) > 1:
        coords = " ".join(f"{x},{y}" for x, y in (xy(y, v) for y, v in pts))
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
    for y, v in pts:
        cx, cy = xy(y, v)
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="2.5" fill="{colour}"/>')
    parts.append("</svg>")
    return "".join(parts)


def bars_svg(items: Sequence[tuple[str, float]], *, decimals: int = 1, width: int = 520) -> str:
    """A horizontal bar chart (label, value), largest first (inline SVG)."""
    items = [(n, float(v)) for n, v in items if v is not None][:21]
    bar_h, gap, label_w, value_w = 14, 4, 70, 70
    height = max(1, len(items)) * (bar_h + gap) + gap
    top = max((v for _, v in items), default=0.0) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="{FONT}" font-size="10">'
    ]
    for k, (name, v) in enumerate(items):
        y = gap + k * (bar_h + gap)
        w = max(0.0, (width - label_w - value_w) * v / top)
        parts.append(
            f'<text x="{label_w - 4}" y="{y + 11}" text-anchor="end" fill="#1f2328">'
            f"{html.escape(name)}</text>"
        )
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#b3121d"/>')
        parts.append(
            f'<text x="{label_w + w + 4:.1f}" y="{y + 11}" fill="#1f2328">'
            f"{html.escape(fmt_number(v, decimals))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


# -- renderers --------------------------------------------------------------------------------


def _labels(lang: str) -> dict[str, str]:
    return {k: (en if lang == "en" else zh) for k, (zh, en) in LABELS.items()}


def report_title(data: dict[str, Any], lang: str = "zh") -> str:
    plan_name = data["plan"]["name_en" if lang == "en" else "name_zh"]
    return _t(f"{data['kind']}_title", lang, plan=plan_name, year=data["year"])


def _ranking_sections(data: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    out = []
    for i in data["indicators"]:
        known = [c for c in i["cities"] if c["value"] is not None]
        if not known:
            continue
        out.append(
            {
                "code": i["code"],
                "name": i["name_en"] if lang == "en" else i["name_zh"],
                "unit": i["unit_en"] if lang == "en" else i["unit"],
                "rows": [
                    {
                        "rank": c["rank"],
                        "name": c["name"],
                        "value": fmt_number(c["value"], i["decimals"]),
                        "share": fmt_percent(c["share"]) if c["share"] is not None else "—",
                    }
                    for c in known
                ],
                "svg": bars_svg([(c["name"], c["value"]) for c in known], decimals=i["decimals"]),
            }
        )
    return out


def manual_display_rows(data: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    rows = []
    for m in data["manual"]:
        rows.append(
            {
                "name": m["name_en"] if lang == "en" else m["name_zh"],
                "region": m.get("region_name") or m["region_code"],
                "year": m["year"],
                "value": fmt_number(m["value"], m.get("decimals", 1)),
                "unit": m["unit"],
                "source": m["source_citation"],
                "document": (
                    f"{m['source_file_name']} (SHA-256 {m['source_file_sha256'][:12]}…)"
                    if m.get("source_file_name")
                    else "—"
                ),
                "entered": " ".join(x for x in (m.get("entered_by", ""), (m["entered_at"] or "")[:10]) if x),
                "approved": " ".join(
                    x for x in (m.get("approved_by", ""), (m["approved_at"] or "")[:10]) if x
                ),
                "corrects": f"#{m['supersedes_id']}" if m.get("supersedes_id") else "—",
                "id": m["value_id"],
            }
        )
    return rows


def report_context(data: dict[str, Any], lang: str = "zh", *, published: bool = False) -> dict[str, Any]:
    """Template context of the report (display strings, SVG charts)."""
    L = _labels(lang)
    p = data["plan"]
    rows = indicator_rows(data, lang)
    for r, i in zip(rows, data["indicators"], strict=True):
        r["svg"] = trend_svg(
            i["series"],
            target=i["target"] if i["measure"] != "period_total" else None,
            first_year=p["baseline_year"],
            last_year=p["target_year"],
            colour=STATUS_COLOURS.get(i["status"], "#b3121d"),
        )
    hv = data["high_value"]
    return {
        "lang": lang,
        "L": L,
        "title": report_title(data, lang),
        "data": data,
        "plan_name": p["name_en" if lang == "en" else "name_zh"],
        "rows": rows,
        "summary": data["summary"],
        "status_counts": [
            (L[s], data["summary"].get(s, 0)) for s in ("achieved", "on_track", "behind", "no_data")
        ],
        "expected": fmt_percent(data["expected_progress"], 0),
        "ranking": _ranking_sections(data, lang),
        "hv": hv,
        "hv_conditions": [(L[c], hv["by_condition"].get(c, 0)) for c in CONDITIONS]
        if hv["available"]
        else [],
        "hv_cities": hv["by_city"],
        "condition_labels": [L[c] for c in CONDITIONS],
        "conditions": CONDITIONS,
        "manual_rows": manual_display_rows(data, lang),
        "notes": [n["en" if lang == "en" else "zh"] for n in data["notes"]],
        "figures_kind": L["published"] if published else L["live"],
        "midterm": data["kind"] == "midterm",
    }


def render_html(data: dict[str, Any], lang: str = "zh", *, published: bool = False) -> str:
    """The report as one self-contained HTML page (embedded CSS, inline SVG, no scripts)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("en" if lang == "en" else "zh-hans"):
        return render_to_string("indicators/report.html", report_context(data, lang, published=published))


def render_pdf(data: dict[str, Any], lang: str = "zh", *, published: bool = False) -> bytes:
    """The report as PDF (WeasyPrint; CJK text in WenQuanYi Micro Hei)."""
    from weasyprint import HTML

    pdf = HTML(string=render_html(data, lang, published=published)).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def _cell(ws: Any, row: int, col: int, value: Any) -> None:
    c = ws.cell(row=row, column=col)
    c.value = value
    if isinstance(value, str):
        c.data_type = "s"  # never a formula, whatever the text starts with


def _sheet(
    wb: Any, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[int]
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(title=title[:31])
    for j, h in enumerate(header, start=1):
        _cell(ws, 1, j, h)
        ws.cell(row=1, column=j).font = Font(bold=True, color="FFFFFF")
        ws.cell(row=1, column=j).fill = PatternFill("solid", fgColor="B3121D")
        ws.cell(row=1, column=j).alignment = Alignment(wrap_text=True, vertical="center")
    for i, r in enumerate(rows, start=2):
        for j, v in enumerate(r, start=1):
            _cell(ws, i, j, v)
    from openpyxl.utils import get_column_letter

    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = "A2"


def _num(value: Any, decimals: int) -> float | None:
    return None if value is None else round_half_up(float(value), decimals)


def render_xlsx(data: dict[str, Any], lang: str = "zh", *, published: bool = False) -> bytes:
    """The report as an Excel workbook: one sheet per section, numbers as numbers, no formulas."""
    from openpyxl import Workbook

    L = _labels(lang)
    ctx = report_context(data, lang, published=published)
    wb = Workbook()
    wb.remove(wb.active)
    s = data["summary"]
    summary_rows: list[list[Any]] = [
        [L["plan"], ctx["plan_name"]],
        [L["report_year"], data["year"]],
        [L["figures_kind"], ctx["figures_kind"]],
        [L["expected"], ctx["expected"]],
        [L["n_indicators"], s["total"]],
        *[[label, n] for label, n in ctx["status_counts"]],
    ]
    if ctx["midterm"]:
        summary_rows.append([L["task_half"], f"{s.get('half_done', 0)} / {s.get('measured', 0)}"])
    _sheet(wb, L["summary"], [L["item"], L["value"]], summary_rows, [28, 60])
    ind_rows = []
    for r, i in zip(ctx["rows"], data["indicators"], strict=True):
        d = i["decimals"]
        ind_rows.append(
            [
                r["row"],
                r["category"],
                r["name"],
                r["unit"],
                _num(i["baseline"], d),
                r["target"],
                _num(i["value"], d),
                _num(i["progress"] * 100, 1) if i["progress"] is not None else None,
                _num(i["expected_progress"] * 100, 0),
                _num(i["projection"], d),
                r["method"],
                r["status_label"],
            ]
        )
    _sheet(
        wb,
        L["indicators"],
        [
            L["row"],
            L["category"],
            L["indicator"],
            L["unit"],
            L["baseline"],
            L["target"],
            L["value"],
            L["progress"] + " (%)",
            L["expected"] + " (%)",
            L["projection"],
            L["method"],
            L["status"],
        ],
        ind_rows,
        [6, 12, 40, 12, 12, 12, 12, 12, 12, 12, 14, 10],
    )
    if ctx["midterm"]:
        _sheet(
            wb,
            L["halfway"],
            [L["indicator"], L["progress"] + " (%)", L["time_elapsed"] + " (%)", L["task_half"], L["status"]],
            [
                [
                    r["name"],
                    _num(i["progress"] * 100, 1) if i["progress"] is not None else None,
                    _num(i["expected_progress"] * 100, 0),
                    r["half"],
                    r["status_label"],
                ]
                for r, i in zip(ctx["rows"], data["indicators"], strict=True)
            ],
            [40, 14, 14, 10, 10],
        )
    rank_rows: list[list[Any]] = []
    for i in data["indicators"]:
        for c in i["cities"]:
            if c["value"] is None:
                continue
            rank_rows.append(
                [
                    i["name_en"] if lang == "en" else i["name_zh"],
                    c["rank"],
                    c["name"],
                    c["region_code"],
                    _num(c["value"], i["decimals"]),
                    _num(c["share"] * 100, 1) if c["share"] is not None else None,
                ]
            )
    _sheet(
        wb,
        L["ranking"],
        [L["indicator"], L["rank"], L["city"], "GB/T 2260", L["value"], L["share"] + " (%)"],
        rank_rows,
        [40, 8, 12, 10, 14, 16],
    )
    hv = data["high_value"]
    hv_rows: list[list[Any]] = [
        [L["total"], "", hv["total"], *[hv["by_condition"].get(c, 0) for c in CONDITIONS]]
    ]
    hv_rows += [
        [c["name"], c["region_code"] or "", c["total"], *[c[k] for k in CONDITIONS]] for c in hv["by_city"]
    ]
    _sheet(
        wb,
        L["high_value"],
        [L["city"], "GB/T 2260", L["count"], *[L[c] for c in CONDITIONS]],
        hv_rows,
        [12, 10, 10, 16, 16, 16, 16, 20],
    )
    _sheet(
        wb,
        L["manual"],
        [
            L["indicator"],
            L["region"],
            L["year"],
            L["value"],
            L["unit"],
            L["source"],
            L["document"],
            L["entered"],
            L["approved"],
            L["corrects"],
        ],
        [
            [
                m["name"],
                m["region"],
                m["year"],
                _num(raw["value"], raw.get("decimals", 1)),
                m["unit"],
                m["source"],
                m["document"],
                m["entered"],
                m["approved"],
                m["corrects"],
            ]
            for m, raw in zip(ctx["manual_rows"], data["manual"], strict=True)
        ],
        [36, 10, 8, 12, 10, 50, 36, 24, 24, 10],
    )
    notes = [[n] for n in ctx["notes"]] + [
        [f"{L['generated']}: {data['generated_at']}"],
        [f"{L['lake_seq']}: {data['lake_seq'] if data['lake_seq'] is not None else '—'}"],
        [f"{L['population_basis']}: {data['population_basis']}"],
    ]
    _sheet(wb, L["notes"], [L["notes"]], notes, [120])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@dataclass(frozen=True)
class ReportFile:
    """A generated report: its bytes, a file name and the content type."""

    content: bytes
    filename: str
    content_type: str


CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def generate_report(
    data: dict[str, Any], fmt: str, lang: str = "zh", *, published: bool = False
) -> ReportFile:
    """Render report data in a format (html, pdf, xlsx)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "html":
        content = render_html(data, lang, published=published).encode("utf-8")
    elif fmt == "pdf":
        content = render_pdf(data, lang, published=published)
    else:
        content = render_xlsx(data, lang, published=published)
    name = f"{data['plan']['id']}-{data['kind']}-{data['year']}.{fmt}"
    return ReportFile(content, name, CONTENT_TYPES[fmt])


def default_year(user: Any, plan: Plan) -> int | None:
    """The year shown when none is asked for: the last complete year (within the plan period)
    for those who see live figures, else the latest published year (None when nothing is)."""
    from datetime import date

    from gdip.core.permissions import has_capability

    if has_capability(user, "indicators.view_unpublished"):
        return max(plan.baseline_year, min(date.today().year - 1, plan.target_year))
    from gdip.indicators.models import Publication, PublicationStatus

    latest = (
        Publication.objects.filter(plan_id=plan.id, status=PublicationStatus.CURRENT)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return int(latest) if latest is not None else None


def valid_year(plan: Plan, year: int) -> bool:
    """A year that can be evaluated: from the plan's baseline year to the current year."""
    from datetime import date

    return plan.baseline_year <= year <= date.today().year


def published_years(plan_id: str) -> list[int]:
    """The years whose figures are public."""
    from gdip.indicators.models import Publication, PublicationStatus

    return sorted(
        int(y)
        for y in Publication.objects.filter(plan_id=plan_id, status=PublicationStatus.CURRENT).values_list(
            "year", flat=True
        )
    )
