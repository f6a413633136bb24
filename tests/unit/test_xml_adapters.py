"""Streaming patent XML adapters: exact records per format, safety refusals, bulk streaming."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest

from gdip.datacenter.adapters.issues import RecordIssue
from gdip.datacenter.adapters.xml_safety import SourceUnreadable, UnsafeXMLError
from gdip.datacenter.adapters.xml_st36 import empty_record, ipc_text, iter_st36, local_name
from gdip.datacenter.adapters.xml_uspto import iter_uspto

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "xml"


def _records(items: list[Any]) -> list[tuple[int, dict[str, Any]]]:
    return [item for item in items if not isinstance(item, RecordIssue)]


def _issues(items: list[Any]) -> list[RecordIssue]:
    return [item for item in items if isinstance(item, RecordIssue)]


# ---------------------------------------------------------------- ST.36 (CNIPA)

CN_INVENTION = {
    "office": "CN",
    "application_number": "202110921116.9",
    "kind": "invention",
    "pct": False,
    "title": "一种高镍正极材料及其制备方法和锂离子电池",
    "abstract": "本发明公开了一种高镍正极材料及其制备方法和锂离子电池。所述高镍正极材料包括内核和包覆层，"
    "内核为LiNi0.8Co0.1Mn0.1O2，包覆层为快离子导体，可提高材料的循环稳定性。",
    "filing_date": "20210812",
    "publication_number": "CN113567890A",
    "publication_date": "20211029",
    "grant_date": None,
    "grant_number": None,
    "status": None,
    "ipc": ["H01M 10/0525", "H01M 4/58", "H01M 10/058"],
    "ipc_main": "H01M 10/0525",
    "applicants": [
        {
            "name": "深圳市南山新能源科技有限公司",
            "address": "518057 广东省深圳市南山区粤海街道高新南七道20号深圳国家工程实验室大楼B座1201",
            "country": "CN",
            "uscc": None,
        },
        {"name": "华南理工大学", "address": "广东省广州市天河区五山路381号", "country": "CN", "uscc": None},
    ],
    "inventors": ["张伟", "李娜", "王小明"],
    "claims_count": 6,
    "family": [{"office": "US", "number": "63/071,234", "granted": None}],
    "awards": [],
    "citations": ["CN110212345", "JP2018123456"],
    "priority_date": "20200827",
    "agency": "深圳市精英专利事务所 44242",
}


def test_st36_bulk_file_yields_three_documents_with_exact_fields() -> None:
    items = list(iter_st36(FIXTURES / "cnipa_st36_3docs.xml"))
    assert [i[0] for i in _records(items)] == [1, 2, 3] and not _issues(items)
    (_, invention), (_, utility), (_, design) = _records(items)
    assert invention == CN_INVENTION
    assert utility == {
        **empty_record(),
        "office": "CN",
        "application_number": "202120345678.1",
        "kind": "utility",
        "title": "一种用于电子元件装配的协作机械臂",
        "abstract": "本实用新型公开了一种用于电子元件装配的协作机械臂，"
        "包括底座、旋转臂和末端夹爪，结构简单，装配精度高。",
        "filing_date": "20210207",
        "publication_number": "CN214123456U",
        "publication_date": "20210921",
        "grant_date": "20210921",
        "grant_number": "CN214123456U",
        "ipc": ["B25J 9/16", "B25J 19/00"],
        "ipc_main": "B25J 9/16",
        "applicants": [
            {
                "name": "广州天河智能装备有限公司",
                "address": "510663 广东省广州市黄埔区科学城科学大道182号C2栋501",
                "country": None,
                "uscc": None,
            }
        ],
        "inventors": ["陈志强", "黄丽"],
        "claims_count": 3,
        "agency": "广州华进联合专利商标代理有限公司 44224",
    }
    assert design["kind"] == "design"
    assert design["application_number"] == "202130123456.7"
    assert design["publication_number"] == "CN306789012S"
    assert design["grant_date"] == "20210824"
    assert design["ipc"] == [] and design["ipc_main"] is None
    assert design["claims_count"] is None
    assert design["applicants"] == [
        {"name": "林晓东", "address": "广东省东莞市", "country": "CN", "uscc": None}
    ]
    assert design["title"] == "智能音箱（X1）"


def test_st36_namespaced_business_vocabulary_single_document() -> None:
    items = list(iter_st36(FIXTURES / "cnipa_business_single.xml"))
    assert len(items) == 1
    ordinal, record = items[0]  # type: ignore[misc]
    assert ordinal == 1
    assert record == {
        **empty_record(),
        "office": "CN",
        "application_number": "202011234567.8",
        "kind": "invention",
        "title": "基于深度学习的电路板缺陷检测方法及系统",
        "abstract": "本发明公开了一种基于深度学习的电路板缺陷检测方法及系统，"
        "采用改进的卷积神经网络识别焊点缺陷，检测准确率高。",
        "filing_date": "20201015",
        "publication_number": "CN112345678B",
        "publication_date": "20230512",
        "grant_date": "20230512",
        "grant_number": "CN112345678B",
        "ipc": ["G06N 3/08", "G06T 7/00"],
        "ipc_main": "G06N 3/08",
        "applicants": [
            {
                "name": "广东工业大学",
                "address": "510006 广东省广州市番禺区大学城外环西路100号",
                "country": None,
                "uscc": None,
            },
            {
                "name": "佛山市顺德区美智电子有限公司",
                "address": "528300 广东省佛山市顺德区大良街道五沙社区顺通路8号",
                "country": None,
                "uscc": None,
            },
        ],
        "inventors": ["刘洋", "周敏"],
        "claims_count": 3,
        "citations": ["CN109886910", "US2019/0197358"],
        "agency": "广州粤高专利商标代理有限公司 44102",
    }


def test_st36_utf16_file_reads_like_utf8(tmp_path: Path) -> None:
    text = (FIXTURES / "cnipa_business_single.xml").read_text("utf-8")
    path = tmp_path / "utf16.xml"
    path.write_bytes(text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    [(ordinal, record)] = list(iter_st36(path))  # type: ignore[misc]
    assert ordinal == 1 and record["publication_number"] == "CN112345678B"


EP_SDOBI = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE ep-patent-document SYSTEM "ep-patent-document-v1-5.dtd">
<ep-patent-document id="EP3456789B1" file="EP18812345NWB1.xml" lang="en" country="EP" doc-number="3456789"
 kind="B1" date-publ="20210714" status="n" dtd-version="ep-patent-document-v1-5">
<SDOBI lang="en">
<B100><B110>3456789</B110><B120><B121>EUROPEAN PATENT SPECIFICATION</B121></B120><B130>B1</B130>
<B140><date>20210714</date></B140><B190>EP</B190></B100>
<B200><B210>18812345.6</B210><B220><date>20181105</date></B220><B250>zh</B250><B251EP>en</B251EP></B200>
<B300><B310>201710987654</B310><B320><date>20171106</date></B320><B330><ctry>CN</ctry></B330></B300>
<B400><B405><date>20210714</date><bnum>202128</bnum></B405>
<B450><date>20210714</date><bnum>202128</bnum></B450></B400>
<B500><B510EP><classification-ipcr sequence="1">
<text>H04W  72/04        20090101AFI20190312BHEP        </text>
</classification-ipcr></B510EP>
<B540><B541>de</B541><B542>RESSOURCENZUWEISUNGSVERFAHREN</B542><B541>en</B541>
<B542>RESOURCE ALLOCATION METHOD AND DEVICE</B542><B541>fr</B541><B542>PROCÉDÉ D'ATTRIBUTION</B542></B540>
<B560><B561><text>WO-A1-2017/123456</text></B561><B561><text>US-A1- 2016 0123456</text></B561></B560></B500>
<B700><B720><B721><snm>CHEN, Jing</snm><adr><str>Huawei Administration Building</str><city>Shenzhen,
 Guangdong 518129</city><ctry>CN</ctry></adr></B721></B720>
<B730><B731><snm>Huawei Technologies Co., Ltd.</snm><iid>101356542</iid><irf>P123</irf><adr>
<str>Huawei Administration Building Bantian Longgang District</str><city>Shenzhen, Guangdong 518129</city>
<ctry>CN</ctry></adr></B731></B730>
<B740><B741><snm>Körber, Martin Hans</snm><iid>100040161</iid><adr><str>Mitscherlich PartmbB</str>
<city>80331 München</city><ctry>DE</ctry></adr></B741></B740></B700>
</SDOBI>
<abstract id="abst" lang="en"><p id="pa01" num="0001">A resource allocation method is provided.</p></abstract>
<claims id="claims01" lang="en"><claim id="c-en-0001" num="0001"><claim-text>A method.</claim-text></claim>
<claim id="c-en-0002" num="0002"><claim-text>A device.</claim-text></claim></claims>
<claims id="claims02" lang="de">
<claim id="c-de-0001" num="0001"><claim-text>Verfahren.</claim-text></claim></claims>
</ep-patent-document>
"""


def test_st36_epo_sdobi_document(tmp_path: Path) -> None:
    path = tmp_path / "EP3456789B1.xml"
    path.write_text(EP_SDOBI, "utf-8")
    [(ordinal, record)] = list(iter_st36(path))  # type: ignore[misc]
    assert ordinal == 1
    assert record == {
        **empty_record(),
        "office": "EP",
        "application_number": "18812345.6",
        "kind": "invention",
        "title": "RESOURCE ALLOCATION METHOD AND DEVICE",
        "abstract": "A resource allocation method is provided.",
        "filing_date": "20181105",
        "publication_number": "EP3456789B1",
        "publication_date": "20210714",
        "grant_date": "20210714",
        "grant_number": "EP3456789B1",
        "ipc": ["H04W 72/04"],
        "ipc_main": "H04W 72/04",
        "applicants": [
            {
                "name": "Huawei Technologies Co., Ltd.",
                "address": "Huawei Administration Building Bantian Longgang District, "
                "Shenzhen, Guangdong 518129, CN",
                "country": "CN",
                "uscc": None,
            }
        ],
        "inventors": ["CHEN, Jing"],
        "claims_count": 2,
        "family": [{"office": "CN", "number": "201710987654", "granted": None}],
        "citations": ["WO-A1-2017/123456", "US-A1-20160123456"],
        "priority_date": "20171106",
        "agency": "Körber, Martin Hans",
    }


def test_st36_syntax_error_keeps_earlier_documents(tmp_path: Path) -> None:
    text = (FIXTURES / "cnipa_st36_3docs.xml").read_text("utf-8")
    broken = text.replace("<name>广州天河智能装备有限公司</name>", "<name>广州天河智能装备有限公司</nam>")
    path = tmp_path / "broken.xml"
    path.write_text(broken, "utf-8")
    items = list(iter_st36(path))
    assert [i[0] for i in _records(items)] == [1]
    [issue] = _issues(items)
    line = broken.splitlines().index(next(x for x in broken.splitlines() if "</nam>" in x)) + 1
    assert issue.position == 2 and issue.code == "xml_syntax"
    assert f"line {line}" in issue.message_en and f"第 {line} 行" in issue.message_zh


def test_st36_releases_finished_documents(tmp_path: Path) -> None:
    # Many documents under one wrapper: each is cleared after use, so the parse keeps working
    # on a tree that never holds more than one document.
    doc = (FIXTURES / "cnipa_st36_3docs.xml").read_text("utf-8")
    body = doc[doc.index("<cn-patent-document ") : doc.index("</cn-patent-documents>")]
    path = tmp_path / "many.xml"
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<cn-patent-documents>{body * 300}</cn-patent-documents>'
    )
    items = list(iter_st36(path))
    assert len(items) == 900 and not _issues(items)
    assert items[-1][1]["kind"] == "design"  # type: ignore[index]


def test_st36_non_patent_xml_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<?xml version='1.0'?><catalog><book/></catalog>")
    with pytest.raises(SourceUnreadable) as exc:
        list(iter_st36(path))
    assert "<catalog>" in exc.value.message_en and "<catalog>" in exc.value.message_zh


# ---------------------------------------------------------------- USPTO


US_SHENZHEN = {
    "office": "US",
    "application_number": "17123456",
    "kind": "invention",
    "pct": False,
    "title": "Laser radar with adaptive scanning and method for controlling the same",
    "abstract": "A laser radar includes a light emitter, a scanning mirror and a controller. The controller "
    "adjusts the scanning speed of the mirror according to the distance of targets in a region of "
    "interest, so that the point density in the region of interest is increased without reducing the "
    "frame rate.",
    "filing_date": "20201216",
    "publication_number": "US11234567B2",
    "publication_date": "20220201",
    "grant_date": "20220201",
    "grant_number": "US11234567B2",
    "status": None,
    "ipc": ["G01S 17/931", "G01S 7/481"],
    "ipc_main": "G01S 17/931",
    "applicants": [
        {
            "name": "Shenzhen Qianhai Photonics Technology Co., Ltd.",
            "address": "Shenzhen, Guangdong, CN",
            "country": "CN",
            "uscc": None,
        }
    ],
    "inventors": ["Wei Zhang", "Xiaoming Liu"],
    "claims_count": 3,
    "family": [{"office": "CN", "number": "202010456789.1", "granted": None}],
    "awards": [],
    "citations": ["US9869754", "US2019/0011567", "CN108132472"],
    "priority_date": "20200525",
    "agency": "Westbridge IP LLC",
}


def test_uspto_bulk_file_yields_three_grants_with_exact_fields() -> None:
    items = list(iter_uspto(FIXTURES / "ipg_3docs.xml"))
    assert not _issues(items)
    assert [i[0] for i in _records(items)] == [1, 247, 352]
    (_, first), (_, design), (_, third) = _records(items)
    assert first == US_SHENZHEN
    assert design == {
        **empty_record(),
        "office": "US",
        "application_number": "29812345",
        "kind": "design",
        "title": "Smart speaker",
        "filing_date": "20211020",
        "publication_number": "USD0987654S1",
        "publication_date": "20230530",
        "grant_date": "20230530",
        "grant_number": "USD0987654S1",
        "applicants": [
            {
                "name": "Dongguan Sound Acoustics Co., Ltd.",
                "address": "Dongguan, CN",
                "country": "CN",
                "uscc": None,
            }
        ],
        "inventors": ["Xiaodong Lin"],
        "claims_count": 1,
        "citations": ["USD845270"],
    }
    assert third["family"] == [
        {"office": "US", "number": "16789012", "granted": True},
        {"office": "US", "number": "62804567", "granted": None},
    ]
    assert third["priority_date"] == "20190212"
    assert third["applicants"] == [
        {"name": "Volta Energy Systems, Inc.", "address": "Austin, TX, US", "country": "US", "uscc": None}
    ]
    assert third["inventors"] == ["Sarah J. Miller"]
    assert third["agency"] is None  # the attorney is a person, not a firm
    assert third["ipc"] == ["H02J 7/00"] and third["claims_count"] == 2


def test_uspto_real_grant_from_patent_parsing_tools() -> None:
    # A real USPTO grant (v4.5 DTD, CRLF line ends); expected values read from the file.
    [(line, record)] = list(iter_uspto(FIXTURES / "US08927386-20150106.XML"))  # type: ignore[misc]
    assert line == 1
    assert record == {
        "office": "US",
        "application_number": "13878453",
        "kind": "invention",
        "pct": True,
        "title": "Method for manufacturing deep-trench super PN junctions",
        "abstract": (
            "The present invention provides a method for manufacturing a deep-trench super PN junction."
            " The method includes: a deposition step for forming an epitaxial layer on a substrate; "
            "forming a first dielectric layer and a second dielectric layer in sequence on the "
            "epitaxial layer; forming deep trenches in the epitaxial layer; completely filling the deep"
            " trenches with an epitaxial material and the epitaxial material is beyond the second "
            "dielectric layer; filling the entire surface of the second dielectric layer and the "
            "epitaxial layer such as Si using a third dielectric to from a surface filling layer with a"
            " predetermined height; etching back on the surface filling layer to the interface of the "
            "first dielectric layer and the epitaxial layer; and a removing step for removing the first"
            " dielectric layer, the second dielectric layer and the surface filling layer to planarize "
            "Si epitaxial material."
        ),
        "filing_date": "20120531",
        "publication_number": "US08927386B2",
        "publication_date": "20150106",
        "grant_date": "20150106",
        "grant_number": "US08927386B2",
        "status": None,
        "ipc": ["H01L 21/04", "H01L 21/761", "H01L 29/66", "H01L 29/06", "H01L 21/3065"],
        "ipc_main": "H01L 21/04",
        "applicants": [
            {
                "name": "CSMC Technologies FAB1 Co., Ltd.",
                "address": "Wuxi, CN",
                "country": "CN",
                "uscc": None,
            },
            {
                "name": "CSMC Technologies FAB2 Co., Ltd.",
                "address": "Wuxi, CN",
                "country": "CN",
                "uscc": None,
            },
        ],
        "inventors": ["Tzong Shiann Wu", "Genyi Wang", "Leibing Yuan", "Pengpeng Wu"],
        "claims_count": 19,
        "family": [{"office": "CN", "number": "2011 1 0151784", "granted": None}],
        "awards": [],
        "citations": ["US5923073", "US8159039", "US2007/0072398", "US2011/0306189", "US2013/0149822"],
        "priority_date": "20110608",
        "agency": "Anova Law Group, PLLC",
    }


def test_uspto_malformed_middle_document_is_an_issue_and_the_rest_load() -> None:
    items = list(iter_uspto(FIXTURES / "ipg_malformed_middle.xml"))
    records, issues = _records(items), _issues(items)
    assert len(records) == 2 and len(issues) == 1
    assert [r[1]["publication_number"] for r in records] == ["US11234567B2", "US11345678B1"]
    issue = issues[0]
    assert issue.position == 247 and issue.code == "xml_syntax"
    assert "line 278" in issue.message_en and "第 278 行" in issue.message_zh
    assert issue.raw is not None and issue.raw.startswith('<?xml version="1.0"')
    assert items.index(issue) == 1  # reported in file order


def test_uspto_declaration_sharing_a_line_and_application_documents(tmp_path: Path) -> None:
    text = (FIXTURES / "ipg_3docs.xml").read_text("utf-8")
    joined = text.replace("</us-patent-grant>\n<?xml", "</us-patent-grant><?xml", 1)
    path = tmp_path / "joined.xml"
    path.write_text(joined, "utf-8")
    items = list(iter_uspto(path))
    assert [i[0] for i in _records(items)] == [1, 246, 351]
    application = (
        text.split("<?xml")[1]
        .replace("us-patent-grant", "us-patent-application")
        .replace("us-bibliographic-data-grant", "us-bibliographic-data-application")
    )
    path.write_text("<?xml" + application, "utf-8")
    [(_, record)] = list(iter_uspto(path))  # type: ignore[misc]
    assert record["grant_date"] is None and record["grant_number"] is None
    assert record["publication_date"] == "20220201"


# ---------------------------------------------------------------- safety


@pytest.mark.parametrize("reader", [iter_st36, iter_uspto])
@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("billion_laughs.xml", "xml_entity_declared"),
        ("xxe_file.xml", "xml_external_entity"),
        ("xxe_http.xml", "xml_external_entity"),
    ],
)
def test_unsafe_single_document_file_is_refused(reader: Any, name: str, code: str) -> None:
    with pytest.raises(UnsafeXMLError) as exc:
        list(reader(FIXTURES / name))
    assert exc.value.code == code
    assert exc.value.message_zh and exc.value.message_en


def test_unsafe_document_in_concatenated_file_is_rejected_alone(tmp_path: Path) -> None:
    docs = ["<?xml" + d for d in (FIXTURES / "ipg_3docs.xml").read_text("utf-8").split("<?xml")[1:]]
    evil = (FIXTURES / "xxe_file.xml").read_text("utf-8")
    laughs = (FIXTURES / "billion_laughs.xml").read_text("utf-8")
    path = tmp_path / "ipg_mixed.xml"
    path.write_text(docs[0] + evil + docs[1] + laughs + docs[2], "utf-8")
    items = list(iter_uspto(path))
    assert [r[1]["publication_number"] for r in _records(items)] == [
        "US11234567B2",
        "USD0987654S1",
        "US11345678B1",
    ]
    evil_line = docs[0].count("\n") + 1
    laughs_line = evil_line + evil.count("\n") + docs[1].count("\n")
    assert [(i.code, i.position) for i in _issues(items)] == [
        ("xml_external_entity", evil_line),
        ("xml_entity_declared", laughs_line),
    ]
    assert evil_line == 247
    assert "passwd" in (_issues(items)[0].raw or "")  # the excerpt shows what was refused


def test_external_dtd_is_never_loaded(tmp_path: Path) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY secret "LEAKED">')
    doc = (FIXTURES / "ipg_3docs.xml").read_text("utf-8").split("<?xml")[1]
    plain = "<?xml" + doc.replace("us-patent-grant-v47-2022-02-17.dtd", dtd.as_uri())
    path = tmp_path / "ext.xml"
    path.write_text(plain, "utf-8")
    [(_, record)] = list(iter_uspto(path))  # type: ignore[misc]
    assert "LEAKED" not in repr(record)
    # Using an entity only the external DTD could define is refused, not resolved.
    path.write_text(plain.replace(">Laser radar with", ">&secret; Laser radar with"), "utf-8")
    with pytest.raises(UnsafeXMLError) as exc:
        list(iter_uspto(path))
    assert exc.value.code == "xml_external_entity"


def test_undefined_entity_reference_is_refused(tmp_path: Path) -> None:
    text = (FIXTURES / "cnipa_business_single.xml").read_text("utf-8")
    path = tmp_path / "undefined.xml"
    path.write_text(text.replace("检测准确率高", "检测准确率高&nbsp;"), "utf-8")
    with pytest.raises(UnsafeXMLError) as exc:
        list(iter_st36(path))
    assert exc.value.code == "xml_undefined_entity"


def test_predefined_and_numeric_references_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "refs.xml"
    text = (FIXTURES / "cnipa_business_single.xml").read_text("utf-8")
    path.write_text(
        text.replace("广东工业大学", "广东&amp;工业&#x5927;&#23398;&lt;&gt;&quot;&apos;"), "utf-8"
    )
    [(_, record)] = list(iter_st36(path))  # type: ignore[misc]
    assert record["applicants"][0]["name"] == "广东&工业大学<>\"'"


@pytest.mark.parametrize("reader", [iter_st36, iter_uspto])
def test_not_xml_files_are_unreadable(reader: Any, tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    packed = tmp_path / "ipg.xml.gz"
    packed.write_bytes(gzip.compress(b"<?xml version='1.0'?><a/>"))
    text = tmp_path / "notes.xml"
    text.write_text("专利清单\n")
    for path in (FIXTURES / "not_xml.png", empty, packed, text):
        with pytest.raises(SourceUnreadable) as exc:
            list(reader(path))
        assert exc.value.message_zh and exc.value.message_en


# ---------------------------------------------------------------- helpers and scale


def test_name_and_ipc_normalisation() -> None:
    assert local_name("{http://www.sipo.gov.cn/XMLSchema/base}WIPOST3Code") == "country"
    assert local_name("{http://www.sipo.gov.cn/XMLSchema/business}ClassificationIPCRDetails") == (
        "classifications-ipcr"
    )
    assert local_name("cn-bibliographic-data") == "bibliographic-data"
    assert local_name("DocumentID") == "document-id"
    assert local_name("B510EP") == "b510-ep"
    assert ipc_text("H01M  10/0525  20100101AFI20211029BHCN") == "H01M 10/0525"
    assert ipc_text("G06F017/60") == "G06F 17/60"
    assert ipc_text("7A 01J 5/017") == "A01J 5/017"
    assert ipc_text("not a symbol") == "not a symbol"


def _write_generated_ipg(path: Path, n: int) -> None:
    template = "<?xml" + (FIXTURES / "ipg_3docs.xml").read_text("utf-8").split("<?xml")[1]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(
                template.replace(
                    "<doc-number>11234567</doc-number>", f"<doc-number>{11_000_000 + i}</doc-number>"
                )
            )


def test_generated_bulk_file_streams_2000_documents(tmp_path: Path) -> None:
    path = tmp_path / "ipg220201.xml"
    _write_generated_ipg(path, 2000)
    count = 0
    numbers = set()
    for item in iter_uspto(path):
        assert not isinstance(item, RecordIssue)
        count += 1
        numbers.add(item[1]["publication_number"])
    assert count == 2000 and len(numbers) == 2000
