"""What every okr app shares: the help screen, a command palette that lists every
action a screen's bindings offer, by name, the user's own keys (tui/keymap.py) and
store writes off the UI thread (tui/store_writes.py)."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import App, ReturnType, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import SimpleCommand
from textual.dom import DOMNode
from textual.screen import Screen

from store import Store
from tui import i18n
from tui.cli.errors import EX_SOFTWARE, report_crash
from tui.i18n import N_, _
from tui.keymap import load_keymap
from tui.process_memory import keep_big_buffers_mapped
from tui.store_writes import WAITING, StoreWrites, WriteFailed
from tui.theming import LanguageRemembered, save_language
from tui.typeahead import TakesTypeahead, TypeaheadMixin

# Textual's own palette commands (textual/app.py App.get_system_commands), by their English title and help
TEXTUAL_COMMANDS = {
    N_("Theme"), N_("Change the current theme"), N_("Quit"), N_("Quit the application as soon as possible"),
    N_("Keys"), N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"), N_("Maximize"),
    N_("Maximize the focused widget"), N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"),
}


CONFIDENCE_ACTION = re.compile(r"confidence\((\d+)\)")  # a screen's "confidence 1".."confidence 10" keys


def _textual(text: str) -> str:
    return _(text) if text in TEXTUAL_COMMANDS else text


class OkrApp(StoreWrites, TypeaheadMixin, App[ReturnType]):
    # Textual's own palette binding, in words of the chosen language (Textual adds its
    # English one only when an app has none)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+p", "command_palette", _("palette"), id="app.command_palette", show=False, priority=True,
                tooltip=_("Open the command palette")),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """The user's keymap is in effect from the first frame; a bad file raises KeymapError
        here, before the app runs (the commands check it before they change anything)."""
        super().__init__(*args, **kwargs)
        self.keymap = load_keymap()
        self.set_keymap(self.keymap)

    @property
    def prefs_store(self) -> Store | None:
        """Where the user's settings (the language) are remembered; None: this app writes none."""
        return None

    def show_waiting(self, waiting: bool) -> None:
        """The app's own writes are settings (the theme): a notification is enough."""
        if waiting:
            self.notify(_(WAITING), title=_("Saving a setting"), markup=False)

    def on_write_failed(self, message: WriteFailed) -> None:
        self.notify(str(message.error), title=message.title, severity="warning", markup=False)

    async def on_event(self, event: events.Event) -> None:
        now = self.typed_ahead(event)  # None: typed while a dialog opens, kept for it
        if now is not None:
            await super().on_event(now)

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Textual's; the keys typed while a dialog with text fields opens wait for it."""
        if isinstance(screen, TakesTypeahead):
            self.hold_keys()
        return super().push_screen(screen, *args, **kwargs)

    def on_ready(self) -> None:
        """The first frame is out: what start-up made is set aside for good and the garbage
        collector runs again (tui/launch.py switched it off for the start); malloc keeps big
        buffers out of its heaps (tui/process_memory.py)."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
        keep_big_buffers_mapped()

    def _handle_exception(self, error: Exception) -> None:
        """A bug: one line naming a crash report, exit 70, instead of Textual's traceback.

        Textual 8 has no public hook for an unhandled exception, so this overrides its
        handler (textual is pinned below 9; tests/test_crash_report.py fails if the hook
        goes). Headless runs (Pilot tests) keep Textual's handling, which re-raises there.
        """
        if self.is_headless:
            super()._handle_exception(error)
            return
        self.exit(return_code=EX_SOFTWARE, message=Text(report_crash(error)))

    def action_change_language(self) -> None:
        """The shipped languages in the palette; the one picked is remembered for the next start."""
        self.search_commands([
            SimpleCommand(name, partial(self.pick_language, code), _("current") if code == i18n.current() else None)
            for code, name in i18n.LANGUAGE_NAMES.items()
        ], placeholder=_("Search for languages…"))

    def pick_language(self, lang: str) -> None:
        """Remember ``lang`` in the user's settings, off the UI thread (like the theme). The
        screens' texts are made when okr starts, so it shows from the next start."""
        if (store := self.prefs_store) is not None:
            self.write_off_thread(partial(save_language, store, lang), _("Language not remembered"))

    def on_language_remembered(self, message: LanguageRemembered) -> None:
        self.notify(_("{language} from the next start of okr.").format(language=i18n.LANGUAGE_NAMES[message.lang]),
                    title=_("Language"), markup=False)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen  # imported when first asked for: a faster start

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen([*self.screen.BINDINGS, *self.BINDINGS], self.keymap))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands, then one per bound action of ``screen`` (quit is the app's own)."""
        for command in super().get_system_commands(screen):
            yield command._replace(title=_textual(command.title), help=_textual(command.help))
            if command.title == "Theme" and self.prefs_store is not None:
                yield SystemCommand(_("Language"), _("Change the language: English or Chinese (from the next start)"),
                                    self.action_change_language)
        seen: set[str] = set()
        for node, binding, _enabled, _tooltip in screen.active_bindings.values():
            if not binding.id or binding.system or binding.id in seen or binding.action == "quit":
                continue
            seen.add(binding.id)
            if CONFIDENCE_ACTION.fullmatch(binding.action):  # ten keys, one command that asks for the number
                if "confidence" not in seen:
                    seen.add("confidence")
                    yield SystemCommand(_("Set confidence…"), _("Set the key result's confidence: a number from 1 to 10"),
                                        partial(self.ask_confidence, node))
                continue
            yield SystemCommand(binding.description.capitalize(), binding.tooltip or binding.description,
                                partial(node.run_action, binding.action))

    def ask_confidence(self, node: DOMNode) -> None:
        """The palette's "Set confidence…": a number in a dialog, then ``node``'s confidence action."""
        from tui.screens.meeting import check_confidence  # imported when first asked for: a faster start
        from tui.screens.modals import FormField, FormModal

        def done(values: list[str] | None) -> None:
            if values and values[0]:  # empty: nothing set
                self.call_later(node.run_action, f"confidence({int(values[0])})")

        self.push_screen(FormModal(_("Set confidence"), [FormField(_("Confidence (1-10)"), check=check_confidence,
                                                                   max_length=2)]), done)
