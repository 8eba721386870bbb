"""What `make run` shows works: load the demo data, then sign in as every demo person and follow
every link their pages offer (breadth-first from the home page, a bounded number of pages per
person). A link a person is shown must open for that person: 200, never a 403, 404 or 500.
This is the guard for "it works in the browser from the demo data" that the fixture-based tests
cannot give: the demo's own rows, in every language-independent page a role can reach."""

import html
import io
import re
from collections import deque

import pytest
from django.core.management import call_command

SKIP = ("/static/", "/media/", "/logout", "/i18n/", "/admin/", "/accounts/logout", "/set-language")
HREF = re.compile(r'href="(/[^"#]*)"')
PAGES_PER_PERSON = 70


def _links(body: str) -> list[str]:
    found = []
    for raw in HREF.findall(body):
        url = html.unescape(raw)
        if not url.startswith(SKIP):
            found.append(url)
    return found


def _shape(url: str) -> str:
    """Pages that differ only by ids or query values count once, so the crawl covers every kind
    of page instead of every row."""
    path, _, query = url.partition("?")
    path = re.sub(r"/\d+", "/N", path)
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return path + ("?" + "&".join(keys) if keys else "")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_link_a_demo_person_is_shown_opens(client, settings, language):
    """In both languages: a translation whose placeholders do not match its English breaks a
    page in one language only."""
    from regions.models import User

    call_command("seed_demo", stdout=io.StringIO())
    people = [
        person
        for person in User.objects.filter(is_active=True, is_superuser=False)
        .exclude(role="")
        .order_by("pk")
        if person.has_usable_password()  # a service account (the ERP's) signs in only by token
    ]
    assert len(people) >= 8
    broken, visited_total = [], 0
    for person in people:
        client.force_login(person)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        queue, seen_shapes = deque(["/"]), set()
        visited = 0
        while queue and visited < PAGES_PER_PERSON:
            url = queue.popleft()
            shape = _shape(url)
            if shape in seen_shapes:
                continue
            seen_shapes.add(shape)
            # A link may answer with a redirect to the page it stands for ("my scorecard" → the
            # scorecard of the person): it works when the page it lands on opens.
            response = client.get(url, follow=True)
            visited += 1
            if response.status_code != 200:
                broken.append(f"{person.username} ({person.role}): {url} → {response.status_code}")
                continue
            if response.get("Content-Language") != language:
                broken.append(
                    f"{person.username}: {url} answered in {response.get('Content-Language')}"
                )
            if "text/html" in response.get("Content-Type", ""):
                queue.extend(_links(response.content.decode()))
        visited_total += visited
        client.logout()
    print(f"crawled {visited_total} pages in {language} as {len(people)} demo people")
    assert not broken, "\n".join(broken)
    assert visited_total >= 10 * len(people)
