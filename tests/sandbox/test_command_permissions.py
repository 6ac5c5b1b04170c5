"""Command permission overrides as Server Settings -> Integrations makes them: they open a command
to members its default member permissions hide, or close it, and the bot is not told."""

import discord
import pytest
from discord import app_commands

from bot.sandbox import Sandbox, SandboxError

from .bots import MinimalBot


def admin_bot() -> MinimalBot:
    bot = MinimalBot()

    @bot.tree.command(description="Set the hub up")
    @app_commands.default_permissions(manage_guild=True)
    async def setup(interaction: discord.Interaction) -> None:
        assert isinstance(interaction.user, discord.Member)
        allowed = interaction.user.guild_permissions.manage_guild
        await interaction.response.send_message("set up" if allowed else "not for you")

    return bot


async def test_an_override_for_everyone_lets_a_member_reach_the_bot_which_still_decides(
    sandbox: Sandbox,
):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")
    async with sandbox.connect(admin_bot()):
        with pytest.raises(SandboxError, match="does not see /setup"):
            await sandbox.slash(alice, "setup")
        hub.override_command("setup", hub.everyone, allow=True)
        opened = await sandbox.slash(alice, "setup")
        hub.override_command("setup", hub.everyone, allow=None)
        with pytest.raises(SandboxError, match="does not see /setup"):
            await sandbox.slash(alice, "setup")

    assert opened.content == "not for you"


async def test_a_members_override_beats_their_roles_and_theirs_beat_everyones(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub", roles=["Guests"])
    alice = hub.add_member("alice", roles=["Guests"])
    bob = hub.add_member("bob", roles=["Guests"])
    carol = hub.add_member("carol")
    hub.override_command("setup", hub.everyone, allow=True)
    hub.override_command("setup", hub.role("Guests"), allow=False)
    hub.override_command("setup", bob, allow=True)
    async with sandbox.connect(admin_bot()):
        with pytest.raises(SandboxError, match="an override denies it"):
            await sandbox.slash(alice, "setup")
        by_bob = await sandbox.slash(bob, "setup")
        by_carol = await sandbox.slash(carol, "setup")

    assert by_bob.content == by_carol.content == "not for you"


async def test_a_channel_denied_hides_the_command_there_even_from_its_admins(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub", channels=["general", "lounge"])
    ana = hub.add_member("ana", permissions=discord.Permissions(manage_guild=True))
    hub.override_command("setup", hub.channel("lounge"), allow=False)
    async with sandbox.connect(admin_bot()):
        with pytest.raises(SandboxError, match="an override denies it"):
            await sandbox.slash(ana.at(hub.channel("lounge")), "setup")
        in_general = await sandbox.slash(ana.at(hub.channel("general")), "setup")

    assert in_general.content == "set up"
