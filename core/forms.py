"""Form helpers shared by every app."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def error_messages(form: forms.BaseForm) -> list[str]:
    """Every error of a form as readable sentences, field label first."""
    result = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            result.append(f"{label}: {error}" if label else str(error))
    return result


def add_service_errors(form: forms.BaseForm, error) -> None:
    """Show a service's ValidationError on the form it came from: each field's messages under that
    field, the rest (and a message without a field) at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def flash_errors(request, form_or_error) -> None:
    """Show a form's errors, or a ValidationError's messages, as error messages on the next page."""
    from django.contrib import messages

    if hasattr(form_or_error, "errors") and hasattr(form_or_error, "fields"):
        texts = error_messages(form_or_error)
    else:
        texts = form_or_error.messages
    for text in texts:
        messages.error(request, text)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Zero or more attachments, each within the size limit and of an allowed type."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attachments"))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        from .files import validate_upload

        single = super().clean
        if isinstance(data, (list, tuple)):
            files = [single(item, initial) for item in data if item]
        else:
            files = [single(data, initial)] if data else []
        for upload in files:
            validate_upload(upload, allowed=settings.ATTACHMENT_EXTENSIONS)
        return files
