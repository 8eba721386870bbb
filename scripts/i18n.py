#!/usr/bin/env python
"""Translation catalogues without GNU gettext.

  python scripts/i18n.py compile   write every locale/*/LC_MESSAGES/django.mo from its .po
  python scripts/i18n.py check     list untranslated or fuzzy entries; exit 1 if any
  python scripts/i18n.py fill FILE.json   fill empty msgstr from a {msgid: msgstr} file

`make messages` extracts new strings with Django's makemessages (that step needs xgettext);
compiled .mo files are committed so a fresh machine shows Chinese without gettext.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogues() -> list[Path]:
    return sorted(
        p
        for p in ROOT.glob("**/locale/*/LC_MESSAGES/django.po")
        if ".venv" not in p.parts and "node_modules" not in p.parts
    )


def compile_all() -> None:
    for path in catalogues():
        po = polib.pofile(str(path))
        po.save_as_mofile(str(path.with_suffix(".mo")))
        print(f"compiled {path.relative_to(ROOT)} ({po.percent_translated()} %)")


def check() -> int:
    problems = 0
    for path in catalogues():
        po = polib.pofile(str(path))
        for entry in po:
            if entry.obsolete:
                continue
            if not entry.translated() or "fuzzy" in entry.flags:
                problems += 1
                print(f"{path.relative_to(ROOT)}: untranslated: {entry.msgid!r}")
    return 1 if problems else 0


def fill(source: str) -> None:
    table = json.loads(Path(source).read_text(encoding="utf-8"))
    for path in catalogues():
        po = polib.pofile(str(path))
        changed = False
        for entry in po:
            if entry.msgid in table and (not entry.msgstr or "fuzzy" in entry.flags):
                entry.msgstr = table[entry.msgid]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                changed = True
        if changed:
            po.save()


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "compile":
        compile_all()
    elif command == "check":
        sys.exit(check())
    elif command == "fill":
        fill(sys.argv[2])
    else:
        sys.exit(__doc__)
