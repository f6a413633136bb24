"""Streaming reader for USPTO grant (and application) XML bulk files into interchange dicts.

A weekly ``ipgYYMMDD.xml`` file is many complete XML documents concatenated, each with its own
``<?xml …?>`` declaration and ``<!DOCTYPE us-patent-grant SYSTEM "…dtd" [ ]>``. The file is
read line by line; a document ends where the next declaration begins, so only one document
(two while the first is looked ahead) is in memory, whatever the file size.

Decisions:

* Yields ``(line, record)`` where ``line`` is the 1-based line of the document's XML
  declaration in the file; RecordIssue positions use the same numbering.
* Safety is decided per document. In a file of several documents, a document that declares
  or uses entities becomes a RecordIssue (``xml_entity_declared``, ``xml_external_entity``,
  ``xml_undefined_entity``) and the others load: one hostile or broken document should not
  block a week of grants, and it never reaches the parser. A file holding a single document
  is refused whole: :class:`UnsafeXMLError` is raised.
* A malformed document becomes an ``xml_syntax`` issue whose message gives the file line;
  the next declaration starts a fresh parse, so the rest continue.
* A document over ``MAX_DOCUMENT_BYTES`` is skipped as ``xml_too_large`` without being kept.
* Not XML at all (empty, binary, compressed) raises :class:`SourceUnreadable`.

Mapping notes: ``applicants`` are the assignees (the holders of the granted right) when the
document names any, else the applicants; ``inventors`` come from ``inventors`` or, in the
2005–2012 DTDs, from applicants with ``app-type="applicant-inventor"``; ``family`` holds the
parent documents of ``us-related-documents`` (continuations, divisions …, not the patent's
own pre-grant publication), provisional applications and foreign priority claims;
``priority_date`` is the earliest foreign priority or provisional filing date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from lxml import etree

from .issues import RecordIssue
from .xml_safety import (
    HEAD_BYTES,
    SourceUnreadable,
    UnsafeXMLError,
    check_document,
    check_xml_head,
    safe_parser,
)
from .xml_st36 import (
    Record,
    citation_numbers,
    claims_count,
    document_id,
    earliest,
    empty_record,
    family_from,
    first_agency,
    ftext,
    ipc_list,
    number_with_kind,
    paragraphs_text,
    parties,
    priority_claims,
    related_family,
    text_of,
)

__all__ = ["MAX_DOCUMENT_BYTES", "iter_uspto", "uspto_record"]

# Far above any real grant (the largest, with sequence listings, are tens of MB).
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024
_RAW_EXCERPT = 2000
_DECLARATION = re.compile(rb"<\?xml[\s?]")
_BOM = b"\xef\xbb\xbf"

_APPL_TYPE = {"utility": "invention", "design": "design", "plant": "plant", "reissue": "invention"}
_ROOTS = {
    "us-patent-grant": "us-bibliographic-data-grant",
    "us-patent-application": "us-bibliographic-data-application",
}


def iter_uspto(path: str | Path) -> Iterator[tuple[int, Record] | RecordIssue]:
    """Yield ``(line, record)`` per document of a USPTO bulk XML file, or a RecordIssue."""
    path = Path(path)
    with open(path, "rb") as f:
        check_xml_head(f.read(HEAD_BYTES), path.name)
        f.seek(0)
        parser = safe_parser()
        documents = _split_documents(f)
        first = next(documents, None)
        if first is None:
            raise SourceUnreadable(
                f"文件中没有 XML 文献（{path.name}）。", f"No XML document in {path.name}."
            )
        second = next(documents, None)
        yield _process(*first, parser, only=second is None)
        if second is None:
            return
        yield _process(*second, parser, only=False)
        for start, data in documents:
            yield _process(start, data, parser, only=False)


def _split_documents(f: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """(start line, bytes) per document; bytes is None for a document over the size limit."""
    parts: list[bytes] = []
    size = 0
    start = 1
    line_no = 0
    oversized = False
    for line in f:
        line_no += 1
        match = _DECLARATION.search(line) if b"<?xml" in line else None
        if match is not None:
            head, line = line[: match.start()], line[match.start() :]
            if not _blank(head) and not oversized:
                # The previous document's end tag shares the line with the next declaration.
                parts.append(head)
            if oversized:
                yield start, None
            elif any(p.strip() for p in parts):
                yield start, b"".join(parts)
            parts, size, oversized, start = [], 0, False, line_no
        elif not parts and not oversized and _blank(line):
            start = line_no + 1
            continue
        if oversized:
            continue
        size += len(line)
        if size > MAX_DOCUMENT_BYTES:
            parts, oversized = [], True
            continue
        parts.append(line)
    if oversized:
        yield start, None
    elif any(p.strip() for p in parts):
        yield start, b"".join(parts)


def _blank(prefix: bytes) -> bool:
    return not prefix.replace(_BOM, b"").strip()


def _process(start: int, data: bytes | None, parser: Any, only: bool) -> tuple[int, Record] | RecordIssue:
    if data is None:
        limit = MAX_DOCUMENT_BYTES // (1024 * 1024)
        return RecordIssue(
            start,
            "xml_too_large",
            f"第 {start} 行开始的文献超过 {limit} MB，已跳过。",
            f"The document starting at line {start} is larger than {limit} MB; skipped.",
        )
    try:
        check_document(data)
    except UnsafeXMLError as exc:
        if only:
            raise
        return RecordIssue(start, exc.code, exc.message_zh, exc.message_en, _excerpt(data))
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = start + (exc.lineno or 1) - 1
        return RecordIssue(
            start,
            "xml_syntax",
            f"XML 语法错误（第 {line} 行）：{exc.msg}",
            f"XML syntax error at line {line}: {exc.msg}",
            _excerpt(data),
        )
    if root.tag not in _ROOTS:
        return RecordIssue(
            start,
            "xml_unknown_document",
            f"第 {start} 行开始的文献根元素是 <{root.tag}>，不是 USPTO 专利文献。",
            f"The document starting at line {start} has root <{root.tag}>, not a USPTO patent document.",
            _excerpt(data),
        )
    try:
        return start, uspto_record(root)
    except Exception as exc:  # one odd document must not stop a weekly file
        return RecordIssue(
            start,
            "xml_extract_failed",
            f"无法从第 {start} 行开始的文献中提取字段：{exc!r}",
            f"Could not extract the fields of the document starting at line {start}: {exc!r}",
            _excerpt(data),
        )


def _excerpt(data: bytes) -> str:
    return data[:_RAW_EXCERPT].decode("utf-8", "replace")


def uspto_record(root: Any) -> Record:
    """Interchange dict of one parsed ``us-patent-grant`` / ``us-patent-application`` element."""
    bib = root.find(_ROOTS[root.tag])
    if bib is None:
        raise ValueError(f"no {_ROOTS[root.tag]} element")
    grant = root.tag == "us-patent-grant"
    record = empty_record()

    p_country, p_number, p_kind, p_date = document_id(bib.find("publication-reference/document-id"))
    application = bib.find("application-reference")
    appl_type = application.get("appl-type") if application is not None else None
    a_country, a_number, _a_kind, a_date = document_id(
        application.find("document-id") if application is not None else None
    )
    office = p_country or a_country or root.get("country")

    ipc, ipc_main = ipc_list(bib)
    assignees = parties(bib.iterfind("assignees/assignee"))
    applicant_elements = bib.findall("us-parties/us-applicants/us-applicant") or bib.findall(
        "parties/applicants/applicant"
    )
    inventor_elements = bib.findall("us-parties/inventors/inventor") or bib.findall(
        "parties/inventors/inventor"
    )
    if not inventor_elements:
        inventor_elements = [a for a in applicant_elements if a.get("app-type") == "applicant-inventor"]
    agents = bib.findall("us-parties/agents/agent") or bib.findall("parties/agents/agent")

    related = bib.find("us-related-documents")
    provisional_ids = [] if related is None else related.findall("us-provisional-application/document-id")
    provisionals = [document_id(d) for d in provisional_ids]
    priorities = priority_claims(bib)
    family = family_from(office, priorities, related_family(related))
    publication_number = number_with_kind(p_country, p_number, p_kind)

    record.update(
        office=office,
        application_number=a_number,
        kind=_APPL_TYPE.get(appl_type or "", appl_type),
        pct=bib.find("pct-or-regional-filing-data") is not None,
        title=text_of(bib.find("invention-title")),
        abstract=paragraphs_text(root.find("abstract")),
        filing_date=a_date,
        publication_number=publication_number,
        publication_date=p_date,
        grant_date=p_date if grant else None,
        grant_number=publication_number if grant else None,
        ipc=ipc,
        ipc_main=ipc_main,
        applicants=assignees or parties(applicant_elements),
        inventors=[p["name"] for p in parties(inventor_elements)],
        claims_count=claims_count(root.find("claims"), ftext(bib, "number-of-claims")),
        family=family,
        citations=citation_numbers(
            bib.iterfind("us-references-cited/us-citation/patcit")
            if bib.find("us-references-cited") is not None
            else bib.iterfind("references-cited/citation/patcit")
        ),
        priority_date=earliest([d for _c, _n, d in priorities] + [d for _c, _n, _k, d in provisionals]),
        agency=first_agency(agents),
    )
    return record
