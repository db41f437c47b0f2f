"""The public API against its own OpenAPI description, by schemathesis: generated requests
(valid and invalid) for every operation, each answer checked for server errors, documented
status codes and content types, schema conformance, rejection of invalid data, and 405 for
methods a path does not allow. Bounded and derandomised, so CI sees the same cases each run."""

from __future__ import annotations

from typing import Any

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
CONFIG = SchemathesisConfig(seed=2026)
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
