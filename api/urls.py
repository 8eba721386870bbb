"""The API, version 1, at /api/v1/; its OpenAPI schema and browsable documentation; the page
where people make their tokens."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views, viewsets

app_name = "api"

router = SimpleRouter()
router.register("customers", viewsets.CustomerViewSet, basename="customer")
router.register("contacts", viewsets.ContactViewSet, basename="contact")
router.register("platforms", viewsets.PlatformViewSet, basename="platform")
router.register("visits", viewsets.VisitViewSet, basename="visit")
router.register("projects", viewsets.ProjectViewSet, basename="project")
router.register("project-stages", viewsets.ProjectStageViewSet, basename="project-stage")
router.register("quotes", viewsets.QuoteViewSet, basename="quote")
router.register("products", viewsets.ProductViewSet, basename="product")
router.register("monthly-costs", viewsets.StandardCostViewSet, basename="monthly-cost")
router.register("market-prices", viewsets.MetalPriceViewSet, basename="market-price")
router.register("market-uploads", viewsets.MarketUploadViewSet, basename="market-upload")
router.register("budgets", viewsets.BudgetViewSet, basename="budget")
router.register("budget-execution", viewsets.ExecutionViewSet, basename="execution")
router.register("claims", viewsets.ClaimViewSet, basename="claim")
router.register("approvals", viewsets.ApprovalViewSet, basename="approval")
router.register("orders", viewsets.OrderViewSet, basename="order")
router.register("erp-orders", viewsets.ErpOrderViewSet, basename="erp-order")
router.register("actuals", viewsets.ActualsViewSet, basename="actuals")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    # The documentation page is for people: signed out, it sends them to the login page.
    path(
        "docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]
