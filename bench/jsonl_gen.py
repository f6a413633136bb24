"""Realistic interchange JSONL for measuring ingest at scale.

Applicants come from a pool of 150,000 organisations (about the number of distinct Guangdong
patent applicants in a year), each with its own name, USCC and address, drawn with a
long-tailed (Zipf-like) frequency as in real filings, where a few large firms file thousands
of times; one record in five has a co-applicant. Application numbers are all distinct, and
about 1% of records carry a deliberate error, as real extracts do.
"""

from __future__ import annotations

import random
from pathlib import Path

import orjson

from gdip.core.validators import cn_check_digit, uscc_check_char
from gdip.datacenter.normalise.geo import guangdong_districts

__all__ = ["write_patents_jsonl"]

_WORDS = list("华鹏新创智达联科宇星海天恒泰嘉瑞腾飞安信宏远中兴光明康美力通凯盛")
_INDUSTRY = [
    "新能源科技",
    "电子",
    "智能装备",
    "生物医药",
    "信息技术",
    "新材料",
    "精密机械",
    "光电",
    "通信技术",
]
_SUFFIX = ["有限公司", "股份有限公司", "有限责任公司"]
_ROADS = ["科技园路", "高新南七道", "工业大道", "创新路", "科学大道", "人民路", "建设路", "沿江路"]
_ABSTRACT = "本发明公开了一种装置，包括壳体、控制器和传感器，所述控制器根据测量信号调整工作参数。"
_IPC = [
    "H01M 10/0525",
    "H01M 4/525",
    "G06N 3/08",
    "G06F 16/00",
    "H04W 72/04",
    "A61K 31/4439",
    "B25J 9/16",
    "G01S 17/931",
    "C08L 23/06",
    "F24F 11/00",
    "H01L 21/02",
    "G06Q 50/06",
]


def _appno(rng: random.Random, year: int, type_digit: int, serial: int) -> str:
    digits = f"{year}{type_digit}{serial:07d}"
    return f"{digits}.{cn_check_digit(digits)}"


def _applicant_pool(rng: random.Random, size: int) -> list[dict]:
    """Distinct organisations with a name, USCC and address each."""
    districts = list(guangdong_districts())
    city_names = {
        "440100": "广州市",
        "440300": "深圳市",
        "440400": "珠海市",
        "440600": "佛山市",
        "441900": "东莞市",
        "442000": "中山市",
        "441300": "惠州市",
        "440700": "江门市",
        "440500": "汕头市",
    }
    pool = []
    for k in range(size):
        _code, district, city = rng.choice(districts)
        city_name = city_names.get(city, "")
        name = (
            (city_name[:-1] if city_name else "")
            + "".join(rng.sample(_WORDS, 3))
            + rng.choice(_INDUSTRY)
            + rng.choice(_SUFFIX)
        )
        uscc17 = f"91{city}MA{k:07d}"[:17]
        pool.append(
            {
                "name": name,
                "address": f"广东省{city_name}{district}{rng.choice(_ROADS)}{rng.randint(1, 999)}号",
                "country": "CN",
                "uscc": uscc17 + uscc_check_char(uscc17),
            }
        )
    return pool


def write_patents_jsonl(path: Path, n: int, seed: int = 7) -> Path:
    """Write n patent records (≈700 bytes each) to path."""
    rng = random.Random(seed)
    pool = _applicant_pool(rng, 150_000)
    # Zipf-like weights: the k-th applicant files in proportion to 1/k^0.9.
    weights = [1 / (k + 1) ** 0.9 for k in range(len(pool))]
    picks = iter(rng.choices(pool, weights=weights, k=n))
    co_picks = iter(rng.choices(pool, weights=weights, k=n // 4 + 1))
    with open(path, "wb") as fh:
        for i in range(n):
            year = rng.randint(2005, 2024)
            kind = rng.choices((1, 2, 3), (5, 4, 1))[0]
            applicants = [next(picks)]
            if rng.random() < 0.2:
                applicants.append(next(co_picks))
            filing = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            granted = rng.random() < 0.6
            record = {
                "office": "CN",
                "application_number": _appno(rng, year, kind, i % 10_000_000),
                "kind": ("invention", "utility", "design")[kind - 1],
                "title": "一种" + rng.choice(_INDUSTRY) + "装置及其控制方法",
                "abstract": _ABSTRACT,
                "filing_date": filing,
                "grant_date": f"{min(year + 2, 2025)}-06-30" if granted else None,
                "ipc": rng.sample(_IPC, rng.randint(1, 3)),
                "applicants": applicants,
                "inventors": ["张伟", "李娜"][: rng.randint(1, 2)],
                "claims_count": rng.randint(1, 30),
                "family": [{"office": "US", "number": f"US{rng.randint(10**7, 2 * 10**7)}", "granted": True}]
                if rng.random() < 0.05
                else [],
            }
            if rng.random() < 0.01:  # a realistic share of bad records
                record["filing_date"] = f"{year}-02-30"
            fh.write(orjson.dumps(record) + b"\n")
    return path
