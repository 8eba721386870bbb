"""The pricing documents that go through the approval mechanism."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals.models import State
from approvals.registry import PERCENT, ApprovalHandler
from approvals.titles import in_each_language, title_parts

from .models import AdjustmentStatus, PriceAdjustment, PricingStrategy, Quote, QuoteStatus


class QuoteApproval(ApprovalHandler):
    """A quote priced below the maker's authority band. The amount the authority table reads is
    the discount below list price, in percent. The quote's status mirrors its approval: waiting
    while submitted, agreed when approved, refused when rejected, a draft again when returned."""

    key = "pricing.quote"
    label = _("Quote below authority band")
    model = Quote
    unit = PERCENT
    state_field = "status"
    state_values = {
        State.DRAFT: QuoteStatus.DRAFT,
        State.SUBMITTED: QuoteStatus.PENDING,
        State.APPROVED: QuoteStatus.AGREED,
        State.REJECTED: QuoteStatus.REJECTED,
        State.RETURNED: QuoteStatus.DRAFT,
    }

    def region(self, document):
        return document.region

    def amount(self, document):
        return document.discount_percent

    # Each transition moves the quote's status (state_values): its region's open quotes are
    # recounted in the transition's transaction.
    def _recount(self, document, actor=None):
        from .services import quote_counts_refresh

        quote_counts_refresh(region_ids=[document.region_id])

    on_submit = on_approve = on_reject = on_return = _recount

    titles = {
        "quote": _("Quote %(number)s · %(customer)s · %(product)s · %(discount)s%% below list")
    }

    def title_parts(self, document):
        return title_parts(
            "quote",
            number=document.number,
            customer=in_each_language(document.customer),
            product=document.product.code,
            discount=document.discount_percent,
        )

    def submitter(self, document):
        return document.owner

    # The queue's preview (pricing/_approval_preview_quote.html): the price asked against list
    # and floor, and what the customer said.
    def preview_queryset(self):
        return Quote.objects.select_related("customer", "product")

    def preview(self, document, user):
        return {
            "customer": document.customer,
            "product": document.product.code,
            "quantity": document.quantity,
            "unit_price": document.unit_price,
            "list_price": document.list_price,
            "floor_price": document.floor_price,
            "discount_percent": document.discount_percent,
            "below_floor": document.unit_price < document.floor_price,
            "total": document.total,
            "competitor": document.competitor,
            "competitor_price": document.competitor_price,
            "customer_reaction": document.customer_reaction,
        }


class StrategyApproval(ApprovalHandler):
    """The pricing strategy: by default the director then the executive committee (SPEC §8; the
    authority table's chain for "pricing.strategy"). It applies once the last step approves."""

    key = "pricing.strategy"
    label = _("Pricing strategy")
    model = PricingStrategy

    def region(self, document):
        return None

    def submitter(self, document):
        return document.created_by

    def on_approve(self, document, actor):
        PricingStrategy.objects.filter(pk=document.pk).update(approved_at=timezone.now())


class AdjustmentApproval(ApprovalHandler):
    """A request to change an agreed or won quote's price (调价申请), beyond the requester's band.
    The amount is the discount below the quote's list price, in percent, as for quotes. Its
    status mirrors its approval (pending while open, applied when approved)."""

    key = "pricing.adjustment"
    label = _("Price adjustment")
    model = PriceAdjustment
    unit = PERCENT
    state_field = "status"
    state_values = {
        # Created pending and submitted at once; returned ones are resubmitted from "returned".
        State.DRAFT: AdjustmentStatus.PENDING,
        State.SUBMITTED: AdjustmentStatus.PENDING,
        State.APPROVED: AdjustmentStatus.APPLIED,
        State.REJECTED: AdjustmentStatus.REJECTED,
        State.RETURNED: AdjustmentStatus.RETURNED,
    }
    # The database allows one pending adjustment per quote: a returned one sent again while
    # another waits is refused with this.
    state_conflict_message = _("This quote already has a price adjustment waiting for approval.")

    def region(self, document):
        return document.region

    def amount(self, document):
        return document.discount_percent

    titles = {
        "adjustment": _(
            "Price adjustment %(number)s · %(customer)s · %(old)s → %(new)s CNY · "
            "%(discount)s%% below list"
        )
    }

    def title_parts(self, document):
        quote = document.quote
        return title_parts(
            "adjustment",
            number=quote.number,
            customer=in_each_language(quote.customer),
            old=document.old_unit_price,
            new=document.new_unit_price,
            discount=document.discount_percent,
        )

    def submitter(self, document):
        return document.requested_by

    # The queue's preview (pricing/_approval_preview_adjustment.html): old → new price against
    # the quote's list and floor, and why.
    def preview_queryset(self):
        return PriceAdjustment.objects.select_related("quote__customer", "quote__product")

    def preview(self, document, user):
        quote = document.quote
        return {
            "quote": quote.number,
            "customer": quote.customer,
            "product": quote.product.code,
            "old_unit_price": document.old_unit_price,
            "new_unit_price": document.new_unit_price,
            "change": document.new_unit_price - document.old_unit_price,
            "list_price": document.list_price,
            "floor_price": quote.floor_price,
            "discount_percent": document.discount_percent,
            "below_floor": document.new_unit_price < quote.floor_price,
            "reason": document.reason,
        }

    def on_submit(self, document, actor):
        from .services import adjustment_resubmit_check

        adjustment_resubmit_check(adjustment=document)

    def on_approve(self, document, actor):
        from .services import adjustment_apply

        adjustment_apply(adjustment=document, actor=actor)

    def on_reject(self, document, actor):
        from .services import adjustment_close

        adjustment_close(adjustment=document)

    def on_return(self, document, actor):
        from .services import adjustment_close

        adjustment_close(adjustment=document)


HANDLERS = [QuoteApproval(), StrategyApproval(), AdjustmentApproval()]
