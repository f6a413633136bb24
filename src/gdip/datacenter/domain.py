"""Record kinds of the IP data center and their lake schemas.

Each kind has a natural key (office + number for rights, a content key for events), an Arrow
schema of the normalised columns stored in the lake, and the system columns every lake row
carries. docs/data-model.md documents every field and where it comes from in each format.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

__all__ = [
    "APPLICANT_TYPE",
    "KINDS",
    "PATENT_KINDS",
    "RIGHT_STATUSES",
    "SYSTEM_COLUMNS",
    "RecordKind",
    "kind_by_name",
]

# Enumerations shared by validation, the synthetic generator and the pages.
RIGHT_STATUSES = ("pending", "valid", "lapsed", "expired", "invalidated", "withdrawn", "rejected")
PATENT_KINDS = ("invention", "utility", "design")
APPLICANT_TYPE = ("enterprise", "university", "institute", "individual", "government", "other")
MARK_TYPES = ("word", "figurative", "combined", "3d", "colour", "sound", "other")
COPYRIGHT_TYPES = ("work", "software")
GI_PROTECTION_TYPES = ("gi_product", "collective_mark", "certification_mark", "agri_gi")
PLANT_SECTORS = ("agricultural", "forestry")
RIGHT_KINDS = ("patent", "trademark", "copyright", "gi", "plant_variety", "ic_layout")
LEGAL_EVENT_TYPES = (
    "grant",
    "fee_payment",
    "lapse",
    "restoration",
    "transfer",
    "licence",
    "open_licence",
    "pledge",
    "pledge_release",
    "invalidation_request",
    "invalidation_decision",
    "litigation",
    "withdrawal",
    "rejection",
    "expiry",
    "renewal",
    "award",
)
ENTITY_FLAGS = ("high_tech", "specialised_sme", "ip_demonstration", "ip_advantage", "listed")

# One party of a right: applicant, holder, owner, pledgee. Normalised at ingest.
PARTY = pa.struct(
    [
        ("name", pa.string()),
        ("entity_id", pa.string()),
        ("address", pa.string()),
        ("country", pa.string()),
        ("uscc", pa.string()),
        ("applicant_type", pa.string()),
        ("province_code", pa.string()),
        ("city_code", pa.string()),
        ("district_code", pa.string()),
    ]
)
FAMILY_MEMBER = pa.struct([("office", pa.string()), ("number", pa.string()), ("granted", pa.bool_())])
AWARD = pa.struct([("name", pa.string()), ("year", pa.int16())])

# Columns derived from the first party, flattened so indicators group without unnesting.
LOCATION = [
    ("applicant_type", pa.string()),
    ("province_code", pa.string()),
    ("city_code", pa.string()),
    ("district_code", pa.string()),
    ("entity_ids", pa.list_(pa.string())),
]

# Every lake row carries these; the lake fills them at commit.
SYSTEM_COLUMNS = [
    ("_key", pa.string()),  # natural key as one string, e.g. "CN:202110921116.9"
    ("_hash", pa.string()),  # content hash of the normalised record: re-ingest detection
    ("_source", pa.string()),  # name of the file the record came from
    ("_commit", pa.int64()),  # lake commit sequence number that wrote this version
    ("_committed_at", pa.timestamp("us")),  # transaction time in UTC: "as of" queries
]


@dataclass(frozen=True)
class RecordKind:
    """A kind of record the data center ingests."""

    name: str  # CLI name, e.g. "patents"
    key_fields: tuple[str, ...]
    columns: tuple[tuple[str, pa.DataType], ...]
    label_zh: str
    label_en: str

    @property
    def schema(self) -> pa.Schema:
        """The normalised columns (without system columns)."""
        return pa.schema(list(self.columns))

    @property
    def lake_schema(self) -> pa.Schema:
        return pa.schema(list(self.columns) + SYSTEM_COLUMNS)


_date = pa.date32()
_s = pa.string()

PATENTS = RecordKind(
    "patents",
    ("office", "application_number"),
    (
        ("office", _s),
        ("application_number", _s),
        ("kind", _s),
        ("pct", pa.bool_()),
        ("title", _s),
        ("abstract", _s),
        ("filing_date", _date),
        ("publication_date", _date),
        ("publication_number", _s),
        ("grant_date", _date),
        ("grant_number", _s),
        ("status", _s),
        ("ipc", pa.list_(_s)),
        ("ipc_main", _s),
        ("applicants", pa.list_(PARTY)),
        ("inventors", pa.list_(_s)),
        ("claims_count", pa.int32()),
        ("family", pa.list_(FAMILY_MEMBER)),
        ("awards", pa.list_(AWARD)),
        ("citations", pa.list_(_s)),
        ("priority_date", _date),
        ("agency", _s),
        *LOCATION,
    ),
    "专利",
    "Patents",
)

TRADEMARKS = RecordKind(
    "trademarks",
    ("office", "application_number"),
    (
        ("office", _s),
        ("application_number", _s),
        ("registration_number", _s),
        ("mark_text", _s),
        ("mark_type", _s),
        ("nice_classes", pa.list_(pa.int16())),
        ("goods", pa.list_(_s)),
        ("applicants", pa.list_(PARTY)),
        ("filing_date", _date),
        ("registration_date", _date),
        ("expiry_date", _date),
        ("status", _s),
        ("madrid", pa.bool_()),
        ("collective", pa.bool_()),
        ("certification", pa.bool_()),
        ("well_known", pa.bool_()),
        ("geographic_indication", pa.bool_()),
        ("agency", _s),
        *LOCATION,
    ),
    "商标",
    "Trademarks",
)

COPYRIGHTS = RecordKind(
    "copyrights",
    ("office", "registration_number"),
    (
        ("office", _s),
        ("registration_number", _s),
        ("work_type", _s),
        ("category", _s),
        ("title", _s),
        ("owners", pa.list_(PARTY)),
        ("authors", pa.list_(_s)),
        ("completion_date", _date),
        ("first_publication_date", _date),
        ("registration_date", _date),
        ("status", _s),
        *LOCATION,
    ),
    "著作权登记",
    "Copyright registrations",
)

GIS = RecordKind(
    "gis",
    ("office", "gi_number"),
    (
        ("office", _s),
        ("gi_number", _s),
        ("name", _s),
        ("product_category", _s),
        ("protection_type", _s),
        ("region_text", _s),
        ("holders", pa.list_(PARTY)),
        ("approval_date", _date),
        ("standard", _s),
        ("status", _s),
        *LOCATION,
    ),
    "地理标志",
    "Geographic indications",
)

PLANT_VARIETIES = RecordKind(
    "plant-varieties",
    ("office", "application_number"),
    (
        ("office", _s),
        ("application_number", _s),
        ("variety_name", _s),
        ("species", _s),
        ("sector", _s),
        ("applicants", pa.list_(PARTY)),
        ("breeders", pa.list_(_s)),
        ("filing_date", _date),
        ("grant_date", _date),
        ("grant_number", _s),
        ("status", _s),
        *LOCATION,
    ),
    "植物新品种权",
    "Plant-variety rights",
)

IC_LAYOUTS = RecordKind(
    "ic-layouts",
    ("office", "registration_number"),
    (
        ("office", _s),
        ("registration_number", _s),
        ("design_name", _s),
        ("holders", pa.list_(PARTY)),
        ("creation_date", _date),
        ("filing_date", _date),
        ("first_commercial_use_date", _date),
        ("registration_date", _date),
        ("status", _s),
        *LOCATION,
    ),
    "集成电路布图设计",
    "IC layout designs",
)

LEGAL_EVENTS = RecordKind(
    "legal-events",
    ("office", "application_number", "event_type", "event_date", "event_id"),
    (
        ("office", _s),
        ("application_number", _s),
        ("right_kind", _s),
        ("event_type", _s),
        ("event_date", _date),
        ("event_id", _s),  # the source's own id, or a hash of the details
        ("from_party", _s),
        ("to_party", _s),
        ("amount", pa.decimal128(18, 2)),  # yuan (元); pledges, licences, transfers
        ("currency", _s),
        ("pledgee", _s),
        ("registration_number", _s),  # e.g. pledge registration number
        ("term_start", _date),
        ("term_end", _date),
        ("licence_type", _s),  # exclusive / sole / ordinary / open
        ("outcome", _s),
        ("description", _s),
        ("city_code", _s),
    ),
    "法律事件",
    "Legal events",
)

ENTITIES = RecordKind(
    "entities",
    ("entity_id",),
    (
        ("entity_id", _s),
        ("name", _s),
        ("name_en", _s),
        ("uscc", _s),
        ("entity_type", _s),
        ("address", _s),
        ("province_code", _s),
        ("city_code", _s),
        ("district_code", _s),
        ("flags", pa.list_(_s)),
        ("aliases", pa.list_(_s)),
        ("established_date", _date),
        ("employees", pa.int32()),
    ),
    "主体",
    "Entities",
)

KINDS: dict[str, RecordKind] = {
    k.name: k
    for k in (PATENTS, TRADEMARKS, COPYRIGHTS, GIS, PLANT_VARIETIES, IC_LAYOUTS, LEGAL_EVENTS, ENTITIES)
}


def kind_by_name(name: str) -> RecordKind:
    """Look a kind up by its CLI name; raises KeyError with the valid names."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown record kind {name!r}; expected one of {', '.join(KINDS)}") from None
