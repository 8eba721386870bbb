"""The sentences that explain a bonus line, in the reader's language. A line stores keys and
figures (services._sheet_fill); the wording lives here."""

from django.utils.translation import gettext_lazy as _

WORDINGS = {
    "fixed": _("Fixed pay: %(amount)s CNY a month × %(months)s months."),
    "performance": _("Performance pay: base %(base)s CNY × KPI score %(score)s ÷ 100."),
    "performance_none": _(
        "Performance pay: no KPI score in the period, so nothing of the base %(base)s CNY."
    ),
    "commission": _(
        "Commission on sales over target: revenue %(revenue)s CNY against a target of "
        "%(target)s CNY in the period, commission %(commission)s CNY (by the commission bands)."
    ),
    "commission_none": _(
        "Commission on sales over target: no sales target in the period (revenue %(revenue)s "
        "CNY), so no commission."
    ),
    "department": _("Department bonus: base %(base)s CNY × department score %(score)s ÷ 100."),
    "department_none": _(
        "Department bonus: no department target completion in the period, so nothing of the "
        "base %(base)s CNY."
    ),
    "satisfaction": _(
        "Satisfaction bonus: base %(base)s CNY × satisfaction score %(score)s ÷ 100."
    ),
    "satisfaction_none": _(
        "Satisfaction bonus: no ratings in the period, so nothing of the base %(base)s CNY."
    ),
    "advance": _(
        "Outstanding cash advance %(owed)s CNY: %(deducted)s CNY deducted (settles the advance "
        "when the sheet is approved)."
    ),
}


def lines(explanation: list) -> list[str]:
    texts = []
    for item in explanation or []:
        wording = WORDINGS.get(item.get("key"))
        if wording is None:
            continue
        try:
            texts.append(str(wording) % item.get("values", {}))
        except (KeyError, TypeError, ValueError):
            texts.append(str(wording))
    return texts
