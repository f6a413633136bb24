"""The accounts tests' multi-tenant world: two organisations per kind in two cities."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SZ = "440300"
GZ = "440100"

# key → (org_type, city_code, parent key)
ORGS: dict[str, tuple[str, str | None, str | None]] = {
    "ent1": ("enterprise", SZ, None),
    "ent2": ("enterprise", GZ, None),
    "ent3": ("enterprise", SZ, None),
    "bank1": ("bank", SZ, None),
    "bank1_gz": ("bank", GZ, "bank1"),  # a branch of bank1 in another city
    "bank2": ("bank", GZ, None),
    "agency1": ("agency", SZ, None),
    "agency2": ("agency", GZ, None),
    "insurer1": ("insurer", GZ, None),
    "insurer2": ("insurer", SZ, None),
    "fund1": ("fund_manager", SZ, None),
    "fund2": ("fund_manager", GZ, None),
    "centre1": ("centre", SZ, None),
    "centre2": ("centre", GZ, None),
    "office_sz": ("office", SZ, None),
    "office_gz": ("office", GZ, None),
    "office_gd": ("office", None, None),
}

# username → (role, organisation key)
USERS: dict[str, tuple[str, str | None]] = {
    "ent1": ("enterprise", "ent1"),
    "ent1b": ("enterprise", "ent1"),  # a colleague in the same enterprise
    "ent2": ("enterprise", "ent2"),
    "bank1": ("bank", "bank1"),
    "bank2": ("bank", "bank2"),
    "agency1": ("agency", "agency1"),
    "agency2": ("agency", "agency2"),
    "insurer1": ("insurer", "insurer1"),
    "insurer2": ("insurer", "insurer2"),
    "fund1": ("fund_manager", "fund1"),
    "fund2": ("fund_manager", "fund2"),
    "centre1": ("centre_staff", "centre1"),
    "centre2": ("centre_staff", "centre2"),
    "city_sz": ("city_admin", "office_sz"),
    "city_gz": ("city_admin", "office_gz"),
    "prov": ("province_admin", "office_gd"),
    "prov_noorg": ("province_admin", None),
    "auditor": ("auditor", "office_gd"),
}


@dataclass
class World:
    """Organisations and users by key."""

    orgs: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)

    def org_keys(self, pks: set[int]) -> set[str]:
        """Keys of the organisations with these ids."""
        return {k for k, o in self.orgs.items() if o.pk in pks}

    def user_keys(self, pks: set[int]) -> set[str]:
        """Keys of the users with these ids."""
        return {k for k, u in self.users.items() if u.pk in pks}
