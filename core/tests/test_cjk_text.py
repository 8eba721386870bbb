"""Chinese is never slanted: an empty-state message is italic in English and upright in Chinese,
and the page's <html lang> follows the language the person reads."""

from tests.browser import login
from tests.factories import PASSWORD, build_org

STYLE_JS = """() => [...document.querySelectorAll("main .empty, main em")].map(
  el => [el.textContent.trim(), getComputedStyle(el).fontStyle])"""


def test_empty_states_are_upright_in_chinese_and_italic_in_english(page, live_server, settings):
    build_org()
    login(page, "north_rep", PASSWORD)  # a new rep: "No decisions yet." and other empty states
    styles = page.evaluate(STYLE_JS)
    assert page.locator("html").get_attribute("lang") == "en"
    assert styles and all(style == "italic" for _text, style in styles), styles

    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "zh-hans", "url": live_server.url}]
    )
    page.reload()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.evaluate(
        "() => document.querySelector('main').insertAdjacentHTML('beforeend', '<em>重点</em>')"
    )
    styles = page.evaluate(STYLE_JS)
    assert any(text == "重点" for text, _style in styles)
    assert len(styles) >= 2 and all(style == "normal" for _text, style in styles), styles
