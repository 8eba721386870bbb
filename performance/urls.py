from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [
    path("", views.index, name="index"),
    path("competencies/", views.competency_model, name="competency-model"),
    path("assessments/", views.assessment_list, name="assessment-list"),
    path("assessments/new/", views.assessment_create, name="assessment-create"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("assessments/<int:pk>/self/", views.assessment_self, name="assessment-self"),
    path("assessments/<int:pk>/manager/", views.assessment_manager, name="assessment-manager"),
    path("gaps/", views.team_gaps, name="gaps"),
    path("people/<int:pk>/development/", views.person_development, name="person-development"),
    path("training/", views.training_list, name="training-list"),
    path("training/new/", views.training_create, name="training-create"),
    path("training/<int:pk>/", views.training_detail, name="training-detail"),
    path("training/<int:pk>/invite/", views.training_invite, name="training-invite"),
    path("training/<int:pk>/attendance/", views.training_attendance, name="training-attendance"),
    path("people/<int:pk>/scorecard/", views.scorecard, name="scorecard"),
    path("people/<int:pk>/scorecard/<slug:formula>/", views.scorecard_kpi, name="scorecard-kpi"),
    path("ranking/", views.ranking, name="ranking"),
    path("ranking/run/", views.kpi_run, name="kpi-run"),
    path("bonus/", views.sheet_list, name="sheet-list"),
    path("bonus/new/", views.sheet_create, name="sheet-create"),
    path("bonus/<int:pk>/", views.sheet_detail, name="sheet-detail"),
    path("bonus/<int:pk>/compute/", views.sheet_compute, name="sheet-compute"),
    path("bonus/<int:pk>/export/", views.sheet_export, name="sheet-export"),
    path("bonus/lines/<int:pk>/", views.line_detail, name="line-detail"),
]
