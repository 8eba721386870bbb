"""400, 403, 404 and 500 in production mode (DEBUG off): the site's look, the reader's language,
a way back home, and for 403 the reason in words. The 500 page renders with no request and no
database, as Django renders it."""

import pytest
from django.db import connection
from django.template import loader
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.browser import login, screenshot
from tests.factories import PASSWORD, build_org

pytestmark = [pytest.mark.django_db]
FAILING = override_settings(DEBUG=False, ROOT_URLCONF="tests.error_urls")

# (url, status, words in English, words in Chinese)
PAGES = [
    ("/customers/999999/", 404, "Page not found", "页面不存在"),
    ("/fail/404/", 404, "Page not found", "页面不存在"),
    ("/fail/403/", 403, "Not allowed", "无权访问"),
    ("/fail/400/", 400, "Bad request", "请求无效"),
    ("/fail/500/", 500, "Something went wrong", "系统出错了"),
]


@pytest.fixture
def reader(client, settings):
    def make(person, language):
        client.raise_request_exception = False
        client.force_login(person)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return make


@FAILING
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("url,status,english,chinese", PAGES)
def test_error_pages_in_the_layout_and_the_readers_language(
    org, reader, language, url, status, english, chinese
):
    response = reader(org.north_rep, language).get(url)
    body = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}">' in body
    assert 'class="topbar"' in body and "/static/css/app.css" in body
    assert (english if language == "en" else chinese) in body
    assert (chinese if language == "en" else english) not in body
    assert 'href="/" data-testid="error-home"' in body
    assert "Traceback" not in body and "a bug" not in body and "damaged request" not in body


@FAILING
def test_403_and_404_keep_the_signed_in_layout_and_403_says_why(org, reader):
    client = reader(org.north_rep, "en")
    body = client.get("/fail/403-reason/").content.decode()
    assert "Only finance marks claims paid." in body
    assert "You are signed in as north_rep (Sales rep)" in body
    assert 'data-nav="home"' in body  # the person's own navigation
    body = client.get("/fail/403/").content.decode()
    assert 'data-testid="error-reason"' not in body
    assert "ask your manager or the marketing admin" in body
    client = reader(org.north_rep, "zh-hans")
    body = client.get("/fail/403-reason/").content.decode()
    with translation.override("zh-hans"):
        assert translation.gettext("Only finance marks claims paid.") in body
    assert "您以 north_rep（销售代表）的身份登录" in body
    assert 'data-nav="home"' in client.get("/customers/999999/").content.decode()


@FAILING
def test_a_missing_page_for_someone_signed_out(client):
    client.cookies["django_language"] = "zh-hans"
    response = client.get("/fail/404/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_the_500_page_needs_no_request_and_no_database():
    """Django renders 500.html with no context; it must not touch the database (which may be
    what failed) nor need a request or a signed-in person."""
    for language, words in (("en", "Something went wrong"), ("zh-hans", "系统出错了")):
        with translation.override(language), CaptureQueriesContext(connection) as queries:
            body = loader.get_template("500.html").render()
        assert words in body and f'<html lang="{language}">' in body
        assert len(queries) == 0
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        assert "Bad request" in loader.get_template("400.html").render()
    assert len(queries) == 0


@FAILING
def test_an_expired_form_says_so_in_words(org, client, settings):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(org.north_rep)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = browser.post("/i18n/setlang/", {"language": "en"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "The form has expired" in body and 'class="topbar"' in body
    assert "CSRF verification failed" not in body


@override_settings(DEBUG=False)
def test_a_missing_page_in_the_browser_shows_the_layout(page):
    build_org()
    login(page, "north_manager", PASSWORD)
    response = page.goto("/customers/999999/")
    assert response.status == 404
    assert page.locator("header.topbar").is_visible()
    assert page.locator(".nav-wide [data-nav=home]").is_visible()
    assert page.get_by_role("heading", name="Page not found").is_visible()
    screenshot(page, "error-404")
    page.get_by_test_id("error-home").click()
    page.wait_for_selector("[data-testid=home-title]")
