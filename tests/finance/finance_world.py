"""The finance tests' world: organisations and users of every role (two tenants per role)."""

from __future__ import annotations

from typing import Any

from finance_lake import ENT1_NAME, ENT1_USCC, ENT2_NAME, ENT2_USCC

SZ, GZ = "440300", "440100"

# key → (org_type, name, uscc, city)
ORGS: dict[str, tuple[str, str, str | None, str | None]] = {
    "ent1": ("enterprise", ENT1_NAME, ENT1_USCC, SZ),
    "ent2": ("enterprise", ENT2_NAME, ENT2_USCC, GZ),
    "ent3": ("enterprise", "深圳市另一家科技有限公司", None, SZ),
    "bank1": ("bank", "粤海示范银行深圳分行", None, SZ),
    "bank2": ("bank", "珠江示范银行广州分行", None, GZ),
    "bank3": ("bank", "另一家示范银行", None, SZ),
    "agency1": ("agency", "评估机构一", None, SZ),
    "agency2": ("agency", "评估机构二", None, GZ),
    "insurer1": ("insurer", "保险一", None, SZ),
    "insurer2": ("insurer", "保险二", None, GZ),
    "fund1": ("fund_manager", "基金一", None, SZ),
    "fund2": ("fund_manager", "基金二", None, GZ),
    "centre1": ("centre", "中心一", None, SZ),
    "centre2": ("centre", "中心二", None, GZ),
    "office_sz": ("office", "深圳市知识产权局", None, SZ),
    "office_gz": ("office", "广州市知识产权局", None, GZ),
    "office_gd": ("office", "广东省知识产权局", None, None),
}
# username → (role, org key); the first of each pair is "the" user of its role in the matrix,
# the second another tenant of the same role.
USERS: dict[str, tuple[str, str]] = {
    "ent1": ("enterprise", "ent1"),
    "ent3": ("enterprise", "ent3"),
    "ent2": ("enterprise", "ent2"),
    "bank1": ("bank", "bank1"),
    "bank3": ("bank", "bank3"),
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
    "auditor": ("auditor", "office_gd"),
}


class World:
    """Organisations, users and their bearer tokens."""

    def __init__(self) -> None:
        self.orgs: dict[str, Any] = {}
        self.users: dict[str, Any] = {}
        self.tokens: dict[str, str] = {}

    def headers(self, username: str | None) -> dict[str, str]:
        """Authorization header of a user (none for anonymous)."""
        return {} if username is None else {"Authorization": f"Bearer {self.tokens[username]}"}


def make_world() -> World:
    """Create ORGS, USERS and a bearer token per user."""
    from gdip.accounts.actions import do_issue_api_token
    from gdip.accounts.models import Organisation, User

    w = World()
    for key, (org_type, name, uscc, city) in ORGS.items():
        w.orgs[key] = Organisation.objects.create(name=name, org_type=org_type, uscc=uscc, city_code=city)
    for username, (role, org_key) in USERS.items():
        user = User(username=username, role=role, organisation=w.orgs[org_key])
        user.set_unusable_password()
        user.save()
        w.users[username] = user
        w.tokens[username], _ = do_issue_api_token(user, "tests")
    return w
