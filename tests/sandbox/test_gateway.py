"""The gateway's rules: privileged intents are refused, and events go where intents allow."""

import discord
import pytest

from bot.sandbox import Sandbox

from .bots import MinimalBot


async def test_asking_for_the_members_intent_is_refused_like_discord_does(sandbox: Sandbox):
    sandbox.add_guild("Hub")
    intents = discord.Intents.default()
    intents.members = True

    with pytest.raises(discord.PrivilegedIntentsRequired):
        async with sandbox.connect(MinimalBot(intents=intents)):
            pass

    [violation] = sandbox.take_violations()
    assert (violation.path, violation.status) == ("IDENTIFY", 4014)


async def test_a_wrong_token_is_refused_at_login(sandbox: Sandbox):
    with pytest.raises(discord.LoginFailure):
        async with sandbox.connect(MinimalBot(), token="not-the-sandbox-token"):
            pass

    [violation] = sandbox.take_violations()
    assert (violation.path, violation.status) == ("/users/@me", 401)


async def test_channels_and_roles_added_while_connected_reach_the_bots_cache(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")

    async with sandbox.connect(MinimalBot()) as bot:
        forum = hub.add_channel("intros", forum=True, tags=["python"])
        role = hub.add_role("Mentors")
        guild = bot.get_guild(hub.id)
        assert guild is not None
        await sandbox.wait_until(lambda: guild.get_channel(forum.id) is not None)
        await sandbox.wait_until(lambda: guild.get_role(role.id) is not None)
        cached = guild.get_channel(forum.id)

    assert isinstance(cached, discord.ForumChannel)
    assert [tag.name for tag in cached.available_tags] == ["python"]


async def test_heartbeats_are_acknowledged(sandbox: Sandbox):
    sandbox.add_guild("Hub")

    async with sandbox.connect(MinimalBot()) as bot:
        await sandbox.wait_until(lambda: bot.latency < 1)

    assert bot.latency >= 0
