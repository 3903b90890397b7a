"""Which theme an app starts in, and remembering the one the user picks.

Only our themes are offered (the command palette's "Theme" lists what is registered):
Textual's built-in ones are unregistered, since they were not checked for status colours
that stay apart in 16 colours, on a projector or for red-green colour blindness.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual.app import App
from textual.message import Message
from textual.theme import BUILTIN_THEMES

from store import Store
from themes.palettes import DEFAULT_THEME, THEMES
from tui import i18n
from tui.i18n import _
from tui.store_writes import StoreWrites

PREF_KEY = "theme"


@dataclass(eq=False)
class ThemeRemembered(Message):
    """The theme ``name`` is the user's choice in the store now."""

    name: str


def start_theme(store: Store, requested: str | None) -> str:
    """``--theme`` if given, else the user's remembered choice, else the default."""
    if requested in THEMES:
        return requested
    remembered = store.user_pref(PREF_KEY)
    return remembered if isinstance(remembered, str) and remembered in THEMES else DEFAULT_THEME


def use_themes(app: App[object], store: Store, requested: str | None = None) -> None:
    """Register our themes only and start in :func:`start_theme`. Call it from the app's
    ``__init__``: a theme set once the app runs parses and applies all its CSS again
    (a third of the meeting's start-up)."""
    for theme in THEMES.values():
        app.register_theme(theme)
    name = start_theme(store, requested)
    dark = THEMES[name].dark
    if dark == app.current_theme.dark:
        # What setting ``app.theme`` does, but its queued refresh_css: that parses the app's
        # CSS a second time as the app starts (5-9 ms of the meeting's first frame). Before
        # the app runs there is nothing to refresh: the new variables are all it needs. The
        # ANSI colour filter App() made is for a dark or light theme; it fits when the
        # theme's darkness is the default's, otherwise the theme is set the usual way.
        app.set_reactive(App.theme, name)
        app.update_classes({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark},
                           update=False)
        app.stylesheet.set_variables(app.get_css_variables())
    else:
        app.theme = name
    for builtin in BUILTIN_THEMES:
        app.unregister_theme(builtin)


def remember_themes(app: StoreWrites, store: Store) -> None:
    """From now on remember every theme change (the palette's switch) in the store's
    per-user settings, off the UI thread (the root file's lock may be held by another
    process); call it once the app runs. A theme given with ``--theme`` is for this run:
    it is not remembered unless picked."""

    def remember(name: str) -> None:
        if name != store.user_pref(PREF_KEY):
            app.write_off_thread(partial(_save, store, name), _("Theme {name} is used but not remembered").format(name=name))

    app.watch(app, "theme", remember, init=False)


def _save(store: Store, name: str) -> ThemeRemembered:
    store.set_user_prefs(**{PREF_KEY: name})
    return ThemeRemembered(name)


# -- the language ------------------------------------------------------------------------
@dataclass(eq=False)
class LanguageRemembered(Message):
    """The language ``lang`` is the user's choice in the store now (used from the next start)."""

    lang: str


def save_language(store: Store, lang: str) -> LanguageRemembered:
    """On a worker thread: remember ``lang`` under the key tui/i18n.py ``setting_in_store`` reads."""
    store.set_user_prefs(**{i18n.SETTING: lang})
    return LanguageRemembered(lang)
