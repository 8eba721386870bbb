from django.urls import path

from . import views

app_name = "pricing"

urlpatterns = [
    path("products/", views.product_list, name="product-list"),
    path("products/<int:pk>/", views.product_detail, name="product-detail"),
    path("market/", views.market_list, name="market-list"),
    path("market/upload/", views.market_upload, name="market-upload"),
    path("market/template.xlsx", views.market_template, name="market-template"),
    path("market/<int:pk>/", views.market_detail, name="market-detail"),
    path("strategies/", views.strategy_list, name="strategy-list"),
    path("strategies/new/", views.strategy_create, name="strategy-create"),
    path("strategies/<int:pk>/", views.strategy_detail, name="strategy-detail"),
    path("competitors/", views.competitor_list, name="competitor-list"),
    path("quotes/", views.quote_list, name="quote-list"),
    path("quotes/export.xlsx", views.quote_export, name="quote-export"),
    path("quotes/new/", views.quote_create, name="quote-create"),
    path("quotes/<int:pk>/", views.quote_detail, name="quote-detail"),
    path("quotes/<int:pk>/outcome/", views.quote_outcome, name="quote-outcome"),
    path("quotes/<int:pk>/adjust/", views.quote_adjust, name="quote-adjust"),
]
