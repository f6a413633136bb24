"""Make the CLI ready: Django configured, GDIP_HOME prepared on first use."""

from __future__ import annotations

import os
import sys
from functools import cache

__all__ = ["ensure_initialised", "setup_django"]


@cache
def setup_django() -> None:
    """Configure Django once per process (ninja must not be imported before this)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdip.config.settings")
    import django

    django.setup()


def ensure_initialised(verbose: bool = False) -> None:
    """Create GDIP_HOME, migrate the database and load reference data if not done yet."""
    setup_django()
    from gdip.core.services import initialise_home

    initialise_home(stdout=sys.stdout if verbose else None)
