"""The saved / unsaved indicator: words and a symbol, never colour alone."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from tui.i18n import N_, _
from tui.widgets.format import clean
from tui.widgets.symbols import SYMBOLS

TEXTS = {
    "idle": N_("no changes yet"),  # until the first answer is saved (not the meeting record)
    "saving": N_("saving…"),
    "saved": N_("saved"),
    "failed": N_("save failed — retrying: "),
    "refused": N_("not saved: "),  # an answer the store refuses: not retried
}
MARKS = {"saving": SYMBOLS.busy, "saved": SYMBOLS.done, "failed": SYMBOLS.failed, "refused": SYMBOLS.failed}
# Styles in the content, not CSS classes: a class change restyles through the whole
# stylesheet, and the state changes twice on every keypress.
STYLES = {"idle": "", "saving": "$warning", "saved": "$success", "failed": "bold $text on $error",
          "refused": "bold $text on $error"}
WITH_ERROR = ("failed", "refused")


class SaveStatus(Static):
    """Shows ``state`` ("idle", "saving", "saved", "failed", "refused") and the last error."""

    # The texts but "failed" and "refused" have one width, so a keypress's saving/saved needs no new
    # layout; a failure's text is as long as its error, so going to or from it does.
    state: reactive[str] = reactive("idle")
    error: reactive[str] = reactive("", layout=True)

    def watch_state(self, old: str, new: str) -> None:
        if old in WITH_ERROR or new in WITH_ERROR:
            self.refresh(layout=True)

    def render(self) -> Content:
        text = _(TEXTS[self.state]) if self.state in TEXTS else ""
        if mark := MARKS.get(self.state):
            text = f"{mark} {text}"
        if self.state in WITH_ERROR:
            text += clean(self.error)
        width = max(cell_len(_(t)) + (cell_len(MARKS[state]) + 1 if state in MARKS else 0)
                    for state, t in TEXTS.items() if state not in WITH_ERROR)  # in cells: 保存中 is 6
        return Content.assemble(Content.styled(f" {text} ", STYLES.get(self.state, "")),
                                " " * (width - cell_len(text)))
