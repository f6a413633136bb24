"""Fault injection points for crash tests (kill -9 at a chosen moment).

``GDIP_FAULT_PAUSE=<name>`` makes the process pause at the point of that name: it touches the
file named by ``GDIP_FAULT_MARKER`` (so a test knows it got there) and sleeps, and the test
kills it. Without the variable a fault point costs one dictionary lookup.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

__all__ = ["fault_point"]


def fault_point(name: str) -> None:
    """Pause here when GDIP_FAULT_PAUSE names this point (tests only)."""
    if os.environ.get("GDIP_FAULT_PAUSE") != name:
        return
    marker = os.environ.get("GDIP_FAULT_MARKER")
    if marker:
        Path(marker).touch()
    time.sleep(60)
