"""The grading screen: each objective and key result scored, banded and flagged, and the
graded cycle exported as Markdown and JSON (the renderers of `okr grade`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from store import Cycle, Store, StoreError
from store.files import write_export
from store.grading import CycleGrade, GradeBand, grade_cycle
from tui.i18n import N_, _
from tui.report.grade import render_json, render_markdown, status
from tui.screens.modals import FormField, FormModal
from tui.widgets.format import clean, ellipsis, title_room
from tui.widgets.hanging import HangingLines
from tui.widgets.words import word

# Theme variables the bands are drawn in; the band's word is always there too.
BAND_COLOURS = {GradeBand.STRONG: "success", GradeBand.GOOD: "success", GradeBand.FAIR: "warning",
                GradeBand.BAD: "error"}
SHORT_BANDS = N_("above 0.7 strong · 0.6-0.7 good · 0.4-0.6 fair · 0.4 or less bad")
COLUMNS = [(N_("Id"), 6), (N_("Title"), 0), (N_("Score"), 5), (N_("Band"), 6), (N_("Flags"), 5)]
TITLE_MIN = 20  # the title takes the width the others leave, at least this; a longer one is cut at a word with "…"


def export_paths(cycle: str) -> tuple[str, str]:
    """The default files: ./grade-CYCLE.md and ./grade-CYCLE.json."""
    return f"./grade-{cycle}.md", f"./grade-{cycle}.json"


def write_exports(graded: CycleGrade, markdown: str, json_path: str, *, shared: bool = False) -> list[Path]:
    """Write the Markdown and/or JSON form (an empty path skips it); the files written, named
    as the user gave them (a symbolic link there is refused, not followed: store/files.py)."""
    written = []
    for path, render in ((markdown, render_markdown), (json_path, render_json)):
        if path:
            target = Path(path).expanduser().absolute()  # where it went, without following a link
            write_export(target, render(graded).encode("utf-8"), shared=shared)
            written.append(target)
    return written


def flags_content(graded: CycleGrade) -> HangingLines:
    """The flags; a long one wraps under its own indent, not back at column 0."""
    flags = graded.flags
    lines = [Content.styled("⚑ " + _("CONVERSATIONS WORTH HAVING ({count})").format(count=len(flags)), "bold $warning")]
    if not flags:
        lines.append(Content("  " + _("None flagged.")))
    lines += [Content.assemble("  ", (item, "bold"), "  ", clean(flag.shown)) for item, flag in flags]
    return HangingLines(lines)


class GradingScreen(Screen[None]):
    """Grades of ``cycle``: provisional until the cycle has ended."""

    DEFAULT_CSS = """
    GradingScreen #grade-head { height: auto; padding: 0 1; background: $panel; }
    GradingScreen #grade-table { height: 1fr; }
    GradingScreen #grade-flags { height: auto; max-height: 8; padding: 0 1; border-top: solid $primary; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "export", _("export"), id="grading.export",
                tooltip=_("Write the graded cycle as Markdown and JSON files")),
        Binding("escape,q", "close", _("close"), id="grading.close", tooltip=_("Close the grades (nothing to save)")),
        Binding("question_mark,f1", "app.help", _("help"), id="grading.help", tooltip=_("All keys")),
    ]

    def __init__(self, store: Store, cycle: Cycle, *, today: dt.date | None = None) -> None:
        super().__init__()
        self.shared = store.shared  # exports get the store's file mode
        self.graded = grade_cycle(store.load(cycle), store.root.settings.thresholds,
                                  today=today or dt.date.today())
        self._title_width = 0  # the title column's width the table was filled for

    def compose(self) -> ComposeResult:
        g = self.graded
        yield Static(Content.assemble(
            (_("Grades"), "bold"), " · " + _("cycle {cycle}").format(cycle=clean(g.cycle)) + " · ",
            (status(g), "bold" if g.final else "$warning"), "\n", (_("bands:") + " " + _(SHORT_BANDS), "dim"),
        ), id="grade-head")
        yield DataTable(id="grade-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="grade-flags", can_focus=False):
            yield Static(flags_content(g))
        yield Footer()

    def on_resize(self) -> None:
        self.fill_table()

    def fill_table(self) -> None:
        """The rows, the title's column as wide as the others leave (made anew when that changes)."""
        width = title_room(self.size.width, COLUMNS, TITLE_MIN)
        table: DataTable[Text] = self.query_one(DataTable)
        if width == self._title_width:
            return
        self._title_width, row = width, table.cursor_row
        table.clear(columns=True)
        for label, cells in COLUMNS:
            table.add_column(_(label), width=cells or width, key=label)
        for obj in self.graded.objectives:
            kind = " (" + _("aspirational") + ")" if obj.kind == "aspirational" else ""
            title = ellipsis(clean(obj.title), width - cell_len(kind)) + kind  # the kind is never cut off
            table.add_row(Text(obj.id, style="bold"), Text(title, style="bold"),
                          *self._score_cells(obj.score, obj.band), Text(self._flag_count(len(obj.flags))),
                          key=obj.id)
            for kr in obj.key_results:
                table.add_row(Text("  " + kr.id), Text("  " + ellipsis(clean(kr.title), width - 2)),
                              *self._score_cells(kr.score, kr.band), Text(self._flag_count(len(kr.flags))), key=kr.id)
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

    def _score_cells(self, score: float | None, band: GradeBand | None) -> tuple[Text, Text]:
        if score is None or band is None:
            return Text("-"), Text(_("no KRs"))
        colour = self.app.theme_variables.get(BAND_COLOURS[band])
        style = Style(color=Color.parse(colour).rich_color, bold=True) if colour else Style(bold=True)
        return Text(f"{score:.2f}"), Text(word(band), style=style)

    @staticmethod
    def _flag_count(count: int) -> str:
        return f"⚑ {count}" if count else ""

    def action_export(self) -> None:
        md_default, json_default = export_paths(self.graded.cycle)

        def done(values: list[str] | None) -> None:
            if values is None:
                return
            try:
                written = write_exports(self.graded, *values, shared=self.shared)
            except (OSError, StoreError) as e:
                self.notify(_("Could not write the export: {error}").format(error=e), title=_("Not exported"),
                            severity="error", markup=False)
                return
            where = _(" and ").join(str(p) for p in written) or _("nothing (both paths empty)")
            self.notify(_("Wrote {where}").format(where=where), title=_("Exported"), markup=False, timeout=8)

        self.app.push_screen(FormModal(_("Export the grades"), [
            FormField(_("Markdown file (empty: skip)"), md_default),
            FormField(_("JSON file (empty: skip)"), json_default),
        ]), done)

    def action_close(self) -> None:
        self.dismiss(None)
