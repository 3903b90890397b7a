"""The saved / unsaved indicator: words and a symbol, never colour alone."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from tui.widgets.format import clean

TEXTS = {
    "idle": "answers save as you give them",
    "saving": "● saving…",
    "saved": "✓ saved",
    "failed": "✗ save failed — retrying: ",
}
WIDTH = max(len(text) for state, text in TEXTS.items() if state != "failed")
# Styles in the content, not CSS classes: a class change restyles through the whole
# stylesheet, and the state changes twice on every keypress.
STYLES = {"idle": "", "saving": "$warning", "saved": "$success", "failed": "bold $text on $error"}


class SaveStatus(Static):
    """Shows ``state`` ("idle", "saving", "saved", "failed") and the last error."""

    # The texts but "failed" have one width, so a keypress's saving/saved needs no new
    # layout; a failure's text is as long as its error, so going to or from it does.
    state: reactive[str] = reactive("idle")
    error: reactive[str] = reactive("", layout=True)

    def watch_state(self, old: str, new: str) -> None:
        if "failed" in (old, new):
            self.refresh(layout=True)

    def render(self) -> Content:
        text = TEXTS.get(self.state, "")
        if self.state == "failed":
            text += clean(self.error)
        return Content.assemble(Content.styled(f" {text} ", STYLES.get(self.state, "")),
                                " " * (WIDTH - len(text)))
