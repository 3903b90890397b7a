"""Which theme an app starts in, and remembering the one the user picks.

Only our themes are offered (the command palette's "Theme" lists what is registered):
Textual's built-in ones are unregistered, since they were not checked for status colours
that stay apart in 16 colours, on a projector or for red-green colour blindness.
"""

from __future__ import annotations

from textual.app import App
from textual.theme import BUILTIN_THEMES

from store import Store, StoreError
from themes.palettes import DEFAULT_THEME, THEMES

PREF_KEY = "theme"


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
    app.theme = start_theme(store, requested)
    for name in BUILTIN_THEMES:
        app.unregister_theme(name)


def remember_themes(app: App[object], store: Store) -> None:
    """From now on remember every theme change (the palette's switch) in the store's
    per-user settings; call it once the app runs. A theme given with ``--theme`` is for
    this run: it is not remembered unless picked."""

    def remember(name: str) -> None:
        if name != store.user_pref(PREF_KEY):
            app.run_worker(lambda: _save(app, store, name), thread=True, group="theme-pref", exit_on_error=False)

    app.watch(app, "theme", remember, init=False)


def _save(app: App[object], store: Store, name: str) -> None:
    """Runs on a worker thread: the root file's lock may be held by another process."""
    try:
        store.set_user_prefs(**{PREF_KEY: name})
    except StoreError as e:
        app.call_from_thread(app.notify, f"Theme {name} is used but not remembered: {e}",
                             severity="warning", markup=False)
