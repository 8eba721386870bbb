"""What each endpoint answers. Related rows appear as their id plus the few names a client
shows; every name comes from a join the endpoint's queryset already makes (select_related), so
a page of 200 rows costs the same queries as a page of one."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from rest_framework import serializers

from approvals.models import ApprovalRequest, Decision
from budgets.models import Budget, ExecutionFigure, ExpenseClaim
from customers.models import Contact, Customer, DevelopmentProject, Platform, ProjectStage, Visit
from orders.models import (
    MAX_FX,
    MAX_LINES,
    MAX_QUANTITY,
    MAX_UNIT_PRICE,
    MIN_FX,
    Currency,
    Order,
    OrderLine,
)
from pricing.models import MarketUpload, MetalPrice, Product, Quote, StandardCost

# A long text field of a visit report: a page or two of typing.
LONG_TEXT = 5000


def _region():
    return serializers.CharField(source="region.code", read_only=True, allow_null=True)


class CustomerSerializer(serializers.ModelSerializer):
    region = _region()
    owner_name = serializers.CharField(
        source="owner.display_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Customer
        fields = [
            "id",
            "name",
            "name_en",
            "customer_type",
            "customer_class",
            "emission_standard",
            "region",
            "owner",
            "owner_name",
            "annual_volume",
            "catalyst_demand_litres",
            "incumbent_supplier",
            "our_share",
            "last_visit_date",
            "created_at",
            "updated_at",
        ]


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "customer", "name", "title", "decision_role", "phone", "email"]


class PlatformSerializer(serializers.ModelSerializer):
    class Meta:
        model = Platform
        fields = ["id", "customer", "name", "kind", "annual_volume"]


class VisitSerializer(serializers.ModelSerializer):
    region = _region()
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    rep_name = serializers.CharField(source="rep.display_name", read_only=True)
    approval_state = serializers.CharField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = Visit
        fields = [
            "id",
            "customer",
            "customer_name",
            "region",
            "rep",
            "rep_name",
            "project",
            "visit_date",
            "purpose",
            "people_met",
            "key_needs",
            "decision_makers_met",
            "competitor_news",
            "next_steps",
            "next_step_due",
            "next_step_done",
            "approval_state",
            "created_at",
        ]


class VisitCreateSerializer(serializers.Serializer):
    """Logging a visit: the same fields as the page's form, saved by the same service."""

    customer = serializers.IntegerField(min_value=1)
    visit_date = serializers.DateField()
    purpose = serializers.CharField(max_length=200, required=False, allow_blank=True)
    people_met = serializers.CharField(max_length=300, required=False, allow_blank=True)
    decision_makers_met = serializers.CharField(max_length=300, required=False, allow_blank=True)
    key_needs = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True)
    competitor_news = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True)
    next_steps = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True)
    next_step_due = serializers.DateField(required=False, allow_null=True)
    project = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    submission_key = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        help_text="Send the same key again (a retry) and the visit already saved is returned.",
    )


class ProjectSerializer(serializers.ModelSerializer):
    region = _region()
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    platform_name = serializers.CharField(
        source="platform.name", read_only=True, allow_null=True, default=None
    )
    late_stages = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = DevelopmentProject
        fields = [
            "id",
            "name",
            "customer",
            "customer_name",
            "region",
            "platform",
            "platform_name",
            "owner",
            "stage",
            "status",
            "expected_litres",
            "started_on",
            "late_stages",
            "created_at",
        ]


class ProjectStageSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectStage
        fields = [
            "id",
            "project",
            "stage",
            "planned_date",
            "actual_date",
            "owner",
            "expected_deliverables",
        ]


class QuoteSerializer(serializers.ModelSerializer):
    region = _region()
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    product_code = serializers.CharField(source="product.code", read_only=True)

    class Meta:
        model = Quote
        fields = [
            "id",
            "number",
            "customer",
            "customer_name",
            "project",
            "region",
            "owner",
            "product",
            "product_code",
            "month",
            "quantity",
            "metal_cost",
            "value_added",
            "markup_percent",
            "list_price",
            "floor_price",
            "ceiling_price",
            "unit_price",
            "discount_percent",
            "metal_clause",
            "status",
            "below_floor",
            "created_at",
            "updated_at",
        ]


class ProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = [
            "id",
            "code",
            "name",
            "substrate_type",
            "substrate_dimensions",
            "volume_l",
            "lifecycle",
            "is_active",
        ]


class StandardCostSerializer(serializers.ModelSerializer):
    product_code = serializers.CharField(source="product.code", read_only=True)

    class Meta:
        model = StandardCost
        fields = [
            "id",
            "product",
            "product_code",
            "month",
            "pt_cost",
            "pd_cost",
            "rh_cost",
            "metal_cost",
            "substrate",
            "manufacturing",
            "total",
            "computed_at",
        ]


class MetalPriceSerializer(serializers.ModelSerializer):
    class Meta:
        model = MetalPrice
        fields = ["id", "month", "metal", "price", "unit", "source", "cny_per_g", "upload"]


class MarketUploadSerializer(serializers.ModelSerializer):
    class Meta:
        model = MarketUpload
        fields = [
            "id",
            "month",
            "usd_cny",
            "fx_source",
            "file_name",
            "uploaded_at",
            "is_current",
            "product_count",
        ]


class MarketFileSerializer(serializers.Serializer):
    """The monthly market-data workbook, as finance uploads it on the page."""

    file = serializers.FileField(max_length=200)
    confirm = serializers.BooleanField(
        default=False, help_text="Save despite warnings (prices far from last month's)."
    )


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    message = serializers.CharField()


class MarketImportResultSerializer(serializers.Serializer):
    saved = serializers.BooleanField()
    upload = MarketUploadSerializer(allow_null=True)
    errors = ImportProblemSerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField())


class BudgetSerializer(serializers.ModelSerializer):
    region = _region()
    department = serializers.CharField(
        source="department.code", read_only=True, allow_null=True, default=None
    )
    total = serializers.DecimalField(
        max_digits=settings.MONEY_MAX_DIGITS + 4,
        decimal_places=settings.MONEY_DECIMAL_PLACES,
        read_only=True,
        allow_null=True,
        default=None,
    )
    supplement_total = serializers.DecimalField(
        max_digits=settings.MONEY_MAX_DIGITS + 4,
        decimal_places=settings.MONEY_DECIMAL_PLACES,
        read_only=True,
        allow_null=True,
        default=None,
    )

    class Meta:
        model = Budget
        fields = [
            "id",
            "year",
            "scope",
            "region",
            "department",
            "project",
            "owner",
            "status",
            "total",
            "supplement_total",
            "created_at",
        ]


class ExecutionFigureSerializer(serializers.ModelSerializer):
    region = _region()
    department = serializers.CharField(
        source="department.code", read_only=True, allow_null=True, default=None
    )
    category = serializers.CharField(source="category.code", read_only=True)

    class Meta:
        model = ExecutionFigure
        fields = [
            "id",
            "month",
            "period",
            "scope",
            "region",
            "department",
            "project",
            "category",
            "budget",
            "supplement",
            "committed",
            "spent",
            "computed_at",
        ]


class ClaimSerializer(serializers.ModelSerializer):
    region = _region()
    claimant_name = serializers.CharField(source="claimant.display_name", read_only=True)

    class Meta:
        model = ExpenseClaim
        fields = [
            "id",
            "title",
            "claimant",
            "claimant_name",
            "region",
            "status",
            "total",
            "advance_settled",
            "paid_at",
            "created_at",
        ]


class ApprovalSerializer(serializers.ModelSerializer):
    region = _region()
    title = serializers.CharField(source="display_title", read_only=True)

    class Meta:
        model = ApprovalRequest
        fields = [
            "id",
            "document_type",
            "object_id",
            "title",
            "region",
            "amount",
            "submitter",
            "state",
            "approver_role",
            "step",
            "step_count",
            "submitted_at",
            "decided_at",
            "decided_by",
            "last_reason",
            "revision",
        ]


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    step = serializers.IntegerField(
        min_value=1,
        max_value=32767,
        required=False,
        allow_null=True,
        help_text="The step you decide on; refused if the request has moved on meanwhile.",
    )


# --- orders ----------------------------------------------------------------------------------


class OrderLineSerializer(serializers.ModelSerializer):
    product_code = serializers.CharField(source="product.code", read_only=True)

    class Meta:
        model = OrderLine
        fields = [
            "line_no",
            "product",
            "product_code",
            "quantity",
            "litres",
            "unit_price",
            "amount",
            "amount_cny",
            "requested_month",
            "delivered_month",
            "sales_month",
            "unit_cost",
            "cost_month",
            "margin",
        ]


class OrderSerializer(serializers.ModelSerializer):
    region = _region()
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    lines = OrderLineSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "number",
            "erp_number",
            "customer",
            "customer_name",
            "region",
            "owner",
            "order_date",
            "customer_po",
            "currency",
            "fx_rate",
            "status",
            "source",
            "total_litres",
            "total_amount_cny",
            "notes",
            "lines",
            "created_at",
            "updated_at",
        ]


class PushedLineSerializer(serializers.Serializer):
    product_code = serializers.CharField(max_length=40)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)
    unit_price = serializers.DecimalField(
        max_digits=settings.MONEY_MAX_DIGITS,
        decimal_places=settings.MONEY_DECIMAL_PLACES,
        min_value=Decimal("0"),
        max_value=MAX_UNIT_PRICE,
    )
    requested_month = serializers.DateField(help_text="Any day of the month.")
    delivered_month = serializers.DateField(required=False, allow_null=True)


class ErpOrderPushSerializer(serializers.Serializer):
    """One ERP order, complete: the lines replace whatever the order had."""

    customer = serializers.IntegerField(min_value=1, max_value=2**62, help_text="Customer id.")
    order_date = serializers.DateField()
    currency = serializers.ChoiceField(choices=Currency.choices, default=Currency.CNY)
    fx_rate = serializers.DecimalField(
        max_digits=12, decimal_places=6, min_value=MIN_FX, max_value=MAX_FX, default=Decimal("1")
    )
    customer_po = serializers.CharField(max_length=40, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=500, required=False, allow_blank=True)
    lines = PushedLineSerializer(many=True, min_length=1, max_length=MAX_LINES)


class ActualsRowSerializer(serializers.Serializer):
    month = serializers.DateField(required=False)
    region_id = serializers.IntegerField(required=False, allow_null=True)
    customer_id = serializers.IntegerField(required=False, allow_null=True)
    product_id = serializers.IntegerField(required=False, allow_null=True)
    rep_id = serializers.IntegerField(required=False, allow_null=True)
    litres = serializers.DecimalField(max_digits=24, decimal_places=4)
    revenue = serializers.DecimalField(max_digits=24, decimal_places=2)
    margin = serializers.DecimalField(max_digits=24, decimal_places=2)

    def to_representation(self, instance):
        # Only the groups asked for: a key that is not a group is left out, not null.
        shown = super().to_representation(instance)
        return {key: value for key, value in shown.items() if key in instance}
