"""Template helpers of the plan-monitoring pages."""

from __future__ import annotations

from typing import Any

from django import template

from gdip.core.permissions import has_capability

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: Any, capability: str) -> bool:
    """``{% can "indicators.view_manual" as allowed %}``: does the signed-in user hold it?"""
    request = context.get("request")
    return has_capability(getattr(request, "user", None), capability)


@register.filter
def pct(value: Any) -> str:
    """A share (0.415) as "41.5%"; "—" when unknown."""
    from gdip.indicators.reports import fmt_percent

    return fmt_percent(value)
