"""Tech support's create forms sent twice create one row (core.submissions)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from techsupport.models import LibraryItem, SupportRequest
from tests.once import post_twice

from .test_library import SOLUTION
from .test_views import world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_the_request_form_sent_twice_files_one_request(world, client_for):  # noqa: F811
    data = {
        "customer": world.cust.pk,
        "project": world.proj.pk,
        "request_type": "training",
        "need": "Train the buyers",
        "wanted_by": (timezone.localdate() + timedelta(days=5)).isoformat(),
    }
    first, second = post_twice(client_for(world.north_rep), "/techsupport/requests/new/", data)
    request = SupportRequest.objects.get()
    assert first["Location"] == second["Location"] == f"/techsupport/requests/{request.pk}/"


def test_the_library_form_sent_twice_creates_one_entry(org, client_for):
    post_twice(client_for(org.tech), "/techsupport/library/new/", SOLUTION)
    assert LibraryItem.objects.count() == 1
