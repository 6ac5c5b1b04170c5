"""A member and a moderator ask what they can do here."""

from __future__ import annotations

from bot.sandbox.tour._stage import Stage


async def asking_for_help(stage: Stage) -> None:
    """A member and a moderator ask /help what they can do"""
    stage.step(stage.ani, "/help (in Indonesian: /bantuan)")
    reply = await stage.discord.slash(stage.ani, "help")
    shown = await stage.answer(reply)
    text = shown.embeds[0]["description"]
    stage.expect(shown.ephemeral, "only ani sees her help")
    stage.expect(stage.discord.mention("gig post") in text, "each command is a clickable mention")
    stage.expect("Sebagai moderator" not in text, "a member is not shown the moderators' commands")

    stage.step(stage.moderator, "/help")
    reply = await stage.discord.slash(stage.moderator, "help")
    text = (await stage.answer(reply)).embeds[0]["description"]
    stage.expect("As a moderator" in text, "a moderator is also shown what moderators do")
    stage.expect(stage.discord.mention("gigmod queue") in text, "with /gigmod queue to click")
