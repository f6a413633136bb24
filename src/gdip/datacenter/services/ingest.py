"""The ingest service: source → validation and normalisation → lake, with a rejects file.

Validation is CPU-bound Python, so chunks of records are validated in worker processes
(one per core) while the main process reads the input and stages Arrow batches in the lake.
At most a few chunks are in flight, so memory stays bounded whatever the input size.
The lake commit at the end is atomic: a run killed at any moment leaves the lake unchanged.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa

from gdip.config.paths import lake_dir, rejects_dir
from gdip.datacenter.adapters.issues import RecordIssue
from gdip.datacenter.adapters.lake_parquet import ParquetLake
from gdip.datacenter.adapters.sources import JsonlSource, decode_jsonl, open_source, read_jsonl_block
from gdip.datacenter.adapters.xml_safety import SourceUnreadable, UnsafeXMLError
from gdip.datacenter.domain import KINDS, kind_by_name
from gdip.datacenter.services.fields import RecordError
from gdip.datacenter.services.records import normalise

__all__ = ["FORMATS", "IngestFailed", "IngestReport", "detect_format", "ingest", "ingest_file"]

FORMATS = ("jsonl", "csv", "parquet", "st36", "uspto")
CHUNK = 5_000  # records per worker task
PARALLEL_THRESHOLD = 20_000  # smaller inputs are validated in-process (no pool start-up)

ProgressCallback = Callable[[int, int | None, int], None]


class IngestFailed(RuntimeError):
    """The input cannot be ingested at all (unreadable, unsafe, unknown kind or format)."""

    def __init__(self, code: str, message_zh: str, message_en: str):
        super().__init__(message_en)
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en


@dataclass
class IngestReport:
    """The reconciliation of one run: read = loaded + rejected."""

    kind: str
    source: str
    read: int = 0
    loaded: int = 0
    rejected: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejects_file: str | None = None
    duration_s: float = 0.0
    commit: int | None = None
    reasons: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """The object `gdip ingest --json` prints."""
        out = asdict(self)
        out["duration_s"] = round(self.duration_s, 3)
        return out

    def describe(self) -> str:
        lines = [
            f"{self.kind} ← {self.source}",
            f"read {self.read:,} = loaded {self.loaded:,} + rejected {self.rejected:,}"
            f"  (new {self.inserted:,}, updated {self.updated:,}, unchanged {self.unchanged:,})",
            f"duration {self.duration_s:.2f} s"
            + (f", {self.read / self.duration_s:,.0f} records/s" if self.duration_s > 0 else ""),
        ]
        if self.rejected:
            reasons = ", ".join(f"{k} {v}" for k, v in sorted(self.reasons.items(), key=lambda kv: -kv[1]))
            lines.append(f"rejects ({reasons}) → {self.rejects_file}")
        return "\n".join(lines)


def detect_format(path: Path) -> str:
    """The format implied by a file name (.jsonl/.ndjson, .csv, .parquet, .xml → st36 or uspto)."""
    name = path.name.lower()
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith((".csv", ".tsv")):
        return "csv"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith(".xml"):
        return "uspto" if name.startswith(("ipg", "ipa")) else "st36"
    raise IngestFailed(
        "format_unknown",
        f"无法从文件名 {path.name} 判断格式，请用 --format 指定（{'/'.join(FORMATS)}）",
        f"cannot tell the format of {path.name}; pass --format ({'/'.join(FORMATS)})",
    )


def _validate_chunk(
    kind: str, today: date, items: list[tuple[int, Any]]
) -> tuple[pa.Table, list[dict[str, Any]]]:
    """Validate a chunk (runs in a worker): good rows as one Arrow table, bad ones as reject rows."""
    schema = KINDS[kind].schema
    rows: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    for position, payload in items:
        if isinstance(payload, RecordIssue):
            rejects.append(
                {
                    "position": position,
                    "code": payload.code,
                    "field": None,
                    "message_zh": payload.message_zh,
                    "message_en": payload.message_en,
                    "record": payload.raw,
                }
            )
            continue
        raw = payload
        try:
            if isinstance(payload, bytes):
                try:
                    raw = decode_jsonl(payload)
                except ValueError as exc:
                    raise RecordError(
                        "json_syntax", None, f"JSON 语法错误：{exc}", f"invalid JSON: {exc}"
                    ) from None
            rows.append(normalise(kind, raw, today))
        except RecordError as exc:
            record = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else raw
            rejects.append(
                {
                    "position": position,
                    "code": exc.code,
                    "field": exc.field,
                    "message_zh": exc.message_zh,
                    "message_en": exc.message_en,
                    "record": record,
                }
            )
    # Column by column is ~3.5x faster than Table.from_pylist for these nested rows.
    columns = [pa.array([row[f.name] for row in rows], type=f.type) for f in schema]
    return pa.Table.from_arrays(columns, schema=schema), rejects


def _validate_block(
    kind: str,
    today: date,
    path: str,
    offset: int,
    length: int,
    first_line: int,
) -> tuple[pa.Table, list[dict[str, Any]]]:
    """Read one block of a JSONL file and validate it (runs in a worker)."""
    return _validate_chunk(kind, today, read_jsonl_block(path, offset, length, first_line))


def _die_with_parent(parent_pid: int) -> None:
    """Worker initializer: when the ingest process is killed (even by kill -9), its workers exit too."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)


def _chunks(items: Iterable[tuple[int, Any]], size: int) -> Iterator[list[tuple[int, Any]]]:
    chunk: list[tuple[int, Any]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _RejectsFile:
    """Rejects as JSON Lines, opened only when the first reject arrives."""

    def __init__(self, kind: str, source: str):
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in source)[:80]
        self.path = rejects_dir() / f"{kind}-{stamp}-{os.getpid()}-{safe}.rejects.jsonl"
        self._fh: Any = None

    def write(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "wb")  # noqa: SIM115 - kept open across batches, closed by close()
        for row in rows:
            self._fh.write(orjson.dumps(row, default=str) + b"\n")

    def close(self) -> str | None:
        if self._fh is None:
            return None
        self._fh.close()
        return str(self.path)


def ingest(
    kind: str,
    source: Any,
    lake: ParquetLake,
    *,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
    size_hint: int | None = None,
) -> IngestReport:
    """Validate every record of a source and commit the good ones to the lake atomically."""
    kind = kind_by_name(kind).name
    started = time.perf_counter()
    today = date.today()
    report = IngestReport(kind=kind, source=source.name)
    rejects = _RejectsFile(kind, source.name)
    writer = lake.writer(kind, f"{source.name}")
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    parallel = workers > 1 and (size_hint is None or size_hint > PARALLEL_THRESHOLD)

    def absorb(result: tuple[pa.Table, list[dict[str, Any]]]) -> None:
        table, bad = result
        writer.write_batch(table)
        rejects.write(bad)
        report.loaded += table.num_rows
        report.rejected += len(bad)
        for row in bad:
            report.reasons[row["code"]] = report.reasons.get(row["code"], 0) + 1
        report.read = report.loaded + report.rejected
        if progress is not None:
            done, total = source.progress()
            progress(done, total, report.read)

    try:
        if parallel:
            # fork: workers inherit the loaded normalisation tables instead of rebuilding them.
            import multiprocessing

            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(
                max_workers=workers, mp_context=ctx, initializer=_die_with_parent, initargs=(os.getpid(),)
            ) as pool:
                pending: list[Future] = []
                tasks: Iterable[tuple[Any, ...]]
                if isinstance(source, JsonlSource):
                    # Workers read their own byte ranges: the main process never handles records.
                    tasks = ((_validate_block, kind, today, str(source.path), *r) for r in source.ranges())
                else:
                    tasks = ((_validate_chunk, kind, today, chunk) for chunk in _chunks(source, CHUNK))
                for fn, *args in tasks:
                    pending.append(pool.submit(fn, *args))
                    while len(pending) > workers * 2:  # bounded: memory stays flat
                        absorb(pending.pop(0).result())
                for fut in pending:
                    absorb(fut.result())
        else:
            for chunk in _chunks(source, CHUNK):
                absorb(_validate_chunk(kind, today, chunk))
        info = writer.commit()
    except SourceUnreadable as exc:
        writer.abort()
        raise IngestFailed("source_unreadable", exc.message_zh, exc.message_en) from None
    except UnsafeXMLError as exc:
        writer.abort()
        raise IngestFailed(exc.code, exc.message_zh, exc.message_en) from None
    except OSError as exc:
        writer.abort()
        if exc.errno == errno.ENOSPC:
            raise IngestFailed(
                "disk_full",
                "磁盘空间不足，导入已停止，数据湖保持不变",
                "the disk is full: ingest stopped and the lake is unchanged",
            ) from None
        raise
    except BaseException:
        writer.abort()
        raise
    finally:
        report.rejects_file = rejects.close()
    report.inserted, report.updated, report.unchanged = info.inserted, info.updated, info.unchanged
    report.commit = info.seq if info.inserted + info.updated else None
    report.duration_s = time.perf_counter() - started
    return report


def ingest_file(
    kind: str,
    path: Path | str,
    *,
    fmt: str | None = None,
    lake: ParquetLake | None = None,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
) -> IngestReport:
    """Ingest one file (format from --format or the file name)."""
    path = Path(path)
    try:
        kind_by_name(kind)
    except KeyError:
        raise IngestFailed(
            "kind_unknown",
            f"未知的记录类型 {kind}（可选：{'、'.join(KINDS)}）",
            f"unknown record kind {kind!r} (one of {', '.join(KINDS)})",
        ) from None
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise IngestFailed(
            "format_unknown",
            f"未知格式 {fmt}（可选：{'/'.join(FORMATS)}）",
            f"unknown format {fmt!r} (one of {'/'.join(FORMATS)})",
        )
    if fmt in ("st36", "uspto") and kind != "patents":
        raise IngestFailed(
            "format_kind",
            f"{fmt} 格式只能导入专利（patents）",
            f"the {fmt} format holds patents only; use kind 'patents'",
        )
    if not path.exists():
        raise IngestFailed("source_unreadable", f"文件不存在：{path}", f"file not found: {path}")
    source = open_source(path, fmt)
    size = path.stat().st_size if path.is_file() else 0
    # Roughly 300 bytes a record: below the threshold a pool costs more than it saves.
    hint = size // 300 if fmt in ("jsonl", "csv") else None
    return ingest(
        kind, source, lake or ParquetLake(lake_dir()), progress=progress, workers=workers, size_hint=hint
    )
