"""The history of one key result or objective: a week chart over a table of its weeks.

The same data as `okr history` (store.trends, tui.report.history), on screen. Closing it
loses nothing, so Esc closes it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from store import Cycle, CycleData, KeyResult, Objective, Store
from store.lookup import find_item
from store.trends import KRDelta, WeekPoint, kr_deltas, kr_series
from tui.i18n import _
from tui.report.history import _objective_weeks, metric_line, number
from tui.report.summary import pct
from tui.widgets.format import cell_text, clean, title_room
from tui.widgets.trend import WeekChart
from tui.widgets.words import word

Row = tuple[Text, ...]
LINES = 3  # a text cell's lines at most; longer text ends in "…"


def _change(d: KRDelta) -> str:
    """"↑ +10%", "→ ±0", "first"; a gap adds the weeks it spans."""
    if d.first:
        return _("first")
    change = d.value if d.value is not None and d.value.arrow else d.progress
    text = f"{change.arrow} {change.amount_text()}".strip()
    if change is d.value and change.verdict:
        text += f" {change.verdict}"
    return text + (" (" + _("{n} wk").format(n=d.weeks_back) + ")" if d.gap else "")


def _conf_change(d: KRDelta) -> str:
    return "" if d.first or not d.confidence.arrow else f"{d.confidence.arrow} {d.confidence.amount_text()}"


def kr_columns(kr: KeyResult) -> list[str]:
    return [_("Week"), *([_("Value")] if kr.is_metric else []), _("Progress"), _("Change"), _("Conf."), "±",
            _("Blocker"), _("Help from"), _("Note")]


def kr_rows(data: CycleData, kr: KeyResult) -> list[Row]:
    """One row per check-in, oldest first; user text as plain Text on one line."""
    rows: list[Row] = []
    for c, d in zip(data.history(kr.id), kr_deltas(data, kr.id)):
        value = [number(c.value, kr.unit)] if kr.is_metric else []
        cells = [c.week, *value, pct(c.progress), _change(d), "-" if c.confidence is None else f"{c.confidence}/10",
                 _conf_change(d), clean(c.blocker), clean(c.help_from), clean(c.note)]
        rows.append(tuple(Text(cell) for cell in cells))
    return rows


def kr_points(data: CycleData, kr: KeyResult, week: str | None) -> list[WeekPoint]:
    """The cycle's weeks from its start to the later of ``week`` and the last check-in."""
    hist = data.history(kr.id)
    if not hist:
        return []
    return kr_series(data, kr.id, upto=max(hist[-1].week, week or ""))


def objective_columns(data: CycleData, obj: Objective) -> list[str]:
    return [_("Week"), _("Progress"), _("Conf."), *(k.id for k in data.krs_of(obj.id)), _("Note"), _("Wins")]


def _cell(progress: float | None, carried: bool) -> str:
    return f"({pct(progress)})" if carried else pct(progress)


def objective_rows(data: CycleData, obj: Objective) -> list[Row]:
    """One row per week from the first check-in to the last; (40%) = carried, no check-in."""
    rows: list[Row] = []
    for w in _objective_weeks(data, obj):
        krs = [_cell(k["progress"], k["carried"]) for k in w["key_results"].values()]
        conf = "-" if w["confidence"] is None else f"{w['confidence']}/10"
        cells = [w["week"], _cell(w["progress"], w["carried"]), conf, *krs, clean(w["note"]), clean(w["wins"])]
        rows.append(tuple(Text(cell) for cell in cells))
    return rows


def objective_points(data: CycleData, obj: Objective) -> list[WeekPoint]:
    return [WeekPoint(w["week"], w["progress"], w["confidence"], w["carried"]) for w in _objective_weeks(data, obj)]


def fit_columns(total: int, columns: list[str], rows: list[Row], texts: int) -> dict[int, int]:
    """The columns shown in a DataTable ``total`` cells wide, index → width: the first ones
    as wide as their widest cell, the last ``texts`` (people's words) sharing the room
    left, the narrowest need served first, none narrower than its label. When the labels do
    not fit side by side, a column with no words in it is left out; if they still do not,
    each may be as narrow as its label's longest word (the label takes two header lines)."""
    natural = [max([cell_len(label), *(cell_len(row[i].plain) for row in rows)]) for i, label in enumerate(columns)]
    first = len(columns) - texts
    shown = list(range(first, len(columns)))

    def room() -> int:
        return title_room(total, [("", w) for w in natural[:first]] + [("", 0)] * len(shown), 0)

    least = {i: cell_len(columns[i]) for i in shown}
    if sum(least.values()) > room():
        shown = [i for i in shown if any(row[i].plain for row in rows)]
        least = {i: cell_len(columns[i]) for i in shown}
    if sum(least.values()) > room():
        least = {i: max(cell_len(word) for word in columns[i].split()) for i in shown}
    widths, left = dict(least), room() - sum(least.values())
    for n, i in enumerate(sorted(shown, key=lambda i: natural[i] - least[i])):
        extra = min(natural[i] - least[i], max(0, left) // (len(shown) - n))
        widths[i] += extra
        left -= extra
    return {**dict(enumerate(natural[:first])), **widths}


def head(data: CycleData, item: KeyResult | Objective) -> Content:
    if isinstance(item, KeyResult):
        facts = [f"{item.owner}" if item.owner else "", _("objective {id}").format(id=item.objective),
                 metric_line(item) if item.is_metric else ""]
    else:
        facts = [item.owner, word(item.kind), _("team {team}").format(team=item.team) if item.team else ""]
    tail = " · ".join(clean(f) for f in facts if f)
    return Content.assemble((item.id, "bold"), " ", (clean(item.title), "bold"), ("  · " + tail, "dim"),
                            ("  · " + _("cycle {cycle}").format(cycle=clean(data.cycle.name)), "dim"))


class HistoryScreen(Screen[None]):
    """Weeks of a key result (ID like O1.2) or an objective (O1) of ``cycle``."""

    DEFAULT_CSS = """
    HistoryScreen #history-head { height: auto; padding: 0 1; background: $panel; }
    HistoryScreen #history-chart { padding: 0 1; }
    HistoryScreen #history-table { height: 1fr; }
    HistoryScreen #history-hint { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", _("close"), id="history.close", tooltip=_("Close the history (nothing to save)")),
        Binding("question_mark,f1", "app.help", _("help"), id="history.help", tooltip=_("All keys")),
    ]

    def __init__(self, store: Store, cycle: Cycle, item_id: str, week: str | None = None) -> None:
        super().__init__()
        self.data = store.load(cycle)
        self.item = find_item(self.data, item_id)
        self.week = week
        data, item = self.data, self.item
        if isinstance(item, KeyResult):
            self.labels, self.rows, self.points = kr_columns(item), kr_rows(data, item), kr_points(data, item, week)
        else:
            self.labels, self.rows, self.points = (objective_columns(data, item), objective_rows(data, item),
                                                   objective_points(data, item))
        self.texts = 3 if isinstance(item, KeyResult) else 2  # the last columns: people's words
        self._widths: dict[int, int] = {}  # the columns' widths the table was filled for

    def compose(self) -> ComposeResult:
        yield Static(head(self.data, self.item), id="history-head")
        yield WeekChart(self.points, id="history-chart")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Static(Content(_("Dim bars and (40%): no check-in that week, the last value carried · Esc close")),
                     id="history-hint")
        yield Footer()

    def on_resize(self) -> None:
        self.fit_table()

    def fit_table(self) -> None:
        """The columns fitted to the screen's width (made anew when it changes): people's
        words wrap in their column (fit_columns)."""
        widths = fit_columns(self.size.width, self.labels, self.rows, self.texts)
        if widths == self._widths:
            return
        self._widths = widths
        table: DataTable[Text] = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.header_height = 2 if any(cell_len(self.labels[i]) > w for i, w in widths.items()) else 1
        for i, width in widths.items():
            table.add_column(self.labels[i], width=width)
        first = len(self.labels) - self.texts
        for cells in self.rows:
            shown = [cells[i] if i < first else Text(cell_text(cells[i].plain, w, LINES)) for i, w in widths.items()]
            table.add_row(*shown, height=max(c.plain.count("\n") + 1 for c in shown))
        if self.rows:
            table.move_cursor(row=min(max(row, 0), len(self.rows) - 1))

    def action_close(self) -> None:
        self.dismiss(None)
