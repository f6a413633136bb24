"""Demo organisations and one demo account per role, for trying the platform out."""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.db import transaction

from gdip.accounts.actions import do_create_user, do_set_password
from gdip.accounts.models import Organisation, Role, User
from gdip.core.demo_registry import DEMO_ORGANISATIONS

__all__ = ["DEFAULT_DEMO_PASSWORD", "DEMO_USERS", "create_demo_users"]

DEFAULT_DEMO_PASSWORD = "Gdip-Demo-2026!"


@dataclass(frozen=True)
class DemoUser:
    """A demo account: username, role and the key of its organisation in DEMO_ORGANISATIONS."""

    username: str
    role: str
    org_key: str
    is_staff: bool = False


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("enterprise1", Role.ENTERPRISE, "enterprise1"),
    DemoUser("enterprise2", Role.ENTERPRISE, "enterprise2"),
    DemoUser("bank1", Role.BANK, "bank1"),
    DemoUser("bank2", Role.BANK, "bank2"),
    DemoUser("agency1", Role.AGENCY, "agency1"),
    DemoUser("insurer1", Role.INSURER, "insurer1"),
    DemoUser("fund_manager1", Role.FUND_MANAGER, "fund_manager1"),
    DemoUser("centre_staff1", Role.CENTRE_STAFF, "centre1"),
    DemoUser("city_admin1", Role.CITY_ADMIN, "office_sz"),
    DemoUser("city_admin2", Role.CITY_ADMIN, "office_gz"),
    DemoUser("province_admin1", Role.PROVINCE_ADMIN, "office_gd", is_staff=True),
    DemoUser("auditor1", Role.AUDITOR, "office_gd"),
)


def _ensure_organisations() -> dict[str, Organisation]:
    """Create the missing demo organisations (matched on USCC); existing ones are left alone."""
    orgs: dict[str, Organisation] = {}
    for demo in DEMO_ORGANISATIONS:
        org = Organisation.objects.filter(uscc=demo.uscc).first()
        if org is None:
            org = Organisation(
                name=demo.name,
                name_en=demo.name_en,
                org_type=demo.org_type,
                uscc=demo.uscc,
                city_code=demo.city_code,
                district_code=demo.district_code,
                address=demo.address,
            )
            org.full_clean()
            org.save()
        orgs[demo.key] = org
    return orgs


def create_demo_users() -> list[str]:
    """Ensure the demo organisations and users exist; return one printable line per user.

    Existing users keep their password unless GDIP_DEMO_PASSWORD is set, in which case every
    demo user gets that password.
    """
    env_password = os.environ.get("GDIP_DEMO_PASSWORD") or None
    password = env_password or DEFAULT_DEMO_PASSWORD
    rows: list[tuple[str, str, str, str]] = []
    with transaction.atomic():
        orgs = _ensure_organisations()
        for demo in DEMO_USERS:
            org = orgs[demo.org_key]
            user = User.objects.filter(username=demo.username).first()
            if user is None:
                do_create_user(
                    None,
                    username=demo.username,
                    password=password,
                    role=demo.role,
                    organisation=org,
                    is_staff=demo.is_staff,
                )
                shown = password
            elif env_password is not None:
                do_set_password(None, user, env_password)
                shown = env_password
            else:
                # Checking costs one Argon2 hash per user; it tells the operator whether the
                # default still works rather than printing a password that may be wrong.
                shown = DEFAULT_DEMO_PASSWORD if user.check_password(DEFAULT_DEMO_PASSWORD) else "(unchanged)"
            rows.append((demo.username, str(demo.role), org.name, shown + _demo_totp(demo.username)))
    width = max(len(r[0]) for r in rows)
    role_width = max(len(r[1]) for r in rows)
    return [f"{u:<{width}}  {r:<{role_width}}  {o}  {p}" for u, r, o, p in rows]


def _demo_totp(username: str) -> str:
    """For roles that must use a second factor: a confirmed TOTP device, its secret shown once.

    The secret is printed only when the device is created here (the first run); later runs say
    that a device exists. A tester adds the secret to any TOTP app (or runs
    ``oathtool --totp -b SECRET``) to pass the verification page.
    """
    from gdip.accounts.otp import b32_secret, confirmed_devices, create_confirmed_device, otp_required_role

    user = User.objects.get(username=username)
    if not otp_required_role(user):
        return ""
    if confirmed_devices(user):
        return "  TOTP: (device already enrolled)"
    device = create_confirmed_device(user)
    return f"  TOTP secret: {b32_secret(device)}"
