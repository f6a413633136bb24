"""Streaming reader for WIPO ST.36-based patent XML (CNIPA and other offices) into interchange dicts.

Accepted shapes, matched on local names so namespaces and prefixes do not matter:

* ``cn-patent-document`` / ``patent-document`` / ``ep-patent-document`` (ST.36 kebab-case
  vocabulary, CNIPA's ``cn-`` prefixed elements such as ``cn-bibliographic-data``);
* CNIPA's newer ``business:PatentDocumentAndRelated`` (PascalCase vocabulary: ``DocumentID``,
  ``WIPOST3Code``, ``ApplicantDetails`` …), mapped onto the ST.36 names by :func:`local_name`;
* EPO ``SDOBI`` bibliographic blocks (INID ``B110``… elements).

A file holds one document or many under a wrapper root (``<patent-documents>``,
``<cn-patent-documents>``). Each document is parsed with ``iterparse`` and released as soon as
its record is built, so memory stays bounded by the largest document.

Decisions:

* Yields ``(ordinal, record)``; the ordinal counts documents from 1 in file order.
* The file is one XML document, so safety is all-or-nothing: the whole file is scanned for
  entity declarations and references before anything is yielded, and an unsafe file raises
  :class:`UnsafeXMLError` (on first iteration). Not XML at all raises :class:`SourceUnreadable`.
* A syntax error cannot be skipped inside one XML document: the records before it are yielded,
  then one ``xml_syntax`` :class:`RecordIssue` (position = ordinal of the document being read,
  message with the file line) ends the file.
* A document whose fields cannot be extracted becomes an ``xml_extract_failed`` issue; the
  others continue.

Values are passed through as written (whitespace collapsed); the ingest service validates and
normalises them. The record helpers (parties, IPC symbols, family, citations) are shared with
the USPTO adapter, whose DTD uses the same ST.36 vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from .issues import RecordIssue
from .xml_safety import HEAD_BYTES, SAFE_PARSER_OPTIONS, SourceUnreadable, check_xml_head, scan_file

__all__ = ["Record", "empty_record", "iter_st36", "local_name"]

Record = dict[str, Any]
Element = Any  # lxml's _Element; typed loosely because lxml-stubs are optional

_OFFICES = frozenset(
    {
        *("cn", "ep", "wo", "jp", "kr", "tw", "hk", "mo", "us", "de", "gb", "fr", "ru", "au"),
        *("ca", "in", "br", "sg", "ea", "ap", "oa", "es", "it", "nl", "ch", "at", "se"),
    }
)
_DOC_TAGS = [
    "{*}patent-document",
    "{*}PatentDocumentAndRelated",
    *(f"{{*}}{office}-patent-document" for office in sorted(_OFFICES)),
]

# PascalCase (CNIPA business:) and other spellings -> ST.36 kebab-case names used below.
_ALIASES = {
    "patent-document-and-related": "patent-document",
    "design-bibliographic-data": "bibliographic-data",
    "wipost3-code": "country",
    "address-book": "addressbook",
    "organization-name": "orgname",
    "applicant-details": "applicants",
    "inventor-details": "inventors",
    "agent-details": "agents",
    "assignee-details": "assignees",
    "classification-ipcr-details": "classifications-ipcr",
    "main-class": "class",
    "paragraphs": "p",
    "design-title": "invention-title",
    "priority-claim-details": "priority-claims",
    "priority-details": "priority-claims",
    "post-code": "postcode",
}
_CAMEL_RUN = re.compile(r"([A-Z]+)([A-Z][a-z])")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_WS = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WIDE = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_WIDE}]) (?=[{_WIDE}])")
_IPC = re.compile(r"^\s*(?:\d{1,2}\s*)?([A-H])\s*(\d{2})\s*([A-Z])\s*(\d{1,4})\s*/\s*(\d{1,6})")
_CN_TYPE = {"1": "invention", "8": "invention", "2": "utility", "9": "utility", "3": "design"}
_KIND_LETTER = {
    "A": "invention",
    "B": "invention",
    "C": "invention",
    "U": "utility",
    "Y": "utility",
    "S": "design",
}
_CN_ADDRESS_RANK = {"state": 0, "province": 0, "city": 1, "county": 2, "district": 2}
_CN_GRANT_LETTERS = frozenset("BCUYSD")
_GRANT_LETTERS = frozenset("BCUYS")


def iter_st36(path: str | Path) -> Iterator[tuple[int, Record] | RecordIssue]:
    """Yield ``(ordinal, record)`` per patent document of an ST.36 file, or a RecordIssue."""
    path = Path(path)
    with open(path, "rb") as f:
        check_xml_head(f.read(HEAD_BYTES), path.name)
    scan_file(path)
    ordinal = 0
    context = etree.iterparse(str(path), events=("end",), tag=_DOC_TAGS, **SAFE_PARSER_OPTIONS)
    try:
        for _event, element in context:
            ordinal += 1
            yield _extract(element, ordinal)
            _release(element)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 0
        yield RecordIssue(
            ordinal + 1,
            "xml_syntax",
            f"XML 语法错误（第 {line} 行）：{exc.msg}；本文件其后的文献无法读取。",
            f"XML syntax error at line {line}: {exc.msg}; the rest of the file cannot be read.",
        )
        return
    if ordinal:
        return
    # No known document tag matched: an office prefix we do not list, or not a patent file.
    root = context.root
    if root is not None:
        if local_name(root.tag) == "patent-document":
            candidates = [root]
        else:
            candidates = [
                c for c in root if isinstance(c.tag, str) and local_name(c.tag) == "patent-document"
            ]
        for element in candidates:
            ordinal += 1
            yield _extract(element, ordinal)
    if not ordinal:
        name = local_name(root.tag) if root is not None else "?"
        raise SourceUnreadable(
            f"XML 中没有专利文献元素（根元素为 <{name}>），不是 ST.36 专利 XML。",
            f"No patent document element in the XML (root is <{name}>); it is not ST.36 patent XML.",
        )


def _extract(element: Element, ordinal: int) -> tuple[int, Record] | RecordIssue:
    try:
        normalise_tree(element)
        return ordinal, st36_record(element)
    except Exception as exc:  # one odd document must not stop a bulk file
        return RecordIssue(
            ordinal,
            "xml_extract_failed",
            f"无法从第 {ordinal} 篇文献中提取字段：{exc!r}",
            f"Could not extract the fields of document {ordinal}: {exc!r}",
        )


def _release(element: Element) -> None:
    # Free the finished document and every earlier sibling the wrapper root still references.
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


# ---------------------------------------------------------------- names and text


@lru_cache(maxsize=8192)
def local_name(tag: str) -> str:
    """Local name in ST.36 kebab-case: no namespace, PascalCase split, office prefix dropped."""
    name = tag.rsplit("}", 1)[-1]
    if not name.islower():
        name = _CAMEL.sub(r"\1-\2", _CAMEL_RUN.sub(r"\1-\2", name)).lower()
    name = _ALIASES.get(name, name)
    if len(name) > 3 and name[2] == "-" and name[:2] in _OFFICES:
        name = _ALIASES.get(name[3:], name[3:])
    return name


def normalise_tree(root: Element) -> None:
    """Rename every element of ``root`` to its :func:`local_name` so plain paths find it."""
    for element in root.iter(etree.Element):
        element.tag = local_name(element.tag)


def clean(value: str | None) -> str | None:
    """Collapse whitespace (none left between two CJK characters); empty becomes None."""
    if value is None:
        return None
    value = _WS.sub(" ", value).strip()
    if " " in value and _CJK.search(value):
        # A line break inside Chinese text is layout, not a word gap.
        value = _CJK_GAP.sub("", value)
    return value or None


def text_of(element: Element | None) -> str | None:
    if element is None:
        return None
    return clean("".join(element.itertext()))


def ftext(element: Element | None, path: str) -> str | None:
    """Text of the first match of ``path`` under ``element``."""
    if element is None:
        return None
    return text_of(element.find(path))


def attr(element: Element | None, *names: str) -> str | None:
    if element is None:
        return None
    for name in names:
        value = element.get(name)
        if value is not None and value.strip():
            return value.strip()
    return None


def has_cjk(*values: str | None) -> bool:
    return any(v and _CJK.search(v) for v in values)


def pick_lang(elements: list[Element], lang: str | None) -> Element | None:
    """The element in the document's language, else the first."""
    if not elements:
        return None
    if lang:
        for element in elements:
            if (element.get("lang") or "").lower() == lang:
                return element
    return elements[0]


def paragraphs_text(element: Element | None) -> str | None:
    """Text of an abstract: paragraphs joined by one space, whitespace collapsed."""
    if element is None:
        return None
    paragraphs = element.findall(".//p")
    if not paragraphs:
        return text_of(element)
    return clean(" ".join(t for t in (text_of(p) for p in paragraphs) if t))


# ---------------------------------------------------------------- shared record pieces


def empty_record() -> Record:
    """A patent interchange dict with every key present."""
    return {
        "office": None,
        "application_number": None,
        "kind": None,
        "pct": False,
        "title": None,
        "abstract": None,
        "filing_date": None,
        "publication_number": None,
        "publication_date": None,
        "grant_date": None,
        "grant_number": None,
        "status": None,
        "ipc": [],
        "ipc_main": None,
        "applicants": [],
        "inventors": [],
        "claims_count": None,
        "family": [],
        "awards": [],
        "citations": [],
        "priority_date": None,
        "agency": None,
    }


def document_id(element: Element | None) -> tuple[str | None, str | None, str | None, str | None]:
    """(country, doc-number, kind, date) of a ``document-id``, each stripped."""
    if element is None:
        return None, None, None, None
    return (
        ftext(element, "country"),
        ftext(element, "doc-number"),
        ftext(element, "kind"),
        ftext(element, "date"),
    )


def number_with_kind(country: str | None, number: str | None, kind: str | None) -> str | None:
    """``CN`` + ``113567890`` + ``A``; the country is not repeated if the number carries it."""
    if not number:
        return None
    number = number.replace(" ", "")
    if country and not number.upper().startswith(country.upper()):
        number = country + number
    return number + (kind.replace(" ", "") if kind else "")


def person_name(source: Element) -> str | None:
    """orgname, else last+first name (Chinese: no space; Latin: "First Last"), else name."""
    org = ftext(source, "orgname")
    if org:
        return org
    last, first = ftext(source, "last-name"), ftext(source, "first-name")
    if last or first:
        if has_cjk(last, first):
            return (last or "") + (first or "")
        return " ".join(v for v in (first, last) if v)
    return ftext(source, "name")


def address_of(address: Element | None) -> tuple[str | None, str | None]:
    """(address text, country) of an ``address`` element."""
    if address is None:
        return None, None
    country = ftext(address, "country")
    full = ftext(address, "text")
    if full:
        return full, country
    parts = [
        (child.tag, text_of(child)) for child in address if isinstance(child.tag, str) and child.tag != "text"
    ]
    values = [(tag, v) for tag, v in parts if v]
    if has_cjk(*(v for _, v in values)):
        # A Chinese address reads as one string from province down to street (省市区街道), while
        # the ST.36 DTD orders street before city and state; a country code or postcode glued
        # on without separator would break the later administrative-area lookup.
        kept = [(tag, v) for tag, v in values if tag not in ("country", "postcode", "mailcode")]
        kept.sort(key=lambda item: _CN_ADDRESS_RANK.get(item[0], 9))
        return "".join(v for _, v in kept) or None, country
    return ", ".join(v for _, v in values) or None, country


def party(element: Element) -> dict[str, str | None]:
    """{name, address, country, uscc} of an applicant/assignee/inventor element."""
    book = element.find("addressbook")
    source = book if book is not None else element
    address_el = source.find("address")
    if address_el is None:
        address_el = element.find("address")
    address, country = address_of(address_el)
    country = country or ftext(element, "residence/country") or ftext(element, "nationality/country")
    return {"name": person_name(source), "address": address, "country": country, "uscc": None}


def parties(elements: Iterable[Element]) -> list[dict[str, str | None]]:
    result = [party(e) for e in elements]
    return [p for p in result if p["name"]]


def ipc_text(value: str | None) -> str | None:
    """``H01M  10/0525  20100101AFI`` or ``H01M010/0525`` -> ``H01M 10/0525``."""
    value = clean(value)
    if value is None:
        return None
    m = _IPC.match(value)
    if m is None:
        return value
    return f"{m[1]}{m[2]}{m[3]} {m[4].lstrip('0') or '0'}/{m[5]}"


def ipcr_symbol(element: Element) -> str | None:
    """Symbol of a ``classification-ipcr`` from its parts, else from its ``text``."""
    section, cls, sub = ftext(element, "section"), ftext(element, "class"), ftext(element, "subclass")
    main, subgroup = ftext(element, "main-group"), ftext(element, "subgroup")
    if section and cls and sub and main and subgroup:
        return f"{section}{cls}{sub} {main.lstrip('0') or '0'}/{subgroup}"
    return ipc_text(ftext(element, "text"))


def ipc_list(container: Element) -> tuple[list[str], str | None]:
    """(IPC symbols in order without repeats, main symbol) from ipcr parts or older ipc text."""
    symbols: list[str] = []
    main: str | None = None
    for element in container.iter("classification-ipcr"):
        symbol = ipcr_symbol(element)
        if symbol:
            symbols.append(symbol)
            if main is None and ftext(element, "symbol-position") == "F":
                main = symbol
    if not symbols:
        for element in container.iter("classification-ipc"):
            main_symbol = ipc_text(ftext(element, "main-classification"))
            if main_symbol:
                symbols.append(main_symbol)
                main = main or main_symbol
            symbols.extend(
                s for s in (ipc_text(text_of(f)) for f in element.iter("further-classification")) if s
            )
    if main is not None:
        # The ingest service reads ipc[0] as the main classification.
        symbols.insert(0, main)
    unique = list(dict.fromkeys(symbols))
    return unique, unique[0] if unique else None


def priority_claims(container: Element) -> list[tuple[str | None, str | None, str | None]]:
    """(country, number, date) of each priority claim."""
    return [
        (ftext(p, "country"), ftext(p, "doc-number"), ftext(p, "date"))
        for p in container.iter("priority-claim")
    ]


_GRANTED_STATUS = {"PATENTED": True, "GRANTED": True, "ABANDONED": False, "PENDING": False}


def related_family(container: Element | None) -> list[dict[str, Any]]:
    """Family members from ``related-documents``: each relation's parent document.

    ``related-publication`` is skipped: it is this application's own earlier publication.
    """
    if container is None:
        return []
    members = []
    for relation in container:
        if not isinstance(relation.tag, str) or relation.tag == "related-publication":
            continue
        parent = relation.find(".//parent-doc")
        docid = (parent if parent is not None else relation).find(".//document-id")
        country, number, _kind, _date = document_id(docid)
        if not number:
            continue
        granted: bool | None = None
        if parent is not None:
            status = (ftext(parent, "parent-status") or "").upper()
            granted = _GRANTED_STATUS.get(status)
            if parent.find("parent-grant-document") is not None:
                granted = True
        members.append({"office": country, "number": number, "granted": granted})
    return members


def family_from(
    office: str | None, priorities: list[tuple[str | None, str | None, str | None]], related: list[dict]
) -> list[dict[str, Any]]:
    """Related documents plus foreign priorities (country ≠ office), without repeats."""
    members = list(related)
    for country, number, _date in priorities:
        if number and country and country != office:
            members.append({"office": country, "number": number, "granted": None})
    seen: set[tuple[Any, Any]] = set()
    unique = []
    for member in members:
        key = (member["office"], member["number"])
        if key not in seen:
            seen.add(key)
            unique.append(member)
    return unique


def citation_numbers(citations: Iterable[Element]) -> list[str]:
    """``US5923073`` per cited patent (country + doc-number); text-only citations without spaces."""
    numbers = []
    for citation in citations:
        docid = citation.find(".//document-id")
        if docid is not None:
            country, number, _kind, _date = document_id(docid)
            cited = number_with_kind(country, number, None)
        else:
            patcit = citation if citation.tag == "patcit" else citation.find(".//patcit")
            raw = ftext(patcit, "text") if patcit is not None else None
            cited = raw.replace(" ", "") if raw else None
        if cited:
            numbers.append(cited)
    return list(dict.fromkeys(numbers))


def earliest(dates: Iterable[str | None]) -> str | None:
    valid = [d for d in dates if d]
    # YYYYMMDD strings order like dates; other spellings are left for validation to reject.
    return min(valid) if valid else None


def first_agency(agents: Iterable[Element]) -> str | None:
    for agent in agents:
        for path in (".//agency//orgname", ".//agency//name", ".//orgname"):
            name = ftext(agent, path)
            if name:
                return name
    return None


def claims_count(claims: Element | None, stated: str | None) -> int | None:
    if claims is not None:
        count = len(claims.findall("claim"))
        if count:
            return count
    if stated and stated.strip().isdigit():
        return int(stated)
    return None


# ---------------------------------------------------------------- ST.36 documents


def _pick_reference(bib: Element, name: str) -> Element | None:
    """``document-id`` of the standard-format reference, else of the first one."""
    references = bib.findall(name)
    if not references:
        return None
    chosen = references[0]
    for reference in references:
        if attr(reference, "data-format", "dataFormat") == "standard":
            chosen = reference
            break
    return chosen.find("document-id")


def _cn_type_digit(number: str | None) -> str | None:
    digits = re.sub(r"\D", "", number or "")
    if len(digits) >= 12:  # 2003+ numbers: YYYY + type digit + serial (+ check digit)
        return digits[4]
    if len(digits) in (8, 9):  # older numbers: YY + type digit + serial (+ check digit)
        return digits[2]
    return None


def _kind_from_appl_type(value: str | None) -> str | None:
    value = (value or "").lower()
    if "utility" in value or value in ("20", "2"):
        return "utility"
    if "design" in value or value in ("30", "3"):
        return "design"
    if "invention" in value or value in ("10", "1"):
        return "invention"
    return None


def _is_grant(office: str | None, kind: str | None) -> bool:
    letter = (kind or "").strip()[:1].upper()
    return letter in (_CN_GRANT_LETTERS if office == "CN" else _GRANT_LETTERS)


def st36_record(doc: Element) -> Record:
    """Interchange dict of one normalised ST.36 document element."""
    bib = doc.find("bibliographic-data")
    if bib is None:
        bib = doc.find(".//bibliographic-data")
    if bib is None:
        sdobi = doc.find(".//sdobi")
        if sdobi is not None:
            return sdobi_record(doc, sdobi)
        bib = doc
    lang = (doc.get("lang") or "").lower() or None
    record = empty_record()

    p_country, p_number, p_kind, p_date = document_id(_pick_reference(bib, "publication-reference"))
    p_country = p_country or attr(doc, "country")
    p_number = p_number or attr(doc, "doc-number", "docNumber")
    p_kind = p_kind or attr(doc, "kind")
    p_date = p_date or attr(doc, "date-publ", "datePublication")
    application = bib.find("application-reference")
    a_country, a_number, _a_kind, a_date = document_id(_pick_reference(bib, "application-reference"))
    office = (a_country or p_country or "").upper() or None
    if a_number and a_country and a_country.upper() == "CN" and a_number[:2].upper() == "CN":
        a_number = a_number[2:].strip()

    type_digit = _cn_type_digit(a_number) if office == "CN" else None
    kind = _kind_from_appl_type(attr(application, "appl-type", "applType"))
    kind = kind or _CN_TYPE.get(type_digit or "")
    kind = kind or _KIND_LETTER.get((p_kind or "")[:1].upper())
    if kind is None and office in ("EP", "WO"):
        kind = "invention"

    ipc, ipc_main = ipc_list(bib)
    applicants = parties(bib.iter("applicant"))
    if not applicants:
        applicants = parties(bib.iter("assignee"))
    priorities = priority_claims(bib)
    granted = _is_grant(office, p_kind)
    publication_number = number_with_kind(p_country, p_number, p_kind)
    abstracts = bib.findall("abstract") or doc.findall("abstract")
    claims = pick_lang(doc.findall(".//claims"), lang)

    record.update(
        office=office,
        application_number=a_number,
        kind=kind,
        pct=type_digit in ("8", "9") or bib.find("pct-or-regional-filing-data") is not None or office == "WO",
        title=text_of(pick_lang(bib.findall("invention-title"), lang)),
        abstract=paragraphs_text(pick_lang(abstracts, lang)),
        filing_date=a_date,
        publication_number=publication_number,
        publication_date=p_date,
        grant_date=p_date if granted else None,
        grant_number=publication_number if granted else None,
        ipc=ipc,
        ipc_main=ipc_main,
        applicants=applicants,
        inventors=[p["name"] for p in parties(bib.iter("inventor"))],
        claims_count=claims_count(claims, ftext(bib, ".//number-of-claims")),
        family=family_from(office, priorities, related_family(bib.find("related-documents"))),
        citations=citation_numbers(bib.iter("citation", "us-citation")),
        priority_date=earliest(d for _c, _n, d in priorities),
        agency=first_agency(bib.iter("agent", "agency")),
    )
    return record


# ---------------------------------------------------------------- EPO SDOBI (INID codes)


def _sdobi_party(element: Element) -> dict[str, str | None]:
    adr = element.find("adr")
    parts = [text_of(c) for c in adr if isinstance(c.tag, str)] if adr is not None else []
    return {
        "name": ftext(element, "snm"),
        "address": ", ".join(p for p in parts if p) or None,
        "country": ftext(element, "adr/ctry"),
        "uscc": None,
    }


def sdobi_record(doc: Element, sdobi: Element) -> Record:
    """Interchange dict of an EPO ``SDOBI`` bibliographic block."""
    lang = (doc.get("lang") or "").lower() or None
    record = empty_record()
    p_number, p_kind = ftext(sdobi, "b100/b110"), ftext(sdobi, "b100/b130")
    p_date = ftext(sdobi, "b100/b140/date")
    office = ftext(sdobi, "b100/b190") or attr(doc, "country")

    titles: dict[str, str | None] = {}
    title_lang = None
    for element in sdobi.iterfind("b500/b540/*"):
        if element.tag == "b541":
            title_lang = (text_of(element) or "").lower()
        elif element.tag == "b542":
            titles.setdefault(title_lang or "", text_of(element))
    title = titles.get(lang or "") or next(iter(titles.values()), None)

    texts = sdobi.findall("b500/b510-ep/classification-ipcr/text") or sdobi.findall("b500/b510/*")
    ipc = list(dict.fromkeys(s for s in (ipc_text(text_of(e)) for e in texts) if s))

    priorities: list[tuple[str | None, str | None, str | None]] = []
    for element in sdobi.iterfind("b300/*"):
        if element.tag == "b310":
            priorities.append((None, text_of(element), None))
        elif priorities and element.tag == "b320":
            c, n, _d = priorities[-1]
            priorities[-1] = (c, n, ftext(element, "date"))
        elif priorities and element.tag == "b330":
            _c, n, d = priorities[-1]
            priorities[-1] = (ftext(element, "ctry"), n, d)

    applicants = [_sdobi_party(e) for e in sdobi.iterfind("b700/b710/b711")]
    if not applicants:
        applicants = [_sdobi_party(e) for e in sdobi.iterfind("b700/b730/b731")]
    grant_date = ftext(sdobi, "b400/b450/date")
    granted = grant_date is not None or _is_grant(office, p_kind)
    publication_number = number_with_kind(office, p_number, p_kind)
    record.update(
        office=office,
        application_number=ftext(sdobi, "b200/b210"),
        kind=_KIND_LETTER.get((p_kind or "")[:1].upper()) or ("invention" if office == "EP" else None),
        title=title,
        abstract=paragraphs_text(pick_lang(doc.findall("abstract"), lang)),
        filing_date=ftext(sdobi, "b200/b220/date"),
        publication_number=publication_number,
        publication_date=p_date,
        grant_date=grant_date or (p_date if granted else None),
        grant_number=publication_number if granted else None,
        ipc=ipc,
        ipc_main=ipc[0] if ipc else None,
        applicants=[a for a in applicants if a["name"]],
        inventors=[n for n in (ftext(e, "snm") for e in sdobi.iterfind("b700/b720/b721")) if n],
        claims_count=claims_count(pick_lang(doc.findall("claims"), lang), None),
        family=family_from(office, priorities, []),
        citations=list(
            dict.fromkeys(t.replace(" ", "") for t in (text_of(e) for e in sdobi.iter("b561")) if t)
        ),
        priority_date=earliest(d for _c, _n, d in priorities),
        agency=ftext(sdobi, "b700/b740/b741/snm"),
    )
    return record
