from django.contrib.auth import views as auth_views
from django.utils import translation


class LoginView(auth_views.LoginView):
    """Django's login; after signing in, the interface follows the person's saved language
    unless they have already picked one with the switch on this browser."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        from django.conf import settings

        if settings.LANGUAGE_COOKIE_NAME not in self.request.COOKIES:
            language = form.get_user().language
            translation.activate(language)
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
