"""The store's words as the screens show them: enum values (kind, bands, reasons, pace
status) stay English in the store and in JSON, and are translated only where shown."""

from __future__ import annotations

from tui.i18n import N_, _

WORDS = frozenset({
    N_("committed"), N_("aspirational"),  # Kind
    N_("certain"), N_("risky but likely"), N_("needs a breakthrough"), N_("hard"),  # confidence bands
    N_("strong"), N_("good"), N_("fair"), N_("bad"),  # grade bands
    N_("blocked"), N_("low confidence"), N_("confidence fell"), N_("behind pace"), N_("stalled"),  # reasons
    N_("done"), N_("on pace"),  # pace status ("behind pace" above)
})


def word(value: object) -> str:
    """``value`` (one of the store's English words, e.g. ``Band.CERTAIN``) in the chosen
    language; anything else as it is."""
    text = str(value)
    return _(text) if text in WORDS else text
