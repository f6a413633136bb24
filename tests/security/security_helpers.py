"""Helpers of the security tests (imported by name: a module name unique in the test tree)."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from typing import Any

__all__ = ["PASSWORD", "FileDB", "totp_now"]

PASSWORD = "Secur3-Enough-Pass!"


def totp_now(device: Any, offset_steps: int = 0) -> str:
    """The device's code for the current time step (+ offset)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


@dataclass
class FileDB:
    """A database alias for threads: `attach()` in every thread that uses it, `detach()` at its end."""

    alias: str
    config: dict[str, Any] | None = None

    def attach(self) -> None:
        from django.db import connections
        from django.db.utils import load_backend

        if self.config is None:
            return
        # A connection made here, not listed in settings: Django's test case lets such
        # "dynamically created" connections through from any thread.
        connections[self.alias] = load_backend(self.config["ENGINE"]).DatabaseWrapper(self.config, self.alias)

    def detach(self) -> None:
        from django.db import connections

        if self.config is None:
            connections.close_all()
            return
        with contextlib.suppress(Exception):
            connections[self.alias].close()
            del connections[self.alias]
