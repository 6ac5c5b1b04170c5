"""The digest's picture: skills asked for in the week's gigs against skills offered in profiles.

Drawn with matplotlib's Agg canvas on a Figure of its own (no pyplot, so no global state) and
meant to run in a worker thread: `await asyncio.to_thread(render_chart, chart)`.

Made to be read on a phone, where Discord shows an image about PHONE_WIDTH pixels wide: the text
is large enough to stay at least MIN_PHONE_TEXT pixels tall at that width. Both series are always
drawn and every bar carries its count, so a week where nothing is offered still shows "0".
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from bot.digest.compose import SkillChart
from bot.digest.week import SkillDemand

if TYPE_CHECKING:
    from matplotlib.figure import Figure

ASKED_COLOUR = "#3BA99C"
OFFERED_COLOUR = "#9AA5B1"
BAR_HEIGHT = 0.38
WIDTH_INCHES, DPI = 8, 100
PHONE_WIDTH = 360  # pixels: the width Discord gives an image on a phone held upright
MIN_PHONE_TEXT = 8  # pixels
TEXT_SIZE = 17  # points, for the skills, counts and legend; the title a little larger


def load_drawing_library() -> None:
    """Load matplotlib and draw once (about a second: imports, fonts, the PNG writer), in a worker
    thread once the bot is ready, so that a digest does not wait for it."""
    render_chart(SkillChart("warm-up", "asked", "offered", (SkillDemand("warm-up", 1, 1),)))


def draw_chart(chart: SkillChart) -> Figure:
    """Horizontal bar pairs, one pair per skill, in the order the chart lists them."""
    # Imported here, not by every importer of this module: see `load_drawing_library`.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    names = [skill.skill for skill in chart.skills]
    rows = range(len(names))
    height = 2.4 + 0.9 * len(names)
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    for offset, counts, colour, label in (
        (-BAR_HEIGHT / 2, [s.asked for s in chart.skills], ASKED_COLOUR, chart.asked_label),
        (BAR_HEIGHT / 2, [s.offered for s in chart.skills], OFFERED_COLOUR, chart.offered_label),
    ):
        bars = axes.barh(
            [row + offset for row in rows], counts, height=BAR_HEIGHT, color=colour, label=label
        )
        axes.bar_label(bars, padding=4, fontsize=TEXT_SIZE)
    axes.set_yticks(list(rows), labels=names, fontsize=TEXT_SIZE)
    axes.invert_yaxis()
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(axis="x", labelsize=TEXT_SIZE)
    axes.margins(x=0.15)  # room for the counts after the longest bar
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(chart.title, loc="left", fontsize=TEXT_SIZE + 2, wrap=True)
    figure.legend(loc="outside lower center", ncols=1, frameon=False, fontsize=TEXT_SIZE)
    return figure


def render_chart(chart: SkillChart) -> bytes:
    """The chart as a PNG."""
    out = io.BytesIO()
    draw_chart(chart).savefig(out, format="png")
    return out.getvalue()
