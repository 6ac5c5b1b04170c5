"""The weekly opportunity digest."""

from __future__ import annotations

from bot.i18n import t
from bot.sandbox.tour._stage import Stage


async def weekly_digest(stage: Stage) -> None:
    """The weekly opportunity digest"""
    digest = stage.channel("digest")

    stage.step(stage.ani, "/digest subscribe")
    await stage.answer(await stage.discord.slash(stage.ani, "digest subscribe"))

    stage.step(stage.moderator, "/digest now")
    await stage.answer(await stage.discord.slash(stage.moderator, "digest now"))
    await stage.discord.wait_until(lambda: bool(stage.discord.messages(digest)))
    posted = stage.discord.messages(digest)
    for message in posted:
        stage.show_message(message, "#digest shows everyone")
    charts = [a for message in posted for a in message.attachments if a.filename.endswith(".png")]
    stage.expect(len(charts) == 1, "the digest carries its chart")
    counted = t("id", "digest.count_posted", count=1)
    stage.expect(any(counted in m.text for m in posted), "the digest counts the tour's gig")
    stage.expect(all(message.pings.nobody for message in posted), "the digest pings nobody")
    if charts:
        stage.output_dir.mkdir(parents=True, exist_ok=True)
        chart_file = stage.output_dir / "digest-chart.png"
        chart_file.write_bytes(charts[0].data)
        stage.say(f"  the chart is saved at {chart_file}")
