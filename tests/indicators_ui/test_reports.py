"""The annual and mid-term reports on the controlled lake: PDF read back with pdftotext, the
workbook with openpyxl, the HTML page; and the CLI."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from gdip.indicators import actions
from gdip.indicators.manual import manual_provider
from gdip.indicators.plans import load_plan
from gdip.indicators.reports import build_report_data, generate_report
from indicators.indicator_lake import SZ, build_lake
from indicators_ui.monitoring_world import PROV, population_table

pytestmark = pytest.mark.django_db
PLAN = load_plan("gd-14th")


@pytest.fixture
def data(world, lake):
    from gdip.datacenter.engines import get_engine

    mv = actions.do_create_manual_value(
        world.users["province_clerk"],
        plan_id="gd-14th",
        code="trademark_brand_index",
        region_code=PROV,
        year=2021,
        value="88.5",
        source_citation="中华商标协会《2021中国商标品牌发展指数》",
        submit=True,
    )
    actions.do_approve_manual_value(world.users["province_admin"], mv)
    return build_report_data(
        PLAN, get_engine(), year=2021, population=population_table(), manual=manual_provider("gd-14th")
    )


def test_the_pdf_report_has_the_chinese_names_and_exact_values(data, tmp_path):
    pdf = generate_report(data, "pdf").content
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "广东省知识产权保护和运用“十四五”规划年度监测报告（2021年）" in text
    lines = {" ".join(line.split()) for line in text.splitlines()}
    # row 1: baseline 13.5, target 20, value 0.75 → 0.8, progress (0.75 − 13.5)/6.5 = −196.2%,
    # linear projection 2.75 → 2.8
    assert any(
        "每万人口高价值发明专利拥有量 件 13.5 20 0.8 -196.2% 20% 2.8 (线性趋势) 滞后" in ln for ln in lines
    )
    assert any("商标品牌发展指数 分 87.95 90 88.50 26.8% 20% — 进度正常" in ln for ln in lines)
    assert any(
        "知识产权质押融资登记金额 亿元 (907.6) (2,500) 1.8 0.1% 20% 27.0 (线性趋势) 滞后" in ln
        for ln in lines
    )
    for heading in (
        "一、总体情况",
        "二、主要指标完成情况",
        "地市排名与贡献",
        "高价值发明专利（按认定条件）",
        "人工填报指标及来源",
        "数据说明",
    ):
        assert heading in text, heading
    raw = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "中华商标协会《2021中国商标品牌发展指数》" in "".join(raw.split())  # wrapped in its cell


def test_the_workbook_has_one_sheet_per_section_and_exact_cells(data):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(generate_report(data, "xlsx").content))
    assert wb.sheetnames == [
        "一、总体情况",
        "二、主要指标完成情况",
        "地市排名与贡献",
        "高价值发明专利（按认定条件）",
        "人工填报指标及来源",
        "数据说明",
    ]
    ws = wb["二、主要指标完成情况"]
    assert [c.value for c in ws[1]] == [
        "序号",
        "类别",
        "指标",
        "单位",
        "基期值",
        "目标值",
        "当年值",
        "完成进度 (%)",
        "应达进度 (%)",
        "预测值",
        "预测方法",
        "状态",
    ]
    assert [c.value for c in ws[2]] == [
        1,
        "高质量创造",
        "每万人口高价值发明专利拥有量",
        "件",
        13.5,
        "20",
        0.8,
        -196.2,
        20,
        2.8,
        "线性趋势",
        "滞后",
    ]
    assert [c.value for c in ws[5]][2:8] == ["知识产权质押融资登记金额", "亿元", 907.6, "(2,500)", 1.8, 0.1]
    rank = wb["地市排名与贡献"]
    rows = [[c.value for c in r] for r in rank.iter_rows(min_row=2)]
    assert ["知识产权质押融资登记金额", 1, "深圳市", SZ, 1.5, 83.3] in rows
    assert ["知识产权质押融资登记金额", 2, "广州市", "440100", 0.3, 16.7] in rows
    hv = wb["高价值发明专利（按认定条件）"]
    assert [c.value for c in hv[2]] == ["合计", None, 3, 0, 0, 1, 2, 0]
    manual = wb["人工填报指标及来源"]
    assert [c.value for c in manual[2]][:6] == [
        "商标品牌发展指数",
        "广东省",
        2021,
        88.5,
        "分",
        "中华商标协会《2021中国商标品牌发展指数》",
    ]
    assert not any(c.data_type == "f" for s in wb.worksheets for r in s.iter_rows() for c in r)


def test_the_html_report_is_self_contained(data):
    html = generate_report(data, "html").content.decode()
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert 'id="ind-high_value_invention_per_10k"' in html and "<svg" in html
    assert "88.50" in html and "中华商标协会" in html


def test_the_midterm_report_assesses_half_the_time_half_the_task(world, lake):
    from gdip.datacenter.engines import get_engine

    d = build_report_data(PLAN, get_engine(), year=2023, kind="midterm", population=population_table())
    html = generate_report(d, "html").content.decode()
    assert "中期评估报告（截至2023年底）" in html and "三、时间过半、任务过半" in html
    assert d["expected_progress"] == 0.6 and d["summary"]["measured"] >= 1


def test_the_report_command_writes_the_file(gdip_home, tmp_path):
    build_lake(gdip_home)
    out = tmp_path / "out" / "annual.xlsx"
    code = (
        "import sys; from gdip.indicators.report_cli import report_app; "
        "sys.argv[0]='gdip'; report_app(prog_name='gdip')"
    )
    env = {**os.environ, "GDIP_HOME": str(gdip_home)}
    run = subprocess.run(
        [sys.executable, "-c", code, "annual", "--year", "2021", "--format", "xlsx", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    from openpyxl import load_workbook

    ws = load_workbook(out)["二、主要指标完成情况"]
    assert ws["C5"].value == "知识产权质押融资登记金额" and ws["G5"].value == 1.8
    bad = subprocess.run(
        [sys.executable, "-c", code, "annual", "--format", "docx"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 2 and "--format" in bad.stderr
