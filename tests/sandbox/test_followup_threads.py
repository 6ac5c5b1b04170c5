"""Interaction follow-ups ignore `thread_id`, as Discord documents ("Create Followup Message": the
`thread_id` parameter is not supported for interaction follow-ups): a follow-up aimed at a thread
lands in the channel the interaction came from."""

import discord

from bot.sandbox import Sandbox

from .bots import MinimalBot


async def test_a_follow_up_aimed_at_a_thread_lands_in_the_interactions_channel(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")
    general = hub.channel("general")
    bot = MinimalBot()

    @bot.tree.command(description="Open a discussion")
    async def discuss(interaction: discord.Interaction) -> None:
        assert isinstance(interaction.channel, discord.TextChannel)
        thread = await interaction.channel.create_thread(
            name="talk", type=discord.ChannelType.public_thread
        )
        await interaction.response.send_message("Opened a thread")
        await interaction.followup.send("Continue here", thread=thread)

    async with sandbox.connect(bot):
        reply = await sandbox.slash(alice, "discuss")
        followup = await reply.wait_followup()

    [thread] = sandbox.threads(general)
    assert followup.content == "Continue here" and followup.channel is general
    assert sandbox.messages(thread) == []
    assert followup in sandbox.messages(general)
