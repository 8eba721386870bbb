from django.urls import path

from . import views

app_name = "techsupport"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("ratings/", views.ratings, name="ratings"),
    path("requests/", views.request_list, name="request-list"),
    path("requests/new/", views.request_create, name="request-create"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    path("requests/<int:pk>/accept/", views.request_accept, name="request-accept"),
    path("requests/<int:pk>/reassign/", views.request_reassign, name="request-reassign"),
    path("requests/<int:pk>/deliver/", views.request_deliver, name="request-deliver"),
    path("requests/<int:pk>/rate/", views.request_rate, name="request-rate"),
    path("files/<int:pk>/", views.request_file, name="request-file"),
    path("platforms/", views.platform_list, name="platform-list"),
    path("platforms/new/", views.platform_create, name="platform-create"),
    path("platforms/<int:pk>/edit/", views.platform_edit, name="platform-edit"),
    path("library/", views.library_list, name="library-list"),
    path("library/new/", views.library_create, name="library-create"),
    path("library/<int:pk>/edit/", views.library_edit, name="library-edit"),
    path("library/<int:pk>/file/", views.library_file, name="library-file"),
    path(
        "projects/<int:pk>/deliverables/", views.project_deliverables, name="project-deliverables"
    ),
    path("deliverables/<int:pk>/edit/", views.deliverable_edit, name="deliverable-edit"),
    path("deliverables/<int:pk>/file/", views.deliverable_file, name="deliverable-file"),
]
