"""The report (PDF read back with pdftotext, and HTML) and the `gdip value` commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from valuation_lake import P1, build_lake

from gdip.valuation.report import SECTION_HEADINGS, render_report
from gdip.valuation.service import valuate_patent

AS_OF = date(2025, 12, 31)


def test_pdf_report_has_the_sections_in_order_and_the_conclusion(engine, tmp_path):
    v = valuate_patent(engine, "CN", P1, as_of=AS_OF, revenue=[2e7, 2.2e7])
    pdf = render_report(v, tmp_path / "report.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    positions = [text.find(h) for h in SECTION_HEADINGS]
    assert all(p >= 0 for p in positions), [
        h for h, p in zip(SECTION_HEADINGS, positions, strict=True) if p < 0
    ]
    assert positions == sorted(positions)
    assert "专利资产评估报告" in text
    assert f"{v.conclusion.value:,.2f} 元" in text
    assert "收入分成法" in text and "敏感性分析" in text


def test_html_report_embeds_an_svg_chart_without_script(engine, tmp_path):
    v = valuate_patent(engine, "CN", P1, as_of=AS_OF, revenue=[2e7])
    html = render_report(v, tmp_path / "report.html").read_text("utf-8")
    assert "<svg" in html and "<script" not in html
    assert "WenQuanYi Micro Hei" in html
    assert v.params_digest in html


APP = (
    "import sys; from gdip.valuation.cli import value_app as app; sys.argv[0] = 'gdip'; app(prog_name='gdip')"
)


def run(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GDIP_HOME": str(home), "COLUMNS": "240"}
    return subprocess.run(
        [sys.executable, "-c", APP, *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_cli_degree_patent_and_report(gdip_home, tmp_path):
    build_lake(gdip_home)
    r = run(gdip_home, "degree", "CN", P1, "--as-of", "2025-12-31", "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["application_number"] == P1 and 0 < d["pvd"] <= 100
    assert {s["code"] for s in d["sub_scores"]} >= {"validity", "forward_citations", "financing"}
    r = run(
        gdip_home, "patent", "CN", P1, "--as-of", "2025-12-31", "--revenue", "20000000,22000000", "--json"
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["results"]["income"]["years"][0]["revenue"] == 20_000_000
    assert out["conclusion"]["value"] > 0
    r = run(gdip_home, "patent", "CN", "209900000000.1", "--as-of", "2025-12-31")
    assert r.returncode == 1 and "不在数据湖中" in r.stderr
    r = run(
        gdip_home,
        "report",
        "CN",
        P1,
        "--as-of",
        "2025-12-31",
        "--revenue",
        "20000000",
        "--out",
        str(tmp_path / "r.pdf"),
    )
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "r.pdf").read_bytes()[:5] == b"%PDF-"
    r = run(gdip_home, "portfolio", "--entity", "U:91440300MA5DEM0019", "--as-of", "2025-12-31", "--json")
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["rows"]) == 6
