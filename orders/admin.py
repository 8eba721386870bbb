from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Order, OrderImport, OrderLine, SalesMonth


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = [
        "line_no", "product", "quantity", "litres", "unit_price", "amount_cny",
        "requested_month", "delivered_month", "unit_cost", "cost_month", "margin",
    ]  # fmt: skip


# Orders change only through the services (entry, import, cancel), which keep the monthly
# sales fact in step; the admin shows them.
@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["number", "erp_number", "order_date", "customer", "region", "owner", "status"]
    list_filter = ["status", "source", "region"]
    search_fields = ["number", "erp_number", "customer__name", "customer_po"]
    inlines = [OrderLineInline]


@admin.register(OrderImport)
class OrderImportAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "imported_at", "imported_by", "rows", "orders_created"]


@admin.register(SalesMonth)
class SalesMonthAdmin(ReadOnlyAdmin):
    list_display = ["month", "region", "customer", "product", "rep", "litres", "revenue"]
    list_filter = ["region", "month"]
