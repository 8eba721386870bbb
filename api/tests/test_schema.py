"""The generated OpenAPI schema, and a schema-driven fuzz run (schemathesis) of every read
operation and of logging a visit: whatever the schema allows a client to send, the API never
answers 500 and never answers outside its schema. Bounded: API_FUZZ_EXAMPLES per operation
(5 by default) so it fits in `make test`."""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from api.services import token_issue_for_service
from customers.tests.factories import make_customer, make_project, make_visit

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "5"))
# Writes fuzzed besides every GET: logging a visit (the others change shared state that the
# fuzzer cannot set up: files, approvals waiting for someone).
WRITES = {("POST", "/api/v1/visits/")}


def test_the_schema_is_valid_and_documents_every_endpoint(org, client):
    client.force_login(org.north_rep)
    schema = client.get("/api/v1/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in ("/api/v1/customers/", "/api/v1/visits/", "/api/v1/approvals/{id}/decide/"):
        assert path in paths
    assert "post" in paths["/api/v1/visits/"] and "post" in paths["/api/v1/market-uploads/"]
    assert schema["components"]["securitySchemes"]["token"]["scheme"] == "bearer"


def test_the_documentation_page_loads_its_files_from_this_server(org, client):
    client.force_login(org.north_rep)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui" in html and "cdn." not in html and "https://" not in html
    assert client.get("/api/docs/?script=").status_code == 200


@pytest.fixture
def keep_test_connection():
    """Served through the plain WSGI handler, each request's end would close the database
    connection the test's transaction lives on (Django's test client avoids it the same way)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_fuzzing_every_read_and_the_visit_log_finds_no_500_and_no_schema_violation(
    org, keep_test_connection
):
    customer = make_customer(org.north, owner=org.north_rep)
    make_visit(customer, rep=org.north_rep)
    make_project(customer, owner=org.north_rep)
    _token, secret = token_issue_for_service(user=org.north_manager, name="fuzz", days=1)
    auth = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json", get_wsgi_application(), headers=auth
    )
    checks = [not_a_server_error, response_schema_conformance, content_type_conformance]
    fuzzed = []
    for result in schema.get_all_operations():
        operation = result.ok()
        method = operation.method.upper()
        if method != "GET" and (method, operation.path) not in WRITES:
            continue
        fuzzed.append(f"{method} {operation.path}")

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call(headers=auth)
            case.validate_response(response, checks=checks)

        run()
    assert "POST /api/v1/visits/" in fuzzed
    assert len(fuzzed) >= 30, fuzzed
