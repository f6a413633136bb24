"""Streamed CSV and Excel exports: exact content, formula neutralisation, sign-in required."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest
from web_lake import FORMULA_TITLE, P1, P3, P5

pytestmark = pytest.mark.django_db

HEADER = [
    "受理局",
    "申请号",
    "专利类型",
    "PCT",
    "名称",
    "申请人",
    "申请日",
    "公开号",
    "授权日",
    "法律状态",
    "主分类号",
    "IPC 分类号",
    "申请人类型",
    "地市",
    "区县",
]
PENGCHENG = "深圳市鹏城新能源科技有限公司"


def test_anonymous_export_redirects_to_login(lake, client):
    for url in (
        "/patents/export.csv",
        "/patents/export.xlsx",
        "/trademarks/export.csv",
        "/en/patents/export.xlsx",
    ):
        r = client.get(url, {"city": "440300"})
        assert r.status_code == 302, url
        assert r["Location"].startswith("/accounts/login/?next=") or r["Location"].startswith(
            "/en/accounts/login/"
        )


def test_csv_export_is_streamed_with_bom_and_exact_rows(lake, client, enterprise_user):
    client.force_login(enterprise_user)
    r = client.get("/patents/export.csv", {"city": "440300"})
    assert r.status_code == 200 and r.streaming
    assert r["Content-Type"] == "text/csv; charset=utf-8"
    assert r["Content-Disposition"].startswith('attachment; filename="gdip-patents-')
    body = b"".join(r.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    assert body[1:].split("\r\n") == [
        ",".join(HEADER),
        f"CN,{P3},实用新型,否,一种电池包散热结构,{PENGCHENG},2021-05-10,CN215000003U,2021-12-01,有效,"
        "H01M 10/613,H01M 10/613,企业,440300,440305",
        f"CN,{P1},发明,否,一种锂离子电池正极材料的制备方法1,{PENGCHENG},2019-03-15,CN109000001A,2021-06-30,有效,"
        "H01M 4/525,H01M 4/525; H01M 10/0525,企业,440300,440305",
        # A title that a spreadsheet would run as a formula is quoted with a leading apostrophe.
        f'CN,{P5},发明,否,"\'=HYPERLINK(""http://evil.example/"",""点击"")",{PENGCHENG},2018-02-01,CN108000005A,'
        "2021-06-30,有效,H01M 4/525,H01M 4/525; H01M 10/0525,企业,440300,440305",
        "",
    ]


def test_csv_export_in_english_and_for_trademarks(lake, client, enterprise_user):
    client.force_login(enterprise_user)
    body = b"".join(client.get("/en/trademarks/export.csv", {"status": "valid"}).streaming_content).decode()
    lines = body[1:].split("\r\n")
    assert lines[0] == (
        "Office,Application number,Registration number,Mark,Mark type,Nice classes,Applicants,"
        "Filing date,Registration date,Expiry date,Legal status,Madrid,Applicant type,City,District"
    )
    assert lines[1:] == [
        f"CN,12345678,12345678,鹏城,Word mark,9; 42,{PENGCHENG},2015-01-05,2016-03-07,2036-03-06,Valid,No,"
        "Enterprise,440300,440305",
        "CN,23456789,,潮汕牛肉丸,Combined mark,29,汕头市牛肉丸行业协会,2012-01-05,2013-03-07,2033-03-06,"
        "Valid,No,Other,440500,440511",
        "",
    ]


def test_xlsx_export_opens_with_exact_rows_and_text_cells(lake, client, enterprise_user):
    client.force_login(enterprise_user)
    r = client.get("/patents/export.xlsx", {"city": "440300"})
    assert r.status_code == 200
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert workbook.sheetnames == ["patents-1"]
    sheet = workbook["patents-1"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    day = datetime.fromisoformat
    assert rows[1:] == [
        [
            "CN",
            P3,
            "实用新型",
            "否",
            "一种电池包散热结构",
            PENGCHENG,
            day("2021-05-10"),
            "CN215000003U",
            day("2021-12-01"),
            "有效",
            "H01M 10/613",
            "H01M 10/613",
            "企业",
            "440300",
            "440305",
        ],
        [
            "CN",
            P1,
            "发明",
            "否",
            "一种锂离子电池正极材料的制备方法1",
            PENGCHENG,
            day("2019-03-15"),
            "CN109000001A",
            day("2021-06-30"),
            "有效",
            "H01M 4/525",
            "H01M 4/525; H01M 10/0525",
            "企业",
            "440300",
            "440305",
        ],
        [
            "CN",
            P5,
            "发明",
            "否",
            FORMULA_TITLE,
            PENGCHENG,
            day("2018-02-01"),
            "CN108000005A",
            day("2021-06-30"),
            "有效",
            "H01M 4/525",
            "H01M 4/525; H01M 10/0525",
            "企业",
            "440300",
            "440305",
        ],
    ]
    formula_cell = sheet.cell(row=4, column=5)
    assert formula_cell.value == FORMULA_TITLE and formula_cell.data_type == "s"


def test_empty_xlsx_export_still_has_the_header(lake, client, enterprise_user):
    client.force_login(enterprise_user)
    r = client.get("/patents/export.xlsx", {"city": "445300"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert [list(row) for row in workbook.active.iter_rows(values_only=True)] == [HEADER]


def test_export_with_bad_filters_is_400(lake, client, enterprise_user):
    client.force_login(enterprise_user)
    r = client.get("/patents/export.csv", {"year": "abc"})
    assert r.status_code == 400 and "year: Enter a whole number." in r.content.decode()


def test_export_survives_other_queries_while_streaming(lake, client, enterprise_user):
    """A streamed export uses its own engine connection: a page served meanwhile cannot cut it short."""
    from gdip.datacenter import queries
    from gdip.datacenter.engines import get_engine

    batches = queries.iter_records(get_engine(), "patents", queries.RecordFilter(), batch_size=1)
    first = next(batches)
    assert client.get("/").status_code == 200  # runs queries on the shared engine
    rest = list(batches)
    assert first.num_rows + sum(b.num_rows for b in rest) == 5
