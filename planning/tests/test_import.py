from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from customers.tests.factories import make_customer
from planning import services
from planning.models import PlanLine

YEAR = 2031
pytestmark = pytest.mark.django_db


def _xlsx(rows, sheet="Targets"):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["Customer", "Month", "Volume (L)", "Revenue (CNY)"])
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(
        "plan.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_a_good_file_replaces_the_targets(org, client_for):
    key = make_customer(org.north, owner=org.north_rep, name="北岳汽车")
    plan = services.plan_create(actor=org.north_manager, year=YEAR)
    client = client_for(org.north_manager)
    template = client.get(f"/planning/plans/{plan.pk}/template/")
    assert template.status_code == 200
    response = client.post(
        f"/planning/plans/{plan.pk}/import/",
        {"file": _xlsx([["北岳汽车", 1, 120.5, 50000], ["", 2, 10, 900], ["其他客户", 3, 5, 1]])},
    )
    assert response.status_code == 302
    assert set(PlanLine.objects.values_list("customer_id", "month", "litres")) == {
        (key.pk, date(YEAR, 1, 1), Decimal("120.50")),
        (None, date(YEAR, 2, 1), Decimal("10")),
        (None, date(YEAR, 3, 1), Decimal("5")),
    }


def test_a_bad_file_is_refused_whole_with_every_bad_row_named(org, client_for):
    make_customer(org.north, owner=org.north_rep, name="北岳汽车")
    make_customer(org.east, name="东海汽车")
    plan = services.plan_create(actor=org.north_manager, year=YEAR)
    services.plan_lines_set(
        plan=plan,
        actor=org.north_manager,
        cells={(None, date(YEAR, 1, 1)): {"litres": Decimal("7"), "revenue": Decimal("7")}},
    )
    response = client_for(org.north_manager).post(
        f"/planning/plans/{plan.pk}/import/",
        {
            "file": _xlsx(
                [
                    ["北岳汽车", 1, 100, 1000],
                    ["东海汽车", 1, 100, 1000],
                    ["北岳汽车", 13, 100, 1000],
                    ["北岳汽车", 2, -5, 1000],
                    ["北岳汽车", 1, 1, 1],
                ]
            )
        },
    )
    errors = [str(e) for e in response.context["errors"]]
    text = "\n".join(errors)
    assert "row 3" in text and "东海汽车" in text  # another region's customer
    assert "row 4" in text and "month" in text.lower()
    assert "row 5" in text
    assert "row 6" in text and "repeats row 2" in text
    assert len(errors) == 4
    assert list(PlanLine.objects.values_list("litres", flat=True)) == [Decimal("7")]
