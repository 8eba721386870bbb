from django.urls import path

from . import views

app_name = "orders"

urlpatterns = [
    path("", views.order_list, name="order-list"),
    path("export/", views.order_export, name="order-export"),
    path("new/", views.order_create, name="order-create"),
    path("<int:pk>/", views.order_detail, name="order-detail"),
    path("<int:pk>/edit/", views.order_edit, name="order-edit"),
    path("<int:pk>/cancel/", views.order_cancel, name="order-cancel"),
    path("from-quote/<int:quote_pk>/", views.order_from_quote, name="order-from-quote"),
    path("import/", views.import_page, name="import"),
    path("sales/", views.sales, name="sales"),
    path("sales/export/", views.sales_export, name="sales-export"),
    path("sales/lines/", views.sales_lines, name="sales-lines"),
]
