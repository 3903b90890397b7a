"""The presentation layout: one objective filling the screen for a projector or a TV.

Progress, confidence and the timebox in block digits that grow with the terminal (3, 5
or 7 rows), each with its word under it, and every key result as a bar as wide as the
screen, patterned and coloured by its status, with a mark where the pace expects it by
now. Key results that do not fit are paged ("page 2/2"): the selected one's page is shown.
The meeting screen's keys act on it unchanged.

The projector rule (README): text reads from 150 × its height; a 1.5 m image with 60 rows
has 2.5 cm rows, so 7-row digits (17.5 cm) read from 26 m and body text from 3.75 m.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup, VerticalGroup
from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Label, Static

from store import KeyResult
from store.rules import confidence_band
from tui.display import one_line, quantity
from tui.i18n import N_, _
from tui.meeting.views import KRView, ObjectiveView
from tui.widgets import words
from tui.widgets.big_digits import BigDigits, digit_rows
from tui.widgets.format import amount, clock, pace_status
from tui.widgets.objective_panel import objective_of, summary_next
from tui.widgets.symbols import SYMBOLS

ROOMY_HEIGHT = 40  # from this many rows on, bars are thicker and key results spaced
BIG_HEIGHT = 55  # and from this many, thicker still
INDENT = "  "  # the column the marker takes; wrapped lines keep to the body's column

STATUS_STYLE = {"done": "$success bold", "on pace": "$success bold", "behind pace": "$error bold"}
STATUS_FILL = {"done": SYMBOLS.fill_done, "on pace": SYMBOLS.fill_on_pace, "behind pace": SYMBOLS.fill_behind}
STATUS_SYMBOL = {"done": SYMBOLS.done, "on pace": SYMBOLS.on_pace, "behind pace": SYMBOLS.behind}


def progress_word(progress: float | None, expected: float) -> Content:
    if progress is None:
        return Content(_("no key results"))
    if progress >= 100 or progress >= expected:
        return Content.styled(f"{SYMBOLS.on_pace} " + _("on pace"), "$success bold")
    return Content.styled(f"{SYMBOLS.behind} " + _("behind pace, {expected}% due").format(expected=f"{expected:.0f}"),
                          "$error bold")


def last_amount(kr: KeyResult, progress: int, value: float | None) -> str:
    """Last week's amount without the percentage a metric repeats: "12 h", "40%"."""
    if kr.is_metric and value is not None:
        return quantity(value, kr.unit)
    return f"{progress}%"


def time_numbers(spent: float, minutes: int) -> tuple[str, Content]:
    """The digits and the word under them: time left, or how far over."""
    left = minutes * 60 - spent
    if left >= 0:
        return clock(left), Content(f"{SYMBOLS.timer} " + _("left of {limit}").format(limit=clock(minutes * 60)))
    return "+" + clock(-left), Content.styled(f"{SYMBOLS.timer} " + _("OVER TIME") + " " + _("({limit} box)").format(
        limit=clock(minutes * 60)), "$error bold")


HANG = "  "


def hang(line: Content, width: int) -> list[Content]:
    """The line wrapped to ``width`` in the body's column, its continuation lines two further in
    (so a wrapped "not given / yet" reads as one line, not two)."""
    body = max(8, width - len(INDENT) - len(HANG))
    return [Content(INDENT if i == 0 else INDENT + HANG).append(part) for i, part in enumerate(line.wrap(body))]


def bar_line(progress: int, expected: float | None, status: str, cells: int) -> Content:
    """A bar in its status' pattern and colour; the pace mark where it should be by now."""
    filled = round(progress * cells / 100)
    chars = [STATUS_FILL[status]] * filled + [SYMBOLS.empty] * (cells - filled)
    styles = [STATUS_STYLE[status]] * filled + ["$text-muted"] * (cells - filled)
    if expected is not None and progress < 100:
        mark = min(cells - 1, round(expected * cells / 100))
        chars[mark], styles[mark] = SYMBOLS.pace_mark, "$foreground bold"
    return Content.assemble(*zip(chars, styles))


class BigNumber(VerticalGroup):
    """A label, block digits and the word under them."""

    def __init__(self, label: str, name: str) -> None:
        super().__init__(classes="big", id=f"present-{name}-box")
        self.label = label
        self.digits = BigDigits(id=f"present-{name}")
        self.word = Static(id=f"present-{name}-word", classes="big-word")

    def compose(self) -> ComposeResult:
        yield Label(_(self.label), classes="big-label")
        yield self.digits
        yield self.word

    def show(self, digits: str, word: Content) -> None:
        self.digits.update(digits)
        self.word.update(word)


class PresentKR(Widget):
    """One key result: its title and owner, a bar as wide as the widget, then the numbers,
    the blocker, who could help and why it needs help."""

    def __init__(self, view: KRView, selected: bool) -> None:
        super().__init__(classes="present-kr")
        self.view = view
        self.selected = selected
        self._lines: tuple[tuple[object, ...], list[Content]] | None = None

    def show(self, view: KRView, selected: bool) -> None:
        if view is self.view and selected == self.selected:
            return  # unchanged (a changed answer comes with a new view)
        width = self.size.width or 80
        height = len(self.lines(width))
        self.view, self.selected = view, selected
        self.set_class(selected, "-selected")
        self.refresh(layout=len(self.lines(width)) != height)

    def on_mount(self) -> None:
        self.set_class(self.selected, "-selected")

    @property
    def thickness(self) -> int:
        height = self.screen.size.height
        return 3 if height >= BIG_HEIGHT else 2 if height >= ROOMY_HEIGHT else 1

    @property
    def status(self) -> str:
        return pace_status(self.view.answer.progress, self.view.expected, self.view.pace_tolerance)

    def _title(self) -> Content:
        kr = self.view.kr
        owner: tuple[str, str] | str = ""
        if kr.owner and self.selected:
            owner = (f" · {one_line(kr.owner)} — " + _("you're up"), "$accent bold")
        elif kr.owner:
            owner = " · " + one_line(kr.owner)
        return Content.assemble((kr.id, "bold"), " ", (one_line(kr.title), "bold"), owner)

    def _status_lines(self) -> list[Content]:
        """The numbers, then (on lines of their own) the blocker, who could help and the reasons."""
        view, a = self.view, self.view.answer
        before = view.before
        status = self.status
        was = " " + _("(last {amount})").format(amount=last_amount(view.kr, before.progress, before.value)) if before else ""
        pace = " · " + _("{expected}% due").format(expected=f"{view.expected:.0f}") if view.expected is not None and status != "done" else ""
        lines = [Content.assemble(
            (f"{STATUS_SYMBOL[status]} {words.word(status)}", STATUS_STYLE[status]), " · ",
            (amount(view.kr, a.progress, a.value), "bold"), was, pace, " · ",
            (f"{a.confidence}/10 {words.word(confidence_band(a.confidence))}" if a.confidence else _("confidence") + " —",
             "bold"),
            (f" · {SYMBOLS.done} " + _("given"), "$success bold") if a.confirmed else " · " + _("not given yet"),
        )]
        if a.blocker:
            lines.append(Content.assemble((_("blocker:") + " ", "$warning bold"), one_line(a.blocker)))
        if a.help_from:
            lines.append(Content.assemble((_("who could help:") + " ", "bold"), one_line(a.help_from)))
        if view.reason_names:
            lines.append(Content.styled(f"{SYMBOLS.warn} " + _("needs help:") + " " + _(", ").join(
                words.word(name) for name in view.reason_names), "$error bold"))
        return lines

    def lines(self, width: int) -> list[Content]:
        """The rendered lines at this width (kept until the view, selection or size changes)."""
        key = (self.view, self.selected, width, self.thickness)
        if self._lines is None or self._lines[0] != key:
            marker = Content.styled(SYMBOLS.selected + " ", "$accent bold") if self.selected else Content(INDENT)
            title = [(marker if i == 0 else Content(INDENT)).append(part)
                     for i, part in enumerate(self._title().wrap(max(8, width - len(INDENT))))]
            bar = Content(INDENT).append(bar_line(self.view.answer.progress, self.view.expected, self.status,
                                                  max(1, width - len(INDENT) * 2)))
            body = [w for line in self._status_lines() for w in hang(line, width)]
            self._lines = (key, [*title, *[bar] * self.thickness, *body])
        return self._lines[1]

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.size.width or 80))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))


class KRPages(Widget):
    """The key results that fit, a page at a time: the page with the selected one."""

    def __init__(self, page_label: Static) -> None:
        super().__init__(id="present-krs")
        self.page_label = page_label
        self.selected = 0
        self.page, self.pages = 0, 1

    def rows(self) -> list[PresentKR]:
        return list(self.query_children(PresentKR))

    def paginate(self) -> None:
        """Split the rows into pages of the height there is; show the selected one's page."""
        rows, height, width = self.rows(), self.size.height, self.size.width
        if not rows or not height:
            return
        pages: list[list[PresentKR]] = [[]]
        used = 0
        for row in rows:
            need = len(row.lines(width)) + row.styles.margin.bottom
            if pages[-1] and used + need - row.styles.margin.bottom > height:
                pages.append([])
                used = 0
            pages[-1].append(row)
            used += need
        selected = rows[min(max(self.selected, 0), len(rows) - 1)]
        self.page = next(i for i, page in enumerate(pages) if selected in page)
        self.pages = len(pages)
        for i, page in enumerate(pages):
            for row in page:
                row.display = i == self.page
        label = self.page_label
        label.display = self.pages > 1
        label.update(Content(_("key results · page {page}/{pages}").format(page=self.page + 1, pages=self.pages)))

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self.paginate)


class PresentView(VerticalGroup):
    """The whole presentation layout; :meth:`show` fills it from the meeting's state.

    Its parts are held, not queried: the clock's tick can reach it while its children are
    still being composed or already taken down (the summary, the exit), and updating a
    widget that is not mounted does nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.head = Static(id="present-head")
        self.progress = BigNumber(N_("progress"), "progress")
        self.confidence = BigNumber(N_("confidence"), "confidence")
        self.time = BigNumber(N_("timebox"), "time")
        page_label = Static(id="present-page")
        self.krs = KRPages(page_label)

    def compose(self) -> ComposeResult:
        yield self.head
        with HorizontalGroup(id="present-numbers"):
            yield self.progress
            yield self.confidence
            yield self.time
        yield self.krs.page_label
        yield self.krs

    def on_resize(self) -> None:
        height = self.screen.size.height
        self.set_class(height >= ROOMY_HEIGHT, "-roomy")
        for number in (self.progress, self.confidence, self.time):
            number.digits.want(digit_rows(height))

    async def show(self, head: ObjectiveView, krs: list[KRView], selected: int, *, scroll: bool = True) -> None:
        """The whole state; rows are mounted anew only for other key results (a new objective).
        ``scroll`` is the rows layout's; here the selected key result's page is always shown."""
        self.show_head(head)
        box = self.krs
        box.selected = selected
        rows = box.rows()
        if [row.view.kr.id for row in rows] != [view.kr.id for view in krs]:
            await box.remove_children()
            if not box.is_attached:  # the app is exiting: nothing to show (see RowsView.show)
                return
            await box.mount_all(PresentKR(v, i == selected) for i, v in enumerate(krs))
        else:
            for i, (row, view) in enumerate(zip(rows, krs)):
                row.show(view, i == selected)
        box.paginate()

    def show_head(self, view: ObjectiveView) -> None:
        head = self.head
        obj = view.objective
        if obj is None:
            head.update(Content(summary_next(view.total)))
            return
        facts = " · ".join(x for x in (obj.id, words.word(obj.kind), one_line(obj.team), one_line(obj.owner)) if x)
        head.update(Content.assemble((objective_of(view.number, view.total), "bold"), " · ", facts, "\n",
                                     (one_line(obj.title), "bold $primary")))
        p = view.progress
        self.progress.show("—" if p is None else f"{p:.0f}%", progress_word(p, view.expected))
        c = view.confidence
        self.confidence.show("—" if c is None else str(c), Content(_("not given")) if c is None
                             else Content.styled(f"/10 {words.word(confidence_band(c))}", "bold"))
        # A review has no timebox (ObjectiveView.clocks, as the rows layout's head).
        self.time.display = view.clocks
        self.time.show(*time_numbers(view.spent, view.timebox_minutes))
        self.set_class(view.clocks and view.spent > view.timebox_minutes * 60, "-over-time")
