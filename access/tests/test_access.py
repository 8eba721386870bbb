import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404

import access
from regions.models import Assignment, Region
from tests.testapp.models import Memo

pytestmark = pytest.mark.django_db


@pytest.fixture
def memos(org):
    return {
        "north_own": Memo.objects.create(title="n1", region=org.north, author=org.north_rep),
        "north_other": Memo.objects.create(title="n2", region=org.north, author=org.north_rep2),
        "east": Memo.objects.create(title="e1", region=org.east, author=org.east_rep),
    }


def titles(qs):
    return sorted(qs.values_list("title", flat=True))


def test_scope_by_role(org, memos):
    assert titles(access.visible(org.north_rep, Memo)) == ["n1"]
    assert titles(access.visible(org.north_manager, Memo)) == ["n1", "n2"]
    assert titles(access.visible(org.east_manager, Memo)) == ["e1"]
    assert titles(access.visible(org.director, Memo)) == ["e1", "n1", "n2"]
    assert titles(access.visible(org.tech, Memo)) == []


def test_sees_all_is_true_only_where_visible_filters_nothing(org, memos):
    for person in (org.north_rep, org.north_manager, org.director, org.tech):
        everything = access.visible(person, Memo).count() == Memo.objects.count()
        assert access.sees_all(person, Memo) == (everything and person == org.director)
    assert access.sees_all(org.director, Memo) and not access.sees_all(org.north_manager, Memo)


def test_sees_one_region_names_the_region_only_where_visible_is_exactly_it(org):
    """A fact kept per region answers for a region manager of quotes (their region, nothing
    added), not for a rep (own quotes), nor where grants can add rows (customers), nor for
    someone who sees everything (they read every region's rows)."""
    from customers.models import Customer
    from pricing.models import Quote

    assert access.sees_one_region(org.north_manager, Quote) == org.north.pk
    assert access.sees_one_region(org.east_manager, Quote) == org.east.pk
    for person in (org.north_rep, org.director, org.tech):
        assert access.sees_one_region(person, Quote) is None
    assert access.sees_one_region(org.north_manager, Customer) is None  # guardian grants


def test_out_of_scope_object_is_404_and_read_only_is_403(org, memos):
    with pytest.raises(Http404):
        access.get_for_user(org.north_rep, Memo, pk=memos["east"].pk)
    with pytest.raises(Http404):
        access.get_for_user(org.north_rep, Memo, pk="not-a-number")
    assert access.get_for_user(org.north_rep, Memo, pk=memos["north_own"].pk, action="change")
    # The manager sees the rep's memo but does not edit it.
    with pytest.raises(PermissionDenied):
        access.get_for_user(org.north_manager, Memo, pk=memos["north_own"].pk, action="change")


def test_per_object_grant_opens_one_row_to_one_person(org, memos):
    # guardian's generic grants: tech support assigned to the one East memo
    access.grant(org.tech, memos["east"])
    assert titles(access.visible(org.tech, Memo)) == ["e1"]
    assert access.allowed(org.tech, memos["east"])
    assert not access.allowed(org.tech2, memos["east"])
    access.revoke(org.tech, memos["east"])
    assert titles(access.visible(org.tech, Memo)) == []


def test_scope_is_one_query(org, memos, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(access.visible(org.north_manager, Memo))


def test_unregistered_model_is_refused(org):
    with pytest.raises(ImproperlyConfigured):
        access.visible(org.director, Group)


def test_inactive_and_anonymous_see_nothing(org, memos):
    from django.contrib.auth.models import AnonymousUser

    assert titles(access.visible(AnonymousUser(), Memo)) == []
    org.director.is_active = False
    assert titles(access.visible(org.director, Memo)) == []


def test_person_assign_keeps_history_and_moves_group(org):
    from regions.services import person_assign

    person_assign(
        person=org.north_rep,
        role="sales_rep",
        region=org.east,
        manager=org.east_manager,
        actor=org.director,
    )
    history = list(Assignment.objects.filter(person=org.north_rep).order_by("started_at"))
    assert [(a.region.code, a.ended_at is None) for a in history] == [
        ("north", False),
        ("east", True),
    ]
    assert org.north_rep.role == "sales_rep" and not org.north_rep.groups.exists()
    assert Region.objects.count() == 3
