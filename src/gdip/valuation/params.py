"""Valuation parameters: the YAML file under ``params/`` loaded, validated and made traceable.

Every figure a valuation uses comes from a ``ValuationParams`` object; results record its
``digest`` (SHA-256 of the canonical parameter document) and the source note of each figure,
so a number in a report can be traced to the parameter file that produced it.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "DEFAULT_PARAMS_PATH",
    "ParamsError",
    "ShareRange",
    "ValuationParams",
    "load_params",
]

DEFAULT_PARAMS_PATH = Path(__file__).with_name("params") / "valuation.yaml"
DIMENSIONS = ("legal", "technical", "economic")


class ParamsError(ValueError):
    """The parameter file is missing, malformed or inconsistent (the message says where)."""


@dataclass(frozen=True)
class ShareRange:
    """A revenue-share (royalty) rate range K_low–K_high with where it came from."""

    low: float
    high: float
    median: float
    basis: str  # e.g. "industry 01" or "IPC section H"
    source: str

    def at(self, quality: float) -> float:
        """K = K_low + (K_high − K_low) · q (综合评价法), q clipped to [0, 1]."""
        q = min(1.0, max(0.0, quality))
        return self.low + (self.high - self.low) * q


def _check(cond: bool, where: str, message: str) -> None:
    if not cond:
        raise ParamsError(f"{where}: {message}")


def _validate(doc: Any, where: str) -> None:
    _check(isinstance(doc, dict), where, "the file must be a YAML mapping")
    for section in ("value_degree", "oecd", "income", "market", "cost", "sensitivity", "reconciliation"):
        _check(isinstance(doc.get(section), dict), where, f"missing section {section!r}")
    vd = doc["value_degree"]
    for name, sc in vd["scenarios"].items():
        total = sum(float(sc[d]) for d in DIMENSIONS)
        _check(abs(total - 1) < 1e-9, where, f"scenario {name!r}: dimension weights sum to {total}, not 1")
    _check(vd["default_scenario"] in vd["scenarios"], where, "default_scenario is not a scenario")
    for dim in DIMENSIONS:
        subs = vd["dimensions"].get(dim)
        _check(isinstance(subs, list) and bool(subs), where, f"dimension {dim!r} needs sub-indicators")
        total = sum(float(s["weight"]) for s in subs)
        _check(
            abs(total - 1) < 1e-9, where, f"dimension {dim!r}: sub-indicator weights sum to {total}, not 1"
        )
        for s in subs:
            for key in ("code", "name_zh", "name_en", "rule", "source"):
                _check(key in s, where, f"{dim} sub-indicator {s.get('code')!r} lacks {key!r}")
    inc = doc["income"]
    for table in ("share_rate_by_industry", "share_rate_by_ipc_section"):
        for key, r in inc[table].items():
            _check(
                0 <= r["low"] <= r["median"] <= r["high"] <= 1,
                where,
                f"{table}[{key}]: need 0 ≤ low ≤ median ≤ high ≤ 1",
            )
    _check(
        inc["decay"]["pattern"] in ("geometric", "linear", "none"),
        where,
        "decay.pattern must be geometric, linear or none",
    )
    w = doc["reconciliation"]["weights"]
    _check(abs(sum(w.values()) - 1) < 1e-9, where, "reconciliation weights must sum to 1")


@dataclass(frozen=True)
class ValuationParams:
    """A validated parameter document with typed accessors (read-only: copy to change)."""

    doc: dict[str, Any]
    path: str

    @property
    def digest(self) -> str:
        """SHA-256 of the canonical JSON of the document: identifies the parameters in results."""
        text = json.dumps(self.doc, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def with_overrides(self, overrides: dict[str, Any]) -> ValuationParams:
        """A copy with dotted-path overrides, e.g. ``{"income.discount_rate.risk_free.value": 0.02}``."""
        doc = copy.deepcopy(self.doc)
        for dotted, value in overrides.items():
            node = doc
            *parents, last = dotted.split(".")
            for part in parents:
                if not isinstance(node.get(part), dict):
                    raise ParamsError(f"override {dotted!r}: no section {part!r}")
                node = node[part]
            node[last] = value
        _validate(doc, f"{self.path} (with overrides)")
        return ValuationParams(doc, f"{self.path} (with overrides)")

    # --- value degree -----------------------------------------------------------------------
    def scenario(self, name: str | None = None) -> dict[str, Any]:
        vd = self.doc["value_degree"]
        key = name or vd["default_scenario"]
        if key not in vd["scenarios"]:
            raise ParamsError(f"unknown scenario {key!r}; expected one of {', '.join(vd['scenarios'])}")
        return {"name": key, **vd["scenarios"][key]}

    def sub_indicators(self, dimension: str) -> list[dict[str, Any]]:
        return list(self.doc["value_degree"]["dimensions"][dimension])

    # --- income approach --------------------------------------------------------------------
    def share_range(self, sei_codes: list[str] | tuple[str, ...], ipc_main: str | None) -> ShareRange:
        """The K range: the highest-median strategic industry of the patent, else its IPC section."""
        inc = self.doc["income"]
        best: ShareRange | None = None
        for code in sei_codes:
            r = inc["share_rate_by_industry"].get(code)
            if r and (best is None or r["median"] > best.median):
                best = ShareRange(r["low"], r["high"], r["median"], f"industry {code}", r["source"])
        if best:
            return best
        section = (ipc_main or "")[:1].upper()
        r = inc["share_rate_by_ipc_section"].get(section)
        if r:
            return ShareRange(r["low"], r["high"], r["median"], f"IPC section {section}", r["source"])
        r = inc["share_rate_default"]
        return ShareRange(r["low"], r["high"], r["median"], "default", r["source"])

    def kind_factor(self, kind: str) -> float:
        return float(self.doc["income"]["kind_factor"].get(kind, 1.0))

    def decay_rate(self, sei_codes: list[str] | tuple[str, ...]) -> float:
        """The fastest decay among the patent's industries (conservative), else the default."""
        d = self.doc["income"]["decay"]
        rates = [d["rate_by_industry"][c] for c in sei_codes if c in d["rate_by_industry"]]
        return float(max(rates)) if rates else float(d["rate_default"])

    @property
    def decay_pattern(self) -> str:
        return str(self.doc["income"]["decay"]["pattern"])

    def economic_life_cap(self, sei_codes: list[str] | tuple[str, ...]) -> float:
        """The shortest economic life among the patent's industries (conservative), else default."""
        e = self.doc["income"]["economic_life_years"]
        caps = [e["by_industry"][c] for c in sei_codes if c in e["by_industry"]]
        return float(min(caps)) if caps else float(e["default"])

    def legal_term_years(self, kind: str, filing_year_month_day: tuple[int, int, int] | None = None) -> int:
        t = self.doc["income"]["legal_term_years"]
        if kind == "design" and filing_year_month_day and filing_year_month_day >= (2021, 6, 1):
            return int(t["design_from_2021_06_01"])
        return int(t.get(kind, t["invention"]))

    def discount_components(self) -> dict[str, float]:
        dr = self.doc["income"]["discount_rate"]
        return {
            k: float(dr[k]["value"])
            for k in ("risk_free", "market_premium", "size_premium", "ip_specific_premium")
        }

    def tax_rate(self, high_tech: bool) -> float:
        t = self.doc["income"]["tax_rate"]
        return float(t["high_tech" if high_tech else "standard"]["value"])

    @property
    def revenue_growth(self) -> float:
        return float(self.doc["income"]["revenue_growth"]["value"])

    @property
    def mid_year(self) -> bool:
        return bool(self.doc["income"]["mid_year"]["value"])

    def source(self, dotted: str) -> str:
        """The source note of a parameter section, e.g. ``source("income.discount_rate.risk_free")``."""
        node: Any = self.doc
        for part in dotted.split("."):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        return str(node.get("source", "")) if isinstance(node, dict) else ""

    def section(self, name: str) -> dict[str, Any]:
        return dict(self.doc[name])


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float) -> ValuationParams:
    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        raise ParamsError(f"cannot read valuation parameters {path}: {exc}") from exc
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ParamsError(f"{path}: not valid YAML: {exc}") from exc
    _validate(doc, path)
    return ValuationParams(doc, path)


def load_params(path: Path | str | None = None) -> ValuationParams:
    """Load and validate a parameter file (the packaged default when ``path`` is None)."""
    p = Path(path) if path is not None else DEFAULT_PARAMS_PATH
    try:
        mtime = p.stat().st_mtime
    except OSError as exc:
        raise ParamsError(f"cannot read valuation parameters {p}: {exc}") from exc
    return _load_cached(str(p), mtime)
