"""The admin sets up the hub."""

from __future__ import annotations

from bot.sandbox import Channel, Message, SandboxError
from bot.sandbox.channels import PINNED
from bot.sandbox.tour._stage import Stage


async def set_up_the_hub(stage: Stage) -> None:
    """An admin sets up the hub"""
    stage.step(stage.admin, "/hub setup: channels, language and time zone")  # guides on by default
    reply = await stage.discord.slash(
        stage.admin,
        "hub setup",
        gigs=stage.channel("gigs"),
        queue=stage.channel("gig-queue"),
        intros=stage.channel("introductions"),
        collab=stage.channel("collab"),
        pairs=stage.channel("partners"),
        digest=stage.channel("digest"),
        audit=stage.channel("audit-log"),
        language="id",
        timezone="Asia/Jakarta",
    )
    stage.show_reply(reply)
    stage.expect(reply.ephemeral, "the settings are shown only to the admin")
    await show_the_guides(stage)

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


def pinned_in(stage: Stage, channel: Channel) -> list[Message]:
    return [message for message in stage.discord.messages(channel) if message.pinned]


async def show_the_guides(stage: Stage) -> None:
    """Once set up, each feature channel has its guide pinned, in the hub's language."""
    for name in ("gigs", "introductions"):
        channel = stage.channel(name)
        await stage.discord.wait_until(lambda: bool(pinned_in(stage, channel)))  # noqa: B023
        [guide] = pinned_in(stage, channel)
        stage.show_message(guide, f"#{name} has this guide pinned")
        stage.expect(
            guide.pings.nobody and stage.discord.mention("help") in guide.content,
            f"the #{name} guide is pinned, in Indonesian, its commands a click away",
        )
    forum = stage.channel("collab")
    await stage.discord.wait_until(
        lambda: any(post.flags & PINNED for post in stage.discord.threads(forum))
    )
    [pinned] = [post for post in stage.discord.threads(forum) if post.flags & PINNED]
    stage.show_message(
        stage.discord.messages(pinned)[0], f"the #collab forum's pinned post, {pinned.name}"
    )
    stage.expect(
        stage.discord.mention("collab request") in stage.discord.messages(pinned)[0].content,
        "the forum's guide is its pinned post",
    )
