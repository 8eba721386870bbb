from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

PASSWORD_MAX = 256  # longer than any password a person types; Django's hash takes any length


class LoginForm(AuthenticationForm):
    """Django's sign-in form, answering an over-long username with the usual "wrong username or
    password" message: Django only sets the input's maxlength, so a longer name reached the
    sign-in lock's log (a 255-character column) and failed with a server error on PostgreSQL."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=PASSWORD_MAX,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if len(username) > self.fields["username"].max_length:
            raise self.get_invalid_login_error()
        return super().clean()


class LoginView(auth_views.LoginView):
    """Django's login; after signing in, the interface follows the person's saved language
    unless they have already picked one with the switch on this browser."""

    template_name = "registration/login.html"
    authentication_form = LoginForm
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
