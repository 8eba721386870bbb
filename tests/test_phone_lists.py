"""Every list page on a phone (390 × 844), on the demo data, in Chinese and in English: nothing
wider than the screen (no sideways scrolling of the page or of a table inside it), and a name
column keeps a readable width instead of one character per line.

Lists are `table.stack` tables (static/css/app.css): under 700 px each row becomes a card and
each cell a "label: value" line from its `data-label`."""

from core.demo import DEMO_PASSWORD
from tests.browser import ARTIFACTS, login
from tests.demo_data import seed_demo

# (who, url, header of a column that must stay readable or None). The header is the English
# column heading; its cell in the first row must be wider than NAME_MIN_PX.
PAGES = [
    ("north_rep1", "/customers/", "Name"),
    ("north_rep1", "/customers/visits/", "Customer"),
    ("north_rep1", "/customers/projects/", "Customer"),
    ("north_rep1", "/customers/plans/", "Customer"),
    ("north_rep1", "/pricing/quotes/", "Customer"),
    ("north_rep1", "/pricing/products/", "Name"),
    ("north_rep1", "/pricing/competitors/", "Customer"),
    ("north_rep1", "/techsupport/requests/", "Customer"),
    ("north_rep1", "/techsupport/platforms/", "Customer"),
    ("north_rep1", "/techsupport/library/", None),
    ("north_rep1", "/budgets/claims/", "Title"),
    ("north_rep1", "/budgets/advances/", "Person"),
    ("north_rep1", "/budgets/supplements/", "Budget line"),
    ("north_rep1", "/approvals/mine/", "Document"),
    ("north_manager", "/approvals/", None),
    ("director", "/customers/projects/funnel/", "Stage"),
    ("director", "/customers/grid/", None),
    ("director", "/pricing/quotes/", "Customer"),
    ("director", "/pricing/market/", "Uploaded by"),
    ("director", "/pricing/strategies/", "Name"),
    ("director", "/budgets/plans/", "Budget of"),
    ("director", "/budgets/execution/", "Group"),
    ("director", "/budgets/execution/claims/", "Claim"),
    ("finance", "/budgets/claims/", "Title"),
    ("tech1", "/techsupport/", None),
    ("tech1", "/techsupport/ratings/", None),
    ("north_rep1", "/information/", "Form"),
    ("north_rep1", "/information/digests/", "Title"),
    ("north_manager", "/information/late/", "Person"),
    ("mktadmin", "/information/consolidation/", "Headline"),
    ("mktadmin", "/information/plan/", "What is collected"),
    ("north_rep1", "/brand/toolkit/", "Title"),
    ("director", "/brand/", "Year"),
    ("director", "/brand/plans/", "Title"),
    ("director", "/brand/evaluation/", None),
]
NAME_MIN_PX = 120

# What overflows the 390 px screen: the page itself, or any table (or its scrolling wrapper).
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width + 1) found.push("page");
  for (const el of document.querySelectorAll("main table, main .table-wrap")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0) continue;
    if (box.right > width + 1 || el.scrollWidth > el.clientWidth + 1) {
      found.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.scrollWidth)}px`);
    }
  }
  return found;
}"""

# The width of the first row's cell under the column headed `header` (headers hidden or not).
CELL_WIDTH_JS = """(header) => {
  for (const table of document.querySelectorAll("main table")) {
    const heads = [...table.querySelectorAll("thead th")].map(th => th.textContent.trim());
    const index = heads.indexOf(header);
    const row = table.querySelector("tbody tr");
    if (index < 0 || !row || row.cells.length <= index) continue;
    return row.cells[index].getBoundingClientRect().width;
  }
  return null;
}"""


def test_every_list_page_fits_a_phone(phone_page, live_server, settings):
    seed_demo()  # once for both languages: seeding takes a while
    page = phone_page
    problems = []
    for language in ("zh-hans", "en"):
        signed_in = None
        for username, url, header in PAGES:
            if username != signed_in:
                page.context.clear_cookies()
                login(page, username, DEMO_PASSWORD)
                page.context.add_cookies(
                    [
                        {
                            "name": settings.LANGUAGE_COOKIE_NAME,
                            "value": language,
                            "url": live_server.url,
                        }
                    ]
                )
                signed_in = username
            response = page.goto(url)
            assert response.status == 200, f"{username} {url}: {response.status}"
            assert page.locator("html").get_attribute("lang") == language
            where = f"{language} {username} {url}"
            if language == "zh-hans":
                ARTIFACTS.mkdir(exist_ok=True)
                name = "phone-list-" + url.strip("/").replace("/", "-")
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"))  # the first screenful
            overflow = page.evaluate(OVERFLOW_JS)
            if overflow:
                problems.append(f"{where}: wider than the phone: {', '.join(overflow)}")
            if header:
                width = page.evaluate(CELL_WIDTH_JS, _heading(header, language))
                if width is None:
                    problems.append(f"{where}: no row under the column {header!r}")
                elif width <= NAME_MIN_PX:
                    problems.append(f"{where}: the {header!r} cell is {width:.0f}px wide")
    assert not problems, "\n".join(problems)


def _heading(header: str, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return str(translation.gettext(header))
