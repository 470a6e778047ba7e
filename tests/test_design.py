"""Colour contrast meets WCAG 2.2 AA in both themes (DESIGN.md), computed from the stylesheet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[1] / "src/toward/core/static/toward/toward.css").read_text()

# (foreground, background, minimum ratio): body text 4.5:1, UI components 3:1.
PAIRS = [
    ("--text", "--bg", 4.5),
    ("--text", "--surface", 4.5),
    ("--text", "--surface-soft", 4.5),
    ("--muted", "--bg", 4.5),
    ("--muted", "--surface", 4.5),
    ("--muted", "--surface-soft", 4.5),
    ("--accent-strong", "--bg", 4.5),
    ("--accent-strong", "--surface", 4.5),
    ("--accent-text", "--accent", 4.5),
    ("--danger-text", "--danger", 4.5),
    ("--danger", "--surface", 4.5),
    ("--danger", "--error-bg", 4.5),
    ("--text", "--success-bg", 4.5),
    ("--focus", "--bg", 3.0),
    ("--accent", "--surface", 3.0),
]


def _palette(block: str) -> dict[str, str]:
    return dict(re.findall(r"(--[a-z-]+):\s*(#[0-9a-fA-F]{6})", block))


def _themes() -> dict[str, dict[str, str]]:
    light = _palette(re.search(r":root \{(.*?)\}", CSS, re.S).group(1))
    dark = {
        **light,
        **_palette(re.search(r':root\[data-theme="dark"\] \{(.*?)\}', CSS, re.S).group(1)),
    }
    return {"light": light, "dark": dark}


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize(("fg", "bg", "minimum"), PAIRS)
def test_contrast(theme, fg, bg, minimum):
    palette = _themes()[theme]
    ratio = contrast(palette[fg], palette[bg])
    assert ratio >= minimum, f"{theme}: {fg} on {bg} is {ratio:.2f}:1"


def test_the_automatic_dark_theme_matches_the_manual_one():
    auto = re.search(r"prefers-color-scheme: dark\)\s*\{\s*:root[^{]*\{(.*?)\}", CSS, re.S).group(1)
    manual = re.search(r':root\[data-theme="dark"\] \{(.*?)\}', CSS, re.S).group(1)
    assert _palette(auto) == _palette(manual)
