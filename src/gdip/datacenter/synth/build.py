"""Build the calibrated demo data set into the lake (`gdip demo-data`).

Each kind is generated in chunks and staged through the lake writer, then committed once;
the lake skips records whose content hash is unchanged, so rebuilding with the same seed
changes nothing. Statuses are as of 2025-12-31, never "today".
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pyarrow as pa

from gdip.config.paths import lake_dir
from gdip.datacenter.adapters.lake_parquet import ParquetLake, ParquetLakeWriter
from gdip.datacenter.synth import SCALES
from gdip.datacenter.synth.common import AS_OF_ISO
from gdip.datacenter.synth.events import event_batches, plan_pledges
from gdip.datacenter.synth.names import build_entities
from gdip.datacenter.synth.others import copyright_batches, gi_table, ic_layout_table, plant_variety_table
from gdip.datacenter.synth.patents import build_patent_skeleton, patent_batches
from gdip.datacenter.synth.trademarks import build_trademark_skeleton, trademark_batches

__all__ = ["build_demo_data"]

# The commit deduplicates and hashes staged rows in DuckDB; more memory avoids spilling, and
# committing every million rows keeps each merge in memory (a 5-million-row merge of wide rows
# spilled gigabytes to disk). Commits never overlap in keys: batches follow the record order.
COMMIT_MEMORY = "4GB"
COMMIT_ROWS = 1_000_000


@contextlib.contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int, int | None], None]]:
    if not enabled:
        yield lambda kind, rows, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]{task.description:<16}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("rows"),
        TimeElapsedColumn(),
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(kind: str, rows: int, total: int | None) -> None:
            if kind not in tasks:
                tasks[kind] = bar.add_task(kind, total=total)
            bar.update(tasks[kind], completed=rows, total=total)

        yield update


def build_demo_data(
    scale: str = "small", seed: int = 20201231, show_progress: bool = False, lake: ParquetLake | None = None
) -> dict[str, Any]:
    """Generate the demo data set at a scale ("small", "medium", "full") into the lake.

    Returns a summary: scale, seed, per-kind staged / inserted / unchanged counts, timings.
    Example: ``build_demo_data("small", seed=1, lake=ParquetLake(tmp))["kinds"]["patents"]``.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; valid scales: {', '.join(SCALES)}")
    factor = SCALES[scale]
    lake = lake or ParquetLake(lake_dir())
    source = f"synthetic:demo-data scale={scale} seed={seed}"
    started = time.perf_counter()
    summary: dict[str, Any] = {
        "scale": scale,
        "seed": seed,
        "as_of": AS_OF_ISO,
        "lake": str(lake.root),
        "kinds": {},
    }
    with _progress(show_progress) as progress:
        t0 = time.perf_counter()
        pool = build_entities(seed, factor)
        patents = build_patent_skeleton(seed, factor, pool)
        trademarks = build_trademark_skeleton(seed, factor, pool)
        pledges = plan_pledges(seed, factor, patents, trademarks, pool)
        summary["planning_seconds"] = round(time.perf_counter() - t0, 1)
        n_pat = len(patents) + len(patents.foreign["parent"])

        def write(kind: str, batches: Iterable[pa.Table], total: int | None) -> None:
            t = time.perf_counter()
            counts = {"staged": 0, "inserted": 0, "updated": 0, "unchanged": 0, "commits": 0}
            rows = 0
            writer: ParquetLakeWriter | None = None
            progress(kind, 0, total)

            def commit() -> None:
                assert writer is not None
                info = writer.commit(memory_limit=COMMIT_MEMORY)
                for k in ("staged", "inserted", "updated", "unchanged"):
                    counts[k] += getattr(info, k)
                counts["commits"] += 1

            try:
                for batch in batches:
                    if writer is None:
                        writer = lake.writer(kind, source)
                    writer.write_batch(batch)
                    rows += batch.num_rows
                    progress(kind, rows, total)
                    if writer.staged_rows >= COMMIT_ROWS:
                        commit()
                        writer = None
                if writer is not None:
                    commit()
                    writer = None
            except BaseException:
                if writer is not None:
                    writer.abort()
                raise
            summary["kinds"][kind] = {**counts, "seconds": round(time.perf_counter() - t, 1)}

        write("entities", [pool.table], len(pool))
        write("patents", patent_batches(seed, patents, pool), n_pat)
        write("trademarks", trademark_batches(seed, trademarks, pool), len(trademarks))
        write("legal-events", event_batches(seed, patents, trademarks, pool, pledges), None)
        write("copyrights", copyright_batches(seed, factor, pool), None)
        write("gis", [gi_table(seed, pool)], None)
        write("plant-varieties", [plant_variety_table(seed, pool)], None)
        write("ic-layouts", [ic_layout_table(seed, pool)], None)
    summary["seconds"] = round(time.perf_counter() - started, 1)
    summary["pledge_projects"] = len(set(pledges.project.tolist()))
    return summary
