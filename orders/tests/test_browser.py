"""Orders in a real browser: marketing admin imports an ERP file, and the director's sales
pivot shows the month's sales change."""

from datetime import date

from orders.tests.factories import customer, order, priced_product
from orders.tests.test_import import xlsx
from tests.browser import login, nav_go, screenshot
from tests.factories import PASSWORD, build_org


def test_admin_imports_an_erp_file_and_the_director_sees_the_month_change(page, new_page, tmp_path):
    org = build_org()
    prod = priced_product(org.finance)
    north = customer(org.north, name="北岳汽车", owner=org.north_rep)
    north.erp_code = "C-N1"
    north.save()
    order(org.mktadmin, north, prod, quantity=10, unit_price="100", month=date(2026, 3, 1))
    query = "month_from=2026-01&month_to=2026-03&rows=region&measure=revenue"
    director = new_page()
    login(director, "director", PASSWORD)
    director.goto(f"/orders/sales/?{query}")
    assert director.get_by_test_id("pivot-total").inner_text() == "1,000"

    path = tmp_path / "erp-march.xlsx"
    path.write_bytes(
        xlsx(
            [
                [
                    "SO-77",
                    date(2026, 3, 2),
                    "C-N1",
                    "TWC-ORD",
                    20,
                    250,
                    "2026-03",
                    None,
                    None,
                    None,
                    None,
                ]
            ]  # fmt: skip
        ).getvalue()
    )
    login(page, "mktadmin", PASSWORD)
    nav_go(page, "orders-import")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_test_id("import-submit").click()
    page.wait_for_selector("[data-testid=import-row]")
    assert "erp-march.xlsx" in page.get_by_test_id("import-row").first.inner_text()
    screenshot(page, "orders-import-en")

    director.reload()
    assert director.get_by_test_id("pivot-total").inner_text() == "6,000"  # 1,000 + 20 × 250
    director.wait_for_function("document.querySelector('[data-testid=sales-chart]').dataset.drawn")
    screenshot(director, "orders-sales-en")
