"""The Parquet lake: versioned record files, a manifest, atomic commits.

Layout under the lake root::

    _manifest.json             the only source of truth: which files make up each kind
    _staging/<uuid>/           a writer's batches before commit (never read by queries)
    <kind>/c<seq>/part-*.parquet   the versions written by commit <seq>

Commit protocol (under an exclusive file lock, so concurrent ingests serialise):
1. DuckDB computes each staged row's natural key and content hash (its 64-bit hash of all
   normalised columns), keeps the last staged row
   per key, and compares it with the latest committed version of that key: unchanged rows are
   dropped, new keys and changed records become new versions.
2. The new versions are written to ``<kind>/c<seq>/`` and fsynced.
3. A new manifest is written to a temporary file, fsynced and renamed over the old one.
Only step 3 makes anything visible, and rename is atomic: a process killed at any moment
leaves the lake exactly as it was. Left-over files of a killed run are deleted by the next
commit that reuses the sequence number, and by ``vacuum()``.

History is kept: every version stays in its commit's files, stamped with ``_commit`` and
``_committed_at``, so the engine layer can answer "as of" queries.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from gdip.core.faults import fault_point
from gdip.datacenter.domain import KINDS, RecordKind, kind_by_name
from gdip.datacenter.ports import CommitInfo

__all__ = ["LakeError", "ParquetLake"]

MANIFEST = "_manifest.json"
FORMAT_VERSION = 1
# Rows per Parquet row group: small enough for selective reads, large enough to compress well.
ROW_GROUP_SIZE = 122_880


class LakeError(RuntimeError):
    """The lake cannot do what was asked (corrupt manifest, unknown kind, ...)."""


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sql_list(paths: list[str]) -> str:
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class ParquetLake:
    """A lake of versioned Parquet files under one directory."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        # Every query asks the manifest for its files; re-read it only when the file changed.
        self._cached: tuple[tuple[int, int, int], dict[str, Any]] | None = None

    # -- reading -----------------------------------------------------------------------------

    def manifest(self) -> dict[str, Any]:
        """The committed manifest (an empty one for a new lake), as a copy the caller may change."""
        return copy.deepcopy(self._current())

    def _current(self) -> dict[str, Any]:
        """The committed manifest, shared and read-only: re-read only when the file changed."""
        path = self.root / MANIFEST
        try:
            st = path.stat()
        except FileNotFoundError:
            return {"format": FORMAT_VERSION, "seq": 0, "kinds": {}, "commits": []}
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)  # a commit replaces the file: new inode
        if self._cached is not None and self._cached[0] == stamp:
            return self._cached[1]
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise LakeError(f"lake manifest {path} is unreadable: {exc}") from exc
        if data.get("format") != FORMAT_VERSION:
            raise LakeError(
                f"lake manifest {path} has format {data.get('format')}, expected {FORMAT_VERSION}"
            )
        self._cached = (stamp, data)
        return data

    def files(self, kind: str) -> list[str]:
        """Absolute paths of the committed files of a kind, oldest commit first."""
        entry = self._current()["kinds"].get(kind_by_name(kind).name)
        return [str(self.root / f) for f in entry["files"]] if entry else []

    def has_history(self, kind: str) -> bool:
        """True when some key of this kind has more than one version (the current view needs a window)."""
        entry = self._current()["kinds"].get(kind)
        return bool(entry and entry.get("updated_total", 0))

    def stats(self) -> dict[str, Any]:
        """Current record count per kind and the last commit."""
        m = self._current()
        kinds = {
            name: {
                "records": m["kinds"].get(name, {}).get("current_rows", 0),
                "versions": m["kinds"].get(name, {}).get("rows", 0),
                "files": len(m["kinds"].get(name, {}).get("files", [])),
            }
            for name in KINDS
        }
        last = m["commits"][-1] if m["commits"] else None
        return {"root": str(self.root), "kinds": kinds, "last_commit": last}

    # -- writing -----------------------------------------------------------------------------

    def writer(self, kind: str, source: str) -> ParquetLakeWriter:
        """Start staging records of one kind; nothing is visible until ``commit()``."""
        return ParquetLakeWriter(self, kind_by_name(kind), source)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _write_manifest(self, data: dict[str, Any]) -> None:
        tmp = self.root / f".{MANIFEST}.{uuid.uuid4().hex}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1, default=str)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.root / MANIFEST)
        _fsync_dir(self.root)

    def vacuum(self) -> list[str]:
        """Delete files no commit refers to (left by killed runs); returns what was removed."""
        removed: list[str] = []
        with self._locked():
            m = self.manifest()
            referenced = {f for entry in m["kinds"].values() for f in entry["files"]}
            for kind in KINDS:
                kdir = self.root / kind
                if not kdir.is_dir():
                    continue
                for part in kdir.rglob("*.parquet"):
                    rel = str(part.relative_to(self.root))
                    if rel not in referenced:
                        part.unlink()
                        removed.append(rel)
            staging = self.root / "_staging"
            if staging.is_dir():
                shutil.rmtree(staging, ignore_errors=True)
                removed.append("_staging/")
        return removed


class ParquetLakeWriter:
    """Stages batches of one kind in a private directory and commits them atomically."""

    def __init__(self, lake: ParquetLake, kind: RecordKind, source: str):
        self.lake = lake
        self.kind = kind
        self.source = source
        self.dir = lake.root / "_staging" / uuid.uuid4().hex
        self.dir.mkdir(parents=True, exist_ok=True)
        self._schema = kind.schema.append(pa.field("_ord", pa.int64()))
        self._writer: pq.ParquetWriter | None = None
        self._rows = 0

    def write_batch(self, table: pa.Table) -> None:
        """Stage records (columns of the kind's schema; missing columns become nulls)."""
        if table.num_rows == 0:
            return
        cols = []
        for f in self.kind.schema:
            if f.name in table.column_names:
                cols.append(table[f.name].cast(f.type))
            else:
                cols.append(pa.nulls(table.num_rows, f.type))
        cols.append(pa.array(range(self._rows, self._rows + table.num_rows), pa.int64()))
        batch = pa.Table.from_arrays(cols, schema=self._schema)
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.dir / "staged.parquet", self._schema, compression="zstd")
        self._writer.write_table(batch, row_group_size=ROW_GROUP_SIZE)
        self._rows += table.num_rows

    @property
    def staged_rows(self) -> int:
        return self._rows

    def abort(self) -> None:
        """Drop everything staged."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        shutil.rmtree(self.dir, ignore_errors=True)

    def commit(self, *, memory_limit: str = "1GB") -> CommitInfo:
        """Make the staged records visible as new versions; unchanged records write nothing."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        lake = self.lake
        kind = self.kind.name
        try:
            with lake._locked():
                manifest = lake.manifest()
                seq = int(manifest["seq"]) + 1
                committed_at = datetime.now(UTC)
                entry = manifest["kinds"].get(kind, {"files": [], "rows": 0, "current_rows": 0})
                out_dir = lake.root / kind / f"c{seq}"
                if out_dir.exists():  # left by a run killed before its manifest swap
                    shutil.rmtree(out_dir)
                out_dir.mkdir(parents=True)
                counts = self._merge(entry, seq, committed_at, out_dir, memory_limit)
                files = sorted(str(p.relative_to(lake.root)) for p in out_dir.glob("*.parquet"))
                for f in files:
                    with open(lake.root / f, "rb") as fh:
                        os.fsync(fh.fileno())
                if not files:
                    out_dir.rmdir()
                else:
                    _fsync_dir(out_dir)
                written = counts["inserted"] + counts["updated"]
                info = CommitInfo(
                    seq=seq,
                    kind=kind,
                    committed_at=committed_at,
                    source=self.source,
                    staged=counts["staged"],
                    inserted=counts["inserted"],
                    updated=counts["updated"],
                    unchanged=counts["unchanged"],
                    files=files,
                )
                fault_point("before_manifest")
                if written:
                    # A commit that changes nothing is not recorded: re-ingesting a file
                    # leaves the lake (and its manifest) byte for byte as it was.
                    entry = {
                        "files": entry["files"] + files,
                        "rows": entry["rows"] + written,
                        "current_rows": entry["current_rows"] + counts["inserted"],
                        "updated_total": entry.get("updated_total", 0) + counts["updated"],
                    }
                    manifest["kinds"][kind] = entry
                    manifest["seq"] = seq
                    manifest["commits"].append(
                        {
                            "seq": seq,
                            "kind": kind,
                            "committed_at": committed_at.isoformat(),
                            "source": self.source,
                            "inserted": counts["inserted"],
                            "updated": counts["updated"],
                            "unchanged": counts["unchanged"],
                        }
                    )
                    lake._write_manifest(manifest)
                return info
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def _merge(
        self, entry: dict[str, Any], seq: int, committed_at: datetime, out_dir: Path, memory_limit: str
    ) -> dict[str, int]:
        staged_path = self.dir / "staged.parquet"
        if self._rows == 0 or not staged_path.exists():
            return {"staged": 0, "inserted": 0, "updated": 0, "unchanged": 0}
        cols = [f.name for f in self.kind.schema]
        key_expr = (
            "concat_ws(':', "
            + ", ".join(f"coalesce(CAST({_quote(k)} AS VARCHAR), '')" for k in self.kind.key_fields)
            + ")"
        )
        # The content hash covers the normalised columns only (not the source or commit),
        # so the same record from another file counts as unchanged.
        # DuckDB's 64-bit row hash is ~9x faster than md5(to_json(...)) and only ever compares a
        # key's new version with its previous one, where a 2^-64 collision chance is negligible.
        hash_expr = "printf('%016x', hash(struct_pack(" + ", ".join(_quote(c) for c in cols) + ")))"
        tmp = self.dir / "duckdb_tmp"
        con = duckdb.connect(config={"memory_limit": memory_limit, "temp_directory": str(tmp), "threads": 2})
        try:
            con.execute(
                f"""CREATE TEMP TABLE staged AS
                SELECT * EXCLUDE (_rn) FROM (
                    SELECT *, {key_expr} AS _key, {hash_expr} AS _hash,
                           row_number() OVER (PARTITION BY {key_expr} ORDER BY _ord DESC) AS _rn
                    FROM read_parquet('{staged_path}'))
                WHERE _rn = 1"""
            )
            current_files = [str(self.lake.root / f) for f in entry["files"]]
            if current_files:
                con.execute(
                    f"""CREATE TEMP TABLE cur AS
                    SELECT _key, arg_max(_hash, _commit) AS _hash
                    FROM read_parquet({_sql_list(current_files)}) GROUP BY _key"""
                )
            else:
                con.execute("CREATE TEMP TABLE cur (_key VARCHAR, _hash VARCHAR)")
            con.execute(
                """CREATE TEMP TABLE classified AS
                SELECT s.*,
                       CASE WHEN c._key IS NULL THEN 'i' WHEN c._hash <> s._hash THEN 'u' ELSE 'n' END AS _cls
                FROM staged s LEFT JOIN cur c USING (_key)"""
            )
            rows = dict(con.execute("SELECT _cls, count(*) FROM classified GROUP BY _cls").fetchall())
            counts = {
                "staged": sum(rows.values()),
                "inserted": rows.get("i", 0),
                "updated": rows.get("u", 0),
                "unchanged": rows.get("n", 0),
            }
            if counts["inserted"] + counts["updated"]:
                select = ", ".join(_quote(c) for c in cols)
                source = self.source.replace("'", "''")
                committed_naive = committed_at.replace(tzinfo=None).isoformat()
                con.execute(
                    f"""COPY (
                        SELECT {select}, _key, _hash, '{source}' AS _source, CAST({seq} AS BIGINT) AS _commit,
                               CAST('{committed_naive}' AS TIMESTAMP) AS _committed_at
                        FROM classified WHERE _cls <> 'n' ORDER BY _key)
                    TO '{out_dir}' (FORMAT PARQUET, COMPRESSION ZSTD, ROW_GROUP_SIZE {ROW_GROUP_SIZE},
                                    PER_THREAD_OUTPUT false, FILE_SIZE_BYTES '256MB',
                                    FILENAME_PATTERN 'part-{{i}}')"""
                )
            return counts
        finally:
            con.close()
