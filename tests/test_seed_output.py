"""`make run`'s seed ends with the logins: the e-mails the demo's approvals and re-pricing would
send are discarded (with the console backend `make run` uses they used to fill hundreds of
lines before the logins), and no task log line is printed."""

import logging

import pytest
from django.conf import settings as django_settings
from django.core import mail

from approvals.models import ApprovalRequest, State
from marketing_ops.celery import app
from tests.demo_data import seed_demo

NOISE = ("Subject:", "Content-Type: text/plain", "MIME-Version", "succeeded in", "No hostname")


# Transactional: the e-mails are sent by tasks queued on commit, as in `make run`.
@pytest.mark.django_db(transaction=True)
def test_the_seed_prints_the_logins_last_and_no_email(settings, capsys, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # as in `make run`
    caplog.set_level(logging.INFO)
    text = seed_demo()
    printed = capsys.readouterr()

    # The demo did decide documents, whose e-mails are what used to be printed.
    assert ApprovalRequest.objects.exclude(state__in=[State.DRAFT, State.SUBMITTED]).exists()
    for noise in NOISE:
        assert noise not in printed.out and noise not in printed.err and noise not in text, noise
    assert not [r for r in caplog.records if r.name.startswith(("celery", "kombu"))]
    assert not getattr(mail, "outbox", [])

    lines = text.rstrip().splitlines()
    logins = lines.index("Demo logins (password for all: demo-2026):")
    assert lines[logins - 2] == "Demo data loaded."
    assert [line.split()[0] for line in lines[logins + 1 : -2]][:3] == ["admin", "gm", "exec"]
    assert lines[-1].startswith("Open http://") and lines[-1].endswith("/ and sign in.")

    # Everything is as it was after the command: e-mails and tasks behave normally again.
    assert django_settings.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
    assert app.conf.task_always_eager is True  # the test settings' value, restored
