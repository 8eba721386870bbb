from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.index, name="index"),
    path("rolling/", views.rolling_list, name="rolling-list"),
    path("rolling/new/", views.rolling_create, name="rolling-create"),
    path("rolling/<int:pk>/", views.rolling_detail, name="rolling-detail"),
    path("targets/", views.target_list, name="target-list"),
    path("targets/new/", views.target_create, name="target-create"),
    path("targets/<int:pk>/", views.target_detail, name="target-detail"),
    path("targets/<int:pk>/edit/", views.target_create, name="target-edit"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/budget/", views.plan_budget, name="plan-budget"),
    path("plans/<int:pk>/milestones/", views.milestone_add, name="milestone-add"),
    path(
        "plans/<int:pk>/milestones/<int:milestone_pk>/delete/",
        views.milestone_delete,
        name="milestone-delete",
    ),
    path("plans/<int:pk>/export/", views.plan_export, name="plan-export"),
    path("plans/<int:pk>/import/", views.plan_import, name="plan-import"),
    path("plans/<int:pk>/template/", views.plan_template, name="plan-template"),
    path("plans/<int:pk>/adjust/", views.adjustment_create, name="adjustment-create"),
    path("adjustments/<int:pk>/", views.adjustment_detail, name="adjustment-detail"),
    path("consolidation/", views.consolidation, name="consolidation"),
    path("tracking/", views.tracking, name="tracking"),
    path("tracking/orders/", views.tracking_orders, name="tracking-orders"),
    path("tracking/export/", views.tracking_export, name="tracking-export"),
    path("tracking/milestones/", views.tracking_milestones, name="tracking-milestones"),
]
