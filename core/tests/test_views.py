import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_and_sign_in(org, client):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "north_rep", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200


def test_repeated_wrong_passwords_lock_the_account(org, client):
    for _ in range(5):
        client.post(reverse("login"), {"username": "north_rep", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "north_rep", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_each_role_sees_its_navigation(org, client):
    client.force_login(org.north_rep)
    body = client.get(reverse("core:home")).content.decode()
    assert 'data-nav="mine"' in body and 'data-nav="queue"' not in body
    client.force_login(org.north_manager)
    assert 'data-nav="queue"' in client.get(reverse("core:home")).content.decode()


def test_security_headers(org, client):
    client.force_login(org.north_rep)
    response = client.get(reverse("core:home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_excel_cells_never_become_formulas():
    import io

    from openpyxl import load_workbook

    from core.excel import workbook_bytes

    content = workbook_bytes(
        title="t", headers=["a", "b"], rows=[['=HYPERLINK("http://x")', "+1"], ["@SUM(A1)", 5]]
    )
    ws = load_workbook(io.BytesIO(content)).active
    assert ws["A2"].value == '=HYPERLINK("http://x")' and ws["A2"].data_type == "s"
    assert ws["B2"].data_type == "s" and ws["A3"].data_type == "s"
    assert ws["B3"].value == 5 and ws["B3"].data_type == "n"


def test_money_groups_thousands_and_keeps_two_places():
    from core.templatetags.core import money

    assert money("1234567.5") == "1,234,567.50"
    assert money("-1000") == "-1,000.00"
    assert money(None) == "—"
