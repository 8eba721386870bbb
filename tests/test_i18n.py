"""Chinese and English: complete catalogues, compiled files in step with them, no string left
out of extraction, and pages that actually switch."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from i18n import catalogues  # noqa: E402


def test_every_catalogue_is_fully_translated():
    untranslated = []
    for path in catalogues():
        for entry in polib.pofile(str(path)):
            if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags):
                untranslated.append(f"{path.relative_to(ROOT)}: {entry.msgid!r}")
    assert not untranslated, "\n".join(untranslated)


def test_compiled_catalogues_match_their_sources():
    stale = []
    for path in catalogues():
        mo_path = path.with_suffix(".mo")
        if not mo_path.exists():
            stale.append(f"{mo_path.relative_to(ROOT)} missing")
            continue
        with mo_path.open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        for entry in polib.pofile(str(path)):
            if entry.obsolete or entry.msgid_plural:
                continue
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            if compiled._catalog.get(key) != entry.msgstr:
                stale.append(f"{mo_path.relative_to(ROOT)}: {entry.msgid!r}")
    assert not stale, "run `make messages-compile`:\n" + "\n".join(stale[:20])


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) not installed")
def test_no_string_is_missing_from_the_catalogues(tmp_path):
    """Extract the strings of a copy of the project and compare with the committed catalogues."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "media",
            "staticfiles",
            "*.sqlite3*",
            "test-artifacts",
            "bench",
            "node_modules",
            "__pycache__",
        ),
    )
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "--ignore=tests",
            "--ignore=scripts",
            "--ignore=bench",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    missing = []
    for path in copy.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"):
        original = ROOT / path.relative_to(copy)
        known = {e.msgid for e in polib.pofile(str(original))} if original.exists() else set()
        for entry in polib.pofile(str(path)):
            if entry.msgid not in known:
                missing.append(f"{path.relative_to(copy)}: {entry.msgid!r}")
    assert not missing, "run `make messages` and translate:\n" + "\n".join(missing[:40])


def test_pages_switch_between_chinese_and_english(org, client):
    client.force_login(org.north_manager)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    chinese = client.get("/").content.decode()
    assert "待我审批" in chinese and "片区经理" in chinese
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/").content.decode()
    assert "Waiting for me" in english and "Region manager" in english
    assert "待我审批" not in english


def test_our_catalogues_win_over_the_admin_for_shared_words():
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("zh-hans"):
        assert gettext("Filter") == "筛选"
