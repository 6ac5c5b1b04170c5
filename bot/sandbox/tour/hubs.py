"""The admin sets up the hub."""

from __future__ import annotations

from bot.sandbox import SandboxError
from bot.sandbox.tour._stage import Stage


async def set_up_the_hub(stage: Stage) -> None:
    """An admin sets up the hub"""
    stage.step(stage.admin, "/hub setup: channels, language and time zone")
    reply = await stage.discord.slash(
        stage.admin,
        "hub setup",
        gigs=stage.channel("gigs"),
        queue=stage.channel("gig-queue"),
        intros=stage.channel("introductions"),
        collab=stage.channel("collab"),
        digest=stage.channel("digest"),
        audit=stage.channel("audit-log"),
        language="id",
        timezone="Asia/Jakarta",
    )
    stage.show_reply(reply)
    stage.expect(reply.ephemeral, "the settings are shown only to the admin")

    stage.step(stage.admin, "/hub role: the Moderators role curates gigs")
    moderators = stage.hub.role("Moderators")
    reply = await stage.discord.slash(
        stage.admin, "hub role", role=moderators, action="add", **{"as": "moderator"}
    )
    stage.show_reply(reply)
    listed = moderators.mention in reply.content + str(reply.embeds)
    stage.expect(listed, "the Moderators role now curates gigs")

    stage.step(stage.ani, "/hub show: a member looks for the admin's command")
    try:
        await stage.discord.slash(stage.ani, "hub show")
    except SandboxError:
        stage.expect(True, "members do not see /hub at all")
    else:
        stage.expect(False, "members do not see /hub at all")
