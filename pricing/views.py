from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access
from access import get_for_user, visible
from core.excel import workbook_bytes, xlsx_response
from core.forms import add_service_errors, error_messages
from core.i18n import reading_english
from customers.models import Customer
from imports import ImportRefused
from imports.models import PendingImport

from . import selectors, services
from .forms import (
    AdjustmentForm,
    CompetitorPriceForm,
    MarketConfirmForm,
    MarketUploadForm,
    OutcomeForm,
    QuoteFilterForm,
    QuoteForm,
    StrategyForm,
)
from .market import market_data_confirm, market_data_import, template_bytes
from .models import (
    METALS,
    REPRICED_QUOTE_STATUSES,
    AdjustmentStatus,
    FormulaVersion,
    MarketUpload,
    MetalPrice,
    PricingStrategy,
    Product,
    Quote,
)
from .sections import quote_sections_for

PAGE_SIZE = 50


@login_required
def product_list(request):
    q = request.GET.get("q", "").strip()
    page = Paginator(selectors.product_list(user=request.user, q=q), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "pricing/product_list.html", {"page": page, "q": q})


@login_required
def product_detail(request, pk):
    product = get_for_user(request.user, Product, pk=pk)
    formulas = list(
        visible(request.user, FormulaVersion).filter(product=product).order_by("-version")
    )
    costs = list(
        selectors.standard_costs(user=request.user).filter(product=product).order_by("-month")[:24]
    )
    return render(
        request,
        "pricing/product_detail.html",
        {"product": product, "formulas": formulas, "costs": costs},
    )


@login_required
def market_list(request):
    access.require(request.user, "pricing.market_view")
    page = Paginator(selectors.upload_list(user=request.user), 24).get_page(request.GET.get("page"))
    history = selectors.price_history(user=request.user)
    chart = {
        "type": "line",
        "data": {
            "labels": history["labels"],
            "datasets": [
                {
                    "label": f"{label} (CNY/g)",
                    "data": history[metal],
                    "borderColor": colour,
                    "backgroundColor": colour,
                    "tension": 0.2,
                    "yAxisID": "y1" if metal == "rh" else "y",
                }
                for metal, label, colour in (
                    ("pt", "Pt", "#1f77b4"),
                    ("pd", "Pd", "#2ca02c"),
                    ("rh", "Rh", "#d62728"),
                )
            ],
        },
        "options": {
            "scales": {
                "y": {"position": "left"},
                "y1": {"position": "right", "grid": {"drawOnChartArea": False}},
            }
        },
    }
    latest = history["labels"][-1] if history["labels"] else None
    return render(
        request,
        "pricing/market_list.html",
        {
            "page": page,
            "chart": chart,
            "history": history,
            "latest": latest,
            "can_upload": access.can(request.user, "pricing.market_import"),
        },
    )


@login_required
def market_template(request):
    access.require(request.user, "pricing.market_import")
    chinese = not reading_english()
    products = list(visible(request.user, Product).filter(is_active=True).only("code"))
    return xlsx_response(
        filename="market-data-template.xlsx",
        content=template_bytes(products=products, chinese=chinese),
    )


@login_required
def market_upload(request):
    access.require(request.user, "pricing.market_import")
    result = None
    refused = []
    form = MarketUploadForm(None)
    # A file with warnings only is kept; "Import anyway" posts its token (only the uploader's
    # own token is found: 404 otherwise).
    if request.method == "POST" and "pending" in request.POST:
        confirm_form = MarketConfirmForm(request.POST)
        if not confirm_form.is_valid():
            raise Http404
        try:
            result = market_data_confirm(
                token=confirm_form.cleaned_data["pending"], actor=request.user
            )
        except PendingImport.DoesNotExist:
            raise Http404 from None
        except ImportRefused as exc:
            refused = exc.errors
    elif request.method == "POST":
        form = MarketUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = market_data_import(
                    upload=upload,
                    actor=request.user,
                    month=form.cleaned_data["month"],
                    file_name=upload.name,
                    keep=True,
                )
            except ImportRefused as exc:
                refused = exc.errors
    if result and result.ok:
        messages.success(
            request,
            _(
                "Market data for %(month)s imported: %(n)s products. The standard "
                "costs are being computed."
            )
            % {"month": result.month.strftime("%Y-%m"), "n": result.upload.product_count},
        )
        return redirect(result.upload.get_absolute_url())
    status = 400 if (refused or (result and result.errors) or form.errors) else 200
    return render(
        request,
        "pricing/market_upload.html",
        {"form": form, "result": result, "refused": refused},
        status=status,
    )


@login_required
def market_detail(request, pk):
    upload = get_for_user(request.user, MarketUpload.objects.select_related("uploaded_by"), pk=pk)
    prices = list(MetalPrice.objects.filter(upload=upload).order_by("metal"))
    history = list(selectors.upload_list(user=request.user).filter(month=upload.month))
    costs = (
        selectors.standard_costs(user=request.user, month=upload.month)
        if upload.is_current
        else None
    )
    page = (
        Paginator(costs, PAGE_SIZE).get_page(request.GET.get("page")) if costs is not None else None
    )
    return render(
        request,
        "pricing/market_detail.html",
        {"upload": upload, "prices": prices, "history": history, "page": page},
    )


@login_required
def strategy_list(request):
    access.require(request.user, "pricing.strategy_view")
    strategies = selectors.strategy_list(user=request.user)
    current = services.strategy_current()
    can_create = access.can(request.user, "pricing.strategy_create")
    return render(
        request,
        "pricing/strategy_list.html",
        {"strategies": strategies[:100], "current": current, "can_create": can_create},
    )


@login_required
def strategy_create(request):
    access.require(request.user, "pricing.strategy_create")
    form = StrategyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            strategy = services.strategy_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Strategy saved. Submit it for approval to put it in force.")
            )
            return redirect(strategy.get_absolute_url())
    return render(request, "pricing/strategy_form.html", {"form": form})


@login_required
def strategy_detail(request, pk):
    strategy = get_for_user(
        request.user, PricingStrategy.objects.select_related("created_by"), pk=pk
    )
    return render(request, "pricing/strategy_detail.html", {"strategy": strategy})


def _quote_filters(request):
    form = QuoteFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, filters


@login_required
def quote_list(request):
    access.require(request.user, "pricing.quote_view")
    form, filters = _quote_filters(request)
    page = Paginator(selectors.quote_list(user=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "pricing/quote_list.html",
        {
            "page": page,
            "form": form,
            "can_create": access.can(request.user, "pricing.quote_create"),
        },
    )


@login_required
def quote_export(request):
    access.require(request.user, "pricing.quote_view")
    _form, filters = _quote_filters(request)
    rows = selectors.quote_list(user=request.user, filters=filters)[:50000]
    headers = [
        _("Number"),
        _("Customer"),
        _("Product"),
        _("Quantity"),
        _("Cost month"),
        _("Metal pass-through"),
        _("Value-added cost"),
        _("List price"),
        _("Unit price"),
        _("Discount below list (%)"),
        _("Status"),
        _("Sales rep"),
        _("Created"),
    ]
    content = workbook_bytes(
        title=_("Quotes"),
        headers=headers,
        rows=(
            [
                q.number,
                q.customer.name,
                q.product.code,
                q.quantity,
                q.month.strftime("%Y-%m"),
                q.metal_cost,
                q.value_added,
                q.list_price,
                q.unit_price,
                q.discount_percent,
                q.get_status_display(),
                str(q.owner),
                q.created_at,
            ]
            for q in rows
        ),
    )
    return xlsx_response(filename="quotes.xlsx", content=content)


@login_required
def quote_create(request):
    access.require(request.user, "pricing.quote_create")
    customers = visible(request.user, Customer, action="pricing.quote_create")
    products = visible(request.user, Product).filter(is_active=True)
    initial = {"customer": request.GET.get("customer")}
    form = QuoteForm(request.POST or None, customers=customers, products=products, initial=initial)
    suggestion = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "preview" in request.POST:
                suggestion = services.quote_suggest(
                    customer=data["customer"], product=data["product"]
                )
            else:
                quote = services.quote_create(actor=request.user, **data)
                if quote.status == "pending":
                    messages.info(
                        request,
                        _(
                            "The price is below your authority band; the quote has been sent "
                            "for approval."
                        ),
                    )
                else:
                    messages.success(
                        request,
                        _("Quote %(n)s saved; the price is within your authority.")
                        % {"n": quote.number},
                    )
                return redirect(quote.get_absolute_url())
        except ValidationError as exc:
            add_service_errors(form, exc)
    template = "pricing/_quote_breakdown.html" if request.htmx else "pricing/quote_form.html"
    return render(
        request,
        template,
        {
            "form": form,
            "suggestion": suggestion,
            "errors": error_messages(form) if form.errors else [],
        },
    )


@login_required
def quote_detail(request, pk):
    quote = get_for_user(
        request.user,
        Quote.objects.select_related(
            "customer", "product", "owner", "formula", "upload", "strategy"
        ),
        pk=pk,
    )
    metals = [(m.label, quote.snapshot.get("metals", {}).get(m.value, {})) for m in METALS]
    revisions = list(selectors.quote_revisions(user=request.user, quote=quote))
    adjustments = list(selectors.quote_adjustments(user=request.user, quote=quote))
    pending = next((a for a in adjustments if a.status == AdjustmentStatus.PENDING), None)
    can_adjust = (
        pending is None
        and quote.status in REPRICED_QUOTE_STATUSES
        and access.can(request.user, "pricing.quote_adjust", quote)
    )
    return render(
        request,
        "pricing/quote_detail.html",
        {
            "quote": quote,
            "metals": metals,
            "revisions": revisions,
            "adjustments": adjustments,
            "open_adjustment": pending
            or next((a for a in adjustments[:1] if a.status == AdjustmentStatus.RETURNED), None),
            "can_adjust": can_adjust,
            "outcome_form": OutcomeForm(),
            "can_record": quote.owner_id == request.user.pk and quote.status == "agreed",
            "sections": quote_sections_for(request.user, quote),
        },
    )


@login_required
@require_POST
def quote_outcome(request, pk):
    quote = get_for_user(request.user, Quote, pk=pk, action="change")
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        for message in error_messages(form):
            messages.error(request, message)
    else:
        try:
            services.quote_record_outcome(quote=quote, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Outcome recorded."))
    return redirect(quote.get_absolute_url())


@login_required
def quote_adjust(request, pk):
    """Ask for a new unit price on an agreed or won quote (its owner or the region manager)."""
    quote = get_for_user(
        request.user,
        Quote.objects.select_related("customer", "product"),
        pk=pk,
        action="pricing.quote_adjust",
    )
    form = AdjustmentForm(request.POST or None, initial={"unit_price": quote.unit_price})
    if request.method == "POST" and form.is_valid():
        try:
            adjustment = services.adjustment_request(
                quote=quote, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if adjustment.status == AdjustmentStatus.APPLIED:
                messages.success(
                    request, _("The new price is within your authority and applies now.")
                )
            else:
                messages.info(
                    request,
                    _(
                        "The new price is below your authority band; the request has been sent "
                        "for approval."
                    ),
                )
            return redirect(quote.get_absolute_url())
    return render(request, "pricing/quote_adjust.html", {"quote": quote, "form": form})


@login_required
def competitor_list(request):
    """Competitor prices in the viewer's scope, and (for reps and managers) a form to add one."""
    access.require(request.user, "pricing.quote_view")
    can_add = access.can(request.user, "pricing.competitor_record")
    form = None
    if can_add:
        form = CompetitorPriceForm(
            request.POST or None,
            customers=visible(request.user, Customer, action="pricing.competitor_record"),
            products=visible(request.user, Product).filter(is_active=True),
        )
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.competitor_price_record(actor=request.user, **data)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Competitor price recorded."))
                return redirect("pricing:competitor-list")
    elif request.method == "POST":
        raise PermissionDenied
    q = request.GET.get("q", "").strip()
    page = Paginator(selectors.competitor_price_list(user=request.user, q=q), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "pricing/competitor_list.html", {"page": page, "form": form, "q": q})
