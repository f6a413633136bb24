"""Authorisation matrix: every URL pattern and API operation × anonymous and the nine roles.

The expectations live in gdip.core.access_matrix (data); this test builds a small world (demo
organisations and users, a second tenant of each role, API tokens, a tiny lake), fills the
probes' placeholders and checks every role's outcome. A URL pattern or API operation without an
entry fails ``test_every_url_and_operation_has_an_entry``.

Shared with the other security tests: ``build_lake`` and ``World`` (imported by module name;
tests/security is on sys.path).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pytest
from django.conf.urls.i18n import i18n_patterns
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, include, path

from factories import cn_appno, patent
from gdip.config.urls import urlpatterns as site_patterns
from gdip.core.access_matrix import API_MATRIX, ROLES, URL_MATRIX, Probe

# The site's URLconf, plus the accounts pages (second factor, audit log) while they are not yet
# included in it: the matrix covers them either way.
urlpatterns: list[URLPattern | URLResolver] = list(site_patterns)
if not any(getattr(p, "name", None) == "otp-enrol" for p in get_resolver("gdip.config.urls").url_patterns):
    urlpatterns = [
        *i18n_patterns(path("", include("gdip.accounts.urls")), prefix_default_language=False),
        *urlpatterns,
    ]

URLCONF = __name__
pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLCONF)]

INDIVIDUAL_PATENT = cn_appno(2020, 1, 77)
INDIVIDUAL_NAME = "欧阳娜娜"
INDIVIDUAL_ADDRESS = "广东省深圳市南山区粤海街道科技园路1号3栋502室"
TRADEMARK = "12345678"
ENTITY = "U:91440300MA5DEM0019"
TRANSFEROR = "王芳"

# -- the lake ---------------------------------------------------------------------------------


def _records() -> dict[str, list[dict[str, Any]]]:
    patents = [
        patent(1),
        patent(
            2,
            applicants=[
                {
                    "name": "广州穗华生物医药股份有限公司",
                    "address": "广州市黄埔区科学大道88号",
                    "uscc": "91440101MA59DEM023",
                }
            ],
        ),
        patent(
            3,
            application_number=INDIVIDUAL_PATENT,
            applicants=[{"name": INDIVIDUAL_NAME, "address": INDIVIDUAL_ADDRESS, "country": "CN"}],
        ),
    ]
    trademarks = [
        {
            "office": "CN",
            "application_number": TRADEMARK,
            "registration_number": TRADEMARK,
            "mark_text": "鹏城",
            "mark_type": "文字",
            "nice_classes": [9],
            "goods": ["电池"],
            "applicants": [
                {
                    "name": "深圳市鹏城新能源科技有限公司",
                    "uscc": "91440300MA5DEM0019",
                    "address": "广东省深圳市南山区粤海街道",
                }
            ],
            "filing_date": "2015-01-05",
            "registration_date": "2016-03-07",
            "expiry_date": "2036-03-06",
        }
    ]
    events = [
        {
            "application_number": patent(1)["application_number"],
            "event_type": "transfer",
            "event_date": "2022-03-01",
            "from_party": TRANSFEROR,
            "to_party": "深圳市鹏城新能源科技有限公司",
        }
    ]
    return {"patents": patents, "trademarks": trademarks, "legal-events": events}


def build_lake(root: Path, source_dir: Path) -> Path:
    """Ingest the small record set into a lake at `root`."""
    from gdip.datacenter.adapters.lake_parquet import ParquetLake
    from gdip.datacenter.services.ingest import ingest_file

    source_dir.mkdir(parents=True, exist_ok=True)
    lake = ParquetLake(root)
    for kind, records in _records().items():
        src = source_dir / f"{kind}.jsonl"
        src.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
        ingest_file(kind, src, lake=lake, workers=1)
    return root


@pytest.fixture(scope="session", name="built_lake")
def built_lake_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per session; each test gets a copy (ingest_file uses its own GDIP_HOME-free lake)."""
    base = tmp_path_factory.mktemp("matrix-lake")
    mp = pytest.MonkeyPatch()
    mp.setenv("GDIP_HOME", str(base / "home"))  # rejects files of the build go here
    try:
        return build_lake(base / "lake", base / "src")
    finally:
        mp.undo()


@pytest.fixture(name="small_lake")
def small_lake_fixture(built_lake: Path, gdip_home: Path) -> Path:
    """This test's lake: a copy of the session's small lake under GDIP_HOME."""
    from gdip.datacenter.engines import reset_engines

    target = gdip_home / "lake"
    shutil.copytree(built_lake, target)
    reset_engines()
    return target


# -- the world ----------------------------------------------------------------------------------

OTHER_TENANT = {  # role → (username, org type) of a second tenant with the same role
    "enterprise": "enterprise2",
    "bank": "bank2",
    "city_admin": "city_admin2",
    "agency": ("agency2", "agency"),
    "insurer": ("insurer2", "insurer"),
    "fund_manager": ("fund_manager2", "fund_manager"),
    "centre_staff": ("centre_staff2", "centre"),
    "province_admin": ("province_admin2", "office"),
    "auditor": ("auditor2", "office"),
}
USERNAMES = {
    "enterprise": "enterprise1",
    "bank": "bank1",
    "agency": "agency1",
    "insurer": "insurer1",
    "fund_manager": "fund_manager1",
    "centre_staff": "centre_staff1",
    "city_admin": "city_admin1",
    "province_admin": "province_admin1",
    "auditor": "auditor1",
}


@dataclass
class World:
    users: dict[str, Any]  # role → demo user
    others: dict[str, Any]  # role → another tenant's user of the same role
    tokens: dict[str, str] = field(default_factory=dict)  # role → bearer token (plaintext)
    spare: dict[str, int] = field(default_factory=dict)  # role → id of another own token
    other_tokens: dict[str, int] = field(default_factory=dict)  # role → id of the other tenant's token
    values: dict[str, Any] = field(default_factory=dict)

    def client(self, role: str, *, api: bool = False) -> Client:
        """A client for the role: session (pages; verified second factor where required) or none (API)."""
        client = Client(raise_request_exception=True)
        if role == "anonymous" or api:
            return client
        user = self.users[role]
        client.force_login(user)
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
        return client

    def auth_headers(self, role: str) -> dict[str, str]:
        return {} if role == "anonymous" else {"Authorization": f"Bearer {self.tokens[role]}"}

    def fill(self, role: str, text: str) -> str:
        values = {**self.values, **self.role_values(role)}
        return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), text)

    def role_values(self, role: str) -> dict[str, Any]:
        from django.utils.encoding import force_bytes
        from django.utils.http import urlsafe_base64_encode

        user = self.users.get(role) or self.users["enterprise"]
        other = self.others.get(role) or self.others["enterprise"]
        return {
            "org_id": user.organisation_id or 0,
            "other_org_id": other.organisation_id or self.users["enterprise"].organisation_id,
            "user_id": user.pk,
            "other_user_id": other.pk,
            "spare_token_id": self.spare.get(role, 0),
            "other_token_id": self.other_tokens.get(role, self.other_tokens["enterprise"]),
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        }


@pytest.fixture(name="world")
def world_fixture(db: None, settings: Any, small_lake: Path) -> World:
    """Demo organisations and users, a second tenant per role, tokens, a device, a group."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from gdip.accounts.actions import do_create_user, do_issue_api_token
    from gdip.accounts.demo import create_demo_users
    from gdip.accounts.models import Event, Organisation, User

    create_demo_users()
    users = {role: User.objects.get(username=name) for role, name in USERNAMES.items()}
    others: dict[str, Any] = {}
    for role, spec in OTHER_TENANT.items():
        if isinstance(spec, str):
            others[role] = User.objects.get(username=spec)
            continue
        username, org_type = spec
        org = Organisation.objects.create(name=f"{username} 机构", org_type=org_type, city_code="440100")
        others[role] = do_create_user(
            None, username=username, password="Other-Tenant-2026!", role=role, organisation=org
        )
    w = World(users=users, others=others)
    for role, user in users.items():
        w.tokens[role], _ = do_issue_api_token(user, "matrix")
        w.spare[role] = do_issue_api_token(user, "spare")[1].pk
        w.other_tokens[role] = do_issue_api_token(others[role], "other")[1].pk
    group = Group.objects.create(name="matrix")
    w.values = {
        "patent": patent(1)["application_number"],
        "trademark": TRADEMARK,
        "entity": ENTITY,
        "event_id": Event.objects.order_by("-id").values_list("id", flat=True).first(),
        "device_id": TOTPDevice.objects.values_list("id", flat=True).first(),
        "group_id": group.pk,
        "ct_id": ContentType.objects.get_for_model(Organisation).pk,
    }
    return w


# -- running probes -------------------------------------------------------------------------------


def state_snapshot() -> dict[str, Any]:
    """What a refused request must not change: row counts, token revocations, passwords, the lake."""
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from gdip.accounts.models import ApiToken, Organisation, User
    from gdip.config.paths import lake_dir
    from gdip.datacenter.adapters.lake_parquet import ParquetLake

    passwords = hashlib.sha256(
        "".join(User.objects.order_by("pk").values_list("password", flat=True)).encode()
    )
    return {
        "organisations": list(Organisation.objects.order_by("pk").values_list("pk", "name")),
        "users": User.objects.count(),
        "active_users": User.objects.filter(is_active=True).count(),
        "passwords": passwords.hexdigest(),
        "tokens": ApiToken.objects.count(),
        "revoked": sorted(ApiToken.objects.filter(revoked__isnull=False).values_list("pk", flat=True)),
        "groups": list(Group.objects.values_list("name", flat=True)),
        "devices": TOTPDevice.objects.count(),
        "lake": ParquetLake(lake_dir()).stats()["kinds"],
    }


def outcome(response: Any) -> str:
    """The observed outcome in the matrix's notation."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        target = re.sub(r"^https?://[^/]+", "", location)
        target = re.sub(r"^/en(?=/)", "", target)
        if target.startswith("/accounts/login/"):
            return "302:login"
        if target.startswith("/admin/login/"):
            return "302:admin"
        return "302"
    return str(status)


def _refused(result: str) -> bool:
    return result in ("302:login", "302:admin") or result[0] == "4"


def run_probe(world: World, role: str, probe: Probe) -> tuple[str, Any]:
    is_api = probe.path.startswith("/api/")
    client = world.client(role, api=is_api)
    url = world.fill(role, probe.path)
    headers = {**(world.auth_headers(role) if is_api else {}), **probe.headers}
    data: Any = None
    if probe.data is not None:
        data = {
            k: (
                int(world.fill(role, v))
                if isinstance(v, str) and re.fullmatch(r"\{\w+_id\}", v)
                else world.fill(role, v)
                if isinstance(v, str)
                else v
            )
            for k, v in probe.data.items()
        }
    if probe.json:
        response = client.generic(
            probe.method, url, json.dumps(data or {}), content_type="application/json", headers=headers
        )
    elif probe.method == "POST":
        response = client.post(url, data or {}, headers=headers)
    else:
        response = client.generic(probe.method, url, headers=headers)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)  # run the stream: errors would surface here
    return outcome(response), response


def check_role(world: World, role: str, entries: dict[str, tuple[Probe, ...]]) -> list[str]:
    failures = []
    for key, probes in entries.items():
        for probe in probes:
            before = state_snapshot() if probe.changes_state else None
            result, response = run_probe(world, role, probe)
            expected = probe.expected[role]
            if result != expected:
                failures.append(
                    f"{key}: {probe.method} {probe.path} as {role}: expected {expected}, got {result}"
                    f" ({response.headers.get('Location', '')})"
                )
            if before is not None and _refused(result):
                after = state_snapshot()
                if after != before:
                    changed = sorted(k for k in before if before[k] != after[k])
                    failures.append(
                        f"{key}: {probe.method} {probe.path} as {role} was refused ({result}) "
                        f"but changed {changed}"
                    )
    return failures


# -- the tests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_url_patterns_for_role(world: World, role: str) -> None:
    failures = check_role(world, role, URL_MATRIX)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_api_operations_for_role(world: World, role: str) -> None:
    failures = check_role(world, role, API_MATRIX)
    assert not failures, "\n".join(failures)


def _walk(patterns: list[Any], prefix: str = "", namespace: str | None = None) -> Iterator[tuple[str, str]]:
    """(matrix key, route) of every URL pattern, recursively."""
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        else:
            route = prefix + str(p.pattern)
            if p.name:
                yield (f"{namespace}:{p.name}" if namespace else p.name), route
            else:
                yield route, route


def _operations() -> set[str]:
    from gdip.config.api import api

    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def test_every_url_and_operation_has_an_entry() -> None:
    operations = _operations()
    op_paths = {op.split(" ", 1)[1] for op in operations}
    missing = []
    for key, route in _walk(get_resolver(URLCONF).url_patterns):
        as_api_path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        if key.startswith("api-v1:") and as_api_path in op_paths:
            continue  # an API operation: covered by API_MATRIX
        if key not in URL_MATRIX:
            missing.append(f"URL pattern {route!r}: add URL_MATRIX[{key!r}]")
    for op in sorted(operations - set(API_MATRIX)):
        missing.append(f"API operation {op}: add API_MATRIX[{op!r}]")
    assert not missing, "entries missing in src/gdip/core/access_matrix.py:\n" + "\n".join(missing)


def test_every_probe_names_every_role() -> None:
    for key, probes in {**URL_MATRIX, **API_MATRIX}.items():
        for probe in probes:
            assert set(probe.expected) == set(ROLES), key
