"""Masking of personal data (个人信息去标识化展示) and who may see it unmasked.

Personal data on the platform today: natural persons who apply for or hold IP rights
(applicant_type "individual": their names and addresses), parties of legal events who are
natural persons (transferors, transferees), and users' phone numbers. Organisations' names and
addresses are not personal data and are never masked.

Policy (``can_see_personal_data``): province_admin and auditor see everything unmasked; the
organisation that owns a record (its USCC among the record's applicants) sees that record
unmasked; everyone else, anonymous visitors included, sees masked values. A user always sees
their own phone number, and an organisation its own users'. Every unmasked view of personal
data is recorded in the audit log as ``personal_data.view`` (purpose, subject, count).

The ``Masker`` applies that policy at the point of output (pages, API responses, exports): it
decides once per request, masks parties, flat list rows, entities and legal events, and records
the audit event when it revealed anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from gdip.core.permissions import role_of

__all__ = [
    "PERSONAL_DATA_VIEW",
    "UNMASKED_ROLES",
    "Masker",
    "can_see_personal_data",
    "is_individual_name",
    "mask_address",
    "mask_id_card",
    "mask_person_name",
    "mask_phone",
    "mask_user_phone",
]

PERSONAL_DATA_VIEW = "personal_data.view"
UNMASKED_ROLES = frozenset({"province_admin", "auditor"})
STAR = "*"

# -- the masking functions ------------------------------------------------------------------

_ID_CARD = re.compile(r"^\d{17}[\dXx]$|^\d{15}$")


def mask_id_card(value: str | None) -> str | None:
    """Resident ID number: first 6 (region) and last 4 kept — "440305********1234"."""
    if not value:
        return value
    text = "".join(value.split())
    if _ID_CARD.match(text):
        return text[:6] + STAR * (len(text) - 10) + text[-4:]
    # Not a valid ID number: still do not show it; keep at most the last 4 characters.
    keep = 4 if len(text) > 8 else 0
    return STAR * (len(text) - keep) + (text[-keep:] if keep else "")


_MOBILE = re.compile(
    r"^(?P<cc>(?:\+|00)?86[\s-]?)?(?P<head>1\d{2})[\s-]?(?P<mid>\d{4})[\s-]?(?P<tail>\d{4})$"
)
_LANDLINE = re.compile(
    r"^(?P<cc>(?:\+|00)?86[\s-]?)?(?P<area>\(?0?\d{2,3}\)?)[\s-]?(?P<local>\d{7,8})(?P<ext>(?:[\s-]|转|ext\.?)\d{1,6})?$"
)


def mask_phone(value: str | None) -> str | None:
    """Mobile "13812345678" → "138****5678"; landline "020-87654321" → "020-****4321"."""
    if not value:
        return value
    text = value.strip()
    m = _MOBILE.match(text)
    if m:
        return (m["cc"] or "") + m["head"] + "****" + m["tail"]
    m = _LANDLINE.match(text)
    if m:
        local = m["local"]
        return (m["cc"] or "") + m["area"] + "-" + STAR * (len(local) - 4) + local[-4:]
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    hide = set(digits[:-4]) if len(digits) > 4 else set(digits)
    return "".join(STAR if i in hide else ch for i, ch in enumerate(text))


# Province, prefecture and county levels (GB/T 2260 names and common zone names); what follows
# them (街道/镇/乡, road, number, building) is the part that identifies a person's home.
_ADMIN_PREFIX = re.compile(
    r"^(?:中国)?"
    r"(?:[\u4e00-\u9fff]{2,7}?(?:省|自治区|特别行政区)|北京市|天津市|上海市|重庆市)?"
    r"(?:[\u4e00-\u9fff]{1,8}?(?:自治州|地区|盟|市))?"
    r"(?:[\u4e00-\u9fff]{1,8}?(?:新区|高新区|开发区|自治县|区|县|旗|市))?"
)


def mask_address(value: str | None) -> str | None:
    """Keep province, city and district, mask the rest: "广东省深圳市南山区****"."""
    if not value:
        return value
    text = value.strip()
    m = _ADMIN_PREFIX.match(text)
    keep = m.group(0) if m else ""
    if not keep:
        return "****"
    return keep + ("****" if len(text) > len(keep) else "")


_COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "百里",
        "呼延",
        "澹台",
        "公冶",
        "太史",
        "申屠",
        "闻人",
        "万俟",
        "濮阳",
        "赫连",
        "淳于",
        "单于",
        "司空",
        "东郭",
        "第五",
        "拓跋",
        "左丘",
        "歐陽",
        "司馬",
        "諸葛",
        "長孫",
        "宇文",
        "夏侯",
        "軒轅",
        "鍾離",
        "獨孤",
    ]
)
_CJK = re.compile(r"[\u3400-\u9fff]")


def mask_person_name(value: str | None) -> str | None:
    """Surname kept, given name masked: "张伟" → "张*", "欧阳娜娜" → "欧阳**", "Smith, John" → "S***"."""
    if not value:
        return value
    text = value.strip()
    if _CJK.search(text):
        compact = "".join(text.split())
        if "·" in compact:  # 名·姓 (transliterated or minority names): keep the first part's initial
            return compact[0] + STAR * (len(compact) - 1)
        surname = compact[:2] if len(compact) > 2 and compact[:2] in _COMPOUND_SURNAMES else compact[:1]
        return surname + STAR * max(1, len(compact) - len(surname))
    letters = text.lstrip()
    return (letters[:1] + "***") if letters else text


def is_individual_name(name: str | None) -> bool:
    """True when a party name reads as a natural person's (the data center's classifier)."""
    if not name:
        return False
    from gdip.datacenter.normalise.names import classify_applicant

    return classify_applicant(name) == "individual"


# -- the policy -----------------------------------------------------------------------------


def _user_uscc(user: Any) -> str | None:
    org = getattr(user, "organisation", None) if getattr(user, "organisation_id", None) else None
    uscc = getattr(org, "uscc", None) if org is not None else None
    return uscc.upper() if uscc else None


def can_see_personal_data(user: Any, purpose: str, *, owner_usccs: Iterable[str | None] = ()) -> bool:
    """May `user` see personal data unmasked for `purpose`?

    province_admin and auditor: yes; the owning organisation (its USCC among `owner_usccs`):
    yes; anybody else: no. `purpose` names the use ("datacenter.record", "datacenter.export" …)
    for the audit log and for purpose-specific rules later; today the answer does not depend on it.
    """
    role = role_of(user)
    if role in UNMASKED_ROLES:
        return True
    if role == "anonymous":
        return False
    mine = _user_uscc(user)
    return mine is not None and mine in {u.upper() for u in owner_usccs if u}


def mask_user_phone(viewer: Any, target: Any) -> str:
    """A user's phone as `viewer` may see it: unmasked for self, own organisation and the admin roles."""
    phone = getattr(target, "phone", "") or ""
    if not phone:
        return phone
    role = role_of(viewer)
    if role in UNMASKED_ROLES or (role != "anonymous" and getattr(viewer, "pk", None) == target.pk):
        return phone
    org_id = getattr(viewer, "organisation_id", None)
    if role != "anonymous" and org_id is not None and org_id == getattr(target, "organisation_id", None):
        return phone
    return mask_phone(phone) or ""


def _party_is_individual(party: dict[str, Any]) -> bool:
    kind = party.get("applicant_type") or party.get("entity_type")
    if kind:
        return bool(kind == "individual")
    return is_individual_name(party.get("name"))


class Masker:
    """Mask personal data in one response according to the viewer; audit what it reveals.

    ``reveal`` is decided once (role, and the owning organisation for a single record). Each
    ``party``/``row``/``entity``/``event`` call counts the personal data it met; ``audit()`` then
    records one ``personal_data.view`` event when something was shown unmasked.
    """

    def __init__(
        self,
        request: HttpRequest | None,
        purpose: str,
        *,
        user: Any = None,
        owner_usccs: Iterable[str | None] = (),
    ):
        self.request = request
        self.purpose = purpose
        self.user = user if user is not None else getattr(request, "user", None)
        self.reveal = can_see_personal_data(self.user, purpose, owner_usccs=owner_usccs)
        self.found = 0

    # Parties (applicants, holders, owners): name and address of natural persons.
    def party(self, party: dict[str, Any]) -> dict[str, Any]:
        if not _party_is_individual(party):
            return party
        self.found += 1
        if self.reveal:
            return party
        out = dict(party)
        out["name"] = mask_person_name(party.get("name"))
        if "address" in out:
            out["address"] = mask_address(party.get("address"))
        if out.get("name_en"):
            out["name_en"] = mask_person_name(out["name_en"])
        return out

    def parties(self, parties: Iterable[dict[str, Any]] | None) -> list[dict[str, Any]]:
        return [self.party(p) for p in parties or ()]

    def names(self, joined: str | None, *, all_individual: bool = False) -> str | None:
        """A "; "-joined name list: natural persons' names masked."""
        if not joined:
            return joined
        names = joined.split("; ")
        out = []
        for name in names:
            if (all_individual and len(names) == 1) or is_individual_name(name):
                self.found += 1
                out.append(name if self.reveal else mask_person_name(name) or "")
            else:
                out.append(name)
        return "; ".join(out)

    def row(self, row: dict[str, Any]) -> dict[str, Any]:
        """A flat list/export row (LIST_COLUMNS): applicant_names masked where they are persons."""
        if "applicant_names" not in row:
            return row
        masked = self.names(
            row.get("applicant_names"), all_individual=row.get("applicant_type") == "individual"
        )
        if masked == row.get("applicant_names"):
            return row
        return {**row, "applicant_names": masked}

    def record(self, record: dict[str, Any]) -> dict[str, Any]:
        """A detail record: every party list (applicants, owners, holders) masked."""
        out = dict(record)
        for key in ("applicants", "owners", "holders"):
            if isinstance(out.get(key), list):
                out[key] = self.parties(out[key])
        return out

    def entity(self, entity: dict[str, Any] | None) -> dict[str, Any] | None:
        """An entity row (enterprise profile, entity search): a natural person's name and address."""
        if entity is None or entity.get("entity_type") != "individual":
            return entity
        return self.party(entity)

    def event(self, event: dict[str, Any]) -> dict[str, Any]:
        """A legal event: transferor/transferee who are natural persons."""
        out = event
        for key in ("from_party", "to_party"):
            value = event.get(key)
            if value and is_individual_name(value):
                self.found += 1
                if not self.reveal:
                    out = {**out, key: mask_person_name(value)}
        return out

    def events(self, events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        return [self.event(e) for e in events]

    def audit_bulk(self, subject: str = "", **params: Any) -> None:
        """For a streamed export: record ``personal_data.view`` up front whenever it is unmasked."""
        if self.reveal and role_of(self.user) != "anonymous":
            self.found = max(self.found, 1)
            self.audit(subject, **params)

    def audit(self, subject: str = "", **params: Any) -> None:
        """Record ``personal_data.view`` when personal data was shown unmasked."""
        if not (self.reveal and self.found) or role_of(self.user) == "anonymous":
            return
        from gdip.core.events import record_event

        record_event(
            PERSONAL_DATA_VIEW,
            actor=self.user,
            request=self.request,
            params={"purpose": self.purpose, "subject": subject, "count": self.found, **params},
        )
