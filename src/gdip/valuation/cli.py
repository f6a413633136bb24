"""``gdip value …``: value degree, monetary valuation, portfolio and report of patents.

The lead registers ``value_app`` as ``gdip value``. Commands hold no business logic: they call
``gdip.valuation`` and print (a readable summary, or JSON with ``--json``).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

__all__ = ["value_app"]

value_app = typer.Typer(
    help="专利价值评估 / Patent valuation (value degree, income, market, cost).", no_args_is_help=True
)

AsOf = Annotated[
    str | None, typer.Option("--as-of", help="评估基准日 valuation date YYYY-MM-DD (default: today)")
]
Engine = Annotated[str | None, typer.Option("--engine", help="duckdb|spark (default: GDIP_ENGINE or duckdb)")]
Params = Annotated[Path | None, typer.Option("--params", help="参数文件 parameter YAML (default: packaged)")]
Scenario = Annotated[str | None, typer.Option("--scenario", help="pledge|licence|general")]
Revenue = Annotated[
    str | None,
    typer.Option(
        "--revenue", help="收入预测（元），逗号分隔：R1[,R2,…] / revenue forecast in yuan, comma-separated"
    ),
]
Growth = Annotated[
    float | None, typer.Option("--growth", help="收入增长率 revenue growth beyond the forecast")
]


def _fail(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _setup(as_of: str | None, engine: str | None, params: Path | None) -> tuple[Any, date, Any]:
    from gdip.cli.bootstrap import ensure_initialised

    ensure_initialised()
    from gdip.datacenter.engines import get_engine
    from gdip.valuation.params import ParamsError, load_params

    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        _fail(f"日期格式应为 YYYY-MM-DD / the date must be YYYY-MM-DD: {as_of}")
    try:
        p = load_params(params)
    except ParamsError as exc:
        _fail(str(exc))
    return get_engine(engine), day, p


def _revenue(text: str | None) -> list[float] | None:
    if not text:
        return None
    try:
        values = [float(x.replace("_", "")) for x in text.split(",") if x.strip()]
    except ValueError:
        _fail(f"收入须为数字 / revenue must be numbers: {text}")
    if not values or any(v < 0 for v in values):
        _fail("收入须为非负数 / revenue must be non-negative")
    return values


def _dump(obj: Any) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, default=str, indent=1))


def _valuate(
    office: str,
    number: str,
    as_of: str | None,
    engine: str | None,
    params: Path | None,
    method: str,
    revenue: str | None,
    growth: float | None,
    scenario: str | None,
) -> Any:
    from gdip.valuation.service import SubjectNotFound, valuate_patent

    eng, day, p = _setup(as_of, engine, params)
    methods = ("income", "market", "cost") if method == "all" else (method,)
    if method not in ("income", "market", "cost", "all"):
        _fail("--method 取值 income|market|cost|all")
    if method == "income" and not revenue:
        _fail("收益法需要 --revenue / the income approach needs --revenue")
    try:
        return valuate_patent(
            eng,
            office,
            number,
            as_of=day,
            revenue=_revenue(revenue),
            growth=growth,
            methods=methods,
            params=p,
            scenario=scenario,
        )
    except SubjectNotFound as exc:
        _fail(str(exc), 1)


@value_app.command("patent")
def patent(
    office: Annotated[str, typer.Argument(help="office, e.g. CN")],
    number: Annotated[str, typer.Argument(help="application number, e.g. 202110921116.9")],
    method: Annotated[str, typer.Option("--method", help="income|market|cost|all")] = "all",
    revenue: Revenue = None,
    growth: Growth = None,
    scenario: Scenario = None,
    as_of: AsOf = None,
    engine: Engine = None,
    params: Params = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON with every intermediate value")] = False,
) -> None:
    """Value one patent: the chosen methods, the range and the reconciled conclusion."""
    v = _valuate(office, number, as_of, engine, params, method, revenue, growth, scenario)
    if as_json:
        _dump(v.to_dict())
        return
    s, c = v.subject, v.conclusion
    typer.echo(f"{s.office} {s.application_number} {s.title or ''}  ({s.kind}, {s.status})  基准日 {v.as_of}")
    typer.echo(
        f"专利价值度 PVD {v.degree.pvd:.2f}  (法律 {v.degree.dimensions['legal']:.2f} / 技术 "
        f"{v.degree.dimensions['technical']:.2f} / 经济 {v.degree.dimensions['economic']:.2f})"
    )
    for name, r in v.results.items():
        extra = f"  (n={r.n})" if name == "market" else ""
        typer.echo(f"  {name:<7} {r.value:>18,.2f} 元{extra}")
    typer.echo(f"评估结论 conclusion {c.value:,.2f} 元  区间 range {c.low:,.2f} – {c.high:,.2f}")
    typer.echo(f"  {c.explanation_zh}")
    for zh, en in v.warnings:
        typer.echo(f"  ! {zh} / {en}")


@value_app.command("degree")
def degree(
    office: Annotated[str, typer.Argument(help="office, e.g. CN")],
    number: Annotated[str, typer.Argument(help="application number")],
    scenario: Scenario = None,
    as_of: AsOf = None,
    engine: Engine = None,
    params: Params = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """The patent value degree with every sub-score explained, and the OECD indicators."""
    from gdip.valuation.service import SubjectNotFound, load_subject
    from gdip.valuation.value_degree import explain

    eng, day, p = _setup(as_of, engine, params)
    try:
        _, f, s = load_subject(eng, office, number, as_of=day, params=p, scenario=scenario)
    except SubjectNotFound as exc:
        _fail(str(exc), 1)
    d = explain(f, s, as_of=day, params=p, scenario=scenario)
    if as_json:
        _dump(d.to_dict())
        return
    typer.echo(f"{office} {number}  PVD {d.pvd:.2f}  scenario {d.scenario}")
    for sub in d.sub_scores:
        typer.echo(
            f"  [{sub.dimension}] {sub.name_zh:<16} {sub.score:5.2f} ×{sub.weight:.2f}  {sub.explanation_zh}"
        )


@value_app.command("portfolio")
def portfolio(
    entity: Annotated[str, typer.Option("--entity", help="主体 entity id")],
    revenue: Revenue = None,
    growth: Growth = None,
    scenario: Scenario = None,
    as_of: AsOf = None,
    engine: Engine = None,
    params: Params = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Value every patent of an entity and the portfolio (overlap and diversification rules)."""
    from gdip.valuation.portfolio import value_portfolio

    eng, day, p = _setup(as_of, engine, params)
    r = value_portfolio(
        eng, entity, as_of=day, revenue=_revenue(revenue), growth=growth, params=p, scenario=scenario
    )
    if as_json:
        _dump(r.to_dict())
        return
    if not r.rows:
        _fail(f"主体 {entity} 在数据湖中没有专利 / no patents of entity {entity} in the lake", 1)
    typer.echo(
        f"{'application':<18} {'kind':<9} {'PVD':>6} {'income':>16} {'market':>16} {'cost':>14} {'value':>16}"
    )
    for row in r.rows:
        typer.echo(
            f"{row.application_number:<18} {row.kind:<9} {row.pvd:6.1f} "
            f"{(row.income or 0):16,.0f} {(row.market or 0):16,.0f} {row.cost:14,.0f} {row.value:16,.0f}"
        )
    typer.echo(f"ΣV_i {r.sum_values:,.2f}  HHI {r.hhi:.3f}  组合价值 portfolio value {r.value:,.2f} 元")


@value_app.command("report")
def report(
    office: Annotated[str, typer.Argument(help="office, e.g. CN")],
    number: Annotated[str, typer.Argument(help="application number")],
    out: Annotated[Path, typer.Option("--out", help="FILE.pdf or FILE.html")],
    revenue: Revenue = None,
    growth: Growth = None,
    client: Annotated[str | None, typer.Option("--client", help="委托方 (default: the holders)")] = None,
    purpose: Annotated[str, typer.Option("--purpose", help="评估目的")] = "质押融资",
    scenario: Scenario = None,
    as_of: AsOf = None,
    engine: Engine = None,
    params: Params = None,
) -> None:
    """Write the valuation report (PDF or HTML) in asset-appraisal section order."""
    from gdip.valuation.report import render_report

    v = _valuate(office, number, as_of, engine, params, "all", revenue, growth, scenario)
    path = render_report(v, out, client=client, purpose=purpose)
    typer.echo(f"{path}  评估结论 {v.conclusion.value:,.2f} 元")
