"""``gdip report annual|midterm``: the monitoring reports as PDF, Excel or HTML files.

The lead registers ``report_app`` as ``gdip report``. Reports from the CLI use the live figures
(the operator has the data at hand); ``--published`` renders the current publication of the year
instead, exactly as the public downloads it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["report_app"]

report_app = typer.Typer(
    help="Monitoring reports (annual, mid-term) as PDF, Excel or HTML.", no_args_is_help=True
)

FormatOpt = Annotated[str, typer.Option("--format", help="pdf|xlsx|html")]
OutOpt = Annotated[
    Path | None, typer.Option("--out", help="output file (default: <plan>-<kind>-<year>.<format>)")
]
PlanOpt = Annotated[str, typer.Option("--plan", help="plan id (gd-14th)")]
LangOpt = Annotated[str, typer.Option("--lang", help="zh|en")]
EngineOpt = Annotated[
    str | None, typer.Option("--engine", help="duckdb|spark (default: GDIP_ENGINE or duckdb)")
]
PublishedOpt = Annotated[bool, typer.Option("--published", help="render the current publication of the year")]


def _fail(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _run(
    kind: str,
    year: int | None,
    fmt: str,
    out: Path | None,
    plan_id: str,
    lang: str,
    engine: str | None,
    published: bool,
) -> None:
    from gdip.indicators.plans import PlanError, load_plan
    from gdip.indicators.reports import FORMATS, midterm_year

    if fmt not in FORMATS:
        _fail(
            "错误：--format 须为 pdf、xlsx 或 html\n"
            f"Error: --format must be one of {', '.join(FORMATS)}, not {fmt!r}"
        )
    if lang not in ("zh", "en"):
        _fail(f"Error: --lang must be zh or en, not {lang!r}")
    try:
        plan = load_plan(plan_id)
    except PlanError as exc:
        _fail(f"错误：规划文件无效\nError: {exc}")
        return
    if year is None:
        year = midterm_year(plan) if kind == "midterm" else max(plan.baseline_year, date.today().year - 1)
    if not plan.baseline_year <= year <= date.today().year:
        _fail(
            f"错误：年份超出范围\nError: --year must be between {plan.baseline_year} and {date.today().year}"
        )
    if engine is not None and engine not in ("duckdb", "spark"):
        _fail(f"Error: --engine must be duckdb or spark, not {engine!r}")
    from gdip.cli.bootstrap import ensure_initialised

    ensure_initialised()
    from gdip.datacenter.engines import get_engine
    from gdip.indicators.evaluation import EvaluationError
    from gdip.indicators.reports import build_report_data, generate_report, public_view

    if published:
        from gdip.indicators.actions import current_publication

        pub = current_publication(plan.id, year)
        if pub is None:
            _fail(f"错误：{year}年数据尚未发布\nError: the figures of {year} are not published")
            return
        data = {**public_view(pub.data), "kind": kind}
    else:
        try:
            data = build_report_data(plan, get_engine(engine), year=year, kind=kind)
        except EvaluationError as exc:
            _fail(f"Error: {exc}")
            return
    report = generate_report(data, fmt, lang, published=published)
    path = out or Path(report.filename)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(report.content)
    except OSError as exc:
        _fail(f"错误：无法写入 {path}\nError: cannot write {path}: {exc}")
    typer.echo(f"{path}\t{len(report.content)} bytes")


@report_app.command("annual")
def annual(
    year: Annotated[
        int | None, typer.Option("--year", help="the monitored year (default: last complete year)")
    ] = None,
    fmt: FormatOpt = "pdf",
    out: OutOpt = None,
    plan: PlanOpt = "gd-14th",
    lang: LangOpt = "zh",
    engine: EngineOpt = None,
    published: PublishedOpt = False,
) -> None:
    """The annual monitoring report of a year."""
    _run("annual", year, fmt, out, plan, lang, engine, published)


@report_app.command("midterm")
def midterm(
    year: Annotated[int | None, typer.Option("--year", help="default: the plan's middle year (2023)")] = None,
    fmt: FormatOpt = "pdf",
    out: OutOpt = None,
    plan: PlanOpt = "gd-14th",
    lang: LangOpt = "zh",
    engine: EngineOpt = None,
    published: PublishedOpt = False,
) -> None:
    """The mid-term evaluation report (时间过半、任务过半): the evaluation at the end of the
    plan's middle year."""
    _run("midterm", year, fmt, out, plan, lang, engine, published)
