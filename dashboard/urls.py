from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("sales/", views.sales_lines, name="sales-lines"),
    path("budget/", views.budget_lines, name="budget-lines"),
    path("prices/", views.price_quotes, name="price-quotes"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/generate/", views.report_generate, name="report-generate"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/print/", views.report_print, name="report-print"),
    path("reports/<int:pk>/excel/", views.report_excel, name="report-excel"),
]
