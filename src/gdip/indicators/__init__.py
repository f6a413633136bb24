"""Plan indicators computed from the lake as engine-agnostic Ibis expressions."""

from gdip.indicators.high_value import (
    HighValueParams,
    high_value_count_by_city,
    high_value_patents,
    valid_patents,
)

__all__ = ["HighValueParams", "high_value_count_by_city", "high_value_patents", "valid_patents"]
