"""The zh-CN catalogs as one: every catalog's entries are merged into one table at start
(tui/i18n.py), so one msgid has one translation app-wide, and none is left empty (an empty
msgstr shows English where Chinese is expected)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from tui.i18n import LOCALE_DIR, _unquote

CATALOGS = sorted((LOCALE_DIR / "zh_CN" / "LC_MESSAGES").glob("*.po"))
# Conflicts found in catalogs whose owners have yet to settle them: each must still be one
# (settled, it leaves this list); any other fails.
KNOWN_CONFLICTS: set[str] = set()  # msgids knowingly translated two ways (none now)


def entries(path: Path) -> list[tuple[str, tuple[str, ...], int]]:
    """Each entry of a .po file, empty msgstrs kept: msgid, its msgstr(s), the line it starts on."""
    out = []
    text = path.read_text(encoding="utf-8")
    line_no = 1
    for block in re.split(r"(\n\s*\n)", text):
        if not block.strip():
            line_no += block.count("\n")
            continue
        fields: dict[str, str] = {}
        key = ""
        first = None
        for i, line in enumerate(block.splitlines()):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith('"'):
                fields[key] += _unquote(line)
                continue
            key, _sep, rest = line.partition(" ")
            fields[key] = _unquote(rest)
            if key == "msgid":
                first = line_no + i
        if fields.get("msgid"):
            forms = tuple(v for k, v in sorted(fields.items()) if k.startswith("msgstr"))
            out.append((fields["msgid"], forms, first or line_no))
        line_no += block.count("\n")
    return out


def test_the_catalogs_are_there() -> None:
    assert {p.name for p in CATALOGS} >= {"cli.po", "click.po", "store.po", "screens.po"}
    assert all(entries(p) for p in CATALOGS)


def test_no_msgstr_is_empty() -> None:
    empty = [f"{p.name}:{line}: {msgid!r}" for p in CATALOGS for msgid, forms, line in entries(p)
             if not forms or not all(forms)]
    assert not empty, "entries with no translation:\n" + "\n".join(empty)


def test_one_msgid_one_translation_app_wide() -> None:
    seen: dict[str, dict[tuple[str, ...], list[str]]] = defaultdict(lambda: defaultdict(list))
    for p in CATALOGS:
        for msgid, forms, line in entries(p):
            if forms and all(forms):
                seen[msgid][forms].append(f"{p.name}:{line}")
    twice = {msgid for msgid, translations in seen.items() if len(translations) > 1}
    conflicts = [f"{msgid!r}: " + " | ".join(f"{' / '.join(forms)!r} ({', '.join(where)})"
                                             for forms, where in seen[msgid].items())
                 for msgid in sorted(twice - KNOWN_CONFLICTS)]
    assert not conflicts, "msgids translated two ways:\n" + "\n".join(conflicts)
    assert KNOWN_CONFLICTS <= twice, f"settled, take out of KNOWN_CONFLICTS: {sorted(KNOWN_CONFLICTS - twice)}"


def test_the_checks_see_a_conflict_and_an_empty_entry(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n\nmsgid "better"\nmsgstr ""\n\n'
                  'msgid "a"\n"b"\nmsgid_plural "ab"\nmsgstr[0] "甲乙"\n', encoding="utf-8")
    assert entries(po) == [("better", ("",), 5), ("ab", ("甲乙",), 8)]
