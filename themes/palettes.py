"""The app's themes. Status colours map to $success / $warning / $error, so a theme
decides what "good", "at risk" and "needs help" look like; words and symbols carry
the meaning too, so no theme has to be read by colour alone."""

from textual.theme import Theme

from .names import DEFAULT_THEME, THEME_NAMES

DARK = Theme(
    name="okr-dark",
    primary="#4C9BE8",
    secondary="#2D5F8A",
    accent="#F0A030",
    warning="#F0A030",
    error="#E5484D",
    success="#46A758",
    foreground="#E6E6E6",
    background="#15171A",
    surface="#1E2126",
    panel="#262A30",
    dark=True,
)

LIGHT = Theme(
    name="okr-light",
    primary="#1F5FA8",
    secondary="#5B7FA6",
    accent="#A85A00",
    warning="#A85A00",
    error="#B3261E",
    success="#1E7B34",
    foreground="#1A1A1A",
    background="#FAFAF7",
    surface="#F0F0EB",
    panel="#E4E4DE",
    dark=False,
)

# For projectors and TVs: pure black and white, saturated status colours, no tints
# that wash out in a bright room.
CONTRAST = Theme(
    name="okr-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF5555",
    success="#00FF66",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#333333",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
)

# Okabe-Ito colours: blue / orange / vermillion stay apart for red-green colour
# blindness (deuteranopia, protanopia), unlike green / red.
COLORBLIND = Theme(
    name="okr-colorblind",
    primary="#56B4E9",
    secondary="#0072B2",
    accent="#E69F00",
    warning="#E69F00",
    error="#D55E00",
    success="#0072B2",
    foreground="#EDEDED",
    background="#17181B",
    surface="#202226",
    panel="#2A2C31",
    dark=True,
)

THEMES: dict[str, Theme] = {t.name: t for t in (DARK, LIGHT, CONTRAST, COLORBLIND)}

__all__ = ["COLORBLIND", "CONTRAST", "DARK", "DEFAULT_THEME", "LIGHT", "THEMES", "THEME_NAMES"]
