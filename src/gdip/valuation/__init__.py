"""M3 valuation: patent value degree, OECD quality indicators and monetary valuation.

Importing the package registers the built-in methods (income, market, cost) in
``gdip.valuation.registry``. Entry points: ``value_degree`` (vectorised scoring of the lake),
``valuate_patent`` (one patent, every method, range and conclusion), ``value_portfolio``
(an entity's patents) and ``render_report`` (HTML/PDF). docs/valuation.md explains the
formulas and parameters.
"""

from __future__ import annotations

from gdip.valuation import cost, income, market  # noqa: F401 - registers the built-in methods
from gdip.valuation.params import ValuationParams, load_params
from gdip.valuation.registry import get_method, methods, register_method, run_method

__all__ = [
    "ValuationParams",
    "get_method",
    "load_params",
    "methods",
    "register_method",
    "run_method",
]
