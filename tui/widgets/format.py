"""Small text helpers shared by the meeting widgets: bars, numbers, clocks."""

from __future__ import annotations

from store import KeyResult
from store.rules import confidence_band
from store.text import strip_controls

BAR_CELLS = 10


def clean(text: str) -> str:
    """User text for one line on screen: no control characters, tabs as spaces."""
    return " ".join(strip_controls(text).split())


def bar(progress: int | None, cells: int = BAR_CELLS) -> str:
    filled = 0 if progress is None else round(progress * cells / 100)
    return "█" * filled + "░" * (cells - filled)


def number(value: float) -> str:
    """12.0 → "12", 2.25 → "2.25": no float noise on screen."""
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def amount(kr: KeyResult, progress: int | None, value: float | None) -> str:
    """"40%", or for a metric "12 h (55%)"."""
    if progress is None:
        return "—"
    if kr.is_metric and value is not None:
        unit = f" {clean(kr.unit)}" if kr.unit else ""
        return f"{number(value)}{unit} ({progress}%)"
    return f"{progress}%"


def confidence_text(confidence: int | None) -> str:
    if confidence is None:
        return "—"
    return f"{confidence}/10 {confidence_band(confidence)}"


def clock(seconds: float) -> str:
    """mm:ss (or h:mm:ss past an hour)."""
    total = int(max(0, seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
