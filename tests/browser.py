"""Browser-test fixtures: Playwright driving Debian's Chromium against pytest-django's live
server. Loaded for every test through `pytest_plugins` in the root conftest.

Without /usr/bin/chromium (or Playwright) the browser tests are skipped with the reason
printed; with REQUIRE_BROWSER=1 (set by CI) a missing browser is a failure instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _unavailable_reason() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _unavailable_reason()
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    # Playwright's sync API runs an event loop in this thread; the live server and the ORM
    # calls the tests make are plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _context(browser, live_server, viewport, language="en-US"):
    context = browser.new_context(
        viewport=viewport,
        base_url=live_server.url,
        locale=language,
        extra_http_headers={"Accept-Language": language},
    )
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = _context(browser, live_server, DESKTOP)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server, transactional_db):
    context = _context(browser, live_server, PHONE)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def new_page(browser, live_server, transactional_db):
    """new_page(viewport=DESKTOP) -> a page in a fresh browser context (a second person)."""
    contexts = []

    def make(viewport=DESKTOP):
        context = _context(browser, live_server, viewport)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def login(page, username: str, password: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def logout(page) -> None:
    page.context.clear_cookies()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def has_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
    )


def nav_go(page, key: str) -> None:
    """Follow the navigation link `key` the way a person does: at desk size open its process
    group's menu first; on a phone open the menu."""
    phone = not page.locator(".nav-wide").is_visible()
    root = ".nav-toggle" if phone else ".nav-wide"
    link = page.locator(f"{root} [data-nav={key}]")
    if not link.is_visible():
        if phone:
            page.click(".nav-toggle > summary")
        else:
            page.click(f".nav-wide details.navgroup-menu:has([data-nav={key}]) > summary")
    link.click()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if {"page", "phone_page", "new_page", "browser"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
