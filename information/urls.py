from django.urls import path

from . import views

app_name = "information"

urlpatterns = [
    path("", views.form_list, name="form-list"),
    path("forms/<int:pk>/", views.form_detail, name="form-detail"),
    path("forms/<int:pk>/nothing/", views.form_nothing, name="form-nothing"),
    path("events/<int:pk>/", views.event_report, name="event-report"),
    path("late/", views.lateness, name="lateness"),
    path("plan/", views.plan_list, name="plan-list"),
    path("plan/new/", views.plan_create, name="plan-create"),
    path("plan/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("consolidation/", views.consolidation, name="consolidation"),
    path("consolidation/mark/", views.entries_mark, name="entries-mark"),
    path("digests/", views.digest_list, name="digest-list"),
    path("digests/publish/", views.digest_publish, name="digest-publish"),
    path("digests/<int:pk>/", views.digest_detail, name="digest-detail"),
    path("digests/<int:pk>/excel/", views.digest_excel, name="digest-excel"),
    path("search/", views.search, name="search"),
]
