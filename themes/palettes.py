"""The app's themes. Status colours map to $success / $warning / $error, so a theme
decides what "good", "at risk" and "needs help" look like; words and symbols carry
the meaning too, so no theme has to be read by colour alone.

tests/test_contrast.py holds every theme to WCAG contrast (4.5:1 for text and status
words, 3:1 for bars) on each background it draws on, the selected row's included."""

import os
from dataclasses import replace

from textual.theme import Theme

from .names import DEFAULT_THEME, THEME_NAMES

SELECTED_VAR = "selected-row"  # the selected key result's background ($selected-row in app.tcss)

DARK = Theme(
    name="okr-dark",
    primary="#66ADF0",
    secondary="#2D5F8A",
    accent="#F0A030",
    warning="#F0A030",
    error="#FA7B7F",
    success="#4FB862",
    foreground="#E6E6E6",
    background="#15171A",
    surface="#1E2126",
    panel="#262A30",
    dark=True,
    variables={SELECTED_VAR: "#2A3542"},
)

LIGHT = Theme(
    name="okr-light",
    primary="#1F5FA8",
    secondary="#5B7FA6",
    accent="#8A4A00",
    warning="#8A4A00",
    error="#B3261E",
    success="#17692B",
    foreground="#1A1A1A",
    background="#FAFAF7",
    surface="#F0F0EB",
    panel="#E4E4DE",
    dark=False,
    variables={SELECTED_VAR: "#D6E2F0"},
)

# For projectors and TVs: pure black and white, saturated status colours, no tints
# that wash out in a bright room.
CONTRAST = Theme(
    name="okr-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF7777",
    success="#00FF66",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#333333",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={SELECTED_VAR: "#2A2A55"},
)

# Okabe-Ito sky blue / yellow and a lighter vermillion: apart in lightness and hue for
# red-green colour blindness (deuteranopia, protanopia), unlike green / red, and bright
# enough for text on a dark background (Okabe-Ito's dark blue and orange are not).
COLORBLIND = Theme(
    name="okr-colorblind",
    primary="#56B4E9",
    secondary="#0072B2",
    accent="#E69F00",
    warning="#F0E442",
    error="#F58A58",
    success="#56B4E9",
    foreground="#EDEDED",
    background="#17181B",
    surface="#202226",
    panel="#2A2C31",
    dark=True,
    variables={SELECTED_VAR: "#34363D"},
)

PALETTES: tuple[Theme, ...] = (DARK, LIGHT, CONTRAST, COLORBLIND)


def for_no_color(theme: Theme) -> Theme:
    """The theme under NO_COLOR: Textual draws every colour as a grey of its lightness,
    which made "⚠ needs help" (red) the dimmest text on screen. Status and accent colours
    become the body text's colour; the words, symbols and bold carry the status."""
    fg = theme.foreground
    return replace(theme, primary=fg, accent=fg, warning=fg, error=fg, success=fg)


# Chosen once at start, as Textual reads NO_COLOR once (set, whatever its value).
_NO_COLOR = os.environ.get("NO_COLOR") is not None
THEMES: dict[str, Theme] = {t.name: for_no_color(t) if _NO_COLOR else t for t in PALETTES}

__all__ = ["COLORBLIND", "CONTRAST", "DARK", "DEFAULT_THEME", "LIGHT", "PALETTES", "SELECTED_VAR", "THEMES",
           "THEME_NAMES", "for_no_color"]
