"""The registry of computed indicators: ``@indicator("code", ...)`` and the computation context.

Each registered function takes ``(engine, ctx)`` and returns an Ibis table with one row per
region (the province and each city) and year: ``region_code``, ``year``, ``value`` and, where
the value is a ratio, ``numerator`` and ``denominator``. Attributes say what the value is:
``measure`` (stock at year end, or flow during the year), ``additive`` (city values add up to
the province: counts and amounts, not ratios), ``value_type`` (count, amount, ratio, percent,
index — decides the projection method) and ``source`` (computed from the lake, or fed by another
module, in which case it returns rows with a null value until that module exists).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import ibis.expr.types as ir
import pyarrow as pa

from gdip.indicators.high_value import HighValueParams

__all__ = [
    "REGISTRY",
    "RESULT_SCHEMA",
    "Context",
    "IndicatorDef",
    "Measure",
    "ValueType",
    "get_indicator",
    "indicator",
    "province_cities",
]

Measure = Literal["stock", "flow"]
ValueType = Literal["count", "amount", "ratio", "percent", "index"]
IndicatorFn = Callable[[Any, "Context"], ir.Table]

RESULT_SCHEMA = pa.schema(
    [
        ("region_code", pa.string()),
        ("year", pa.int32()),
        ("value", pa.float64()),
        ("numerator", pa.float64()),
        ("denominator", pa.float64()),
    ]
)


def province_cities(province_code: str) -> list[str]:
    """The prefecture-level cities of a province: Guangdong's from the packaged division data,
    another province's from the ``Region`` table."""
    if province_code == "440000":
        from gdip.datacenter.normalise.geo import guangdong_cities

        return [code for code, _ in guangdong_cities()]
    from gdip.core.models import Region

    return list(Region.objects.filter(parent_id=province_code, level="city").values_list("code", flat=True))


@dataclass
class Context:
    """What a computation needs besides the engine: regions, years, population, parameters.

    ``population`` is an Arrow table (see ``gdip.indicators.population.POPULATION_SCHEMA``);
    when None, per-10k indicators read it from the database on the ``population_basis``.
    Passing it explicitly reproduces published figures with a given denominator.
    """

    years: Sequence[int]
    province_code: str = "440000"
    cities: Sequence[str] | None = None
    population: pa.Table | None = None
    population_basis: str = "best"
    high_value: HighValueParams = field(default_factory=HighValueParams)
    office: str = "CN"

    def __post_init__(self) -> None:
        self.years = sorted({int(y) for y in self.years})
        if not self.years:
            raise ValueError("a computation needs at least one year")
        if self.cities is None:
            self.cities = province_cities(self.province_code)
        if self.high_value.province_code != self.province_code:
            self.high_value = replace(self.high_value, province_code=self.province_code)

    @property
    def regions(self) -> list[str]:
        """The province followed by its cities."""
        return [self.province_code, *(self.cities or [])]

    @property
    def province_prefix(self) -> str:
        """The two-digit GB/T 2260 prefix of the province (``44``)."""
        return self.province_code[:2]

    def population_table(self) -> pa.Table:
        """The population series of the regions and years (given, or read on the basis)."""
        if self.population is not None:
            return self.population
        from gdip.indicators.population import population_table

        self.population = population_table(self.regions, self.years, self.population_basis)
        return self.population


@dataclass(frozen=True)
class IndicatorDef:
    """A registered indicator: its function and what its value is."""

    code: str
    fn: IndicatorFn
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    measure: Measure
    value_type: ValueType
    additive: bool
    source: Literal["computed", "module"] = "computed"
    module: str | None = None  # the GDIP module that feeds a module-sourced indicator
    kinds: tuple[str, ...] = ()  # lake kinds read: with none loaded the indicator has no data

    def compute(self, engine: Any, ctx: Context) -> ir.Table:
        """Run the computation: an Ibis table of RESULT_SCHEMA's columns."""
        t = self.fn(engine, ctx)
        cols = {}
        for f in RESULT_SCHEMA:
            cols[f.name] = t[f.name].cast(f.type) if f.name in t.columns else None
        if cols["numerator"] is None or cols["denominator"] is None:
            import ibis

            null = ibis.null().cast("float64")
            cols["numerator"] = cols["numerator"] if cols["numerator"] is not None else null
            cols["denominator"] = cols["denominator"] if cols["denominator"] is not None else null
        return t.select(**cols)

    def execute(self, engine: Any, ctx: Context) -> pa.Table:
        """Compute and fetch as Arrow, sorted by region and year."""
        t = self.compute(engine, ctx).order_by(["region_code", "year"]).to_pyarrow()
        return t.cast(RESULT_SCHEMA)


REGISTRY: dict[str, IndicatorDef] = {}


def indicator(
    code: str,
    *,
    name_zh: str,
    name_en: str,
    unit_zh: str,
    unit_en: str,
    measure: Measure,
    value_type: ValueType,
    additive: bool,
    source: Literal["computed", "module"] = "computed",
    module: str | None = None,
    kinds: tuple[str, ...] = (),
) -> Callable[[IndicatorFn], IndicatorFn]:
    """Register a computation under ``code`` (unique) with its attributes."""

    def register(fn: IndicatorFn) -> IndicatorFn:
        if code in REGISTRY and REGISTRY[code].fn is not fn:
            raise ValueError(f"indicator {code!r} is already registered")
        REGISTRY[code] = IndicatorDef(
            code, fn, name_zh, name_en, unit_zh, unit_en, measure, value_type, additive, source, module, kinds
        )
        return fn

    return register


def get_indicator(code: str) -> IndicatorDef:
    """The registered indicator for a code (KeyError naming the valid codes otherwise)."""
    import gdip.indicators.computed  # noqa: F401 - registers the computations

    try:
        return REGISTRY[code]
    except KeyError:
        raise KeyError(f"no computed indicator {code!r}; registered: {', '.join(sorted(REGISTRY))}") from None
