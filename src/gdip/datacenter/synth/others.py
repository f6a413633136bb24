"""The minor kinds: copyright registrations, geographic indications, plant varieties, IC layouts.

GIs, plant varieties and IC layouts are small and generated at full size at every scale (so
their calibration figures hold at every scale). Copyrights are a sample (200k at full scale),
not calibrated to the plan's 108万 software registrations or 1035 per 10k.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from gdip.datacenter.domain import COPYRIGHTS, GIS, IC_LAYOUTS, PLANT_VARIETIES
from gdip.datacenter.synth import calibration as cal
from gdip.datacenter.synth.common import AS_OF, concat, date_array, day, list_array, rng_for, take_str, zpad
from gdip.datacenter.synth.names import N_GD, T_ENT, T_GOV, T_INST, T_UNI, EntityPool, group_key
from gdip.datacenter.synth.trademarks import GI_PRODUCTS, gi_mark_names

__all__ = ["copyright_batches", "gi_table", "ic_layout_table", "plant_variety_table"]

SOFTWARE_WORDS = (
    "管理系统",
    "服务平台",
    "控制软件",
    "数据分析系统",
    "移动应用",
    "监测系统",
    "调度平台",
    "小程序",
)
WORK_CATEGORIES = ("美术作品", "文字作品", "摄影作品", "视听作品", "图形作品")
SPECIES = ("水稻", "玉米", "甘蔗", "花生", "大豆", "辣椒", "兰花", "荔枝", "龙眼", "茶树")
FORESTRY_SPECIES = ("桉树", "杜鹃花", "山茶", "木兰", "竹")


def _table(kind_schema: pa.Schema, cols: dict[str, pa.Array], n: int) -> pa.Table:
    return pa.table({f.name: cols.get(f.name, pa.nulls(n, f.type)) for f in kind_schema}, schema=kind_schema)


def _parties(pool: EntityPool, ent: np.ndarray) -> tuple[pa.Array, dict[str, pa.Array]]:
    structs = pool.party_structs(ent)
    ones = np.ones(len(ent), dtype=np.int64)
    first = pool.parties.take(pa.array(ent))
    flat = {k: first[k] for k in ("applicant_type", "province_code", "city_code", "district_code")}
    flat["entity_ids"] = list_array(ones, structs.field("entity_id"))
    return list_array(ones, structs), flat


def copyright_batches(seed: int, factor: float, pool: EntityPool) -> list[pa.Table]:
    """Software and works registrations, 2010-2025."""
    rng = rng_for(seed, "copyrights")
    n = max(200, round(200_000 * factor))
    reg = np.sort(day("2010-01-01") + (rng.beta(3.0, 1.3, n) * (AS_OF - day("2010-01-01"))).astype(np.int64))
    software = rng.random(n) < 0.75
    sampler = pool.sampler(pool.w_trademark + pool.w_patent)
    slot = rng.choice(N_GD, n, p=cal.CITY_SHARES["enterprise"])
    etype = np.where(software, T_ENT, np.where(rng.random(n) < 0.5, 3, T_ENT))
    ent = sampler.draw(rng, group_key(etype, slot))
    owners, flat = _parties(pool, ent)
    year = pa.array(reg.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970).cast(pa.string())
    serial = zpad(np.arange(n) * 3 + 100_000, 7)
    reg_no = pc.if_else(
        pa.array(software), concat(year, "SR", serial), concat("粤作登字-", year, "-F-", serial)
    )
    title = pc.if_else(
        pa.array(software),
        concat(
            pool.parties["name"].take(pa.array(ent)), take_str(SOFTWARE_WORDS, rng.integers(0, 8, n)), "V1.0"
        ),
        concat(
            "作品《",
            take_str(GI_PRODUCTS, rng.integers(0, len(GI_PRODUCTS), n)),
            "之",
            pa.array(rng.integers(1, 999, n)).cast(pa.string()),
            "》",
        ),
    )
    completion = reg - rng.integers(30, 700, n)
    cols = {
        "office": pa.array(["CN"] * n),
        "registration_number": reg_no,
        "work_type": pc.if_else(pa.array(software), "software", "work"),
        "category": pc.if_else(
            pa.array(software), "计算机软件", take_str(WORK_CATEGORIES, rng.integers(0, 5, n))
        ),
        "title": title,
        "owners": owners,
        "completion_date": date_array(completion),
        "first_publication_date": date_array(completion + 20, rng.random(n) < 0.6),
        "registration_date": date_array(reg),
        "status": pa.array(["valid"] * n),
        **flat,
    }
    table = _table(COPYRIGHTS.schema, cols, n)
    return [table.slice(i, 250_000) for i in range(0, n, 250_000)]


def gi_table(seed: int, pool: EntityPool) -> pa.Table:
    """GI products (155 by 2020), agricultural GIs (54 by 2020) and the GI marks' GI entries."""
    rng = rng_for(seed, "gis")
    rows: list[tuple[str, str, int]] = []  # (type, code prefix, approval day)
    for count, extra, ptype in ((cal.GI_PRODUCTS_2020, 12, "gi_product"), (cal.AGRI_GI_2020, 8, "agri_gi")):
        before = np.sort(day("2004-01-01") + rng.integers(0, day("2020-12-31") - day("2004-01-01"), count))
        after = np.sort(day("2021-01-01") + rng.integers(0, AS_OF - day("2021-01-01"), extra))
        rows += [(ptype, ptype, int(d)) for d in np.concatenate([before, after])]
    marks = gi_mark_names(cal.GI_TRADEMARKS_2020 + 25)
    names = gi_mark_names(len(rows) + len(marks))[len(marks) :]
    n = len(rows)
    gov = np.nonzero(pool.etype == T_GOV)[0]
    ent = gov[rng.integers(0, len(gov), n)]
    holders, flat = _parties(pool, ent)
    approval = np.array([r[2] for r in rows])
    ptype = pa.array([r[0] for r in rows])
    number = concat(pc.if_else(pc.equal(ptype, "gi_product"), "GIP-", "AGI-"), zpad(np.arange(1, n + 1), 4))
    cols = {
        "office": pa.array(["CN"] * n),
        "gi_number": number,
        "name": pa.array(names),
        "product_category": take_str(["水果", "茶叶", "加工食品", "畜禽", "药材"], rng.integers(0, 5, n)),
        "protection_type": ptype,
        "region_text": concat(pool.parties["city_code"].take(pa.array(ent)), " 行政区域内"),
        "holders": holders,
        "approval_date": date_array(approval),
        "standard": concat(
            "DB44/T ",
            pa.array(rng.integers(1000, 2600, n)).cast(pa.string()),
            "-",
            pa.array(approval.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970).cast(
                pa.string()
            ),
        ),
        "status": pa.array(["valid"] * n),
        **flat,
    }
    return _table(GIS.schema, cols, n)


def plant_variety_table(seed: int, pool: EntityPool) -> pa.Table:
    """Agricultural (945 applications, 397 grants in 2016-2020) and forestry (29 a year) varieties."""
    rng = rng_for(seed, "plant-varieties")
    filing_parts: list[np.ndarray] = []
    sector_parts: list[np.ndarray] = []
    apps = (
        {y: 110 for y in range(2010, 2016)}
        | {2016: 150, 2017: 170, 2018: 190, 2019: 205, 2020: 230}
        | {y: 240 + 15 * (y - 2021) for y in range(2021, 2026)}
    )
    for y, n in apps.items():
        filing_parts.append(day(f"{y}-01-01") + rng.integers(0, 365, n))
        sector_parts.append(np.zeros(n, dtype=np.int64))
    for y in range(2010, 2026):
        filing_parts.append(day(f"{y}-01-01") + rng.integers(0, 365, cal.FORESTRY_VARIETY_APPS_PER_YEAR))
        sector_parts.append(np.ones(cal.FORESTRY_VARIETY_APPS_PER_YEAR, dtype=np.int64))
    filing = np.concatenate(filing_parts)
    sector = np.concatenate(sector_parts)
    n = len(filing)
    grant = filing + (rng.uniform(1.5, 3.5, n) * 365.25).astype(np.int64)
    granted = (rng.random(n) < 0.55) & (grant <= AS_OF)
    # Exactly the plan's 397 agricultural grants dated 2016-2020.
    window = (sector == 0) & granted & (grant >= day("2016-01-01")) & (grant <= day("2020-12-31"))
    idx = np.nonzero(window)[0]
    target = cal.AGRI_VARIETY_GRANTS_2016_2020
    if len(idx) > target:
        granted[rng.choice(idx, len(idx) - target, replace=False)] = False
    elif len(idx) < target:
        spare = np.nonzero(
            (sector == 0) & ~granted & (filing < day("2018-06-01")) & (filing >= day("2013-01-01"))
        )[0]
        add = rng.choice(spare, target - len(idx), replace=False)
        grant[add] = day("2016-01-01") + rng.integers(0, 1826, len(add))
        grant[add] = np.maximum(grant[add], filing[add] + 200)
        granted[add] = grant[add] <= day("2020-12-31")
    sampler = pool.sampler(pool.w_patent + 0.01)
    etype = rng.choice([T_ENT, T_UNI, T_INST], n, p=[0.5, 0.25, 0.25])
    ent = sampler.draw(rng, group_key(etype, np.full(n, 0)))
    applicants, flat = _parties(pool, ent)
    year = pa.array(filing.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970).cast(
        pa.string()
    )
    species = pc.if_else(
        pa.array(sector == 0),
        take_str(SPECIES, rng.integers(0, len(SPECIES), n)),
        take_str(FORESTRY_SPECIES, rng.integers(0, len(FORESTRY_SPECIES), n)),
    )
    status = np.where(granted, "valid", np.where(filing > AS_OF - 900, "pending", "rejected"))
    cols = {
        "office": pa.array(["CN"] * n),
        "application_number": concat(
            year, pc.if_else(pa.array(sector == 0), "A", "F"), zpad(np.arange(n) + 1, 5)
        ),
        "variety_name": concat("粤", species, pa.array(rng.integers(1, 999, n)).cast(pa.string()), "号"),
        "species": species,
        "sector": take_str(["agricultural", "forestry"], sector),
        "applicants": applicants,
        "breeders": list_array(np.ones(n, dtype=np.int64), pool.parties["name"].take(pa.array(ent))),
        "filing_date": date_array(filing),
        "grant_date": date_array(grant, granted),
        "grant_number": pc.if_else(
            pa.array(granted),
            concat("CNA", zpad(np.arange(n) + 20_000, 8), ".", "G"),
            pa.nulls(n, pa.string()),
        ),
        "status": pa.array(status),
        **flat,
    }
    return _table(PLANT_VARIETIES.schema, cols, n)


def ic_layout_table(seed: int, pool: EntityPool) -> pa.Table:
    """IC layout-design registrations, 2010-2025 (Shenzhen-heavy, like the invention shares)."""
    rng = rng_for(seed, "ic-layouts")
    per_year = {y: int(150 * 1.18 ** (y - 2010)) for y in range(2010, 2026)}
    filing = np.concatenate([day(f"{y}-01-01") + rng.integers(0, 365, n) for y, n in per_year.items()])
    n = len(filing)
    reg = filing + rng.integers(60, 240, n)
    ok = reg <= AS_OF
    sampler = pool.sampler(pool.w_patent)
    slot = rng.choice(N_GD, n, p=cal.CITY_SHARES["invention"])
    ent = sampler.draw(rng, group_key(np.full(n, T_ENT), slot))
    holders, flat = _parties(pool, ent)
    year = pa.array(filing.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970).cast(
        pa.string()
    )
    cols = {
        "office": pa.array(["CN"] * n),
        "registration_number": concat(
            "BS.",
            pa.array(year).cast(pa.string()).cast(pa.string()).slice(0),
            zpad(np.arange(n) * 3 + 50_000, 6),
            ".",
            pa.array(np.arange(n) % 10).cast(pa.string()),
        ),
        "design_name": concat(
            take_str(
                ["电源管理芯片", "驱动芯片", "MCU", "射频前端", "图像传感器", "存储控制器"],
                rng.integers(0, 6, n),
            ),
            "-",
            pa.array(rng.integers(100, 999, n)).cast(pa.string()),
        ),
        "holders": holders,
        "creation_date": date_array(filing - rng.integers(60, 500, n)),
        "filing_date": date_array(filing),
        "first_commercial_use_date": date_array(filing - rng.integers(0, 300, n), rng.random(n) < 0.5),
        "registration_date": date_array(reg, ok),
        # Protection lasts 10 years from filing (or first commercial use, whichever is earlier).
        "status": pa.array(np.where(~ok, "pending", np.where(filing + 3652 <= AS_OF, "expired", "valid"))),
        **flat,
    }
    return _table(IC_LAYOUTS.schema, cols, n)
