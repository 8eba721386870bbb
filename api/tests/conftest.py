import pytest
from django.test import Client

from api.services import token_issue_for_service


@pytest.fixture
def token_for(db):
    """token_for(person, days=30) -> (ApiToken, secret)."""

    def make(person, *, days=30, name="Test"):
        return token_issue_for_service(user=person, name=name, days=days)

    return make


@pytest.fixture
def api_client(token_for):
    """api_client(person) -> a test client that sends that person's API token (no session)."""

    def make(person):
        _token, secret = token_for(person)
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return make
