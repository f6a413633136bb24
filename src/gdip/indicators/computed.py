"""Indicators computed from the lake: engine-agnostic Ibis expressions, one per registry code.

Every computation returns, for the province and each of its cities and for every year of the
context, ``region_code, year, value`` (plus ``numerator, denominator`` for ratios); a region
with no record gets 0, never a missing row. "Resident" means the first applicant or holder has
the province's code (``province_code`` = 440000), as normalised at ingest; the city is that
party's city. Stocks are counted at 31 December of the year, flows by the date of the event
in the year. Definitions in detail: docs/indicators.md.

Only operations both DuckDB and PySpark support are used: filters, joins (incl. anti-joins),
unions, unnest, group-by with count / sum / min / count-distinct, casts and string functions.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from gdip.indicators.high_value import high_value_patents, valid_patents
from gdip.indicators.population import population_memtable
from gdip.indicators.registry import Context, Measure, ValueType, indicator

__all__ = [
    "TRADEMARK_ENDING_STATUSES",
    "frame",
    "per_10k",
    "per_region",
    "valid_trademarks_at",
]

TRADEMARK_ENDING_STATUSES = ("lapsed", "invalidated")
REFUSAL_EVENTS = ("rejection", "withdrawal")
# Offices whose grants are not "abroad": the home office and the PCT receiving office (WIPO
# publishes international applications; it grants nothing).
NOT_ABROAD = ("CN", "WO")


def _ye(year: int) -> date:
    return date(year, 12, 31)


def frame(ctx: Context) -> ir.Table:
    """Every (region_code, year) of the context: the rows every result has."""
    regions = ctx.regions
    rows = [(r, y) for r in regions for y in ctx.years]
    return ibis.memtable(
        pa.table(
            {
                "region_code": pa.array([r for r, _ in rows], pa.string()),
                "year": pa.array([y for _, y in rows], pa.int32()),
            }
        )
    )


def per_region(rows: ir.Table, ctx: Context, metric: Callable[[ir.Table], ir.Value]) -> ir.Table:
    """Aggregate resident rows (columns ``city_code``, ``year``) per city and for the province.

    ``metric`` builds the aggregate (e.g. ``lambda t: t.count()``). The province figure is over
    all rows, including those whose city is unknown, so cities need not add up to it exactly.
    """
    rows = rows.mutate(year=rows.year.cast("int32"))
    city = rows.group_by(["city_code", "year"]).aggregate(v=metric(rows))
    city = city.select(region_code=city.city_code, year=city.year, v=city.v.cast("float64"))
    prov = rows.group_by("year").aggregate(v=metric(rows))
    prov = prov.select(
        region_code=ibis.literal(ctx.province_code, "string"), year=prov.year, v=prov.v.cast("float64")
    )
    both = city.union(prov)
    f = frame(ctx)
    j = f.left_join(both, [f.region_code == both.region_code, f.year == both.year])
    return j.select(region_code=f.region_code, year=f.year, value=j.v.fill_null(0.0))


def _union_years(ctx: Context, build: Callable[[int], ir.Table]) -> ir.Table:
    parts = [build(y).mutate(year=ibis.literal(y, "int32")) for y in ctx.years]
    out = parts[0]
    for p in parts[1:]:
        out = out.union(p)
    return out


def per_10k(counts: ir.Table, ctx: Context) -> ir.Table:
    """Counts (region_code, year, value) per 10,000 residents of the context's population series."""
    pop = population_memtable(ctx.population_table())
    j = counts.left_join(pop, [counts.region_code == pop.region_code, counts.year == pop.year])
    denom = j.population.cast("float64") / 10_000
    return j.select(
        region_code=counts.region_code,
        year=counts.year,
        numerator=j.value,
        denominator=denom,
        value=ibis.ifelse(denom > 0, j.value / denom, ibis.null("float64")),
    )


def _no_data(ctx: Context) -> ir.Table:
    f = frame(ctx)
    return f.mutate(value=ibis.null("float64"))


def _count(t: ir.Table) -> ir.Value:
    return t.count()


# --- patents ---------------------------------------------------------------------------------


def _valid_inventions(engine: Any, ctx: Context) -> ir.Table:
    def one(year: int) -> ir.Table:
        v = valid_patents(engine, year=year, params=ctx.high_value)
        v = v.filter(v.province_code == ctx.province_code)
        return v.select("application_number", "city_code")

    return _union_years(ctx, one)


@indicator(
    "valid_invention_patents",
    name_zh="发明专利有效量",
    name_en="Valid invention patents",
    unit_zh="件",
    unit_en="patents",
    measure="stock",
    value_type="count",
    additive=True,
    kinds=("patents",),
)
def valid_invention_patents(engine: Any, ctx: Context) -> ir.Table:
    """Resident CN invention patents valid at the end of each year."""
    return per_region(_valid_inventions(engine, ctx), ctx, _count)


@indicator(
    "invention_per_10k",
    name_zh="每万人口发明专利拥有量",
    name_en="Invention patents per 10,000 population",
    unit_zh="件",
    unit_en="patents per 10,000 population",
    measure="stock",
    value_type="ratio",
    additive=False,
    kinds=("patents",),
)
def invention_per_10k(engine: Any, ctx: Context) -> ir.Table:
    """Valid resident invention patents at year end per 10,000 residents (the context's population)."""
    return per_10k(valid_invention_patents(engine, ctx), ctx)


def _high_value(engine: Any, ctx: Context) -> ir.Table:
    def one(year: int) -> ir.Table:
        return high_value_patents(engine, year=year, params=ctx.high_value).select(
            "application_number", "city_code"
        )

    return _union_years(ctx, one)


@indicator(
    "high_value_invention_patents",
    name_zh="高价值发明专利拥有量",
    name_en="High-value invention patents",
    unit_zh="件",
    unit_en="patents",
    measure="stock",
    value_type="count",
    additive=True,
    kinds=("patents",),
)
def high_value_invention_patents(engine: Any, ctx: Context) -> ir.Table:
    """Resident high-value invention patents (plan note 1) at the end of each year."""
    return per_region(_high_value(engine, ctx), ctx, _count)


@indicator(
    "high_value_invention_per_10k",
    name_zh="每万人口高价值发明专利拥有量",
    name_en="High-value invention patents per 10,000 population",
    unit_zh="件",
    unit_en="patents per 10,000 population",
    measure="stock",
    value_type="ratio",
    additive=False,
    kinds=("patents",),
)
def high_value_invention_per_10k(engine: Any, ctx: Context) -> ir.Table:
    """High-value invention patents at year end per 10,000 residents."""
    return per_10k(high_value_invention_patents(engine, ctx), ctx)


@indicator(
    "overseas_invention_grants",
    name_zh="海外发明专利授权量",
    name_en="Invention patents granted abroad",
    unit_zh="件",
    unit_en="patents",
    measure="flow",
    value_type="count",
    additive=True,
    kinds=("patents",),
)
def overseas_invention_grants(engine: Any, ctx: Context) -> ir.Table:
    """Invention patents granted by offices other than CNIPA to residents, by grant year.

    Counting unit: one granted foreign patent record (office + application number; an EP grant
    counts once, not per validation state). Only lake records with a grant date count: a family
    member flagged ``granted`` without its own record has no grant year.
    """
    p = engine.table("patents")
    y0, y1 = min(ctx.years), max(ctx.years)
    p = p.filter(
        ~p.office.isin(list(NOT_ABROAD))
        & (p.kind == "invention")
        & (p.province_code == ctx.province_code)
        & p.grant_date.notnull()
        & (p.grant_date >= date(y0, 1, 1))
        & (p.grant_date <= _ye(y1))
    )
    rows = p.select("city_code", year=p.grant_date.year())
    return per_region(rows, ctx, _count)


def _norm_number(number: ir.StringValue, office: ir.StringValue) -> ir.StringValue:
    # Family members carry the number as the source wrote it ("PCT/CN2020/123456"); lake records
    # are normalised (separators dropped, office prefix stripped), so compare normalised forms.
    n = number.upper().re_replace(r"[^A-Z0-9]", "")
    return ibis.ifelse(n.startswith(office) & (n.length() > 2), n.substr(2), n)


def _pct_applications(engine: Any, ctx: Context) -> ir.Table:
    """Distinct resident PCT international applications with their filing date and city."""
    p = engine.table("patents")
    res = p.filter(p.province_code == ctx.province_code)
    wo = res.filter(res.office == "WO")
    wo = wo.select(
        key=_norm_number(wo.application_number, wo.office), day=wo.filing_date, city_code=wo.city_code
    )
    cn = res.filter(res.office == "CN")
    fam = cn.select("application_number", "filing_date", "city_code", m=cn.family.unnest())
    fam = fam.filter(fam.m["office"] == "WO")
    fam = fam.select(
        "application_number",
        key=_norm_number(fam.m["number"], ibis.literal("WO")),
        day=fam.filing_date,
        city_code=fam.city_code,
    )
    # A WO member with its own lake record is dated by that record (the international filing
    # date); otherwise by the CN application's filing date, which is within the priority year.
    fam_only = fam.anti_join(wo, fam.key == wo.key)
    national = cn.filter(cn.pct)
    national = national.anti_join(fam, national.application_number == fam.application_number)
    # A national-phase entry without a WO member stands for its international application; its
    # CN filing date is the international filing date.
    national = national.select(
        key="CN" + national.application_number, day=national.filing_date, city_code=national.city_code
    )
    allp = wo.union(fam_only.select("key", "day", "city_code")).union(national)
    return allp.group_by("key").aggregate(day=allp.day.min(), city_code=allp.city_code.min())


@indicator(
    "pct_applications",
    name_zh="PCT国际专利申请量",
    name_en="PCT international applications",
    unit_zh="件",
    unit_en="applications",
    measure="flow",
    value_type="count",
    additive=True,
    kinds=("patents",),
)
def pct_applications(engine: Any, ctx: Context) -> ir.Table:
    """Resident PCT international applications by international filing year (distinct WO numbers)."""
    t = _pct_applications(engine, ctx)
    t = t.filter(t.day.notnull())
    rows = t.select("city_code", year=t.day.year())
    return per_region(rows, ctx, _count)


@indicator(
    "pct_growth_rate",
    name_zh="PCT申请量增长率",
    name_en="Growth of PCT applications",
    unit_zh="%",
    unit_en="%",
    measure="flow",
    value_type="percent",
    additive=False,
    kinds=("patents",),
)
def pct_growth_rate(engine: Any, ctx: Context) -> ir.Table:
    """Year-on-year growth of PCT applications in percent: (n_y / n_{y-1} − 1) × 100."""
    wider = Context(
        years=sorted({*ctx.years, *(y - 1 for y in ctx.years)}),
        province_code=ctx.province_code,
        cities=ctx.cities,
        population=ctx.population,
        high_value=ctx.high_value,
    )
    n = pct_applications(engine, wider)
    prev = n.select(p_region=n.region_code, p_year=(n.year + 1).cast("int32"), p_value=n.value)
    j = n.inner_join(prev, [n.region_code == prev.p_region, n.year == prev.p_year])
    j = j.filter(j.year.isin(list(ctx.years)))
    return j.select(
        region_code=j.region_code,
        year=j.year,
        numerator=j.value,
        denominator=j.p_value,
        value=ibis.ifelse(j.p_value > 0, (j.value / j.p_value - 1) * 100, ibis.null("float64")),
    )


@indicator(
    "agency_invention_grant_rate",
    name_zh="发明专利申请代理授权率",
    name_en="Grant rate of agency-filed invention applications",
    unit_zh="%",
    unit_en="%",
    measure="flow",
    value_type="percent",
    additive=False,
    kinds=("patents",),
)
def agency_invention_grant_rate(engine: Any, ctx: Context) -> ir.Table:
    """Granted share (%) of resident agency-filed CN invention applications decided in the year.

    Decided = granted (``grant_date`` in the year), or refused: rejected or withdrawn (incl.
    deemed withdrawn), dated by the earliest ``rejection``/``withdrawal`` legal event. A refused
    application without such an event has no decision date and is left out. Rate = granted /
    (granted + refused) × 100.
    """
    p = engine.table("patents")
    p = p.filter(
        (p.office == ctx.high_value.office)
        & (p.kind == "invention")
        & (p.province_code == ctx.province_code)
        & p.agency.notnull()
        & (p.agency.strip() != "")
    )
    ev = engine.table("legal-events")
    ref = ev.filter(
        (ev.office == ctx.high_value.office)
        & (ev.right_kind == "patent")
        & ev.event_type.isin(list(REFUSAL_EVENTS))
    )
    ref = ref.group_by("application_number").aggregate(refused_on=ref.event_date.min())
    j = p.left_join(ref, p.application_number == ref.application_number)
    j = j.mutate(
        decided_on=ibis.ifelse(j.grant_date.notnull(), j.grant_date, j.refused_on),
        granted=j.grant_date.notnull().cast("int64"),
    )
    y0, y1 = min(ctx.years), max(ctx.years)
    j = j.filter(j.decided_on.notnull() & (j.decided_on >= date(y0, 1, 1)) & (j.decided_on <= _ye(y1)))
    rows = j.select("city_code", "granted", year=j.decided_on.year())
    granted = per_region(rows, ctx, lambda t: t.granted.sum())
    decided = per_region(rows, ctx, _count)
    d = decided.rename(d_region="region_code", d_year="year", d_value="value")
    k = granted.inner_join(d, [granted.region_code == d.d_region, granted.year == d.d_year])
    return k.select(
        region_code=k.region_code,
        year=k.year,
        numerator=k.value,
        denominator=k.d_value,
        value=ibis.ifelse(k.d_value > 0, k.value / k.d_value * 100, ibis.null("float64")),
    )


# --- pledges ---------------------------------------------------------------------------------


def _pledges(engine: Any, ctx: Context) -> ir.Table:
    """Pledge registrations of residents' rights in the context's years with project key and city."""
    ev = engine.table("legal-events")
    y0, y1 = min(ctx.years), max(ctx.years)
    ev = ev.filter(
        (ev.event_type == "pledge")
        & (ev.event_date >= date(y0, 1, 1))
        & (ev.event_date <= _ye(y1))
        & (ev.currency.isnull() | (ev.currency == "CNY"))
    )
    pat = engine.table("patents")
    tm = engine.table("trademarks")
    cr = engine.table("copyrights")
    rights = pat.select(
        "office",
        "application_number",
        r_kind=ibis.literal("patent"),
        r_province=pat.province_code,
        r_city=pat.city_code,
    )
    rights = rights.union(
        tm.select(
            "office",
            "application_number",
            r_kind=ibis.literal("trademark"),
            r_province=tm.province_code,
            r_city=tm.city_code,
        )
    )
    rights = rights.union(
        cr.select(
            "office",
            application_number=cr.registration_number,
            r_kind=ibis.literal("copyright"),
            r_province=cr.province_code,
            r_city=cr.city_code,
        )
    )
    rights = rights.rename(r_office="office", r_number="application_number")
    j = ev.left_join(
        rights,
        [
            ev.office == rights.r_office,
            ev.application_number == rights.r_number,
            ev.right_kind == rights.r_kind,
        ],
    )
    city = ibis.coalesce(j.city_code, j.r_city)
    resident = ibis.coalesce(j.r_province == ctx.province_code, city.substr(0, 2) == ctx.province_prefix)
    j = j.filter(resident.fill_null(False))
    # One project = one pledge registration number; an event without one is its own project.
    project = ibis.coalesce(
        j.registration_number, j.office + ":" + j.application_number + ":" + j.event_date.cast("string")
    )
    return j.select(
        city_code=city, year=j.event_date.year(), project=project, amount=j.amount.cast("float64")
    )


@indicator(
    "pledge_amount",
    name_zh="知识产权质押融资登记金额",
    name_en="Registered IP pledge financing amount",
    unit_zh="亿元",
    unit_en="100 million yuan",
    measure="flow",
    value_type="amount",
    additive=True,
    kinds=("legal-events",),
)
def pledge_amount(engine: Any, ctx: Context) -> ir.Table:
    """Sum of registered pledge amounts (all IP kinds) by registration year, in 亿元 (1e8 yuan)."""
    return per_region(_pledges(engine, ctx), ctx, lambda t: t.amount.sum() / 1e8)


@indicator(
    "pledge_projects",
    name_zh="知识产权质押融资项目数",
    name_en="IP pledge financing projects",
    unit_zh="项",
    unit_en="projects",
    measure="flow",
    value_type="count",
    additive=True,
    kinds=("legal-events",),
)
def pledge_projects(engine: Any, ctx: Context) -> ir.Table:
    """Distinct pledge registrations (projects) by registration year."""
    return per_region(_pledges(engine, ctx), ctx, lambda t: t.project.nunique())


# --- trademarks and GIs ----------------------------------------------------------------------


def valid_trademarks_at(engine: Any, year: int, ctx: Context) -> ir.Table:
    """Resident trademarks registered and in force at the end of ``year`` (Madrid included).

    In force: registered by 31 December, current term (``expiry_date``) running past it, and no
    cancellation (``lapse``), ``expiry`` or invalidation (``invalidation_decision`` with outcome
    invalidated) event on or before it. A mark whose status is lapsed or invalidated without an
    event ended at an unknown date and is not counted (conservative, as for patents).
    """
    ye = _ye(year)
    tm = engine.table("trademarks")
    tm = tm.filter(
        (tm.province_code == ctx.province_code)
        & tm.registration_date.notnull()
        & (tm.registration_date <= ye)
    )
    ev = engine.table("legal-events")
    ends = ev.filter(
        (ev.right_kind == "trademark")
        & (
            ev.event_type.isin(["lapse", "expiry"])
            | (
                (ev.event_type == "invalidation_decision")
                & ev.outcome.isin(list(ctx.high_value.ended_outcomes))
            )
        )
    )
    ends = ends.group_by(["office", "application_number"]).aggregate(end_date=ends.event_date.min())
    ends = ends.rename(e_office="office", e_number="application_number")
    t = tm.left_join(ends, [tm.office == ends.e_office, tm.application_number == ends.e_number])
    term_ok = t.expiry_date.isnull() | (t.expiry_date > ye)
    alive = ibis.ifelse(t.end_date.isnull(), ~t.status.isin(list(TRADEMARK_ENDING_STATUSES)), t.end_date > ye)
    t = t.filter(term_ok & alive)
    return t.select("office", "application_number", "city_code", "madrid", "geographic_indication")


@indicator(
    "valid_trademarks",
    name_zh="有效注册商标量",
    name_en="Valid registered trademarks",
    unit_zh="件",
    unit_en="marks",
    measure="stock",
    value_type="count",
    additive=True,
    kinds=("trademarks",),
)
def valid_trademarks(engine: Any, ctx: Context) -> ir.Table:
    """Resident domestic (non-Madrid) trademark registrations in force at year end."""

    def one(year: int) -> ir.Table:
        t = valid_trademarks_at(engine, year, ctx)
        return t.filter(~t.madrid.fill_null(False)).select("application_number", "city_code")

    return per_region(_union_years(ctx, one), ctx, _count)


@indicator(
    "madrid_valid_registrations",
    name_zh="马德里商标累计有效注册量",
    name_en="Valid Madrid international registrations",
    unit_zh="件",
    unit_en="registrations",
    measure="stock",
    value_type="count",
    additive=True,
    kinds=("trademarks",),
)
def madrid_valid_registrations(engine: Any, ctx: Context) -> ir.Table:
    """Residents' Madrid international registrations in force at year end."""

    def one(year: int) -> ir.Table:
        t = valid_trademarks_at(engine, year, ctx)
        return t.filter(t.madrid.fill_null(False)).select("application_number", "city_code")

    return per_region(_union_years(ctx, one), ctx, _count)


@indicator(
    "gi_trademarks",
    name_zh="地理标志商标",
    name_en="GI trademarks",
    unit_zh="件",
    unit_en="marks",
    measure="stock",
    value_type="count",
    additive=True,
    kinds=("trademarks",),
)
def gi_trademarks(engine: Any, ctx: Context) -> ir.Table:
    """Residents' GI collective/certification marks registered by year end (cumulative registrations)."""

    def one(year: int) -> ir.Table:
        tm = engine.table("trademarks")
        tm = tm.filter(
            tm.geographic_indication.fill_null(False)
            & (tm.province_code == ctx.province_code)
            & tm.registration_date.notnull()
            & (tm.registration_date <= _ye(year))
        )
        return tm.select("application_number", "city_code")

    return per_region(_union_years(ctx, one), ctx, _count)


def _gis_of_type(engine: Any, ctx: Context, protection_type: str) -> ir.Table:
    def one(year: int) -> ir.Table:
        g = engine.table("gis")
        g = g.filter(
            (g.protection_type == protection_type)
            & (g.province_code == ctx.province_code)
            & g.approval_date.notnull()
            & (g.approval_date <= _ye(year))
        )
        return g.select("gi_number", "city_code")

    return per_region(_union_years(ctx, one), ctx, _count)


@indicator(
    "gi_products",
    name_zh="地理标志产品",
    name_en="GI products",
    unit_zh="个",
    unit_en="products",
    measure="stock",
    value_type="count",
    additive=True,
    kinds=("gis",),
)
def gi_products(engine: Any, ctx: Context) -> ir.Table:
    """GI products (protection type gi_product) of the province approved by year end (cumulative)."""
    return _gis_of_type(engine, ctx, "gi_product")


@indicator(
    "agri_gi_registrations",
    name_zh="农产品地理标志登记",
    name_en="Agricultural-product GI registrations",
    unit_zh="个",
    unit_en="registrations",
    measure="stock",
    value_type="count",
    additive=True,
    kinds=("gis",),
)
def agri_gi_registrations(engine: Any, ctx: Context) -> ir.Table:
    """Agricultural-product GIs (protection type agri_gi) registered by year end (cumulative)."""
    return _gis_of_type(engine, ctx, "agri_gi")


# --- plant varieties -------------------------------------------------------------------------


def _varieties(engine: Any, ctx: Context, sector: str, grants: bool) -> ir.Table:
    v = engine.table("plant-varieties")
    col = v.grant_date if grants else v.filing_date
    y0, y1 = min(ctx.years), max(ctx.years)
    v = v.filter(
        (v.sector == sector)
        & (v.province_code == ctx.province_code)
        & col.notnull()
        & (col >= date(y0, 1, 1))
        & (col <= _ye(y1))
    )
    col = v.grant_date if grants else v.filing_date
    return per_region(v.select("city_code", year=col.year()), ctx, _count)


def _variety_indicator(sector: str, grants: bool, zh: str, en: str) -> None:
    code = f"plant_variety_{'grants' if grants else 'applications'}_{sector}"

    def compute(engine: Any, ctx: Context) -> ir.Table:
        return _varieties(engine, ctx, sector, grants)

    compute.__doc__ = (
        f"Residents' {sector} plant-variety {'grants by grant' if grants else 'applications by filing'} year."
    )
    compute.__name__ = code
    indicator(
        code,
        name_zh=zh,
        name_en=en,
        unit_zh="件",
        unit_en="grants" if grants else "applications",
        measure="flow",
        value_type="count",
        additive=True,
        kinds=("plant-varieties",),
    )(compute)


_variety_indicator("agricultural", False, "农业植物新品种权申请量", "Agricultural plant-variety applications")
_variety_indicator("agricultural", True, "农业植物新品种权授权量", "Agricultural plant-variety grants")
_variety_indicator("forestry", False, "林业植物新品种申请量", "Forestry plant-variety applications")
_variety_indicator("forestry", True, "林业植物新品种授权量", "Forestry plant-variety grants")


# --- fed by other modules: no data until they exist -------------------------------------------


def _module_indicator(
    code: str,
    module: str,
    zh: str,
    en: str,
    unit_zh: str,
    unit_en: str,
    measure: Measure,
    value_type: ValueType,
    additive: bool,
) -> None:
    def compute(engine: Any, ctx: Context) -> ir.Table:
        return _no_data(ctx)

    compute.__doc__ = f"{en}: fed by {module}; null (no data) until that module records it."
    compute.__name__ = code
    indicator(
        code,
        name_zh=zh,
        name_en=en,
        unit_zh=unit_zh,
        unit_en=unit_en,
        measure=measure,
        value_type=value_type,
        additive=additive,
        source="module",
        module=module,
    )(compute)


_module_indicator(
    "gi_product_trade",
    "M8",
    "地理标志产品交易额",
    "Trading volume of GI products",
    "亿元",
    "100 million yuan",
    "flow",
    "amount",
    True,
)
_module_indicator(
    "aid_mediation_cases",
    "M5",
    "知识产权维权援助和调解办案量",
    "IP aid and mediation cases",
    "件",
    "cases",
    "flow",
    "count",
    True,
)
_module_indicator(
    "public_service_nodes",
    "M7",
    "知识产权信息公共服务节点、网点数量",
    "IP information public-service nodes and outlets",
    "家",
    "nodes and outlets",
    "stock",
    "count",
    True,
)
