"""Synthetic patent XML bulk files for measuring XML ingest throughput at scale.

``write_uspto_file`` writes an ``ipgYYMMDD.xml``-style file of concatenated ``us-patent-grant``
documents; ``write_st36_file`` a CNIPA-style ``<cn-patent-documents>`` file. Both follow the
element structure of the fixtures in tests/fixtures/xml, vary numbers, dates, parties and
classifications deterministically (seeded), and carry a description and claims so a document
weighs several kilobytes, as real ones do (real grants are larger still: figures are not
inlined, but long descriptions are).

Run ``python bench/xml_gen.py [N]`` to write both files and print the parsers' documents/s.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

from gdip.core.validators import cn_check_digit

__all__ = ["write_st36_file", "write_uspto_file"]

_US_ASSIGNEES = [
    ("Shenzhen Qianhai Photonics Technology Co., Ltd.", "Shenzhen, Guangdong", None, "CN"),
    ("Guangzhou Xiaopeng Motors Technology Co., Ltd.", "Guangzhou, Guangdong", None, "CN"),
    ("Dongguan Sound Acoustics Co., Ltd.", "Dongguan", None, "CN"),
    ("Volta Energy Systems, Inc.", "Austin", "TX", "US"),
    ("Nordic Sensorik GmbH", "Munich", None, "DE"),
    ("Kawasaki Precision Corporation", "Kobe", None, "JP"),
]
_CN_APPLICANTS = [
    ("深圳市南山新能源科技有限公司", "518057 广东省深圳市南山区粤海街道高新南七道20号"),
    ("华南理工大学", "510640 广东省广州市天河区五山路381号"),
    ("广州天河智能装备有限公司", "510663 广东省广州市黄埔区科学城科学大道182号"),
    ("佛山市顺德区美智电子有限公司", "528300 广东省佛山市顺德区大良街道顺通路8号"),
    ("珠海格力精密模具有限公司", "519070 广东省珠海市香洲区前山金鸡西路"),
    ("东莞市松山湖材料研究院", "523808 广东省东莞市松山湖高新技术产业开发区大学路1号"),
]
_FIRST = ["Wei", "Xiaoming", "Jing", "Sarah", "Hiroshi", "Anna", "Li", "Jun"]
_LAST = ["Zhang", "Liu", "Chen", "Miller", "Tanaka", "Schmidt", "Wang", "Huang"]
_CN_NAMES = ["张伟", "李娜", "王小明", "陈志强", "黄丽", "刘洋", "周敏", "林晓东"]
_IPC = [
    ("H", "01", "M", "10", "0525"),
    ("G", "06", "N", "3", "08"),
    ("B", "25", "J", "9", "16"),
    ("G", "01", "S", "17", "931"),
    ("H", "04", "W", "72", "04"),
    ("A", "61", "K", "31", "4439"),
]
_SENTENCE = (
    "The controller adjusts the operating parameters of the device according to the measured signal, "
    "so that the efficiency is improved without increasing the cost of the system. "
)
_CN_SENTENCE = "所述控制器根据测量信号调整装置的工作参数，从而在不增加系统成本的情况下提高效率。"


def _date(rng: random.Random, year: int) -> str:
    return f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"


def _ipcr(section: str, cls: str, sub: str, main: str, subgroup: str, position: str) -> str:
    return (
        "<classification-ipcr>\n<ipc-version-indicator><date>20060101</date></ipc-version-indicator>\n"
        f"<classification-level>A</classification-level>\n<section>{section}</section>\n<class>{cls}</class>\n"
        f"<subclass>{sub}</subclass>\n<main-group>{main}</main-group>\n<subgroup>{subgroup}</subgroup>\n"
        f"<symbol-position>{position}</symbol-position>\n<classification-value>I</classification-value>\n"
        "</classification-ipcr>\n"
    )


def _uspto_document(rng: random.Random, i: int) -> str:
    number = 11_000_000 + i
    year = rng.randint(2018, 2022)
    filed, granted = _date(rng, year - 2), _date(rng, year)
    org, city, state, country = rng.choice(_US_ASSIGNEES)
    state_xml = f"<state>{state}</state>\n" if state else ""
    ipcs = rng.sample(_IPC, 2)
    priority = ""
    if country == "CN":
        priority = (
            '<priority-claims>\n<priority-claim sequence="01" kind="national">\n<country>CN</country>\n'
            f"<doc-number>{year - 3}1{rng.randint(0, 9_999_999):07d}.{rng.randint(0, 9)}</doc-number>\n"
            f"<date>{_date(rng, year - 3)}</date>\n</priority-claim>\n</priority-claims>\n"
        )
    citations = "".join(
        f'<us-citation>\n<patcit num="{k:05d}">\n<document-id>\n<country>US</country>\n'
        f"<doc-number>{rng.randint(5_000_000, 10_999_999)}</doc-number>\n<kind>B2</kind>\n"
        f"<name>Smith et al.</name>\n<date>{year - 5}0100</date>\n</document-id>\n</patcit>\n"
        "<category>cited by examiner</category>\n</us-citation>\n"
        for k in range(1, rng.randint(3, 12))
    )
    inventors = "".join(
        f'<inventor sequence="{k:02d}" designation="us-only">\n<addressbook>\n'
        f"<last-name>{rng.choice(_LAST)}</last-name>\n<first-name>{rng.choice(_FIRST)}</first-name>\n"
        f"<address>\n<city>{city}</city>\n{state_xml}<country>{country}</country>\n</address>\n"
        "</addressbook>\n</inventor>\n"
        for k in range(rng.randint(1, 4))
    )
    n_claims = rng.randint(3, 20)
    claims = "".join(
        f'<claim id="CLM-{k:05d}" num="{k:05d}">\n<claim-text>{k}. The device according to claim 1, '
        f"wherein the controller is configured to adjust a parameter.</claim-text>\n</claim>\n"
        for k in range(1, n_claims + 1)
    )
    paragraphs = "".join(
        f'<p id="p-{k:04d}" num="{k:04d}">{_SENTENCE * rng.randint(1, 4)}</p>\n' for k in range(2, 14)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE us-patent-grant SYSTEM "us-patent-grant-v47-2022-02-17.dtd" [ ]>\n'
        f'<us-patent-grant lang="EN" dtd-version="v4.7 2022-02-17" file="US{number}-{granted}.XML" '
        f'status="PRODUCTION" id="us-patent-grant" country="US" date-produced="{granted}" '
        f'date-publ="{granted}">\n'
        "<us-bibliographic-data-grant>\n"
        f"<publication-reference>\n<document-id>\n<country>US</country>\n<doc-number>{number}</doc-number>\n"
        f"<kind>B2</kind>\n<date>{granted}</date>\n</document-id>\n</publication-reference>\n"
        '<application-reference appl-type="utility">\n<document-id>\n<country>US</country>\n'
        f"<doc-number>{16_000_000 + i}</doc-number>\n<date>{filed}</date>\n</document-id>\n"
        "</application-reference>\n<us-application-series-code>16</us-application-series-code>\n"
        f"{priority}<classifications-ipcr>\n{_ipcr(*ipcs[0], 'F')}{_ipcr(*ipcs[1], 'L')}"
        "</classifications-ipcr>\n"
        f'<invention-title id="d2e61">Adaptive control device and method {i}</invention-title>\n'
        f"<us-references-cited>\n{citations}</us-references-cited>\n"
        f"<number-of-claims>{n_claims}</number-of-claims>\n<us-exemplary-claim>1</us-exemplary-claim>\n"
        "<us-parties>\n<us-applicants>\n"
        '<us-applicant sequence="00" app-type="applicant" designation="us-only" '
        'applicant-authority-category="assignee">\n'
        f"<addressbook>\n<orgname>{escape(org)}</orgname>\n<address>\n<city>{city}</city>\n{state_xml}"
        f"<country>{country}</country>\n</address>\n</addressbook>\n<residence>\n<country>{country}</country>\n"
        f"</residence>\n</us-applicant>\n</us-applicants>\n<inventors>\n{inventors}</inventors>\n"
        '<agents>\n<agent sequence="01" rep-type="attorney">\n<addressbook>\n'
        "<orgname>Westbridge IP LLC</orgname>\n"
        "<address>\n<country>unknown</country>\n</address>\n</addressbook>\n</agent>\n</agents>\n</us-parties>\n"
        f"<assignees>\n<assignee>\n<addressbook>\n<orgname>{escape(org)}</orgname>\n<role>03</role>\n"
        f"<address>\n<city>{city}</city>\n{state_xml}<country>{country}</country>\n</address>\n</addressbook>\n"
        "</assignee>\n</assignees>\n</us-bibliographic-data-grant>\n"
        f'<abstract id="abstract">\n<p id="p-0001" num="0000">{_SENTENCE * 2}</p>\n</abstract>\n'
        f'<description id="description">\n{paragraphs}</description>\n'
        "<us-claim-statement>What is claimed is:</us-claim-statement>\n"
        f'<claims id="claims">\n{claims}</claims>\n</us-patent-grant>\n'
    )


def write_uspto_file(path: str | Path, n: int, seed: int = 20220201) -> Path:
    """Write ``n`` concatenated synthetic ``us-patent-grant`` documents to ``path``."""
    rng = random.Random(seed)
    path = Path(path)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(_uspto_document(rng, i))
    return path


def _st36_document(rng: random.Random, i: int) -> str:
    kind_digit, pub_kind = rng.choice([("1", "A"), ("1", "B"), ("2", "U"), ("3", "S")])
    year = rng.randint(2015, 2023)
    digits = f"{year}{kind_digit}{rng.randint(0, 9_999_999):07d}"
    app = f"{digits}.{cn_check_digit(digits)}"
    pub_number = 110_000_000 + i
    filed, published = _date(rng, year), _date(rng, year + 1)
    name, address = rng.choice(_CN_APPLICANTS)
    ipcr = ""
    if pub_kind != "S":
        ipcs = rng.sample(_IPC, 2)
        ipcr = (
            f"<classifications-ipcr>\n{_ipcr(*ipcs[0], 'F')}{_ipcr(*ipcs[1], 'L')}</classifications-ipcr>\n"
        )
    inventors = "".join(
        f'<cn-inventor sequence="{k}"><name>{rng.choice(_CN_NAMES)}</name></cn-inventor>\n'
        for k in range(1, rng.randint(2, 5))
    )
    claims = ""
    if pub_kind != "S":
        claims = "".join(
            f'<claim id="cl{k:04d}" num="{k}"><claim-text>{k}.根据权利要求1所述的装置，其特征在于，'
            f"{_CN_SENTENCE}</claim-text></claim>\n"
            for k in range(1, rng.randint(3, 15))
        )
        claims = f'<claims id="claims" lang="zh">\n{claims}</claims>\n'
    paragraphs = "".join(
        f'<p id="p{k:04d}" num="{k:04d}">{_CN_SENTENCE * rng.randint(1, 5)}</p>\n' for k in range(3, 15)
    )
    return (
        f'<cn-patent-document dtd-version="ver1.0 20050101" file="CN{pub_number}{pub_kind}.XML" lang="zh" '
        f'country="CN" doc-number="{pub_number}" kind="{pub_kind}" date-publ="{published}" status="n">\n'
        '<cn-bibliographic-data id="cn-bibliographic-data" lang="zh" country="CN">\n'
        f"<cn-publication-reference>\n<document-id>\n<country>CN</country>\n<doc-number>{pub_number}</doc-number>\n"
        f"<kind>{pub_kind}</kind>\n<date>{published}</date>\n</document-id>\n</cn-publication-reference>\n"
        f"<application-reference>\n<document-id>\n<country>CN</country>\n<doc-number>{app}</doc-number>\n"
        f"<date>{filed}</date>\n</document-id>\n</application-reference>\n{ipcr}"
        f'<invention-title id="tilte1" lang="zh">一种自适应控制装置及方法{i}</invention-title>\n'
        '<cn-parties>\n<cn-applicants>\n<cn-applicant sequence="1" app-type="applicant" designation="all">\n'
        f"<name>{name}</name>\n<address><text>{address}</text></address>\n</cn-applicant>\n</cn-applicants>\n"
        f"<cn-inventors>\n{inventors}</cn-inventors>\n"
        '<cn-agents>\n<cn-agent sequence="1" rep-type="agent">\n'
        "<cn-agency><name>广州华进联合专利商标代理有限公司 44224</name></cn-agency>\n<name>刘培培</name>\n"
        "</cn-agent>\n</cn-agents>\n</cn-parties>\n"
        f'<abstract id="abstract" lang="zh">\n<p id="p0001" num="0001">{_CN_SENTENCE * 3}</p>\n</abstract>\n'
        "</cn-bibliographic-data>\n<application-body>\n"
        f'<description id="description">\n{paragraphs}</description>\n{claims}'
        "</application-body>\n</cn-patent-document>\n"
    )


def write_st36_file(path: str | Path, n: int, seed: int = 20211029) -> Path:
    """Write ``n`` synthetic CNIPA-style documents under one ``<cn-patent-documents>`` root."""
    rng = random.Random(seed)
    path = Path(path)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<cn-patent-documents count="{n}">\n')
        for i in range(n):
            f.write(_st36_document(rng, i))
        f.write("</cn-patent-documents>\n")
    return path


def _measure(n: int, directory: Path) -> None:
    from gdip.datacenter.adapters.issues import RecordIssue
    from gdip.datacenter.adapters.xml_st36 import iter_st36
    from gdip.datacenter.adapters.xml_uspto import iter_uspto

    for label, write, parse, name in (
        ("USPTO ipg", write_uspto_file, iter_uspto, "ipg_bench.xml"),
        ("ST.36 CNIPA", write_st36_file, iter_st36, "cn_bench.xml"),
    ):
        path = write(directory / name, n)
        size = path.stat().st_size / 1e6
        start = time.perf_counter()
        count = sum(1 for item in parse(path) if not isinstance(item, RecordIssue))
        elapsed = time.perf_counter() - start
        print(
            f"{label}: {count} documents, {size:.0f} MB in {elapsed:.1f} s = "
            f"{count / elapsed:,.0f} docs/s ({size / elapsed:.0f} MB/s)"
        )
        path.unlink()


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        _measure(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000, Path(tmp))
