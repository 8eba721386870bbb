"""The filters of each list, the same as its page's (the page's selector applies them). Query
parameters are validated first, so a malformed one answers 400 and never reaches SQL."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from approvals.models import State
from budgets.models import Period, Scope, Status
from customers.models import CustomerClass, CustomerType, EmissionStandard, ProjectStatus, Stage
from orders.models import OrderStatus
from pricing.models import Metal, QuoteStatus

SEARCH = 100


def _text(help_text: str, max_length: int = SEARCH):
    return serializers.CharField(
        required=False, allow_blank=True, max_length=max_length, help_text=help_text
    )


def _choice(choices, help_text: str):
    return serializers.ChoiceField(
        choices=choices, required=False, allow_blank=True, help_text=help_text
    )


def _id(help_text: str):
    return serializers.IntegerField(
        required=False, min_value=1, max_value=2**62, help_text=help_text
    )


class CustomerFilters(serializers.Serializer):
    q = _text("Name (either language, any width or spacing).")
    region = _text("Region code, e.g. north.", 20)
    owner = _id("Owner's id.")
    # The page's own parameter names ("class", "type", "standard").
    locals()["class"] = _choice(CustomerClass.choices, "Customer class.")
    type = _choice(CustomerType.choices, "Customer type.")
    standard = _choice(EmissionStandard.choices, "Emission standard.")


class CustomerChildFilters(serializers.Serializer):
    customer = _id("Only this customer's.")


class VisitFilters(serializers.Serializer):
    q = _text("Customer name.")
    region = _text("Region code.", 20)
    rep = _id("Rep's id.")
    customer = _id("Customer's id.")
    state = _choice(State.choices, "The visit report's approval state.")
    # "from"/"to" are the page's names (ISO dates).
    locals()["from"] = serializers.DateField(required=False, help_text="Visits on or after.")
    to = serializers.DateField(required=False, help_text="Visits on or before.")


class ProjectFilters(serializers.Serializer):
    q = _text("Customer, project or platform name.")
    region = _text("Region code.", 20)
    stage = _choice(Stage.choices, "Current stage.")
    status = _choice(ProjectStatus.choices, "Status.")
    locals()["class"] = _choice(CustomerClass.choices, "The customer's class.")
    owner = _id("Owner's id.")
    late = serializers.ChoiceField(
        choices=["1"], required=False, help_text="1: only projects with a stage overdue."
    )


class StageFilters(serializers.Serializer):
    project = _id("Only this project's stages.")


class QuoteFilters(serializers.Serializer):
    status = _choice(QuoteStatus.choices, "Status.")
    product = _text("Product code contains.", 40)
    customer = _text("Customer name contains.")
    below_floor = serializers.BooleanField(required=False, help_text="Only quotes below floor.")


class ProductFilters(serializers.Serializer):
    q = _text("Code or name contains.")


class CostFilters(serializers.Serializer):
    month = serializers.DateField(required=False, help_text="The first day of the month.")
    product = _id("Product id.")


class PriceFilters(serializers.Serializer):
    month = serializers.DateField(required=False, help_text="The first day of the month.")
    metal = _choice(Metal.choices, "Metal.")


class BudgetFilters(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class ExecutionFilters(serializers.Serializer):
    month = serializers.DateField(required=False, help_text="The first day of the month.")
    period = _choice(Period.choices, "Month or year to date.")
    scope = _choice(Scope.choices, "Whose budget.")
    region = _text("Region code.", 20)


class ClaimFilters(serializers.Serializer):
    status = _choice(Status.choices, "Status.")
    mine = serializers.BooleanField(required=False, help_text="Only my own claims.")


class ApprovalFilters(serializers.Serializer):
    state = _choice(State.choices, "State.")
    document_type = _text("Document type, e.g. customers.visit.", 64)
    waiting_for_me = serializers.BooleanField(
        required=False, help_text="Only what waits for my decision (my queue)."
    )


class OrderFilters(serializers.Serializer):
    customer = _id("Customer's id.")
    region = _text("Region code.", 20)
    status = _choice(OrderStatus.choices, "Status.")
    erp_number = _text("The ERP's order number.", 40)
    locals()["from"] = serializers.DateField(required=False, help_text="Ordered on or after.")
    to = serializers.DateField(required=False, help_text="Ordered on or before.")


ACTUAL_GROUPS = ["month", "region", "customer", "product", "rep"]


class ActualsFilters(serializers.Serializer):
    month_from = serializers.DateField(help_text="First month (any day of it).")
    month_to = serializers.DateField(help_text="Last month (any day of it), at most 5 years on.")
    group_by = serializers.MultipleChoiceField(
        choices=ACTUAL_GROUPS, required=False, help_text="Repeat for several: month, region, …"
    )
    region = _id("Region id.")
    customer = _id("Customer id.")
    product = _id("Product id.")
    rep = _id("Rep's id.")

    def validate(self, data):
        start, end = data["month_from"], data["month_to"]
        months = (end.year - start.year) * 12 + end.month - start.month
        if not 0 <= months < 60:
            raise serializers.ValidationError(
                {"month_to": _("Up to 60 months from the first month.")}
            )
        return data
