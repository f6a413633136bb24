"""Record sources for the interchange formats: JSON Lines, CSV and Parquet.

A source yields ``(position, payload)`` pairs, where position is the line (JSONL, CSV) or
row number (Parquet) shown in rejects, and payload is either raw bytes (JSONL: decoded by
the worker that validates, so parsing runs in parallel), a dict, or a ``RecordIssue`` for
input that could not even be read as a record.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from gdip.datacenter.adapters.issues import RecordIssue
from gdip.datacenter.adapters.xml_safety import SourceUnreadable

__all__ = ["CsvSource", "JsonlSource", "ParquetSource", "decode_jsonl", "open_source", "read_jsonl_block"]

_BINARY_MAGIC = (
    b"\x89PNG",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\xd0\xcf\x11\xe0",
)
# CSV cells that hold lists: JSON arrays, or ';'-separated values (see docs/interchange.md).
_JSON_CELL_FIELDS = {"applicants", "owners", "holders", "family", "awards"}


def _check_readable(path: Path, *, text: bool) -> bytes:
    """Refuse what is not a readable file of the expected nature, with a clear message."""
    if not path.exists():
        raise SourceUnreadable(f"文件不存在：{path}", f"file not found: {path}")
    if not path.is_file():
        raise SourceUnreadable(f"不是文件：{path}", f"not a regular file: {path}")
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536)
    except OSError as exc:
        raise SourceUnreadable(
            f"无法读取文件 {path}：{exc.strerror}", f"cannot read {path}: {exc.strerror}"
        ) from exc
    if text and (head.startswith(_BINARY_MAGIC) or b"\x00" in head):
        raise SourceUnreadable(
            f"文件 {path.name} 不是文本文件（可能是图片、压缩包或 Excel）",
            f"{path.name} is not a text file (an image, archive or spreadsheet?)",
        )
    return head


class _FileSource:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.name = self.path.name
        self._done = 0
        self._total = self.path.stat().st_size if self.path.exists() else None

    def progress(self) -> tuple[int, int | None]:
        return self._done, self._total


def decode_jsonl(payload: bytes) -> Any:
    """Decode one JSON line (raises ValueError on bad JSON)."""
    return orjson.loads(payload)


def read_jsonl_block(path: Path | str, offset: int, length: int, first_line: int) -> list[tuple[int, bytes]]:
    """The non-blank lines of one block with their line numbers (runs in a worker)."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        data = fh.read(length)
    return [(first_line + i, line.strip()) for i, line in enumerate(data.split(b"\n")) if line.strip()]


class JsonlSource(_FileSource):
    """JSON Lines: one object per line; blank lines are skipped."""

    def check(self) -> None:
        """Refuse a file that is not UTF-8 text, before any record is read."""
        head = _check_readable(self.path, text=True)
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the 64 KiB boundary
                raise SourceUnreadable(
                    f"文件 {self.name} 不是 UTF-8 编码的 JSON Lines",
                    f"{self.name} is not UTF-8 encoded JSON Lines",
                ) from None

    def ranges(self, block: int = 4 << 20) -> Iterator[tuple[int, int, int]]:
        """Cut the file into (offset, length, first line number) blocks ending at line ends.

        Workers read and parse their blocks themselves, so the main process only counts
        newlines (in C) and never touches the records.
        """
        self.check()
        with open(self.path, "rb") as fh:
            offset, line = 0, 1
            while True:
                fh.seek(offset)
                buf = fh.read(block)
                if not buf:
                    return
                cut = len(buf)
                if len(buf) == block:
                    cut = buf.rfind(b"\n") + 1
                    while cut == 0:  # one line longer than a block: read on to its end
                        more = fh.read(block)
                        buf += more
                        cut = buf.rfind(b"\n") + 1 if more else len(buf)
                yield offset, cut, line
                line += buf.count(b"\n", 0, cut)
                offset += cut
                self._done = offset

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        self.check()
        with open(self.path, "rb") as fh:
            for number, line in enumerate(fh, start=1):
                self._done += len(line)
                stripped = line.strip()
                if stripped:
                    yield number, stripped


class CsvSource(_FileSource):
    """CSV with a header row, UTF-8 (with or without BOM) or GB18030 as saved by Chinese Excel."""

    def _encoding(self, head: bytes) -> str:
        try:
            head.decode("utf-8")
            return "utf-8-sig"
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:
                return "utf-8-sig"
        try:
            head.decode("gb18030")
            return "gb18030"
        except UnicodeDecodeError:
            raise SourceUnreadable(
                f"无法识别文件 {self.name} 的编码（应为 UTF-8 或 GB18030）",
                f"cannot tell the encoding of {self.name} (expected UTF-8 or GB18030)",
            ) from None

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        head = _check_readable(self.path, text=True)
        encoding = self._encoding(head)
        with open(self.path, "rb") as raw:
            text = io.TextIOWrapper(raw, encoding=encoding, newline="")
            delimiter = "\t" if self.path.suffix.lower() == ".tsv" else ","
            reader = csv.DictReader(text, delimiter=delimiter)
            if not reader.fieldnames:
                raise SourceUnreadable(
                    f"CSV 文件 {self.name} 没有表头行", f"CSV file {self.name} has no header row"
                )
            try:
                for row in reader:
                    self._done = raw.tell()
                    line = reader.line_num
                    if None in row:  # more cells than header columns
                        yield (
                            line,
                            RecordIssue(
                                line,
                                "csv_columns",
                                f"第 {line} 行的列数多于表头",
                                f"line {line} has more cells than the header",
                                repr(row),
                            ),
                        )
                        continue
                    yield line, self._cells(row, line)
            except csv.Error as exc:
                line = reader.line_num
                yield (
                    line,
                    RecordIssue(line, "csv_syntax", f"CSV 格式错误：{exc}", f"CSV syntax error: {exc}", None),
                )

    @staticmethod
    def _cells(row: dict[str, Any], line: int) -> Any:
        out: dict[str, Any] = {}
        for key, value in row.items():
            key = key.strip()
            if isinstance(value, str):
                value = value.strip()
                if value == "":
                    value = None
                elif key in _JSON_CELL_FIELDS and value[:1] in "[{":
                    try:
                        value = orjson.loads(value)
                    except orjson.JSONDecodeError:
                        return RecordIssue(
                            line,
                            "json_syntax",
                            f"第 {line} 行字段 {key} 的 JSON 无效",
                            f"line {line}: field {key} holds invalid JSON",
                            str(row),
                        )
            out[key] = value
        return out


class ParquetSource(_FileSource):
    """Parquet in the interchange layout (nested lists and structs as in JSON)."""

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        import pyarrow.parquet as pq

        _check_readable(self.path, text=False)
        try:
            pf = pq.ParquetFile(self.path)
        except Exception as exc:  # pyarrow raises several types for non-Parquet input
            raise SourceUnreadable(
                f"文件 {self.name} 不是有效的 Parquet 文件：{exc}",
                f"{self.name} is not a valid Parquet file: {exc}",
            ) from None
        position = 0
        total_groups = max(pf.num_row_groups, 1)
        for group in range(pf.num_row_groups):
            batch = pf.read_row_group(group)
            for row in batch.to_pylist():
                position += 1
                yield position, row
            self._done = int((self._total or 0) * (group + 1) / total_groups)


def open_source(path: Path, fmt: str) -> Any:
    """The source for a format name."""
    if fmt == "jsonl":
        return JsonlSource(path)
    if fmt == "csv":
        return CsvSource(path)
    if fmt == "parquet":
        return ParquetSource(path)
    if fmt in ("st36", "uspto"):
        from gdip.datacenter.adapters.xml_sources import XmlSource

        return XmlSource(path, fmt)
    raise ValueError(f"unknown format {fmt!r}")
