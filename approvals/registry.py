"""Document types that plug into the approval mechanism.

A process app subclasses ApprovalHandler for each of its document types and lists an
instance in its `handlers.py` (`HANDLERS = [ExpenseApproval(), …]`), read when the apps are
ready:

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

Hooks run inside the transition's transaction, after the approval row is locked and the
document's state field (if any) is mirrored; raising django.core.exceptions.ValidationError
refuses the transition and rolls everything back.

Declarations a handler may make besides its hooks:

- `unit`: what its amount is counted in, "CNY" (the default) or "%" (a discount below list).
  The authority table's bands for the type are in that unit, and every page and e-mail shows
  the amount with it.
- `state_field`: the document's own status field that mirrors the approval state (None: the
  document has none). The mechanism changes it with a conditional UPDATE from the value of the
  state it leaves, in the transition's transaction, before the hook runs; if the document is
  not in that value any more the transition is refused.
- `state_values`: approval state → the document's value, for the states whose value differs
  (a returned quote is a "draft" again); states not named keep their own name.
- `state_conflict_message`: shown when the database refuses the document's new value (a
  constraint such as "one open price adjustment per quote").

An approval may take several decisions in order (a chain): the authority table's `step`
column says which; on_approve runs after the last one only.

The queue shows each item's **preview** — what the approver needs to decide without opening
the document — when its handler provides one:

    class VisitApproval(ApprovalHandler):
        def preview_queryset(self):                    # how the queue reads the documents
            return Visit.objects.select_related("customer")
        def preview(self, document, user):             # a dict for the template, or None
            return {"purpose": document.purpose, "next_steps": document.next_steps}

rendered with `preview_template` (default `<app>/_approval_preview_<type>.html`, e.g.
`customers/_approval_preview_visit.html` for "customers.visit"; the template gets `item`, the
ApprovalRequest, and `preview`, the dict). A preview that needs more than the document's own
row overrides `preview_many(documents, user)` instead, reading what it needs for all of them
at once: the queue page costs a fixed number of queries per document type, never one per item.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

CNY = "CNY"
PERCENT = "%"


class ApprovalHandler:
    key: str = ""
    label = ""
    model: type[models.Model]
    unit: str = CNY
    state_field: str | None = None
    state_values: dict[str, str] = {}
    state_conflict_message = ""

    def state_value(self, state: str) -> str:
        """The document's value of `state_field` for an approval state."""
        return str(self.state_values.get(state, state))

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

    # Preview on the queue (see the module docstring): read-only, no hook may write here.
    def preview_queryset(self):
        """The documents' queryset the queue reads previews from (add select_related for what
        preview() shows). One query per document type and page."""
        return self.model._default_manager.all()

    def preview(self, document, user) -> dict | None:
        """What the approver sees of one document in the queue; None: no preview."""
        return None

    def preview_many(self, documents, user) -> dict:
        """{document pk: preview dict} for the documents of one queue page, in a fixed number
        of queries. The default asks preview() for each document."""
        result = {}
        for document in documents:
            preview = self.preview(document, user)
            if preview is not None:
                result[document.pk] = preview
        return result

    @property
    def has_preview(self) -> bool:
        cls = type(self)
        return (
            cls.preview is not ApprovalHandler.preview
            or cls.preview_many is not ApprovalHandler.preview_many
        )

    @property
    def preview_template(self) -> str:
        app, _dot, kind = self.key.partition(".")
        return f"{app}/_approval_preview_{kind}.html"


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


def unit_for(key: str) -> str:
    """The unit of a document type's amount ("CNY" for a type no handler declares)."""
    handler = _HANDLERS.get(key)
    return handler.unit if handler is not None else CNY


def document_type_choices() -> list[tuple[str, str]]:
    return [(key, str(handler.label)) for key, handler in sorted(_HANDLERS.items())]


def load_handlers() -> None:
    """Register the HANDLERS of every app's handlers.py."""
    from core.discovery import app_modules

    for _label, module in app_modules("handlers"):
        for handler in getattr(module, "HANDLERS", ()):
            register(handler)
