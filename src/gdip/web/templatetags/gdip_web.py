"""Template filters of the GDIP pages: code → label, region code → name, query-string helpers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import get_language_from_path

from gdip.web.forms import LABELS

register = template.Library()


@register.filter
def label(value: Any, table: str) -> Any:
    """The translated label of a code (`{{ r.status|label:"status" }}`); the code itself if unknown."""
    if value is None or value == "":
        return ""
    found = LABELS.get(table, {}).get(str(value))
    return found if found is not None else value


@register.filter
def region(code: Any) -> str:
    """The name of a GB/T 2260 region code (`440305` → 南山区); the code itself if unknown."""
    if not code:
        return ""
    from gdip.datacenter.normalise.geo import region_name

    return region_name(str(code)) or str(code)


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """`mapping[key]` in a template, or None."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, page: int) -> str:
    """The current list URL with `page` replaced."""
    request = context["request"]
    params = request.GET.copy()
    params["page"] = str(page)
    return "?" + params.urlencode()


@register.filter
def num(value: Any) -> str:
    """An integer with thousands separators (1234567 → 1,234,567)."""
    if value is None or value == "":
        return ""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


@register.filter
def num2(value: Any) -> str:
    """An amount with thousands separators and two decimals (5000000 → 5,000,000.00)."""
    if value is None or value == "":
        return ""
    try:
        return f"{Decimal(value):,.2f}"
    except (TypeError, ValueError, ArithmeticError):
        return str(value)


@register.filter
def yi(value: Any) -> str:
    """Yuan shown in 亿元 (hundreds of millions) with two decimals: 1881300000 → 18.81."""
    if value is None or value == "":
        return ""
    try:
        return f"{Decimal(value) / Decimal(100_000_000):,.2f}"
    except (TypeError, ValueError, ArithmeticError):
        return str(value)


@register.simple_tag(takes_context=True)
def path_without_language(context: template.Context) -> str:
    """The current path and query without the /en/ prefix: the `next` of the language switch.

    Django's set_language runs in the default language, where /en/… does not resolve, so it
    could not translate a prefixed `next`; a neutral path translates both ways.
    """
    request = context.get("request")
    if request is None:
        return "/"
    full = request.get_full_path()
    language = get_language_from_path(request.path_info)
    if language and full.startswith(f"/{language}/"):
        return full[len(language) + 1 :]
    return full
