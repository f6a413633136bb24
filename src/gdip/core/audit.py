"""Tamper evidence for the audit log: a hash chain over the Event rows, its check and export.

Every event carries ``seq`` (1, 2, 3 … without gaps), ``prev_hash`` (the previous event's hash;
64 zeros for the first), ``algorithm`` (``sha256`` or ``sm3``) and
``hash = H(prev_hash || canonical JSON of the row)`` where the canonical JSON is
``json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` of::

    seq, type, actor_id, organisation_id, city_code, object_type, object_id, params,
    created (UTC, "%Y-%m-%dT%H:%M:%S.%fZ"), ip_address

with integral floats in ``params`` written as integers (PostgreSQL's jsonb does not keep 1.0 and
1 apart). The algorithm is stored per row, so switching ``GDIP_AUDIT_HASH`` between sha256 and
sm3 (GB/T 32905-2016, through gmssl) simply continues the chain with the other function.

`verify_chain()` recomputes every link and reports the first broken one: an altered row (hash
mismatch), an inserted or reordered row (prev_hash mismatch), deleted rows (a gap in seq, or a
chain head beyond the last row). Anyone able to rewrite the whole table *and* the head can
recompute a consistent chain: the head hash printed by ``gdip audit verify`` and written into
every backup manifest is the anchor to keep outside the database.

The database also refuses UPDATE and DELETE on the table (triggers, `install_guard`), so even
raw SQL through the application's connection cannot change the log.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.models import Q, QuerySet

__all__ = [
    "ALGORITHMS",
    "EXPORT_FIELDS",
    "GENESIS",
    "VerifyResult",
    "canonical_bytes",
    "chain_head",
    "compute_hash",
    "current_algorithm",
    "export_lines",
    "filter_events",
    "guard_present",
    "install_guard",
    "link_event",
    "verify_chain",
]

GENESIS = "0" * 64
ALGORITHMS = ("sha256", "sm3")
EVENT_TABLE = "accounts_event"

SQLITE_GUARD = (
    f"CREATE TRIGGER IF NOT EXISTS gdip_event_no_update BEFORE UPDATE ON {EVENT_TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
    f"CREATE TRIGGER IF NOT EXISTS gdip_event_no_delete BEFORE DELETE ON {EVENT_TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
)
SQLITE_UNGUARD = (
    "DROP TRIGGER IF EXISTS gdip_event_no_update",
    "DROP TRIGGER IF EXISTS gdip_event_no_delete",
)
POSTGRES_GUARD = (
    "CREATE OR REPLACE FUNCTION gdip_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$",
    f"DROP TRIGGER IF EXISTS gdip_event_append_only ON {EVENT_TABLE}",
    f"CREATE TRIGGER gdip_event_append_only BEFORE UPDATE OR DELETE ON {EVENT_TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION gdip_event_append_only()",
)
POSTGRES_UNGUARD = (
    f"DROP TRIGGER IF EXISTS gdip_event_append_only ON {EVENT_TABLE}",
    "DROP FUNCTION IF EXISTS gdip_event_append_only()",
)


def current_algorithm() -> str:
    """The hash function for new events: GDIP_AUDIT_HASH (sha256 by default, or sm3)."""
    name = str(getattr(settings, "GDIP_AUDIT_HASH", "sha256") or "sha256").lower()
    if name not in ALGORITHMS:
        raise ValueError(f"GDIP_AUDIT_HASH must be one of {ALGORITHMS}, not {name!r}")
    return name


def _canon(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _canon(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canon(v) for v in value]
    return value


def normalise_params(params: Any) -> Any:
    """The params as they read back from the database (what DjangoJSONEncoder stores)."""
    return json.loads(json.dumps(params if params is not None else {}, cls=DjangoJSONEncoder))


def _iso(created: datetime) -> str:
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_bytes(
    *,
    seq: int,
    type: str,
    actor_id: int | None,
    organisation_id: int | None,
    city_code: str,
    object_type: str,
    object_id: str,
    params: Any,
    created: datetime,
    ip_address: str | None,
) -> bytes:
    """The canonical JSON of one event's audited fields."""
    data = {
        "seq": int(seq),
        "type": type,
        "actor_id": actor_id,
        "organisation_id": organisation_id,
        "city_code": city_code or "",
        "object_type": object_type or "",
        "object_id": object_id or "",
        "params": _canon(params),
        "created": _iso(created),
        "ip_address": ip_address or None,
    }
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def compute_hash(algorithm: str, prev_hash: str, payload: bytes) -> str:
    """H(prev_hash || payload) as lower-case hex."""
    data = prev_hash.encode("ascii") + payload
    if algorithm == "sha256":
        return hashlib.sha256(data).hexdigest()
    if algorithm == "sm3":
        from gmssl import func, sm3

        return str(sm3.sm3_hash(func.bytes_to_list(data)))
    raise ValueError(f"unknown audit hash algorithm {algorithm!r}")


def _ip(value: str | None) -> str | None:
    if not value:
        return None
    from gdip.accounts.models import Event

    return Event._meta.get_field("ip_address").get_prep_value(value)  # type: ignore[no-any-return]


def link_event(event: Any, using: str) -> Any:
    """Fill seq, prev_hash, algorithm and hash of an unsaved event; returns the locked chain head.

    Must run inside a transaction on `using`: the head row stays locked until it commits.
    """
    from django.utils import timezone

    from gdip.accounts.models import AuditChainHead, Event

    heads = AuditChainHead.objects.using(using)
    head = heads.select_for_update().filter(pk=1).first()
    if head is None:
        # Only after a flush of the tables (a new chain) or a database from before the chain.
        last = Event.objects.using(using).order_by("-seq").values_list("seq", "hash").first()
        heads.get_or_create(
            pk=1, defaults={"seq": last[0] if last else 0, "hash": last[1] if last else GENESIS}
        )
        head = heads.select_for_update().get(pk=1)
    if event.created is None:
        event.created = timezone.now()
    event.params = normalise_params(event.params)
    event.ip_address = _ip(event.ip_address)
    event.seq = head.seq + 1
    event.prev_hash = head.hash
    event.algorithm = current_algorithm()
    event.hash = compute_hash(event.algorithm, event.prev_hash, _payload_of(event))
    return head


def _payload_of(event: Any) -> bytes:
    return canonical_bytes(
        seq=event.seq,
        type=event.type,
        actor_id=event.actor_id,
        organisation_id=event.organisation_id,
        city_code=event.city_code,
        object_type=event.object_type,
        object_id=event.object_id,
        params=event.params,
        created=event.created,
        ip_address=event.ip_address,
    )


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of `verify_chain()`: ok, rows checked, the first broken seq and why."""

    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""
    head_seq: int = 0
    head_hash: str = GENESIS
    guard: bool | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


_VERIFY_FIELDS = (
    "seq",
    "prev_hash",
    "hash",
    "algorithm",
    "type",
    "actor_id",
    "organisation_id",
    "city_code",
    "object_type",
    "object_id",
    "params",
    "created",
    "ip_address",
)


def chain_head(using: str = "default") -> tuple[int, str]:
    """(seq, hash) of the recorded chain head; (0, GENESIS) when there is none."""
    from gdip.accounts.models import AuditChainHead

    row = AuditChainHead.objects.using(using).filter(pk=1).values_list("seq", "hash").first()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def verify_chain(using: str = "default", *, batch_size: int = 5000) -> VerifyResult:
    """Recompute the whole chain; stop at the first broken link."""
    from gdip.accounts.models import Event

    head_seq, head_hash = chain_head(using)
    guard = guard_present(using)
    expected_seq = 1
    prev = GENESIS
    checked = 0

    def broken(seq: int, reason: str) -> VerifyResult:
        return VerifyResult(False, checked, seq, reason, head_seq, head_hash, guard)

    rows = Event.objects.using(using).order_by("seq").values_list(*_VERIFY_FIELDS)
    for row in rows.iterator(chunk_size=batch_size):
        r = dict(zip(_VERIFY_FIELDS, row, strict=True))
        seq = int(r["seq"])
        if seq != expected_seq:
            if expected_seq == seq - 1:
                return broken(expected_seq, f"seq {expected_seq} is missing (row deleted)")
            return broken(expected_seq, f"seq {expected_seq}–{seq - 1} are missing (rows deleted)")
        if r["prev_hash"] != prev:
            return broken(seq, "prev_hash does not match the previous row's hash (row inserted or deleted)")
        if r["algorithm"] not in ALGORITHMS:
            return broken(seq, f"unknown hash algorithm {r['algorithm']!r}")
        payload = canonical_bytes(**{k: r[k] for k in _VERIFY_FIELDS[4:]}, seq=seq)
        if compute_hash(r["algorithm"], prev, payload) != r["hash"]:
            return broken(seq, "hash does not match the row's contents (row altered)")
        prev = r["hash"]
        expected_seq = seq + 1
        checked += 1
    last_seq = expected_seq - 1
    if head_seq > last_seq:
        return broken(
            last_seq + 1, f"the chain head is at seq {head_seq}: rows after seq {last_seq} were deleted"
        )
    if head_seq == last_seq and last_seq > 0 and head_hash != prev:
        return broken(last_seq, "the chain head's hash does not match the last row")
    return VerifyResult(True, checked, None, "", head_seq, head_hash, guard)


# --- database guard ------------------------------------------------------------------------


def install_guard(connection: Any) -> None:
    """Create the append-only triggers on the events table (idempotent)."""
    statements = POSTGRES_GUARD if connection.vendor == "postgresql" else SQLITE_GUARD
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def remove_guard(connection: Any) -> None:
    """Drop the triggers (migrations backwards, tests simulating someone with direct DB access)."""
    statements = POSTGRES_UNGUARD if connection.vendor == "postgresql" else SQLITE_UNGUARD
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def guard_present(using: str = "default") -> bool | None:
    """True when the append-only triggers exist; None for a vendor without them."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
                "AND name IN ('gdip_event_no_update', 'gdip_event_no_delete')",
                [EVENT_TABLE],
            )
            return bool(cursor.fetchone()[0] == 2)
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname = 'gdip_event_append_only' AND NOT tgisinternal"
            )
            return bool(cursor.fetchone()[0] >= 1)
    return None


# --- search and export ---------------------------------------------------------------------

EXPORT_FIELDS = (
    "seq",
    "created",
    "type",
    "actor_id",
    "actor_username",
    "organisation_id",
    "city_code",
    "object_type",
    "object_id",
    "ip_address",
    "params",
    "algorithm",
    "prev_hash",
    "hash",
)


def _as_datetime(value: date | datetime | str | None, *, end: bool = False) -> datetime | None:
    from django.utils import timezone

    if value in (None, ""):
        return None
    if isinstance(value, str):
        parsed: date | datetime = (
            datetime.fromisoformat(value) if "T" in value or " " in value else date.fromisoformat(value)
        )
    else:
        parsed = value  # type: ignore[assignment]
    if not isinstance(parsed, datetime):
        parsed = datetime.combine(parsed, time.max if end else time.min)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def filter_events(
    queryset: QuerySet[Any],
    *,
    types: Iterable[str] | None = None,
    actor: str | None = None,
    since: date | datetime | str | None = None,
    until: date | datetime | str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
) -> QuerySet[Any]:
    """Narrow an Event queryset: type (exact, or prefix ending in '.'/'*'), actor, date range, object.

    A date `until` includes the whole day. Raises ValueError for an unparseable date.
    """
    type_list = [t.strip() for t in (types or []) if t and t.strip()]
    if type_list:
        cond = Q()
        for t in type_list:
            cond |= Q(type__startswith=t.rstrip("*")) if t.endswith(("*", ".")) else Q(type=t)
        queryset = queryset.filter(cond)
    if actor:
        actor = actor.strip()
        queryset = queryset.filter(
            Q(actor__username=actor) | Q(actor_id=int(actor) if actor.isdigit() else -1)
        )
    start = _as_datetime(since)
    stop = _as_datetime(until, end=True)
    if start is not None:
        queryset = queryset.filter(created__gte=start)
    if stop is not None:
        queryset = queryset.filter(created__lte=stop)
    if object_type:
        queryset = queryset.filter(object_type=object_type.strip())
    if object_id:
        queryset = queryset.filter(object_id=object_id.strip())
    return queryset


def _export_row(event: dict[str, Any]) -> dict[str, Any]:
    created = event["created"]
    return {
        "seq": event["seq"],
        "created": _iso(created) if created else "",
        "type": event["type"],
        "actor_id": event["actor_id"],
        "actor_username": event["actor__username"] or "",
        "organisation_id": event["organisation_id"],
        "city_code": event["city_code"],
        "object_type": event["object_type"],
        "object_id": event["object_id"],
        "ip_address": event["ip_address"] or "",
        "params": event["params"],
        "algorithm": event["algorithm"],
        "prev_hash": event["prev_hash"],
        "hash": event["hash"],
    }


_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value  # no formula injection when opened in a spreadsheet
    return value


def export_lines(queryset: QuerySet[Any], fmt: str, *, batch_size: int = 2000) -> Iterator[str]:
    """Stream events (in seq order) as CSV (with a header and a BOM for Excel) or JSON Lines."""
    if fmt not in ("csv", "jsonl"):
        raise ValueError("format must be csv or jsonl")
    rows = queryset.order_by("seq").values(
        "seq",
        "created",
        "type",
        "actor_id",
        "actor__username",
        "organisation_id",
        "city_code",
        "object_type",
        "object_id",
        "ip_address",
        "params",
        "algorithm",
        "prev_hash",
        "hash",
    )
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if fmt == "csv":
        writer.writerow(EXPORT_FIELDS)
        yield "\ufeff" + buf.getvalue()
    for event in rows.iterator(chunk_size=batch_size):
        row = _export_row(event)
        if fmt == "jsonl":
            yield json.dumps(row, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n"
        else:
            buf.seek(0)
            buf.truncate()
            writer.writerow([_csv_cell(row[f]) for f in EXPORT_FIELDS])
            yield buf.getvalue()
