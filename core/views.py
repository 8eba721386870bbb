from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from approvals.selectors import approval_queue, approval_recent_decisions

from .home import panels_for


@login_required
def home(request):
    user = request.user
    return render(
        request,
        "core/home.html",
        {
            "queue": list(approval_queue(user=user)[:5]),
            "recent_decisions": approval_recent_decisions(user=user),
            "panels": panels_for(user),
        },
    )
