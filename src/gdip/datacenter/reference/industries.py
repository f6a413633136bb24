"""IPC → strategic emerging industry (战略性新兴产业分类 2018) and Guangdong's 20 clusters.

The default mapping (``ipc_industries.yaml`` next to this module) was compiled by GDIP from the
categories' descriptions, not CNIPA's official 2021 reference table (which no package ships);
it is configuration: pass another YAML file with the same structure to use another concordance.

Prefixes are an IPC subclass (``H01M``) or a main group (``A61K 39``); matching takes the
longest prefix, so ``A61K 8`` (cosmetics, no emerging industry) overrides ``A61K``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

__all__ = [
    "DEFAULT_MAPPING_PATH",
    "MAPPING_SCHEMA",
    "IndustryMapping",
    "IndustryMappingError",
    "ipc_match_keys",
    "load_ipc_industry_mapping",
    "match_industries",
]

DEFAULT_MAPPING_PATH = Path(__file__).with_name("ipc_industries.yaml")
PROVENANCE = (
    "compiled by GDIP from the categories' descriptions, not CNIPA's official 2021 reference table "
    "(which no package ships)"
)
MAPPING_SCHEMA = pa.schema(
    [
        ("ipc_prefix", pa.string()),
        ("sei_code", pa.string()),
        ("sei_name_zh", pa.string()),
        ("sei_name_en", pa.string()),
        ("cluster_code", pa.string()),
        ("cluster_name_zh", pa.string()),
        ("cluster_name_en", pa.string()),
    ]
)
# A subclass ("H01M") or a main group ("A61K 39"): the two levels matching supports.
_PREFIX_RE = re.compile(r"^[A-H]\d{2}[A-Z](?: [1-9]\d{0,3})?$")


class IndustryMappingError(ValueError):
    """The mapping file is missing, malformed or inconsistent (the message says where)."""


@dataclass(frozen=True)
class IndustryMapping:
    """A loaded mapping: the prefix table plus the category and cluster name lists."""

    table: pa.Table  # MAPPING_SCHEMA, one row per prefix
    sei_categories: dict[str, tuple[str, str]]  # code -> (name_zh, name_en)
    clusters: dict[str, tuple[str, str]]
    source: str

    def lookup(self) -> dict[str, tuple[str | None, str | None]]:
        """Prefix → (sei_code, cluster_code)."""
        rows = self.table.select(["ipc_prefix", "sei_code", "cluster_code"]).to_pylist()
        return {r["ipc_prefix"]: (r["sei_code"], r["cluster_code"]) for r in rows}


def _names(doc: dict[str, Any], key: str, where: str) -> dict[str, tuple[str, str]]:
    items = doc.get(key)
    if not isinstance(items, list) or not items:
        raise IndustryMappingError(f"{where}: '{key}' must be a non-empty list")
    out: dict[str, tuple[str, str]] = {}
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not all(
            isinstance(item.get(f), str) for f in ("code", "name_zh", "name_en")
        ):
            raise IndustryMappingError(f"{where}: {key} entry {i} needs string fields code, name_zh, name_en")
        if item["code"] in out:
            raise IndustryMappingError(f"{where}: {key} code {item['code']!r} appears twice")
        out[item["code"]] = (item["name_zh"], item["name_en"])
    return out


def _parse(doc: Any, where: str) -> IndustryMapping:
    if not isinstance(doc, dict):
        raise IndustryMappingError(
            f"{where}: the file must be a YAML mapping with sei_categories, clusters, mappings"
        )
    sei = _names(doc, "sei_categories", where)
    clusters = _names(doc, "clusters", where)
    entries = doc.get("mappings")
    if not isinstance(entries, list) or not entries:
        raise IndustryMappingError(f"{where}: 'mappings' must be a non-empty list")
    rows: dict[str, dict[str, str | None]] = {}
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("ipc"), str):
            raise IndustryMappingError(f"{where}: mapping {i} needs an 'ipc' prefix string")
        prefix = " ".join(entry["ipc"].split())
        if not _PREFIX_RE.match(prefix):
            raise IndustryMappingError(
                f"{where}: mapping {i}: {entry['ipc']!r} is not an IPC subclass ('H01M') "
                "or main group ('A61K 39')"
            )
        if prefix in rows:
            raise IndustryMappingError(f"{where}: mapping {i}: prefix {prefix!r} appears twice")
        sei_code, cluster_code = entry.get("sei"), entry.get("cluster")
        if sei_code is not None and sei_code not in sei:
            raise IndustryMappingError(f"{where}: mapping {i} ({prefix}): unknown sei code {sei_code!r}")
        if cluster_code is not None and cluster_code not in clusters:
            raise IndustryMappingError(
                f"{where}: mapping {i} ({prefix}): unknown cluster code {cluster_code!r}"
            )
        if sei_code is None and cluster_code is None:
            raise IndustryMappingError(f"{where}: mapping {i} ({prefix}): needs a sei or a cluster code")
        rows[prefix] = {
            "ipc_prefix": prefix,
            "sei_code": sei_code,
            "sei_name_zh": sei[sei_code][0] if sei_code else None,
            "sei_name_en": sei[sei_code][1] if sei_code else None,
            "cluster_code": cluster_code,
            "cluster_name_zh": clusters[cluster_code][0] if cluster_code else None,
            "cluster_name_en": clusters[cluster_code][1] if cluster_code else None,
        }
    table = pa.Table.from_pylist(
        sorted(rows.values(), key=lambda r: str(r["ipc_prefix"])), schema=MAPPING_SCHEMA
    )
    return IndustryMapping(table, sei, clusters, where)


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float) -> IndustryMapping:
    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        raise IndustryMappingError(f"cannot read the IPC industry mapping {path}: {exc}") from exc
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise IndustryMappingError(f"{path}: not valid YAML: {exc}") from exc
    return _parse(doc, path)


def load_industry_mapping(path: Path | str | None = None) -> IndustryMapping:
    """Load and validate a mapping file (the packaged default when ``path`` is None)."""
    p = Path(path) if path is not None else DEFAULT_MAPPING_PATH
    try:
        mtime = p.stat().st_mtime
    except OSError as exc:
        raise IndustryMappingError(f"cannot read the IPC industry mapping {p}: {exc}") from exc
    return _load_cached(str(p), mtime)


def load_ipc_industry_mapping(path: Path | str | None = None) -> pa.Table:
    """The mapping as an Arrow table (``MAPPING_SCHEMA``), ready for ``ibis.memtable``.

    Example: ``ibis.memtable(load_ipc_industry_mapping())`` joins against IPC match keys.
    """
    return load_industry_mapping(path).table


def ipc_match_keys(ipc: str) -> tuple[str, str]:
    """The (main group, subclass) keys of an IPC symbol: ``"A61K 8/02"`` → ``("A61K 8", "A61K")``."""
    symbol = " ".join(ipc.split())
    return symbol.split("/", 1)[0], symbol[:4]


def match_industries(
    ipc_list: list[str] | tuple[str, ...], path: Path | str | None = None
) -> tuple[list[str], list[str]]:
    """Sorted distinct (sei_codes, cluster_codes) of a patent's IPC symbols, longest prefix first."""
    lookup = load_industry_mapping(path).lookup()
    sei: set[str] = set()
    clusters: set[str] = set()
    for ipc in ipc_list or ():
        if not ipc:
            continue
        main_group, subclass = ipc_match_keys(ipc)
        hit = lookup.get(main_group) or lookup.get(subclass)
        if hit is None:
            continue
        if hit[0]:
            sei.add(hit[0])
        if hit[1]:
            clusters.add(hit[1])
    return sorted(sei), sorted(clusters)
