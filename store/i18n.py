"""The translation hook for user-visible text made in store/ (errors, rule reasons).

store/ does not know where catalogs live or which language is chosen: tui/i18n.py
installs a translator here at start. Until then (and for tools that import the store
alone) text stays English.

    from store.i18n import _, ngettext
    raise NotFoundError(_("no key result {kid} in cycle {cycle}").format(kid=kid, cycle=name))
"""

from __future__ import annotations

from collections.abc import Callable

_gettext: Callable[[str], str] = lambda message: message  # noqa: E731
_ngettext: Callable[[str, str, int], str] = lambda singular, plural, n: singular if n == 1 else plural  # noqa: E731


def install(gettext: Callable[[str], str], ngettext_: Callable[[str, str, int], str]) -> None:
    global _gettext, _ngettext
    _gettext, _ngettext = gettext, ngettext_


def _(message: str) -> str:
    """``message`` in the chosen language (a msgid for the catalogs)."""
    return _gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks ``message`` for the catalogs where it is defined; translate it where shown."""
    return message
