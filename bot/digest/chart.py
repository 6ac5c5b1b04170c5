"""The digest's picture: skills asked for in the week's gigs against skills offered in profiles.

Laid out here as plain boxes and texts (`draw_chart`), then painted with Pillow (`render_chart`):
a few milliseconds and no plotting library in the bot's memory (matplotlib took ≈ 45 MB and
150–250 ms a chart). Meant to run in a worker thread: `await asyncio.to_thread(render_chart, c)`.

Made to be read on a phone, where Discord shows an image about PHONE_WIDTH pixels wide: the text
is large enough to stay at least MIN_PHONE_TEXT pixels tall at that width. Both series are always
drawn and every bar carries its count, so a week where nothing is offered still shows "0". The
font is the sans-serif one Pillow carries (Aileron): Latin letters, as the catalogs' languages
and the shipped skills use; a hub's own skill named in another script shows boxes for it.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from bot.digest.compose import SkillChart
from bot.digest.week import SkillDemand

ASKED_COLOUR = "#3BA99C"
OFFERED_COLOUR = "#9AA5B1"
TEXT_COLOUR = "#1F2328"
AXIS_COLOUR = "#6E7781"
BACKGROUND = "#FFFFFF"
WIDTH = 800  # pixels
PHONE_WIDTH = 360  # pixels: the width Discord gives an image on a phone held upright
MIN_PHONE_TEXT = 8  # pixels
TEXT_SIZE = 24  # pixels, for the skills, counts and legend (10.8 px at phone width)
TITLE_SIZE = 28
MARGIN = 24
BAR = 28  # one bar's thickness; a skill's two bars sit together, then a gap
ROW_GAP = 26
LABEL_SHARE = 0.4  # of the width, at most, for the skill names
SWATCH = 20

_painting = threading.Lock()  # Pillow's fonts are shared by the threads that draw


@dataclass(frozen=True)
class Box:
    """A filled rectangle: the bars and the legend's swatches."""

    left: float
    top: float
    right: float
    bottom: float
    colour: str


@dataclass(frozen=True)
class Text:
    """A line of text, `anchor` as Pillow reads it ("lm": its left edge at x, middle at y)."""

    text: str
    x: float
    y: float
    size: int
    anchor: str


@dataclass(frozen=True)
class ChartLayout:
    width: int
    height: int
    boxes: tuple[Box, ...]
    texts: tuple[Text, ...]
    axis: tuple[float, float, float]  # the bars' base line: x, top, bottom


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    font = ImageFont.load_default(size)
    assert isinstance(font, ImageFont.FreeTypeFont), "Pillow is built with FreeType"
    return font


def _width(text: str, size: int) -> float:
    return _font(size).getlength(text)


def _fitted(text: str, size: int, room: float) -> str:
    """The text cut with an ellipsis to fit `room` pixels."""
    if _width(text, size) <= room:
        return text
    while text and _width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _wrapped(text: str, size: int, room: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and _width(f"{lines[-1]} {word}", size) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(_fitted(word, size, room))
    return lines or [""]


def load_drawing_library() -> None:
    """Load the fonts and draw once, in a worker thread once the bot is ready, so that the first
    digest does not pay for it."""
    render_chart(SkillChart("warm-up", "asked", "offered", (SkillDemand("warm-up", 1, 1),)))


def draw_chart(chart: SkillChart) -> ChartLayout:
    """Horizontal bar pairs, one pair per skill, in the order the chart lists them: the title
    above, the skills' names on the left, each bar's count after it, the legend below."""
    texts: list[Text] = []
    boxes: list[Box] = []
    y = float(MARGIN)
    for line in _wrapped(chart.title, TITLE_SIZE, WIDTH - 2 * MARGIN):
        texts.append(Text(line, MARGIN, y, TITLE_SIZE, "la"))
        y += TITLE_SIZE * 1.25
    y += ROW_GAP / 2
    names = [_fitted(skill.skill, TEXT_SIZE, WIDTH * LABEL_SHARE) for skill in chart.skills]
    counts = [count for skill in chart.skills for count in (skill.asked, skill.offered)]
    base = MARGIN + max((_width(name, TEXT_SIZE) for name in names), default=0) + 12
    room_for_count = max(_width(str(count), TEXT_SIZE) for count in [*counts, 0]) + 12
    longest = WIDTH - MARGIN - room_for_count - base
    most = max([*counts, 1])
    top = y
    for name, skill in zip(names, chart.skills, strict=True):
        texts.append(Text(name, base - 12, y + BAR, TEXT_SIZE, "rm"))
        for count, colour in ((skill.asked, ASKED_COLOUR), (skill.offered, OFFERED_COLOUR)):
            end = base + longest * count / most
            if count:
                boxes.append(Box(base, y, end, y + BAR, colour))
            texts.append(Text(str(count), end + 6, y + BAR / 2, TEXT_SIZE, "lm"))
            y += BAR
        y += ROW_GAP
    axis = (base, top - ROW_GAP / 2, y - ROW_GAP / 2)
    for label, colour in ((chart.asked_label, ASKED_COLOUR), (chart.offered_label, OFFERED_COLOUR)):
        label = _fitted(label, TEXT_SIZE, WIDTH - 2 * MARGIN - SWATCH - 10)
        left = (WIDTH - SWATCH - 10 - _width(label, TEXT_SIZE)) / 2
        middle = y + TEXT_SIZE / 2
        boxes.append(Box(left, middle - SWATCH / 2, left + SWATCH, middle + SWATCH / 2, colour))
        texts.append(Text(label, left + SWATCH + 10, middle, TEXT_SIZE, "lm"))
        y += TEXT_SIZE * 1.5
    return ChartLayout(WIDTH, round(y + MARGIN), tuple(boxes), tuple(texts), axis)


def render_chart(chart: SkillChart) -> bytes:
    """The chart as a PNG."""
    layout = draw_chart(chart)
    with _painting:
        image = Image.new("RGB", (layout.width, layout.height), BACKGROUND)
        pen = ImageDraw.Draw(image)
        for box in layout.boxes:
            pen.rectangle((box.left, box.top, box.right, box.bottom), fill=box.colour)
        x, top, bottom = layout.axis
        pen.line((x, top, x, bottom), fill=AXIS_COLOUR, width=2)
        for text in layout.texts:
            pen.text(
                (text.x, text.y), text.text, font=_font(text.size), fill=TEXT_COLOUR,
                anchor=text.anchor,
            )  # fmt: skip
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
