"""Legal events of patents and trademarks, derived from their skeletons.

Per patent: grant; one ``fee_payment`` for the latest annual fee paid (not one per year: the
latest payment is what validity and renewal analytics need, and yearly rows would triple
the table); lapse, expiry, rejection or withdrawal matching the status; invalidation
requests and decisions; transfers; licences (exclusive / sole / ordinary, and open licences
since 2022 under the 2021 Patent Law); litigation; awards; pledges and their releases.
Per trademark: renewals, cancellation (``lapse``), invalidation, expiry, transfers, pledges.

Pledges are registered per financing project (one registration number); each pledged right
gets one event whose ``amount`` is its equal share of the project amount (in yuan, cents
exact), so summing events gives the registered amount and counting distinct registration
numbers gives the number of projects.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from gdip.datacenter.domain import LEGAL_EVENTS
from gdip.datacenter.synth import calibration as cal
from gdip.datacenter.synth.common import AS_OF, add_years, concat, date_array, day, rng_for, take_str, zpad
from gdip.datacenter.synth.names import T_ENT, EntityPool
from gdip.datacenter.synth.patents import (
    AWARD_NAMES,
    E_EXPIRY,
    E_LAPSE,
    E_REJECT,
    E_WITHDRAW,
    UTIL,
    YEAR,
    PatentSkeleton,
)
from gdip.datacenter.synth.trademarks import S_EXPIRED, S_INVALID, S_LAPSED, TrademarkSkeleton

__all__ = ["PledgePlan", "event_batches", "plan_pledges"]

BANKS = (
    "中国工商银行股份有限公司",
    "中国建设银行股份有限公司",
    "中国银行股份有限公司",
    "中国农业银行股份有限公司",
    "交通银行股份有限公司",
    "招商银行股份有限公司",
    "兴业银行股份有限公司",
    "平安银行股份有限公司",
    "广发银行股份有限公司",
    "中国光大银行股份有限公司",
    "浦发银行股份有限公司",
    "中信银行股份有限公司",
)
DEMO_BANKS = {"440300": "粤海示范银行深圳分行", "440100": "珠江示范银行广州分行"}
DEMO_PLEDGES = ((0, 2019), (0, 2023), (1, 2022))  # (demo enterprise, year)
OUTCOMES = ("upheld", "partially_invalidated", "invalidated")


@dataclass
class PledgePlan:
    """One row per pledged right."""

    right: np.ndarray  # 0 patent, 1 trademark
    row: np.ndarray  # skeleton row
    date: np.ndarray
    release: np.ndarray  # -1: not released by AS_OF
    project: np.ndarray  # project number (index into the project arrays)
    amount_cents: np.ndarray
    reg_no: pa.Array
    pledgee: pa.Array
    pledgor_ent: np.ndarray


def _split_cents(rng: np.random.Generator, total_cents: int, n: int) -> np.ndarray:
    """n lognormal amounts (σ 1.8, SME-sized median) that sum exactly to ``total_cents``."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    raw = rng.lognormal(0.0, 1.8, n)
    cents = np.floor(raw / raw.sum() * total_cents).astype(np.int64)
    cents[np.argmax(cents)] += total_cents - int(cents.sum())
    return cents


def plan_pledges(
    seed: int, factor: float, pat: PatentSkeleton, tm: TrademarkSkeleton, pool: EntityPool
) -> PledgePlan:
    """Pick pledged rights per year so the yearly amounts and project counts are exact."""
    rng = rng_for(seed, "pledges")
    ent_is_firm = (pool.etype == T_ENT) & (pool.slot < 21)
    city_codes = pool.parties["city_code"]
    rights, rows, dates, releases, projects, cents_out, pledgors, banks, regs = (
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
    )
    project_no = 0
    demo_rows = list(pool.demo_index.values())
    for y in cal.PLEDGE_PROJECTS:
        n_proj = round(cal.PLEDGE_PROJECTS[y] * factor)
        if factor < 1 and n_proj == 0 and rng.random() < cal.PLEDGE_PROJECTS[y] * factor * 2:
            n_proj = 1
        demos = [d for d, dy in DEMO_PLEDGES if dy == y]
        n_proj = max(n_proj, len(demos))
        total = round(cal.PLEDGE_AMOUNT_YI[y] * 1e8 * factor * 100)
        cents = _split_cents(rng, total, n_proj)
        # Rights granted before the year starts and in force a year after it ends: any day of
        # the year is a valid pledge date for them.
        start, stop = day(f"{y}-01-01") - 30, day(f"{y}-12-31") + 365
        is_tm = rng.random(n_proj) < cal.PLEDGE_TRADEMARK_SHARE
        is_tm[: len(demos)] = False
        for right, skel_ent, valid in (
            (
                0,
                pat.ent,
                (pat.kind <= UTIL)
                & pat.resident
                & (pat.grant >= 0)
                & (pat.grant <= start)
                & ((pat.end < 0) | (pat.end > stop)),
            ),
            (1, tm.ent, (tm.reg >= 0) & (tm.reg <= start) & ((tm.end < 0) | (tm.end > stop))),
        ):
            which = np.nonzero(is_tm == bool(right))[0]
            if len(which) == 0:
                continue
            cand = np.nonzero(valid & ent_is_firm[skel_ent])[0]
            cand = cand[np.lexsort((rng.random(len(cand)), skel_ent[cand]))]
            seeds = rng.integers(0, len(cand), len(which))
            k = 1 + rng.poisson(5.0 if right == 0 else 2.0, len(which))
            for j, (p, s, kk) in enumerate(zip(which, seeds, k, strict=True)):
                if right == 0 and j < len(demos) and p < len(demos):
                    d_row = demo_rows[demos[p]]
                    mine = cand[skel_ent[cand] == d_row]
                    pick = mine[:6]
                    if len(pick) == 0:
                        pick = cand[s : s + 1]
                else:
                    pos = np.arange(s, min(s + kk, len(cand)))
                    pick = cand[pos[skel_ent[cand[pos]] == skel_ent[cand[s]]]]
                when = day(f"{y}-01-01") + int(rng.integers(0, 365))
                when = min(when, AS_OF)
                term = int(rng.choice([365, 365, 365, 730, 1095]))
                release = when + term if when + term <= AS_OF else -1
                share = np.full(len(pick), cents[p] // len(pick), dtype=np.int64)
                share[0] += cents[p] - int(share.sum())
                owner = int(skel_ent[pick[0]])
                city = city_codes[owner].as_py() or "440000"
                if right == 0 and p < len(demos):
                    bank = DEMO_BANKS.get(city, BANKS[0] + "广东省分行")
                else:
                    bank = BANKS[int(rng.integers(0, len(BANKS)))] + _city_name(city) + "分行"
                reg = f"Y{y}{city}{project_no:06d}" if right == 0 else f"TMZY{y}{project_no:06d}"
                rights.append(np.full(len(pick), right))
                rows.append(pick)
                dates.append(np.full(len(pick), when))
                releases.append(np.full(len(pick), release))
                projects.append(np.full(len(pick), project_no))
                cents_out.append(share)
                pledgors.append(np.full(len(pick), owner))
                banks.extend([bank] * len(pick))
                regs.extend([reg] * len(pick))
                project_no += 1
    return PledgePlan(
        right=np.concatenate(rights),
        row=np.concatenate(rows),
        date=np.concatenate(dates),
        release=np.concatenate(releases),
        project=np.concatenate(projects),
        amount_cents=np.concatenate(cents_out),
        reg_no=pa.array(regs, pa.string()),
        pledgee=pa.array(banks, pa.string()),
        pledgor_ent=np.concatenate(pledgors),
    )


def _city_name(code: str) -> str:
    from gdip.datacenter.synth.regions import CITIES

    for c in CITIES:
        if c.code == code:
            return c.short
    return "广东省"


class _Events:
    """Accumulates event columns of one batch."""

    def __init__(self) -> None:
        self.parts: list[dict[str, pa.Array]] = []

    def add(
        self,
        office: pa.Array | str,
        app_no: pa.Array,
        right_kind: str,
        event_type: str,
        dates: np.ndarray,
        city: pa.Array,
        **extra: pa.Array,
    ) -> None:
        n = len(dates)
        if n == 0:
            return
        cols: dict[str, pa.Array] = {
            "office": pa.array([office] * n) if isinstance(office, str) else office,
            "application_number": app_no,
            "right_kind": pa.array([right_kind] * n),
            "event_type": pa.array([event_type] * n),
            "event_date": date_array(dates),
            "city_code": city,
        }
        cols.update(extra)
        self.parts.append(cols)

    def table(self, counter: list[int]) -> pa.Table | None:
        if not self.parts:
            return None
        n_total = sum(len(p["event_date"]) for p in self.parts)
        ids = concat("SYN", zpad(np.arange(counter[0], counter[0] + n_total), 9))
        counter[0] += n_total
        out = []
        pos = 0
        for p in self.parts:
            n = len(p["event_date"])
            cols = {f.name: p.get(f.name, pa.nulls(n, f.type)) for f in LEGAL_EVENTS.schema}
            cols["event_id"] = ids.slice(pos, n)
            pos += n
            out.append(
                pa.table(
                    {
                        f.name: pa.array(cols[f.name]).cast(f.type)
                        if not isinstance(cols[f.name], pa.Array)
                        else cols[f.name].cast(f.type)
                        for f in LEGAL_EVENTS.schema
                    },
                    schema=LEGAL_EVENTS.schema,
                )
            )
        return pa.concat_tables(out)


def _amounts(cents: np.ndarray) -> pa.Array:
    """Yuan amounts as decimal128(18, 2) from integer cents."""
    # decimal128 stores the unscaled value as a 16-byte little-endian integer: build it directly.
    low = np.asarray(cents, dtype=np.int64)
    words = np.stack([low, np.where(low < 0, -1, 0).astype(np.int64)], axis=1)
    dtype = LEGAL_EVENTS.schema.field("amount").type
    return pa.Array.from_buffers(dtype, len(low), [None, pa.py_buffer(words.tobytes())])


def _latest_anniversary(filing: np.ndarray, until: np.ndarray) -> np.ndarray:
    years = np.floor((until - filing) / YEAR).astype(np.int64)
    ann = add_years(filing, years)
    ann = np.where(ann > until, add_years(filing, years - 1), ann)
    return ann


def event_batches(
    seed: int,
    pat: PatentSkeleton,
    tm: TrademarkSkeleton,
    pool: EntityPool,
    pledges: PledgePlan,
    chunk: int = 250_000,
) -> Iterator[pa.Table]:
    """Arrow batches (LEGAL_EVENTS.schema) of every event."""
    counter = [1]
    names = pool.parties["name"]
    city_of = pool.parties["city_code"]
    firms = np.nonzero((pool.etype == T_ENT) & (pool.slot < 21) & (pool.w_patent > 0))[0]
    for ci, a in enumerate(range(0, len(pat), chunk)):
        b = min(len(pat), a + chunk)
        rng = rng_for(seed, "events", "patents", ci)
        ev = _Events()
        rows = np.arange(a, b)
        city = city_of.take(pa.array(pat.ent[a:b]))

        def sel(
            mask: np.ndarray, rows: np.ndarray = rows, city: pa.Array = city
        ) -> tuple[pa.Array, pa.Array, np.ndarray]:
            idx = np.nonzero(mask)[0]
            return pat.app_no.take(pa.array(rows[idx])), city.take(pa.array(idx)), rows[idx]

        grant, end, etype, filing = pat.grant[a:b], pat.end[a:b], pat.end_type[a:b], pat.filing[a:b]
        granted = grant >= 0
        no, c, r = sel(granted)
        ev.add("CN", no, "patent", "grant", grant[granted], c, description=pa.array(["授权公告"] * len(r)))
        until = np.where(end >= 0, end - 1, AS_OF)
        ann = _latest_anniversary(filing, until)
        paid = np.maximum(ann - rng.integers(0, 60, len(ann)), grant - 30)
        fee_year = np.floor((ann - filing) / YEAR).astype(np.int64) + 1
        no, c, r = sel(granted)
        ev.add(
            "CN",
            no,
            "patent",
            "fee_payment",
            paid[granted],
            c,
            description=concat("缴纳第", pa.array(fee_year[granted]).cast(pa.string()), "年度年费"),
        )
        for code, name, text in (
            (E_LAPSE, "lapse", "未缴年费专利权终止"),
            (E_EXPIRY, "expiry", "专利权期限届满"),
            (E_REJECT, "rejection", "驳回"),
            (E_WITHDRAW, "withdrawal", "视为撤回"),
        ):
            m = etype == code
            no, c, r = sel(m)
            ev.add("CN", no, "patent", name, end[m], c, description=pa.array([text] * len(r)))
        req, dec, outc = pat.inval_req[a:b], pat.inval_dec[a:b], pat.inval_outcome[a:b]
        m = req >= 0
        no, c, r = sel(m)
        ev.add(
            "CN",
            no,
            "patent",
            "invalidation_request",
            req[m],
            c,
            description=pa.array(["无效宣告请求"] * len(r)),
        )
        m = dec >= 0
        no, c, r = sel(m)
        ev.add(
            "CN",
            no,
            "patent",
            "invalidation_decision",
            dec[m],
            c,
            outcome=take_str(OUTCOMES, outc[m]),
            description=pa.array(["无效宣告请求审查决定"] * len(r)),
        )
        # Transfers, licences, open licences, litigation: while the patent is in force.
        live_to = np.where(end >= 0, end, AS_OF)
        span = np.maximum(live_to - grant, 1)
        for name, p in (("transfer", 0.04), ("licence", 0.015), ("litigation", 0.0015)):
            m = granted & (rng.random(len(rows)) < p) & (live_to - grant > 30)
            when = grant + (rng.random(len(rows)) * span).astype(np.int64)
            no, c, r = sel(m)
            kw: dict[str, pa.Array] = {}
            holder = names.take(pa.array(pat.ent[r]))
            other = names.take(pa.array(firms[rng.integers(0, len(firms), len(r))]))
            if name == "transfer":
                kw = {
                    "from_party": holder,
                    "to_party": other,
                    "description": pa.array(["专利权转让"] * len(r)),
                }
            elif name == "licence":
                start = when[m]
                kw = {
                    "from_party": holder,
                    "to_party": other,
                    "licence_type": take_str(
                        ["exclusive", "sole", "ordinary"], rng.choice(3, len(r), p=[0.3, 0.2, 0.5])
                    ),
                    "term_start": date_array(start),
                    "term_end": date_array(start + rng.integers(1, 6, len(r)) * 365),
                    "amount": _amounts(rng.integers(5, 500, len(r)) * 1_000_000),
                    "currency": pa.array(["CNY"] * len(r)),
                    "description": pa.array(["专利实施许可合同备案"] * len(r)),
                }
            else:
                kw = {
                    "from_party": other,
                    "to_party": holder,
                    "outcome": take_str(
                        ["settled", "infringement_found", "dismissed", "pending"],
                        rng.choice(4, len(r), p=[0.45, 0.3, 0.15, 0.1]),
                    ),
                    "description": pa.array(["专利侵权纠纷诉讼"] * len(r)),
                }
            ev.add("CN", no, "patent", name, when[m], c, **kw)
        open_from = day("2022-06-01")
        ent_type = pool.etype[pat.ent[a:b]]
        p_open = np.where(np.isin(ent_type, (1, 2)), 0.03, 0.002)
        m = (
            granted
            & pat.resident[a:b]
            & (rng.random(len(rows)) < p_open)
            & (live_to > open_from + 30)
            & (grant < AS_OF - 30)
        )
        start = np.maximum(grant, open_from)
        when = start + (rng.random(len(rows)) * np.maximum(live_to - start, 1)).astype(np.int64)
        no, c, r = sel(m)
        ev.add(
            "CN",
            no,
            "patent",
            "open_licence",
            np.minimum(when[m], AS_OF),
            c,
            from_party=names.take(pa.array(pat.ent[r])),
            licence_type=pa.array(["open"] * len(r)),
            amount=_amounts(rng.integers(1, 20, len(r)) * 1_000_000),
            currency=pa.array(["CNY"] * len(r)),
            description=pa.array(["专利开放许可声明（年许可费）"] * len(r)),
        )
        t = ev.table(counter)
        if t is not None:
            yield t
    # Awards.
    ev = _Events()
    aw = pat.awards
    if len(aw["parent"]):
        ev.add(
            "CN",
            pat.app_no.take(pa.array(aw["parent"])),
            "patent",
            "award",
            np.array([day(f"{y}-12-01") for y in aw["year"]]),
            city_of.take(pa.array(pat.ent[aw["parent"]])),
            description=take_str(AWARD_NAMES, aw["name"]),
        )
    # Pledges and releases.
    for right, kind_name, skel_app, skel_ent, office in (
        (0, "patent", pat.app_no, pat.ent, "CN"),
        (1, "trademark", tm.app_no, tm.ent, "CN"),
    ):
        m = pledges.right == right
        idx = np.nonzero(m)[0]
        if len(idx) == 0:
            continue
        rows_ = pledges.row[idx]
        no = skel_app.take(pa.array(rows_))
        c = city_of.take(pa.array(skel_ent[rows_]))
        pledgor = names.take(pa.array(pledges.pledgor_ent[idx]))
        bank = pledges.pledgee.take(pa.array(idx))
        reg = pledges.reg_no.take(pa.array(idx))
        ev.add(
            office,
            no,
            kind_name,
            "pledge",
            pledges.date[idx],
            c,
            from_party=pledgor,
            to_party=bank,
            pledgee=bank,
            registration_number=reg,
            amount=_amounts(pledges.amount_cents[idx]),
            currency=pa.array(["CNY"] * len(idx)),
            term_start=date_array(pledges.date[idx]),
            term_end=date_array(
                np.where(pledges.release[idx] >= 0, pledges.release[idx], pledges.date[idx] + 365)
            ),
            description=pa.array(["质押登记"] * len(idx)),
        )
        rel = idx[pledges.release[idx] >= 0]
        ev.add(
            office,
            skel_app.take(pa.array(pledges.row[rel])),
            kind_name,
            "pledge_release",
            pledges.release[rel],
            city_of.take(pa.array(skel_ent[pledges.row[rel]])),
            pledgee=pledges.pledgee.take(pa.array(rel)),
            registration_number=pledges.reg_no.take(pa.array(rel)),
            description=pa.array(["质押登记注销"] * len(rel)),
        )
    t = ev.table(counter)
    if t is not None:
        yield t
    # Trademarks.
    for ci, a in enumerate(range(0, len(tm), chunk)):
        b = min(len(tm), a + chunk)
        rng = rng_for(seed, "events", "trademarks", ci)
        ev = _Events()
        rows = np.arange(a, b)
        city = city_of.take(pa.array(tm.ent[a:b]))
        office = pc.if_else(pa.array(tm.origin[a:b] == 1), "WO", "CN")
        status, end, reg = tm.status[a:b], tm.end[a:b], tm.reg[a:b]
        for code, name, text in (
            (S_LAPSED, "lapse", "注册商标撤销"),
            (S_INVALID, "invalidation_decision", "注册商标无效宣告"),
            (S_EXPIRED, "expiry", "注册商标有效期满未续展"),
        ):
            m = status == code
            idx = np.nonzero(m)[0]
            kw = {"outcome": pa.array(["invalidated"] * len(idx))} if code == S_INVALID else {}
            ev.add(
                office.take(pa.array(idx)),
                tm.app_no.take(pa.array(rows[idx])),
                "trademark",
                name,
                end[m],
                city.take(pa.array(idx)),
                description=pa.array([text] * len(idx)),
                **kw,
            )
        m = (reg >= 0) & (rng.random(len(rows)) < 0.015)
        live_to = np.where(end >= 0, end, AS_OF)
        m &= live_to - reg > 30
        when = reg + (rng.random(len(rows)) * np.maximum(live_to - reg, 1)).astype(np.int64)
        idx = np.nonzero(m)[0]
        ev.add(
            office.take(pa.array(idx)),
            tm.app_no.take(pa.array(rows[idx])),
            "trademark",
            "transfer",
            when[m],
            city.take(pa.array(idx)),
            from_party=names.take(pa.array(tm.ent[rows[idx]])),
            to_party=names.take(pa.array(firms[rng.integers(0, len(firms), len(idx))])),
            description=pa.array(["注册商标转让"] * len(idx)),
        )
        t = ev.table(counter)
        if t is not None:
            yield t
    # Trademark renewals.
    ev = _Events()
    rr = tm.renewal_owner
    if len(rr):
        ev.add(
            pc.if_else(pa.array(tm.origin[rr] == 1), "WO", "CN"),
            tm.app_no.take(pa.array(rr)),
            "trademark",
            "renewal",
            tm.renewals,
            city_of.take(pa.array(tm.ent[rr])),
            description=pa.array(["注册商标续展"] * len(rr)),
        )
        t = ev.table(counter)
        if t is not None:
            yield t
