"""Fixtures of the indicator tests: the hand-built lake (indicator_lake.py), ingested once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from indicator_lake import build_lake

from gdip.datacenter.adapters.lake_parquet import ParquetLake
from gdip.datacenter.engines import Engine


@pytest.fixture(scope="package")
def small_lake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ParquetLake]:
    """The hand-built lake, ingested once for the whole package."""
    root = tmp_path_factory.mktemp("indicators")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GDIP_HOME", str(root / "home"))
        yield build_lake(root)


@pytest.fixture()
def engine(small_lake: ParquetLake) -> Iterator[Engine]:
    e = Engine("duckdb", small_lake)
    yield e
    e.close()
