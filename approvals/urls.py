from django.urls import path

from . import views

app_name = "approvals"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("mine/", views.mine, name="mine"),
    path("approve-selected/", views.bulk_approve, name="bulk-approve"),
    path("<int:pk>/", views.request_detail, name="request-detail"),
    path("<int:pk>/decide/", views.request_decide, name="request-decide"),
    path("<int:pk>/submit/", views.request_submit, name="request-submit"),
]
