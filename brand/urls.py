from django.urls import path

from . import views

app_name = "brand"

urlpatterns = [
    path("", views.positioning_list, name="positioning-list"),
    path("positioning/new/", views.positioning_create, name="positioning-create"),
    path("positioning/<int:pk>/", views.positioning_detail, name="positioning-detail"),
    path("positioning/<int:pk>/edit/", views.positioning_edit, name="positioning-edit"),
    path("toolkit/", views.toolkit_list, name="toolkit-list"),
    path("toolkit/new/", views.toolkit_create, name="toolkit-create"),
    path("toolkit/<int:pk>/version/", views.toolkit_version_add, name="toolkit-version-add"),
    path("toolkit/versions/<int:pk>/file/", views.toolkit_file, name="toolkit-file"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity-delete"),
    path("activities/<int:pk>/results/", views.activity_results, name="activity-results"),
    path("evaluation/", views.evaluation, name="evaluation"),
    path("evaluation/survey/", views.survey_create, name="survey-create"),
    path("evaluation/actions/new/", views.improvement_create, name="improvement-create"),
    path("evaluation/actions/<int:pk>/done/", views.improvement_done, name="improvement-done"),
]
