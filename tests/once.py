"""Post a create form twice with the key its page gave (two quick clicks, Back and Save again)."""

from __future__ import annotations

import re


def form_key(client, url: str) -> str:
    """The one-time `submission_key` of the form on the page at `url`."""
    page = client.get(url).content.decode()
    found = re.search(r'name="submission_key" value="([0-9a-f]+)"', page)
    assert found, f"no submission_key on {url}"
    return found.group(1)


def post_twice(client, url: str, data: dict, *, form_url: str | None = None):
    """Both answers (a redirect each, to the same row); the caller counts the rows."""
    data = {**data, "submission_key": form_key(client, form_url or url)}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    assert second.status_code == 302
    return first, second
