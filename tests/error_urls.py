"""The project's URLs plus views that fail on purpose, for the error-page tests
(core/tests/test_error_pages.py)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import include, path
from django.utils.translation import gettext as _


def refused_with_reason(request):
    raise PermissionDenied(_("Only finance marks claims paid."))


def refused(request):
    raise PermissionDenied


def missing(request):
    raise Http404("No such memo")


def bad(request):
    raise SuspiciousOperation("damaged request")


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("fail/403-reason/", refused_with_reason),
    path("fail/403/", refused),
    path("fail/404/", missing),
    path("fail/400/", bad),
    path("fail/500/", broken),
    path("", include("marketing_ops.urls")),
]
