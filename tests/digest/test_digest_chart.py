import asyncio
import io

from PIL import Image

from bot.digest.chart import render_chart
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
