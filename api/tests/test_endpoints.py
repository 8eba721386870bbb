"""The read endpoints answer from the access layer (SPEC §3): a North rep's token lists no East
row and gets 404 for an East id; lists are filtered like their pages, paged by cursor, and cost
the same number of queries for 3 rows as for 40."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from approvals.services import approval_open, approval_submit
from budgets.models import CostCategory, ExecutionFigure, Scope
from budgets.tests.factories import approved_line, categories, claim_with
from customers.models import Contact, Platform
from customers.tests.factories import make_customer, make_project, make_visit
from pricing.tests.factories import market_month, product, quote, strategy
from tests.querycount import assert_constant_queries
from tests.testapp.models import Memo


def _figure(region, category):
    return ExecutionFigure.objects.create(
        month=timezone.localdate().replace(day=1),
        period="month",
        scope=Scope.REGION,
        region=region,
        category=category,
        budget=Decimal("100"),
        computed_at=timezone.now(),
    )


def _memo(author, region):
    memo = Memo.objects.create(title="Memo", region=region, amount=10, author=author)
    approval_open(document=memo, actor=author)
    return approval_submit(document=memo, actor=author)


@pytest.fixture
def scene(org):
    """One row of every kind in North (the rep's) and one in East."""
    from tests.factories import SPEC_BANDS, authority

    authority("testapp.memo", SPEC_BANDS)
    cats = categories()
    rows = {}
    for side, region, rep, manager in (
        ("north", org.north, org.north_rep, org.north_manager),
        ("east", org.east, org.east_rep, org.east_manager),
    ):
        customer = make_customer(region, owner=rep)
        project = make_project(customer, owner=rep)
        rows[side] = {
            "customers": customer,
            "contacts": Contact.objects.create(customer=customer, name=f"{side} contact"),
            "platforms": Platform.objects.create(customer=customer, name=f"{side}-platform"),
            "projects": project,
            "project-stages": project.stages.first(),
            "visits": make_visit(customer, rep=rep),
            "budgets": approved_line(region=region, owner=manager, created_by=org.mktadmin).budget,
            "budget-execution": _figure(region, cats["travel"]),
            "claims": claim_with(rep, ["50"]),
            "approvals": _memo(rep, region),
        }
    prod = product("TWC-API")
    market_month(org.finance, products=[prod])
    strategy(org.director, approver=org.gm)
    for side, rep in (("north", org.north_rep), ("east", org.east_rep)):
        rows[side]["quotes"] = quote(rep, prod, customer_obj=rows[side]["customers"])
    return rows


SCOPED = [
    "customers",
    "contacts",
    "platforms",
    "projects",
    "project-stages",
    "visits",
    "budgets",
    "budget-execution",
    "claims",
    "approvals",
    "quotes",
]


@pytest.mark.parametrize("endpoint", SCOPED)
def test_a_north_reps_token_sees_no_east_row(scene, org, api_client, endpoint):
    api = api_client(org.north_rep)
    listed = api.get(f"/api/v1/{endpoint}/?page_size=200")
    assert listed.status_code == 200
    ids = {row["id"] for row in listed.json()["results"]}
    assert scene["north"][endpoint].pk in ids
    assert scene["east"][endpoint].pk not in ids
    assert api.get(f"/api/v1/{endpoint}/{scene['east'][endpoint].pk}/").status_code == 404
    detail = api.get(f"/api/v1/{endpoint}/{scene['north'][endpoint].pk}/")
    assert detail.status_code == 200 and detail.json()["id"] == scene["north"][endpoint].pk


@pytest.mark.parametrize("endpoint", SCOPED)
def test_the_director_sees_both_regions(scene, org, api_client, endpoint):
    listed = api_client(org.director).get(f"/api/v1/{endpoint}/?page_size=200")
    ids = {row["id"] for row in listed.json()["results"]}
    assert {scene["north"][endpoint].pk, scene["east"][endpoint].pk} <= ids


def test_the_erp_reads_prices_and_nothing_else(scene, org, api_client):
    erp = api_client(org.erp)
    prices = erp.get("/api/v1/market-prices/").json()["results"]
    assert {p["metal"] for p in prices} == {"pt", "pd", "rh"}
    costs = erp.get("/api/v1/monthly-costs/").json()["results"]
    assert [c["product_code"] for c in costs] == ["TWC-API"]
    assert erp.get("/api/v1/products/").status_code == 200
    for endpoint in SCOPED:
        assert erp.get(f"/api/v1/{endpoint}/").status_code == 403, endpoint
    visit = {"customer": scene["north"]["customers"].pk, "visit_date": "2026-01-05"}
    assert erp.post("/api/v1/visits/", visit).status_code == 403


def test_filters_are_the_pages_filters(scene, org, api_client):
    api = api_client(org.director)
    north = scene["north"]["customers"]
    found = api.get("/api/v1/customers/", {"region": "north"}).json()["results"]
    assert {c["id"] for c in found} == {north.pk}
    found = api.get("/api/v1/customers/", {"q": north.name[:6]}).json()["results"]
    assert north.pk in {c["id"] for c in found}
    visits = api.get("/api/v1/visits/", {"customer": north.pk}).json()["results"]
    assert [v["id"] for v in visits] == [scene["north"]["visits"].pk]
    stages = api.get("/api/v1/project-stages/", {"project": scene["north"]["projects"].pk}).json()[
        "results"
    ]
    assert stages and {s["project"] for s in stages} == {scene["north"]["projects"].pk}
    # A malformed filter is a 400 that names the parameter, never a 500.
    bad = api.get("/api/v1/visits/", {"from": "not-a-date", "class": "Z"})
    assert bad.status_code == 400
    assert set(bad.json()) == {"from"}
    assert api.get("/api/v1/customers/", {"class": "Z"}).status_code == 400


def test_cursor_pages_neither_skip_nor_repeat(org, api_client):
    for _ in range(7):
        make_customer(org.north)
    api = api_client(org.north_manager)
    seen, url = [], "/api/v1/customers/?page_size=3"
    while url:
        page = api.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 7


# --- a fixed number of queries per list ------------------------------------------------------


def _grow(kind, org):
    cats = {}

    def grow(n):
        for _ in range(n):
            if kind in ("customers", "contacts", "platforms"):
                customer = make_customer(org.north, owner=org.north_rep)
                Contact.objects.create(customer=customer, name="c")
                Platform.objects.create(customer=customer, name="p")
            elif kind in ("projects", "project-stages"):
                make_project(make_customer(org.north), owner=org.north_rep)
            elif kind == "visits":
                make_visit(make_customer(org.north), rep=org.north_rep)
            elif kind == "claims":
                claim_with(org.north_rep, ["10"])
            elif kind == "approvals":
                _memo(org.north_rep, org.north)
            elif kind == "budget-execution":
                if not cats:
                    cats.update(categories())
                _figure(org.north, CostCategory.objects.order_by("?").first())
            elif kind == "budgets":
                approved_line(
                    region=org.north,
                    month=date(2000 + CostCategory.objects.count() + len(cats), 1, 1),
                    owner=org.north_manager,
                )
                cats[len(cats)] = 1
            elif kind in ("products", "monthly-costs"):
                prod = product(f"TWC-{Platform.objects.count()}-{len(cats)}")
                cats[len(cats)] = prod
                market_month(org.finance, products=[p for p in cats.values()])
            elif kind == "market-prices":
                month = date(2001 + len(cats), 1, 1)
                cats[len(cats)] = month
                market_month(org.finance, month=month)

    return grow


LISTS = [
    "customers",
    "contacts",
    "platforms",
    "projects",
    "project-stages",
    "visits",
    "claims",
    "approvals",
    "budget-execution",
    "budgets",
    "products",
    "monthly-costs",
    "market-prices",
]


@pytest.mark.parametrize("endpoint", LISTS)
def test_list_queries_do_not_grow_with_rows(org, api_client, endpoint):
    from tests.factories import SPEC_BANDS, authority

    authority("testapp.memo", SPEC_BANDS)
    person = org.finance if endpoint in ("products", "monthly-costs", "market-prices") else None
    api = api_client(person or org.director)
    assert_constant_queries(
        api, f"/api/v1/{endpoint}/?page_size=200", grow=_grow(endpoint, org), small=2, large=12
    )


def test_quote_list_queries_do_not_grow(org, api_client):
    prod = product("TWC-Q")
    market_month(org.finance, products=[prod])
    strategy(org.director, approver=org.gm)

    def grow(n):
        for _ in range(n):
            quote(org.north_rep, prod, customer_obj=make_customer(org.north, owner=org.north_rep))

    assert_constant_queries(
        api_client(org.north_manager), "/api/v1/quotes/", grow=grow, small=2, large=12
    )


def test_a_visit_older_than_the_list_page_is_still_found_by_id(org, api_client):
    customer = make_customer(org.north, owner=org.north_rep)
    old = make_visit(customer, rep=org.north_rep, days_ago=900)
    body = api_client(org.north_rep).get(f"/api/v1/visits/{old.pk}/").json()
    assert body["visit_date"] == (timezone.localdate() - timedelta(days=900)).isoformat()
