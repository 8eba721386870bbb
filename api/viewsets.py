"""The REST endpoints (SPEC §3: the API applies the same access as the pages).

Every list starts from the page's selector (which starts from `access.visible`), every detail
from `access.get_for_user` (404 for a row out of scope), and every endpoint names the action it
serves for `guards.ActionPermission` to ask `access.can`. Writes call the pages' services.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

import access
from approvals import selectors as approval_selectors
from approvals import services as approval_services
from approvals.models import ApprovalRequest
from budgets import selectors as budget_selectors
from budgets.models import ExecutionFigure
from customers import selectors as customer_selectors
from customers import services as customer_services
from customers.models import Contact, Customer, DevelopmentProject, Platform, ProjectStage
from imports.safety import ImportRefused
from orders import selectors as order_selectors
from orders.models import Order, OrderLine
from orders.push import PushedLine, order_push
from pricing import selectors as pricing_selectors
from pricing.forms import MarketUploadForm
from pricing.market import market_data_import
from pricing.models import MarketUpload, MetalPrice, StandardCost

from . import filters as f
from . import serializers as s
from .guards import ActionPermission
from .pagination import Cursor


def django_errors(exc: DjangoValidationError) -> exceptions.ValidationError:
    """A service's refusal (django ValidationError) as the API's 400."""
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(exc.message_dict)
    return exceptions.ValidationError({"detail": exc.messages})


class ReadViewSet(viewsets.ReadOnlyModelViewSet):
    """A list (cursor-paged, filtered like its page) and one row by id."""

    permission_classes = [ActionPermission]
    pagination_class = Cursor
    read_action: str = ""
    write_actions: dict[str, str] = {}
    filter_class: type | None = None
    model = None

    def filters(self) -> dict:
        if self.filter_class is None:
            return {}
        params = {k: v for k, v in self.request.query_params.items() if v != ""}
        checked = self.filter_class(data=params)
        checked.is_valid(raise_exception=True)
        return {k: v for k, v in checked.validated_data.items() if v not in ("", None)}

    def rows(self, filters: dict):
        """The list's rows: the page's selector (access.visible first)."""
        return access.visible(self.request.user, self.model)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model._default_manager.none()
        if self.action == "list":
            return self.rows(self.filters())
        return self.rows({})

    def get_object(self):
        obj = access.get_for_user(self.request.user, self.rows({}), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj


def listed(filters):
    """The list's query parameters in the schema."""
    return extend_schema_view(list=extend_schema(parameters=[filters]))


# --- customers -------------------------------------------------------------------------------


@listed(f.CustomerFilters)
class CustomerViewSet(ReadViewSet):
    model = Customer
    serializer_class = s.CustomerSerializer
    read_action = "api.customer_read"
    filter_class = f.CustomerFilters

    def rows(self, filters):
        return customer_selectors.customer_list(user=self.request.user, filters=filters)


@listed(f.CustomerChildFilters)
class ContactViewSet(ReadViewSet):
    model = Contact
    serializer_class = s.ContactSerializer
    read_action = "api.customer_read"
    filter_class = f.CustomerChildFilters

    def rows(self, filters):
        qs = access.visible(self.request.user, Contact)
        if "customer" in filters:
            qs = qs.filter(customer_id=filters["customer"])
        return qs


@listed(f.CustomerChildFilters)
class PlatformViewSet(ContactViewSet):
    model = Platform
    serializer_class = s.PlatformSerializer

    def rows(self, filters):
        qs = access.visible(self.request.user, Platform)
        if "customer" in filters:
            qs = qs.filter(customer_id=filters["customer"])
        return qs


@listed(f.VisitFilters)
class VisitViewSet(mixins.CreateModelMixin, ReadViewSet):
    model = customer_selectors.Visit
    serializer_class = s.VisitSerializer
    read_action = "customers.visit_read"
    write_actions = {"create": "customers.visit_log"}
    filter_class = f.VisitFilters

    def rows(self, filters):
        filters = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in filters.items()}
        return customer_selectors.visit_list(user=self.request.user, filters=filters)

    @extend_schema(request=s.VisitCreateSerializer, responses={201: s.VisitSerializer})
    def create(self, request, *args, **kwargs):
        """Log a visit (it goes to the region manager for review, as from the page). Send a
        `submission_key` and a retry returns the visit already saved (200) instead of a
        second one."""
        form = s.VisitCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        user = request.user
        customer = access.visible(user, Customer).filter(pk=data.pop("customer")).first()
        if customer is None:
            raise exceptions.ValidationError(
                {"customer": [_("This customer is unknown or outside your scope.")]}
            )
        project_id = data.pop("project", None)
        if project_id is not None:
            data["project"] = access.visible(user, DevelopmentProject).filter(pk=project_id).first()
            if data["project"] is None:
                raise exceptions.ValidationError(
                    {"project": [_("This project is unknown or outside your scope.")]}
                )
        key = data.pop("submission_key", "")
        before = customer_selectors.Visit.objects.filter(rep=user, submission_key=key).exists()
        try:
            visit = customer_services.visit_create(
                actor=user, customer=customer, submission_key=key, **data
            )
        except DjangoValidationError as exc:
            raise django_errors(exc) from None
        saved = self.rows({}).get(pk=visit.pk)
        code = status.HTTP_200_OK if (key and before) else status.HTTP_201_CREATED
        return Response(s.VisitSerializer(saved).data, status=code)


@listed(f.ProjectFilters)
class ProjectViewSet(ReadViewSet):
    model = DevelopmentProject
    serializer_class = s.ProjectSerializer
    read_action = "api.project_read"
    filter_class = f.ProjectFilters

    def rows(self, filters):
        return customer_selectors.project_list(user=self.request.user, filters=filters)


@listed(f.StageFilters)
class ProjectStageViewSet(ReadViewSet):
    model = ProjectStage
    serializer_class = s.ProjectStageSerializer
    read_action = "api.project_read"
    filter_class = f.StageFilters

    def rows(self, filters):
        qs = access.visible(self.request.user, ProjectStage)
        if "project" in filters:
            qs = qs.filter(project_id=filters["project"])
        return qs


# --- pricing ---------------------------------------------------------------------------------


@listed(f.QuoteFilters)
class QuoteViewSet(ReadViewSet):
    model = pricing_selectors.Quote
    serializer_class = s.QuoteSerializer
    read_action = "pricing.quote_view"
    filter_class = f.QuoteFilters

    def rows(self, filters):
        return pricing_selectors.quote_list(user=self.request.user, filters=filters).select_related(
            "region"
        )


@listed(f.ProductFilters)
class ProductViewSet(ReadViewSet):
    model = pricing_selectors.Product
    serializer_class = s.ProductSerializer
    read_action = "pricing.market_view"
    filter_class = f.ProductFilters

    def rows(self, filters):
        return pricing_selectors.product_list(user=self.request.user, q=filters.get("q", ""))


@listed(f.CostFilters)
class StandardCostViewSet(ReadViewSet):
    """Each product's standard cost per month (the monthly roll-up of the market data)."""

    model = StandardCost
    serializer_class = s.StandardCostSerializer
    read_action = "pricing.market_view"
    filter_class = f.CostFilters

    def rows(self, filters):
        qs = access.visible(self.request.user, StandardCost).select_related("product")
        if "month" in filters:
            qs = qs.filter(month=filters["month"].replace(day=1))
        if "product" in filters:
            qs = qs.filter(product_id=filters["product"])
        return qs


@listed(f.PriceFilters)
class MetalPriceViewSet(ReadViewSet):
    """The metal prices of each month's current market data."""

    model = MetalPrice
    serializer_class = s.MetalPriceSerializer
    read_action = "pricing.market_view"
    filter_class = f.PriceFilters

    def rows(self, filters):
        qs = access.visible(self.request.user, MetalPrice).filter(upload__is_current=True)
        if "month" in filters:
            qs = qs.filter(month=filters["month"].replace(day=1))
        if "metal" in filters:
            qs = qs.filter(metal=filters["metal"])
        return qs


class MarketUploadViewSet(mixins.CreateModelMixin, ReadViewSet):
    """The monthly market-data files. Uploading one goes through the same import as the page:
    the whole file is validated, and refused as a whole with every bad row named."""

    model = MarketUpload
    serializer_class = s.MarketUploadSerializer
    read_action = "pricing.market_view"
    write_actions = {"create": "pricing.market_import"}

    def rows(self, filters):
        return pricing_selectors.upload_list(user=self.request.user)

    @extend_schema(
        request={"multipart/form-data": s.MarketFileSerializer},
        responses={201: s.MarketImportResultSerializer, 400: s.MarketImportResultSerializer},
    )
    def create(self, request, *args, **kwargs):
        """Upload the month's workbook (`month` as YYYY-MM, `file` the .xlsx). 201 with the
        saved upload; 400 with every problem (row, column, message) and nothing saved; warnings
        (prices far from last month's) answer 400 unless `confirm` is true."""
        form = MarketUploadForm(request.data, request.FILES)
        confirm = str(request.data.get("confirm", "")).lower() in ("1", "true", "yes", "on")
        if not form.is_valid():
            raise exceptions.ValidationError(form.errors)
        upload = form.cleaned_data["file"]
        try:
            result = market_data_import(
                upload=upload,
                actor=request.user,
                month=form.cleaned_data["month"],
                confirm=confirm,
                file_name=upload.name,
            )
        except ImportRefused as exc:
            raise exceptions.ValidationError({"file": exc.errors}) from None
        body = {
            "saved": result.ok,
            "upload": s.MarketUploadSerializer(result.upload).data if result.ok else None,
            "errors": [
                {"row": e.row, "column": str(e.column), "message": str(e)} for e in result.errors
            ],
            "warnings": [str(w) for w in result.warnings],
        }
        return Response(body, status=status.HTTP_201_CREATED if result.ok else 400)


# --- budgets ---------------------------------------------------------------------------------


@listed(f.BudgetFilters)
class BudgetViewSet(ReadViewSet):
    model = budget_selectors.Budget
    serializer_class = s.BudgetSerializer
    read_action = "api.budget_read"
    filter_class = f.BudgetFilters

    def rows(self, filters):
        return budget_selectors.budget_list(user=self.request.user, year=filters.get("year"))


@listed(f.ExecutionFilters)
class ExecutionViewSet(ReadViewSet):
    """The stored budget-execution roll-up: budget, supplements, committed and spent per
    budget holder, category and period."""

    model = ExecutionFigure
    serializer_class = s.ExecutionFigureSerializer
    read_action = "api.budget_read"
    filter_class = f.ExecutionFilters

    def rows(self, filters):
        qs = access.visible(self.request.user, ExecutionFigure).select_related(
            "region", "department", "category"
        )
        if "month" in filters:
            qs = qs.filter(month=filters["month"].replace(day=1))
        for name in ("period", "scope"):
            if name in filters:
                qs = qs.filter(**{name: filters[name]})
        if "region" in filters:
            qs = qs.filter(region__code=filters["region"])
        return qs


@listed(f.ClaimFilters)
class ClaimViewSet(ReadViewSet):
    model = budget_selectors.ExpenseClaim
    serializer_class = s.ClaimSerializer
    read_action = "api.claim_read"
    filter_class = f.ClaimFilters

    def rows(self, filters):
        return budget_selectors.claim_list(
            user=self.request.user,
            status=filters.get("status", ""),
            mine=bool(filters.get("mine")),
        )


# --- approvals -------------------------------------------------------------------------------


@listed(f.ApprovalFilters)
class ApprovalViewSet(ReadViewSet):
    """Approval requests of documents (visit reports, quotes, expenses, budgets, …): decided and
    submitted through the same mechanism as the queue page, exactly once."""

    model = ApprovalRequest
    serializer_class = s.ApprovalSerializer
    read_action = "api.approval_use"
    write_actions = {"submit": "api.approval_use", "decide": "api.approval_use"}
    filter_class = f.ApprovalFilters

    def rows(self, filters):
        user = self.request.user
        if filters.get("waiting_for_me"):
            qs = approval_selectors.approval_queue(user=user)
        else:
            qs = access.visible(user, ApprovalRequest).select_related("submitter", "region")
        if "state" in filters:
            qs = qs.filter(state=filters["state"])
        if "document_type" in filters:
            qs = qs.filter(document_type=filters["document_type"])
        return qs

    @extend_schema(request=None, responses={200: s.ApprovalSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit (or resubmit, after a return) one's own draft document."""
        approval = self.get_object()
        if approval.submitter_id != request.user.pk:
            raise exceptions.PermissionDenied(
                _("Only the person who drafted this document can submit it.")
            )
        try:
            approval = approval_services.approval_submit(
                document=approval.document, actor=request.user
            )
        except DjangoValidationError as exc:
            raise django_errors(exc) from None
        return Response(s.ApprovalSerializer(self.rows({}).get(pk=approval.pk)).data)

    @extend_schema(request=s.DecisionSerializer, responses={200: s.ApprovalSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Approve, reject or return (a reason is required to reject or return). Two decisions
        at once end in exactly one; the other is refused with 400."""
        approval = self.get_object()
        form = s.DecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            approval = approval_services.approval_decide(
                request=approval,
                actor=request.user,
                decision=form.validated_data["decision"],
                reason=form.validated_data.get("reason", ""),
                step=form.validated_data.get("step"),
            )
        except DjangoValidationError as exc:
            raise django_errors(exc) from None
        return Response(s.ApprovalSerializer(self.rows({}).get(pk=approval.pk)).data)


# --- orders and actuals ----------------------------------------------------------------------


@listed(f.OrderFilters)
class OrderViewSet(ReadViewSet):
    model = Order
    serializer_class = s.OrderSerializer
    read_action = "orders.order_view"
    filter_class = f.OrderFilters

    def rows(self, filters):
        qs = order_selectors.order_list(user=self.request.user).prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.select_related("product"))
        )
        if "customer" in filters:
            qs = qs.filter(customer_id=filters["customer"])
        if "region" in filters:
            qs = qs.filter(region__code=filters["region"])
        if "status" in filters:
            qs = qs.filter(status=filters["status"])
        if "erp_number" in filters:
            qs = qs.filter(erp_number=filters["erp_number"])
        if "from" in filters:
            qs = qs.filter(order_date__gte=filters["from"])
        if "to" in filters:
            qs = qs.filter(order_date__lte=filters["to"])
        return qs


class ErpOrderViewSet(viewsets.GenericViewSet):
    """The ERP's push: PUT the whole order at its ERP order number. The first PUT creates it
    (201), every later one replaces its header and lines (200); pushing the same order twice,
    even at the same moment, leaves one order."""

    permission_classes = [ActionPermission]
    serializer_class = s.ErpOrderPushSerializer
    write_actions = {"update": "orders.order_push"}
    lookup_field = "erp_number"
    lookup_value_regex = r"[^/]{1,40}"
    queryset = Order.objects.none()

    @extend_schema(
        request=s.ErpOrderPushSerializer, responses={200: s.OrderSerializer, 201: s.OrderSerializer}
    )
    def update(self, request, erp_number=None):
        form = s.ErpOrderPushSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            order, created = order_push(
                actor=request.user,
                erp_number=erp_number,
                customer_id=data["customer"],
                order_date=data["order_date"],
                currency=data["currency"],
                fx_rate=data["fx_rate"],
                customer_po=data.get("customer_po", ""),
                notes=data.get("notes", ""),
                lines=[PushedLine(**line) for line in data["lines"]],
            )
        except DjangoValidationError as exc:
            raise django_errors(exc) from None
        saved = (
            Order.objects.filter(pk=order.pk)
            .select_related("customer", "region")
            .prefetch_related(
                Prefetch("lines", queryset=OrderLine.objects.select_related("product"))
            )
            .get()
        )
        return Response(
            s.OrderSerializer(saved).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ActualsViewSet(viewsets.GenericViewSet):
    """Actuals: litres, revenue and gross margin (CNY) from the orders the person may see, per
    month and the chosen groups (the same figures as the plans and KPIs compare against)."""

    permission_classes = [ActionPermission]
    read_action = "orders.order_view"
    serializer_class = s.ActualsRowSerializer
    pagination_class = None
    queryset = Order.objects.none()

    @extend_schema(
        parameters=[f.ActualsFilters], responses={200: s.ActualsRowSerializer(many=True)}
    )
    def list(self, request):
        checked = f.ActualsFilters(data=request.query_params)
        checked.is_valid(raise_exception=True)
        data = checked.validated_data
        groups = tuple(g for g in f.ACTUAL_GROUPS if g in data.get("group_by", ()))
        narrowed = {
            plural: [data[single]]
            for single, plural in (
                ("region", "regions"),
                ("customer", "customers"),
                ("product", "products"),
                ("rep", "reps"),
            )
            if single in data
        }
        rows = order_selectors.actuals(
            user=request.user,
            month_from=data["month_from"],
            month_to=data["month_to"],
            group_by=groups,
            **narrowed,
        )
        return Response(s.ActualsRowSerializer(rows, many=True).data)
