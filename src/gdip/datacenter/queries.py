"""Read-side queries of the data center: Ibis expressions over the engine layer's tables.

Every function takes an ``Engine`` and uses only operations that both DuckDB and PySpark
support (no mode(), approximate counts, bit or geo functions), so the pages, the API and the
exports give the same answers on either backend. Results are plain dataclasses, dicts and
Arrow batches: the web layer never sees an Ibis expression.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date
from decimal import Decimal
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from gdip.datacenter.domain import KINDS
from gdip.datacenter.engines import Engine

__all__ = [
    "EVENT_COLUMNS",
    "LIST_COLUMNS",
    "SEARCHABLE_KINDS",
    "EnterpriseProfile",
    "HeadlineFigures",
    "RecordDetail",
    "RecordFilter",
    "SearchResult",
    "enterprise_profile",
    "headline_figures",
    "iter_records",
    "patent_detail",
    "search_entities",
    "search_records",
    "trademark_detail",
]

# Kinds with a list page, an API list and an export.
SEARCHABLE_KINDS = ("patents", "trademarks")

# Right kinds: their party column, the date that places a record in a year, the number column
# that legal events refer to, and the legal events' right_kind value.
_RIGHTS: dict[str, tuple[str, str, str, str]] = {
    "patents": ("applicants", "filing_date", "application_number", "patent"),
    "trademarks": ("applicants", "filing_date", "application_number", "trademark"),
    "copyrights": ("owners", "registration_date", "registration_number", "copyright"),
    "gis": ("holders", "approval_date", "gi_number", "gi"),
    "plant-varieties": ("applicants", "filing_date", "application_number", "plant_variety"),
    "ic-layouts": ("holders", "filing_date", "registration_number", "ic_layout"),
}
_TITLE_COLUMN = {"patents": "title", "trademarks": "mark_text"}

# The flat columns of list pages, API lists and exports, in display order.
LIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "patents": (
        "office",
        "application_number",
        "kind",
        "pct",
        "title",
        "applicant_names",
        "filing_date",
        "publication_number",
        "grant_date",
        "status",
        "ipc_main",
        "ipc_codes",
        "applicant_type",
        "city_code",
        "district_code",
    ),
    "trademarks": (
        "office",
        "application_number",
        "registration_number",
        "mark_text",
        "mark_type",
        "nice_classes",
        "applicant_names",
        "filing_date",
        "registration_date",
        "expiry_date",
        "status",
        "madrid",
        "applicant_type",
        "city_code",
        "district_code",
    ),
}
EVENT_COLUMNS = (
    "office",
    "application_number",
    "right_kind",
    "event_type",
    "event_date",
    "from_party",
    "to_party",
    "amount",
    "currency",
    "pledgee",
    "registration_number",
    "term_start",
    "term_end",
    "licence_type",
    "outcome",
    "description",
)
# A profile page shows the most recent events; the full list is an export, not a page.
PROFILE_EVENT_LIMIT = 100


@dataclass(frozen=True)
class RecordFilter:
    """Filters of a record list; None means "any"."""

    q: str | None = None
    kind: str | None = None  # patent kind: invention / utility / design
    status: str | None = None
    city_code: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    ipc: str | None = None  # IPC prefix, e.g. "H01M" or "H01M 10"
    applicant_type: str | None = None
    entity_id: str | None = None


@dataclass(frozen=True)
class SearchResult:
    """One page of a record list and the number of matching records."""

    rows: list[dict[str, Any]]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        """Number of pages (at least 1)."""
        return max(1, -(-self.total // self.page_size))


@dataclass(frozen=True)
class CityCount:
    """A count for one city code."""

    city_code: str
    count: int


@dataclass(frozen=True)
class HeadlineFigures:
    """The data center's headline figures for the home page and GET /stats."""

    records: dict[str, int]
    valid_invention_patents: int
    valid_trademarks: int
    pct_applications: int
    pledges: int
    pledge_amount: Decimal
    records_by_city: list[CityCount]
    valid_invention_by_city: list[CityCount]


@dataclass(frozen=True)
class RecordDetail:
    """A patent or trademark with its legal events and its version history."""

    record: dict[str, Any]
    events: list[dict[str, Any]]
    versions: list[dict[str, Any]]  # commit, committed_at (aware, UTC), source, status; oldest first


@dataclass(frozen=True)
class PortfolioYear:
    """Records of one kind filed (or registered) in one year by an entity."""

    kind: str
    year: int | None
    count: int
    valid: int


@dataclass
class EnterpriseProfile:
    """An applicant's IP profile: entity row, portfolio, legal events, pledges, top IPC."""

    entity_id: str
    entity: dict[str, Any] | None
    name: str | None
    portfolio: list[PortfolioYear] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    valid: dict[str, int] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    events_total: int = 0
    pledges: list[dict[str, Any]] = field(default_factory=list)
    pledge_amount: Decimal = Decimal("0")
    top_ipc: list[tuple[str, int]] = field(default_factory=list)


# -- helpers --------------------------------------------------------------------------------


def _rows(expr: ir.Table) -> list[dict[str, Any]]:
    return expr.to_pyarrow().to_pylist()


def _scalar(expr: ir.Scalar) -> Any:
    return expr.to_pyarrow().as_py()


def _names(parties: ir.ArrayColumn) -> ir.StringValue:
    """The parties' names joined by "; " (a flat text column for lists and exports)."""
    return parties.map(lambda p: p["name"]).join("; ")


def _flat(kind: str, t: ir.Table) -> ir.Table:
    """The kind's LIST_COLUMNS, with lists turned into "; "-joined text."""
    derived: dict[str, ir.Value] = {"applicant_names": _names(t.applicants)}
    if kind == "patents":
        derived["ipc_codes"] = t.ipc.join("; ")
    else:
        derived["nice_classes"] = t.nice_classes.map(lambda c: c.cast("string")).join("; ")
    return t.select(*[(derived[c] if c in derived else t[c]).name(c) for c in LIST_COLUMNS[kind]])


def _filtered(engine: Engine, kind: str, f: RecordFilter) -> ir.Table:
    """Current records of a searchable kind narrowed by a RecordFilter."""
    if kind not in SEARCHABLE_KINDS:
        raise ValueError(f"kind {kind!r} has no record list; expected one of {', '.join(SEARCHABLE_KINDS)}")
    t = engine.table(kind)
    preds: list[ir.BooleanValue] = []
    if f.q:
        q = f.q.strip()
        preds.append(
            t[_TITLE_COLUMN[kind]].contains(q)
            | t.application_number.contains(q.upper())
            | (t.applicants.filter(lambda p: p["name"].contains(q)).length() > 0)
        )
    if f.kind and kind == "patents":
        preds.append(t.kind == f.kind)
    if f.status:
        preds.append(t.status == f.status)
    if f.city_code:
        preds.append(t.city_code == f.city_code)
    if f.year_from is not None:
        preds.append(t.filing_date >= date(f.year_from, 1, 1))
    if f.year_to is not None:
        preds.append(t.filing_date <= date(f.year_to, 12, 31))
    if f.ipc and kind == "patents":
        # Compare without spaces so that "H01M10" and "H01M 10" both match "H01M 10/0525".
        prefix = "".join(f.ipc.split()).upper()
        preds.append(t.ipc.filter(lambda c: c.replace(" ", "").startswith(prefix)).length() > 0)
    if f.applicant_type:
        preds.append(t.applicant_type == f.applicant_type)
    if f.entity_id:
        preds.append(t.entity_ids.contains(f.entity_id))
    return t.filter(*preds) if preds else t


def _ordered(t: ir.Table) -> ir.Table:
    return t.order_by(ibis.desc(t.filing_date), t.office, t.application_number)


# -- headline figures -----------------------------------------------------------------------


def _city_counts(expr: ir.Table, limit: int | None = None) -> list[CityCount]:
    located = expr.filter(expr.city_code.notnull())
    grouped = located.group_by("city_code").aggregate(n=located.count())
    ordered = grouped.order_by(ibis.desc("n"), "city_code")
    if limit is not None:
        ordered = ordered.limit(limit)
    return [CityCount(r["city_code"], int(r["n"])) for r in _rows(ordered)]


def headline_figures(engine: Engine) -> HeadlineFigures:
    """Counts per kind, valid invention patents and trademarks, PCT, pledges and the city ranking."""
    records = {name: int(_scalar(engine.table(name).count())) for name in KINDS}
    patents = engine.table("patents")
    trademarks = engine.table("trademarks")
    valid_invention = patents.filter((patents.kind == "invention") & (patents.status == "valid"))
    events = engine.table("legal-events")
    pledges = events.filter(events.event_type == "pledge")
    pledge_row = _rows(pledges.aggregate(n=pledges.count(), amount=pledges.amount.sum()))[0]
    rights = ibis.union(*[engine.table(name).select("city_code") for name in _RIGHTS], distinct=False)
    return HeadlineFigures(
        records=records,
        valid_invention_patents=int(_scalar(valid_invention.count())),
        valid_trademarks=int(_scalar(trademarks.filter(trademarks.status == "valid").count())),
        pct_applications=int(_scalar(patents.filter(patents.pct).count())),
        pledges=int(pledge_row["n"]),
        pledge_amount=Decimal(pledge_row["amount"] or 0),
        records_by_city=_city_counts(rights, limit=10),
        valid_invention_by_city=_city_counts(valid_invention),
    )


# -- record pages ---------------------------------------------------------------------------


def _detail(engine: Engine, kind: str, office: str, number: str) -> RecordDetail | None:
    t = engine.table(kind)
    found = _rows(t.filter((t.office == office) & (t.application_number == number)).limit(1))
    if not found:
        return None
    right_kind = _RIGHTS[kind][3]
    ev = engine.table("legal-events")
    events = ev.filter(
        (ev.office == office) & (ev.application_number == number) & (ev.right_kind == right_kind)
    )
    h = engine.table(kind, history=True)
    mine = h.filter((h.office == office) & (h.application_number == number))
    versions = _rows(
        mine.select(
            commit=mine._commit, committed_at=mine._committed_at, source=mine._source, status=mine.status
        ).order_by("commit")
    )
    for v in versions:
        # The lake stores transaction time as naive UTC; callers get an aware datetime.
        v["committed_at"] = v["committed_at"].replace(tzinfo=UTC) if v["committed_at"] else None
    return RecordDetail(
        record=found[0],
        events=_rows(events.select(*EVENT_COLUMNS).order_by("event_date", "event_type")),
        versions=versions,
    )


def patent_detail(engine: Engine, office: str, number: str) -> RecordDetail | None:
    """A patent (canonical office and application number), its legal events and versions; None if absent."""
    return _detail(engine, "patents", office, number)


def trademark_detail(engine: Engine, office: str, number: str) -> RecordDetail | None:
    """A trademark, its legal events and versions; None if absent."""
    return _detail(engine, "trademarks", office, number)


# -- lists and exports ----------------------------------------------------------------------


def search_records(
    engine: Engine, kind: str, filters: RecordFilter, page: int = 1, page_size: int = 20
) -> SearchResult:
    """One page of matching records, newest filing first; `q` is a plain substring match for now.

    The Chinese-aware full-text search (segmentation, field syntax, ranking) replaces the `q`
    substring match in a later issue; the other filters stay as they are.
    """
    expr = _filtered(engine, kind, filters)
    total = int(_scalar(expr.count()))
    rows = _rows(_flat(kind, _ordered(expr)).limit(page_size, offset=(page - 1) * page_size))
    return SearchResult(rows=rows, total=total, page=page, page_size=page_size)


def iter_records(
    engine: Engine, kind: str, filters: RecordFilter, batch_size: int = 10_000
) -> Iterator[pa.RecordBatch]:
    """Every matching record as Arrow batches (flat LIST_COLUMNS), for streamed exports; no row cap."""
    # DuckDB invalidates a pending result when the same connection runs another query, which
    # would silently cut an export short as soon as another request used the shared engine.
    # An export therefore streams from its own connection over the same lake.
    own = Engine("duckdb", engine.lake) if engine.name == "duckdb" else None
    source = own or engine
    try:
        expr = _flat(kind, _ordered(_filtered(source, kind, filters)))
        reader = expr.to_pyarrow_batches(chunk_size=batch_size)
        yield from reader
    finally:
        if own is not None:
            own.close()


# -- enterprises ----------------------------------------------------------------------------


def search_entities(engine: Engine, q: str, limit: int = 50) -> list[dict[str, Any]]:
    """Entities whose name or USCC contains `q` (plain substring match), by name."""
    t = engine.table("entities")
    text = q.strip()
    expr = t.filter(t.name.contains(text) | t.uscc.contains(text.upper()) | (t.entity_id == text))
    cols = ("entity_id", "name", "uscc", "entity_type", "city_code", "district_code")
    return _rows(expr.select(*cols).order_by("name", "entity_id").limit(limit))


def _portfolio(engine: Engine, entity_id: str) -> tuple[list[PortfolioYear], str | None]:
    """Counts per kind and year of the rights naming the entity, and its name as first seen."""
    portfolio: list[PortfolioYear] = []
    name: str | None = None
    for kind, (party_col, date_col, _num, _rk) in _RIGHTS.items():
        t = engine.table(kind)
        mine = t.filter(t.entity_ids.contains(entity_id))
        by_year = mine.group_by(year=mine[date_col].year()).aggregate(
            n=mine.count(), valid=ibis.ifelse(mine.status == "valid", 1, 0).sum()
        )
        for r in _rows(by_year.order_by("year")):
            portfolio.append(PortfolioYear(kind, r["year"], int(r["n"]), int(r["valid"] or 0)))
        if name is None and any(p.kind == kind for p in portfolio):
            parties = mine.select(party=mine[party_col].filter(lambda p: p["entity_id"] == entity_id)[0])
            first = _rows(parties.limit(1))
            name = first[0]["party"]["name"] if first and first[0]["party"] else None
    return portfolio, name


def _entity_events(engine: Engine, entity_id: str) -> ir.Table:
    """Legal events of every right naming the entity."""
    keys = []
    for kind, (_party, _date, number_col, right_kind) in _RIGHTS.items():
        t = engine.table(kind)
        mine = t.filter(t.entity_ids.contains(entity_id))
        keys.append(
            mine.select(
                k_office=mine.office,
                k_number=mine[number_col],
                k_right=ibis.literal(right_kind, type="string"),
            )
        )
    key_table = ibis.union(*keys, distinct=True)
    ev = engine.table("legal-events")
    joined = ev.semi_join(
        key_table,
        [
            ev.office == key_table.k_office,
            ev.application_number == key_table.k_number,
            ev.right_kind == key_table.k_right,
        ],
    )
    return joined.select(*EVENT_COLUMNS)


def enterprise_profile(
    engine: Engine, entity_id: str | None = None, uscc: str | None = None
) -> EnterpriseProfile | None:
    """An entity's profile by entity id or USCC; None when the lake knows nothing about it."""
    if entity_id is None:
        if not uscc:
            raise ValueError("enterprise_profile needs an entity_id or a uscc")
        entity_id = "U:" + uscc.strip().upper()
    ent = engine.table("entities")
    entity_rows = _rows(ent.filter(ent.entity_id == entity_id).limit(1))
    portfolio, party_name = _portfolio(engine, entity_id)
    if not entity_rows and not portfolio:
        return None
    entity = entity_rows[0] if entity_rows else None
    profile = EnterpriseProfile(
        entity_id=entity_id, entity=entity, name=entity["name"] if entity else party_name, portfolio=portfolio
    )
    for item in portfolio:
        profile.totals[item.kind] = profile.totals.get(item.kind, 0) + item.count
        profile.valid[item.kind] = profile.valid.get(item.kind, 0) + item.valid
    events = _entity_events(engine, entity_id)
    newest = events.order_by(ibis.desc("event_date"), "application_number", "event_type")
    profile.events_total = int(_scalar(events.count()))
    profile.events = _rows(newest.limit(PROFILE_EVENT_LIMIT))
    pledges = events.filter(events.event_type == "pledge")
    profile.pledges = _rows(pledges.order_by(ibis.desc("event_date"), "application_number"))
    profile.pledge_amount = sum(
        (Decimal(p["amount"]) for p in profile.pledges if p["amount"] is not None), Decimal("0")
    )
    p = engine.table("patents")
    mine = p.filter(p.entity_ids.contains(entity_id) & p.ipc_main.notnull())
    top = mine.group_by(subclass=mine.ipc_main.substr(0, 4)).aggregate(n=mine.count())
    profile.top_ipc = [
        (r["subclass"], int(r["n"])) for r in _rows(top.order_by(ibis.desc("n"), "subclass").limit(10))
    ]
    return profile
