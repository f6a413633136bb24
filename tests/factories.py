"""Builders for realistic interchange records used across tests."""

from __future__ import annotations

from typing import Any

from gdip.core.validators import cn_check_digit, uscc_check_char


def cn_appno(year: int, type_digit: int, serial: int) -> str:
    """A CN application number with a correct check digit, e.g. 202110921116.9."""
    digits = f"{year:04d}{type_digit}{serial:07d}"
    return f"{digits}.{cn_check_digit(digits)}"


def uscc(first17: str) -> str:
    return first17 + uscc_check_char(first17)


def patent(serial: int, **overrides: Any) -> dict[str, Any]:
    """A granted CN invention patent of a Shenzhen enterprise."""
    record: dict[str, Any] = {
        "office": "CN",
        "application_number": cn_appno(2019, 1, serial),
        "kind": "invention",
        "title": f"一种锂离子电池正极材料的制备方法{serial}",
        "abstract": "本发明公开了一种锂离子电池正极材料的制备方法。",
        "filing_date": "2019-03-15",
        "publication_date": "2019-07-02",
        "publication_number": f"CN{109000000 + serial}A",
        "grant_date": "2021-06-30",
        "ipc": ["H01M 4/525", "H01M10/0525"],
        "applicants": [
            {
                "name": "深圳市鹏城新能源科技有限公司",
                "address": "广东省深圳市南山区粤海街道高新南七道18号",
                "country": "CN",
                "uscc": "91440300MA5DEM0019",
            }
        ],
        "inventors": ["张伟", "李娜"],
        "claims_count": 10,
        "family": [{"office": "US", "number": "US11234567B2", "granted": True}],
        "awards": [],
    }
    record.update(overrides)
    return record
