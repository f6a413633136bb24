"""Response schemas shared by every API router (errors, validation errors)."""

from __future__ import annotations

from typing import Any

from ninja import Schema

__all__ = ["ErrorOut", "ValidationErrorOut"]


class ErrorOut(Schema):
    """An error with a human-readable message (Chinese / English)."""

    detail: str


class ValidationErrorOut(Schema):
    """django-ninja's 422 body: one entry per invalid field (type, loc, msg)."""

    detail: list[dict[str, Any]]
