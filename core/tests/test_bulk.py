from decimal import Decimal

import pytest

from core.bulk import bulk_update_values
from tests.testapp.models import Memo


@pytest.mark.django_db
def test_bulk_update_values_saves_each_rows_own_values_and_only_the_named_fields(org):
    memos = [
        Memo.objects.create(
            title=f"m{i}", amount=Decimal("1.00"), region=org.north, author=org.north_rep
        )
        for i in range(5)
    ]
    untouched = Memo.objects.create(
        title="other", amount=Decimal("9.99"), region=org.east, author=org.east_rep
    )
    for i, memo in enumerate(memos):
        memo.amount = Decimal(i) + Decimal("0.25")
        memo.region = None if i % 2 else org.south
        memo.title = "not saved"
    assert bulk_update_values(Memo, memos, ["amount", "region"], batch_size=2) == 5
    rows = list(
        Memo.objects.filter(pk__in=[m.pk for m in memos])
        .order_by("pk")
        .values_list("title", "amount", "region")
    )
    assert rows == [
        (f"m{i}", Decimal(i) + Decimal("0.25"), None if i % 2 else org.south.pk) for i in range(5)
    ]
    untouched.refresh_from_db()
    assert (untouched.amount, untouched.region) == (Decimal("9.99"), org.east)
    assert bulk_update_values(Memo, [], ["amount"]) == 0
