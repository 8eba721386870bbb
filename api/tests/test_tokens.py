"""Personal API tokens: hashed at rest, shown once, refused at once when revoked or expired,
throttled per token."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, token_digest
from api.services import token_create, token_revoke

CUSTOMERS = "/api/v1/customers/"


def bearer(secret):
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_only_a_digest_is_stored_and_the_secret_works(org):
    token, secret = token_create(actor=org.north_rep, name="BI", days=30)
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith("mo_") and len(secret) > 40
    assert stored.digest == token_digest(secret)
    # The secret itself is nowhere in the row.
    assert all(secret not in str(getattr(stored, f.attname)) for f in ApiToken._meta.fields)
    assert bearer(secret).get(CUSTOMERS).status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_the_page_shows_a_new_token_once_and_a_repeat_makes_no_second(org, client):
    client.force_login(org.north_rep)
    page = client.get(reverse("api:token-list"))
    key = page.context["form"]["submission_key"].value()
    data = {"name": "Monthly BI", "days": "90", "submission_key": key}
    first = client.post(reverse("api:token-list"), data)
    assert first.status_code == 200
    secret = first.context["secret"]
    assert secret and secret in first.content.decode()
    token = ApiToken.objects.get(user=org.north_rep)
    assert (token.expires_at - token.created_at).days == 90
    # Back and submit again: the same token, and its secret is not shown again.
    again = client.post(reverse("api:token-list"), data, follow=True)
    assert ApiToken.objects.filter(user=org.north_rep).count() == 1
    assert secret not in again.content.decode()
    # The list shows its first characters only.
    listed = client.get(reverse("api:token-list")).content.decode()
    assert token.hint in listed and secret not in listed


def test_the_page_is_in_chinese_and_reachable_from_the_footer(org, client):
    client.force_login(org.north_rep)
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert reverse("api:token-list") in home and "API 令牌" in home
    page = client.get(reverse("api:token-list"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "创建令牌" in page.content.decode()


def test_revocation_takes_effect_on_the_next_request(org, client):
    token, secret = token_create(actor=org.north_rep, name="BI", days=30)
    api = bearer(secret)
    assert api.get(CUSTOMERS).status_code == 200
    client.force_login(org.north_rep)
    response = client.post(reverse("api:token-revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = api.get(CUSTOMERS)
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]


def test_an_expired_token_is_refused(org):
    token, secret = token_create(actor=org.north_rep, name="BI", days=1)
    assert bearer(secret).get(CUSTOMERS).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=timezone.now() - timedelta(days=3),
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    response = bearer(secret).get(CUSTOMERS)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_wrong_or_missing_token_is_401(org):
    assert bearer("mo_not-a-token").get(CUSTOMERS).status_code == 401
    assert Client().get(CUSTOMERS).status_code == 401
    assert Client(headers={"Authorization": "Bearer"}).get(CUSTOMERS).status_code == 401


def test_a_disabled_persons_token_is_refused(org):
    _token, secret = token_create(actor=org.north_rep, name="BI", days=30)
    org.north_rep.is_active = False
    org.north_rep.save(update_fields=["is_active"])
    assert bearer(secret).get(CUSTOMERS).status_code == 401


def test_nobody_revokes_anothers_token(org, client):
    token, secret = token_create(actor=org.north_rep, name="BI", days=30)
    client.force_login(org.north_manager)
    assert client.post(reverse("api:token-revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert bearer(secret).get(CUSTOMERS).status_code == 200


def test_the_erp_account_makes_no_token_of_its_own(org):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        token_create(actor=org.erp, name="x", days=30)
    assert not ApiToken.objects.filter(user=org.erp).exists()


def test_revoking_twice_keeps_the_first_time(org):
    token, _secret = token_create(actor=org.north_rep, name="BI", days=30)
    first = token_revoke(token=token, actor=org.north_rep).revoked_at
    assert token_revoke(token=token, actor=org.north_rep).revoked_at == first


def test_a_token_lives_at_most_a_year(org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        token_create(actor=org.north_rep, name="BI", days=366)
    assert not ApiToken.objects.exists()


def test_throttling_counts_each_token_separately(org, settings):
    settings.API_THROTTLE_RATE = "3/min"
    cache.clear()
    _t1, first = token_create(actor=org.north_rep, name="one", days=30)
    _t2, second = token_create(actor=org.north_rep, name="two", days=30)
    one, two = bearer(first), bearer(second)
    assert [one.get(CUSTOMERS).status_code for _ in range(3)] == [200, 200, 200]
    assert one.get(CUSTOMERS).status_code == 429
    # The other token of the same person still has its own budget.
    assert two.get(CUSTOMERS).status_code == 200
    cache.clear()


def test_command_issues_a_token_for_the_erp(org, capsys):
    from django.core.management import call_command

    call_command("api_token_create", "erp", "--name", "ERP", "--days", "365")
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert ApiToken.objects.get(user=org.erp).digest == token_digest(secret)
    assert bearer(secret).get("/api/v1/market-prices/").status_code == 200
    assert bearer(secret).get(CUSTOMERS).status_code == 403
