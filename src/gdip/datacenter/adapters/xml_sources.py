"""Official XML formats as record sources (ST.36-based patent XML, USPTO grant XML)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gdip.datacenter.adapters.issues import RecordIssue

__all__ = ["XmlSource"]


class XmlSource:
    """Wraps the streaming XML parsers in the record-source contract."""

    def __init__(self, path: Path, fmt: str):
        self.path = Path(path)
        self.name = self.path.name
        self.fmt = fmt
        self._count = 0
        self._total = self.path.stat().st_size if self.path.exists() else None

    def progress(self) -> tuple[int, int | None]:
        # The parsers do not expose their byte offset; report records instead of bytes.
        return self._count, None

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        if self.fmt == "st36":
            from gdip.datacenter.adapters.xml_st36 import iter_st36 as parse
        else:
            from gdip.datacenter.adapters.xml_uspto import iter_uspto as parse
        for item in parse(self.path):
            self._count += 1
            if isinstance(item, RecordIssue):
                yield item.position, item
            else:
                yield item
