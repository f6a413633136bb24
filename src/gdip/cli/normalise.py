"""`gdip validate …` and `gdip geo …`: check identifiers and resolve addresses from the shell.

The normalisation modules are imported inside each command so that `gdip --help` stays fast.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

validate_app = typer.Typer(
    help="Validate identifiers: 统一社会信用代码 (USCC) and patent application numbers.",
    no_args_is_help=True,
)
geo_app = typer.Typer(
    help="Resolve addresses to GB/T 2260 province/city/district codes (Guangdong first).",
    no_args_is_help=True,
)


def _invalid(code: str, message_zh: str, message_en: str) -> None:
    typer.echo(f"无效（{code}）：{message_zh}", err=True)
    typer.echo(f"invalid ({code}): {message_en}", err=True)
    raise typer.Exit(1)


@validate_app.command("uscc")
def validate_uscc_command(code: Annotated[str, typer.Argument(help="the 18-character code")]) -> None:
    """Check a 统一社会信用代码 (GB 32100-2015) and print its normalised form."""
    from gdip.core.validators import IdentifierError, validate_uscc

    try:
        normalised = validate_uscc(code)
    except IdentifierError as exc:
        _invalid(exc.code, exc.message_zh, exc.message_en)
        return
    typer.echo(f"valid: {normalised}")


@validate_app.command("appno")
def validate_appno_command(
    number: Annotated[str, typer.Argument(help="e.g. 'ZL 2021 1 0921116.9' or CN201810336559.X")],
    office: Annotated[
        str, typer.Option("--office", help="2-letter office code: CN, WO, EP, US, JP …")
    ] = "CN",
) -> None:
    """Check a patent application number and print its canonical form (kind and year for CN)."""
    from gdip.core.validators import (
        IdentifierError,
        normalise_application_number,
        parse_cn_application_number,
    )

    try:
        if office.strip().upper() == "CN":
            parsed = parse_cn_application_number(number)
            pct = ", PCT national phase" if parsed.pct else ""
            typer.echo(f"valid: {parsed.canonical} ({parsed.kind}, {parsed.year}{pct})")
        else:
            typer.echo(f"valid: {normalise_application_number(office, number)}")
    except IdentifierError as exc:
        _invalid(exc.code, exc.message_zh, exc.message_en)


_FIELDS = ("province_code", "city_code", "district_code", "city_name", "district_name", "confidence")


@geo_app.command("resolve")
def resolve_command(
    address: Annotated[str, typer.Argument(help="a Chinese, traditional-Chinese or English address")],
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Resolve an address to province, city and district codes."""
    from gdip.datacenter.normalise.geo import resolve_address

    match = resolve_address(address)
    if match is None:
        if as_json:
            empty: dict[str, object] = dict.fromkeys(_FIELDS)
            empty["confidence"] = 0
            typer.echo(json.dumps(empty, ensure_ascii=False))
        else:
            typer.echo(f"未能识别地址 / address not resolved: {address}", err=True)
        raise typer.Exit(1)
    values = {field: getattr(match, field) for field in _FIELDS}
    if as_json:
        typer.echo(json.dumps(values, ensure_ascii=False))
        return
    width = max(len(field) for field in _FIELDS)
    for field, value in values.items():
        typer.echo(f"{field:<{width}}  {'-' if value is None else value}")
