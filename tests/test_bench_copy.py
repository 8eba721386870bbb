"""ctx.copy, the benchmark's fast loader: COPY on PostgreSQL, bulk_create elsewhere; either
way the rows land with their values and the returned objects carry their primary keys."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from bench.registry import BenchContext
from regions.models import Assignment
from regions.roles import Role
from tests.testapp.models import Memo


@pytest.mark.django_db
def test_copy_loads_rows_and_returns_them_with_primary_keys(org):
    ctx = BenchContext(scale=1)
    memos = ctx.copy(
        Memo,
        (
            Memo(
                title=f"Memo “{k}”\t\\ 北\n",
                region=org.north,
                amount=Decimal("1234.56") + k,
                author=org.north_rep,
                refuse_submit=k % 2 == 0,
            )
            for k in range(250)
        ),
    )
    assert len(memos) == 250 and all(m.pk for m in memos)
    assert len({m.pk for m in memos}) == 250
    stored = Memo.objects.get(pk=memos[7].pk)
    assert stored.title == "Memo “7”\t\\ 北\n"
    assert stored.amount == Decimal("1241.56")
    assert stored.region_id == org.north.pk and stored.refuse_submit is False
    # a normal save after the load gets a fresh key: the sequence moved past the copied rows
    later = Memo.objects.create(title="later", author=org.north_rep)
    assert later.pk > max(m.pk for m in memos)


@pytest.mark.django_db
def test_copy_handles_dates_and_nulls(org):
    now = timezone.now()
    rows = BenchContext(scale=1).copy(
        Assignment,
        [
            Assignment(
                person=org.north_rep,
                role=Role.SALES_REP,
                region=None,
                started_at=now - timedelta(days=30),
                ended_at=now,
            )
        ],
    )
    stored = Assignment.objects.get(pk=rows[0].pk)
    assert stored.ended_at == now and stored.started_at < now and stored.region_id is None


def test_copy_uses_postgresql_copy_when_available():
    assert BenchContext(scale=1).vendor == connection.vendor


@pytest.mark.django_db
def test_copy_takes_plain_dicts_fills_defaults_and_returns_their_keys(org):
    rows = BenchContext(scale=1).copy(
        Memo,
        [
            {"title": f"row {k}", "author_id": org.east_rep.pk, "region_id": org.east.pk}
            for k in range(30)
        ],
    )
    assert all(row["id"] for row in rows) and len({row["id"] for row in rows}) == 30
    stored = Memo.objects.get(pk=rows[4]["id"])
    assert stored.title == "row 4" and stored.region_id == org.east.pk
    assert (
        stored.amount == Decimal("0")
        and stored.approved_count == 0
        and stored.refuse_submit is False
    )
