from datetime import timedelta
from itertools import count

from django.utils import timezone

from customers.models import Customer, DevelopmentProject, Visit

_seq = count(1)


def make_customer(region, *, owner=None, name=None, name_en="", klass="A", **fields) -> Customer:
    n = next(_seq)
    fields.setdefault("customer_type", "oem")
    return Customer.objects.create(
        name=name or f"测试客户{n}号有限公司",
        name_en=name_en or f"Test Customer {n}",
        region=region,
        owner=owner,
        customer_class=klass,
        **fields,
    )


def make_customers(region, n, **fields) -> list[Customer]:
    return [make_customer(region, **fields) for _ in range(n)]


def make_project(customer, *, owner, **fields) -> DevelopmentProject:
    from customers.services import project_create

    return project_create(
        actor=owner,
        customer=customer,
        name=fields.pop("name", f"Project {next(_seq)}"),
        owner=owner,
        **fields,
    )


def make_visit(customer, *, rep, days_ago=1, **fields) -> Visit:
    """A visit row without the approval flow (for list sizes)."""
    return Visit.objects.create(
        customer=customer,
        region=customer.region,
        rep=rep,
        visit_date=timezone.localdate() - timedelta(days=days_ago),
        **fields,
    )
