"""Render docs/data-model.md and docs/interchange.md from the code: ``python -m gdip.datacenter.docs_gen``.

Everything in the two documents comes from ``domain`` (kinds, columns, Arrow types, keys,
enumerations), ``field_docs`` (meanings, sources, reason codes), ``services.records`` (synonyms,
patent terms) and the validators (check digits of the example numbers), so the documents change
exactly when the code does; tests/unit/test_docs_gen.py fails when the committed files are stale.
The output is deterministic: it does not depend on today's date or the machine.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa

from gdip.core.validators import cn_check_digit, uscc_check_char
from gdip.datacenter import domain as d
from gdip.datacenter.field_docs import (
    ENUM_LABELS,
    FIELD_DOCS,
    FILE_LEVEL_CODES,
    REJECT_CODES,
    STRUCTS,
    FieldDoc,
)
from gdip.datacenter.services import records as rec
from gdip.datacenter.services.fields import RecordError
from gdip.datacenter.services.ingest import FORMATS, IngestReport

__all__ = [
    "ENUMS",
    "EXAMPLES",
    "MINIMAL",
    "REGENERATE",
    "render_data_model",
    "render_interchange",
    "type_name",
    "write_docs",
]

DOCS_DIR = Path(__file__).resolve().parents[3] / "docs"
REGENERATE = "python -m gdip.datacenter.docs_gen"
# A fixed "today" for the few values the renderer normalises, so the output never changes by itself.
_DOC_TODAY = date(2026, 1, 1)

# Enumerations: name, allowed codes, synonyms accepted at ingest, the columns that use it.
ENUMS: list[tuple[str, tuple[str, ...], dict[str, str], str]] = [
    ("status", d.RIGHT_STATUSES, rec.STATUS_SYNONYMS, "`status` of every right kind"),
    ("kind", d.PATENT_KINDS, rec.PATENT_KIND_SYNONYMS, "patents.`kind`"),
    (
        "applicant_type",
        d.APPLICANT_TYPE,
        rec.APPLICANT_SYNONYMS,
        "party.`applicant_type`, the kinds' `applicant_type`, entities.`entity_type`",
    ),
    ("mark_type", d.MARK_TYPES, rec.MARK_TYPE_SYNONYMS, "trademarks.`mark_type`"),
    ("work_type", d.COPYRIGHT_TYPES, rec.COPYRIGHT_SYNONYMS, "copyrights.`work_type`"),
    ("protection_type", d.GI_PROTECTION_TYPES, rec.GI_SYNONYMS, "gis.`protection_type`"),
    ("sector", d.PLANT_SECTORS, rec.SECTOR_SYNONYMS, "plant-varieties.`sector`"),
    ("right_kind", d.RIGHT_KINDS, rec.RIGHT_KIND_SYNONYMS, "legal-events.`right_kind`"),
    ("event_type", d.LEGAL_EVENT_TYPES, rec.EVENT_SYNONYMS, "legal-events.`event_type`"),
    ("flags", d.ENTITY_FLAGS, {}, "entities.`flags` (codes only, no synonyms)"),
]

# ---------------------------------------------------------------------------------- examples

_PATENT_DIGITS = "202210345678"  # invention (type digit 1), filed 2022
_PATENT_NO = f"{_PATENT_DIGITS}.{cn_check_digit(_PATENT_DIGITS)}"
_UTILITY_DIGITS = "202320567890"  # utility model (type digit 2)
_UTILITY_WRITTEN = f"{_UTILITY_DIGITS[:4]} {_UTILITY_DIGITS[4]} {_UTILITY_DIGITS[5:]}"  # as on a certificate
_USCC = "91440300MA5G2KQ8X" + uscc_check_char("91440300MA5G2KQ8X")  # a Shenzhen (440300) company
_USCC_UNIV = "12440000455416107" + uscc_check_char("12440000455416107")  # a public institution (12…)
_COMPANY = "深圳市鹏城新能源科技有限公司"
_ADDRESS = "广东省深圳市南山区粤海街道科技南路18号"
_COMPANY_PARTY = {"name": _COMPANY, "uscc": _USCC, "address": _ADDRESS}

EXAMPLES: dict[str, dict[str, Any]] = {
    "patents": {
        "office": "CN",
        "application_number": _PATENT_NO,
        "kind": "发明",
        "title": "一种高镍三元正极材料及其制备方法和锂离子电池",
        "abstract": "本发明公开了一种高镍三元正极材料，通过铝镁共掺杂与快离子导体包覆，"
        "提高了材料的循环稳定性和热稳定性。",
        "filing_date": "2022-03-28",
        "publication_date": "2022-07-08",
        "publication_number": "CN114725350A",
        "grant_date": "2023-09-12",
        "grant_number": "CN114725350B",
        "ipc": ["H01M 4/525", "H01M 10/0525", "C01G 53/00"],
        "applicants": [
            _COMPANY_PARTY,
            {"name": "华南理工大学", "uscc": _USCC_UNIV, "address": "广东省广州市天河区五山路381号"},
        ],
        "inventors": ["陈晓华", "李明", "黄志强"],
        "claims_count": 10,
        "family": [{"office": "WO", "number": "PCT/CN2023/083456", "granted": False}],
        "awards": [{"name": "广东专利奖银奖", "year": 2025}],
        "citations": ["CN110112345A", "US10505189B2"],
        "agency": "深圳市鹏城知识产权代理事务所（普通合伙）",
    },
    "trademarks": {
        "office": "CN",
        "application_number": "61234567",
        "registration_number": "61234567",
        "mark_text": "鹏城新能",
        "mark_type": "文字",
        "nice_classes": [9, 42],
        "goods": ["蓄电池", "电池充电器", "技术研究"],
        "applicants": [_COMPANY_PARTY],
        "filing_date": "2021-12-20",
        "registration_date": "2022-09-07",
        "expiry_date": "2032-09-06",
        "madrid": False,
        "agency": "广州粤标商标代理有限公司",
    },
    "copyrights": {
        "office": "CN",
        "registration_number": "2023SR0456789",
        "work_type": "计算机软件",
        "category": "应用软件",
        "title": "鹏城储能电池管理系统 V2.0",
        "owners": [_COMPANY_PARTY],
        "authors": [_COMPANY],
        "completion_date": "2023-01-15",
        "first_publication_date": "2023-02-01",
        "registration_date": "2023-04-18",
    },
    "gis": {
        "office": "CN",
        "gi_number": "2006-0148",
        "name": "新会陈皮",
        "product_category": "中药材",
        "protection_type": "地理标志产品",
        "region_text": "广东省江门市新会区会城街道、大泽镇、司前镇等现辖行政区域",
        "holders": [{"name": "江门市新会区陈皮行业协会", "address": "广东省江门市新会区会城街道"}],
        "approval_date": "2006-12-30",
        "standard": "DB44/T 604-2009",
    },
    "plant-varieties": {
        "office": "CN",
        "application_number": "20201004567",
        "variety_name": "粤农丝苗2号",
        "species": "水稻",
        "sector": "农业",
        "applicants": [{"name": "广东省农业科学院水稻研究所", "address": "广东省广州市天河区金颖路"}],
        "breeders": ["周少川", "李宏"],
        "filing_date": "2020-03-16",
        "grant_date": "2022-12-29",
        "grant_number": "CNA20201004567",
    },
    "ic-layouts": {
        "office": "CN",
        "registration_number": "BS.225512345",
        "design_name": "低功耗蓝牙 SoC 芯片 PC8801",
        "holders": [_COMPANY_PARTY],
        "creation_date": "2021-11-30",
        "filing_date": "2022-04-12",
        "first_commercial_use_date": "2022-05-01",
        "registration_date": "2022-06-20",
    },
    "legal-events": {
        "office": "CN",
        "application_number": _PATENT_NO,
        "right_kind": "专利",
        "event_type": "质押",
        "event_date": "2024-03-15",
        "from_party": _COMPANY,
        "pledgee": "粤海示范银行深圳分行",
        "amount": "500万",
        "registration_number": "Y2024440000123",
        "term_start": "2024-03-15",
        "term_end": "2027-03-14",
    },
    "entities": {
        "name": _COMPANY,
        "name_en": "Shenzhen Pengcheng New Energy Technology Co., Ltd.",
        "uscc": _USCC,
        "entity_type": "企业",
        "address": _ADDRESS,
        "flags": ["high_tech", "specialised_sme"],
        "aliases": ["鹏城新能"],
        "established_date": "2015-06-18",
        "employees": 320,
    },
}

# The smallest record each kind accepts.
MINIMAL: dict[str, dict[str, Any]] = {
    "patents": {"application_number": f"ZL {_UTILITY_WRITTEN}.{cn_check_digit(_UTILITY_DIGITS)}"},
    "trademarks": {"application_number": "61234567"},
    "copyrights": {"registration_number": "2023SR0456789", "title": "鹏城储能电池管理系统 V2.0"},
    "gis": {"gi_number": "2006-0148", "name": "新会陈皮"},
    "plant-varieties": {"application_number": "20201004567", "variety_name": "粤农丝苗2号"},
    "ic-layouts": {"registration_number": "BS.225512345", "design_name": "低功耗蓝牙 SoC 芯片 PC8801"},
    "legal-events": {"application_number": _PATENT_NO, "event_type": "pledge", "event_date": "2024-03-15"},
    "entities": {"name": _COMPANY},
}

_REQUIRED_NOTES: dict[str, str] = {
    "patents": "`application_number`; `kind` as well when `office` is not CN (CN numbers carry the type). "
    "`office` defaults to CN.",
    "trademarks": "`application_number`.",
    "copyrights": "`registration_number` and `title`.",
    "gis": "`gi_number` and `name`.",
    "plant-varieties": "`application_number` and `variety_name`.",
    "ic-layouts": "`registration_number` and `design_name`.",
    "legal-events": "`application_number`, `event_type` and `event_date`. `right_kind` defaults to patent.",
    "entities": "`name`.",
}

_ALIASES: dict[str, str] = {
    "copyrights": "`applicants` is read when `owners` is absent.",
    "gis": "`applicants` is read when `holders` is absent.",
    "ic-layouts": "`applicants` is read when `holders` is absent.",
    "entities": "`type` is read when `entity_type` is absent; an `entity_id` key is ignored "
    "(it is computed).",
}

# ---------------------------------------------------------------------------------- helpers


def type_name(t: pa.DataType) -> str:
    """Arrow type in readable form: string, date, bool, int32, decimal(18,2), list<party> …"""
    for name, struct in STRUCTS.items():
        if t == struct:
            return name
    if pa.types.is_list(t):
        return f"list<{type_name(t.value_type)}>"
    if pa.types.is_string(t):
        return "string"
    if pa.types.is_date32(t):
        return "date"
    if pa.types.is_boolean(t):
        return "bool"
    if pa.types.is_integer(t):
        return str(t)  # int16, int32, int64
    if pa.types.is_decimal(t):
        return f"decimal({t.precision},{t.scale})"
    if pa.types.is_timestamp(t):
        return f"timestamp[{t.unit}]"
    return str(t)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [_row(header), "| " + " | ".join("---" for _ in header) + " |", *(_row(r) for r in rows)]


def _meaning(doc: FieldDoc) -> str:
    return f"{doc.meaning_en} · {doc.meaning_zh}"


def _column_name(name: str, doc: FieldDoc) -> str:
    return f"`{name}`" + (" †" if doc.derived else "")


def _columns_table(table: str, columns: list[tuple[str, pa.DataType]], xml: bool) -> list[str]:
    docs = FIELD_DOCS[table]
    header = ["column", "type", "meaning", "interchange"] + (["ST.36", "USPTO"] if xml else [])
    rows = []
    for name, dtype in columns:
        doc = docs[name]
        row = [_column_name(name, doc), f"`{type_name(dtype)}`", _meaning(doc), doc.interchange]
        if xml:
            row += [doc.st36, doc.uspto]
        rows.append(row)
    return _table(header, rows)


def _struct_columns(struct: pa.StructType) -> list[tuple[str, pa.DataType]]:
    return [(struct.field(i).name, struct.field(i).type) for i in range(struct.num_fields)]


def _has_xml(table: str) -> bool:
    return any(doc.st36 != "—" or doc.uspto != "—" for doc in FIELD_DOCS[table].values())


def _key_example(kind: str) -> str:
    """The ``_key`` the lake would compute for the kind's example record."""
    row = rec.normalise(kind, EXAMPLES[kind], _DOC_TODAY)
    return ":".join("" if row[k] is None else str(row[k]) for k in d.KINDS[kind].key_fields)


def _synonyms_by_code(synonyms: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for word, code in synonyms.items():
        out.setdefault(code, []).append(word)
    return out


def _years(n: int) -> str:
    return f"{n} years"


# ---------------------------------------------------------------------------------- data model


def _data_model_intro() -> list[str]:
    terms = ", ".join(f"{k} {_years(v)}" for k, v in rec.PATENT_TERM_YEARS.items())
    key_rows = [
        [
            f"`{kind}`",
            f"{k.label_zh} / {k.label_en}",
            " + ".join(f"`{f}`" for f in k.key_fields),
            f"`{_key_example(kind)}`",
        ]
        for kind, k in d.KINDS.items()
    ]
    return [
        "# Data model of the IP data center",
        "",
        f"<!-- Generated from the code by `{REGENERATE}`; do not edit by hand. -->",
        "",
        "GDIP keeps its state in two stores:",
        "",
        "- **The Parquet lake** (`$GDIP_HOME/lake`) holds the IP records: patents, trademarks, copyright",
        "  registrations, geographical indications, plant-variety rights, IC layout designs, legal events",
        "  and entities. It is written only by `gdip ingest` (and the synthetic data generator) and read",
        "  by the analytics engines (DuckDB or Spark through Ibis). This document describes it.",
        "- **The relational database** (SQLite in `$GDIP_HOME`, or PostgreSQL via `GDIP_DATABASE_URL`)",
        "  holds what users and administrators change: organisations, users and roles, API tokens, the",
        "  audit log, and reference data (GB/T 2260 regions, census population). It is managed by Django",
        "  migrations and not described here.",
        "",
        "Records arrive in the interchange formats (JSON Lines, CSV, Parquet: see",
        "[interchange.md](interchange.md)) or, for patents, as WIPO ST.36-based XML (CNIPA, EPO) and",
        "USPTO grant XML. Each record is validated and normalised into exactly the columns listed below;",
        "a record that fails goes to a rejects file with a [reason code](#reject-reason-codes).",
        "",
        '## Natural keys, versions and "as of"',
        "",
        "Every kind has a natural key. The lake stores it as one string in `_key`: the key fields joined",
        "by `:` (an empty field stays empty). The examples are the keys of the records in",
        "[interchange.md](interchange.md).",
        "",
        *_table(["kind", "label", "natural key", "`_key` example"], key_rows),
        "",
        "Layout: `_manifest.json` lists the files of each kind and is the only source of truth;",
        "`<kind>/c<seq>/part-*.parquet` holds the versions written by commit `<seq>`; `_staging/` holds a",
        "running ingest's batches, never read by queries.",
        "",
        "An ingest run stages all good records and commits once, under a lock, atomically (the new",
        "manifest is renamed over the old one): a run killed at any moment leaves the lake unchanged.",
        "At commit each record gets `_key` and `_hash` (MD5 of its normalised columns as JSON; system",
        "columns excluded, so the same record from another file is the same). Within one run the last",
        "record of a key wins. Then:",
        "",
        "- a key not in the lake is **inserted** as its first version;",
        "- a key whose latest version has a different `_hash` gets a **new version**; the old one stays;",
        "- a key whose latest version has the same `_hash` is **unchanged** and writes nothing, so",
        "  re-ingesting a file leaves the lake byte for byte as it was.",
        "",
        "Each version carries `_commit` (the commit sequence number), `_committed_at` (UTC) and",
        "`_source` (the input file name). The **current** record of a key is its version with the highest",
        "`_commit`; the record **as of** a moment *t* is the version with the highest `_commit` among",
        "those with `_committed_at` ≤ *t* (`Engine.table(kind, as_of=t)`); `history=True` returns every",
        "version.",
        "",
        "## How `status` is derived",
        "",
        "A `status` in the input (a code or a [synonym](#status)) is kept. When it is absent, ingest",
        "derives it from the dates, on the day of the ingest:",
        "",
        "- **patents**: no `grant_date` → `pending`; granted and the legal term has ended → `expired`;",
        "  granted and within term → `valid`. Terms run from the filing date:",
        f"  {terms}; design {_years(15)} when filed on or after {rec.DESIGN_TERM_CHANGE.isoformat()},",
        f"  else {_years(10)} (Patent Law 2020 art. 42). For CN, an explicit `valid` without a grant",
        "  date is rejected (`status_inconsistent`).",
        "- **trademarks**: no `registration_date` → `pending`; `expiry_date` reached → `expired`; else",
        "  `valid`.",
        "- **plant-varieties**: `grant_date` present → `valid`, else `pending`.",
        "- **copyrights, gis, ic-layouts**: `valid` (they are registrations).",
        "",
        "Because the derived status depends on the ingest day, re-ingesting a patent after its term has",
        "ended stores a new version with `expired`. Lapses, invalidations and transfers arrive as",
        "[legal events](#legal-events).",
        "",
        "## Normalisation at a glance",
        "",
        "- **Identifiers**: CN application numbers are parsed in any written form and checked (check",
        "  digit: weights 2–9, 2–5, sum mod 11, 10 → X); stored canonical `YYYYTNNNNNNN.C`. USCCs",
        "  (GB 32100-2015) are checked and upper-cased. IPC symbols are stored in WIPO display form.",
        "- **Parties** (applicants, owners, holders) get an `entity_id`, an `applicant_type` (given, or",
        "  classified from the name) and GB/T 2260 province, city and district codes resolved from the",
        "  address (Guangdong first; development zones and former names included), or from the name",
        "  for CN rights whose address does not resolve. The kind's own `applicant_type`,",
        "  `province_code`, `city_code` and `district_code` repeat those of the first party;",
        "  `entity_ids` lists all parties.",
        "- **Entity ids**: `U:<USCC>` when a valid USCC is given, else `N:` + 16 hex digits of the SHA-1",
        "  of the normalised name with any branch suffix removed (full-width → half-width, traditional →",
        "  simplified, case folded, 有限责任公司 = 有限公司, `Co., Ltd.` = `Company Limited`), so branches",
        "  share their company's id.",
        "- **Text** has its whitespace collapsed; **lists** drop empty items; **enumerations** accept",
        "  their codes case-insensitively (`-` and spaces read as `_`) and the synonyms listed below.",
        "",
        "**Types** are the Arrow types of the lake columns: `string`, `date` (date32), `bool`, `int16`,",
        "`int32`, `int64`, `decimal(18,2)`, `timestamp[us]` (UTC), `list<…>`, and the structs",
        "[`party`](#party), [`family_member`](#family_member) and [`award`](#award). Columns marked †",
        "are computed by GDIP, not read from the input. Empty values are null (lists: empty lists;",
        "patents.`pct` and the trademark flags: false).",
        "",
        "ST.36 paths are relative to `bibliographic-data`, after the reader's name normalisation (no",
        "namespaces; CNIPA's `cn-` prefixes and PascalCase `business:` names mapped onto the ST.36",
        'names); "SDOBI" names the EPO INID element. USPTO paths are relative to',
        "`us-bibliographic-data-grant` (`…-application` in application files).",
    ]


def render_data_model() -> str:
    """docs/data-model.md: every lake column of every kind, the structs, enumerations, reason codes."""
    out = _data_model_intro()
    for kind, k in d.KINDS.items():
        xml = _has_xml(kind)
        out += [
            "",
            f"## {kind}",
            "",
            f"{k.label_zh} / {k.label_en}. Natural key: {' + '.join(f'`{f}`' for f in k.key_fields)}. "
            f"CLI: `gdip ingest {kind} FILE`.",
        ]
        if not xml:
            out.append("ST.36 and USPTO XML hold patents only; this kind comes from the interchange formats.")
        out += ["", *_columns_table(kind, list(k.columns), xml)]
    out += ["", "## Structs", ""]
    struct_notes = {
        "party": "One applicant, owner or holder (patents, trademarks, plant-varieties: `applicants`; "
        "copyrights: `owners`; gis, ic-layouts: `holders`).",
        "family_member": "One member of a patent's family (patents.`family`).",
        "award": "One award a patent received (patents.`awards`).",
    }
    for name, struct in STRUCTS.items():
        out += [
            f"### {name}",
            "",
            struct_notes[name],
            "",
            *_columns_table(name, _struct_columns(struct), _has_xml(name)),
            "",
        ]
    out += [
        "## System columns",
        "",
        "Every lake row carries these after the kind's columns; the lake fills them at commit.",
        "",
        *_columns_table("_system", list(d.SYSTEM_COLUMNS), False),
        "",
        "## Enumerations",
        "",
        "Codes are matched case-insensitively, with `-` and spaces read as `_`; the synonyms are",
        "matched as written or in that normalised form. Anything else is rejected (`enum_invalid`).",
    ]
    for name, allowed, synonyms, used_by in ENUMS:
        by_code = _synonyms_by_code(synonyms)
        labels = ENUM_LABELS[name]
        rows = [
            [f"`{code}`", labels[code][0], labels[code][1], ", ".join(by_code.get(code, [])) or "—"]
            for code in allowed
        ]
        out += [
            "",
            f"### {name}",
            "",
            f"Used by {used_by}.",
            "",
            *_table(["code", "中文", "English", "synonyms"], rows),
        ]
    record_rows = [[f"`{c}`", zh, en] for c, (zh, en) in REJECT_CODES.items() if c not in FILE_LEVEL_CODES]
    file_rows = [[f"`{c}`", zh, en] for c, (zh, en) in REJECT_CODES.items() if c in FILE_LEVEL_CODES]
    out += [
        "",
        "## Reject reason codes",
        "",
        "A record that cannot be loaded is written to the run's rejects file with one of these codes",
        "(format: [interchange.md](interchange.md#the-rejects-file)); the other records load. The",
        "`message_zh` and `message_en` of each reject give the details, quoting the offending value.",
        "",
        *_table(["code", "中文", "English"], record_rows),
        "",
        "These codes refuse the whole file instead: nothing loads and there is no rejects file;",
        '`gdip ingest --json` prints `{"error": code, "message_zh": …, "message_en": …}` and exits with 2.',
        "",
        *_table(["code", "中文", "English"], file_rows),
        "",
    ]
    return "\n".join(out)


# ---------------------------------------------------------------------------------- interchange


def _json_block(record: dict[str, Any], marker: str) -> list[str]:
    return [f"<!-- {marker} -->", "```json", json.dumps(record, ensure_ascii=False, indent=2), "```"]


def _sample_reject() -> str:
    raw = {
        "application_number": f"{_PATENT_DIGITS}.{(int(cn_check_digit(_PATENT_DIGITS)) + 1) % 10}",
        "title": "一种电池包热管理装置",
    }
    line = json.dumps(raw, ensure_ascii=False)
    try:
        rec.normalise("patents", raw, _DOC_TODAY)
    except RecordError as exc:
        row = {
            "position": 3,
            "code": exc.code,
            "field": exc.field,
            "message_zh": exc.message_zh,
            "message_en": exc.message_en,
            "record": line,
        }
        return orjson.dumps(row).decode("utf-8")
    raise AssertionError("the sample reject record was accepted")  # pragma: no cover


def _sample_report() -> str:
    report = IngestReport(
        kind="patents",
        source="patents-2024.jsonl",
        read=1000,
        loaded=997,
        rejected=3,
        inserted=990,
        updated=7,
        unchanged=0,
        rejects_file="/srv/gdip/rejects/patents-20260315T101500-4242-patents-2024.jsonl.rejects.jsonl",
        duration_s=0.8412,
        commit=12,
        reasons={"appno_check": 2, "date_order": 1},
    )
    return json.dumps(report.summary(), ensure_ascii=False)


def render_interchange() -> str:
    """docs/interchange.md: how to prepare an input file, an example per kind, ``gdip ingest``."""
    out = [
        "# Interchange formats: preparing files for `gdip ingest`",
        "",
        f"<!-- Generated from the code by `{REGENERATE}`; do not edit by hand. -->",
        "",
        "The data center loads eight kinds of records: " + ", ".join(f"`{k}`" for k in d.KINDS) + ".",
        "Each can be supplied in three interchange formats, all with the same keys: JSON Lines, CSV and",
        "Parquet. Patents can also be loaded from ST.36-based XML (`--format st36`) and USPTO grant XML",
        "(`--format uspto`). The keys are the column names of [data-model.md](data-model.md), which gives",
        "each field's meaning and accepted forms; columns marked † there are computed and need not be",
        "supplied. Keys that are not listed are ignored; an absent key, `null` and an empty string all",
        'mean "no value".',
        "",
        "## JSON Lines (`.jsonl`, `.ndjson`, `.json`)",
        "",
        "- UTF-8, one JSON object per line (the record may not be split over lines); blank lines are",
        "  skipped. Positions in the rejects file are line numbers.",
        "- Lists are JSON arrays; parties, family members and awards are objects (a party or an award",
        "  may also be a plain string: its name).",
        "- Dates are strings (`2021-06-30`, `2021/6/30`, `20210630`, `2021年6月30日`, or an ISO datetime).",
        "",
        "## CSV (`.csv`)",
        "",
        "- A header row whose names are the keys; one record per row. Positions are line numbers.",
        "- Encoding UTF-8 (with or without BOM) or GB18030, as saved by Chinese Excel; the encoding is",
        "  detected. An empty cell means no value; a row with more cells than the header is rejected",
        "  (`csv_columns`).",
        "- List cells (`ipc`, `inventors`, `goods`, `nice_classes`, `citations`, `authors`, `breeders`,",
        "  `flags`, `aliases`) hold the items separated by `;`, `；` or `|`: `H01M 4/525; H01M 10/0525`.",
        "- `applicants`, `owners`, `holders`, `family` and `awards` cells hold a JSON array (a cell that",
        '  starts with `[` or `{`): `[{"name": "…", "uscc": "…", "address": "…"}]`. Party cells',
        "  may instead list names separated by `;`. `family` and `awards` must be JSON.",
        "- Booleans: `true`/`false`, `1`/`0`, `yes`/`no`, `是`/`否`.",
        "",
        "## Parquet (`.parquet`, `.pq`)",
        "",
        "- One row per record; column names are the keys. Positions are row numbers from 1.",
        "- Nested types as in JSON: lists as `list<string>` (or `list<int>` for `nice_classes`), parties",
        "  as `list<struct<name, uscc, address, country, applicant_type>>`, family members as",
        "  `list<struct<office, number, granted: bool>>`, awards as `list<struct<name, year: int>>`.",
        "- Dates may be `date32` columns or strings; amounts decimal, number or string; booleans `bool`.",
        "",
        "## Values",
        "",
        "- **Application numbers**: CN numbers in any written form (`ZL202110921116.9`, `CN 2021 1",
        "  0921116.9`, full-width digits, with or without the dot) are checked and stored as",
        "  `202110921116.9`; the check digit must be right. Other offices: letters and digits.",
        "- **USCC**: 18 characters with a valid check character.",
        "- **Enumerations**: the codes or the Chinese/English synonyms in",
        "  [data-model.md](data-model.md#enumerations) (`发明`, `实用新型`, `有效`, `质押` …).",
        "- **Amounts** (legal events) in yuan: `1200000`, `1,200,000`, `120万`, `1.5亿`, `3000元`.",
        "- **Dates** may not lie in the future, except trademarks' `expiry_date` and legal events'",
        "  `term_start`/`term_end`; ordered dates (filing ≤ grant …) must be in order.",
        "",
        "## Record kinds",
        "",
        "Each kind lists its keys, the fields a record needs at least, a complete example and a minimal",
        "one. All examples load without rejects (the test suite ingests them). They are shown indented;",
        "in a JSON Lines file each record is one line.",
    ]
    for kind, k in d.KINDS.items():
        keys = [name for name, _ in k.columns if not FIELD_DOCS[kind][name].derived]
        out += [
            "",
            f"### {kind}",
            "",
            f"{k.label_zh} / {k.label_en}: [columns](data-model.md#{kind}).",
            "",
            "Keys: " + ", ".join(f"`{key}`" for key in keys) + ".",
        ]
        if kind in _ALIASES:
            out.append(_ALIASES[kind])
        out += [
            "",
            f"Required: {_REQUIRED_NOTES[kind]}",
            "",
            "Example:",
            "",
            *_json_block(EXAMPLES[kind], f"example: {kind}"),
            "",
            "Minimal:",
            "",
            *_json_block(MINIMAL[kind], f"minimal: {kind}"),
        ]
    out += [
        "",
        "## Loading: `gdip ingest`",
        "",
        "```sh",
        "gdip ingest KIND FILE [--format " + "|".join(FORMATS) + "] [--json]",
        "gdip ingest patents patents-2024.jsonl --json",
        "gdip ingest trademarks trademarks.csv",
        "gdip ingest patents cnipa-2024.xml --format st36",
        "```",
        "",
        "The format is taken from the file name (`.jsonl`/`.ndjson`/`.json`, `.csv`, `.parquet`/`.pq`,",
        "`.xml`: `uspto` when the name starts with `ipg` or `ipa`, else `st36`) unless `--format` says.",
        "Good records load in one atomic commit; bad ones go to the rejects file. With `--json` the",
        "command prints one object, and `read = loaded + rejected`, `loaded = inserted + updated +",
        "unchanged` (`unchanged`: already in the lake with the same content; `commit` is null when",
        "nothing changed; `reasons` counts the rejects by code):",
        "",
        "```json",
        _sample_report(),
        "```",
        "",
        "The exit status is 0 when the run completed, rejects or not. A file that cannot be ingested at",
        "all (unknown kind or format, unreadable, unsafe XML, disk full) loads nothing and exits with 2;",
        'with `--json` it prints `{"error": code, "message_zh": …, "message_en": …}`',
        "([codes](data-model.md#reject-reason-codes)).",
        "",
        "## The rejects file",
        "",
        "`$GDIP_HOME/rejects/<kind>-<YYYYmmddTHHMMSS>-<pid>-<file name>.rejects.jsonl`, written only when",
        "a record is rejected. One JSON object per rejected record:",
        "",
        "- `position`: where the record is in the input: line (JSONL, CSV), row (Parquet), document",
        "  ordinal (ST.36), line of the document's XML declaration (USPTO);",
        "- `code`: the [reason code](data-model.md#reject-reason-codes);",
        "- `field`: the offending key (`applicants[0].uscc`, `family[1].number` …), or null when the",
        "  record as a whole is unreadable;",
        "- `message_zh`, `message_en`: what is wrong, quoting the value;",
        "- `record`: the input as read: the line's text (JSONL), the row as an object (CSV, Parquet), an",
        "  excerpt of the document (XML), or null.",
        "",
        "```json",
        _sample_reject(),
        "```",
        "",
        "Fix the records, put them in a new file and ingest it: records that loaded before are",
        "unchanged and write nothing.",
        "",
    ]
    return "\n".join(out)


# ---------------------------------------------------------------------------------- writing


def write_docs(docs_dir: Path = DOCS_DIR) -> list[Path]:
    """Write data-model.md and interchange.md into ``docs_dir``; returns the paths written."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (("data-model.md", render_data_model()), ("interchange.md", render_interchange())):
        path = docs_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_docs(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS_DIR):
        print(f"wrote {written_path}")
