"""GDIP — Guangdong IP Protection and Utilization Platform."""

__version__ = "0.1.0"
