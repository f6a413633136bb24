"""Rich progress bars for long CLI work (shown only on a terminal)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Protocol

__all__ = ["ProgressSink", "ingest_progress"]


class ProgressSink(Protocol):
    def __call__(self, done_bytes: int, total_bytes: int | None, records: int) -> None: ...


@contextlib.contextmanager
def ingest_progress(enabled: bool) -> Iterator[ProgressSink | None]:
    """A callback that moves a bytes-based bar with a records counter, or None when disabled."""
    if not enabled:
        yield None
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[records]:,} records"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        transient=False,
    ) as bar:
        task = bar.add_task("ingest", total=None, records=0)

        def update(done_bytes: int, total_bytes: int | None, records: int) -> None:
            bar.update(task, completed=done_bytes, total=total_bytes, records=records)

        yield update
