"""Preparing GDIP_HOME: directories, database schema and reference data."""

from __future__ import annotations

import csv
from importlib import resources
from typing import TextIO

from django.db import transaction

from gdip.config.paths import gdip_home, lake_dir, logs_dir, rejects_dir

__all__ = ["CENSUS_SOURCE", "initialise_home", "load_census_population", "load_regions"]

CENSUS_SOURCE = (
    "广东省统计局/广东省第七次全国人口普查领导小组办公室《广东省第七次全国人口普查公报（第二号）"
    "——地区人口情况》(2021-05-15), 常住人口 at 2020-11-01"
)


def initialise_home(stdout: TextIO | None = None) -> None:
    """Create the state directories, apply migrations and load reference data; idempotent."""
    for d in (gdip_home(), lake_dir(), rejects_dir(), logs_dir()):
        d.mkdir(parents=True, exist_ok=True)
    _migrate(stdout)
    from gdip.core.models import PopulationFigure, Region

    if not Region.objects.exists():
        load_regions()
    if not PopulationFigure.objects.exists():
        load_census_population()
    if stdout is not None:
        stdout.write(
            f"regions: {Region.objects.count()}, population figures: {PopulationFigure.objects.count()}\n"
        )


def _migrate(stdout: TextIO | None) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=1 if stdout else 0, stdout=stdout)


@transaction.atomic
def load_regions() -> int:
    """Load Guangdong, its 21 cities and their districts (current GB/T 2260 codes)."""
    from gdip.core.models import Region
    from gdip.datacenter.normalise.geo import guangdong_cities, guangdong_districts

    province, _ = Region.objects.update_or_create(
        code="440000", defaults={"name": "广东省", "name_en": "Guangdong", "level": Region.Level.PROVINCE}
    )
    for code, name in guangdong_cities():
        Region.objects.update_or_create(
            code=code, defaults={"name": name, "level": Region.Level.CITY, "parent": province}
        )
    for code, name, city_code in guangdong_districts():
        Region.objects.update_or_create(
            code=code, defaults={"name": name, "level": Region.Level.DISTRICT, "parent_id": city_code}
        )
    return Region.objects.count()


@transaction.atomic
def load_census_population() -> int:
    """Load the 2020 census population of the 21 cities and the province (sum of the cities)."""
    from gdip.core.models import PopulationFigure, Region

    text = resources.files("gdip.core").joinpath("reference/population_2020_census.csv").read_text("utf-8")
    total = 0
    for row in csv.DictReader(text.splitlines()):
        pop = int(row["population_2020_census"])
        total += pop
        region = Region.objects.get(code=row["city_code"])
        PopulationFigure.objects.update_or_create(
            region=region,
            year=2020,
            basis=PopulationFigure.Basis.CENSUS,
            defaults={"population": pop, "source": CENSUS_SOURCE},
        )
    PopulationFigure.objects.update_or_create(
        region_id="440000",
        year=2020,
        basis=PopulationFigure.Basis.CENSUS,
        defaults={"population": total, "source": CENSUS_SOURCE},
    )
    return total
