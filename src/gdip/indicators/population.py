"""Population denominators of per-10k indicators: series by region and year, and loading them.

Figures live in ``PopulationFigure`` (region, year, basis, population, source). Two bases:
``census`` (the 2020 census, loaded at initialisation) and ``year_end`` (year-end resident
population from the statistical bulletins, loaded with ``load_population_csv``). A series asks
for one basis, or ``best``: the year-end figure of that year when loaded, else the census
figure nearest in time (an earlier census wins a tie), reported with basis ``census`` so the
reader sees which one was used.

The two bases differ enough to change published figures: 35.1万 valid invention patents give
27.9 per 10k with the census (12,601.25万) and 27.8 with the 2020 year-end population
(12,624万), which is what the plan prints.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import ibis
import ibis.expr.types as ir
import pyarrow as pa

__all__ = [
    "BASES",
    "POPULATION_SCHEMA",
    "PopulationLoadReport",
    "load_population_csv",
    "population_memtable",
    "population_series",
    "population_table",
]

Basis = Literal["year_end", "census", "best"]
BASES = ("year_end", "census", "best")
POPULATION_SCHEMA = pa.schema(
    [
        ("region_code", pa.string()),
        ("year", pa.int32()),
        ("population", pa.int64()),
        ("basis", pa.string()),
        ("source", pa.string()),
    ]
)


def population_table(region_codes: Iterable[str], years: Iterable[int], basis: str = "year_end") -> pa.Table:
    """Population of each region in each year on a basis, as Arrow (POPULATION_SCHEMA).

    Regions and years without a figure on that basis are left out (``best`` falls back to the
    nearest census). Reads ``PopulationFigure`` through the ORM.
    """
    if basis not in BASES:
        raise ValueError(f"unknown population basis {basis!r}; expected one of {', '.join(BASES)}")
    from gdip.core.models import PopulationFigure

    regions = sorted(set(region_codes))
    wanted = sorted(set(years))
    rows = PopulationFigure.objects.filter(region_id__in=regions).values_list(
        "region_id", "year", "basis", "population", "source"
    )
    by_basis: dict[tuple[str, str], dict[int, tuple[int, str]]] = {}
    for region, year, b, pop, source in rows:
        by_basis.setdefault((region, b), {})[year] = (pop, source)
    out: list[dict[str, object]] = []
    for region in regions:
        for year in wanted:
            hit = _pick(by_basis, region, year, basis)
            if hit is not None:
                pop, used, source = hit
                out.append(
                    {"region_code": region, "year": year, "population": pop, "basis": used, "source": source}
                )
    return pa.Table.from_pylist(out, schema=POPULATION_SCHEMA)


def _pick(
    by_basis: dict[tuple[str, str], dict[int, tuple[int, str]]], region: str, year: int, basis: str
) -> tuple[int, str, str] | None:
    if basis in ("year_end", "best"):
        hit = by_basis.get((region, "year_end"), {}).get(year)
        if hit is not None:
            return hit[0], "year_end", hit[1]
        if basis == "year_end":
            return None
    census = by_basis.get((region, "census"), {})
    if basis == "census":
        hit = census.get(year)
        if hit is None and census:
            # The census basis means "the census figure in force": the nearest census year.
            hit = census[_nearest(census, year)]
        return (hit[0], "census", hit[1]) if hit is not None else None
    if not census:
        return None
    near = census[_nearest(census, year)]
    return near[0], "census", near[1]


def _nearest(years: Mapping[int, object], year: int) -> int:
    return min(years, key=lambda y: (abs(y - year), y))


def population_series(region_codes: Iterable[str], years: Iterable[int], basis: str = "year_end") -> ir.Table:
    """The population series as an Ibis memtable (region_code, year, population, basis, source)."""
    return population_memtable(population_table(region_codes, years, basis))


def population_memtable(table: pa.Table) -> ir.Table:
    """An Arrow population table (POPULATION_SCHEMA) as an Ibis memtable."""
    return ibis.memtable(table.select(POPULATION_SCHEMA.names).cast(POPULATION_SCHEMA))


@dataclass
class PopulationLoadReport:
    """Outcome of a population load: rows read, loaded, rejected (with reasons)."""

    read: int = 0
    loaded: int = 0
    rejected: list[dict[str, object]] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        return {
            "read": self.read,
            "loaded": self.loaded,
            "rejected": len(self.rejected),
            "rejects": self.rejected,
        }


def load_population_csv(path: Path | str, basis: str = "year_end", source: str = "") -> PopulationLoadReport:
    """Load resident population figures from a CSV file (region_code, year, population[, source]).

    Every row is validated: the region code exists in ``Region``, the year is in 1990–2100, the
    population is a positive integer (thousands separators and a ``万`` suffix are not accepted:
    the file carries persons). Bad rows are rejected with a reason; good rows load (an existing
    figure for the same region, year and basis is replaced). ``source`` applies to rows without
    a source column value.
    """
    from django.db import transaction

    from gdip.core.models import PopulationFigure, Region

    if basis not in ("year_end", "census"):
        raise ValueError(f"unknown population basis {basis!r}; expected year_end or census")
    report = PopulationLoadReport()
    known = set(Region.objects.values_list("code", flat=True))
    good: list[tuple[str, int, int, str]] = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"region_code", "year", "population"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(
                f"{path}: missing column(s) {', '.join(sorted(missing))}; "
                "expected region_code, year, population[, source]"
            )
        for line, row in enumerate(reader, start=2):
            report.read += 1
            reason = None
            code = (row.get("region_code") or "").strip()
            year_text = (row.get("year") or "").strip()
            pop_text = (row.get("population") or "").strip()
            row_source = (row.get("source") or "").strip() or source
            if code not in known:
                reason = f"unknown region code {code!r}"
            elif not year_text.isdigit() or not 1990 <= int(year_text) <= 2100:
                reason = f"year {year_text!r} is not a year in 1990–2100"
            elif not pop_text.isdigit() or int(pop_text) <= 0:
                reason = f"population {pop_text!r} is not a positive integer (persons)"
            elif not row_source:
                reason = "no source (give --source or a source column)"
            if reason:
                report.rejected.append({"line": line, "reason": reason, "row": dict(row)})
                continue
            good.append((code, int(year_text), int(pop_text), row_source))
    with transaction.atomic():
        for code, year, pop, row_source in good:
            PopulationFigure.objects.update_or_create(
                region_id=code,
                year=year,
                basis=basis,
                defaults={"population": pop, "source": row_source[:300]},
            )
            report.loaded += 1
    return report
