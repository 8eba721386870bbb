from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from core.auth_views import LoginView

urlpatterns = [
    path("", include("core.urls")),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("i18n/setlang/", set_language, name="set_language"),
    path("approvals/", include("approvals.urls")),
    path("customers/", include("customers.urls")),
    path("techsupport/", include("techsupport.urls")),
    path("pricing/", include("pricing.urls")),
    path("budgets/", include("budgets.urls")),
    path("orders/", include("orders.urls")),
    path("planning/", include("planning.urls")),
    path("information/", include("information.urls")),
    path("brand/", include("brand.urls")),
    path("performance/", include("performance.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]
