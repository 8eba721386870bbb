"""The documentation stands on its own: the product description lives in the repository
(docs/product.md), every "SPEC §n" the code cites is a section of it, parts not built yet say
so, and no document points at a file outside the repository or at a missing one."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ROOT / "docs" / "product.md"
SKIP_DIRS = {".venv", "node_modules", "staticfiles", "test-artifacts", ".git", "bench"}
# The processes of the product and the app each one is (or will be) built in.
PROCESSES = {
    "Organisation": "regions",
    "Who sees and does what": "access",
    "Approvals": "approvals",
    "Marketing planning": "planning",
    "Customer management": "customers",
    "Technical support": "techsupport",
    "Pricing": "pricing",
    "Budget and expenses": "budgets",
    "Sales-force performance": "performance",
    "Brand": "brand",
    "Information": "information",
}


def _files(*suffixes):
    for path in ROOT.rglob("*"):
        if path.suffix in suffixes and not SKIP_DIRS & set(path.relative_to(ROOT).parts):
            yield path


def _sections() -> dict[int, str]:
    return {
        int(number): title
        for number, title in re.findall(r"^## (\d+)\. (.+)$", PRODUCT.read_text(), re.M)
    }


def test_the_readme_points_at_the_product_description_in_the_repository():
    readme = (ROOT / "README.md").read_text()
    assert "docs/product.md" in readme
    for path in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        assert "../" not in path.read_text(), f"{path.name} points outside the repository"


def test_every_process_is_described_and_unbuilt_ones_say_so():
    sections = _sections()
    assert sorted(sections) == list(range(1, 14))
    installed = {name.split(".")[0] for name in settings.INSTALLED_APPS}
    for heading, app in PROCESSES.items():
        title = next((t for t in sections.values() if t.startswith(heading)), None)
        assert title, f"no section for {heading}"
        assert ("being built" in title) == (app not in installed), title
    assert any(t.startswith("The people and their day") for t in sections.values())


def test_every_spec_section_the_code_cites_exists():
    numbers = set(_sections())
    cited = {}
    for path in _files(".py", ".md", ".html", ".txt"):
        for reference in re.findall(r"SPEC §(\d+)(?:[–-](\d+))?", path.read_text(errors="ignore")):
            for number in filter(None, reference):
                cited.setdefault(int(number), path.relative_to(ROOT))
    assert cited, "no SPEC reference found: the check would prove nothing"
    missing = {n: str(p) for n, p in cited.items() if n not in numbers}
    assert not missing, missing


def test_documents_the_docs_name_exist():
    for path in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for name in re.findall(r"\bdocs/[\w-]+\.md\b", path.read_text()):
            assert (ROOT / name).exists(), f"{path.name} names {name}, which does not exist"
