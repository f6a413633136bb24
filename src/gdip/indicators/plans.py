"""Five-year plans as data: the indicator tables and text targets, validated from YAML files.

A plan file (format in docs/indicators.md) holds the plan's metadata, its indicator table
(``indicators``), the previous plan's completion table (``completion_13th``) and other
quantitative figures quoted from the text (``text_targets``). ``load_plan("gd-14th")`` reads a
packaged plan; ``load_plan(path)`` reads any other file with the same structure, so another
province or the next plan needs no code change.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

__all__ = [
    "PLANS_DIR",
    "CompletionIndicator",
    "LocalText",
    "Plan",
    "PlanError",
    "PlanIndicator",
    "TextTarget",
    "list_plans",
    "load_plan",
]

PLANS_DIR = Path(__file__).with_name("plans")

Comparison = Literal["ge", "eq"]
Measure = Literal["stock", "flow", "period_total"]
Nature = Literal["expected", "binding"]
Source = Literal["computed", "manual", "module"]


class PlanError(ValueError):
    """A plan file is missing or invalid; the message names the file and the field path."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(_Strict):
    """A label in Chinese and English."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class PlanIndicator(_Strict):
    """One row (or, for a row holding two figures, one figure) of the plan's indicator table."""

    row: int = Field(ge=1)
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    category: LocalText
    name: LocalText
    unit: LocalText
    baseline: float | None
    target: float
    nature: Nature
    period_total: bool = False
    measure: Measure
    comparison: Comparison = "eq"
    direction: Literal["increase", "decrease"] = "increase"
    decimals: int = Field(default=1, ge=0, le=6)
    source: Source
    computed: str | None = None
    scale: float = Field(default=1.0, gt=0)
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> PlanIndicator:
        if self.period_total != (self.measure == "period_total"):
            raise ValueError("period_total must be true exactly when measure is period_total")
        if self.source in ("computed", "module") and not self.computed:
            raise ValueError(f"source {self.source} needs `computed` (the registry key)")
        if self.source == "manual" and self.computed:
            raise ValueError("a manual indicator has no `computed` registry key")
        return self


class CompletionIndicator(_Strict):
    """A row of the previous plan's completion table: target and completion value."""

    row: int = Field(ge=1)
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    category: LocalText
    name: LocalText
    unit: LocalText
    target: float
    completion: float
    comparison: Comparison = "eq"
    computed: str | None = None
    scale: float = Field(default=1.0, gt=0)
    note: str | None = None


class TextTarget(_Strict):
    """A quantitative figure quoted from the plan's text: a target, or an achievement it reports."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["target", "achievement"]
    year: int | None = None
    period: str | None = Field(default=None, pattern=r"^\d{4}-\d{4}$")
    value: float
    unit: LocalText
    comparison: Comparison = "eq"
    line: int = Field(ge=1)
    name: LocalText
    quote: str = Field(min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _dated(self) -> TextTarget:
        if (self.year is None) == (self.period is None):
            raise ValueError("give exactly one of year or period")
        return self


class Plan(_Strict):
    """A plan: metadata, indicator table, previous plan's completion table, text targets."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name_zh: str
    name_en: str
    region_code: str = Field(pattern=r"^\d{6}$")
    period_start: int = Field(ge=1990, le=2100)
    period_end: int = Field(ge=1990, le=2100)
    baseline_year: int = Field(ge=1990, le=2100)
    target_year: int = Field(ge=1990, le=2100)
    published: str | None = None
    source: str | None = None
    indicators: list[PlanIndicator] = Field(min_length=1)
    completion_13th: list[CompletionIndicator] = Field(default_factory=list)
    text_targets: list[TextTarget] = Field(default_factory=list)

    @field_validator("published", mode="before")
    @classmethod
    def _date_text(cls, value: object) -> object:
        # YAML reads an unquoted 2022-05-07 as a date: keep it as text.
        return str(value) if value is not None else None

    @model_validator(mode="after")
    def _consistent(self) -> Plan:
        if not self.period_start <= self.period_end:
            raise ValueError("period_start must not be after period_end")
        if self.baseline_year != self.period_start - 1:
            raise ValueError("baseline_year must be the year before period_start")
        if self.target_year != self.period_end:
            raise ValueError("target_year must be period_end")
        for name, items in (
            ("indicators", self.indicators),
            ("completion_13th", self.completion_13th),
            ("text_targets", self.text_targets),
        ):
            seen: set[str] = set()
            for item in items:
                if item.code in seen:
                    raise ValueError(f"{name}: duplicate code {item.code!r}")
                seen.add(item.code)
        return self

    @property
    def period_years(self) -> int:
        """Length of the plan period in years (5 for a five-year plan)."""
        return self.period_end - self.period_start + 1

    def table_rows(self) -> list[int]:
        """The indicator table's row numbers (a row with two figures counts once)."""
        return sorted({i.row for i in self.indicators})

    def indicator(self, code: str) -> PlanIndicator:
        """The indicator with a code; KeyError naming the valid codes otherwise."""
        for item in self.indicators:
            if item.code == code:
                return item
        raise KeyError(
            f"plan {self.id} has no indicator {code!r}; expected one of "
            f"{', '.join(i.code for i in self.indicators)}"
        )


def _format_errors(path: Path, exc: ValidationError) -> str:
    lines = [f"invalid plan file {path}:"]
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        lines.append(f"  {loc or '(top level)'}: {err['msg']}")
    return "\n".join(lines)


def _resolve(plan_id_or_path: str | Path) -> Path:
    text = str(plan_id_or_path)
    packaged = PLANS_DIR / f"{text}.yaml"
    if "/" not in text and "\\" not in text and not text.endswith((".yaml", ".yml")) and packaged.exists():
        return packaged
    path = Path(plan_id_or_path)
    if path.exists():
        return path
    raise PlanError(
        f"no plan {text!r}: neither a packaged plan id ({', '.join(list_plans())}) nor an existing file"
    )


def load_plan(plan_id_or_path: str | Path) -> Plan:
    """Load and validate a plan: a packaged plan id (``gd-14th``) or the path of a plan file."""
    path = _resolve(plan_id_or_path)
    return _load(path.resolve(), path.stat().st_mtime_ns)


@lru_cache(maxsize=16)
def _load(path: Path, _mtime: int) -> Plan:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PlanError(f"cannot read plan file {path}: {exc}") from None
    if not isinstance(data, dict):
        raise PlanError(f"invalid plan file {path}: the top level must be a mapping")
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        raise PlanError(_format_errors(path, exc)) from None


def list_plans() -> list[str]:
    """Ids of the packaged plans."""
    return sorted(p.stem for p in PLANS_DIR.glob("*.yaml"))
