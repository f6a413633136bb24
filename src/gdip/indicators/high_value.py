"""High-value invention patents exactly as the plan's note 1 defines them (每万人口高价值发明专利拥有量).

A patent counts at the end of ``year`` when it is a CN invention patent, valid then, whose
(first) right holder is a resident of the province (``province_code`` = 440000 by default),
and it meets at least one of five conditions, each reported in its own boolean column:

1. ``strategic_industry``: one of its IPC symbols maps to a strategic emerging industry in the
   editable IPC mapping (longest prefix: main group before subclass);
2. ``overseas_grant``: a family member at an office other than CN is granted — by the end of
   ``year`` when the member is a lake record with a grant date, else per its ``granted`` flag;
3. ``maintained_10y``: ``year`` − filing year ≥ ``maintained_years`` (default 10), counted from
   the filing date (the patent term runs from filing), and still valid;
4. ``pledge_amount``: the pledge amounts registered on the patent up to the end of ``year``
   sum to at least ``pledge_threshold_yuan``. The sum, not the maximum: a patent pledged
   repeatedly has "achieved" the total financing. Each pledge event carries the patent's share
   of its project's amount, so the sum is the financing the patent itself secured;
5. ``award``: an award in ``award_names`` (China Patent Award levels, national S&T awards;
   not the provincial 广东专利奖) in or before ``year``.

Validity at the end of a past year: granted on or before 31 December of ``year``, filed less
than 20 years before, and no lapse, expiry or whole-patent invalidation event dated on or
before that day. A patent whose current status is lapsed / expired / invalidated but that
has no such event counts as ended at an unknown date, so it is never counted (conservative).

Only Ibis operations that both DuckDB and PySpark support are used (unnest, joins, group-by,
string split/substr, comparisons); the mapping joins by equality on two match keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import ibis
import ibis.expr.types as ir

from gdip.datacenter.reference.industries import load_ipc_industry_mapping

__all__ = [
    "AWARD_NAMES",
    "HighValueParams",
    "high_value_count_by_city",
    "high_value_patents",
    "valid_patents",
]

AWARD_NAMES = (
    "中国专利金奖",
    "中国专利银奖",
    "中国专利优秀奖",
    "国家最高科学技术奖",
    "国家自然科学奖",
    "国家技术发明奖",
    "国家科学技术进步奖",
    "中华人民共和国国际科学技术合作奖",
)
ENDING_EVENTS = ("lapse", "expiry")
TERMINAL_STATUSES = ("lapsed", "expired", "invalidated")


@dataclass(frozen=True)
class HighValueParams:
    """Configuration of the high-value rule, with documented defaults.

    ``pledge_threshold_yuan`` defaults to 10,000,000 yuan (1000万元): no official threshold is
    public; 1000万 is the boundary the pledge statistics use for 普惠 (inclusive) small loans,
    so a patent that alone secured at least that much is in the upper band of pledged patents.
    """

    maintained_years: int = 10
    pledge_threshold_yuan: float = 10_000_000.0
    award_names: tuple[str, ...] = AWARD_NAMES
    province_code: str = "440000"
    office: str = "CN"
    mapping_path: Path | str | None = None
    ended_outcomes: tuple[str, ...] = field(default=("invalidated",))


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def valid_patents(
    engine,  # type: ignore[no-untyped-def]
    *,
    year: int,
    params: HighValueParams | None = None,
    kind: str = "invention",
    application_numbers: list[str] | None = None,
) -> ir.Table:
    """CN patents of a kind valid at the end of ``year`` (all holders): one row per patent.

    Validity at a year end comes from the legal events up to that day: a lapse, expiry or
    invalidation ends a right, a later restoration (权利恢复) revives it. A patent with no
    ending event at all falls back to its current status. ``application_numbers`` restricts
    the query to those patents (a detail page asks about one).
    """
    p = params or HighValueParams()
    ye = _year_end(year)
    pat = engine.table("patents")
    cond = (
        (pat.office == p.office)
        & (pat.kind == kind)
        & pat.grant_date.notnull()
        & (pat.grant_date <= ye)
        & (pat.filing_date > date(year - 20, 12, 31))
    )
    ev = engine.table("legal-events")
    ev = ev.filter((ev.office == p.office) & (ev.right_kind == "patent"))
    if application_numbers is not None:
        cond &= pat.application_number.isin(application_numbers)
        ev = ev.filter(ev.application_number.isin(application_numbers))
    pat = pat.filter(cond)
    is_end = ev.event_type.isin(list(ENDING_EVENTS)) | (
        (ev.event_type == "invalidation_decision") & ev.outcome.isin(list(p.ended_outcomes))
    )
    marks = ev.filter(is_end | (ev.event_type == "restoration")).mutate(is_end=is_end)
    no_date = ibis.null("date")
    marks = marks.group_by("application_number").aggregate(
        any_end=marks.is_end.any(),
        last_end=ibis.ifelse(marks.is_end & (marks.event_date <= ye), marks.event_date, no_date).max(),
        last_restore=ibis.ifelse(~marks.is_end & (marks.event_date <= ye), marks.event_date, no_date).max(),
    )
    t = pat.left_join(marks, "application_number")
    alive = ibis.ifelse(
        t.any_end.isnull() | ~t.any_end,
        ~t.status.isin(list(TERMINAL_STATUSES)),  # no ending event at all: the status decides
        t.last_end.isnull() | (t.last_restore.notnull() & (t.last_restore >= t.last_end)),
    )
    t = t.filter(alive)
    return t.select(
        "office",
        "application_number",
        "filing_date",
        "grant_date",
        "ipc",
        "family",
        "awards",
        "province_code",
        "city_code",
        "applicant_type",
    )


def high_value_patents(  # type: ignore[no-untyped-def]
    engine, *, year: int, params: HighValueParams | None = None, application_numbers: list[str] | None = None
) -> ir.Table:
    """One row per high-value invention patent at the end of ``year`` with a flag per condition.

    Columns: office, application_number, city_code, strategic_industry, overseas_grant,
    maintained_10y, pledge_amount, award. Example: ``high_value_patents(engine, year=2020).count()``.
    """
    p = params or HighValueParams()
    ye = _year_end(year)
    base = valid_patents(engine, year=year, params=p, application_numbers=application_numbers)
    base = base.filter(base.province_code == p.province_code)

    # (1) strategic emerging industry: match each IPC symbol on its main group, else its subclass.
    mapping = ibis.memtable(load_ipc_industry_mapping(p.mapping_path))
    mapped = mapping.select(prefix=mapping.ipc_prefix, sei_code=mapping.sei_code)
    ipcs = base.select("application_number", ipc=base.ipc.unnest())
    ipcs = ipcs.mutate(main_group=ipcs.ipc.split("/")[0], subclass=ipcs.ipc.substr(0, 4))
    by_group = mapped.rename(mg_prefix="prefix", mg_sei="sei_code")
    by_class = mapped.rename(sc_prefix="prefix", sc_sei="sei_code")
    m = ipcs.left_join(by_group, ipcs.main_group == by_group.mg_prefix)
    m = m.left_join(by_class, m.subclass == by_class.sc_prefix)
    # The longest prefix wins: a main-group entry (even one with no industry) overrides its subclass.
    m = m.mutate(sei_hit=ibis.ifelse(m.mg_prefix.notnull(), m.mg_sei.notnull(), m.sc_sei.notnull()))
    c1 = (
        m.filter(m.sei_hit)
        .select("application_number")
        .distinct()
        .mutate(strategic_industry=ibis.literal(True))
    )

    # (2) a granted family member abroad (granted by the year end when the lake has its record).
    fam = base.select("application_number", member=base.family.unnest())
    fam = fam.select(
        "application_number",
        f_office=fam.member["office"],
        f_number=fam.member["number"],
        f_granted=fam.member["granted"],
    )
    fam = fam.filter((fam.f_office != p.office) & fam.f_granted)
    pats = engine.table("patents")
    abroad = pats.filter(pats.office != p.office).select(
        a_office=pats.office, a_number=pats.application_number, a_grant=pats.grant_date
    )
    fam = fam.left_join(abroad, (fam.f_office == abroad.a_office) & (fam.f_number == abroad.a_number))
    fam = fam.filter(fam.a_office.isnull() | (fam.a_grant.notnull() & (fam.a_grant <= ye)))
    c2 = fam.select("application_number").distinct().mutate(overseas_grant=ibis.literal(True))

    # (4) pledge amounts registered by the year end, summed per patent.
    ev = engine.table("legal-events")
    pl = ev.filter(
        (ev.office == p.office)
        & (ev.right_kind == "patent")
        & (ev.event_type == "pledge")
        & (ev.event_date <= ye)
    )
    if application_numbers is not None:
        pl = pl.filter(pl.application_number.isin(application_numbers))
    pl = pl.group_by("application_number").aggregate(total=pl.amount.cast("float64").sum())
    c4 = (
        pl.filter(pl.total >= p.pledge_threshold_yuan)
        .select("application_number")
        .mutate(pledge_amount=ibis.literal(True))
    )

    # (5) awards on the list, won by the year end.
    aw = base.select("application_number", a=base.awards.unnest())
    aw = aw.filter(aw.a["name"].isin(list(p.award_names)) & (aw.a["year"] <= year))
    c5 = aw.select("application_number").distinct().mutate(award=ibis.literal(True))

    t = base.select("office", "application_number", "city_code", "filing_date")
    for cond in (c1, c2, c4, c5):
        t = t.left_join(cond, "application_number")
        t = t.drop([c for c in t.columns if c.endswith("_right")])
    t = t.mutate(
        strategic_industry=t.strategic_industry.fill_null(False),
        overseas_grant=t.overseas_grant.fill_null(False),
        maintained_10y=t.filing_date <= date(year - p.maintained_years, 12, 31),
        pledge_amount=t.pledge_amount.fill_null(False),
        award=t.award.fill_null(False),
    )
    t = t.filter(t.strategic_industry | t.overseas_grant | t.maintained_10y | t.pledge_amount | t.award)
    return t.select(
        "office",
        "application_number",
        "city_code",
        "strategic_industry",
        "overseas_grant",
        "maintained_10y",
        "pledge_amount",
        "award",
    )


def high_value_count_by_city(engine, year: int, params: HighValueParams | None = None) -> ir.Table:  # type: ignore[no-untyped-def]
    """High-value invention patents per city at the end of ``year``, with each condition's count."""
    t = high_value_patents(engine, year=year, params=params)
    return (
        t.group_by("city_code")
        .aggregate(
            high_value=t.count(),
            strategic_industry=t.strategic_industry.cast("int64").sum(),
            overseas_grant=t.overseas_grant.cast("int64").sum(),
            maintained_10y=t.maintained_10y.cast("int64").sum(),
            pledge_amount=t.pledge_amount.cast("int64").sum(),
            award=t.award.cast("int64").sum(),
        )
        .order_by("city_code")
    )


CONDITIONS = ("strategic_industry", "overseas_grant", "maintained_10y", "pledge_amount", "award")


def patent_conditions(engine, office: str, number: str, *, year: int, params: HighValueParams | None = None):  # type: ignore[no-untyped-def]
    """The note-1 conditions one patent meets at the end of ``year`` (empty when it is not high-value).

    Only invention patents of resident holders, valid at that year end, can qualify; the query
    is restricted to the one patent so that a detail page stays fast on a full-size lake.
    """
    p = params or HighValueParams()
    if office != p.office:
        return []
    rows = (
        high_value_patents(engine, year=year, params=p, application_numbers=[number]).to_pyarrow().to_pylist()
    )
    return [c for c in CONDITIONS if rows and rows[0][c]]
