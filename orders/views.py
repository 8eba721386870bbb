from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access
from access import get_for_user
from core.excel import workbook_bytes, xlsx_response
from core.forms import add_service_errors, flash_errors
from imports import ImportRefused
from pricing.models import Quote, QuoteStatus

from . import pivot, selectors, services
from .erp import orders_import
from .forms import (
    CancelForm,
    FromQuoteForm,
    ImportForm,
    LineFormSet,
    OrderFilterForm,
    OrderForm,
    PivotForm,
    line_initial,
)
from .models import Order, OrderImport

PAGE_SIZE = 50


def _filters(request):
    form = OrderFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, filters


@login_required
def order_list(request):
    access.require(request.user, "orders.order_view")
    form, filters = _filters(request)
    orders = selectors.order_list(user=request.user, filters=filters)
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "orders/order_list.html",
        {
            "page": page,
            "form": form,
            "totals": selectors.order_list_totals(orders),
            "can_create": access.can(request.user, "orders.order_create"),
            "can_import": access.can(request.user, "orders.import_run"),
        },
    )


@login_required
def order_export(request):
    access.require(request.user, "orders.order_view")
    _form, filters = _filters(request)
    orders = selectors.order_list(user=request.user, filters=filters)[:50000]
    headers = [
        _("Number"),
        _("ERP order number"),
        _("Order date"),
        _("Customer"),
        _("Region"),
        _("Sales rep"),
        _("Customer PO number"),
        _("Currency"),
        _("Litres"),
        _("Amount (CNY)"),
        _("Status"),
    ]
    content = workbook_bytes(
        title=_("Orders"),
        headers=headers,
        rows=(
            [
                o.number,
                o.erp_number or "",
                o.order_date,
                o.customer.name,
                o.region.display_name,
                str(o.owner or ""),
                o.customer_po,
                o.currency,
                o.total_litres,
                o.total_amount_cny,
                o.get_status_display(),
            ]
            for o in orders
        ),
    )
    return xlsx_response(filename="orders.xlsx", content=content)


@login_required
def order_detail(request, pk):
    order = get_for_user(
        request.user,
        Order.objects.select_related("customer", "region", "owner", "quote", "created_by"),
        pk=pk,
    )
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "lines": list(selectors.order_lines(order=order)),
            "cancel_form": CancelForm(),
            "can_change": not order.is_cancelled
            and access.can(request.user, "orders.order_change", order),
            "can_cancel": not order.is_cancelled
            and access.can(request.user, "orders.order_cancel", order),
            "quote_visible": order.quote_id
            and access.visible(request.user, Quote).filter(pk=order.quote_id).exists(),
        },
    )


def _lines_from(formset) -> list[services.LineInput]:
    return [
        services.LineInput(
            product=f.cleaned_data["product"],
            quantity=f.cleaned_data["quantity"],
            unit_price=f.cleaned_data["unit_price"],
            requested_month=f.cleaned_data["requested_month"],
            delivered_month=f.cleaned_data.get("delivered_month"),
        )
        for f in formset.forms
        if not f.cleaned_data.get("empty", True)
    ]


@login_required
def order_create(request):
    access.require(request.user, "orders.order_create")
    form = OrderForm(request.POST or None, user=request.user)
    formset = LineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            order = services.order_create(
                actor=request.user,
                customer=data["customer"],
                owner=data.get("owner"),
                order_date=data["order_date"],
                customer_po=data.get("customer_po", ""),
                currency=data["currency"],
                fx_rate=data["fx_rate"],
                notes=data.get("notes", ""),
                lines=_lines_from(formset),
                submission_key=data.get("submission_key", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Order %(number)s saved.") % {"number": order.number})
            return redirect(order.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "orders/order_form.html",
        {"form": form, "formset": formset, "title": _("New order")},
        status=status,
    )


@login_required
def order_edit(request, pk):
    order = get_for_user(request.user, Order, pk=pk, action="orders.order_change")
    lines = list(selectors.order_lines(order=order))
    initial = {
        "owner": order.owner_id,
        "customer_po": order.customer_po,
        "currency": order.currency,
        "fx_rate": order.fx_rate,
        "notes": order.notes,
    }
    form = OrderForm(request.POST or None, user=request.user, edit=True, initial=initial)
    formset = LineFormSet(request.POST or None, prefix="lines", initial=line_initial(lines))
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            services.order_update(
                actor=request.user,
                order=order,
                owner=data.get("owner"),
                customer_po=data.get("customer_po", ""),
                currency=data["currency"],
                fx_rate=data["fx_rate"],
                notes=data.get("notes", ""),
                lines=_lines_from(formset),
                close=request.POST.get("close") == "1",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Order %(number)s saved.") % {"number": order.number})
            return redirect(order.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "orders/order_form.html",
        {"form": form, "formset": formset, "order": order, "title": order.number},
        status=status,
    )


@login_required
@require_POST
def order_cancel(request, pk):
    order = get_for_user(request.user, Order, pk=pk, action="orders.order_cancel")
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.order_cancel(
                actor=request.user, order=order, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The order is cancelled."))
    else:
        flash_errors(request, form)
    return redirect(order.get_absolute_url())


@login_required
def order_from_quote(request, quote_pk):
    quote = get_for_user(
        request.user,
        Quote.objects.select_related("customer", "product", "owner"),
        pk=quote_pk,
        action="orders.order_from_quote",
    )
    today = timezone.localdate()
    form = FromQuoteForm(
        request.POST or None,
        initial={
            "order_date": today,
            "requested_month": today.strftime("%Y-%m"),
            "quantity": quote.quantity,
        },
    )
    if quote.status != QuoteStatus.WON:
        form.add_error(None, _("Only a won quote becomes an order."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.order_from_quote(
                actor=request.user,
                quote=quote,
                order_date=data["order_date"],
                requested_month=data["requested_month"],
                quantity=data["quantity"],
                customer_po=data.get("customer_po", ""),
                submission_key=data.get("submission_key", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Order %(number)s saved.") % {"number": order.number})
            return redirect(order.get_absolute_url())
    status = 400 if request.method == "POST" or form.errors else 200
    return render(
        request, "orders/order_from_quote.html", {"form": form, "quote": quote}, status=status
    )


@login_required
def import_page(request):
    access.require(request.user, "orders.import_run")
    form = ImportForm(request.POST or None, request.FILES or None)
    result, refused = None, []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = orders_import(upload=upload, actor=request.user, file_name=upload.name)
        except ImportRefused as exc:
            refused = exc.errors
        if result is not None and result.ok:
            messages.success(
                request,
                _("%(rows)s lines imported: %(created)s new orders, %(updated)s updated.")
                % {
                    "rows": result.record.rows,
                    "created": result.record.orders_created,
                    "updated": result.record.orders_updated,
                },
            )
            for warning in result.warnings[:50]:
                messages.warning(request, warning)
            return redirect("orders:import")
    history = (
        access.visible(request.user, OrderImport)
        .select_related("imported_by")
        .order_by("-imported_at")[:20]
    )
    status = 400 if (refused or (result and result.errors) or form.errors) else 200
    return render(
        request,
        "orders/import.html",
        {"form": form, "result": result, "refused": refused, "history": history},
        status=status,
    )


# ---------------------------------------------------------------- the sales pivot


def _pivot_params(request):
    form = PivotForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, pivot.Params.from_form(data)


@login_required
def sales(request):
    access.require(request.user, "orders.order_view")
    form, params = _pivot_params(request)
    table = pivot.sales_pivot(user=request.user, params=params)
    return render(
        request,
        "orders/sales.html",
        {
            "form": form,
            "table": table,
            "params": params,
            "chart": pivot.chart_config(table, params),
            "measure_label": pivot.measure_label(params.measure),
        },
    )


@login_required
def sales_export(request):
    access.require(request.user, "orders.order_view")
    _form, params = _pivot_params(request)
    table = pivot.sales_pivot(user=request.user, params=params)
    return xlsx_response(filename="sales.xlsx", content=pivot.excel_bytes(table, params))


@login_required
def sales_lines(request):
    """The order lines behind one cell (or row, or column) of the pivot."""
    access.require(request.user, "orders.order_view")
    form, params = _pivot_params(request)
    month = pivot.parse_cell_month(request.GET.get("month"))
    key = pivot.parse_key(request.GET.get("key"))
    filters = params.filters()
    if key is not None:
        filters[pivot.FILTER_OF[params.rows]] = [key]
    month_from, month_to = (month, month) if month else (params.month_from, params.month_to)
    lines = selectors.actual_lines(
        user=request.user, month_from=month_from, month_to=month_to, **filters
    )
    totals = selectors.actuals_totals(
        user=request.user, month_from=month_from, month_to=month_to, **filters
    )
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "orders/sales_lines.html",
        {
            "page": page,
            "totals": totals,
            "month_from": month_from,
            "month_to": month_to,
            "params": params,
        },
    )
