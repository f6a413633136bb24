"""Ports of the data center: what the services need from sources, the lake and engines."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import pyarrow as pa

__all__ = ["CommitInfo", "Lake", "LakeWriter", "RecordSource"]


class RecordSource(Protocol):
    """Yields raw interchange records (dicts) with their position in the input."""

    name: str  # shown in reports and stored as _source

    def __iter__(self) -> Iterator[Any]: ...

    def progress(self) -> tuple[int, int | None]:
        """Bytes read so far and total bytes (None when unknown), for progress bars."""
        ...


@dataclass(frozen=True)
class CommitInfo:
    """What one lake commit wrote."""

    seq: int
    kind: str
    committed_at: datetime
    source: str
    staged: int  # distinct records offered
    inserted: int  # new natural keys
    updated: int  # new versions of existing keys
    unchanged: int  # identical to the current version: nothing written
    files: list[str] = field(default_factory=list)


class LakeWriter(Protocol):
    def write_batch(self, table: pa.Table) -> None: ...

    def commit(self) -> CommitInfo: ...

    def abort(self) -> None: ...


class Lake(Protocol):
    def writer(self, kind: str, source: str) -> LakeWriter: ...

    def files(self, kind: str) -> list[str]: ...

    def stats(self) -> dict[str, Any]: ...
