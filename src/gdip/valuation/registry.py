"""Pluggable valuation methods: ``@register_method(name)`` and the typed result protocol.

A method is a function ``(input, params) -> result``; the input is a typed dataclass and the
result has a ``value`` (元), a ``method`` name, ``trace()`` (the inputs, parameters and
intermediate values as ``TraceRow``) and ``to_dict()``. The built-in methods (``income``,
``market``, ``cost``) register themselves when ``gdip.valuation`` is imported; another model
registers the same way, e.g. a real-options model::

    @register_method("real_option", label_zh="实物期权法", label_en="Real options")
    def real_option(inp: OptionInput, params: ValuationParams) -> OptionResult: ...

and is then available to ``run_method("real_option", inp)`` and the reconciliation weights.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "MethodSpec",
    "TraceRow",
    "ValuationResult",
    "get_method",
    "methods",
    "register_method",
    "run_method",
]


@dataclass(frozen=True)
class TraceRow:
    """One traceable number: symbol, labels, value, unit and where it came from."""

    symbol: str
    label_zh: str
    label_en: str
    value: Any
    unit: str
    source: str = ""


@runtime_checkable
class ValuationResult(Protocol):
    """What every method returns."""

    method: str
    value: float

    def trace(self) -> list[TraceRow]: ...

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class MethodSpec:
    """A registered method."""

    name: str
    fn: Callable[[Any, Any], ValuationResult]
    label_zh: str
    label_en: str


_REGISTRY: dict[str, MethodSpec] = {}


def register_method(
    name: str, *, label_zh: str = "", label_en: str = "", replace: bool = False
) -> Callable[[Callable[[Any, Any], Any]], Callable[[Any, Any], Any]]:
    """Register a valuation method under ``name`` (``replace=True`` swaps a built-in)."""

    def deco(fn: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
        if name in _REGISTRY and not replace and _REGISTRY[name].fn is not fn:
            raise ValueError(f"valuation method {name!r} is already registered")
        _REGISTRY[name] = MethodSpec(name, fn, label_zh or name, label_en or name)
        return fn

    return deco


def _load_builtins() -> None:
    """Import the built-in methods (they register themselves) on first use, not at import."""
    from gdip.valuation import cost, income, market  # noqa: F401


def get_method(name: str) -> MethodSpec:
    _load_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(
            f"unknown valuation method {name!r}; registered: {', '.join(sorted(_REGISTRY))}"
        ) from None


def methods() -> list[MethodSpec]:
    _load_builtins()
    return list(_REGISTRY.values())


def run_method(name: str, inp: Any, params: Any = None) -> ValuationResult:
    """Run a registered method on its typed input (default parameters when None)."""
    if params is None:
        from gdip.valuation.params import load_params

        params = load_params()
    result = get_method(name).fn(inp, params)
    if not isinstance(result, ValuationResult):
        raise TypeError(f"method {name!r} returned {type(result).__name__}, not a ValuationResult")
    return result
