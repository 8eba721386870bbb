"""Demo: the ERP's service account. It has no password (no pages); its token is made by an
administrator: `manage.py api_token_create erp`."""

from regions.models import User
from regions.roles import Role
from regions.services import person_create

ORDER = 90
USERNAME = "erp"


def seed(*, out) -> None:
    if not User.objects.filter(username=USERNAME).exists():
        person_create(
            username=USERNAME,
            password=None,
            role=Role.ERP_SERVICE,
            display_name="ERP",
            email="erp@example.com",
        )
    out.write(
        f"  api: the ERP's service account {USERNAME!r} (token: manage.py api_token_create "
        f"{USERNAME})"
    )
