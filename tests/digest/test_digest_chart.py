import asyncio
import io

from PIL import Image

from bot.digest.chart import MIN_PHONE_TEXT, PHONE_WIDTH, draw_chart, render_chart
from bot.digest.compose import SkillChart
from bot.digest.week import SkillDemand


def chart_of(count):
    skills = tuple(SkillDemand(f"Skill {n}", asked=count - n, offered=n) for n in range(count))
    return SkillChart("Keahlian pekan ini", "Dicari di gig", "Ditawarkan di profil", skills)


def image(png):
    return Image.open(io.BytesIO(png))


def test_the_chart_is_a_png_that_grows_with_the_number_of_skills():
    few, many = image(render_chart(chart_of(2))), image(render_chart(chart_of(10)))
    assert few.format == many.format == "PNG"
    assert few.width == many.width == 800
    assert many.height > few.height


async def test_charts_render_in_worker_threads_side_by_side():
    drawn = await asyncio.gather(*(asyncio.to_thread(render_chart, chart_of(n)) for n in (3, 6, 9)))
    heights = [image(png).height for png in drawn]
    assert heights == sorted(heights) and len(set(heights)) == 3


def test_the_chart_reads_on_a_phone_every_text_large_enough_at_phone_width():
    layout = draw_chart(chart_of(8))
    texts = [text for text in layout.texts if text.text]
    assert len(texts) > 8 + 2, "skill names, counts, the title and the legend are drawn"
    smallest = min(text.size for text in texts)  # pixels
    assert smallest * PHONE_WIDTH / layout.width >= MIN_PHONE_TEXT
    png = image(render_chart(chart_of(8)))
    assert (png.width, png.height) == (800, layout.height)


def test_both_series_are_shown_with_their_counts_even_when_nothing_is_offered():
    nothing_offered = tuple(SkillDemand(name, asked=1, offered=0) for name in ("Python", "SEO"))
    layout = draw_chart(SkillChart("Skills", "Asked for", "Offered", nothing_offered))
    shown = [text.text for text in layout.texts]
    assert "Asked for" in shown and "Offered" in shown
    assert shown.count("0") >= 2, "each skill's empty bar says 0"


def test_a_long_skill_name_is_cut_and_every_text_stays_inside_the_picture():
    long_name = SkillDemand("Copywriting and content strategy for brands " * 3, asked=5, offered=9)
    layout = draw_chart(
        SkillChart("Skills asked for this week " * 4, "Asked", "Offered", (long_name,))
    )
    name = next(text for text in layout.texts if text.anchor == "rm")
    assert name.text.endswith("…")
    assert all(
        0 <= text.x <= layout.width and 0 <= text.y <= layout.height for text in layout.texts
    )
    assert len([text for text in layout.texts if text.anchor == "la"]) > 1, "the title wraps"
