"""Operators' commands for plan monitoring: ``gdip indicators …``, ``gdip patents high-value``,
``gdip reference population load``.

The lead registers the Typer apps: ``indicators_app`` as ``gdip indicators``, ``patents_app``
(holding ``high-value``) as ``gdip patents`` and ``population_app`` as ``gdip reference
population``. Commands hold no business logic: they call the indicator services and print.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

__all__ = [
    "indicators_app",
    "patents_app",
    "patents_high_value",
    "population_app",
]

indicators_app = typer.Typer(
    help="Plan indicators: compute and evaluate against a plan's targets.", no_args_is_help=True
)
patents_app = typer.Typer(help="Patent analyses.", no_args_is_help=True)
population_app = typer.Typer(help="Population denominators of per-10k indicators.", no_args_is_help=True)

STATUS_ZH = {
    "achieved": "已完成",
    "on_track": "进度正常",
    "behind": "滞后",
    "no_data": "无数据",
    "no_target": "无目标",
}


def _fail(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _default_year() -> int:
    # The last complete calendar year: year-end stocks of the current year are not final yet.
    return date.today().year - 1


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


@indicators_app.command("compute")
def compute(
    plan: Annotated[
        str, typer.Option("--plan", help="plan id (gd-14th) or path of a plan YAML file")
    ] = "gd-14th",
    year: Annotated[
        int | None,
        typer.Option("--year", help="evaluate at the end of this year (default: last complete year)"),
    ] = None,
    city: Annotated[
        str | None, typer.Option("--city", help="a city code, e.g. 440300 (default: the province)")
    ] = None,
    engine: Annotated[
        str | None, typer.Option("--engine", help="duckdb|spark (default: GDIP_ENGINE or duckdb)")
    ] = None,
    population: Annotated[str, typer.Option("--population", help="census|year_end|best")] = "best",
    as_json: Annotated[bool, typer.Option("--json", help="print a JSON list")] = False,
) -> None:
    """Compute every indicator of a plan for a year and evaluate it against baseline and target."""
    from gdip.indicators.plans import PlanError, load_plan
    from gdip.indicators.population import BASES

    if population not in BASES:
        _fail(f"--population must be one of {', '.join(BASES)}, not {population!r}")
    if engine is not None and engine not in ("duckdb", "spark"):
        _fail(f"--engine must be duckdb or spark, not {engine!r}")
    try:
        the_plan = load_plan(plan)
    except PlanError as exc:
        _fail(f"错误：规划文件无效\nError: {exc}")
        return
    from gdip.cli.bootstrap import ensure_initialised

    ensure_initialised()
    from gdip.datacenter.engines import get_engine
    from gdip.indicators.evaluation import EvaluationError, evaluate_plan

    try:
        results = evaluate_plan(
            the_plan, get_engine(engine), year=year or _default_year(), city=city, population_basis=population
        )
    except EvaluationError as exc:
        _fail(f"Error: {exc}")
        return
    rows = [r.to_json() for r in results]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{the_plan.name_zh} — {city or the_plan.region_code}, {year or _default_year()}")
    for col in (
        "指标 indicator",
        "单位",
        "值 value",
        "基期 baseline",
        "目标 target",
        "进度 progress",
        "应达 expected",
        "预测 projection",
        "状态 status",
    ):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["name_zh"],
            r["unit"],
            _fmt(r["value"]),
            _fmt(r["baseline"]),
            _fmt(r["target"]),
            _fmt(r["progress"] * 100 if r["progress"] is not None else None, 1) + "%"
            if r["progress"] is not None
            else "—",
            _fmt(r["expected_progress"] * 100, 0) + "%",
            f"{_fmt(r['projection'])} ({r['projection_method'] or '—'})",
            STATUS_ZH.get(r["status"], r["status"]),
        )
    Console().print(table)


@indicators_app.command("list-plans")
def list_plans_command(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The packaged plans (another plan is used by passing its file path to --plan)."""
    from gdip.indicators.plans import list_plans, load_plan

    plans = [load_plan(p) for p in list_plans()]
    rows = [
        {
            "id": p.id,
            "name_zh": p.name_zh,
            "name_en": p.name_en,
            "region_code": p.region_code,
            "period": f"{p.period_start}-{p.period_end}",
            "indicators": len(p.indicators),
        }
        for p in plans
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    for r in rows:
        typer.echo(f"{r['id']}\t{r['period']}\t{r['region_code']}\t{r['name_zh']}")


@indicators_app.command("list-computed")
def list_computed(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The registered computations with their attributes."""
    import gdip.indicators.computed  # noqa: F401 - registers the computations
    from gdip.indicators.registry import REGISTRY

    rows = [
        {
            "code": d.code,
            "name_zh": d.name_zh,
            "name_en": d.name_en,
            "unit": d.unit_zh,
            "measure": d.measure,
            "value_type": d.value_type,
            "additive": d.additive,
            "source": d.source,
        }
        for d in sorted(REGISTRY.values(), key=lambda d: d.code)
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    for r in rows:
        typer.echo(f"{r['code']}\t{r['measure']}\t{r['source']}\t{r['name_zh']}")


@patents_app.command("high-value")
def patents_high_value(
    year: Annotated[
        int | None, typer.Option("--year", help="valid at the end of this year (default: last complete year)")
    ] = None,
    city: Annotated[str | None, typer.Option("--city", help="a city code, e.g. 440300")] = None,
    engine: Annotated[str | None, typer.Option("--engine", help="duckdb|spark")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """High-value invention patents (plan note 1) with the conditions each one meets."""
    from gdip.cli.bootstrap import ensure_initialised

    ensure_initialised()
    from gdip.datacenter.engines import get_engine
    from gdip.indicators.high_value import high_value_patents

    conditions = ("strategic_industry", "overseas_grant", "maintained_10y", "pledge_amount", "award")
    t = high_value_patents(get_engine(engine), year=year or _default_year())
    if city:
        t = t.filter(t.city_code == city)
    rows = t.order_by(["city_code", "application_number"]).to_pyarrow().to_pylist()
    patents = [
        {
            "office": r["office"],
            "application_number": r["application_number"],
            "city_code": r["city_code"],
            "conditions": [c for c in conditions if r[c]],
        }
        for r in rows
    ]
    if as_json:
        typer.echo(json.dumps({"count": len(patents), "patents": patents}, ensure_ascii=False))
        return
    typer.echo(f"high-value invention patents at the end of {year or _default_year()}: {len(patents)}")
    for p in patents:
        typer.echo(
            f"{p['office']}:{p['application_number']}\t{p['city_code'] or '—'}\t{','.join(p['conditions'])}"
        )


@population_app.command("load")
def population_load(
    path: Annotated[Path, typer.Argument(help="CSV with region_code, year, population[, source]")],
    basis: Annotated[str, typer.Option("--basis", help="year_end|census")] = "year_end",
    source: Annotated[str, typer.Option("--source", help="statistical bulletin the figures come from")] = "",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Load resident population figures; bad rows are rejected with a reason, good rows load."""
    from gdip.cli.bootstrap import ensure_initialised

    ensure_initialised()
    from gdip.indicators.population import load_population_csv

    if not path.exists():
        _fail(f"错误：文件不存在 {path}\nError: file not found: {path}")
    try:
        report = load_population_csv(path, basis=basis, source=source)
    except (ValueError, UnicodeDecodeError) as exc:
        _fail(f"Error: {exc}")
        return
    if as_json:
        typer.echo(json.dumps(report.summary(), ensure_ascii=False))
    else:
        for r in report.rejected:
            typer.echo(f"line {r['line']}: {r['reason']}", err=True)
        typer.echo(f"read {report.read} = loaded {report.loaded} + rejected {len(report.rejected)}")
    if report.rejected and not report.loaded:
        raise typer.Exit(1)
