"""Calibrated, deterministic synthetic Guangdong data for the lake (`gdip demo-data`)."""

__all__ = ["SCALES"]

SCALES = {"small": 1 / 200, "medium": 1 / 20, "full": 1.0}
