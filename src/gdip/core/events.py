"""The audit log: one append-only Event row per state change, login or token issue."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

__all__ = ["client_ip", "object_ref", "record_event"]


def client_ip(request: HttpRequest | None) -> str | None:
    """The peer address of the request.

    X-Forwarded-For is ignored on purpose: it is client-controlled unless a trusted proxy
    rewrites it, and the audit log must not record forged addresses.
    """
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def object_ref(obj: models.Model | None) -> tuple[str, str]:
    """("app_label.model", "pk") naming an object in the log; empty strings for none."""
    if obj is None:
        return "", ""
    return obj._meta.label_lower, "" if obj.pk is None else str(obj.pk)


def _organisation_of(obj: Any) -> Any:
    from gdip.accounts.models import Organisation

    if isinstance(obj, Organisation):
        return obj
    return getattr(obj, "organisation", None) if obj is not None else None


def record_event(
    type: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    params: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    organisation: Any = None,
    city_code: str | None = None,
) -> Any:
    """Append one event; organisation and city come from the object, else from the actor.

    The actor defaults to the request's signed-in user. Call it inside the transaction of the
    change it records, so that the change and its event commit or roll back together.
    """
    from gdip.accounts.models import Event

    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if organisation is None:
        organisation = _organisation_of(obj)
    if organisation is None and actor is not None:
        organisation = getattr(actor, "organisation", None)
    if city_code is None:
        city_code = (
            getattr(obj, "city_code", None)
            or getattr(organisation, "city_code", None)
            or getattr(actor, "city_code", None)
            or ""
        )
    object_type, object_id = object_ref(obj)
    return Event.objects.create(
        type=type,
        actor=actor,
        organisation=organisation,
        city_code=city_code,
        object_type=object_type,
        object_id=object_id,
        params=params or {},
        ip_address=client_ip(request),
    )
