"""Demo figures for the dashboard and the monthly report: the price realisation roll-up over
every month with quotes, and last month's report for the company and each region (no e-mail
while seeding). Idempotent: the roll-up replaces its rows and a report with unchanged figures
adds no version."""

ORDER = 90


def seed(*, out) -> None:
    from .services import previous_month, price_facts_rollup, report_generate

    facts = price_facts_rollup()
    created = report_generate(month=previous_month(), notify=False)
    out.write(f"dashboard: {facts} price figures, {len(created)} monthly report(s)")
