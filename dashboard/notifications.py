"""E-mail of the monthly operations report: each recipient in their own language, after the
report's transaction commits."""

from core.mail import mail_person_after_commit


def report_ready(report) -> None:
    from .services import report_recipients

    for person in report_recipients(report):
        mail_person_after_commit(person, "dashboard/email_report.txt", {"report": report})
