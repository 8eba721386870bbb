"""Readers that are not people: who a scheduled job reads as when it has no user.

`CompanyReader` sees every row, as the access layer gives a superuser, so a company-wide job
(the monthly KPIs, the stored monthly report) reads through the same selectors as the pages
and narrows to a region or a person by filter or grouping, never by a second copy of the
query."""

from __future__ import annotations


class CompanyReader:
    """The whole company: every row of every model, every action."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    is_anonymous = False
    pk = None
    id = None
    role = ""
    region_id = None

    def has_perm(self, perm, obj=None) -> bool:
        return True
