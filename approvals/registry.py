"""Document types that plug into the approval mechanism.

A process app subclasses ApprovalHandler for each of its document types and registers an
instance in its AppConfig.ready():

    class ExpenseApproval(ApprovalHandler):
        key = "budgets.expense"
        label = _("Expense claim")
        model = Expense
        def region(self, document): return document.region
        def amount(self, document): return document.total
        titles = {"claim": _("Expense claim %(amount)s CNY")}  # titles in the reader's language
        def title_parts(self, document): return title_parts("claim", amount=document.total)
        def on_submit(self, document, actor): budget_check(...)   # raise ValidationError to refuse
        def on_approve(self, document, actor): ...

Hooks run inside the transition's transaction, after the approval row is locked; raising
django.core.exceptions.ValidationError refuses the transition and rolls everything back.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models


class ApprovalHandler:
    key: str = ""
    label = ""
    model: type[models.Model]

    def region(self, document):
        return getattr(document, "region", None)

    def amount(self, document) -> Decimal | None:
        return None

    # Titles the app writes, shown in each reader's language (approvals/titles.py): the wordings
    # by key (gettext_lazy templates with named placeholders), and title_parts() returning
    # approvals.titles.title_parts(key, **values) — or None when the title is a person's own
    # words, which title() gives as they are. With parts, title() is not used.
    titles: dict = {}

    def title(self, document) -> str:
        return str(document)

    def title_parts(self, document) -> dict | None:
        return None

    def url(self, document) -> str:
        return document.get_absolute_url() if hasattr(document, "get_absolute_url") else ""

    def submitter(self, document):
        """Who owns the document (defaults to the person who submits it)."""
        return None

    # Hooks: raise ValidationError to refuse the transition.
    def on_submit(self, document, actor) -> None:
        pass

    def on_approve(self, document, actor) -> None:
        pass

    def on_reject(self, document, actor) -> None:
        pass

    def on_return(self, document, actor) -> None:
        pass


_HANDLERS: dict[str, ApprovalHandler] = {}
_BY_MODEL: dict[type[models.Model], ApprovalHandler] = {}


def register(handler: ApprovalHandler) -> None:
    _HANDLERS[handler.key] = handler
    _BY_MODEL[handler.model] = handler


def handler_for(key: str) -> ApprovalHandler:
    return _HANDLERS[key]


def handler_for_model(model: type[models.Model]) -> ApprovalHandler:
    return _BY_MODEL[model._meta.concrete_model]


def document_types() -> dict[str, ApprovalHandler]:
    return dict(_HANDLERS)


def document_type_choices() -> list[tuple[str, str]]:
    return [(key, str(handler.label)) for key, handler in sorted(_HANDLERS.items())]
