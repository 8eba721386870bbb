"""Titles the app writes are shown in the reader's language, whatever language the submitter
used: on the approval queue, "my submissions", the request page, the home page, the e-mails and
the claim pages."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from approvals.models import ApprovalRequest
from approvals.services import approval_for, approval_submit
from budgets.models import ExpenseClaim
from budgets.services import advance_create, claim_correct, claim_mark_paid, supplement_create

from .factories import approved_line, claim_with, decide, submit, today

pytestmark = pytest.mark.django_db


def read(client, person, language, url):
    client.force_login(person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def advance_in(language, org, amount="3000"):
    with translation.override(language):
        advance = advance_create(
            person=org.north_rep, amount=Decimal(amount), reason="Fair", planned_date=today()
        )
        approval_submit(document=advance, actor=org.north_rep)
    return advance


def test_an_advance_submitted_in_chinese_reads_in_english(
    budgets_setup, client, django_capture_on_commit_callbacks
):
    org = budgets_setup
    approved_line(region=org.north)
    with django_capture_on_commit_callbacks(execute=True):
        advance = advance_in("zh-hans", org)
    approval = approval_for(advance)
    assert approval.title == "借支 3000.00 元 · north_rep"  # stored as submitted: the fallback
    english = "Advance 3000.00 CNY · north_rep"
    for url in ("/approvals/", f"/approvals/{approval.pk}/", "/"):
        body = read(client, org.north_manager, "en", url)
        assert english in body and "借支" not in body, url
    body = read(client, org.north_rep, "en", "/approvals/mine/")
    assert english in body and "借支" not in body
    # The manager reads e-mail in English (their saved language).
    (message,) = [m for m in mail.outbox if org.north_manager.email in m.to]
    assert english in message.subject and "借支" not in message.subject + message.body


def test_an_advance_submitted_in_english_reads_in_chinese(
    budgets_setup, client, django_capture_on_commit_callbacks
):
    org = budgets_setup
    approved_line(region=org.north)
    org.north_manager.language = "zh-hans"
    org.north_manager.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        advance = advance_in("en", org)
    approval = approval_for(advance)
    assert approval.title == "Advance 3000.00 CNY · north_rep"
    chinese = "借支 3000.00 元 · north_rep"
    for url in ("/approvals/", f"/approvals/{approval.pk}/", "/"):
        body = read(client, org.north_manager, "zh-hans", url)
        assert chinese in body and "Advance 3000.00" not in body, url
    (message,) = [m for m in mail.outbox if org.north_manager.email in m.to]
    assert chinese in message.subject
    # Decided in Chinese; the rep (English) is told in English.
    with django_capture_on_commit_callbacks(execute=True), translation.override("zh-hans"):
        decide(advance, org.north_manager)
    (told,) = [m for m in mail.outbox if org.north_rep.email in m.to]
    assert "Advance 3000.00 CNY · north_rep" in told.subject


def test_names_in_a_title_follow_the_reader_too(budgets_setup, client):
    """A supplement's title names the region and cost category, which have English names."""
    org = budgets_setup
    line = approved_line(region=org.north, category="travel")
    with translation.override("zh-hans"):
        supplement = supplement_create(
            requester=org.north_manager,
            line=line,
            amount=Decimal("500"),
            reason="Auto show",
            planned_date=today(),
        )
        approval_submit(document=supplement, actor=org.north_manager)
    approval = approval_for(supplement)
    assert "华北" in approval.title and "差旅" in approval.title
    body = read(client, org.director, "en", f"/approvals/{approval.pk}/")
    assert "Supplement 500.00 CNY · North · Travel" in body
    assert "差旅" not in body and "华北" not in body
    body = read(client, org.director, "zh-hans", f"/approvals/{approval.pk}/")
    assert "追加 500.00 元 · 华北 · 差旅" in body


def test_a_correction_claim_reads_correction_in_each_language(budgets_setup, client):
    org = budgets_setup
    approved_line(region=org.north)
    paid = claim_with(org.north_rep, ["400"], title="Trip")
    submit(paid)
    decide(paid, org.north_manager)
    claim_mark_paid(claim=paid, actor=org.finance)
    with translation.override("zh-hans"):
        correction = claim_correct(claim=paid, actor=org.north_rep)
    assert correction.title == "Trip"  # the words are the claimant's; the wording is the app's
    body = read(client, org.north_rep, "en", "/budgets/claims/")
    assert "Correction of Trip" in body and "更正" not in body
    body = read(client, org.north_rep, "zh-hans", f"/budgets/claims/{correction.pk}/")
    assert "更正：Trip" in body and "Correction of" not in body
    assert approval_for(correction).title_parts["key"] == "correction"
    with translation.override("en"):
        assert approval_for(correction).display_title == "Correction of Trip · north_rep"


def test_a_title_the_document_type_no_longer_knows_falls_back_to_the_stored_one(
    budgets_setup,
):
    org = budgets_setup
    approved_line(region=org.north)
    approval = approval_for(advance_in("zh-hans", org))
    ApprovalRequest.objects.filter(pk=approval.pk).update(
        title_parts={"key": "retired", "values": {}}
    )
    approval.refresh_from_db()
    with translation.override("en"):
        assert approval.display_title == "借支 3000.00 元 · north_rep"
    # A claim's own title (a person's words) has no parts and is shown as typed.
    claim = claim_with(org.north_rep, ["100"], title="出差 / Trip")
    assert approval_for(claim).title_parts == {}
    assert ExpenseClaim.objects.get(pk=claim.pk).display_title == "出差 / Trip"
