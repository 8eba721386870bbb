from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/", views.budget_list, name="budget-list"),
    path("plans/new/", views.budget_create, name="budget-create"),
    path("plans/import/", views.budget_import, name="budget-import"),
    path("plans/<int:pk>/", views.budget_detail, name="budget-detail"),
    path("supplements/", views.supplement_list, name="supplement-list"),
    path("supplements/new/", views.supplement_create, name="supplement-create"),
    path("supplements/<int:pk>/", views.supplement_detail, name="supplement-detail"),
    path("claims/", views.claim_list, name="claim-list"),
    path("claims/new/", views.claim_create, name="claim-create"),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/lines/", views.claim_line_add, name="claim-line-add"),
    path(
        "claims/<int:pk>/lines/<int:line_pk>/delete/",
        views.claim_line_delete,
        name="claim-line-delete",
    ),
    path("claims/<int:pk>/pay/", views.claim_pay, name="claim-pay"),
    path("claims/<int:pk>/correct/", views.claim_correct, name="claim-correct"),
    path("receipts/<int:pk>/", views.receipt_download, name="receipt-download"),
    path("advances/", views.advance_list, name="advance-list"),
    path("advances/new/", views.advance_create, name="advance-create"),
    path("advances/<int:pk>/", views.advance_detail, name="advance-detail"),
    path("execution/", views.execution, name="execution"),
    path("execution/claims/", views.execution_claims, name="execution-claims"),
    path("execution/export/", views.execution_export, name="execution-export"),
    path("execution/run/", views.execution_run, name="execution-run"),
]
