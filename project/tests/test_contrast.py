"""Every text colour in the stylesheet is readable on its background, light and dark.

The palette is a handful of custom properties on :root, redefined for dark
mode; checking them here keeps WCAG AA (a contrast ratio of at least 4.5:1
for body text) from drifting when someone nudges a colour.
"""

import re
from pathlib import Path

import pytest

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "css" / "daybook.css"
AA = 4.5
# (text, background): every pairing the stylesheet puts text in.
PAIRS = [
    ("ink", "paper"),
    ("ink", "card"),
    ("muted", "paper"),
    ("muted", "card"),
    ("accent", "paper"),
    ("accent", "card"),
    ("accent-ink", "accent"),
    ("danger", "paper"),
    ("danger", "card"),
    # button.danger: color var(--card) on background var(--danger).
    ("card", "danger"),
    # .badge.muted on the account pages: "not confirmed".
    ("ink", "line"),
]
PROPERTY = re.compile(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;")


def palettes():
    """The light palette (the first :root) and the dark one (:root inside the dark media query)."""
    css = STYLESHEET.read_text()
    light = re.search(r"^:root\s*\{(.*?)\}", css, re.MULTILINE | re.DOTALL)[1]
    dark = re.search(
        r"@media \(prefers-color-scheme: dark\)\s*\{\s*:root\s*\{(.*?)\}", css, re.DOTALL
    )[1]
    return {"light": dict(PROPERTY.findall(light)), "dark": dict(PROPERTY.findall(dark))}


def luminance(colour):
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    red, green, blue = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one, other):
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_follows_the_wcag_formula():
    """Black on white is 21:1 and a colour on itself is 1:1, as WCAG defines them."""
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#5c5750", "#5c5750") == 1


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_text_colours_pass_wcag_aa_on_their_backgrounds(scheme, text, background):
    """Each text colour reads at 4.5:1 or better on each background it is used on."""
    palette = palettes()[scheme]
    ratio = contrast(palette[text], palette[background])
    assert ratio >= AA, f"{scheme}: --{text} on --{background} is only {ratio:.2f}:1"
