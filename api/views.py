"""The page where a person makes and revokes their own API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access

from . import selectors, services
from .forms import TokenForm

PAGE_SIZE = 50


@login_required
def token_list(request):
    """The person's tokens and a form to make one. A new token's secret is shown on the page
    that answers the form, once; it is never stored."""
    access.require(request.user, "api.token_manage")
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                submission_key=form.cleaned_data["submission_key"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            if secret is None:
                messages.info(
                    request,
                    _("This token was already made; its secret was shown once only."),
                )
                return redirect("api:token-list")
            form = TokenForm()
    page = Paginator(selectors.token_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "api/token_list.html", {"page": page, "form": form, "secret": secret})


@login_required
@require_POST
def token_revoke(request, pk: int):
    access.require(request.user, "api.token_manage")
    token = selectors.token_get_for_user(user=request.user, pk=pk)
    services.token_revoke(token=token, actor=request.user)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api:token-list")
