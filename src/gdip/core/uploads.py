"""Upload checks that every upload form and API endpoint must run: ``validate_upload``.

Django bounds request bodies (DATA_UPLOAD_MAX_MEMORY_SIZE) and spools files to disk above
FILE_UPLOAD_MAX_MEMORY_SIZE; what it cannot know is whether a file is what it claims to be.
``validate_upload(file, allowed={"xlsx", "csv"}, max_bytes=...)``:

* refuses files over `max_bytes` (default GDIP_UPLOAD_MAX_BYTES) and empty files;
* sniffs the real type from the content (magic bytes; text by decoding) and refuses a type
  that is not allowed or that does not match the file's extension (a PDF named .xlsx, an
  executable named .csv);
* text (csv, txt, json, xml) must decode as UTF-8 or GB18030 and contain no NUL byte; JSON must
  parse; XML is parsed with defusedxml (no DTDs, entities or external references);
* zip/xlsx: refuses archives that expand to more than GDIP_UPLOAD_MAX_EXPANDED_BYTES or more
  than 100× their size (zip bombs), encrypted members, macros (vbaProject.bin), and — for
  Excel — any formula cell (an uploaded workbook is data; formulas could run when staff open it
  again or hide values from validation).

Failures raise ``UploadRejected`` (a Django ValidationError, so forms show it) with a specific
code and a message in Chinese and English. Returns the detected type.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError

__all__ = ["EXTENSIONS", "TYPES", "UploadRejected", "sniff_type", "validate_upload"]

TYPES = frozenset({"xlsx", "zip", "pdf", "png", "jpeg", "csv", "txt", "json", "xml"})
EXTENSIONS: dict[str, str] = {
    ".xlsx": "xlsx",
    ".zip": "zip",
    ".pdf": "pdf",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".csv": "csv",
    ".txt": "txt",
    ".json": "json",
    ".xml": "xml",
}
TEXT_TYPES = frozenset({"csv", "txt", "json", "xml"})
SNIFF_BYTES = 64 * 1024
MAX_ZIP_RATIO = 100
DEFAULT_MAX_EXPANDED = 200 * 1024 * 1024


class UploadRejected(ValidationError):
    """An upload refused, with a code and a bilingual message."""

    def __init__(self, code: str, message_zh: str, message_en: str):
        super().__init__(f"{message_zh} / {message_en}", code=code)
        self.reason = code
        self.message_zh = message_zh
        self.message_en = message_en


def _read_all(file: Any, limit: int) -> bytes:
    """At most limit + 1 bytes from the start of the file (the +1 tells oversize apart)."""
    if hasattr(file, "seek"):
        file.seek(0)
    if hasattr(file, "chunks"):
        out = bytearray()
        for chunk in file.chunks():
            out += chunk
            if len(out) > limit:
                break
        data = bytes(out[: limit + 1])
    else:
        data = file.read(limit + 1)
    if hasattr(file, "seek"):
        file.seek(0)
    return data


def _decode_text(data: bytes) -> str | None:
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def sniff_type(data: bytes) -> str | None:
    """The type of `data` from its content: xlsx, zip, pdf, png, jpeg, json, xml, text; None if unknown."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return "zip"
        return "xlsx" if "[Content_Types].xml" in names and "xl/workbook.xml" in names else "zip"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    text = _decode_text(data)
    if text is None:
        return None
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            json.loads(text)
            return "json"
        except ValueError:
            pass
    if stripped.startswith("<"):
        return "xml"
    return "text"


def _check_zip(data: bytes, size: int) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UploadRejected(
            "corrupt", "压缩文件已损坏，无法读取", "the archive is corrupt and cannot be read"
        ) from None
    limit = int(getattr(settings, "GDIP_UPLOAD_MAX_EXPANDED_BYTES", DEFAULT_MAX_EXPANDED))
    expanded = sum(i.file_size for i in infos)
    if expanded > limit or expanded > MAX_ZIP_RATIO * max(size, 1):
        raise UploadRejected(
            "zip_bomb",
            f"压缩文件解压后过大（{expanded} 字节），已拒绝",
            f"the archive expands to {expanded} bytes, more than allowed (zip bomb?)",
        )
    if any(i.flag_bits & 0x1 for i in infos):
        raise UploadRejected("encrypted", "不接受加密的压缩文件", "encrypted archives are not accepted")
    if any(i.filename.lower().endswith("vbaproject.bin") for i in infos):
        raise UploadRejected("macros", "文件包含宏，已拒绝", "the file contains macros")
    return archive


def _check_no_formulas(data: bytes) -> None:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:
        raise UploadRejected(
            "corrupt", "Excel 文件已损坏，无法读取", "the Excel file is corrupt and cannot be read"
        ) from None
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    if getattr(cell, "data_type", None) == "f" or (
                        isinstance(value, str) and value.startswith("=")
                    ):
                        ref = f"{sheet.title}!{getattr(cell, 'coordinate', '?')}"
                        raise UploadRejected(
                            "excel_formula",
                            f"Excel 文件含有公式（{ref}），请将公式转换为数值后再上传",
                            f"the Excel file contains a formula ({ref}); "
                            "convert formulas to values and upload again",
                        )
    finally:
        workbook.close()


def validate_upload(
    file: IO[bytes] | Any, *, allowed: set[str] | frozenset[str], max_bytes: int | None = None
) -> str:
    """Check an uploaded file (see module docs); return its type or raise UploadRejected."""
    unknown = set(allowed) - TYPES
    if unknown:
        raise ValueError(f"unknown upload types {sorted(unknown)}; known: {sorted(TYPES)}")
    limit = int(max_bytes if max_bytes is not None else getattr(settings, "GDIP_UPLOAD_MAX_BYTES", 50 << 20))
    name = os.path.basename(str(getattr(file, "name", "") or ""))
    ext = os.path.splitext(name)[1].lower()
    declared = EXTENSIONS.get(ext)
    if declared is None or declared not in allowed:
        allowed_ext = "、".join(sorted(e for e, t in EXTENSIONS.items() if t in allowed))
        raise UploadRejected(
            "type_not_allowed",
            f"不接受此类文件（{ext or '无扩展名'}），允许：{allowed_ext}",
            f"file type {ext or '(no extension)'} is not accepted; "
            f"allowed: {allowed_ext.replace('、', ', ')}",
        )
    size = getattr(file, "size", None)
    if isinstance(size, int) and size > limit:
        raise UploadRejected(
            "too_large",
            f"文件过大（{size} 字节，上限 {limit} 字节）",
            f"the file is too large ({size} bytes; the limit is {limit} bytes)",
        )
    data = _read_all(file, limit)
    if len(data) > limit:
        raise UploadRejected(
            "too_large",
            f"文件过大（上限 {limit} 字节）",
            f"the file is too large (the limit is {limit} bytes)",
        )
    if not data:
        raise UploadRejected("empty", "文件为空", "the file is empty")
    actual = sniff_type(data)
    matches = (
        actual == declared
        or (actual in ("text", "json", "xml") and declared in ("csv", "txt"))
        or (
            actual == "text" and declared == "json"  # reported below as invalid JSON
        )
    )
    if not matches:
        raise UploadRejected(
            "type_mismatch",
            f"文件内容（{actual or '未知/二进制'}）与扩展名 {ext} 不符",
            f"the file's content ({actual or 'unknown/binary'}) does not match its extension {ext}",
        )
    if declared in TEXT_TYPES:
        text = _decode_text(data)
        if text is None:  # pragma: no cover - sniff_type already refused it
            raise UploadRejected(
                "encoding",
                "文本文件须为 UTF-8 或 GB18030 编码",
                "text files must be UTF-8 or GB18030 encoded",
            )
        if declared == "json":
            try:
                json.loads(text)
            except ValueError as exc:
                raise UploadRejected(
                    "invalid_json", f"JSON 格式错误：{exc}", f"invalid JSON: {exc}"
                ) from None
        if declared == "xml":
            _check_xml(data)
    if declared in ("zip", "xlsx"):
        _check_zip(data, len(data))
    if declared == "xlsx":
        _check_no_formulas(data)
    return declared


def _check_xml(data: bytes) -> None:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise UploadRejected(
            "unsafe_xml",
            "XML 含有 DTD 或实体声明，已拒绝",
            "the XML declares a DTD or entities, which are not accepted",
        ) from None
    except Exception as exc:
        raise UploadRejected("invalid_xml", f"XML 格式错误：{exc}", f"invalid XML: {exc}") from None
