"""A record an adapter could not turn into an interchange dict, for the rejects file."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["RecordIssue"]


@dataclass(frozen=True, slots=True)
class RecordIssue:
    """One rejected record: where it was, why (bilingual), and a bounded excerpt of it.

    ``position`` follows the adapter's own numbering of records (document ordinal for ST.36,
    starting line for USPTO bulk files) so a reader can find the record in the source file.
    """

    position: int
    code: str
    message_zh: str
    message_en: str
    raw: str | None = None
