"""A rep fills a competitor-price form on a phone; marketing admin marks it for analysis and
publishes the digest, which the rep then reads."""

from django.utils import timezone

from information.models import Digest, Entry, Frequency, Kind
from pricing.models import CompetitorPrice
from tests.browser import PHONE, has_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, build_org

from . import factories as f


def test_rep_fills_a_competitor_price_and_marketing_admin_publishes_the_digest(new_page):
    org = build_org()
    today = timezone.localdate()
    item = f.plan_item(kind=Kind.COMPETITOR, frequency=Frequency.WEEKLY, recipients=[org.director])
    form_row = f.form(item, org.north_rep, start=today, end=today)
    customer = f.customer(org.north, owner=org.north_rep)

    rep = new_page(PHONE)
    login(rep, "north_rep", PASSWORD)
    rep.goto("/information/?mine=1")
    assert not has_horizontal_scroll(rep)
    rep.locator("[data-testid=form-row] a").first.click()
    rep.fill("input[name=competitor]", "庄信万丰")
    rep.fill("input[name=product]", "TWC-6b")
    rep.select_option("select[name=customer]", str(customer.pk))
    rep.fill("input[name=price]", "905")
    rep.fill("input[name=title]", "庄信万丰报价下调")
    assert not has_horizontal_scroll(rep)
    rep.get_by_test_id("save-entry").click()
    rep.wait_for_selector("[data-testid=entry-price]")
    screenshot(rep, "information-competitor-price-phone")
    assert CompetitorPrice.objects.get().competitor == "庄信万丰"
    form_row.refresh_from_db()
    assert form_row.submitted_on == today

    admin = new_page()
    login(admin, "mktadmin", PASSWORD)
    admin.goto("/information/consolidation/")
    admin.check(f"input[name=entry][value='{Entry.objects.get().pk}']")
    admin.get_by_test_id("mark").click()
    admin.wait_for_selector("[data-testid=marked]")
    admin.fill("textarea[name=summary]", "竞争对手在华北降价")
    admin.get_by_test_id("publish").click()
    admin.wait_for_selector("[data-testid=digest-summary]")
    digest = Digest.objects.get()
    assert list(digest.entries.values_list("title", flat=True)) == ["庄信万丰报价下调"]

    rep.goto("/information/digests/")
    rep.locator("[data-testid=digest-row] a").first.click()
    rep.wait_for_selector("[data-testid=digest-entry]")
    assert "庄信万丰报价下调" in rep.get_by_test_id("digest-entry").inner_text()
    assert not has_horizontal_scroll(rep)
