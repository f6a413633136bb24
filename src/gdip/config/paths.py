"""Where GDIP keeps its state: everything lives under GDIP_HOME (default ./var)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["gdip_home", "lake_dir", "logs_dir", "rejects_dir"]


def gdip_home() -> Path:
    """The state directory; read from the environment each call so tests can switch it."""
    return Path(os.environ.get("GDIP_HOME", "var")).resolve()


def lake_dir() -> Path:
    return gdip_home() / "lake"


def rejects_dir() -> Path:
    return gdip_home() / "rejects"


def logs_dir() -> Path:
    return gdip_home() / "logs"
