"""Inline SVG charts drawn by ttdn (no library, no script): status by agency as stacked bars,
overdue tasks by section, deadlines by month through the year.

Every bar carries its numbers and words as text beside it, so that colour is never the only
carrier of meaning; each chart has a ``<title>`` and ``<desc>`` for screen readers. Sizes are
in the SVG's own units (``viewBox``): the chart scales to the width of the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

# Status keys in the order they are stacked, and their CSS class (colours in style.css).
STACK = ["done", "in_progress", "paused", "not_started", "cancelled"]


@dataclass
class Bar:
    """One labelled bar: its parts (key, value) and the words written beside it."""

    label: str
    parts: list[tuple[str, int]]
    text: str
    href: str | None = None


def _e(s: object) -> str:
    return escape(str(s), quote=True)


def _svg(cid: str, title: str, desc: str, width: int, height: int, body: list[str]) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{cid}-t {cid}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{cid}-t">{_e(title)}</title><desc id="{cid}-d">{_e(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def hbars(cid: str, title: str, desc: str, bars: list[Bar]) -> str:
    """Horizontal stacked bars, one per line: the label above the bar, the words beside it.

    Bars are scaled to the largest total."""
    width, bar_w, row_h = 440, 250, 40
    top = 4
    most = max((sum(v for _k, v in b.parts) for b in bars), default=0) or 1
    body: list[str] = []
    for i, b in enumerate(bars):
        y = top + i * row_h
        label = f'<text x="0" y="{y + 11}" class="lbl">{_e(b.label)}</text>'
        if b.href:
            label = f'<a href="{_e(b.href)}">{label}</a>'
        body.append(label)
        x = 0.0
        for key, v in b.parts:
            if not v:
                continue
            w = bar_w * v / most
            body.append(
                f'<rect x="{x:.1f}" y="{y + 15}" width="{w:.1f}" height="14" class="s-{key}"/>'
            )
            x += w
        if x == 0:
            body.append(f'<rect x="0" y="{y + 15}" width="1" height="14" class="s-none"/>')
        body.append(f'<text x="{x + 5:.1f}" y="{y + 27}" class="val">{_e(b.text)}</text>')
    height = top + len(bars) * row_h + 4
    return _svg(cid, title, desc, width, max(height, 20), body)


def columns(
    cid: str, title: str, desc: str, cols: list[tuple[str, int, int]], key_note: str
) -> str:
    """Vertical bars, one per column (label, total, of which done): the done part stacked at
    the bottom, the total written above each bar, ``key_note`` under the axis."""
    width, height, base, plot_h = 440, 230, 170, 140
    n = max(len(cols), 1)
    slot = width / n
    bar_w = slot * 0.6
    most = max((t for _l, t, _d in cols), default=0) or 1
    body = [f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" class="axis"/>']
    for i, (label, total, done) in enumerate(cols):
        x = i * slot + (slot - bar_w) / 2
        h = plot_h * total / most
        hd = plot_h * done / most
        if total:
            body.append(
                f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h - hd:.1f}" '
                'class="s-open"/>'
            )
        if done:
            body.append(
                f'<rect x="{x:.1f}" y="{base - hd:.1f}" width="{bar_w:.1f}" height="{hd:.1f}" '
                'class="s-done"/>'
            )
        cx = x + bar_w / 2
        body.append(
            f'<text x="{cx:.1f}" y="{base - h - 4:.1f}" class="val" text-anchor="middle">'
            f"{total}</text>"
        )
        body.append(
            f'<text x="{cx:.1f}" y="{base + 16}" class="lbl" text-anchor="middle">{_e(label)}</text>'
        )
    # the note wraps on two lines at most (SVG text does not wrap by itself)
    words, lines, line = key_note.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > 72:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    for i, text in enumerate(lines):
        body.append(f'<text x="0" y="{base + 36 + 14 * i}" class="note">{_e(text)}</text>')
    return _svg(cid, title, desc, width, height, body)
