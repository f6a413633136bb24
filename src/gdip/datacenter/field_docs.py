"""Field-by-field documentation of the lake: meaning, interchange key, XML sources, reason codes.

``FIELD_DOCS`` maps each record kind (``domain.KINDS``), the struct types (``party``,
``family_member``, ``award``) and the system columns (``_system``) to one :class:`FieldDoc` per
column. ``docs_gen`` renders it into docs/data-model.md and docs/interchange.md, and
tests/unit/test_docs_gen.py checks that it covers exactly the columns of ``domain`` and every
reason code the code base can emit, so the documentation cannot drift from the code.

ST.36 paths are relative to ``bibliographic-data`` after the adapter's name normalisation
(namespaces dropped, CNIPA ``cn-`` prefixes and PascalCase ``business:`` names mapped onto the
ST.36 kebab-case names); "SDOBI" gives the EPO INID element. USPTO paths are relative to
``us-bibliographic-data-grant`` (``…-application`` for application files).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from gdip.datacenter import domain as d

__all__ = [
    "ENUM_LABELS",
    "FIELD_DOCS",
    "FILE_LEVEL_CODES",
    "REJECT_CODES",
    "STRUCTS",
    "FieldDoc",
    "documented_columns",
]

NONE = "—"


@dataclass(frozen=True, slots=True)
class FieldDoc:
    """One lake column: what it means and where each input format puts it."""

    meaning_en: str
    meaning_zh: str
    interchange: str  # JSONL/CSV/Parquet key and accepted forms, or how GDIP computes it
    st36: str = NONE  # source in ST.36-based XML
    uspto: str = NONE  # source in USPTO grant XML
    derived: bool = False  # computed by GDIP rather than read from the input


F = FieldDoc

# The struct types documented once each, by the name used in FIELD_DOCS and in rendered types.
STRUCTS: dict[str, pa.StructType] = {"party": d.PARTY, "family_member": d.FAMILY_MEMBER, "award": d.AWARD}


def documented_columns() -> dict[str, list[tuple[str, pa.DataType]]]:
    """Every documented table (kinds, structs, ``_system``) with its columns, from ``domain``."""
    out: dict[str, list[tuple[str, pa.DataType]]] = {name: list(k.columns) for name, k in d.KINDS.items()}
    for name, struct in STRUCTS.items():
        out[name] = [(struct.field(i).name, struct.field(i).type) for i in range(struct.num_fields)]
    out["_system"] = list(d.SYSTEM_COLUMNS)
    return out


# ------------------------------------------------------------------------------------ shared

_CN_NUMBER = (
    "`application_number` (required) — CN: any written form (ZL/CN prefix, spaces, full-width digits, "
    "with or without the dot), 12 digits + check digit since 2003-10-01 or 8 + check before; check "
    "digit verified; stored canonical `202110921116.9`. Other offices: 4–20 letters/digits, separators "
    "and a leading office code removed (`US 17/123,456` → `17123456`)"
)
_REG_NUMBER = "upper-cased, whitespace removed; letters, digits and `-./` only, at most 40 characters"


def _office(st36: str = NONE, uspto: str = NONE) -> FieldDoc:
    return F(
        "Office (authority) that received the filing, two-letter code; part of the natural key",
        "受理局（登记机关）两位字母代码，自然键的一部分",
        "`office` — two letters, upper-cased; default `CN` when absent",
        st36,
        uspto,
    )


def _date(en: str, zh: str, key: str, st36: str = NONE, uspto: str = NONE, future: bool = False) -> FieldDoc:
    rule = "may lie in the future (until 2100)" if future else "not after today"
    return F(
        en,
        zh,
        f"`{key}` — date: 2021-06-30, 2021/6/30, 20210630, 2021年6月30日 or ISO datetime; {rule}",
        st36,
        uspto,
    )


def _text(
    en: str, zh: str, key: str, limit: int, st36: str = NONE, uspto: str = NONE, required: bool = False
) -> FieldDoc:
    req = " (required)" if required else ""
    return F(en, zh, f"`{key}`{req} — text, whitespace collapsed, at most {limit:,} characters", st36, uspto)


def _list(en: str, zh: str, key: str, st36: str = NONE, uspto: str = NONE) -> FieldDoc:
    return F(en, zh, f"`{key}` — list of strings (CSV: `;` or `|`-separated)", st36, uspto)


def _bool(en: str, zh: str, key: str) -> FieldDoc:
    return F(en, zh, f"`{key}` — boolean: true/false, 1/0, yes/no, 是/否; empty = false")


def _status(default: str) -> FieldDoc:
    return F(
        "Legal status of the right (enumeration `status`)",
        "权利法律状态（枚举 status）",
        f"`status` — a status code or synonym (有效, 审中, 失效, granted …); when absent: {default}",
    )


def _parties(key: str, en: str, zh: str, st36: str = NONE, uspto: str = NONE, aliases: str = "") -> FieldDoc:
    alias = f" (`{aliases}` is accepted instead)" if aliases else ""
    return F(
        en,
        zh,
        f"`{key}`{alias} — list of party objects (see party) or plain names; CSV: a JSON array, or "
        "`;`-separated names",
        st36,
        uspto,
    )


def _location(parties: str, fallback: str = "") -> dict[str, FieldDoc]:
    """The LOCATION columns, flattened from the first party of ``parties``."""
    src = f"`{parties}[0]`"
    extra = f"; {fallback}" if fallback else ""
    computed = f"— computed: `{parties}[0]"
    return {
        "applicant_type": F(
            "Type of the first party (enumeration `applicant_type`), for grouping",
            "第一当事人的类型（枚举 applicant_type），便于分组统计",
            f"{computed}.applicant_type`",
            f"from {src}",
            f"from {src}",
            derived=True,
        ),
        "province_code": F(
            "GB/T 2260 province code of the first party (e.g. 440000)",
            "第一当事人所在省级行政区划代码（GB/T 2260，如 440000）",
            f"{computed}.province_code`{extra}",
            f"from {src}",
            f"from {src}",
            derived=True,
        ),
        "city_code": F(
            "GB/T 2260 city code of the first party (e.g. 440300 Shenzhen)",
            "第一当事人所在地级市代码（如 440300 深圳）",
            f"{computed}.city_code`{extra}",
            f"from {src}",
            f"from {src}",
            derived=True,
        ),
        "district_code": F(
            "GB/T 2260 county/district code of the first party (none for 东莞, 中山)",
            "第一当事人所在县级行政区划代码（东莞、中山无区县级）",
            f"{computed}.district_code`{extra}",
            f"from {src}",
            f"from {src}",
            derived=True,
        ),
        "entity_ids": F(
            "Entity ids of all parties, in order",
            "全部当事人的主体标识，按顺序",
            f"— computed: `{parties}[*].entity_id`",
            f"from `{parties}`",
            f"from `{parties}`",
            derived=True,
        ),
    }


def _no_xml_location(parties: str, fallback: str = "") -> dict[str, FieldDoc]:
    return {
        name: F(doc.meaning_en, doc.meaning_zh, doc.interchange, derived=True)
        for name, doc in _location(parties, fallback).items()
    }


# ------------------------------------------------------------------------------------ kinds

PATENTS: dict[str, FieldDoc] = {
    "office": _office(
        "`application-reference/document-id/country`, else the publication's country or `@country`; "
        "SDOBI B190",
        "`publication-reference/document-id/country`, else the application's",
    ),
    "application_number": F(
        "Application number; with office the natural key",
        "申请号；与受理局共同构成自然键",
        _CN_NUMBER,
        '`application-reference/document-id/doc-number` (the `data-format="standard"` reference '
        "preferred; a `CN` prefix dropped); SDOBI B210",
        "`application-reference/document-id/doc-number`",
    ),
    "kind": F(
        "Patent type (enumeration `kind`)",
        "专利类型：发明、实用新型、外观设计",
        "`kind` — invention/utility/design or a synonym (发明, 实用新型, 外观设计, utility_model …). "
        "CN: taken "
        "from the number's type digit; a contradicting value is rejected (`kind_mismatch`). "
        "Required for other offices",
        "`application-reference/@appl-type`, else the CN type digit, else the publication kind letter "
        "(A/B/C invention, U/Y utility, S design); EP and WO: invention",
        "`application-reference/@appl-type`: utility and reissue → invention, design → design "
        "(plant patents are rejected)",
    ),
    "pct": F(
        "Filed through the PCT (national phase)",
        "是否经 PCT 途径进入国家阶段",
        "`pct` — boolean (true/false, 1/0, 是/否); CN: also true when the type digit is 8 or 9",
        "CN type digit 8/9, or `pct-or-regional-filing-data` present, or office WO",
        "`pct-or-regional-filing-data` present",
    ),
    "title": _text(
        "Title of the invention",
        "发明名称",
        "title",
        2000,
        "`invention-title` (designs: `design-title`) in the document language (`@lang`), else the first; "
        "SDOBI B542",
        "`invention-title`",
    ),
    "abstract": _text(
        "Abstract",
        "摘要",
        "abstract",
        20_000,
        "`abstract//p` in the document language, paragraphs joined by a space",
        "`abstract//p` (under the document root), paragraphs joined by a space",
    ),
    "filing_date": _date(
        "Filing (application) date",
        "申请日",
        "filing_date",
        "`application-reference/document-id/date`; SDOBI B220",
        "`application-reference/document-id/date`",
    ),
    "publication_date": _date(
        "Date of the publication the record was read from (A or B)",
        "公开（公告）日",
        "publication_date",
        "`publication-reference/document-id/date` or `@date-publ`; SDOBI B140",
        "`publication-reference/document-id/date`",
    ),
    "publication_number": _text(
        "Publication number with kind code, e.g. CN114725350A",
        "公开（公告）号，含文献种类代码",
        "publication_number",
        40,
        "country + `doc-number` + `kind` of `publication-reference` (or document attributes); "
        "SDOBI B110+B130",
        "country + `doc-number` + `kind` of `publication-reference`",
    ),
    "grant_date": _date(
        "Grant date; empty while pending",
        "授权公告日；未授权为空",
        "grant_date",
        "the publication date when the kind letter is a grant (CN: B C U Y S D; others: B C U Y S); "
        "SDOBI B450",
        "the publication date of a `us-patent-grant` document",
    ),
    "grant_number": _text(
        "Grant publication number",
        "授权公告号",
        "grant_number",
        40,
        "the publication number when the publication is a grant",
        "the publication number of a `us-patent-grant` document",
    ),
    "status": F(
        "Legal status (enumeration `status`)",
        "法律状态（枚举 status）",
        "`status` — a code or synonym (有效, 审中, 失效, 届满, granted …); when absent derived from kind and "
        "dates; `valid` without a grant date is rejected for CN (`status_inconsistent`)",
        "— (derived)",
        "— (derived)",
    ),
    "ipc": F(
        "IPC symbols in WIPO display form, main symbol first, no repeats",
        "IPC 分类号（WIPO 显示格式），主分类号在前，去重",
        "`ipc` — list (CSV: `;`-separated) in any common spelling: `H01M10/0525`, `H01M 10/0525 (2006.01)`, "
        "official 14-character form; stored as `H01M 10/0525`",
        "`classification-ipcr` (section, class, subclass, main-group, subgroup, or `text`), the one with "
        "`symbol-position` F first; older `classification-ipc/main-classification` and "
        "`further-classification`; SDOBI B510",
        "`classification-ipcr`, `symbol-position` F first",
    ),
    "ipc_main": F(
        "Main IPC symbol",
        "主分类号",
        "— computed: the first `ipc` symbol",
        "`classification-ipcr` with `symbol-position` F (via `ipc`)",
        "`classification-ipcr` with `symbol-position` F (via `ipc`)",
        derived=True,
    ),
    "applicants": _parties(
        "applicants",
        "Applicants (after grant: patentees)",
        "申请人（授权后为专利权人）",
        "every `applicant` (`parties/applicants/applicant`), else `assignee`; SDOBI B711, else B731",
        "`assignees/assignee` when any, else `us-parties/us-applicants/us-applicant` (older DTDs: "
        "`parties/applicants/applicant`)",
    ),
    "inventors": _list(
        "Inventor names",
        "发明人（设计人）姓名",
        "inventors",
        "every `inventor`: `orgname`, else `last-name` + `first-name`, else `name`; SDOBI B721/snm",
        "`us-parties/inventors/inventor` (older: `parties/inventors/inventor`, or applicants with "
        '`app-type="applicant-inventor"`)',
    ),
    "claims_count": F(
        "Number of claims",
        "权利要求项数",
        "`claims_count` — whole number 0–5000",
        "count of `claims/claim` in the document language, else `number-of-claims`",
        "count of `claims/claim`, else `number-of-claims`",
    ),
    "family": F(
        "Other members of the patent family (see family_member)",
        "同族专利（见 family_member）",
        "`family` — list of `{office, number, granted}` objects; CSV: a JSON array",
        "parent documents of `related-documents/*` (not `related-publication`) and foreign "
        "`priority-claims/priority-claim`s; SDOBI B310/B330",
        "parent documents of `us-related-documents` (continuations, divisions …, provisionals) and "
        "foreign priority claims",
    ),
    "awards": F(
        "Patent awards received (see award)",
        "获得的专利奖项（见 award）",
        "`awards` — list of `{name, year}` objects or award names; CSV: a JSON array",
    ),
    "citations": F(
        "Cited patent documents (country + number, e.g. US5923073)",
        "引用的专利文献（国别 + 号码）",
        "`citations` — list of strings (CSV: `;`-separated), at most 5,000",
        "`citation`/`us-citation` patent citations: country + `doc-number`, or `patcit/text` without "
        "spaces; SDOBI B561",
        "`us-references-cited/us-citation/patcit` (older: `references-cited/citation/patcit`)",
    ),
    "priority_date": _date(
        "Earliest priority date",
        "最早优先权日",
        "priority_date",
        "earliest `priority-claim/date`; SDOBI B320",
        "earliest foreign `priority-claim/date` or `us-provisional-application` filing date",
    ),
    "agency": _text(
        "Patent agency that filed it",
        "专利代理机构",
        "agency",
        300,
        "first `agent`/`agency`: `agency//orgname`, else its name; SDOBI B741/snm",
        "first `us-parties/agents/agent` (older: `parties/agents/agent`): its `orgname`",
    ),
    **_location("applicants"),
}

TRADEMARKS: dict[str, FieldDoc] = {
    "office": _office(),
    "application_number": F(
        "Trademark application number; with office the natural key",
        "商标申请号；与受理局共同构成自然键",
        f"`application_number` (required) — {_REG_NUMBER}",
    ),
    "registration_number": _text("Registration number", "注册号", "registration_number", 40),
    "mark_text": _text("Word element of the mark", "商标文字", "mark_text", 500),
    "mark_type": F(
        "Mark type (enumeration `mark_type`)",
        "商标类型（枚举 mark_type）",
        "`mark_type` — a code or synonym (文字, 图形, 组合, 立体, 颜色, 声音, color)",
    ),
    "nice_classes": F(
        "Nice classes (1–45), no repeats",
        "尼斯分类类别（1–45），去重",
        "`nice_classes` — list of whole numbers 1–45 (CSV: `;`-separated)",
    ),
    "goods": _list("Designated goods and services", "核定使用商品/服务", "goods"),
    "applicants": _parties(
        "applicants", "Applicants, after registration the registrants", "申请人（注册后为注册人）"
    ),
    "filing_date": _date("Filing date", "申请日", "filing_date"),
    "registration_date": _date(
        "Registration date; not before the filing date", "注册公告日；不早于申请日", "registration_date"
    ),
    "expiry_date": _date(
        "End of the current 10-year term; not before registration",
        "专用权期限届满日；不早于注册日",
        "expiry_date",
        future=True,
    ),
    "status": _status(
        "`pending` without a registration date, `expired` when the expiry date has passed, else `valid`"
    ),
    "madrid": _bool("Madrid (international) registration", "是否马德里国际注册", "madrid"),
    "collective": _bool("Collective mark", "是否集体商标", "collective"),
    "certification": _bool("Certification mark", "是否证明商标", "certification"),
    "well_known": _bool("Recognised as a well-known mark", "是否认定为驰名商标", "well_known"),
    "geographic_indication": _bool(
        "Registered as a geographical-indication mark", "是否地理标志商标", "geographic_indication"
    ),
    "agency": _text("Trademark agency", "商标代理机构", "agency", 300),
    **_no_xml_location("applicants"),
}

COPYRIGHTS: dict[str, FieldDoc] = {
    "office": _office(),
    "registration_number": F(
        "Registration number, e.g. 2023SR0456789; with office the natural key",
        "登记号（如 2023SR0456789）；与登记机关共同构成自然键",
        f"`registration_number` (required) — {_REG_NUMBER}",
    ),
    "work_type": F(
        "Registration type (enumeration `work_type`)",
        "登记类型：作品或计算机软件",
        "`work_type` — `work`/`software` or 作品, 软件, 计算机软件",
    ),
    "category": _text("Category of the work (文字, 美术, 应用软件 …)", "作品类别", "category", 100),
    "title": _text("Title of the work or software", "作品或软件名称", "title", 2000, required=True),
    "owners": _parties("owners", "Copyright owners", "著作权人", aliases="applicants"),
    "authors": _list("Authors", "作者", "authors"),
    "completion_date": _date("Date the work was completed", "创作完成日期", "completion_date"),
    "first_publication_date": _date(
        "First publication date; not before completion",
        "首次发表日期；不早于完成日期",
        "first_publication_date",
    ),
    "registration_date": _date(
        "Registration date; not before completion", "登记日期；不早于完成日期", "registration_date"
    ),
    "status": _status("`valid`"),
    **_no_xml_location("owners"),
}

GIS: dict[str, FieldDoc] = {
    "office": _office(),
    "gi_number": F(
        "GI registration or announcement number; with office the natural key",
        "地理标志登记（公告）编号；与登记机关共同构成自然键",
        f"`gi_number` (required) — {_REG_NUMBER}",
    ),
    "name": _text(
        "Name of the protected product, e.g. 新会陈皮", "地理标志产品名称", "name", 200, required=True
    ),
    "product_category": _text("Product category", "产品类别", "product_category", 100),
    "protection_type": F(
        "Route of protection (enumeration `protection_type`)",
        "保护途径（枚举 protection_type）",
        "`protection_type` — a code or synonym (地理标志产品, 集体商标, 证明商标, 农产品地理标志)",
    ),
    "region_text": _text("Protected production area as written", "保护范围（产地）原文", "region_text", 2000),
    "holders": _parties(
        "holders",
        "Applicants or holders (association, government body)",
        "申请人或持有人（协会、政府部门等）",
        aliases="applicants",
    ),
    "approval_date": _date("Approval (announcement) date", "批准（公告）日期", "approval_date"),
    "standard": _text("Product standard, e.g. DB44/T 604-2009", "产品标准", "standard", 200),
    "status": _status("`valid`"),
    **_no_xml_location("holders", "without holders: resolved from `region_text`"),
}

PLANT_VARIETIES: dict[str, FieldDoc] = {
    "office": _office(),
    "application_number": F(
        "Variety-right application number; with office the natural key",
        "品种权申请号；与受理机关共同构成自然键",
        f"`application_number` (required) — {_REG_NUMBER}",
    ),
    "variety_name": _text("Denomination of the variety", "品种名称", "variety_name", 200, required=True),
    "species": _text("Genus or species (水稻, 玉米 …)", "属或种", "species", 200),
    "sector": F(
        "Sector (enumeration `sector`)",
        "所属领域：农业或林业",
        "`sector` — `agricultural`/`forestry` or 农业, 林业",
    ),
    "applicants": _parties("applicants", "Applicants, after grant the holders", "申请人（授权后为品种权人）"),
    "breeders": _list("Breeders", "培育人", "breeders"),
    "filing_date": _date("Filing date", "申请日", "filing_date"),
    "grant_date": _date("Grant date; not before filing", "授权日；不早于申请日", "grant_date"),
    "grant_number": _text("Grant (certificate) number", "品种权号", "grant_number", 40),
    "status": _status("`valid` with a grant date, else `pending`"),
    **_no_xml_location("applicants"),
}

IC_LAYOUTS: dict[str, FieldDoc] = {
    "office": _office(),
    "registration_number": F(
        "Registration number, e.g. BS.225512345; with office the natural key",
        "布图设计登记号；与登记机关共同构成自然键",
        f"`registration_number` (required) — {_REG_NUMBER}",
    ),
    "design_name": _text("Name of the layout design", "布图设计名称", "design_name", 500, required=True),
    "holders": _parties("holders", "Right holders", "布图设计权利人", aliases="applicants"),
    "creation_date": _date("Date the design was created", "创作完成日", "creation_date"),
    "filing_date": _date("Filing date; not before creation", "申请日；不早于创作完成日", "filing_date"),
    "first_commercial_use_date": _date(
        "First commercial exploitation", "首次商业利用日", "first_commercial_use_date"
    ),
    "registration_date": _date(
        "Registration (announcement) date; not before filing", "登记公告日；不早于申请日", "registration_date"
    ),
    "status": _status("`valid`"),
    **_no_xml_location("holders"),
}

LEGAL_EVENTS: dict[str, FieldDoc] = {
    "office": _office(),
    "application_number": F(
        "Number of the right the event concerns; first part of the natural key",
        "事件所涉权利的申请号（登记号）；自然键的一部分",
        "`application_number` (required) — for patents the rules of patents.application_number "
        f"(canonical `202110921116.9`); for other rights {_REG_NUMBER}",
    ),
    "right_kind": F(
        "Kind of right (enumeration `right_kind`)",
        "权利类型（枚举 right_kind）",
        "`right_kind` — a code or synonym (专利, 商标, 著作权, 植物新品种 …); default `patent`",
    ),
    "event_type": F(
        "What happened (enumeration `event_type`); part of the natural key",
        "法律事件类型；自然键的一部分",
        "`event_type` (required) — a code or synonym (质押, 许可, 转让, 年费, 无效宣告 …)",
    ),
    "event_date": F(
        "Date of the event (announcement); part of the natural key",
        "事件（公告）日期；自然键的一部分",
        "`event_date` (required) — date: 2021-06-30, 2021/6/30, 20210630, 2021年6月30日 or ISO datetime; "
        "not after today",
    ),
    "event_id": F(
        "The source's id of the event; last part of the natural key",
        "来源系统的事件编号；自然键的最后一部分",
        "`event_id` — text, at most 64 characters; when absent the first 16 hex digits of the SHA-1 of the "
        "event's details (type, date, parties, amount, pledgee, registration number, licence type, outcome), "
        "so re-ingesting finds the same key",
    ),
    "from_party": _text(
        "Party giving: assignor, licensor, pledgor", "转出方：转让人、许可人、出质人", "from_party", 500
    ),
    "to_party": _text("Party receiving: assignee, licensee", "受让方：受让人、被许可人", "to_party", 500),
    "amount": F(
        "Amount in yuan (pledge value, licence fee, transfer price)",
        "金额（元）：质押金额、许可费、转让价",
        "`amount` — number or text: `1,200,000`, `120万`, `1.5亿`, `3000元`; rounded to 0.01, "
        "0 ≤ amount < 10¹⁶",
    ),
    "currency": F(
        "Currency of the amount; CNY when an amount is given without one",
        "币种；有金额未注明时为 CNY",
        "`currency` — text, e.g. CNY, USD",
    ),
    "pledgee": _text("Pledgee (the lending bank)", "质权人（贷款银行）", "pledgee", 500),
    "registration_number": _text(
        "Registration number of the pledge or licence contract",
        "质押或许可合同登记号",
        "registration_number",
        64,
    ),
    "term_start": _date(
        "Start of the pledge or licence term", "质押或许可期限起始日", "term_start", future=True
    ),
    "term_end": _date(
        "End of the term; not before its start", "期限届满日；不早于起始日", "term_end", future=True
    ),
    "licence_type": _text(
        "Licence type: exclusive, sole, ordinary or open",
        "许可类型：独占、排他、普通、开放",
        "licence_type",
        40,
    ),
    "outcome": _text("Outcome (of an invalidation or litigation)", "结果（无效宣告、诉讼）", "outcome", 200),
    "description": _text("Free-text details", "事件说明", "description", 5000),
    "city_code": F(
        "City code of the right holder; reserved",
        "权利人所在地级市代码；预留",
        "— not read: ingest leaves it empty (the synthetic data set fills it)",
        derived=True,
    ),
}
ENTITIES: dict[str, FieldDoc] = {
    "entity_id": F(
        "Stable entity id, the natural key: `U:<USCC>`, else `N:` + 16 hex digits of the SHA-1 of the "
        "normalised parent name",
        "稳定主体标识（自然键）：有统一社会信用代码时为 U:<代码>，"
        "否则为 N: + 规范化总公司名称的 SHA-1 前 16 位",
        "— computed from `name` and `uscc` (an `entity_id` key in the input is ignored)",
        derived=True,
    ),
    "name": _text("Registered name", "登记名称", "name", 500, required=True),
    "name_en": _text("English name", "英文名称", "name_en", 500),
    "uscc": F(
        "Unified social credit code (GB 32100-2015)",
        "统一社会信用代码（GB 32100-2015）",
        "`uscc` — 18 characters, check character verified; full-width and lower case accepted, "
        "stored upper-case",
    ),
    "entity_type": F(
        "Type of entity (enumeration `applicant_type`)",
        "主体类型（枚举 applicant_type）",
        "`entity_type` (or `type`) — a code or synonym (企业, 高校, 科研单位 …); "
        "when absent classified from the name",
    ),
    "address": _text("Registered address", "注册地址", "address", 1000),
    "province_code": F(
        "GB/T 2260 province code",
        "省级行政区划代码",
        "— computed from `address`, else from `name`",
        derived=True,
    ),
    "city_code": F(
        "GB/T 2260 city code", "地级市代码", "— computed from `address`, else from `name`", derived=True
    ),
    "district_code": F(
        "GB/T 2260 county/district code",
        "县级行政区划代码",
        "— computed from `address`, else from `name`",
        derived=True,
    ),
    "flags": F(
        "Recognitions (enumeration `flags`), no repeats",
        "资质认定标志（枚举 flags），去重",
        "`flags` — list of flag codes (CSV: `;`-separated)",
    ),
    "aliases": _list("Former and other names", "曾用名及其他名称", "aliases"),
    "established_date": _date("Date of establishment", "成立日期", "established_date"),
    "employees": F("Number of employees", "员工人数", "`employees` — whole number 0–10,000,000"),
}

# ------------------------------------------------------------------------------------ structs

PARTY: dict[str, FieldDoc] = {
    "name": F(
        "Name as written (whitespace collapsed)",
        "名称或姓名（原文，空白已规整）",
        '`name` (required) — text, at most 500 characters; a plain string stands for `{"name": …}`',
        "`addressbook/orgname`, else `last-name` + `first-name` (Chinese without a space), else `name`; "
        "SDOBI `snm`",
        "same as ST.36",
    ),
    "entity_id": F(
        "Stable entity id: `U:<USCC>`, else `N:` + SHA-1 of the normalised parent name (branches share it)",
        "稳定主体标识：U:<统一社会信用代码>，否则 N: + 规范化总公司名称的 SHA-1（分支机构共用）",
        "— computed from `name` and `uscc`",
        "computed",
        "computed",
        derived=True,
    ),
    "address": F(
        "Address as written",
        "地址原文",
        "`address` — text, at most 1,000 characters",
        "`addressbook/address/text`, else its parts joined (Chinese: province → street, no separators); "
        "SDOBI `adr`",
        "`addressbook/address` parts joined (city, state, country)",
    ),
    "country": F(
        "Country code (ISO 3166 two letters); CN when a Chinese region was resolved",
        "国别代码；解析出中国行政区划时为 CN",
        "`country` — text, upper-cased",
        "`address/country`, else `residence/country` or `nationality/country`; SDOBI `adr/ctry`",
        "same as ST.36",
    ),
    "uscc": F(
        "Unified social credit code (GB 32100-2015)",
        "统一社会信用代码",
        "`uscc` — 18 characters, check character verified; stored upper-case",
        "— (not in the XML)",
        "— (not in the XML)",
    ),
    "applicant_type": F(
        "Applicant type (enumeration `applicant_type`)",
        "申请人类型（枚举 applicant_type）",
        "`applicant_type` (or `type`) — a code or synonym (企业, 大专院校, 科研单位, 个人, 机关团体); "
        "when absent classified from the name",
        "classified from the name",
        "classified from the name",
    ),
    "province_code": F(
        "GB/T 2260 province code",
        "省级行政区划代码",
        "— computed from `address`; for CN rights without a resolvable address, from the name",
        "computed",
        "computed",
        derived=True,
    ),
    "city_code": F(
        "GB/T 2260 city code (none for municipalities)",
        "地级市代码（直辖市为空）",
        "— computed from `address`; for CN rights without a resolvable address, from the name",
        "computed",
        "computed",
        derived=True,
    ),
    "district_code": F(
        "GB/T 2260 county/district code",
        "县级行政区划代码",
        "— computed from `address`; for CN rights without a resolvable address, from the name",
        "computed",
        "computed",
        derived=True,
    ),
}

FAMILY_MEMBER: dict[str, FieldDoc] = {
    "office": F(
        "Office of the family member",
        "同族成员的受理局",
        "`office` (required) — text, upper-cased",
        "`document-id/country` of the related parent document or priority claim",
        "`document-id/country` of the related document or priority claim",
    ),
    "number": F(
        "Application number of the member as written",
        "同族成员申请号（原文）",
        "`number` (required) — text",
        "`document-id/doc-number`",
        "`document-id/doc-number`",
    ),
    "granted": F(
        "Whether the member is granted; empty when unknown",
        "该成员是否已授权；未知为空",
        "`granted` — boolean",
        "`parent-status` PATENTED/GRANTED → true, ABANDONED/PENDING → false; "
        "a `parent-grant-document` → true",
        "as ST.36",
    ),
}

AWARD: dict[str, FieldDoc] = {
    "name": F(
        "Award name, e.g. 中国专利金奖",
        "奖项名称（如中国专利金奖）",
        '`name` (required) — text; a plain string stands for `{"name": …}`',
    ),
    "year": F("Year awarded", "获奖年份", "`year` — whole number from 1985 to the current year"),
}

SYSTEM: dict[str, FieldDoc] = {
    "_key": F(
        "Natural key as one string: the key fields joined by `:`, e.g. `CN:202110921116.9`",
        "自然键字符串：键字段以冒号连接，如 CN:202110921116.9",
        "— computed at commit",
        derived=True,
    ),
    "_hash": F(
        "MD5 of the normalised columns as JSON: an unchanged record writes no new version",
        "规范化字段的 MD5 内容摘要：内容未变则不写新版本",
        "— computed at commit",
        derived=True,
    ),
    "_source": F(
        "Name of the input file the version came from",
        "该版本来源的输入文件名",
        "— set at commit",
        derived=True,
    ),
    "_commit": F(
        "Sequence number of the lake commit that wrote this version",
        "写入该版本的数据湖提交序号",
        "— set at commit",
        derived=True,
    ),
    "_committed_at": F(
        'Commit time (UTC, transaction time) used for "as of" queries',
        "提交时间（UTC 事务时间），用于“截至某时”查询",
        "— set at commit",
        derived=True,
    ),
}

FIELD_DOCS: dict[str, dict[str, FieldDoc]] = {
    "patents": PATENTS,
    "trademarks": TRADEMARKS,
    "copyrights": COPYRIGHTS,
    "gis": GIS,
    "plant-varieties": PLANT_VARIETIES,
    "ic-layouts": IC_LAYOUTS,
    "legal-events": LEGAL_EVENTS,
    "entities": ENTITIES,
    "party": PARTY,
    "family_member": FAMILY_MEMBER,
    "award": AWARD,
    "_system": SYSTEM,
}

# ------------------------------------------------------------------------------------ enumerations

# Meaning of each enumeration code: enumeration name → code → (zh, en).
ENUM_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "status": {
        "pending": ("审查中（未授权/未注册）", "under examination, not yet granted or registered"),
        "valid": ("有效", "in force"),
        "lapsed": ("失效（未缴年费、终止、注销）", "lapsed: fees unpaid, terminated or cancelled"),
        "expired": ("期限届满", "term expired"),
        "invalidated": ("被宣告无效", "declared invalid"),
        "withdrawn": ("撤回或视为撤回", "withdrawn or deemed withdrawn"),
        "rejected": ("驳回", "rejected"),
    },
    "kind": {
        "invention": ("发明专利", "invention patent"),
        "utility": ("实用新型专利", "utility model"),
        "design": ("外观设计专利", "design patent"),
    },
    "applicant_type": {
        "enterprise": ("企业", "enterprise"),
        "university": ("高等院校", "university or college"),
        "institute": ("科研院所、医院等事业单位", "research institute, hospital or similar public body"),
        "individual": ("个人", "individual"),
        "government": ("机关团体", "government body"),
        "other": ("其他（协会、基金会等）", "other (associations, foundations …)"),
    },
    "mark_type": {
        "word": ("文字商标", "word mark"),
        "figurative": ("图形商标", "figurative mark"),
        "combined": ("组合商标", "combined mark"),
        "3d": ("立体商标", "three-dimensional mark"),
        "colour": ("颜色组合商标", "colour mark"),
        "sound": ("声音商标", "sound mark"),
        "other": ("其他", "other"),
    },
    "work_type": {
        "work": ("作品著作权登记", "registration of a work"),
        "software": ("计算机软件著作权登记", "software copyright registration"),
    },
    "protection_type": {
        "gi_product": ("地理标志保护产品", "protected GI product"),
        "collective_mark": ("地理标志集体商标", "GI collective mark"),
        "certification_mark": ("地理标志证明商标", "GI certification mark"),
        "agri_gi": ("农产品地理标志", "agricultural-product GI"),
    },
    "sector": {
        "agricultural": ("农业植物新品种", "agricultural variety"),
        "forestry": ("林业植物新品种", "forestry variety"),
    },
    "right_kind": {
        "patent": ("专利", "patent"),
        "trademark": ("商标", "trademark"),
        "copyright": ("著作权", "copyright"),
        "gi": ("地理标志", "geographical indication"),
        "plant_variety": ("植物新品种权", "plant-variety right"),
        "ic_layout": ("集成电路布图设计", "IC layout design"),
    },
    "event_type": {
        "grant": ("授权", "grant"),
        "fee_payment": ("缴纳年费", "annual fee paid"),
        "lapse": ("权利终止", "lapse"),
        "restoration": ("权利恢复", "restoration"),
        "transfer": ("转让（权利转移）", "transfer of ownership"),
        "licence": ("实施许可", "licence"),
        "open_licence": ("开放许可", "open licence"),
        "pledge": ("质押登记", "pledge registered"),
        "pledge_release": ("质押注销", "pledge released"),
        "invalidation_request": ("无效宣告请求", "invalidation requested"),
        "invalidation_decision": ("无效宣告决定", "invalidation decision"),
        "litigation": ("诉讼", "litigation"),
        "withdrawal": ("撤回", "withdrawal"),
        "rejection": ("驳回", "rejection"),
        "expiry": ("期限届满", "expiry"),
        "renewal": ("续展", "renewal"),
        "award": ("获奖", "award"),
    },
    "flags": {
        "high_tech": ("高新技术企业", "high-tech enterprise"),
        "specialised_sme": ("专精特新中小企业", "specialised and sophisticated SME"),
        "ip_demonstration": ("知识产权示范企业", "national IP demonstration enterprise"),
        "ip_advantage": ("知识产权优势企业", "national IP advantage enterprise"),
        "listed": ("上市公司", "listed company"),
    },
}

# ------------------------------------------------------------------------------------ reason codes

# Codes that refuse a whole file: the run stops, nothing loads, no rejects file is written;
# `gdip ingest --json` prints {"error": code, "message_zh", "message_en"} and exits with 2.
FILE_LEVEL_CODES = frozenset(
    {"kind_unknown", "format_unknown", "format_kind", "source_unreadable", "disk_full"}
)

REJECT_CODES: dict[str, tuple[str, str]] = {
    # input that could not be read as a record
    "record_not_object": ("该行不是 JSON 对象", "the line is JSON but not an object"),
    "json_syntax": (
        "JSON 语法错误（JSONL 行，或 CSV 中当事人/同族/奖项单元格）",
        "invalid JSON (a JSONL line, or a party/family/award cell of a CSV file)",
    ),
    "csv_columns": ("CSV 行的单元格多于表头列数", "a CSV line has more cells than the header"),
    "csv_syntax": (
        "CSV 格式错误（如引号未闭合），其后各行无法读取",
        "CSV syntax error (e.g. an unclosed quote); the lines after it cannot be read",
    ),
    "xml_syntax": (
        "XML 语法错误；ST.36 文件中其后的文献无法读取",
        "XML syntax error; in an ST.36 file the documents after it cannot be read",
    ),
    "xml_extract_failed": ("无法从文献中提取字段", "the fields of a document could not be extracted"),
    "xml_too_large": ("USPTO 文献超过 256 MB，已跳过", "a USPTO document larger than 256 MB, skipped"),
    "xml_unknown_document": (
        "USPTO 文件中的文献不是专利文献",
        "a document in a USPTO file is not a patent document",
    ),
    "xml_entity_declared": (
        "XML 声明了实体（实体膨胀攻击风险）；单文献文件整体拒绝",
        "the XML declares entities (expansion attack); a single-document file is refused whole",
    ),
    "xml_external_entity": (
        "XML 声明或引用外部实体；单文献文件整体拒绝",
        "the XML declares or uses an external entity; a single-document file is refused whole",
    ),
    "xml_undefined_entity": (
        "XML 引用了未定义的实体；单文献文件整体拒绝",
        "the XML uses an undefined entity; a single-document file is refused whole",
    ),
    # field values
    "field_missing": ("缺少必填字段", "a required field is missing"),
    "type_invalid": (
        "字段类型错误（如应为文本却是对象，应为列表却是数值）",
        "a field has the wrong type (an object where text belongs, a number where a list belongs)",
    ),
    "text_too_long": ("文本超过字段长度上限", "text longer than the field allows"),
    "list_too_long": ("列表项数超过上限", "a list with more items than allowed"),
    "enum_invalid": (
        "取值不是允许的代码或同义词",
        "a value that is neither an allowed code nor a known synonym",
    ),
    "bool_invalid": ("应为是/否", "not a yes/no value"),
    "int_invalid": ("应为整数", "not a whole number"),
    "int_range": ("整数超出允许范围", "a whole number out of the allowed range"),
    "region_code": ("行政区划代码不是 6 位数字", "a region code that is not 6 digits (GB/T 2260)"),
    "amount_invalid": ("金额无法识别", "an amount that cannot be read"),
    "amount_range": ("金额为负或过大", "an amount that is negative or too large"),
    "date_invalid": (
        "日期无效（格式无法识别、日期不存在或年份不在 1900–2100 之间）",
        "an invalid date (unknown spelling, no such day, or year outside 1900-2100)",
    ),
    "date_future": ("日期晚于今天", "a date in the future"),
    "date_order": ("日期先后顺序错误（如授权日早于申请日）", "dates out of order (e.g. grant before filing)"),
    "office_invalid": ("局代码不是两位字母", "the office is not a two-letter code"),
    "number_format": (
        "登记号含非法字符或超过 40 位",
        "a registration number with invalid characters or over 40 long",
    ),
    "kind_mismatch": (
        "专利类型与申请号的类型位不符",
        "the patent kind contradicts the application number's type digit",
    ),
    "status_inconsistent": ("状态为有效但没有授权日", "status valid without a grant date"),
    # identifiers (gdip.core.validators)
    "appno_format": ("申请号格式无法识别", "not an application number"),
    "appno_year": ("申请号中的年份超出范围", "the year in the application number is out of range"),
    "appno_type": (
        "申请号的申请种类位不是 1、2、3、8、9",
        "the type digit of the application number is not 1, 2, 3, 8 or 9",
    ),
    "appno_check": ("申请号校验位错误", "wrong check digit in the application number"),
    "appno_office": ("受理局代码不是两位字母", "the office code is not two letters"),
    "uscc_length": ("统一社会信用代码不是 18 位", "the USCC does not have 18 characters"),
    "uscc_charset": (
        "统一社会信用代码含非法字符（I、O、Z、S、V 及标点）",
        "the USCC contains a character not used (I, O, Z, S, V, punctuation)",
    ),
    "uscc_region": ("统一社会信用代码第 3–8 位不是行政区划码", "USCC characters 3-8 are not a region code"),
    "uscc_check": ("统一社会信用代码校验位错误", "wrong USCC check character"),
    "ipc_syntax": ("IPC 分类号无法识别", "not an IPC symbol"),
    # the whole file (FILE_LEVEL_CODES)
    "kind_unknown": ("未知的记录类型", "unknown record kind"),
    "format_unknown": (
        "无法判断或未知的文件格式",
        "the format cannot be told from the file name, or is unknown",
    ),
    "format_kind": ("ST.36 和 USPTO XML 只能导入专利", "ST.36 and USPTO XML hold patents only"),
    "source_unreadable": (
        "文件不存在、不可读、编码无法识别或不是该格式",
        "the file is missing, unreadable, in an unknown encoding, or not of its format",
    ),
    "disk_full": ("磁盘已满，导入停止，数据湖不变", "the disk is full: ingest stopped, the lake unchanged"),
}
