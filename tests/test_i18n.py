"""The language: which one is chosen, the catalogs, and that every marked string of the
source has a Chinese translation."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui import i18n

ROOT = Path(__file__).resolve().parents[1]
OKR = Path(sys.executable).parent / "okr"


@pytest.mark.parametrize(("code", "found"), [("zh_CN.UTF-8", "zh-CN"), ("zh-cn", "zh-CN"), ("zh", "zh-CN"),
                                             ("zh_SG", "zh-CN"), ("en_GB.UTF-8", "en"), ("C.UTF-8", None),
                                             ("POSIX", None), ("fr_FR.UTF-8", None), ("", None)])
def test_codes_are_normalised(code: str, found: str | None) -> None:
    assert i18n.normalise(code) == found


def test_the_order_is_flag_env_setting_locale_english() -> None:
    env = {"OKR_LANG": "zh-CN", "LANG": "en_US.UTF-8"}
    assert i18n.choose("en", env, "zh-CN") == "en"
    assert i18n.choose(None, env, "en") == "zh-CN"
    assert i18n.choose(None, {"LANG": "en_US.UTF-8"}, "zh-CN") == "zh-CN"
    assert i18n.choose(None, {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}) == "zh-CN"
    assert i18n.choose(None, {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}) == "en"  # the first one set decides
    assert i18n.choose(None, {"LC_MESSAGES": "zh_CN.UTF-8"}) == "zh-CN"
    assert i18n.choose(None, {}) == "en"
    assert i18n.choose("xx", {"LANG": "fr_FR.UTF-8"}) == "en"


def test_lang_is_found_before_or_after_the_command() -> None:
    assert i18n.lang_in_args(["--lang", "zh-CN", "list"]) == "zh-CN"
    assert i18n.lang_in_args(["list", "--lang=en"]) == "en"
    assert i18n.lang_in_args(["checkin", "--", "--lang", "x"]) is None


def test_po_files_are_read_with_plurals_and_without_fuzzy_entries() -> None:
    text = '''msgid ""
msgstr "Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Objective"
msgstr "目标"

#, fuzzy
msgid "Summary"
msgstr "总结"

msgid "{n} training"
msgid_plural "{n} trainings"
msgstr[0] "{n} 次培训"

msgid "long"
msgstr ""
"two "
"lines \\"quoted\\""

msgid "untranslated"
msgstr ""
'''
    assert i18n.read_po(text) == {"Objective": "目标", "{n} training": ("{n} 次培训",),
                                  "long": 'two lines "quoted"'}


def test_using_a_language_reaches_the_store_messages() -> None:
    from store.i18n import _ as store_gettext

    try:
        i18n.use("zh-CN")
        assert i18n.current() == "zh-CN"
        assert store_gettext("a message no catalog has") == "a message no catalog has"
    finally:
        i18n.use("en")
    assert i18n.ngettext("{n} training", "{n} trainings", 2) == "{n} trainings"


def test_an_unknown_language_is_a_one_line_error() -> None:
    r = subprocess.run([str(OKR), "list", "--lang", "xx"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "no language 'xx'; okr speaks en, zh-CN" in r.stderr


def test_the_setting_in_the_store_is_read_without_the_models(tmp_path: Path) -> None:
    import getpass

    import orjson

    (tmp_path / "okr.json").write_bytes(orjson.dumps({"settings": {"users": {getpass.getuser(): {"lang": "zh-CN"}}}}))
    assert i18n.setting_in_store(tmp_path) == "zh-CN"
    assert i18n.setting_in_store(tmp_path / "nowhere") is None


def marked_messages() -> set[str]:
    """Every msgid the source marks with _(), N_() or ngettext(), by Babel's extractor."""
    from babel.messages.extract import extract_from_dir

    found: set[str] = set()
    for package in ("tui", "store"):
        for _file, _line, message, _comments, _context in extract_from_dir(
                str(ROOT / package), method_map=[("**.py", "python")],
                keywords={"_": None, "N_": None, "ngettext": (1, 2)}):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_marked_string_has_a_chinese_translation() -> None:
    catalog: dict[str, object] = {}
    for path in i18n.catalog_files("zh-CN"):
        catalog.update(i18n.read_po(path.read_text(encoding="utf-8")))
    missing = sorted(marked_messages() - set(catalog))
    assert not missing, f"{len(missing)} strings without a zh-CN translation, e.g. {missing[:10]}"


def test_catalogs_parse_with_babel_too() -> None:
    from babel.messages.pofile import read_po

    for path in i18n.catalog_files("zh-CN"):
        with path.open("rb") as f:
            read_po(f)  # raises on a syntax error
    assert os.path.isdir(i18n.LOCALE_DIR / "zh_CN" / "LC_MESSAGES")
