"""Trademarks: CN applications of residents, Madrid international registrations, GI marks.

Life cycle: filing → registration (or rejection / withdrawal) → 10-year terms from the
registration date, each renewed with some probability → expiry when not renewed, or an earlier
cancellation (撤销, recorded as ``lapse``) or invalidation. ``expiry_date`` holds the end of
the current term, so a mark valid at a past year end is one registered by then whose term ran
past it and that had no lapse or invalidation event before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from gdip.datacenter.domain import TRADEMARKS
from gdip.datacenter.synth import calibration as cal
from gdip.datacenter.synth.common import (
    AS_OF,
    add_years,
    concat,
    date_array,
    day,
    list_array,
    rng_for,
    take_str,
)
from gdip.datacenter.synth.names import N_GD, T_ENT, T_GOV, EntityPool, group_key
from gdip.datacenter.synth.regions import CITIES
from gdip.datacenter.synth.texts import BRAND_CHARS, GOODS, LATIN_MARKS, NICE_WEIGHTS

__all__ = [
    "GI_PRODUCTS",
    "TrademarkSkeleton",
    "build_trademark_skeleton",
    "gi_mark_names",
    "trademark_batches",
]

# status indices as in patents.STATUS_NAMES
S_PENDING, S_VALID, S_LAPSED, S_EXPIRED, S_INVALID, S_WITHDRAWN, S_REJECTED = range(7)
STATUS_NAMES = ("pending", "valid", "lapsed", "expired", "invalidated", "withdrawn", "rejected")
# origin of a row
O_CN, O_MADRID, O_GI = range(3)
P_REGISTER = 0.90
P_RENEW = 0.60
GI_PRODUCTS = (
    "荔枝",
    "龙眼",
    "红茶",
    "单丛茶",
    "陈皮",
    "蜜柚",
    "菠萝",
    "香蕉",
    "沉香",
    "丝苗米",
    "月饼",
    "鸡",
    "鹅",
    "橘红",
    "腊味",
    "米粉",
    "凉茶",
    "绿茶",
    "沙田柚",
    "三华李",
)


def gi_mark_names(n: int) -> list[str]:
    """Deterministic GI names: a county-level place + a product (e.g. 新会陈皮)."""
    places = [d[1].rstrip("区县市") for c in CITIES for d in c.districts if len(d[1].rstrip("区县市")) >= 2]
    out: list[str] = []
    i = 0
    while len(out) < n:
        name = places[(i * 7) % len(places)] + GI_PRODUCTS[(i * 3 + i // len(places)) % len(GI_PRODUCTS)]
        if name not in out:
            out.append(name)
        i += 1
    return out


@dataclass
class TrademarkSkeleton:
    """Numeric plan of every trademark record."""

    origin: np.ndarray
    filing: np.ndarray
    reg: np.ndarray  # -1: not registered
    expiry: np.ndarray  # end of the current term (-1: not registered)
    end: np.ndarray  # date the mark stopped being valid (or was refused), -1: none
    status: np.ndarray
    ent: np.ndarray
    number: np.ndarray  # application (= registration) number
    renewals: np.ndarray  # renewal dates, flattened
    renewal_owner: np.ndarray
    gi_index: np.ndarray  # -1, or the GI name index for GI marks
    app_no: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))

    def __len__(self) -> int:
        return len(self.filing)


def _lifecycle(
    rng: np.random.Generator, reg: np.ndarray, renew_p: float, cancel_p: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(expiry, end, status, renewal dates, renewal owners) of registered rows (reg >= 0)."""
    n = len(reg)
    registered = reg >= 0
    expiry = np.where(registered, add_years(np.maximum(reg, 0), 10) - 1, -1)
    end = np.full(n, -1, dtype=np.int64)
    status = np.where(registered, S_VALID, S_PENDING)
    ren_dates, ren_rows = [], []
    alive = registered.copy()
    for _ in range(3):
        due = alive & (expiry <= AS_OF)
        renewed = due & (rng.random(n) < renew_p)
        lapsed = due & ~renewed
        end[lapsed] = expiry[lapsed]
        status[lapsed] = S_EXPIRED
        rows = np.nonzero(renewed)[0]
        ren_dates.append(expiry[rows] - rng.integers(0, 180, len(rows)))
        ren_rows.append(rows)
        expiry[renewed] = add_years(expiry[renewed] + 1, 10) - 1
        alive = renewed
    # Cancellation (e.g. three years' non-use) and invalidation end a few marks early.
    cut = registered & (rng.random(n) < cancel_p)
    when = reg + (rng.uniform(3.0, 9.0, n) * 365.25).astype(np.int64)
    cut &= (when <= AS_OF) & ((end < 0) | (when < end))
    invalid = cut & (rng.random(n) < 0.25)
    end[cut] = when[cut]
    status[cut] = np.where(invalid[cut], S_INVALID, S_LAPSED)
    rd = np.concatenate(ren_dates) if ren_dates else np.zeros(0, np.int64)
    rr = np.concatenate(ren_rows) if ren_rows else np.zeros(0, np.int64)
    keep = (end[rr] < 0) | (rd < end[rr])
    return expiry, end, status, rd[keep], rr[keep]


def build_trademark_skeleton(seed: int, factor: float, pool: EntityPool) -> TrademarkSkeleton:
    """Plan every trademark record: CN applications per year, Madrid registrations, GI marks."""
    rng = rng_for(seed, "trademarks", "plan")
    sampler = pool.sampler(pool.w_trademark)
    filing_parts, reg_parts, refuse_parts, origin_parts = [], [], [], []
    for y, v in cal.TRADEMARK_FILINGS.items():
        n = round(v * factor)
        f = day(f"{y}-01-01") + rng.integers(0, 365, n)
        # Examination took 2-3 years around 2010, about a year by 2016, 4-7 months from 2019.
        lag = np.select(
            [np.full(n, y <= 2012), np.full(n, y <= 2016), np.full(n, y <= 2018)],
            [rng.uniform(1.5, 3.0, n), rng.uniform(1.0, 1.6, n), rng.uniform(0.6, 1.0, n)],
            rng.uniform(0.33, 0.6, n),
        )
        ok = rng.random(n) < P_REGISTER
        reg = f + (lag * 365.25).astype(np.int64)
        dec = f + (rng.uniform(0.5, 1.2, n) * 365.25).astype(np.int64)
        filing_parts.append(f)
        reg_parts.append(np.where(ok & (reg <= AS_OF), reg, -1))
        refuse_parts.append(np.where(~ok & (dec <= AS_OF), dec, -1))
        origin_parts.append(np.full(n, O_CN))
    for y, v in cal.MADRID_REGISTRATIONS.items():
        n = round(v * factor)
        reg = day(f"{y}-01-01") + rng.integers(0, 365, n)
        filing_parts.append(reg - rng.integers(10, 60, n))
        reg_parts.append(reg)
        refuse_parts.append(np.full(n, -1))
        origin_parts.append(np.full(n, O_MADRID))
    # GI marks (collective or certification marks): 85 registered by 2020, a few more since.
    n_gi = cal.GI_TRADEMARKS_2020 + 25
    gi_reg = np.concatenate(
        [
            day("2004-01-01")
            + np.sort(rng.integers(0, day("2020-12-31") - day("2004-01-01"), cal.GI_TRADEMARKS_2020)),
            day("2021-01-01") + np.sort(rng.integers(0, day("2025-12-31") - day("2021-01-01"), 25)),
        ]
    )
    filing_parts.append(gi_reg - rng.integers(300, 700, n_gi))
    reg_parts.append(gi_reg)
    refuse_parts.append(np.full(n_gi, -1))
    origin_parts.append(np.full(n_gi, O_GI))

    filing = np.concatenate(filing_parts)
    reg = np.concatenate(reg_parts)
    refuse = np.concatenate(refuse_parts)
    origin = np.concatenate(origin_parts)
    order = np.lexsort((rng.random(len(filing)), filing))
    filing, reg, refuse, origin = filing[order], reg[order], refuse[order], origin[order]
    n = len(filing)
    # Madrid registrations of 2005-2010 were not renewed; GI marks are always renewed.
    renew_p = P_RENEW
    expiry, end, status, ren_dates, ren_rows = _lifecycle(rng, reg, renew_p, 0.025)
    madrid_old = (origin == O_MADRID) & (reg < day("2011-01-01"))
    end[madrid_old] = expiry[madrid_old] = add_years(reg[madrid_old], 10) - 1
    status[madrid_old] = S_EXPIRED
    keep_ren = ~madrid_old[ren_rows]
    ren_dates, ren_rows = ren_dates[keep_ren], ren_rows[keep_ren]
    # Madrid registrations since 2011 and GI marks are always renewed and never cancelled: their
    # stocks are calibration targets.
    protected = ((origin == O_MADRID) & ~madrid_old) | (origin == O_GI)
    keep_ren = ~protected[ren_rows]
    ren_dates, ren_rows = ren_dates[keep_ren], ren_rows[keep_ren]
    rows = np.nonzero(protected)[0]
    end[rows] = -1
    status[rows] = S_VALID
    expiry[rows] = add_years(reg[rows], 10) - 1
    extra_dates, extra_rows = [], []
    for _ in range(3):
        due = rows[expiry[rows] <= AS_OF]
        extra_dates.append(expiry[due] - rng.integers(0, 180, len(due)))
        extra_rows.append(due)
        expiry[due] = add_years(expiry[due] + 1, 10) - 1
    ren_dates = np.concatenate([ren_dates, *extra_dates])
    ren_rows = np.concatenate([ren_rows, *extra_rows])
    refused = refuse >= 0
    end[refused] = refuse[refused]
    status[refused] = np.where(rng.random(int(refused.sum())) < 0.85, S_REJECTED, S_WITHDRAWN)
    # Applicants: type by the trademark shares, city by the general shares; GI marks by a city body.
    shares = cal.TYPE_SHARES["trademark"]
    etype = rng.choice(len(shares), n, p=shares / shares.sum())
    slot = rng.choice(N_GD, n, p=cal.CITY_SHARES["enterprise"])
    etype = np.where(origin == O_MADRID, T_ENT, etype)
    ent = sampler.draw(rng, group_key(np.where(origin == O_GI, T_ENT, etype), slot))
    gi_rows = np.nonzero(origin == O_GI)[0]
    gov = np.nonzero(pool.etype == T_GOV)[0]
    ent[gi_rows] = gov[rng.integers(0, len(gov), len(gi_rows))]
    gi_index = np.full(n, -1, dtype=np.int64)
    gi_index[gi_rows] = np.arange(len(gi_rows))
    # Demo enterprises: a handful of registered marks each.
    for row, count in zip(pool.demo_index.values(), (14, 9), strict=False):
        cand = np.nonzero((origin == O_CN) & (status == S_VALID) & (filing >= day("2013-01-01")))[0]
        ent[rng.choice(cand, count, replace=False)] = row
    # Numbers: CN application numbers grow with the filing date; Madrid numbers are 7 digits.
    number = np.zeros(n, dtype=np.int64)
    cn = np.nonzero(origin != O_MADRID)[0]
    number[cn] = 3_500_000 + np.arange(len(cn)) * 5 + rng.integers(0, 5, len(cn))
    md = np.nonzero(origin == O_MADRID)[0]
    number[md] = 850_000 + np.arange(len(md)) * 40 + rng.integers(0, 40, len(md))
    skel = TrademarkSkeleton(
        origin=origin,
        filing=filing,
        reg=reg,
        expiry=expiry,
        end=end,
        status=status,
        ent=ent,
        number=number,
        renewals=ren_dates,
        renewal_owner=ren_rows,
        gi_index=gi_index,
    )
    skel.app_no = pa.array(number).cast(pa.string())
    return skel


def _agencies() -> pa.Array:
    words = ("华商", "粤信", "南方", "知联", "卓信", "恒标", "金桥", "汇智", "天一", "创标")
    return pa.array([f"{c}{w}商标代理有限公司" for c in ("广州", "深圳", "佛山", "东莞") for w in words])


def trademark_batches(
    seed: int, skel: TrademarkSkeleton, pool: EntityPool, chunk: int = 250_000
) -> Iterator[pa.Table]:
    """Arrow batches (TRADEMARKS.schema) of the planned records."""
    agencies = _agencies()
    gi_names = pa.array(gi_mark_names(int((skel.origin == O_GI).sum())))
    classes = np.array(sorted(GOODS))
    goods_flat = pa.array([g for c in classes for g in GOODS[c]])
    goods_start = np.concatenate([[0], np.cumsum([len(GOODS[c]) for c in classes])[:-1]])
    goods_count = np.array([len(GOODS[c]) for c in classes])
    class_pos = np.full(46, -1)
    class_pos[classes] = np.arange(len(classes))
    for ci, a in enumerate(range(0, len(skel), chunk)):
        b = min(len(skel), a + chunk)
        rng = rng_for(seed, "trademarks", "rows", ci)
        n = b - a
        origin = skel.origin[a:b]
        gi = skel.gi_index[a:b]
        c1 = rng.integers(0, len(BRAND_CHARS), n)
        c2 = (c1 + 1 + rng.integers(0, len(BRAND_CHARS) - 1, n)) % len(BRAND_CHARS)
        zh = concat(take_str(BRAND_CHARS, c1), take_str(BRAND_CHARS, c2))
        latin = take_str(LATIN_MARKS, rng.integers(0, len(LATIN_MARKS), n))
        style = rng.choice(3, n, p=[0.6, 0.25, 0.15])
        text = pc.if_else(
            pa.array(style == 0), zh, pc.if_else(pa.array(style == 1), latin, concat(zh, latin))
        )
        text = pc.if_else(pa.array(gi >= 0), gi_names.take(pa.array(np.maximum(gi, 0))), text)
        mark_type = take_str(
            ["word", "combined", "figurative", "3d", "colour", "sound"],
            rng.choice(6, n, p=[0.55, 0.3, 0.13, 0.01, 0.005, 0.005]),
        )
        n_cls = np.where((rng.random(n) < 0.9) | (gi >= 0), 1, rng.integers(2, 4, n))
        first_cls = rng.choice(45, n, p=NICE_WEIGHTS)
        first_cls = np.where(gi >= 0, np.where(rng.random(n) < 0.5, 30, 29), first_cls)  # 31 or 30
        owner = np.repeat(np.arange(n), n_cls)
        k = np.arange(len(owner)) - np.repeat(np.cumsum(n_cls) - n_cls, n_cls)
        # Further classes of a multi-class application: distinct, spread over the Nice list.
        cls = (first_cls[owner] + 7 * k) % 45 + 1
        pos = class_pos[cls]
        has = pos >= 0
        gidx = goods_start[np.maximum(pos, 0)] + (
            rng.random(len(cls)) * goods_count[np.maximum(pos, 0)]
        ).astype(int)
        goods = pc.if_else(
            pa.array(has),
            goods_flat.take(pa.array(gidx)),
            concat("第", pa.array(cls).cast(pa.string()), "类商品"),
        )
        reg, expiry = skel.reg[a:b], skel.expiry[a:b]
        first = pool.parties.take(pa.array(skel.ent[a:b]))
        structs = pool.party_structs(skel.ent[a:b])
        ones = np.ones(n, dtype=np.int64)
        cert = (gi >= 0) & (rng.random(n) < 0.8)
        collective = ((gi >= 0) & ~cert) | ((gi < 0) & (rng.random(n) < 0.0002))
        well_known = (skel.status[a:b] == S_VALID) & (rng.random(n) < 0.0002)
        agency = pc.if_else(
            pa.array(rng.random(n) < 0.85),
            agencies.take(pa.array(rng.integers(0, len(agencies), n))),
            pa.nulls(n, pa.string()),
        )
        cols = {
            "office": pc.if_else(pa.array(origin == O_MADRID), "WO", "CN"),
            "application_number": skel.app_no[a:b],
            "registration_number": pc.if_else(pa.array(reg >= 0), skel.app_no[a:b], pa.nulls(n, pa.string())),
            "mark_text": text,
            "mark_type": mark_type,
            "nice_classes": list_array(n_cls, pa.array(cls.astype(np.int16))),
            "goods": list_array(n_cls, goods),
            "applicants": list_array(ones, structs),
            "filing_date": date_array(skel.filing[a:b]),
            "registration_date": date_array(reg, reg >= 0),
            "expiry_date": date_array(expiry, reg >= 0),
            "status": take_str(STATUS_NAMES, skel.status[a:b]),
            "madrid": pa.array(origin == O_MADRID),
            "collective": pa.array(collective),
            "certification": pa.array(cert | ((gi < 0) & (rng.random(n) < 0.0001))),
            "well_known": pa.array(well_known),
            "geographic_indication": pa.array(gi >= 0),
            "agency": agency,
            "applicant_type": first["applicant_type"],
            "province_code": first["province_code"],
            "city_code": first["city_code"],
            "district_code": first["district_code"],
            "entity_ids": list_array(ones, structs.field("entity_id")),
        }
        yield pa.table({f.name: cols[f.name] for f in TRADEMARKS.schema}, schema=TRADEMARKS.schema)
