"""Checks for uploaded files: size limit, allowed extension, and content that matches the
extension (magic bytes), so a renamed executable is not accepted as a PDF."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAGIC = {
    ".pdf": [b"%PDF"],
    ".png": [b"\x89PNG\r\n\x1a\n"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
    ".xlsx": [b"PK\x03\x04"],
    ".docx": [b"PK\x03\x04"],
    ".pptx": [b"PK\x03\x04"],
}


def validate_upload(upload, *, allowed: list[str], max_bytes: int | None = None) -> None:
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    name = os.path.basename(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    if extension not in allowed:
        raise ValidationError(
            _("%(name)s: files of type %(ext)s are not accepted (allowed: %(allowed)s).")
            % {"name": name, "ext": extension or "?", "allowed": ", ".join(allowed)}
        )
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s MB; the limit is %(limit)s MB.")
            % {
                "name": name,
                "size": round(upload.size / 1024 / 1024, 1),
                "limit": round(limit / 1024 / 1024, 1),
            }
        )
    signatures = MAGIC.get(extension)
    if signatures:
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not any(head.startswith(sig) for sig in signatures):
            raise ValidationError(
                _("%(name)s is not a real %(ext)s file.") % {"name": name, "ext": extension}
            )
    elif extension == ".txt":
        upload.seek(0)
        head = upload.read(4096)
        upload.seek(0)
        if b"\x00" in head:
            raise ValidationError(_("%(name)s is not a text file.") % {"name": name})


def file_download(field_file, name: str):
    """A stored file as an attachment download; 404 when the field is empty or the file is gone.
    Call it only after the access layer has returned the record the file belongs to."""
    import mimetypes

    from django.http import FileResponse, Http404

    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = os.path.basename(name or field_file.name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
