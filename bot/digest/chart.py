"""The digest's picture: skills asked for in the week's gigs against skills offered in profiles.

Drawn with matplotlib's Agg canvas on a Figure of its own (no pyplot, so no global state) and
meant to run in a worker thread: `await asyncio.to_thread(render_chart, chart)`.
"""

from __future__ import annotations

import io

from bot.digest.compose import SkillChart

ASKED_COLOUR = "#3BA99C"
OFFERED_COLOUR = "#9AA5B1"
BAR_HEIGHT = 0.38


def render_chart(chart: SkillChart) -> bytes:
    """A PNG of horizontal bar pairs, one pair per skill, the most asked-for on top."""
    # Imported here: matplotlib takes seconds and tens of megabytes to load, and the bot draws
    # a chart once a week; it is loaded by the first digest rather than by every start.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    names = [skill.skill for skill in chart.skills]
    rows = range(len(names))
    figure = Figure(figsize=(8, 1.2 + 0.5 * len(names)), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.barh(
        [row - BAR_HEIGHT / 2 for row in rows],
        [skill.asked for skill in chart.skills],
        height=BAR_HEIGHT,
        color=ASKED_COLOUR,
        label=chart.asked_label,
    )
    axes.barh(
        [row + BAR_HEIGHT / 2 for row in rows],
        [skill.offered for skill in chart.skills],
        height=BAR_HEIGHT,
        color=OFFERED_COLOUR,
        label=chart.offered_label,
    )
    axes.set_yticks(list(rows), labels=names)
    axes.invert_yaxis()
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(chart.title, loc="left")
    figure.legend(loc="outside lower center", ncols=2, frameon=False)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
