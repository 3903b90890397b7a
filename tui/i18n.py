"""The language of everything okr shows: which one, and its catalog.

The order: ``--lang`` (any command), ``OKR_LANG``, the user's setting in the store
(chosen from the palette, like the theme), then ``LC_ALL`` / ``LC_MESSAGES`` / ``LANG``;
English when nothing matches a shipped language. JSON output stays English.

Catalogs are gettext ``.po`` files under tui/locale/<lang>/LC_MESSAGES/, one per part of
the app (``cli.po``, ``screens.po``, ...), read directly at start (no compiled ``.mo`` to
go stale; a few hundred entries parse in about a millisecond). Adding a language is adding
one directory of ``.po`` files and a line in LANGUAGES.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from store import i18n as store_i18n
from store.i18n import N_

LOCALE_DIR = Path(__file__).parent / "locale"
ENGLISH = "en"
# the code people type -> the catalog directory; the first is the default
LANGUAGES: dict[str, str] = {"en": "", "zh-CN": "zh_CN"}
LANGUAGE_NAMES = {"en": "English", "zh-CN": "中文 (简体)"}
_ALIASES = {"zh": "zh-CN", "zh-cn": "zh-CN", "zh-hans": "zh-CN", "zh-sg": "zh-CN", "en-us": "en", "en-gb": "en"}

_current = ENGLISH
_catalog: dict[str, str | tuple[str, ...]] = {}


def normalise(code: str | None) -> str | None:
    """A shipped language for ``code`` (``zh_CN.UTF-8``, ``zh-cn``, ``zh``), else None."""
    if not code:
        return None
    base = code.split(".", 1)[0].split("@", 1)[0].replace("_", "-").strip()
    if base in ("C", "POSIX", ""):
        return None
    for candidate in (base, base.lower()):
        if candidate in LANGUAGES:
            return candidate
        if candidate.lower() in _ALIASES:
            return _ALIASES[candidate.lower()]
    prefix = base.split("-", 1)[0].lower()
    return _ALIASES.get(prefix) or (prefix if prefix in LANGUAGES else None)


def choose(cli: str | None = None, env: Mapping[str, str] | None = None, setting: str | None = None) -> str:
    """The language by the order above."""
    env = os.environ if env is None else env
    for source in (cli, env.get("OKR_LANG"), setting):
        if found := normalise(source):
            return found
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if value := env.get(name):  # the first one set decides, as in POSIX
            return normalise(value) or ENGLISH
    return ENGLISH


def lang_in_args(args: Sequence[str]) -> str | None:
    """The value of ``--lang`` anywhere on the command line (before or after the command):
    the language is needed before the commands' help texts are made."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


SETTING = "lang"  # the key of the user's setting in the store's root file


def setting_in_store(path: Path | None) -> str | None:
    """The language this user chose in the store at ``path`` (default: OKR_STORE, the user
    data dir), read straight from the root file: no model is built for it. None if unset
    or unreadable (the store's own commands report a bad store)."""
    import getpass
    import json  # the stdlib's: lighter to import than orjson for one small file

    if path is None:
        path = _default_store()
    try:
        root = json.loads((path / "okr.json").read_bytes())
        value = root["settings"]["users"][getpass.getuser()][SETTING]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _default_store() -> Path:
    """The store's default place, as store.default_store_path gives it; on Linux without
    platformdirs (~7 ms of every `okr --help`), following the XDG rule it implements."""
    if env := os.environ.get("OKR_STORE"):
        return Path(env)
    if sys.platform.startswith("linux"):
        data = os.environ.get("XDG_DATA_HOME", "").strip() or os.path.expanduser("~/.local/share")
        return Path(data) / "okr-checkin"
    import platformdirs

    return Path(platformdirs.user_data_dir("okr-checkin"))


def check(code: str) -> str:
    """``code`` as a shipped language; ValueError naming the ones there are."""
    found = normalise(code)
    if found is None:
        raise ValueError(f"no language {code!r}; okr speaks {', '.join(LANGUAGES)}")
    return found


# -- catalogs ------------------------------------------------------------------------------
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _unquote(text: str) -> str:
    return "".join(ast.literal_eval(s) for s in _STRING.findall(text))


def read_po(text: str) -> dict[str, str | tuple[str, ...]]:
    """The translated entries of a .po file: msgid -> msgstr (a tuple for plural forms).
    Untranslated and fuzzy entries are left out, so they show in English."""
    entries: dict[str, str | tuple[str, ...]] = {}
    for block in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        key = ""
        fuzzy = False
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            if not line or line.startswith("#"):
                continue
            if line.startswith('"'):
                fields[key] += _unquote(line)
                continue
            key, _, rest = line.partition(" ")
            fields[key] = _unquote(rest)
        msgid = fields.get("msgid")
        if not msgid or fuzzy:
            continue
        if "msgid_plural" in fields:
            forms = tuple(v for k, v in sorted(fields.items()) if k.startswith("msgstr["))
            if all(forms):
                entries[msgid] = forms
        elif fields.get("msgstr"):
            entries[msgid] = fields["msgstr"]
    return entries


def catalog_files(lang: str) -> Iterator[Path]:
    directory = LANGUAGES.get(lang)
    if directory:
        yield from sorted((LOCALE_DIR / directory / "LC_MESSAGES").glob("*.po"))


def gettext(message: str) -> str:
    found = _catalog.get(message)
    return found if isinstance(found, str) else message


def ngettext(singular: str, plural: str, n: int) -> str:
    found = _catalog.get(singular)
    if isinstance(found, tuple):
        return found[0] if len(found) == 1 else found[0 if n == 1 else 1]
    return singular if n == 1 else plural


_ = gettext
__all__ = ["N_", "_", "choose", "current", "gettext", "ngettext", "use"]


def use(lang: str) -> None:
    """Show everything in ``lang`` from now on (store/ messages included)."""
    global _current, _catalog
    _current = lang
    _catalog = {}
    for path in catalog_files(lang):
        _catalog.update(read_po(path.read_text(encoding="utf-8")))
    store_i18n.install(gettext, ngettext)


def current() -> str:
    return _current
