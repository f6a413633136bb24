"""Every schema in the OpenAPI document is one class: two classes with one name would silently
share a component, and clients (and the fuzz test) would validate against the wrong one."""

from __future__ import annotations

import importlib
import inspect

from ninja import Schema

API_MODULES = (
    "gdip.accounts.api",
    "gdip.datacenter.api",
    "gdip.indicators.api",
    "gdip.finance.api",
    "gdip.core.api_schemas",
)


def test_schema_class_names_are_unique_across_the_api(db):
    seen: dict[str, str] = {}
    clashes = []
    for name in API_MODULES:
        module = importlib.import_module(name)
        for _cls_name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, Schema) or cls is Schema or cls.__module__ != module.__name__:
                continue
            where = f"{cls.__module__}.{cls.__qualname__}"
            if cls.__name__ in seen and seen[cls.__name__] != where:
                clashes.append(f"{cls.__name__}: {seen[cls.__name__]} and {where}")
            seen.setdefault(cls.__name__, where)
    assert not clashes, "rename one of each pair: " + "; ".join(clashes)
