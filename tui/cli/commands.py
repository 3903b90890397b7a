"""Where each `okr` command lives and its one-line help, so `okr --help` lists them all
without importing any (click's "lazily loading subcommands" pattern)."""

from __future__ import annotations

from store.i18n import N_

# name -> ("module:attribute", one-line help shown in `okr --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "home": ("tui.cli.setup:home", N_("The store at a glance (also plain `okr` on a terminal).")),
    "meeting": ("tui.cli.meeting:meeting", N_("Run the weekly check-in, every answer saved at once.")),
    "review": ("tui.cli.setup:review", N_("Your personal weekly review of your own key results.")),
    "summary": ("tui.cli.summary:summary", N_("Print a meeting's summary: needs help first.")),
    "list": ("tui.cli.data:list_", N_("The cycle's objectives and key results with their latest check-in.")),
    "checkin": ("tui.cli.manage:checkin", N_("Record this week's answer for a key result.")),
    "objective": ("tui.cli.manage:objective", N_("Add an objective.")),
    "kr": ("tui.cli.manage:kr", N_("Add a key result to an objective.")),
    "cycle": ("tui.cli.manage:cycle", N_("Cycles (quarters): add, list, start the next one.")),
    "history": ("tui.cli.history:history", N_("Each week of a key result or an objective.")),
    "grade": ("tui.cli.history:grade", N_("Grade a cycle: scores, bands and what is worth a conversation.")),
    "export": ("tui.cli.data:export", N_("Write a cycle to stdout as JSON, Markdown or CSV.")),
    "import": ("tui.cli.data:import_", N_("Import a JSON export or a Markdown outline (all or nothing).")),
    "init": ("tui.cli.manage:init", N_("Create a store with a cycle for the current quarter.")),
    "follow": ("tui.cli.follow:follow", N_("Follow a meeting read-only: where the facilitator is.")),
    "serve": ("tui.cli.serve:serve", N_("The follow view or the meeting in a browser (textual-serve).")),
    "demo": ("tui.cli.data:demo", N_("A fresh demo store, then a check-in meeting on it.")),
    "sync": ("tui.cli.sync:sync", N_("Share the store between hosts through git (okr sync init first).")),
}

# Words a crash report keeps from the command line: the commands and their subcommands.
COMMAND_WORDS: frozenset[str] = frozenset([*COMMANDS, "add", "list", "next"])
