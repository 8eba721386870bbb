from django.urls import path

from . import views

app_name = "customers"

urlpatterns = [
    path("", views.customer_list, name="customer-list"),
    path("export/", views.customer_export, name="customer-export"),
    path("new/", views.customer_create, name="customer-create"),
    path("<int:pk>/", views.customer_detail, name="customer-detail"),
    path("<int:pk>/edit/", views.customer_edit, name="customer-edit"),
    path("<int:pk>/files/", views.customer_file_upload, name="customer-file-upload"),
    path("<int:pk>/classify/", views.customer_classify, name="customer-classify"),
    path("<int:pk>/surveys/new/", views.survey_create, name="survey-create"),
    path("files/<int:pk>/", views.customer_file, name="customer-file"),
    path("visits/", views.visit_list, name="visit-list"),
    path("visits/export/", views.visit_export, name="visit-export"),
    path("visits/new/", views.visit_create, name="visit-create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="visit-edit"),
    path("visits/<int:pk>/done/", views.visit_step_done, name="visit-step-done"),
    path("visits/attachments/<int:pk>/", views.visit_attachment, name="visit-attachment"),
    path("projects/", views.project_list, name="project-list"),
    path("projects/export/", views.project_export, name="project-export"),
    path("projects/funnel/", views.project_funnel, name="project-funnel"),
    path("projects/new/", views.project_create, name="project-create"),
    path("projects/<int:pk>/", views.project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("projects/<int:pk>/status/", views.project_status, name="project-status"),
    path("projects/stages/<int:pk>/edit/", views.project_stage_edit, name="project-stage-edit"),
    path("grid/", views.grid, name="grid"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/actions/", views.plan_action_add, name="plan-action-add"),
    path("plans/actions/<int:pk>/status/", views.plan_action_status, name="plan-action-status"),
]
