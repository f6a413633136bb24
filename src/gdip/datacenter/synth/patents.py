"""Patents: a numeric skeleton of every record first, then Arrow batches built from it.

The skeleton (dates, status, applicant rows, links) is a set of numpy arrays for the whole
data set, a few hundred MB at full scale; strings are only made per output chunk. Planning
globally lets the generator hit yearly targets exactly (PCT filings, grants abroad, awards)
and link records across years (families, citations, pledges) without any per-row loop.

Life cycle of a CN patent (all dates as of AS_OF, 2025-12-31):
filing → publication (inventions, 6-18 months) → grant or refusal (rejected / withdrawn) →
annual fees on each filing anniversary → lapse (fee not paid: the due date ends the right),
expiry (20 years for inventions, 10 for utility models and designs; 15 for designs filed from
2021-06-01), or invalidation (a decision that invalidates the whole patent).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from gdip.datacenter.domain import AWARD, FAMILY_MEMBER, PATENTS
from gdip.datacenter.synth import calibration as cal
from gdip.datacenter.synth.common import (
    AS_OF,
    add_years,
    cn_application_numbers,
    concat,
    date_array,
    day,
    list_array,
    rng_for,
    take_str,
    year_of,
    zpad,
)
from gdip.datacenter.synth.names import (
    GIVEN_CHARS,
    N_GD,
    SLOT_FOREIGN,
    SLOT_OTHER,
    SURNAMES,
    T_ENT,
    T_UNI,
    ZIHAO_CHARS,
    EntityPool,
    GroupSampler,
    group_key,
)
from gdip.datacenter.synth.texts import COMPONENTS, DESIGN_PRODUCTS, EFFECTS, IPC_POOL, QUALIFIERS, ipc_pools

__all__ = ["PatentSkeleton", "build_patent_skeleton", "patent_batches"]

INV, UTIL, DESIGN = 0, 1, 2
KIND_NAMES = ("invention", "utility", "design")
# end_type values
E_NONE, E_LAPSE, E_EXPIRY, E_INVALID, E_REJECT, E_WITHDRAW = range(6)
STATUS_NAMES = ("pending", "valid", "lapsed", "expired", "invalidated", "withdrawn", "rejected")
FIRST_FILING = day("2003-10-01")  # the 12-digit application number format started then
YEAR = 365.25
# Probability that a resident invention is in a strategic emerging industry: set so that the
# 2020 high-value figure meets the plan's 13.5 per 10k together with the other conditions [A].
P_SEI_INVENTION = 0.35
P_SEI_UTILITY = 0.30
CO_APPLICANT_SHARE = 0.08
AGENCY_SHARE = 0.82


@dataclass
class PatentSkeleton:
    """Numeric plan of every patent record; CN rows sorted by filing date, then links."""

    kind: np.ndarray
    type_digit: np.ndarray
    filing: np.ndarray
    pub: np.ndarray  # -1: not published (yet)
    grant: np.ndarray  # -1: not granted
    end: np.ndarray  # -1: still in force (or pending); else lapse/expiry/invalidation/refusal date
    end_type: np.ndarray
    ent: np.ndarray
    ent2: np.ndarray  # -1: a single applicant
    resident: np.ndarray
    sei: np.ndarray
    ipc: np.ndarray  # main IPC pool index (-1 for designs)
    serial: np.ndarray
    pubno: np.ndarray  # 9-digit publication serial (A for inventions, U / S for the others)
    inval_req: np.ndarray  # -1 or the date of an invalidation request
    inval_dec: np.ndarray
    inval_outcome: np.ndarray  # 0 upheld, 1 partly invalidated, 2 invalidated
    app_no: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))
    # Links: records abroad (WO, US, EP, JP, KR) and awards, by CN parent row.
    foreign: dict[str, np.ndarray] = field(default_factory=dict)
    foreign_no: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))
    awards: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.filing)

    def status(self) -> np.ndarray:
        """Status index (STATUS_NAMES) as of AS_OF."""
        st = np.zeros(len(self), dtype=np.int64)
        st[(self.grant >= 0) & (self.end < 0)] = 1
        st[self.end_type == E_LAPSE] = 2
        st[self.end_type == E_EXPIRY] = 3
        st[self.end_type == E_INVALID] = 4
        st[self.end_type == E_WITHDRAW] = 5
        st[self.end_type == E_REJECT] = 6
        return st


def _uniform_days(rng: np.random.Generator, year: int, n: int) -> np.ndarray:
    start = day(f"{year}-01-01")
    return start + rng.integers(0, day(f"{year + 1}-01-01") - start, n)


def _stochastic_round(rng: np.random.Generator, x: float) -> int:
    base = int(np.floor(x))
    return base + int(rng.random() < x - base)


def _lifecycle(
    rng: np.random.Generator, kind: int, filing: np.ndarray, grant: np.ndarray, hazard: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Lapse / expiry / invalidation of granted rows: (end, end_type, inval_req, inval_dec, outcome)."""
    n = len(filing)
    end = np.full(n, -1, dtype=np.int64)
    etype = np.zeros(n, dtype=np.int64)
    granted = grant >= 0
    # Fees fall due on each filing anniversary and rise with age (CNIPA's annuity scale), so the
    # yearly chance of letting the patent lapse grows with age: x1 to year 6, x1.4 to 9, x2 after.
    years_at_grant = np.ceil((grant - filing) / YEAR).astype(np.int64)
    fail_year = np.full(n, 99, dtype=np.int64)
    u = rng.random((n, 21)) if n else np.zeros((0, 21))
    for age in range(1, 21):
        h = hazard * (1.0 if age <= 6 else 1.4 if age <= 9 else 2.0)
        hit = (fail_year == 99) & (age > years_at_grant) & (u[:, age] < h)
        fail_year[hit] = age
    lapse = add_years(filing, np.minimum(fail_year, 40))
    term = 20 if kind == INV else 10
    terms = np.full(n, term)
    if kind == DESIGN:
        terms[filing >= day("2021-06-01")] = 15
    expiry = add_years(filing, terms) - 1
    ends_by_expiry = lapse > expiry
    stop = np.where(ends_by_expiry, expiry, lapse)
    ended = granted & (stop <= AS_OF)
    end[ended] = stop[ended]
    etype[ended] = np.where(ends_by_expiry[ended], E_EXPIRY, E_LAPSE)
    # Invalidation: requested against a few granted patents while in force.
    p_req = 0.004 if kind == INV else 0.003
    req = np.full(n, -1, dtype=np.int64)
    dec = np.full(n, -1, dtype=np.int64)
    outcome = np.full(n, -1, dtype=np.int64)
    asked = granted & (rng.random(n) < p_req)
    r = grant + (rng.uniform(0.3, 6.0, n) * YEAR).astype(np.int64)
    asked &= (r <= AS_OF) & ((end < 0) | (r < end))
    req[asked] = r[asked]
    d = r + (rng.uniform(0.4, 1.2, n) * YEAR).astype(np.int64)
    decided = asked & (d <= AS_OF) & ((end < 0) | (d < end))
    dec[decided] = d[decided]
    outcome[decided] = rng.choice(3, int(decided.sum()), p=[0.4, 0.25, 0.35])
    killed = decided & (outcome == 2)
    end[killed] = dec[killed]
    etype[killed] = E_INVALID
    return end, etype, req, dec, outcome


def _applicants(
    rng: np.random.Generator, sampler: GroupSampler, kind: int, resident: np.ndarray, slot_other: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """First applicant (entity row) and an optional co-applicant (-1) per record."""
    n = len(resident)
    shares = cal.TYPE_SHARES[KIND_NAMES[kind]]
    etype = rng.choice(len(shares), n, p=shares / shares.sum())
    city_p = cal.CITY_SHARES["invention" if kind == INV else "enterprise"]
    slot = rng.choice(N_GD, n, p=city_p)
    group = group_key(etype, slot)
    group = np.where(resident, group, T_ENT * 32 + slot_other)
    ent = sampler.draw(rng, group)
    ent2 = np.full(n, -1, dtype=np.int64)
    co = resident & (rng.random(n) < (CO_APPLICANT_SHARE if kind != DESIGN else 0.02))
    uni = rng.random(n) < 0.4
    co_group = np.where(uni, group_key(np.full(n, T_UNI), slot), T_ENT * 32 + slot)
    second = sampler.draw(rng, co_group[co])
    ent2[co] = np.where(second == ent[co], -1, second)
    return ent, ent2


def _plan_kind(rng: np.random.Generator, factor: float, kind: int) -> dict[str, np.ndarray]:
    """Filing, grant and refusal dates of one kind (resident and non-resident rows)."""
    filing_parts, grant_parts, refuse_parts, res_parts, tdig_parts, other_parts = [], [], [], [], [], []

    def push(
        filing: np.ndarray,
        grant: np.ndarray,
        refuse: np.ndarray,
        resident: bool,
        tdig: np.ndarray,
        other: np.ndarray,
    ) -> None:
        filing_parts.append(filing)
        grant_parts.append(grant)
        refuse_parts.append(refuse)
        res_parts.append(np.full(len(filing), resident))
        tdig_parts.append(tdig)
        other_parts.append(other)

    if kind == INV:
        for y, g in cal.INVENTION_GRANTS.items():
            n = _stochastic_round(rng, g * factor)
            grant = _uniform_days(rng, y, n)
            lag = ((1.2 + rng.gamma(3.0, 0.5, n)).clip(max=7.0) * YEAR).astype(np.int64)
            filing = grant - lag
            early = filing < FIRST_FILING
            filing[early] = FIRST_FILING + rng.integers(0, 90, int(early.sum()))
            keep = filing <= AS_OF
            filing, grant = filing[keep], grant[keep]
            grant = np.where(grant <= AS_OF, grant, -1)
            push(
                filing,
                grant,
                np.full(len(filing), -1),
                True,
                np.ones(len(filing), np.int64),
                np.zeros(len(filing), np.int64),
            )
        for y in range(2003, 2026):
            g_later = cal.INVENTION_GRANTS[min(y + 3, max(cal.INVENTION_GRANTS))]
            n = _stochastic_round(rng, g_later * cal.INVENTION_REFUSED_RATIO * factor)
            filing = np.maximum(_uniform_days(rng, y, n), FIRST_FILING)
            decision = filing + (rng.uniform(1.0, 4.0, n) * YEAR).astype(np.int64)
            refuse = np.where(decision <= AS_OF, decision, -1)
            push(filing, np.full(n, -1), refuse, True, np.ones(n, np.int64), np.zeros(n, np.int64))
            # Non-residents: other provinces (type 1) and abroad (mostly PCT national phase, type 8).
            for share, slot in ((cal.INVENTION_OTHER_CN, SLOT_OTHER), (cal.INVENTION_FOREIGN, SLOT_FOREIGN)):
                m = _stochastic_round(rng, g_later * 1.75 * share * factor)
                f = np.maximum(_uniform_days(rng, y, m), FIRST_FILING)
                ok = rng.random(m) < 0.6
                gr = f + ((1.3 + rng.gamma(3.0, 0.5, m)).clip(max=7.0) * YEAR).astype(np.int64)
                gr = np.where(ok & (gr <= AS_OF), gr, -1)
                dec = f + (rng.uniform(1.0, 4.0, m) * YEAR).astype(np.int64)
                ref = np.where(~ok & (dec <= AS_OF), dec, -1)
                td = np.where((slot == SLOT_FOREIGN) & (rng.random(m) < 0.65), 8, 1)
                push(f, gr, ref, False, td, np.full(m, slot))
    else:
        series = cal.UTILITY_FILINGS if kind == UTIL else cal.DESIGN_FILINGS
        p_grant, lag_lo, lag_hi = (0.93, 0.4, 1.5) if kind == UTIL else (0.95, 0.3, 1.0)
        for y, v in series.items():
            for resident, share, slot in ((True, 0.97, 0), (False, 0.03, SLOT_OTHER)):
                n = _stochastic_round(rng, v * share * factor)
                filing = np.maximum(_uniform_days(rng, y, n), FIRST_FILING)
                ok = rng.random(n) < p_grant
                gr = filing + (rng.uniform(lag_lo, lag_hi, n) * YEAR).astype(np.int64)
                gr = np.where(ok & (gr <= AS_OF), gr, -1)
                dec = filing + (rng.uniform(lag_lo, lag_hi + 0.5, n) * YEAR).astype(np.int64)
                ref = np.where(~ok & (dec <= AS_OF), dec, -1)
                push(filing, gr, ref, resident, np.full(n, 2 if kind == UTIL else 3), np.full(n, slot))
    return {
        "filing": np.concatenate(filing_parts),
        "grant": np.concatenate(grant_parts),
        "refuse": np.concatenate(refuse_parts),
        "resident": np.concatenate(res_parts),
        "type_digit": np.concatenate(tdig_parts),
        "slot_other": np.concatenate(other_parts),
    }


def build_patent_skeleton(seed: int, factor: float, pool: EntityPool) -> PatentSkeleton:
    """Plan every patent record of the data set (see the module docstring)."""
    parts: list[dict[str, np.ndarray]] = []
    ipcs = ipc_pools()
    sampler = pool.sampler(pool.w_patent)
    for kind in (INV, UTIL, DESIGN):
        rng = rng_for(seed, "patents", kind)
        plan = _plan_kind(rng, factor, kind)
        n = len(plan["filing"])
        hazard = {INV: cal.INVENTION_LAPSE_HAZARD, UTIL: 0.16, DESIGN: 0.2}[kind]
        end, etype, req, dec, outcome = _lifecycle(rng, kind, plan["filing"], plan["grant"], hazard)
        foreign_rows = ~plan["resident"] & (plan["slot_other"] == SLOT_FOREIGN)
        if kind == INV and foreign_rows.any():
            # Foreign holders keep their Chinese patents longer.
            e2, t2, *_ = _lifecycle(rng, kind, plan["filing"], plan["grant"], 0.035)
            end[foreign_rows], etype[foreign_rows] = e2[foreign_rows], t2[foreign_rows]
        refused = plan["refuse"] >= 0
        end[refused] = plan["refuse"][refused]
        etype[refused] = np.where(rng.random(int(refused.sum())) < 0.55, E_REJECT, E_WITHDRAW)
        ent, ent2 = _applicants(rng, sampler, kind, plan["resident"], plan["slot_other"])
        if kind == DESIGN:
            sei = np.zeros(n, dtype=bool)
            ipc = np.full(n, -1, dtype=np.int64)
        else:
            sei = rng.random(n) < (P_SEI_INVENTION if kind == INV else P_SEI_UTILITY)
            ipc = ipcs.draw(rng, sei)
        pub = np.full(n, -1, dtype=np.int64)
        if kind == INV:
            p = plan["filing"] + rng.integers(180, 549, n)
            # Applications withdrawn before publication are never published.
            p_ok = (p <= AS_OF) & ~((etype == E_WITHDRAW) & (end < p))
            pub[p_ok] = p[p_ok]
        else:
            pub = plan["grant"].copy()
        parts.append(
            {
                "kind": np.full(n, kind, dtype=np.int64),
                "type_digit": plan["type_digit"],
                "filing": plan["filing"],
                "pub": pub,
                "grant": plan["grant"],
                "end": end,
                "end_type": etype,
                "ent": ent,
                "ent2": ent2,
                "resident": plan["resident"],
                "sei": sei,
                "ipc": ipc,
                "inval_req": req,
                "inval_dec": dec,
                "inval_outcome": outcome,
            }
        )
    cols = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    rng = rng_for(seed, "patents", "order")
    order = np.lexsort((rng.random(len(cols["filing"])), cols["filing"]))
    cols = {k: v[order] for k, v in cols.items()}
    _assign_demo_portfolios(rng_for(seed, "patents", "demo"), cols, pool)
    # Application serials: unique per (year, type digit), increasing with the filing date.
    year = year_of(cols["filing"])
    key = year * 10 + cols["type_digit"]
    order = np.lexsort((cols["filing"], key))
    rank = np.empty(len(key), dtype=np.int64)
    sk = key[order]
    starts = np.searchsorted(sk, sk, "left")
    rank[order] = np.arange(len(key)) - starts
    serial = 10_000 + rank * 7 + rng.integers(0, 7, len(key))
    # Publication serials: one sequence per publication type, in publication order.
    pubno = np.full(len(key), -1, dtype=np.int64)
    for kind, base in ((INV, 100_000_000), (UTIL, 200_000_000), (DESIGN, 300_000_000)):
        rows = np.nonzero((cols["kind"] == kind) & (cols["pub"] >= 0))[0]
        rows = rows[np.argsort(cols["pub"][rows], kind="stable")]
        pubno[rows] = base + 1_000_000 + np.arange(len(rows)) * 3
    skel = PatentSkeleton(serial=serial, pubno=pubno, **cols)  # type: ignore[arg-type]
    skel.app_no = cn_application_numbers(year, cols["type_digit"], serial)
    _plan_foreign(seed, factor, skel)
    _plan_awards(seed, factor, skel)
    return skel


def _assign_demo_portfolios(rng: np.random.Generator, cols: dict[str, np.ndarray], pool: EntityPool) -> None:
    """Give each demo enterprise a fixed portfolio of resident records filed after it was founded."""
    plans = ((40, 12, 22, 10), (32, 8, 14, 6))  # granted inventions, other inventions, utility, designs
    taken = np.zeros(len(cols["filing"]), dtype=bool)
    for row, plan in zip(pool.demo_index.values(), plans, strict=False):
        base = cols["resident"] & (cols["filing"] >= day("2013-01-01")) & ~taken
        inv = cols["kind"] == INV
        groups = (
            base & inv & (cols["grant"] >= 0) & (cols["end"] < 0),
            base & inv & (cols["grant"] < 0),
            base & (cols["kind"] == UTIL) & (cols["grant"] >= 0),
            base & (cols["kind"] == DESIGN),
        )
        for mask, count in zip(groups, plan, strict=True):
            cand = np.nonzero(mask)[0]
            pick = rng.choice(cand, min(count, len(cand)), replace=False)
            cols["ent"][pick] = row
            cols["ent2"][pick] = -1
            taken[pick] = True
        # A demo firm's inventions are in its own fields: new energy and biopharma.
        mine = np.nonzero(taken & (cols["ent"] == row) & inv)[0]
        cols["sei"][mine] = True
        cols["ipc"][mine] = _demo_ipc(row, len(mine))


def _demo_ipc(row: int, n: int) -> np.ndarray:
    symbols = [e[0] for e in IPC_POOL]
    wanted = (
        ("H01M 10/0525", "H01M 4/62", "H02J 7/00")
        if row == 0
        else ("A61K 31/4709", "A61K 39/395", "C12Q 1/68")
    )
    idx = np.array([symbols.index(s) for s in wanted])
    return idx[np.arange(n) % len(idx)]


def _plan_foreign(seed: int, factor: float, skel: PatentSkeleton) -> None:
    """Plan WO (PCT) and US/EP/JP/KR records of residents, each linked to a CN parent invention."""
    rng = rng_for(seed, "patents", "foreign")
    cand = np.nonzero((skel.kind == INV) & skel.resident & (skel.type_digit == 1))[0]
    cf = skel.filing[cand]  # sorted, since the skeleton is

    def parents(lo_day: np.ndarray, hi_day: np.ndarray) -> np.ndarray:
        lo = np.searchsorted(cf, lo_day, "left")
        hi = np.searchsorted(cf, hi_day, "right")
        # An empty window (the first months of the data) widens to the earliest candidates.
        hi = np.where(hi > lo, hi, np.minimum(lo + 200, len(cand)))
        pos = np.minimum(lo + (rng.random(len(lo)) * (hi - lo)).astype(np.int64), len(cand) - 1)
        return cand[pos]

    office_parts, parent_parts, filing_parts, grant_parts, status_parts = [], [], [], [], []
    # office: 0 WO, 1 US, 2 EP, 3 JP, 4 KR; status: 0 pending, 1 valid, 3 expired, 6 rejected
    for y, v in cal.PCT_FILINGS.items():
        n = _stochastic_round(rng, v * factor)
        f = _uniform_days(rng, y, n)
        f = f[f <= AS_OF]
        par = parents(f - 365, f - 30)
        office_parts.append(np.zeros(len(f), np.int64))
        parent_parts.append(par)
        filing_parts.append(np.maximum(f, skel.filing[par] + 30))
        grant_parts.append(np.full(len(f), -1))
        status_parts.append(np.where(f + int(2.5 * YEAR) > AS_OF, 0, 3))
    offices = np.array([1, 2, 3, 4])
    office_p = np.array([p for _, p in cal.OVERSEAS_OFFICES])
    for y, v in cal.OVERSEAS_GRANTS.items():
        n = _stochastic_round(rng, v * factor)
        g = _uniform_days(rng, y, n)
        g = g[g <= AS_OF]
        par = parents(g - int(5.5 * YEAR), g - int(2.5 * YEAR))
        office_parts.append(offices[rng.choice(4, len(g), p=office_p)])
        parent_parts.append(par)
        filing_parts.append(skel.filing[par] + rng.integers(300, 366, len(g)))
        grant_parts.append(g)
        status_parts.append(np.ones(len(g), np.int64))
    # Filed abroad but not granted: pending ones from recent parents, refused ones from older.
    for lo_y, hi_y, share, status in ((2020, 2025, 1.1, 0), (2008, 2019, 0.25, 6)):
        total = (
            sum(v for y, v in cal.OVERSEAS_GRANTS.items() if lo_y <= y <= hi_y) * share / (hi_y - lo_y + 1)
        )
        for y in range(lo_y, hi_y + 1):
            n = _stochastic_round(rng, total * factor)
            f = _uniform_days(rng, y, n)
            f = f[f <= AS_OF]
            par = parents(f - 365, f - 300)
            office_parts.append(offices[rng.choice(4, len(f), p=office_p)])
            parent_parts.append(par)
            filing_parts.append(np.maximum(f, skel.filing[par] + 300))
            grant_parts.append(np.full(len(f), -1))
            status_parts.append(np.full(len(f), status))
    office = np.concatenate(office_parts)
    order = np.argsort(np.concatenate(parent_parts), kind="stable")
    skel.foreign = {
        "office": office[order],
        "parent": np.concatenate(parent_parts)[order],
        "filing": np.concatenate(filing_parts)[order],
        "grant": np.concatenate(grant_parts)[order],
        "status": np.concatenate(status_parts)[order],
    }
    skel.foreign_no = _foreign_numbers(rng, skel.foreign["office"], skel.foreign["filing"])


def _foreign_numbers(rng: np.random.Generator, office: np.ndarray, filing: np.ndarray) -> pa.Array:
    """Application numbers in each office's usual written form, unique per office and year."""
    y = year_of(filing)
    key = office * 10_000 + y
    order = np.lexsort((filing, key))
    sk = key[order]
    rank = np.empty(len(key), dtype=np.int64)
    rank[order] = np.arange(len(key)) - np.searchsorted(sk, sk, "left")
    serial = 1000 + rank * 3 + rng.integers(0, 3, len(key))
    ys = pa.array(y).cast(pa.string())
    yy = zpad(y % 100, 2)
    us_series = np.select([y >= 2023, y >= 2020, y >= 2018, y >= 2015], [18, 17, 16, 15], 14)
    forms = [
        concat("PCT/CN", ys, "/", zpad(serial, 6)),
        # US serials run across years within a series code: offset by year to stay unique.
        concat(pa.array(us_series).cast(pa.string()), zpad(((y - 2000) * 40_000 + serial) % 1_000_000, 6)),
        concat(yy, zpad(100_000 + serial, 6)),
        concat(ys, "-", zpad(serial, 6)),
        concat("10-", ys, "-", zpad(serial, 7)),
    ]
    out = forms[0]
    for code in (1, 2, 3, 4):
        out = pc.if_else(pa.array(office == code), forms[code], out)
    # Stored as ingest stores them (gdip.core.validators.normalise_application_number for
    # foreign offices): separators removed, so family links and lookups match ingested data.
    return pc.replace_substring_regex(out, r"[\s/,.\-]", "")


def _plan_awards(seed: int, factor: float, skel: PatentSkeleton) -> None:
    """Pick award-winning resident invention patents per year (valid and granted for a while)."""
    rng = rng_for(seed, "patents", "awards")
    names = list(cal.AWARDS_PER_YEAR)
    rows, name_idx, years = [], [], []
    inv = np.nonzero((skel.kind == INV) & skel.resident & (skel.grant >= 0))[0]
    taken: set[int] = set()
    for y in range(2010, 2026):
        when = day(f"{y}-11-30")
        alive = inv[(skel.grant[inv] <= when - 365) & ((skel.end[inv] < 0) | (skel.end[inv] > when))]
        for k, name in enumerate(names):
            if name == "中国专利银奖" and y < 2018:
                continue
            if name.startswith("国家") and y in (2022, 2023, 2025):
                continue  # no national S&T award sessions in these years
            n = _stochastic_round(rng, cal.AWARDS_PER_YEAR[name] * factor)
            if n == 0 or len(alive) == 0:
                continue
            pick = rng.choice(alive, min(n, len(alive)), replace=False)
            pick = np.array([p for p in pick if int(p) not in taken], dtype=np.int64)
            taken.update(int(p) for p in pick)
            rows.append(pick)
            name_idx.append(np.full(len(pick), k))
            years.append(np.full(len(pick), y))
    row = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    order = np.argsort(row, kind="stable")
    skel.awards = {
        "parent": row[order],
        "name": (np.concatenate(name_idx) if rows else np.zeros(0, np.int64))[order],
        "year": (np.concatenate(years) if rows else np.zeros(0, np.int64))[order],
    }


AWARD_NAMES = list(cal.AWARDS_PER_YEAR)
OFFICE_CODES = ("WO", "US", "EP", "JP", "KR")
FOREIGN_HOME_OFFICE = {"JP": "JP", "US": "US", "KR": "KR", "DE": "EP"}


def _person_names(rng: np.random.Generator, n: int) -> pa.Array:
    s = take_str(SURNAMES, rng.integers(0, len(SURNAMES), n))
    g1 = take_str(GIVEN_CHARS, rng.integers(0, len(GIVEN_CHARS), n))
    g2 = take_str(GIVEN_CHARS + [""] * 12, rng.integers(0, len(GIVEN_CHARS) + 12, n))
    return concat(s, g1, g2)


def _agencies() -> pa.Array:
    names = []
    for i in range(120):
        a = ZIHAO_CHARS[i % len(ZIHAO_CHARS)] + ZIHAO_CHARS[(i * 7 + 3) % len(ZIHAO_CHARS)]
        city = ("广州", "深圳", "佛山", "东莞", "珠海")[i % 5]
        names.append(f"{city}市{a}知识产权代理有限公司" if i % 3 else f"{city}{a}专利代理事务所(普通合伙)")
    return pa.array(names)


def _slice_links(link: dict[str, np.ndarray], a: int, b: int) -> tuple[int, int]:
    par = link["parent"]
    return int(np.searchsorted(par, a, "left")), int(np.searchsorted(par, b, "left"))


def _party_lists(pool: EntityPool, ent: np.ndarray, ent2: np.ndarray) -> tuple[pa.Array, pa.Array]:
    """applicants (list<PARTY>) and entity_ids (list<string>) from first and second applicant rows."""
    counts = 1 + (ent2 >= 0)
    flat = np.empty(int(counts.sum()), dtype=np.int64)
    pos = np.concatenate([[0], np.cumsum(counts)[:-1]])
    flat[pos] = ent
    second = ent2 >= 0
    flat[pos[second] + 1] = ent2[second]
    structs = pool.party_structs(flat)
    return list_array(counts, structs), list_array(counts, structs.field("entity_id"))


def patent_batches(
    seed: int, skel: PatentSkeleton, pool: EntityPool, chunk: int = 250_000
) -> Iterator[pa.Table]:
    """Arrow batches (PATENTS.schema) of the CN records, then the WO / US / EP / JP / KR records."""
    ipcs = ipc_pools()
    agencies = _agencies()
    status = skel.status()
    n = len(skel)
    for ci, a in enumerate(range(0, n, chunk)):
        b = min(n, a + chunk)
        rng = rng_for(seed, "patents", "rows", ci)
        yield _cn_chunk(rng, skel, pool, ipcs, agencies, status, a, b)
    m = len(skel.foreign["parent"])
    for ci, a in enumerate(range(0, m, chunk)):
        b = min(m, a + chunk)
        yield _foreign_chunk(rng_for(seed, "patents", "abroad", ci), skel, pool, ipcs, a, b)


def _titles(rng: np.random.Generator, ipcs, kind: np.ndarray, ipc: np.ndarray) -> tuple[pa.Array, pa.Array]:  # type: ignore[no-untyped-def]
    n = len(kind)
    safe = np.maximum(ipc, 0)
    obj_i = ipcs.obj_start[safe] + (rng.random(n) * ipcs.obj_count[safe]).astype(np.int64)
    obj = ipcs.objects.take(pa.array(obj_i))
    qual = take_str(QUALIFIERS, rng.integers(0, len(QUALIFIERS), n))
    tech = concat("一种", qual, obj)
    design = concat(
        take_str(DESIGN_PRODUCTS, rng.integers(0, len(DESIGN_PRODUCTS), n)),
        "(",
        pa.array(rng.integers(1, 99, n)).cast(pa.string()),
        ")",
    )
    title = pc.if_else(pa.array(kind == DESIGN), design, tech)
    comp = take_str(COMPONENTS, rng.integers(0, len(COMPONENTS), n))
    eff = take_str(EFFECTS, rng.integers(0, len(EFFECTS), n))
    lead = pc.if_else(pa.array(kind == INV), "本发明公开了", "本实用新型公开了")
    abstract = concat(
        lead,
        title,
        "，包括",
        comp,
        "及与之配合的",
        take_str(COMPONENTS, rng.integers(0, len(COMPONENTS), n)),
        "，能够",
        eff,
        "。",
    )
    abstract = pc.if_else(
        pa.array(kind == DESIGN), concat("本外观设计产品为", title, "，用于日常使用。"), abstract
    )
    return title, abstract


def _ipc_lists(
    rng: np.random.Generator, ipcs, kind: np.ndarray, ipc: np.ndarray, sei: np.ndarray
) -> pa.Array:  # type: ignore[no-untyped-def]
    n = len(kind)
    extra = np.where(kind == DESIGN, 0, rng.choice(4, n, p=[0.35, 0.35, 0.2, 0.1]))
    counts = np.where(kind == DESIGN, 0, 1 + extra)
    total = int(counts.sum())
    owner = np.repeat(np.arange(n), counts)
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    idx = ipcs.draw(rng, sei[owner])
    is_first = np.zeros(total, dtype=bool)
    is_first[first[counts > 0]] = True
    idx[is_first] = ipc[owner[is_first]]
    return list_array(counts, ipcs.symbols.take(pa.array(idx)))


def _cn_chunk(rng, skel, pool, ipcs, agencies, status, a, b) -> pa.Table:  # type: ignore[no-untyped-def]
    sl = slice(a, b)
    n = b - a
    kind = skel.kind[sl]
    filing, pub, grant = skel.filing[sl], skel.pub[sl], skel.grant[sl]
    title, abstract = _titles(rng, ipcs, kind, skel.ipc[sl])
    applicants, entity_ids = _party_lists(pool, skel.ent[sl], skel.ent2[sl])
    first = pool.parties.take(pa.array(skel.ent[sl]))
    n_inv = np.where(kind == DESIGN, rng.integers(1, 3, n), rng.integers(1, 6, n))
    inventors = list_array(n_inv, _person_names(rng, int(n_inv.sum())))
    ipc_list = _ipc_lists(rng, ipcs, kind, skel.ipc[sl], skel.sei[sl])
    pubno = skel.pubno[sl]
    letter = take_str(["A", "U", "S"], kind)
    pub_no = concat("CN", pa.array(pubno).cast(pa.string()), letter)
    pub_no = pc.if_else(pa.array(pubno >= 0), pub_no, pa.nulls(n, pa.string()))
    grant_letter = take_str(["B", "U", "S"], kind)
    grant_no = concat("CN", pa.array(pubno).cast(pa.string()), grant_letter)
    grant_no = pc.if_else(pa.array((grant >= 0) & (pubno >= 0)), grant_no, pa.nulls(n, pa.string()))
    claims = np.where(kind == INV, 1 + rng.poisson(8, n), np.where(kind == UTIL, 1 + rng.poisson(6, n), 1))
    # Family: WO / foreign records planned for these parents, plus foreign applicants' home filings.
    fa, fb = _slice_links(skel.foreign, a, b)
    f_par = skel.foreign["parent"][fa:fb] - a
    f_granted = skel.foreign["status"][fa:fb] == 1
    f_office = take_str(OFFICE_CODES, skel.foreign["office"][fa:fb])
    f_no = skel.foreign_no[fa:fb]
    home = (~skel.resident[sl]) & (kind == INV) & (skel.type_digit[sl] == 8)
    home_rows = np.nonzero(home)[0]
    home_country = first["country"].take(pa.array(home_rows))
    home_office = take_str(
        ["JP", "US", "KR", "EP", "WO"],
        pc.fill_null(pc.index_in(home_country, pa.array(["JP", "US", "KR", "DE"])), 4).to_numpy(),
    )
    home_no = concat(
        pa.array(year_of(filing[home_rows]) - 1).cast(pa.string()), zpad(skel.serial[a + home_rows], 7)
    )
    par_all = np.concatenate([f_par, home_rows])
    order = np.argsort(par_all, kind="stable")
    members = pa.StructArray.from_arrays(
        [
            pa.concat_arrays([f_office, home_office]).take(pa.array(order)),
            pa.concat_arrays([f_no, home_no]).take(pa.array(order)),
            pa.array(np.concatenate([f_granted, rng.random(len(home_rows)) < 0.8])[order]),
        ],
        fields=list(FAMILY_MEMBER),
    )
    fam_counts = np.bincount(par_all, minlength=n)
    family = list_array(fam_counts, members)
    aa, ab = _slice_links(skel.awards, a, b)
    aw_par = skel.awards["parent"][aa:ab] - a
    aw = pa.StructArray.from_arrays(
        [take_str(AWARD_NAMES, skel.awards["name"][aa:ab]), pa.array(skel.awards["year"][aa:ab], pa.int16())],
        fields=list(AWARD),
    )
    awards = list_array(np.bincount(aw_par, minlength=n), aw)
    # Citations of earlier published inventions (for forward-citation indicators).
    inv_rows = np.nonzero((skel.kind == INV) & (skel.pubno >= 0))[0]
    n_cit = np.where(kind == DESIGN, 0, rng.poisson(1.5, n))
    owner = np.repeat(np.arange(n), n_cit)
    limit = np.searchsorted(skel.filing[inv_rows], filing[owner] - 600, "left")
    ok = limit > 0
    cited = inv_rows[(rng.random(len(owner)) * np.maximum(limit, 1)).astype(np.int64)]
    cit_counts = np.bincount(owner[ok], minlength=n)
    citations = list_array(cit_counts, concat("CN", pa.array(skel.pubno[cited[ok]]).cast(pa.string()), "A"))
    agency = agencies.take(pa.array(rng.integers(0, len(agencies), n)))
    agency = pc.if_else(pa.array(rng.random(n) < AGENCY_SHARE), agency, pa.nulls(n, pa.string()))
    cols = {
        "office": pa.array(["CN"] * n),
        "application_number": skel.app_no[a:b],
        "kind": take_str(KIND_NAMES, kind),
        "pct": pa.array(skel.type_digit[sl] == 8),
        "title": title,
        "abstract": abstract,
        "filing_date": date_array(filing),
        "publication_date": date_array(pub, pub >= 0),
        "publication_number": pub_no,
        "grant_date": date_array(grant, grant >= 0),
        "grant_number": grant_no,
        "status": take_str(STATUS_NAMES, status[sl]),
        "ipc": ipc_list,
        "ipc_main": pc.if_else(
            pa.array(kind == DESIGN),
            pa.nulls(n, pa.string()),
            ipcs.symbols.take(pa.array(np.maximum(skel.ipc[sl], 0))),
        ),
        "applicants": applicants,
        "inventors": inventors,
        "claims_count": pa.array(claims.astype(np.int32)),
        "family": family,
        "awards": awards,
        "citations": citations,
        "priority_date": date_array(filing),
        "agency": agency,
        "applicant_type": first["applicant_type"],
        "province_code": first["province_code"],
        "city_code": first["city_code"],
        "district_code": first["district_code"],
        "entity_ids": entity_ids,
    }
    return pa.table({f.name: cols[f.name] for f in PATENTS.schema}, schema=PATENTS.schema)


def _foreign_chunk(rng, skel, pool, ipcs, a, b) -> pa.Table:  # type: ignore[no-untyped-def]
    f = {k: v[a:b] for k, v in skel.foreign.items()}
    n = b - a
    par = f["parent"]
    office = f["office"]
    kind = np.zeros(n, dtype=np.int64)
    title, abstract = _titles(rng, ipcs, kind, skel.ipc[par])
    applicants, entity_ids = _party_lists(pool, skel.ent[par], skel.ent2[par])
    first = pool.parties.take(pa.array(skel.ent[par]))
    parent_no = skel.app_no.take(pa.array(par))
    members = pa.StructArray.from_arrays(
        [pa.array(["CN"] * n), parent_no, pa.array((skel.grant[par] >= 0) & (skel.grant[par] <= AS_OF))],
        fields=list(FAMILY_MEMBER),
    )
    n_inv = rng.integers(1, 6, n)
    grant = f["grant"]
    status_names = take_str(
        ["pending", "valid", "lapsed", "expired", "invalidated", "withdrawn", "rejected"], f["status"]
    )
    cols = {
        "office": take_str(OFFICE_CODES, office),
        "application_number": skel.foreign_no[a:b],
        "kind": pa.array(["invention"] * n),
        "pct": pa.array(office == 0),
        "title": title,
        "abstract": abstract,
        "filing_date": date_array(f["filing"]),
        "grant_date": date_array(grant, grant >= 0),
        "status": status_names,
        "ipc": list_array(np.ones(n, dtype=np.int64), ipcs.symbols.take(pa.array(skel.ipc[par]))),
        "ipc_main": ipcs.symbols.take(pa.array(skel.ipc[par])),
        "applicants": applicants,
        "inventors": list_array(n_inv, _person_names(rng, int(n_inv.sum()))),
        "claims_count": pa.array((1 + rng.poisson(12, n)).astype(np.int32)),
        "family": list_array(np.ones(n, dtype=np.int64), members),
        "priority_date": date_array(skel.filing[par]),
        "applicant_type": first["applicant_type"],
        "province_code": first["province_code"],
        "city_code": first["city_code"],
        "district_code": first["district_code"],
        "entity_ids": entity_ids,
    }
    return pa.table(
        {fld.name: cols.get(fld.name, pa.nulls(n, fld.type)) for fld in PATENTS.schema}, schema=PATENTS.schema
    )
