"""M3 valuation: patent value degree, OECD quality indicators and monetary valuation.

The built-in methods (income, market, cost) register themselves in ``gdip.valuation.registry``
the first time a method is looked up; the package itself imports nothing heavy, so the CLI
starts fast. Entry points: ``value_degree`` (vectorised scoring of the lake),
``valuate_patent`` (one patent, every method, range and conclusion), ``value_portfolio``
(an entity's patents) and ``render_report`` (HTML/PDF). docs/valuation.md explains the
formulas and parameters.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["ValuationParams", "get_method", "load_params", "methods", "register_method", "run_method"]

_LAZY = {
    "ValuationParams": "gdip.valuation.params",
    "load_params": "gdip.valuation.params",
    "get_method": "gdip.valuation.registry",
    "methods": "gdip.valuation.registry",
    "register_method": "gdip.valuation.registry",
    "run_method": "gdip.valuation.registry",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gdip.valuation' has no attribute {name!r}")
