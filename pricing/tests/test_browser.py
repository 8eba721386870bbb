"""Pricing in a real browser: finance uploads a month's file and sees the chart and the cost;
a rep quotes below their band and the region manager approves it."""

from datetime import date
from decimal import Decimal

from pricing.models import MarketUpload, Quote
from pricing.tests.factories import QUOTE_BANDS, customer, market_month, product, strategy, xlsx
from tests.browser import has_horizontal_scroll, login, nav_go, screenshot
from tests.factories import PASSWORD, authority, build_org


def test_finance_uploads_a_month_and_sees_chart_and_cost(page, tmp_path):
    org = build_org()
    prod = product()
    market_month(org.finance, products=[prod])  # 2026-03 is already there
    path = tmp_path / "april.xlsx"
    path.write_bytes(xlsx(month="2026-04").getvalue())
    login(page, "finance", PASSWORD)
    nav_go(page, "pricing-market")
    assert page.get_by_test_id("price-chart").get_attribute("data-months") == "1"
    page.get_by_test_id("upload-link").click()
    page.fill("input[name=month]", "2026-04")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_test_id("upload-submit").click()
    page.wait_for_selector("[data-testid=cost-row]")
    row = page.get_by_test_id("cost-row").inner_text()
    assert "TWC-TEST" in row and "2,104.02" in row
    nav_go(page, "pricing-market")
    chart = page.get_by_test_id("price-chart")
    assert (
        chart.get_attribute("data-months") == "2"
        and chart.get_attribute("data-latest") == "2026-04"
    )
    assert chart.get_attribute("data-drawn") == "1"
    screenshot(page, "pricing-market-en")
    page.get_by_test_id("lang-zh").click()
    page.wait_for_selector("[data-testid=lang-en]")
    assert "贵金属价格与成本" in page.inner_text("h1")
    screenshot(page, "pricing-market-zh")


def test_rep_quotes_below_band_and_region_manager_approves(page, new_page):
    org = build_org()
    prod = product()
    market_month(org.finance, products=[prod])
    strategy(org.director, approver=org.gm)
    authority("pricing.quote", QUOTE_BANDS)
    cust = customer(org.north, owner=org.north_rep)
    login(page, "north_rep", PASSWORD)
    nav_go(page, "pricing-quotes")
    page.get_by_test_id("new-quote").click()
    page.select_option("select[name=customer]", str(cust.pk))
    page.select_option("select[name=product]", str(prod.pk))
    page.fill("input[name=quantity]", "500")
    page.get_by_test_id("preview").click()
    page.wait_for_selector("[data-testid=breakdown]")
    assert page.get_by_test_id("list-price").inner_text() == "2,179.02"
    page.fill("input[name=unit_price]", "2050")  # 5.92 % below list: beyond a rep's 3 % band
    page.get_by_test_id("save-quote").click()
    page.wait_for_selector("[data-testid=quote-status]")
    assert page.get_by_test_id("quote-status").inner_text() == "Waiting for approval"
    quote = Quote.objects.get()
    assert quote.unit_price == Decimal("2050.00")

    manager = new_page()
    login(manager, "north_manager", PASSWORD)
    manager.goto(quote.get_absolute_url())
    manager.locator(f"#approval-panel-pricing-quote-{quote.pk} button[value=approve]").click()
    manager.wait_for_selector(f"#approval-panel-pricing-quote-{quote.pk} .state-approved")
    manager.goto(quote.get_absolute_url())
    assert manager.get_by_test_id("quote-status").inner_text() == "Price agreed"
    screenshot(manager, "pricing-quote-approved")


def test_quote_pages_fit_a_phone(phone_page):
    org = build_org()
    prod = product()
    market_month(org.finance, products=[prod])
    strategy(org.director, approver=org.gm)
    authority("pricing.quote", QUOTE_BANDS)
    from pricing.tests.factories import quote

    q = quote(org.north_rep, prod)
    login(phone_page, "north_rep", PASSWORD)
    for url in ("/pricing/quotes/", q.get_absolute_url(), "/pricing/quotes/new/"):
        phone_page.goto(url)
        assert not has_horizontal_scroll(phone_page), url
    screenshot(phone_page, "pricing-quote-phone")


def test_finance_confirms_a_price_jump_without_choosing_the_file_again(
    page, phone_page, tmp_path, settings
):
    """A warning keeps the file: "Import anyway" imports it; errors name sheet, row and column
    in the page's language; the page fits a phone."""
    settings.MEDIA_ROOT = tmp_path / "media"
    org = build_org()
    prod = product()
    market_month(org.finance, products=[prod])  # March: Pd 240 CNY/g
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx(month="2026-04", costs=[["2026-04", "TWC-TEST", "abc", 100]]).getvalue())
    jump = tmp_path / "april.xlsx"
    jump.write_bytes(
        xlsx(
            month="2026-04",
            metals=[
                ["2026-04", "Pt", 220, "CNY/g", ""],
                ["2026-04", "Pd", 300, "CNY/g", ""],
                ["2026-04", "Rh", 1100, "CNY/g", ""],
                ["2026-04", "USD/CNY", 7.2, "CNY/USD", ""],
            ],
        ).getvalue()
    )
    login(page, "finance", PASSWORD)
    page.goto("/pricing/market/upload/")
    assert page.get_by_test_id("confirm-submit").count() == 0
    page.fill("input[name=month]", "2026-04")
    page.set_input_files("input[name=file]", str(bad))
    page.get_by_test_id("upload-submit").click()
    errors = page.get_by_test_id("import-errors").inner_text()
    assert "Sheet “Costs”, row 2, column “Substrate cost”: “abc” is not a number" in errors
    assert page.get_by_test_id("confirm-submit").count() == 0
    screenshot(page, "pricing-upload-errors-en")
    page.get_by_test_id("lang-zh").click()
    page.wait_for_selector("[data-testid=lang-en]")
    page.fill("input[name=month]", "2026-04")
    page.set_input_files("input[name=file]", str(bad))
    page.get_by_test_id("upload-submit").click()
    errors = page.get_by_test_id("import-errors").inner_text()
    assert "工作表“产品成本”第 2 行，“载体成本”列：“abc”不是数字" in errors
    screenshot(page, "pricing-upload-errors-zh")

    page.fill("input[name=month]", "2026-04")
    page.set_input_files("input[name=file]", str(jump))
    page.get_by_test_id("upload-submit").click()
    warnings = page.get_by_test_id("import-warnings").inner_text()
    assert "Pd：300.0000 元/克" in warnings and "april.xlsx" in warnings
    assert page.get_by_test_id("confirm-submit").inner_text() == "仍然导入"
    screenshot(page, "pricing-upload-warning-zh")
    page.get_by_test_id("confirm-submit").click()  # no file chosen again
    page.wait_for_selector("[data-testid=cost-row]")
    assert MarketUpload.objects.get(month=date(2026, 4, 1)).file_name == "april.xlsx"

    login(phone_page, "finance", PASSWORD)
    phone_page.goto("/pricing/market/upload/")
    phone_page.fill("input[name=month]", "2026-04")
    phone_page.set_input_files("input[name=file]", str(jump))
    phone_page.get_by_test_id("upload-submit").click()
    warnings = phone_page.get_by_test_id("import-warnings").inner_text()
    assert "Pd: 300.0000 CNY/g is +25.0%" in warnings and "april.xlsx" in warnings
    assert phone_page.get_by_test_id("confirm-submit").inner_text() == "Import anyway"
    assert not has_horizontal_scroll(phone_page)
    screenshot(phone_page, "pricing-upload-warning-phone")
