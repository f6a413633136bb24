"""validate_upload: real type from the content, size limits, no Excel formulas, safe XML, no zip bombs."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gdip.core.uploads import UploadRejected, sniff_type, validate_upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
ALL = {"xlsx", "zip", "pdf", "png", "jpeg", "csv", "txt", "json", "xml"}


def _xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("a.png", PNG, "png"),
        ("a.JPG", JPEG, "jpeg"),
        ("a.jpeg", JPEG, "jpeg"),
        ("a.pdf", PDF, "pdf"),
        ("a.csv", "名称,金额\n甲,1\n".encode(), "csv"),
        ("a.csv", "名称,金额\n甲,1\n".encode("gb18030"), "csv"),
        ("a.txt", "\ufeff说明".encode("utf-8-sig"), "txt"),
        ("a.json", b'{"a": [1, 2]}', "json"),
        ("a.xml", b"<?xml version='1.0'?><a><b>1</b></a>", "xml"),
        ("a.zip", _zip({"a.txt": b"hello"}), "zip"),
        ("a.xlsx", _xlsx([["名称", "金额"], ["甲", 1]]), "xlsx"),
    ],
)
def test_accepts_what_it_claims_to_be(name: str, content: bytes, kind: str) -> None:
    assert validate_upload(upload(name, content), allowed=ALL, max_bytes=1 << 20) == kind


@pytest.mark.parametrize(
    ("name", "content", "allowed", "reason"),
    [
        ("a.xlsx", PDF, {"xlsx"}, "type_mismatch"),
        ("a.pdf", PNG, {"pdf"}, "type_mismatch"),
        ("a.png", JPEG, {"png"}, "type_mismatch"),
        ("a.csv", b"MZ\x90\x00\x03\x00\x00\x00", {"csv"}, "type_mismatch"),  # an executable
        ("a.csv", b"a,b\n\x00\x01", {"csv"}, "type_mismatch"),  # NUL bytes: not text
        ("a.xlsx", _zip({"a.txt": b"x"}), {"xlsx"}, "type_mismatch"),  # a zip, not a workbook
        ("a.exe", PNG, {"png"}, "type_not_allowed"),
        ("a", PNG, {"png"}, "type_not_allowed"),
        ("a.pdf", PDF, {"png"}, "type_not_allowed"),
        ("a.png", b"", {"png"}, "empty"),
        ("a.json", b"{not json", {"json"}, "invalid_json"),
        ("a.json", b"just text", {"json"}, "invalid_json"),
        ("a.xml", b"<a><b></a>", {"xml"}, "invalid_xml"),
        ("a.xml", b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', {"xml"}, "unsafe_xml"),
        (
            "a.xml",
            b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
            {"xml"},
            "unsafe_xml",
        ),
        ("a.xlsx", _xlsx([["a"], ["=SUM(1,2)"]]), {"xlsx"}, "excel_formula"),
        ("a.zip", _zip({"bomb.txt": b"\x00" * (5 << 20)}), {"zip"}, "zip_bomb"),
        (
            "a.xlsx",
            _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>", "xl/vbaProject.bin": b"macro"}),
            {"xlsx"},
            "macros",
        ),
    ],
)
def test_refuses(name: str, content: bytes, allowed: set[str], reason: str) -> None:
    with pytest.raises(UploadRejected) as refused:
        validate_upload(upload(name, content), allowed=allowed, max_bytes=1 << 20)
    assert refused.value.reason == reason
    assert refused.value.message_zh and refused.value.message_en
    assert refused.value.messages == [f"{refused.value.message_zh} / {refused.value.message_en}"]


def test_size_limit() -> None:
    content = b"a,b\n" * 1000
    assert validate_upload(upload("a.csv", content), allowed={"csv"}, max_bytes=len(content)) == "csv"
    with pytest.raises(UploadRejected) as refused:
        validate_upload(upload("a.csv", content), allowed={"csv"}, max_bytes=len(content) - 1)
    assert refused.value.reason == "too_large"
    plain = io.BytesIO(content)  # a file object without .size
    plain.name = "a.csv"
    with pytest.raises(UploadRejected):
        validate_upload(plain, allowed={"csv"}, max_bytes=100)
    assert plain.tell() == 0  # left rewound for the caller


def test_default_limit_from_settings(settings: Any) -> None:
    settings.GDIP_UPLOAD_MAX_BYTES = 10
    with pytest.raises(UploadRejected):
        validate_upload(upload("a.txt", b"x" * 11), allowed={"txt"})


def test_unknown_type_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        validate_upload(upload("a.doc", b"x"), allowed={"doc"})


def test_formula_message_names_the_cell() -> None:
    with pytest.raises(UploadRejected) as refused:
        validate_upload(
            upload("a.xlsx", _xlsx([["a", "b"], [1, "=A2*2"]])), allowed={"xlsx"}, max_bytes=1 << 20
        )
    assert "B2" in refused.value.message_zh and "B2" in refused.value.message_en


def test_request_size_settings(settings: Any) -> None:
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 10 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024


def test_sniff_type() -> None:
    assert sniff_type(PNG) == "png" and sniff_type(b"\x00\x01") is None and sniff_type(b"a,b") == "text"
