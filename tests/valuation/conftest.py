"""Fixtures of the valuation tests: the tiny lake (built once) and a DuckDB engine on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from valuation_lake import build_lake

from gdip.datacenter.adapters.lake_parquet import ParquetLake
from gdip.datacenter.engines import Engine


@pytest.fixture(scope="module")
def tiny_lake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ParquetLake]:
    root = tmp_path_factory.mktemp("valuation")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GDIP_HOME", str(root / "home"))
        yield build_lake(root)


@pytest.fixture()
def engine(tiny_lake: ParquetLake) -> Iterator[Engine]:
    e = Engine("duckdb", tiny_lake)
    yield e
    e.close()
