from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .home import panels_for


@login_required
def home(request):
    return render(request, "core/home.html", {"panels": panels_for(request.user)})
