"""The demo organisations, shared by the account seeding and the synthetic data generator.

The demo enterprises own records in the synthetic lake (matched on USCC), so their
profile pages, portfolios and financing applications have real data behind them.
All names are fictional; the USCCs carry correct GB 32100-2015 check characters.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEMO_ORGANISATIONS", "DemoOrganisation", "demo_enterprises"]


@dataclass(frozen=True)
class DemoOrganisation:
    key: str  # stable handle used by seeding code
    org_type: str  # enterprise, bank, agency, insurer, fund_manager, office, centre
    name: str
    name_en: str
    uscc: str
    city_code: str | None  # None for provincial organisations
    district_code: str | None = None
    address: str = ""


DEMO_ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        "enterprise1",
        "enterprise",
        "深圳市鹏城新能源科技有限公司",
        "Shenzhen Pengcheng New Energy Technology Co., Ltd.",
        "91440300MA5DEM0019",
        "440300",
        "440305",
        "广东省深圳市南山区粤海街道高新南七道18号",
    ),
    DemoOrganisation(
        "enterprise2",
        "enterprise",
        "广州穗华生物医药股份有限公司",
        "Guangzhou Suihua Biopharma Co., Ltd.",
        "91440101MA59DEM023",
        "440100",
        "440112",
        "广东省广州市黄埔区科学大道88号",
    ),
    DemoOrganisation(
        "bank1",
        "bank",
        "粤海示范银行深圳分行",
        "Yuehai Demo Bank, Shenzhen Branch",
        "91440300MA5DBANK13",
        "440300",
        "440304",
        "广东省深圳市福田区深南大道6008号",
    ),
    DemoOrganisation(
        "bank2",
        "bank",
        "珠江示范银行广州分行",
        "Pearl River Demo Bank, Guangzhou Branch",
        "91440101MA59BANK20",
        "440100",
        "440104",
        "广东省广州市越秀区东风中路410号",
    ),
    DemoOrganisation(
        "agency1",
        "agency",
        "广东华评资产评估有限公司",
        "Guangdong Huaping Asset Appraisal Co., Ltd.",
        "91440300MA5AGENCYH",
        "440300",
        "440304",
        "广东省深圳市福田区福华一路1号",
    ),
    DemoOrganisation(
        "insurer1",
        "insurer",
        "南粤示范财产保险股份有限公司",
        "Nanyue Demo Property Insurance Co., Ltd.",
        "91440101MA51N5UR1U",
        "440100",
        "440106",
        "广东省广州市天河区珠江新城华夏路10号",
    ),
    DemoOrganisation(
        "fund_manager1",
        "fund_manager",
        "深圳市知识产权质押融资风险补偿基金管理中心",
        "Shenzhen IP Pledge Financing Risk Compensation Fund Management Centre",
        "52440000MA5FUNDM1B",
        "440300",
        "440304",
        "广东省深圳市福田区益田路5033号",
    ),
    DemoOrganisation(
        "centre1",
        "centre",
        "中国(深圳)知识产权保护中心",
        "China (Shenzhen) IP Protection Centre",
        "12440000MA5CENTRE9",
        "440300",
        "440305",
        "广东省深圳市南山区深南大道9968号",
    ),
    DemoOrganisation(
        "office_sz",
        "office",
        "深圳市市场监督管理局(知识产权局)",
        "Shenzhen Administration for Market Regulation (IP Office)",
        "11440300MA5C1TY521",
        "440300",
        "440304",
        "广东省深圳市福田区深南中路7010号",
    ),
    DemoOrganisation(
        "office_gz",
        "office",
        "广州市知识产权局",
        "Guangzhou Intellectual Property Office",
        "11440100MA5C1TYG22",
        "440100",
        "440104",
        "广东省广州市越秀区府前路1号",
    ),
    DemoOrganisation(
        "office_gd",
        "office",
        "广东省知识产权局",
        "Guangdong Provincial Intellectual Property Office",
        "11440000MA5PR0UGD8",
        None,
        None,
        "广东省广州市越秀区东风中路305号",
    ),
)


def demo_enterprises() -> list[DemoOrganisation]:
    """The demo enterprises, whose portfolios the synthetic data set includes."""
    return [o for o in DEMO_ORGANISATIONS if o.org_type == "enterprise"]
