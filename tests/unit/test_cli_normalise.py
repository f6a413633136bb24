"""`validate` and `geo` commands, run through Typer's test runner."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from gdip.cli.normalise import geo_app, validate_app

app = typer.Typer()
app.add_typer(validate_app, name="validate")
app.add_typer(geo_app, name="geo")
runner = CliRunner()


def test_uscc_valid() -> None:
    result = runner.invoke(app, ["validate", "uscc", "91440300708461136t"])
    assert result.exit_code == 0
    assert result.stdout == "valid: 91440300708461136T\n"


def test_uscc_invalid() -> None:
    result = runner.invoke(app, ["validate", "uscc", "91440300708461136A"])
    assert result.exit_code == 1
    assert "统一社会信用代码校验位错误：应为 T，实为 A" in result.output
    assert "USCC check character is wrong: expected T, got A" in result.output
    assert "uscc_check" in result.output


def test_appno_valid() -> None:
    result = runner.invoke(app, ["validate", "appno", "ZL 2021 1 0921116.9"])
    assert result.exit_code == 0
    assert result.stdout == "valid: 202110921116.9 (invention, 2021)\n"
    digits = "202080012345"
    from gdip.core.validators import cn_check_digit

    result = runner.invoke(app, ["validate", "appno", digits + cn_check_digit(digits)])
    assert result.exit_code == 0
    assert (
        result.stdout == f"valid: {digits}.{cn_check_digit(digits)} (invention, 2020, PCT national phase)\n"
    )


def test_appno_other_office() -> None:
    result = runner.invoke(app, ["validate", "appno", "EP 21 123 456.7", "--office", "EP"])
    assert result.exit_code == 0
    assert result.stdout == "valid: 211234567\n"


def test_appno_invalid() -> None:
    result = runner.invoke(app, ["validate", "appno", "202110921116.8"])
    assert result.exit_code == 1
    assert "申请号校验位错误：应为 9，实为 8" in result.output
    assert "application number check digit is wrong: expected 9, got 8" in result.output


def test_geo_resolve_json() -> None:
    result = runner.invoke(app, ["geo", "resolve", "广东省深圳市南山区粤海街道", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "province_code": "440000",
        "city_code": "440300",
        "district_code": "440305",
        "city_name": "深圳市",
        "district_name": "南山区",
        "confidence": 1.0,
    }
    assert "深圳市" in result.stdout  # ensure_ascii=False


def test_geo_resolve_table() -> None:
    result = runner.invoke(app, ["geo", "resolve", "东莞市长安镇"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["province_code", "440000"]
    assert lines[2].split() == ["district_code", "-"]
    assert lines[3].split() == ["city_name", "东莞市"]


def test_geo_resolve_unresolved() -> None:
    result = runner.invoke(app, ["geo", "resolve", "Tokyo, Japan", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "province_code": None,
        "city_code": None,
        "district_code": None,
        "city_name": None,
        "district_name": None,
        "confidence": 0,
    }
    result = runner.invoke(app, ["geo", "resolve", "California"])
    assert result.exit_code == 1
    assert "address not resolved: California" in result.output
