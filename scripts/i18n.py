"""Refresh the Chinese catalogue: collect strings, fill them from the apps' translation notes, compile.

Each app may keep `TRANSLATIONS_zh.txt` with lines `English source => 中文` (written while the
code is written); this script runs makemessages, fills every empty msgstr it has a note for,
clears fuzzy flags on entries it fills, reports what is still untranslated, and compiles the
.mo file (committed, so a machine without gettext still shows Chinese).

    .venv/bin/python scripts/i18n.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "gdip"
PO = SRC / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def notes() -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted(SRC.glob("*/TRANSLATIONS_zh.txt")):
        for line in path.read_text("utf-8").splitlines():
            if line.startswith("#") or " => " not in line:
                continue
            english, chinese = line.split(" => ", 1)
            out[english.strip()] = chinese.strip()
    return out


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdip.config.settings")
    os.environ.setdefault("GDIP_HOME", str(ROOT / "var"))
    import django
    from django.core.management import call_command

    django.setup()
    os.chdir(SRC)
    call_command("makemessages", locale=["zh_Hans"], verbosity=0, no_obsolete=True)
    import polib  # type: ignore[import-untyped]

    po = polib.pofile(str(PO))
    known = notes()
    filled = 0
    for entry in po:
        if (not entry.msgstr or entry.fuzzy) and entry.msgid in known:
            entry.msgstr = known[entry.msgid]
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
            filled += 1
    po.save()
    missing = [e.msgid for e in po if not e.msgstr and not e.msgid_plural] + [e.msgid for e in po if e.fuzzy]
    call_command("compilemessages", locale=["zh_Hans"], verbosity=0)
    print(f"filled {filled}; {len(po)} entries; untranslated or fuzzy: {len(missing)}")
    for msgid in missing:
        print("  MISSING:", msgid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
