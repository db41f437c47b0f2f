"""The public API against its own OpenAPI description, by schemathesis: generated requests
(valid and invalid) for every operation, each answer checked for server errors, documented
status codes and content types, schema conformance, rejection of invalid data, and 405 for
methods a path does not allow. Bounded and derandomised, so CI sees the same cases each run."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from tests.api.conftest import APP, PUBLIC_TAGS

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    unsupported_method,
]

# The document the app serves, read without a request (so nothing is loaded at collection);
# requests go to the same app, in process, once the `client` fixture has loaded the register.
# A fixed seed as well as derandomize: the same cases every run, in CI and here.
# A body over the server's 256 KiB limit is rejected with 413 before it is read: a rejection
# of invalid data like any other (schemathesis can generate one from a maxLength).
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 2026,
        "checks": {
            "negative_data_rejection": {
                "expected-statuses": [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]
            }
        },
    }
)
# The public operations only (tagged register and law): the case API, which takes bearer
# tokens, is tested on its own.
schema = schemathesis.openapi.from_dict(APP.openapi(), config=CONFIG).include(tag=list(PUBLIC_TAGS))
schema.app = APP


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_public_api_conforms(case: Any, client: TestClient) -> None:
    case.call_and_validate(checks=CHECKS)


# The provider selection case API, twice: anonymously (every operation must answer 401 as
# documented, never a server error) and with an editor's token for QHM (generated bodies
# open cases and take steps on whatever references they name; other references are 404).
CASE_TAGS = ["provider selection cases"]
case_schema = schemathesis.openapi.from_dict(APP.openapi(), config=CONFIG).include(tag=CASE_TAGS)
case_schema.app = APP


@pytest.fixture(scope="session")
def editor_token(client: TestClient) -> str:
    accounts = APP.state.runtime.accounts
    accounts.add_user("QHM", "schemathesis@qhm.example.nhs.uk", "editor", "schemathesis-pass-1")
    _, token = accounts.create_token(
        "schemathesis@qhm.example.nhs.uk", ["cases:read", "cases:write"], "schemathesis"
    )
    return str(token)


@case_schema.parametrize()
@settings(
    max_examples=10,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_case_api_conforms_anonymously(case: Any, client: TestClient) -> None:
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code in {400, 401, 405, 413, 415, 422}, response.text


@case_schema.parametrize()
@settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_case_api_conforms_with_a_token(case: Any, client: TestClient, editor_token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {editor_token}"}, checks=CHECKS)


# The finance API (web/api/finance.py): its reads are public; recording figures takes a token
# that may write, so generated bodies are sent with the editor's token too (a figure that
# passes every check is recorded, as a client's would be).
finance_schema = schemathesis.openapi.from_dict(APP.openapi(), config=CONFIG).include(
    tag=["finance"]
)
finance_schema.app = APP


@finance_schema.parametrize()
@settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_finance_api_conforms(case: Any, client: TestClient, editor_token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {editor_token}"}, checks=CHECKS)
