"""The engine layer: the lake's record kinds as Ibis tables, on DuckDB (default) or Spark.

All analytics are Ibis expressions over ``Engine.table(kind)``; the same expression runs on
either backend. ``GDIP_ENGINE=spark`` (or ``--engine spark``) selects PySpark: local[2] by
default, or a Spark Connect server when ``GDIP_SPARK_REMOTE`` (e.g. ``sc://host:15002``) is set.
"""

from __future__ import annotations

import os
import threading
from datetime import datetime
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from gdip.config.paths import lake_dir
from gdip.datacenter.adapters.lake_parquet import ParquetLake
from gdip.datacenter.domain import kind_by_name

__all__ = ["ENGINES", "Engine", "get_engine", "reset_engines"]

ENGINES = ("duckdb", "spark")


class Engine:
    """One Ibis backend bound to one lake."""

    def __init__(self, name: str, lake: ParquetLake):
        if name not in ENGINES:
            raise ValueError(f"unknown engine {name!r}; expected one of {', '.join(ENGINES)}")
        self.name = name
        self.lake = lake
        self._con: Any = None
        self._spark: Any = None
        self._registered: dict[str, tuple[tuple[str, ...], ir.Table]] = {}
        self._lock = threading.Lock()

    @property
    def con(self) -> Any:
        if self._con is None:
            if self.name == "duckdb":
                # Offline: a missing extension must fail at once instead of trying to download.
                self._con = ibis.duckdb.connect(threads=2, autoinstall_known_extensions=False)
            else:
                self._con = ibis.pyspark.connect(self._spark_session())
        return self._con

    def _spark_session(self) -> Any:
        from pyspark.sql import SparkSession

        remote = os.environ.get("GDIP_SPARK_REMOTE")
        builder = SparkSession.builder.appName("gdip")
        if remote:
            builder = builder.remote(remote)
        else:
            builder = (
                builder.master(os.environ.get("GDIP_SPARK_MASTER", "local[2]"))
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.driver.memory", os.environ.get("GDIP_SPARK_DRIVER_MEMORY", "2g"))
            )
        self._spark = builder.getOrCreate()
        if not remote:
            self._spark.sparkContext.setLogLevel("ERROR")
        return self._spark

    def _base(self, kind: str) -> ir.Table:
        """All versions of a kind as registered with the backend (re-registered after commits)."""
        rk = kind_by_name(kind)
        files = tuple(self.lake.files(rk.name))
        with self._lock:
            cached = self._registered.get(rk.name)
            if cached and cached[0] == files:
                return cached[1]
            view = "lake_" + rk.name.replace("-", "_") + f"_{len(files)}"
            if not files:
                table = ibis.memtable(rk.lake_schema.empty_table())
            elif self.name == "duckdb":
                table = self.con.read_parquet(list(files), table_name=view)
            else:
                self.con  # noqa: B018 - makes sure the session exists
                self._spark.read.parquet(*files).createOrReplaceTempView(view)
                table = self.con.table(view)
            self._registered[rk.name] = (files, table)
            return table

    def table(self, kind: str, *, as_of: datetime | None = None, history: bool = False) -> ir.Table:
        """The current version of each record of a kind, or the versions as of a moment.

        ``as_of`` is a UTC datetime: the result is what the lake held at that moment.
        ``history=True`` returns every version (for history pages).
        """
        t = self._base(kind)
        if history:
            return t
        if as_of is not None:
            t = t.filter(t._committed_at <= as_of.replace(tzinfo=None))
        elif not self.lake.has_history(kind_by_name(kind).name):
            return t  # every key has one version: no window needed
        latest = ibis.row_number().over(group_by=t._key, order_by=ibis.desc(t._commit))
        return t.mutate(_version_rank=latest).filter(lambda r: r._version_rank == 0).drop("_version_rank")

    def execute(self, expr: ir.Expr) -> pa.Table:
        """Run an expression and return Arrow."""
        return expr.to_pyarrow()

    def close(self) -> None:
        if self._con is not None and self.name == "duckdb":
            self._con.disconnect()
        self._con = None
        self._registered.clear()


_engines: dict[tuple[str, str, int], Engine] = {}
_engines_lock = threading.Lock()


def get_engine(name: str | None = None, lake: ParquetLake | None = None) -> Engine:
    """The engine for a backend and lake (GDIP_ENGINE selects the default).

    DuckDB engines are per thread: a DuckDB connection must not run two queries at once (a
    second query silently cuts a running stream short), and the server answers requests on
    several threads. Opening a connection is cheap. The Spark session is shared per process.
    """
    name = name or os.environ.get("GDIP_ENGINE", "duckdb")
    lake = lake or ParquetLake(lake_dir())
    key = (name, str(lake.root), threading.get_ident() if name == "duckdb" else 0)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = Engine(name, lake)
        return engine


def reset_engines() -> None:
    """Close every cached engine (tests switch GDIP_HOME between cases)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.close()
        _engines.clear()
