"""OECD patent-quality indicators and the value-degree features, as Ibis expressions over the lake.

Definitions (Squicciarini, Dernis & Criscuolo 2013, *Measuring Patent Quality*, OECD STI WP
2013/03), one row per patent of the lake:

- ``forward_citations``: distinct lake patents citing it whose filing date is at most
  ``forward_citation_years`` (5) after its publication date (its filing date when unpublished);
  the window limits right truncation. Citations are matched on publication, grant or
  application number.
- ``backward_citations``: the length of its citation list (resolved or not).
- ``family_size``: distinct offices of protection of the family, its own office included; a PCT
  international application (office ``WO``) is not protection and does not count.
- ``claims``: ``claims_count``; ``scope``: distinct IPC subclasses (4 characters) of the patent.
- ``generality`` = 1 − Σ_j s_j², s_j the share of the citing patents in IPC subclass j, each
  citing patent counting 1 spread equally over its distinct subclasses (fractional counting);
  null without citing patents. ``originality``: the same over the resolved cited patents.
- ``renewal_years``: full years in force, from the filing date to the first lapse / expiry /
  invalidation, else to the valuation date (granted patents only). A patent whose status ended
  without such an event ends at its latest fee payment (the last evidence it was alive).
- ``grant_lag_days``: days from filing to grant.

Cohort normalisation: within IPC subclass (of ``ipc_main``) × filing year, ``<x>_pct`` is the
percent rank (0 = lowest, 1 = highest; ties share the lower rank; nulls are ranked apart and
stay null) or, with ``normalisation="zscore"``, (x − cohort mean) / cohort sample std.

Only operations that DuckDB and PySpark both support are used: unnest, joins, group-by with
count / sum / max / collect, string substr, date parts, and the window functions percent_rank,
mean and stddev.
"""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir

from gdip.datacenter.reference.industries import load_ipc_industry_mapping
from gdip.valuation.params import ValuationParams, load_params

__all__ = ["INDICATORS", "NORMALISED", "features", "oecd_indicators"]

# The OECD indicator columns, and those normalised within cohorts.
INDICATORS = (
    "forward_citations",
    "backward_citations",
    "family_size",
    "claims",
    "scope",
    "generality",
    "originality",
    "renewal_years",
    "grant_lag_days",
)
NORMALISED = INDICATORS
ENDING_EVENTS = ("lapse", "expiry")
TERMINAL_STATUSES = ("lapsed", "expired", "invalidated")
LITIGATION_RANK = {"infringement_found": 4, "settled": 3, "pending": 2, "dismissed": 1}


def _date_key(d: ir.DateValue, plus_years: int = 0) -> ir.IntegerValue:
    """yyyymmdd as an integer: date comparisons shifted by whole years on any engine."""
    return (d.year() + plus_years) * 10000 + d.month() * 100 + d.day()


def _full_years(start: ir.DateValue, end: ir.DateValue) -> ir.IntegerValue:
    """Completed years from ``start`` to ``end`` (an anniversary counts on its day)."""
    before = (end.month() * 100 + end.day()) < (start.month() * 100 + start.day())
    return end.year() - start.year() - ibis.ifelse(before, 1, 0)


def _subclass(symbol: ir.StringValue) -> ir.StringValue:
    return symbol.strip().substr(0, 4)


def _herfindahl_complement(pairs: ir.Table, owner: str, other: str, patents: ir.Table) -> ir.Table:
    """1 − Σ s_j² per ``owner`` over the IPC subclasses of the ``other`` patents linked to it."""
    cls = patents.select(k=patents._key, sym=patents.ipc.unnest())
    cls = cls.select("k", sub=_subclass(cls.sym)).distinct()
    n_cls = cls.group_by("k").aggregate(n_sub=cls.count())
    cls = cls.join(n_cls, "k")
    linked = pairs.select(o=pairs[owner], k=pairs[other]).distinct()
    totals = linked.group_by("o").aggregate(n_linked=linked.count())
    shares = linked.join(cls, "k")
    shares = shares.group_by(["o", "sub"]).aggregate(w=(1.0 / shares.n_sub.cast("float64")).sum())
    shares = shares.join(totals, "o")
    s = shares.w / shares.n_linked.cast("float64")
    out = shares.group_by("o").aggregate(sum_sq=(s * s).sum())
    return out.select(_key=out.o, value=1.0 - out.sum_sq)


def _normalise(t: ir.Table, columns: tuple[str, ...], method: str) -> ir.Table:
    cohort = [t.ipc_subclass, t.filing_year]
    new = {}
    for c in columns:
        x = t[c].cast("float64")
        # Nulls are ranked in their own partition: DuckDB sorts them last, Spark first.
        if method == "zscore":
            w = ibis.window(group_by=[*cohort, x.isnull()])
            z = (x - x.mean().over(w)) / x.std().over(w)
            new[f"{c}_pct"] = ibis.ifelse(x.isnull(), ibis.null("float64"), z)
        else:
            w = ibis.window(group_by=[*cohort, x.isnull()], order_by=x)
            new[f"{c}_pct"] = ibis.ifelse(x.isnull(), ibis.null("float64"), ibis.percent_rank().over(w))
    return t.mutate(**new)


def features(
    engine,  # type: ignore[no-untyped-def]
    *,
    as_of: date,
    params: ValuationParams | None = None,
    office: str | None = None,
) -> ir.Table:
    """One row per patent: OECD indicators, their cohort ranks and the value-degree inputs.

    ``as_of`` is the valuation date: events after it are ignored and remaining terms are
    counted from it. ``office`` limits the rows (not the citation universe) to one office.
    Example: ``features(engine, as_of=date(2025, 12, 31)).to_pyarrow()``.
    """
    p = params or load_params()
    n_years = int(p.doc["oecd"]["forward_citation_years"])
    method = str(p.doc["oecd"].get("normalisation", "percent_rank"))
    asof = ibis.literal(as_of, type="date")

    pat = engine.table("patents")
    pat = pat.filter(pat.filing_date.notnull() & (pat.filing_date <= asof))
    ipc_first = pat.ipc[0]
    base = pat.select(
        "_key",
        "office",
        "application_number",
        "kind",
        "status",
        "filing_date",
        "publication_date",
        "grant_date",
        "ipc_main",
        "claims_count",
        "city_code",
        ipc_subclass=_subclass(pat.ipc_main.fill_null(ipc_first)),
        filing_year=pat.filing_date.year().cast("int32"),
        owner_id=pat.entity_ids[0],
        backward_citations=pat.citations.length().fill_null(0).cast("int64"),
    )

    # Citation links between lake patents (citing → cited), matched on any of three numbers.
    refs = (
        pat.select(ref=pat.publication_number, cited=pat._key)
        .union(pat.select(ref=pat.grant_number, cited=pat._key))
        .union(pat.select(ref=pat.application_number, cited=pat._key))
    )
    refs = refs.filter(refs.ref.notnull()).distinct()
    cites = pat.select(citing=pat._key, citing_filed=pat.filing_date, ref=pat.citations.unnest())
    links = cites.join(refs, "ref").select("citing", "citing_filed", "cited")
    links = links.filter(links.citing != links.cited).distinct()

    # Forward citations within the window after the cited patent's publication (or filing).
    anchor = pat.select(cited=pat._key, anchor=pat.publication_date.fill_null(pat.filing_date))
    fw = links.join(anchor, "cited")
    fw = fw.filter(_date_key(fw.citing_filed) <= _date_key(fw.anchor, n_years))
    fw = fw.select("citing", "cited").distinct()
    fwd = fw.group_by("cited").aggregate(forward_citations=fw.count()).rename(_key="cited")

    pairs = links.select("citing", "cited").distinct()
    generality = _herfindahl_complement(pairs, "cited", "citing", pat).rename(generality="value")
    originality = _herfindahl_complement(pairs, "citing", "cited", pat).rename(originality="value")

    # Scope: distinct IPC subclasses.
    sym = pat.select("_key", sym=pat.ipc.unnest())
    sym = sym.select("_key", sub=_subclass(sym.sym)).distinct()
    scope = sym.group_by("_key").aggregate(scope=sym.count())

    # Family: distinct offices of protection, own office included, WO excluded.
    points = dict(_family_points(p))
    fam = pat.select("_key", m=pat.family.unnest())
    fam = fam.select("_key", fo=fam.m["office"])
    fam = fam.union(pat.select("_key", fo=pat.office)).distinct()
    fam = fam.filter(fam.fo.notnull() & (fam.fo != "WO"))
    own = pat.select("_key", own_office=pat.office)
    fam = fam.join(own, "_key")
    foreign = fam.fo != fam.own_office
    aggs = {
        "family_size": fam.count(),
        "family_other_offices": (foreign & ~fam.fo.isin(list(points))).cast("int64").sum(),
    }
    for code in points:
        aggs[f"family_{code}"] = ((fam.fo == code) & foreign).cast("int64").max()
    family = fam.group_by("_key").aggregate(**aggs)

    # Legal events up to the valuation date, per patent.
    ev = engine.table("legal-events")
    ev = ev.filter((ev.right_kind == "patent") & (ev.event_date <= asof))
    ev = ev.mutate(_key=ev.office + ":" + ev.application_number)
    is_end = ev.event_type.isin(list(ENDING_EVENTS)) | (
        (ev.event_type == "invalidation_decision") & (ev.outcome == "invalidated")
    )
    lit_rank = ibis.cases(
        *[(ev.outcome == k, v) for k, v in LITIGATION_RANK.items()],
        else_=2,  # a litigation without an outcome is still pending
    )
    evs = ev.group_by("_key").aggregate(
        end_date=ev.event_date.min(where=is_end),
        last_fee=ev.event_date.max(where=ev.event_type == "fee_payment"),
        licences=(ev.event_type == "licence").cast("int64").sum(),
        transfers=(ev.event_type == "transfer").cast("int64").sum(),
        pledges=(ev.event_type == "pledge").cast("int64").sum(),
        pledge_amount=ev.amount.cast("float64").sum(where=ev.event_type == "pledge"),
        litigation_rank=lit_rank.max(where=ev.event_type == "litigation"),
        inval_requests=(ev.event_type == "invalidation_request").cast("int64").sum(),
        inval_decisions=(ev.event_type == "invalidation_decision").cast("int64").sum(),
        upheld=((ev.event_type == "invalidation_decision") & (ev.outcome == "upheld")).cast("int64").sum(),
        partial=((ev.event_type == "invalidation_decision") & (ev.outcome == "partially_invalidated"))
        .cast("int64")
        .sum(),
    )

    # Industry: longest IPC prefix, main group before subclass (as gdip.indicators.high_value).
    mapping = ibis.memtable(load_ipc_industry_mapping())
    mp = mapping.select(prefix=mapping.ipc_prefix, sei=mapping.sei_code, cl=mapping.cluster_code)
    ip = pat.select("_key", sym=pat.ipc.unnest())
    ip = ip.mutate(mg=ip.sym.split("/")[0].strip(), sc=_subclass(ip.sym))
    by_g = mp.rename(g_prefix="prefix", g_sei="sei", g_cl="cl")
    by_c = mp.rename(c_prefix="prefix", c_sei="sei", c_cl="cl")
    m = ip.left_join(by_g, ip.mg == by_g.g_prefix)
    m = m.left_join(by_c, m.sc == by_c.c_prefix)
    m = m.select(
        "_key",
        sei=ibis.ifelse(m.g_prefix.notnull(), m.g_sei, m.c_sei),
        cl=ibis.ifelse(m.g_prefix.notnull(), m.g_cl, m.c_cl),
    )
    sei = m.filter(m.sei.notnull()).select("_key", "sei").distinct()
    sei = sei.group_by("_key").aggregate(sei_codes=sei.sei.collect())
    sei = sei.mutate(sei_codes=sei.sei_codes.sort())
    clus = m.filter(m.cl.notnull()).select("_key").distinct().mutate(in_cluster=ibis.literal(1))

    # Awards won by the valuation date: the best score on the parameter scale.
    award_rule = next(s for s in p.sub_indicators("technical") if s["code"] == "award")
    scale = ibis.memtable(
        {"a_name": list(award_rule["scores"]), "a_score": [float(v) for v in award_rule["scores"].values()]}
    )
    aw = pat.select("_key", a=pat.awards.unnest())
    aw = aw.filter(aw.a["year"] <= as_of.year).select("_key", a_name=aw.a["name"])
    aw = aw.left_join(scale, "a_name")
    aw = aw.group_by("_key").aggregate(award_score=aw.a_score.fill_null(float(award_rule["other"])).max())

    # Owner's tax status (the first holder's entity record).
    ent = engine.table("entities")
    flags = ent.select(owner_id=ent.entity_id, f=ent.flags.unnest())
    ht = flags.filter(flags.f == "high_tech").select("owner_id").distinct().mutate(high_tech=ibis.literal(1))

    t = base
    for side in (fwd, generality, originality, scope, family, evs, sei, clus, aw):
        t = t.left_join(side, "_key")
        t = t.drop([c for c in t.columns if c.endswith("_right")])
    t = t.left_join(ht, "owner_id")
    t = t.drop([c for c in t.columns if c.endswith("_right")])

    ended_at = ibis.ifelse(
        t.end_date.notnull(),
        t.end_date,
        ibis.ifelse(t.status.isin(list(TERMINAL_STATUSES)), t.last_fee, ibis.null("date")),
    )
    granted = t.grant_date.notnull() & (t.grant_date <= asof)
    in_force = granted & t.end_date.isnull() & ~t.status.isin(list(TERMINAL_STATUSES))
    renewal_end = ibis.ifelse(ended_at.notnull(), ended_at, asof)
    fills = {
        "forward_citations": t.forward_citations.fill_null(0).cast("int64"),
        "scope": t.scope.fill_null(0).cast("int64"),
        "family_size": t.family_size.fill_null(1).cast("int64"),
        "family_other_offices": t.family_other_offices.fill_null(0).cast("int64"),
        **{f"family_{c}": t[f"family_{c}"].fill_null(0).cast("int64") for c in points},
        "licences": t.licences.fill_null(0).cast("int64"),
        "transfers": t.transfers.fill_null(0).cast("int64"),
        "pledges": t.pledges.fill_null(0).cast("int64"),
        "pledge_amount": t.pledge_amount.fill_null(0.0),
        "litigation_rank": t.litigation_rank.fill_null(0).cast("int64"),
        "in_cluster": t.in_cluster.fill_null(0).cast("int64"),
        "award_score": t.award_score.fill_null(0.0),
        "high_tech": t.high_tech.fill_null(0).cast("int64"),
        "claims": t.claims_count.cast("int64"),
    }
    t = t.mutate(
        **fills,
        granted=granted,
        in_force=in_force,
        renewal_years=ibis.ifelse(
            granted & renewal_end.notnull(), _full_years(t.filing_date, renewal_end), ibis.null("int64")
        ).cast("int64"),
        grant_lag_days=ibis.ifelse(
            granted, t.grant_date.delta(t.filing_date, unit="day"), ibis.null("int64")
        ).cast("int64"),
        invalidation_pending=t.inval_requests.fill_null(0) > t.inval_decisions.fill_null(0),
        upheld=t.upheld.fill_null(0) > 0,
        partially_invalidated=t.partial.fill_null(0) > 0,
    )
    t = t.drop(
        "end_date", "last_fee", "inval_requests", "inval_decisions", "partial", "claims_count", "owner_id"
    )
    t = _normalise(t, NORMALISED, method)
    if office:
        t = t.filter(t.office == office)
    return t


def _family_points(p: ValuationParams) -> list[tuple[str, float]]:
    rule = next(s for s in p.sub_indicators("legal") if s["rule"] == "offices")
    return [(str(k), float(v)) for k, v in rule["points"].items()]


def oecd_indicators(
    engine,  # type: ignore[no-untyped-def]
    *,
    as_of: date,
    params: ValuationParams | None = None,
    office: str | None = None,
) -> ir.Table:
    """The OECD indicator columns and their cohort ranks only (see the module docstring)."""
    t = features(engine, as_of=as_of, params=params, office=office)
    keep = ["office", "application_number", "ipc_subclass", "filing_year"]
    keep += [c for c in INDICATORS] + [f"{c}_pct" for c in NORMALISED]
    return t.select(*keep)
