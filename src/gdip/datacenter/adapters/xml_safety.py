"""Safe XML parsing for official patent files: parser settings, prolog and entity checks.

Official files never need entities beyond the five XML predefined ones and numeric character
references, so any entity declaration or any other entity reference is refused before lxml
sees the bytes:

* ``<!ENTITY`` anywhere (it is only legal inside a DOCTYPE) -> ``xml_entity_declared``, or
  ``xml_external_entity`` when the declaration names a SYSTEM/PUBLIC identifier (XXE).
* ``&name;`` other than amp/lt/gt/quot/apos -> ``xml_external_entity`` when the DOCTYPE names
  an external subset (the entity could only come from loading it), else
  ``xml_undefined_entity``.

A DOCTYPE that merely names an external DTD (USPTO's ``SYSTEM "us-patent-grant-v47-….dtd"``)
is accepted: the parser never loads it (``load_dtd=False``, ``no_network=True``).

The byte checks are deliberately conservative: the same text inside a comment or CDATA section
is refused too, which official patent files never contain.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from lxml import etree

__all__ = [
    "SAFE_PARSER_OPTIONS",
    "EntityScanner",
    "SourceUnreadable",
    "UnsafeXMLError",
    "check_document",
    "check_xml_head",
    "safe_parser",
    "scan_file",
]

# One set of options for both etree.XMLParser and etree.iterparse (which takes the same keywords).
SAFE_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "dtd_validation": False,
    "attribute_defaults": False,
    "collect_ids": False,
}

HEAD_BYTES = 4096
_CHUNK = 1 << 20
# Kept from one chunk to the next so a declaration or reference split across chunks is seen.
_OVERLAP = 1024

_PREDEFINED = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})
_ENTITY_DECL = re.compile(rb"<!ENTITY\b([^>]{0,4096})")
_ENTITY_REF = re.compile(rb"&([^\s&;<>#'\"]{1,1000});")
_DOCTYPE_EXTERNAL = re.compile(rb"<!DOCTYPE\s+[^\s\[>]+\s+(?:SYSTEM|PUBLIC)\b")
_EXTERNAL_ID = re.compile(rb"\b(?:SYSTEM|PUBLIC)\b")


class UnsafeXMLError(Exception):
    """The XML declares or uses entities; parsing it could expand or fetch content."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en


class SourceUnreadable(Exception):
    """The file is not XML at all (empty, binary, compressed)."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en


def safe_parser() -> etree.XMLParser:
    """A new parser with entity resolution, DTD loading and network access off."""
    return etree.XMLParser(**SAFE_PARSER_OPTIONS)


def check_xml_head(head: bytes, name: str = "") -> None:
    """Raise SourceUnreadable unless ``head`` (the first bytes of a file) can start an XML document."""
    label = f" ({name})" if name else ""
    if not head.strip():
        raise SourceUnreadable(f"文件为空{label}，不是 XML。", f"The file is empty{label}; it is not XML.")
    if head.startswith((b"\x1f\x8b", b"PK\x03\x04", b"BZh", b"\xfd7zXZ")):
        raise SourceUnreadable(
            f"文件是压缩包{label}，请先解压再导入其中的 XML。",
            f"The file is compressed{label}; unpack it and load the XML inside.",
        )
    text = _ascii_view(head).lstrip()
    if not text.startswith(b"<"):
        raise SourceUnreadable(
            f"文件不是 XML{label}：开头不是“<”。",
            f"The file is not XML{label}: it does not start with '<'.",
        )


def check_document(data: bytes) -> None:
    """Raise UnsafeXMLError if one complete document (UTF-8 or ASCII-compatible) uses entities."""
    _check_bytes(data, _DOCTYPE_EXTERNAL.search(data) is not None)


class EntityScanner:
    """Incremental form of :func:`check_document` for files read chunk by chunk."""

    def __init__(self) -> None:
        self._tail = b""
        self._external_dtd = False
        self._decoder: codecs.IncrementalDecoder | None = None
        self._started = False

    def feed(self, chunk: bytes) -> None:
        if not self._started:
            self._started = True
            encoding = _wide_encoding(chunk)
            if encoding:
                self._decoder = codecs.getincrementaldecoder(encoding)()
        if self._decoder is not None:
            # UTF-16/32 files: scan the UTF-8 transcoding so the byte patterns apply.
            chunk = self._decoder.decode(chunk).encode("utf-8")
        data = self._tail + chunk
        if not self._external_dtd and _DOCTYPE_EXTERNAL.search(data):
            self._external_dtd = True
        _check_bytes(data, self._external_dtd)
        self._tail = data[-_OVERLAP:]


def scan_file(path: str | Path) -> None:
    """Check a whole file for entity use without holding more than one chunk in memory."""
    scanner = EntityScanner()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            scanner.feed(chunk)


def _check_bytes(data: bytes, external_dtd: bool) -> None:
    if b"<!ENTITY" in data:
        decls = [m.group(1) for m in _ENTITY_DECL.finditer(data)]
        if any(_EXTERNAL_ID.search(d) for d in decls):
            raise UnsafeXMLError(
                "xml_external_entity",
                "XML 声明了外部实体（SYSTEM/PUBLIC），可能读取本机文件或访问网络，已拒绝。",
                "The XML declares an external entity (SYSTEM/PUBLIC) that could read local files "
                "or the network; refused.",
            )
        raise UnsafeXMLError(
            "xml_entity_declared",
            "XML 在 DOCTYPE 中声明了实体（可能是“十亿笑声”式实体膨胀攻击），已拒绝。",
            "The XML declares entities in its DOCTYPE (possible billion-laughs expansion); refused.",
        )
    if b"&" not in data:
        return
    for m in _ENTITY_REF.finditer(data):
        name = m.group(1)
        if name in _PREDEFINED:
            continue
        shown = name[:40].decode("utf-8", "replace")
        if external_dtd:
            raise UnsafeXMLError(
                "xml_external_entity",
                f"XML 引用了实体 &{shown};，它只能来自外部 DTD；外部 DTD 不会被加载，已拒绝。",
                f"The XML references entity &{shown}; which could only come from the external DTD; "
                "external DTDs are never loaded; refused.",
            )
        raise UnsafeXMLError(
            "xml_undefined_entity",
            f"XML 引用了未定义的实体 &{shown};（只允许 XML 预定义实体和数字字符引用），已拒绝。",
            f"The XML references the undefined entity &{shown}; (only the XML predefined entities "
            "and numeric character references are allowed); refused.",
        )


def _wide_encoding(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if head.startswith(b"<\x00?\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<\x00?"):
        return "utf-16-be"
    return None


def _ascii_view(head: bytes) -> bytes:
    encoding = _wide_encoding(head)
    if encoding:
        return head.decode(encoding, "ignore").lstrip("\ufeff").encode("utf-8", "ignore")
    return head.removeprefix(b"\xef\xbb\xbf")
