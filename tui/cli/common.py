"""What every `okr` command shares: the lazy group, --store/--cycle, opening the store,
one-line errors.

Keep this module (and every command module's top level) free of textual and pydantic
imports: `okr --help` and `okr CMD --help` load neither, and `okr list` no textual; the
store and the apps are imported inside the commands that use them.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from store.errors import StoreError
from store.weeks import parse_week
from tui.cli.complete import cycle_names
from tui.cli.errors import EX_SOFTWARE, invalid_utf8_byte, printable, report_crash
from tui.i18n import N_, _

if TYPE_CHECKING:
    from store import Cycle, Store


class Utf8Text(click.types.StringParamType):
    """Text that must have come in as UTF-8: a stray byte from a shell (0x9b, 0xff) is
    refused naming its option, before anything could write it."""

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        value = super().convert(value, param, ctx)
        byte = invalid_utf8_byte(value)
        if byte is not None:
            self.fail(_("the text is not valid UTF-8 (byte 0x{byte:02x}); nothing was written").format(byte=byte),
                      param, ctx)
        return value


UTF8_TEXT = Utf8Text()


def _check_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--lang was applied before parsing (tui/i18n.py lang_in_args); here it is only checked."""
    from tui.i18n import check

    if value is None:
        return None
    try:
        return check(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def lang_option() -> click.Option:
    return click.Option(["--lang"], metavar="LANG", default=None, expose_value=False, callback=_check_lang,
                        help=N_("Language: en or zh-CN (default: OKR_LANG, your setting, then the locale)."))


def _translated(obj: click.Command | click.Parameter, attr: str) -> None:
    """Set ``obj.attr`` to its text in the chosen language; the English original (the
    msgid) is kept on the object, so a later run in another language starts from it."""
    originals = obj.__dict__.setdefault("_okr_msgids", {})
    msgid = originals.setdefault(attr, getattr(obj, attr, None))
    if isinstance(msgid, str) and msgid:
        setattr(obj, attr, _(msgid))


def prepared(command: click.Command) -> click.Command:
    """Every plain-text parameter of ``command`` (and its subcommands) checked as UTF-8,
    --lang on each, and every help text in the chosen language: done here, where a
    command is loaded (after the language is chosen), so no command can miss them."""
    command.context_class = OkrContext  # help wrapped by cells, in okr's words
    _help_option_in_language(command)
    for attr in ("help", "short_help", "epilog", "options_metavar", "subcommand_metavar"):
        if hasattr(command, attr):
            _translated(command, attr)
    if not any(p.name == "lang" for p in command.params):
        command.params.append(lang_option())
    for param in command.params:
        if isinstance(param, click.Option):
            _translated(param, "help")
        if param.type is click.STRING:
            param.type = UTF8_TEXT
        _type_name_in_language(param.type)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            prepared(sub)
    return command


HELP_OPTION_HELP = N_("Show this message and exit.")  # click's msgid (click.po)
# click's words for its usage lines (click.po); the commands' own metavars are translated where set
USAGE_WORDS = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."), N_("[COMMAND] [ARGS]..."))
# click's type names (click.po): a metavar is the name in capitals (INTEGER), and an error
# says it ("'x' is not a valid integer"); a Path's is its kind, as click names it
TYPE_NAMES = (N_("text"), N_("integer"), N_("integer range"), N_("float"), N_("float range"), N_("boolean"),
              N_("choice"), N_("datetime"), N_("uuid"), N_("filename"), N_("file"), N_("directory"), N_("path"))


def _type_name_in_language(kind: click.ParamType) -> None:
    """Say ``kind``'s name in the chosen language (INTEGER -> 整数 in a metavar and an error).
    click.Path names itself in the language of the moment it was made: its English name is
    worked out again, as click does."""
    if isinstance(kind, click.Path):
        english = "file" if kind.file_okay and not kind.dir_okay else (
            "directory" if kind.dir_okay and not kind.file_okay else "path")
        kind.__dict__.setdefault("_okr_msgids", {})["name"] = english
    originals = kind.__dict__.setdefault("_okr_msgids", {})
    msgid = originals.setdefault("name", kind.name)
    if msgid in TYPE_NAMES:
        kind.name = _(msgid)


def _help_option_in_language(command: click.Command) -> None:
    """click makes a command's --help option once and keeps it, its help in the language of
    that moment: it is said again in the chosen language each time, so a later run in
    another language in the same process (CliRunner, tests) shows its own."""
    make = command.get_help_option
    if getattr(make, "okr_in_language", False):
        return

    def get_help_option(ctx: click.Context) -> click.Option | None:
        option = make(ctx)
        if option is not None:
            option.help = _(HELP_OPTION_HELP)
        return option

    get_help_option.okr_in_language = True  # type: ignore[attr-defined]
    command.get_help_option = get_help_option  # type: ignore[method-assign]


class OkrGroup(click.Group):
    """A click group whose errors are one line on stderr: StoreError exits 1, usage errors 2,
    a bug 70 with a crash report.

    ``lazy`` maps a command name to ``"module:attribute"``; the module is imported when
    the command runs (or its help is shown), not when `okr` starts.
    """

    def __init__(self, *args: Any, lazy: dict[str, tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            where, short_help = self.lazy[cmd_name]
            module, attr = where.split(":")
            command = getattr(importlib.import_module(module), attr)
            command.short_help = command.short_help or short_help
            self.add_command(prepared(command), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the table, so `okr --help` imports no command."""
        rows = [(name, _(self.lazy[name][1])) for name in self.lazy]
        rows += [(name, cmd.get_short_help_str()) for name, cmd in self.commands.items() if name not in self.lazy]
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StoreError as e:
            raise click.ClickException(str(e)) from None

    def main(self, args: list[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        choose_language(sys.argv[1:] if args is None else args)
        prepared(self)
        if click.formatting.FORCED_WIDTH is None:  # CliRunner forces 80
            kwargs.setdefault("terminal_width", help_width())
        try:
            code = super().main(args, *rest, **kwargs)
        except click.exceptions.NoArgsIsHelpError as e:
            click.echo(e.format_message())
            sys.exit(0)
        except click.UsageError as e:
            where = _(" (see: {command} --help)").format(command=e.ctx.command_path) if e.ctx else ""
            click.echo(printable(_("Error: {message}").format(message=e.format_message() + where)), err=True)
            sys.exit(e.exit_code)
        except click.ClickException as e:
            click.echo(printable(_("Error: {message}").format(message=e.format_message())), err=True)
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo(_("Aborted."), err=True)
            sys.exit(130)
        except Exception as e:  # a bug: one line and a report, never a traceback
            click.echo(report_crash(e, args), err=True)
            sys.exit(EX_SOFTWARE)
        sys.exit(code if isinstance(code, int) else 0)


class OkrContext(click.Context):
    """Help wrapped by cells, in okr's words; its formatter imported only to write help (its
    module compiles a pattern of the scripts it wraps at import, ~1 ms of every command)."""

    def make_formatter(self) -> click.HelpFormatter:
        from tui.cli.help_format import CellHelpFormatter

        return CellHelpFormatter(width=self.terminal_width, max_width=self.max_content_width)


def choose_language(args: list[str]) -> None:
    """Set the language before any help text is made: --lang (anywhere), OKR_LANG, the
    user's setting in the store (read only when neither is given), the locale."""
    from tui import i18n

    given = i18n.lang_in_args(args)
    setting = None
    if given is None and not os.environ.get("OKR_LANG") and "--version" not in args:
        setting = i18n.setting_in_store(_store_in_args(args))
    i18n.use(i18n.choose(given, setting=setting))
    _click_speaks_ours()


# click's modules that say something to users, each binding the stdlib's gettext functions
# at import (`from gettext import gettext as _`, `ngettext`). Those read only compiled .mo
# files found through LANGUAGE / LC_*: no public hook takes okr's catalogs, and setting
# LANGUAGE would reach git and every other child process. So these module globals are
# pointed at tui.i18n's, here and only here (tests/test_i18n_rest.py checks click's modules
# still bind them so). Left out: shell_completion and _termui_impl (bash versions, editors:
# not reached by okr) and _winconsole. The language is chosen later (choose_language): tui.i18n's
# functions look it up at each call.
CLICK_GETTEXT_MODULES = ("click.core", "click.decorators", "click.exceptions", "click.formatting",
                         "click.parser", "click.termui", "click.types", "click.utils")


def _click_calls_ours() -> None:
    """Done as this module is imported: its options' click.Path asks for its name at once, and
    the stdlib's gettext would look for .mo files (and import locale) for it, ~1 ms."""
    from tui import i18n

    for name in CLICK_GETTEXT_MODULES:
        module = importlib.import_module(name)  # loaded already by `import click`
        module._ = i18n.gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]


_click_calls_ours()


def _click_speaks_ours() -> None:
    # the shared types a Choice's metavar and a callback's conversion name (TEXT, INTEGER)
    for kind in (click.STRING, click.INT, click.FLOAT, click.BOOL, click.UUID, UTF8_TEXT):
        _type_name_in_language(kind)


def _store_in_args(args: list[str]) -> Path | None:
    for i, arg in enumerate(args):
        if arg == "--store" and i + 1 < len(args):
            return Path(args[i + 1])
        if arg.startswith("--store="):
            return Path(arg.split("=", 1)[1])
    return None


def help_width() -> int:
    """The width click's help formatter picks, found without it: click imports shutil (and
    with it bz2 and lzma, ~3 ms of `okr --help`) only to ask for the terminal's columns.
    The same rules: $COLUMNS, else stdout's terminal, else 80; at most 80, less 2; at least 50."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return max(min(columns or 80, 80) - 2, 50)


def _from_root(name: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """A callback that lets `okr --store DIR CMD` stand for `okr CMD --store DIR` (like
    `git -C`): the value after the command wins, then the one before it, then the
    environment or the default."""
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if ctx.get_parameter_source(param.name or "") is click.core.ParameterSource.COMMANDLINE:
            return value
        before = ctx.meta.get(f"okr.{name}")
        return before if before is not None else value
    return callback


def _remember(name: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is not None:
            ctx.meta[f"okr.{name}"] = value
        return value
    return callback


STORE_HELP = N_("Store directory (env OKR_STORE; default: your user data dir).")
CYCLE_HELP = N_("Cycle name (default: the current one).")

store_option = click.option(
    "--store", "store_path", type=click.Path(path_type=Path, file_okay=False), envvar="OKR_STORE",
    default=None, callback=_from_root("store"), help=STORE_HELP,
)
cycle_option_callback = _from_root("cycle")
cycle_option = click.option("--cycle", "cycle_name", type=UTF8_TEXT, default=None, callback=cycle_option_callback,
                            shell_complete=cycle_names, help=CYCLE_HELP)

# The same two on the group itself, before the command.
root_store_option = click.option("--store", "store_path", type=click.Path(path_type=Path, file_okay=False),
                                 default=None, expose_value=False, is_eager=True, callback=_remember("store"),
                                 help=N_("Store directory (env OKR_STORE; default: your user data dir). Also after the command."))
root_cycle_option = click.option("--cycle", "cycle_name", type=UTF8_TEXT, default=None, expose_value=False,
                                 is_eager=True, callback=_remember("cycle"), help=N_("Cycle name (default: the current one). Also after the command."))


def open_store(store_path: Path | None) -> Store:
    from store import Store

    store = Store.open(store_path)
    for warning in store.warnings:
        click.echo(printable(warning), err=True)
    return store


def parsed(parse: Callable[[str], Any]) -> Callable[[click.Context, click.Parameter, str | None], Any]:
    """A click callback that parses an option with ``parse``; its ValueError is the message."""
    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError as e:
            raise click.BadParameter(str(e)) from None
    return callback


def outside_cycle(week: str, cycle: Cycle) -> str:
    """The usage error of a --week the cycle does not have."""
    return _("week {week} is outside cycle {cycle} ({start} to {end}); give --week or --cycle").format(
        week=week, cycle=cycle.name, start=cycle.start, end=cycle.end)


def week_option(help_text: str = N_("ISO week, e.g. 2026-W48 (default: this week).")) -> Any:
    return click.option("--week", default=None, callback=parsed(parse_week), help=help_text)
