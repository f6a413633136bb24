"""Fixtures of the plan-monitoring UI/API tests.

The lake is tests/indicators/indicator_lake.py's hand-built one (every figure known exactly),
ingested once per session; the engines read it through a patched ``lake_dir`` so that the live
figures (cached per lake) are computed once. Population: the 2020 census figures of the
evaluation tests (province 40,000; 深圳 20,000; 广州 10,000; 东莞 10,000), stored in the database
as the views read them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from indicators.indicator_lake import DG, GZ, SZ, build_lake
from indicators_ui.monitoring_world import POPULATION, PROV, World


@pytest.fixture(scope="session")
def shared_lake(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-built lake, ingested once per session; returns its directory."""
    root = tmp_path_factory.mktemp("monitoring")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GDIP_HOME", str(root / "home"))
        lake = build_lake(root)
    return Path(lake.root)


@pytest.fixture
def lake(shared_lake: Path, monkeypatch: pytest.MonkeyPatch, db: None) -> Path:
    """Engines read the shared lake; population figures are in the database."""
    from gdip.core.models import PopulationFigure, Region
    from gdip.datacenter.engines import reset_engines

    monkeypatch.setattr("gdip.datacenter.engines.lake_dir", lambda: shared_lake)
    reset_engines()
    Region.objects.get_or_create(code=PROV, defaults={"name": "广东省", "level": "province"})
    for code in (SZ, GZ, DG):
        Region.objects.get_or_create(code=code, defaults={"name": code, "level": "city", "parent_id": PROV})
    for code, pop in POPULATION.items():
        PopulationFigure.objects.update_or_create(
            region_id=code, year=2020, basis="census", defaults={"population": pop, "source": "test"}
        )
    return shared_lake


@pytest.fixture
def world(db: None) -> World:
    return World()


@pytest.fixture(autouse=True)
def _monitoring_urls(settings: Any) -> Iterator[None]:
    settings.ROOT_URLCONF = "indicators_ui.monitoring_urls"
    from django.urls import clear_url_caches

    clear_url_caches()
    yield
    clear_url_caches()
