"""Every theme reads: WCAG 2.x contrast of text and status colours against each background
they are drawn on, and the colour-blind theme's status colours stay apart for red-green
colour blindness.

WCAG 2.1 (1.4.3, 1.4.11): 4.5:1 for text, 3:1 for graphics that carry meaning (bars,
markers, symbols). Status words are text, so the status colours must meet 4.5:1 too.

Colour blindness is simulated with Machado, Oliveira & Fernandes (2009), "A Physiologically-
based Model for Simulation of Color Vision Deficiency", severity 1.0 matrices, applied to
linear sRGB. Distances are CIE76 ΔE in CIELAB (D65). ΔE 2.3 is a just-noticeable difference
for large patches side by side; a status colour is one character cell, seen apart from the
others and often through a projector that washes colours out, so we ask for a distance of
20: about what separates colours that are named differently (not two shades of one hue).
"""

from __future__ import annotations

import itertools

import pytest
from textual.color import Color
from textual.theme import Theme

from themes.palettes import COLORBLIND, PALETTES, SELECTED_VAR, THEMES, for_no_color

TEXT_MIN = 4.5
GRAPHIC_MIN = 3.0
DELTA_E_MIN = 20.0

STATUS = ("success", "warning", "error")
TEXT_COLOURS = ("foreground", "text-muted", "primary", "accent", *STATUS)
BACKGROUNDS = ("background", "surface", "panel", SELECTED_VAR)

PROTANOPIA = ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998))
DEUTERANOPIA = ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881))


def _linear(channel: int) -> float:
    v = channel / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def luminance(c: Color) -> float:
    r, g, b = (_linear(x) for x in (c.r, c.g, c.b))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colours(theme: Theme) -> dict[str, Color]:
    """The theme's colours as the app draws them; "auto 60%" (text-muted) is resolved
    the way Textual does: the background's contrasting text blended in at 60%."""
    variables = {**theme.to_color_system().generate(), **theme.variables}  # as App.get_css_variables
    out = {name: Color.parse(variables[name]) for name in ("foreground", "primary", "accent", *STATUS, *BACKGROUNDS)}
    background = out["background"]
    out["text-muted"] = background + background.get_contrast_text(0.6)
    return out


def _lab(linear_rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = linear_rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def simulate(matrix: tuple[tuple[float, ...], ...] | None, c: Color) -> tuple[float, float, float]:
    rgb = (_linear(c.r), _linear(c.g), _linear(c.b))
    if matrix is None:
        return rgb
    out = tuple(min(1.0, max(0.0, sum(m * v for m, v in zip(row, rgb)))) for row in matrix)
    return out  # type: ignore[return-value]


def delta_e(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    return sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b))) ** 0.5


def test_the_formulas_match_published_values() -> None:
    assert contrast(Color.parse("#000000"), Color.parse("#FFFFFF")) == pytest.approx(21.0)
    assert contrast(Color.parse("#767676"), Color.parse("#FFFFFF")) == pytest.approx(4.54, abs=0.01)
    assert delta_e(simulate(None, Color.parse("#FF0000")), simulate(None, Color.parse("#00FF00"))) > 100
    # A protanope cannot tell red from a dark yellow-green that a trichromat sees far apart.
    red, olive = Color.parse("#FF0000"), Color.parse("#8F8100")
    assert delta_e(simulate(None, red), simulate(None, olive)) > 50
    assert delta_e(simulate(PROTANOPIA, red), simulate(PROTANOPIA, olive)) < 20


@pytest.mark.parametrize("theme", PALETTES, ids=lambda t: t.name)
def test_text_and_status_colours_meet_wcag_on_every_background(theme: Theme) -> None:
    c = colours(theme)
    failures = [f"{fg} on {bg}: {contrast(c[fg], c[bg]):.2f}"
                for fg in TEXT_COLOURS for bg in BACKGROUNDS if contrast(c[fg], c[bg]) < TEXT_MIN]
    assert not failures, f"{theme.name} below {TEXT_MIN}:1 — " + "; ".join(failures)


@pytest.mark.parametrize("theme", PALETTES, ids=lambda t: t.name)
def test_bars_and_markers_meet_the_graphics_minimum(theme: Theme) -> None:
    """A bar's filled part (a status colour) and its empty track (text-muted) both show
    against the background and against each other."""
    c = colours(theme)
    for status in STATUS:
        for bg in BACKGROUNDS:
            assert contrast(c[status], c[bg]) >= GRAPHIC_MIN, (theme.name, status, bg)
    for bg in BACKGROUNDS:
        assert contrast(c["text-muted"], c[bg]) >= GRAPHIC_MIN, (theme.name, bg)


@pytest.mark.parametrize("theme", PALETTES, ids=lambda t: t.name)
def test_the_selected_row_is_a_visible_band(theme: Theme) -> None:
    """The selected key result's background differs from the screen's in lightness, not
    only hue (a projector keeps lightness best)."""
    c = colours(theme)
    assert abs(luminance(c[SELECTED_VAR]) - luminance(c["background"])) > 0.02, theme.name


@pytest.mark.parametrize(("vision", "matrix"), [("normal", None), ("deuteranopia", DEUTERANOPIA),
                                                ("protanopia", PROTANOPIA)])
def test_colour_blind_theme_keeps_status_colours_apart(vision: str, matrix: tuple | None) -> None:
    c = colours(COLORBLIND)
    for a, b in itertools.combinations(STATUS, 2):
        distance = delta_e(simulate(matrix, c[a]), simulate(matrix, c[b]))
        assert distance >= DELTA_E_MIN, f"{a} / {b} under {vision}: ΔE {distance:.1f}"


def test_no_color_status_words_are_as_strong_as_body_text() -> None:
    """NO_COLOR turns every colour into a grey of its luminance: the status colours then
    become the body text's colour (bold and the words carry the status)."""
    for theme in PALETTES:
        plain = for_no_color(theme)
        c = colours(plain)
        body = contrast(c["foreground"], c["background"])
        for status in STATUS:
            assert contrast(c[status], c["background"]) >= body - 1e-6, (theme.name, status)


def test_every_theme_is_checked() -> None:
    assert {t.name for t in PALETTES} == set(THEMES)
