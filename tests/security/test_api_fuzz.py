"""API fuzzing: schemathesis generates requests from /api/v1/openapi.json and checks the answers.

Every operation, as anonymous and as a province_admin (bearer token): no 5xx, every status code
and body documented in the OpenAPI document (schemathesis' default checks: not_a_server_error,
status_code_conformance, content_type_conformance, response_schema_conformance, …). Bounded:
25 examples per operation; the whole module takes well under a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance
from test_url_matrix import built_lake_fixture, small_lake_fixture  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# Not checked: whether the API accepts exactly what the schema allows. The list filters are
# validated in two stages — types by the schema (422), meaning by RecordFilterForm (400 with the
# reasons in Chinese and English, documented) — so a schema-valid `applicant_type=currency` is
# rightly a 400. Every other check (no 5xx, documented status codes, content types, response
# schemas and headers) runs.
EXCLUDED = [positive_data_acceptance, negative_data_rejection]


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """Requests go through WSGI (not Django's test client), whose request_finished signal would
    close the database connection — and with it the test's transaction on PostgreSQL. Django's
    test client disconnects the same handlers."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(keep_test_connection: None, db: None, settings: Any, small_lake: Path) -> str:
    """A province_admin's bearer token; rate limits off (the fuzzer is fast, not abusive)."""
    settings.GDIP_RATELIMIT_ENABLED = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from gdip.accounts.actions import do_create_user, do_issue_api_token

    user = do_create_user(None, username="fuzz-admin", password="Quite-Unrelated-77!", role="province_admin")
    return do_issue_api_token(user, "fuzz")[0]


FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


@schema.parametrize()
@FUZZ
def test_api_as_anonymous(case: Any, admin_token: str) -> None:
    case.call_and_validate(excluded_checks=EXCLUDED)


@schema.parametrize()
@FUZZ
def test_api_as_province_admin(case: Any, admin_token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {admin_token}"}, excluded_checks=EXCLUDED)
