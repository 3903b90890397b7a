"""Where each `okr` command lives and its one-line help, so `okr --help` lists them all
without importing any (click's "lazily loading subcommands" pattern)."""

from __future__ import annotations

# name -> ("module:attribute", one-line help shown in `okr --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "home": ("tui.cli.setup:home", "The store at a glance (also plain `okr` on a terminal)."),
    "meeting": ("tui.cli.meeting:meeting", "Run the weekly check-in, every answer saved at once."),
    "review": ("tui.cli.setup:review", "Your personal weekly review of your own key results."),
    "summary": ("tui.cli.summary:summary", "Print a meeting's summary: needs help first."),
    "list": ("tui.cli.data:list_", "The cycle's objectives and key results with their latest check-in."),
    "checkin": ("tui.cli.manage:checkin", "Record this week's answer for a key result."),
    "objective": ("tui.cli.manage:objective", "Add an objective."),
    "kr": ("tui.cli.manage:kr", "Add a key result to an objective."),
    "cycle": ("tui.cli.manage:cycle", "Cycles (quarters): add, list, start the next one."),
    "history": ("tui.cli.history:history", "Each week of a key result or an objective."),
    "grade": ("tui.cli.history:grade", "Grade a cycle: scores, bands and what is worth a conversation."),
    "export": ("tui.cli.data:export", "Write a cycle to stdout as JSON, Markdown or CSV."),
    "import": ("tui.cli.data:import_", "Import a JSON export or a Markdown outline (all or nothing)."),
    "init": ("tui.cli.manage:init", "Create a store with a cycle for the current quarter."),
    "follow": ("tui.cli.follow:follow", "Follow a meeting read-only: where the facilitator is."),
    "serve": ("tui.cli.serve:serve", "The follow view or the meeting in a browser (textual-serve)."),
    "demo": ("tui.cli.data:demo", "A fresh demo store, then a check-in meeting on it."),
}

# Words a crash report keeps from the command line: the commands and their subcommands.
COMMAND_WORDS: frozenset[str] = frozenset([*COMMANDS, "add", "list", "next"])
