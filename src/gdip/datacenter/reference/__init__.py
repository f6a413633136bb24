"""Reference tables of the data center (industry concordances) with editable YAML defaults."""

from gdip.datacenter.reference.industries import (
    IndustryMapping,
    IndustryMappingError,
    load_ipc_industry_mapping,
    match_industries,
)

__all__ = ["IndustryMapping", "IndustryMappingError", "load_ipc_industry_mapping", "match_industries"]
