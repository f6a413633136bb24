"""Calibration of the synthetic data: the targets (as data), the generator's series, the check.

Absolute targets apply to the ``full`` scale. ``medium`` (1/20) and ``small`` (1/200) divide
every record count by their factor and keep the shares and ratios; per-10k figures are then
computed against the population divided by the same factor, so they stay comparable.
The minor kinds (GIs, plant varieties, IC layouts) are tiny and generated at full size at
every scale. ``calibration_report(engine)`` measures the generated values from the lake.

Sources: the plan (``seed/plan-joined.txt``: the 13th-plan completion table, the 14th-plan
indicator table and its note 1, the text of chapter 1) and the research notes
(``reference/pledge-financing-and-valuation.md`` §5, ``reference/ip-information-platforms.md`` §4.3).
Series marked [A] are GDIP's modelling assumptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

__all__ = [
    "CITY_SHARES",
    "TARGETS",
    "TYPE_SHARES",
    "Target",
    "calibration_report",
    "population_total",
    "scaled",
]


def scaled(n: float, factor: float, minimum: int = 0) -> int:
    """A full-scale count at a scale factor (rounded, at least ``minimum``)."""
    return max(minimum, round(n * factor))


def _series(first: int, values: list[float]) -> dict[int, float]:
    return {first + i: float(v) for i, v in enumerate(values)}


# --- city and applicant-type shares [A] -------------------------------------------------------
# Order of CITIES (GB/T 2260 order): GZ SG SZ ZH ST FS JM ZJ MM ZQ HZ MZ SW HY YJ QY DG ZS CZ JY YF.
# Invention shares approximate the cities' 2020 shares of valid invention patents (statistical
# bulletins: Shenzhen about half, Guangzhou a fifth, then Dongguan, Foshan, Zhuhai ...).
_INV = [
    0.200,
    0.003,
    0.520,
    0.035,
    0.007,
    0.065,
    0.010,
    0.005,
    0.004,
    0.006,
    0.018,
    0.002,
    0.001,
    0.0015,
    0.0015,
    0.004,
    0.075,
    0.020,
    0.003,
    0.002,
    0.0015,
]
# Utility models, designs, trademarks and firms: flatter, manufacturing and trading cities larger.
_GEN = [
    0.220,
    0.006,
    0.300,
    0.025,
    0.040,
    0.100,
    0.025,
    0.012,
    0.008,
    0.012,
    0.030,
    0.006,
    0.004,
    0.005,
    0.005,
    0.008,
    0.100,
    0.045,
    0.015,
    0.020,
    0.004,
]
CITY_SHARES = {
    "invention": np.array(_INV) / sum(_INV),
    "enterprise": np.array(_GEN) / sum(_GEN),
}
# Applicant-type shares of resident records per kind: enterprise, university, institute,
# individual, government [A] (CNIPA annual reports: enterprises hold about 3/4 of invention patents).
TYPE_SHARES = {
    "invention": np.array([0.855, 0.085, 0.030, 0.025, 0.005]),
    "utility": np.array([0.80, 0.05, 0.015, 0.13, 0.005]),
    "design": np.array([0.70, 0.004, 0.001, 0.295, 0.0]),
    "trademark": np.array([0.68, 0.001, 0.001, 0.318, 0.0]),
}

# --- patents ------------------------------------------------------------------------------------
# Resident CN invention grants per grant year (full scale). 2010-2020 follow Guangdong's
# published grant counts (x1.02 so the 2020 stock is the plan's 35.1万 with the lapse model);
# 2021-2025 are held flat so the 2025 high-value figure lands on the
# plan's target of 20 per 10k [A]. Years after 2025 feed the applications still pending on the
# as-of date (they would be granted later).
INVENTION_GRANTS = _series(
    2005,
    [
        2650,
        3670,
        5710,
        8060,
        11530,
        13670,
        18560,
        22640,
        20500,
        22750,
        34170,
        39370,
        46610,
        54370,
        60890,
        72110,
        42000,
        42000,
        42000,
        42000,
        42000,
        42000,
        42000,
        42000,
        42000,
    ],
)
INVENTION_LAPSE_HAZARD = 0.05  # yearly probability that the holder stops paying fees [A]
INVENTION_REFUSED_RATIO = 0.75  # rejected + withdrawn applications per granted one [A]
# Non-resident shares of CN invention filings: other provinces, abroad [A].
INVENTION_OTHER_CN = 0.04
INVENTION_FOREIGN = 0.06
# Resident utility-model and design filings per year [A] (scaled-down shape of the real series).
UTILITY_FILINGS = _series(
    2003,
    [
        9000,
        11000,
        14000,
        17000,
        21000,
        26000,
        32000,
        40000,
        52000,
        64000,
        76000,
        84000,
        100000,
        120000,
        145000,
        175000,
        190000,
        205000,
        200000,
        180000,
        165000,
        155000,
        150000,
    ],
)
DESIGN_FILINGS = _series(
    2003,
    [
        7000,
        9000,
        11000,
        13000,
        15000,
        18000,
        21000,
        25000,
        29000,
        33000,
        37000,
        40000,
        44000,
        50000,
        56000,
        62000,
        66000,
        70000,
        68000,
        64000,
        60000,
        58000,
        56000,
    ],
)
# PCT international applications filed by residents (WO records). 2015-2020 grow at the plan's
# 13.1% a year (13th-plan table row 3) to 2.82万 in 2020; 2003-2014 are a geometric ramp scaled so
# that the cumulative total at the end of 2020 is the plan's 20.7万 (chapter 1: "PCT…申请量累计达20.7万件").
PCT_CUMULATIVE_2020 = 207_000
PCT_CAGR_2015_2020 = 0.131
_PCT_2015_2020 = [28_200 / (1 + PCT_CAGR_2015_2020) ** (2020 - y) for y in range(2015, 2021)]
_ramp = np.array([0.80**k for k in range(12, 0, -1)])  # 2003..2014, 2014 largest
_ramp = _ramp * (PCT_CUMULATIVE_2020 - sum(_PCT_2015_2020)) / _ramp.sum()
PCT_FILINGS = {
    **{2003 + i: float(v) for i, v in enumerate(_ramp)},
    **{2015 + i: float(v) for i, v in enumerate(_PCT_2015_2020)},
    **_series(2021, [28800, 29500, 30200, 31000, 31800]),
}
# Invention grants abroad (US, EP, JP, KR) to residents per grant year; 2021-2025 sum to the
# 14th-plan target "海外发明专利授权量 (8)万件" (a five-year total, hence the brackets).
OVERSEAS_GRANTS = _series(
    2007,
    [
        600,
        900,
        1500,
        2000,
        2600,
        3200,
        3900,
        4700,
        5600,
        6700,
        8000,
        9500,
        11000,
        12500,
        14000,
        15000,
        16000,
        17000,
        18000,
    ],
)
OVERSEAS_OFFICES = (("US", 0.50), ("EP", 0.22), ("JP", 0.16), ("KR", 0.12))

# --- trademarks ---------------------------------------------------------------------------------
# Resident trademark applications per filing year [A], shaped so that the valid registrations are
# the plan's 543.0万 at the end of 2020 (13th-plan table row 5) and 543.0/3.272 = 166万 at the end
# of 2015 ("较2015年末增长227.2%"); 2021-2025 are damped so the full data set stays within the
# SPEC's 6-8 million trademarks.
TRADEMARK_FILINGS = _series(
    2003,
    [
        30000,
        38000,
        48000,
        60000,
        75000,
        120000,
        145000,
        190000,
        240000,
        290000,
        340000,
        410000,
        520000,
        524000,
        749000,
        936000,
        936000,
        1076000,
        260000,
        230000,
        220000,
        210000,
        200000,
    ],
)
# Madrid international registrations of residents per year; 2011-2020 sum to the plan's 8862
# valid registrations (13th-plan table row 6: 马德里商标累计有效注册量); 2005-2010 ones were not
# renewed and had lapsed by 2020.
MADRID_REGISTRATIONS = _series(
    2005,
    [
        60,
        80,
        100,
        120,
        140,
        160,
        280,
        350,
        420,
        520,
        650,
        820,
        1030,
        1330,
        1560,
        1902,
        1950,
        2050,
        2200,
        2350,
        2500,
    ],
)

# --- pledges (专利 + 商标 质押登记) -----------------------------------------------------------------
# 2016-2020 sum to the plan's 907.6亿元 / 3765 项 (14th-plan table row 4, brackets = five-year
# totals); 2020 is the 13th-plan table's annual 181.5亿元; 2021-2025 reach the 14th-plan targets
# (2500亿元, 5000项) [A: Guangdong's actual 2021-2024 figures were far higher].
PLEDGE_AMOUNT_YI = _series(
    2010, [20, 30, 45, 60, 80, 100, 120, 134.6, 200, 271.5, 181.5, 330, 420, 520, 590, 660]
)
PLEDGE_PROJECTS = _series(
    2010, [150, 200, 260, 320, 380, 450, 560, 650, 760, 900, 895, 850, 930, 1000, 1070, 1150]
)
PLEDGE_TRADEMARK_SHARE = 0.18  # projects secured by trademarks instead of patents [A]

# --- awards per year on resident patents (full scale) [A] ---------------------------------------
AWARDS_PER_YEAR = {
    "中国专利金奖": 6,
    "中国专利银奖": 10,  # awarded since the 20th session (2018)
    "中国专利优秀奖": 90,
    "国家技术发明奖": 3,
    "国家科学技术进步奖": 6,
    "广东专利奖": 80,  # provincial: reported, but not a high-value condition
}

# --- minor kinds (generated at full size at every scale) -----------------------------------------
GI_PRODUCTS_2020 = 155  # chapter 1: 获批地理标志产品155个
GI_TRADEMARKS_2020 = 85  # 13th-plan table row 11: 地理标志商标 85件
AGRI_GI_2020 = 54  # 13th-plan table row 10: 农产品地理标志登记 54个
AGRI_VARIETY_APPS_2016_2020 = 945  # 13th-plan table row 8
AGRI_VARIETY_GRANTS_2016_2020 = 397  # 13th-plan table row 9
FORESTRY_VARIETY_APPS_PER_YEAR = 29  # 13th-plan table row 7 (年均)


@dataclass(frozen=True)
class Target:
    """One calibration target and where it comes from."""

    key: str
    label: str
    source: str
    value: float
    scales: bool  # True: an absolute count, divided by the scale factor
    tolerance: float = 0.02


TARGETS: tuple[Target, ...] = (
    Target(
        "valid_inventions_2020",
        "发明专利有效量 2020 (resident)",
        "plan: 13th-plan table row 1 (35.1万件)",
        351_000,
        True,
    ),
    Target(
        "inventions_per_10k_2020",
        "每万人发明专利拥有量 2020",
        "plan: 13th-plan table row 2 (27.8件; 27.9 with the census)",
        27.9,
        False,
    ),
    Target(
        "high_value_per_10k_2020",
        "每万人口高价值发明专利拥有量 2020",
        "plan: 14th-plan table row 1, base 13.5",
        13.5,
        False,
    ),
    Target(
        "high_value_per_10k_2025",
        "每万人口高价值发明专利拥有量 2025",
        "plan: 14th-plan table row 1, target 20",
        20.0,
        False,
        0.05,
    ),
    Target(
        "valid_trademarks_2020",
        "有效注册商标量 2020",
        "plan: 13th-plan table row 5 (543.0万件)",
        5_430_000,
        True,
    ),
    Target(
        "pct_cumulative_2020",
        "PCT国际专利申请量累计 2020",
        "plan: chapter 1 (20.7万件, all years to 2020)",
        207_000,
        True,
    ),
    Target(
        "pct_cagr_2015_2020",
        "PCT申请量年均增长率 2016-2020 (%)",
        "plan: 13th-plan table row 3 (13.1%)",
        13.1,
        False,
    ),
    Target(
        "overseas_grants_2021_2025",
        "海外发明专利授权量 2021-2025",
        "plan: 14th-plan table row 2, target (8)万件",
        80_000,
        True,
        0.05,
    ),
    Target(
        "madrid_valid_2020",
        "马德里商标累计有效注册量 2020",
        "plan: 13th-plan table row 6 (8862件)",
        8862,
        True,
    ),
    Target(
        "gi_trademarks_2020",
        "地理标志商标 2020 (cumulative)",
        "plan: 13th-plan table row 11 (85件)",
        85,
        False,
    ),
    Target("gi_products_2020", "地理标志产品 2020 (cumulative)", "plan: chapter 1 (155个)", 155, False),
    Target(
        "pledge_amount_2016_2020",
        "质押融资登记金额 2016-2020 (亿元)",
        "plan: 14th-plan table row 4 (907.6)",
        907.6,
        True,
    ),
    Target(
        "pledge_projects_2016_2020",
        "质押融资项目数 2016-2020",
        "plan: 14th-plan table row 4 (3765)",
        3765,
        True,
    ),
    Target(
        "pledge_amount_2020",
        "知识产权质押融资年度金额 2020 (亿元)",
        "plan: 13th-plan table row 13 (181.5)",
        181.5,
        True,
    ),
    Target(
        "pledge_amount_2021_2025",
        "质押融资登记金额 2021-2025 (亿元)",
        "plan: 14th-plan table row 4 target (2500)",
        2500,
        True,
        0.05,
    ),
    Target(
        "pledge_projects_2021_2025",
        "质押融资项目数 2021-2025",
        "plan: 14th-plan table row 4 target (5000)",
        5000,
        True,
        0.05,
    ),
    Target(
        "agri_variety_apps_2016_2020",
        "农业植物新品种权申请量 2016-2020",
        "plan: 13th-plan table row 8 (945件)",
        945,
        False,
    ),
    Target(
        "agri_variety_grants_2016_2020",
        "农业植物新品种权授权量 2016-2020",
        "plan: 13th-plan table row 9 (397件)",
        397,
        False,
    ),
)


def population_total() -> int:
    """Guangdong's 2020 census population (the sum of the 21 cities)."""
    from gdip.datacenter.synth.regions import census_population

    return sum(census_population().values())


def calibration_report(engine: Any, *, scale: str = "full") -> list[dict[str, Any]]:
    """Measure every target on the lake behind ``engine`` (Ibis) and compare with its value.

    Returns one dict per target: target, label, source, target_value (scaled to ``scale``),
    generated_value, deviation (relative), tolerance, ok.
    """
    import ibis

    from gdip.datacenter.synth import SCALES
    from gdip.indicators.high_value import high_value_patents, valid_patents

    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; expected one of {', '.join(SCALES)}")
    factor = SCALES[scale]
    pop10k = population_total() * factor / 10_000
    pat = engine.table("patents")
    tm = engine.table("trademarks")
    ev = engine.table("legal-events")

    def scalar(expr: Any) -> float:
        value = expr.to_pyarrow().as_py()
        return float(value) if value is not None else 0.0

    def valid_inv(year: int) -> float:
        v = valid_patents(engine, year=year)
        return scalar(v.filter(v.province_code == "440000").count())

    def hv(year: int) -> float:
        return scalar(high_value_patents(engine, year=year).count())

    def pct(y0: int, y1: int) -> float:
        t = pat.filter((pat.office == "WO") & (pat.province_code == "440000"))
        t = t.filter((t.filing_date >= date(y0, 1, 1)) & (t.filing_date <= date(y1, 12, 31)))
        return scalar(t.count())

    def tm_valid(year: int, madrid: bool) -> float:
        end = date(year, 12, 31)
        t = tm.filter((tm.province_code == "440000") & (tm.madrid == madrid) & (tm.registration_date <= end))
        # A mark is valid at year end when its (possibly renewed) term runs past it and it was not
        # ended earlier; the record's expiry date is the current one, so for past years a lapse
        # or invalidation event date decides, and unrenewed terms end at expiry.
        ends = ev.filter(
            (ev.right_kind == "trademark") & ev.event_type.isin(["lapse", "invalidation_decision"])
        )
        ends = ends.group_by(["office", "application_number"]).aggregate(end_date=ends.event_date.min())
        t = t.left_join(ends, ["office", "application_number"])
        ok = (t.end_date.isnull() | (t.end_date > end)) & (t.expiry_date > end)
        return scalar(t.filter(ok).count())

    def gi_marks(year: int) -> float:
        t = tm.filter(tm.geographic_indication & (tm.registration_date <= date(year, 12, 31)))
        return scalar(t.count())

    def gi_products(year: int) -> float:
        g = engine.table("gis")
        return scalar(
            g.filter((g.protection_type == "gi_product") & (g.approval_date <= date(year, 12, 31))).count()
        )

    def pledges(y0: int, y1: int) -> tuple[float, float]:
        p = ev.filter(
            (ev.event_type == "pledge")
            & (ev.event_date >= date(y0, 1, 1))
            & (ev.event_date <= date(y1, 12, 31))
        )
        amount = scalar(p.amount.sum().cast("float64")) / 1e8
        projects = scalar(p.registration_number.nunique())
        return amount, projects

    def varieties(y0: int, y1: int, grants: bool) -> float:
        v = engine.table("plant-varieties").filter(lambda t: t.sector == "agricultural")
        col = v.grant_date if grants else v.filing_date
        return scalar(v.filter((col >= date(y0, 1, 1)) & (col <= date(y1, 12, 31))).count())

    def overseas(y0: int, y1: int) -> float:
        t = pat.filter(pat.office.isin(["US", "EP", "JP", "KR"]) & (pat.province_code == "440000"))
        t = t.filter((t.grant_date >= date(y0, 1, 1)) & (t.grant_date <= date(y1, 12, 31)))
        return scalar(t.count())

    p16, n16 = pledges(2016, 2020)
    p21, n21 = pledges(2021, 2025)
    p2020, _ = pledges(2020, 2020)
    pct15, pct20 = pct(2015, 2015), pct(2020, 2020)
    inv20 = valid_inv(2020)
    measured = {
        "valid_inventions_2020": inv20,
        "inventions_per_10k_2020": inv20 / pop10k,
        "high_value_per_10k_2020": hv(2020) / pop10k,
        "high_value_per_10k_2025": hv(2025) / pop10k,
        "valid_trademarks_2020": tm_valid(2020, False),
        "pct_cumulative_2020": pct(2003, 2020),
        "pct_cagr_2015_2020": ((pct20 / pct15) ** 0.2 - 1) * 100 if pct15 else 0.0,
        "overseas_grants_2021_2025": overseas(2021, 2025),
        "madrid_valid_2020": tm_valid(2020, True),
        "gi_trademarks_2020": gi_marks(2020),
        "gi_products_2020": gi_products(2020),
        "pledge_amount_2016_2020": p16,
        "pledge_projects_2016_2020": n16,
        "pledge_amount_2020": p2020,
        "pledge_amount_2021_2025": p21,
        "pledge_projects_2021_2025": n21,
        "agri_variety_apps_2016_2020": varieties(2016, 2020, False),
        "agri_variety_grants_2016_2020": varieties(2016, 2020, True),
    }
    del ibis  # imported for its side effect of registering backends early
    out = []
    for t in TARGETS:
        target_value = t.value * factor if t.scales else t.value
        got = measured[t.key]
        dev = (got - target_value) / target_value if target_value else 0.0
        out.append(
            {
                "target": t.key,
                "label": t.label,
                "source": t.source,
                "target_value": round(target_value, 4),
                "generated_value": round(got, 4),
                "deviation": round(dev, 4),
                "tolerance": t.tolerance,
                "ok": abs(dev) <= t.tolerance,
            }
        )
    return out
