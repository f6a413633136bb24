"""Who may see and change plan-monitoring objects (registered with gdip.core.permissions).

==============  =========================================  =========================================
role            ManualIndicatorValue (view / change)       Publication (view / change)
==============  =========================================  =========================================
anonymous       none / none                                current ones / none
org roles       none / none                                current ones / none
city_admin      its city's values / its city's values      all / none
province_admin  all / all                                  all / all
auditor         all / none                                 all / none
==============  =========================================  =========================================

"change" covers every write action on a manual value (submit, approve, reject, correct). The
four-eyes rule (the approver is not the enterer) is checked by the actions and enforced by a
database constraint; a provincial value (region 440000) is therefore only in a province_admin's
scope. Capabilities added here:

* ``indicators.view_unpublished``: live (unpublished) evaluations, reports and drill-downs —
  city_admin, province_admin, auditor. Everybody else sees published snapshots only.
* ``indicators.publish``: publish or withdraw a year's figures — province_admin.
* ``indicators.view_manual``: the manual-value pages (scope from the policy above) — city_admin,
  province_admin, auditor.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from gdip.core.permissions import (
    ALL_ROLES,
    ANONYMOUS,
    by_action,
    everything,
    field_is_user_city,
    register_capability,
    register_policy,
    view_everything,
)

__all__ = ["register_indicator_policies"]

ADMIN_ROLES = ("city_admin", "province_admin", "auditor")


def _current_publications(user: Any, action: str) -> Q | bool:
    return Q(status="current") if action == "view" else False


def register_indicator_policies() -> None:
    """Register the capabilities and the policies of ManualIndicatorValue and Publication."""
    from gdip.indicators.models import ManualIndicatorValue, Publication

    register_capability("indicators.view_unpublished", ADMIN_ROLES)
    register_capability("indicators.publish", ("province_admin",))
    register_capability("indicators.view_manual", ADMIN_ROLES)
    city = field_is_user_city("region_code")
    register_policy(
        ManualIndicatorValue,
        {
            "city_admin": by_action(city, city),
            "province_admin": everything,
            "auditor": view_everything,
        },
        replace=True,
    )
    register_policy(
        Publication,
        {
            **dict.fromkeys((ANONYMOUS, *ALL_ROLES), _current_publications),
            "city_admin": view_everything,
            "province_admin": everything,
            "auditor": view_everything,
        },
        replace=True,
    )
