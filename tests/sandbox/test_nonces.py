"""Enforced nonces: a message sent again with the same nonce is the message Discord already
made, for a few minutes of Discord's clock, per author and channel; deleted since, it is not made
again."""

from datetime import timedelta
from typing import Any

import aiohttp
import discord

from bot.sandbox import Channel, Sandbox
from bot.sandbox.messages import NONCE_MEMORY

from .bots import MinimalBot


async def send(sandbox: Sandbox, channel: Channel, body: dict[str, Any]) -> tuple[int, Any]:
    """POST /channels/{id}/messages exactly as given: (status, answer)."""
    headers = {"Authorization": f"Bot {sandbox.token}"}
    url = f"{sandbox.api_base}/channels/{channel.id}/messages"
    async with aiohttp.ClientSession(headers=headers) as http, http.post(url, json=body) as answer:
        return answer.status, await answer.json()


def digest(nonce: str, *, enforce: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {"content": "Weekly digest", "nonce": nonce}
    if enforce:
        body["enforce_nonce"] = True
    return body


async def test_a_repeated_enforced_nonce_is_answered_with_the_first_message(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    general = hub.channel("general")

    first = await send(sandbox, general, digest("digest-w46"))
    again = await send(sandbox, general, digest("digest-w46"))

    assert first[0] == again[0] == 200
    assert first[1]["id"] == again[1]["id"]
    assert first[1]["nonce"] == "digest-w46"
    assert [message.id for message in sandbox.messages(general)] == [int(first[1]["id"])]


async def test_the_bot_gets_its_message_back_and_sees_it_created_once(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    general = hub.channel("general")
    bot = MinimalBot()

    async with sandbox.connect(bot):
        channel = bot.get_channel(general.id)
        assert isinstance(channel, discord.TextChannel)
        first = await channel.send("Weekly digest", nonce="digest-w46")  # enforced by discord.py
        again = await channel.send("Weekly digest", nonce="digest-w46")
        marker = await channel.send("after")
        await sandbox.wait_until(lambda: marker.id in bot.seen_messages)

    assert again.id == first.id and again.nonce == "digest-w46"
    assert bot.seen_messages == [first.id, marker.id]  # one MESSAGE_CREATE for the digest


async def test_a_direct_message_with_a_repeated_nonce_is_made_once(sandbox: Sandbox):
    alice = sandbox.add_guild("Hub").add_member("alice")
    dm = sandbox.world.dm_channel(alice.user)

    first = await send(sandbox, dm, digest("digest-w46-alice"))
    again = await send(sandbox, dm, digest("digest-w46-alice"))

    assert first[1]["id"] == again[1]["id"]
    assert len(sandbox.dms(alice)) == 1


async def test_without_enforce_nonce_the_same_nonce_makes_two_messages(sandbox: Sandbox):
    general = sandbox.add_guild("Hub").channel("general")

    first = await send(sandbox, general, digest("digest-w46", enforce=False))
    again = await send(sandbox, general, digest("digest-w46", enforce=False))

    assert first[1]["id"] != again[1]["id"]
    assert [m.nonce for m in sandbox.messages(general)] == ["digest-w46", "digest-w46"]


async def test_discord_forgets_a_nonce_once_its_memory_has_passed(sandbox: Sandbox):
    general = sandbox.add_guild("Hub").channel("general")

    first = await send(sandbox, general, digest("digest-w46"))
    sandbox.elapse(NONCE_MEMORY - timedelta(seconds=1))
    still_remembered = await send(sandbox, general, digest("digest-w46"))
    sandbox.elapse(timedelta(seconds=1))
    forgotten = await send(sandbox, general, digest("digest-w46"))

    assert still_remembered[1]["id"] == first[1]["id"]
    assert forgotten[1]["id"] != first[1]["id"]
    assert len(sandbox.messages(general)) == 2


async def test_the_same_nonce_in_another_channel_makes_a_message_there(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub", channels=["general", "digest"])
    general, digest_channel = hub.channel("general"), hub.channel("digest")

    here = await send(sandbox, general, digest("digest-w46"))
    there = await send(sandbox, digest_channel, digest("digest-w46"))

    assert here[1]["id"] != there[1]["id"]
    assert there[1]["channel_id"] == str(digest_channel.id)
    assert len(sandbox.messages(general)) == len(sandbox.messages(digest_channel)) == 1


async def test_a_message_deleted_since_is_not_made_again(sandbox: Sandbox):
    general = sandbox.add_guild("Hub").channel("general")
    headers = {"Authorization": f"Bot {sandbox.token}"}

    _, first = await send(sandbox, general, digest("digest-w46"))
    url = f"{sandbox.api_base}/channels/{general.id}/messages/{first['id']}"
    async with aiohttp.ClientSession(headers=headers) as http, http.delete(url) as deleted:
        assert deleted.status == 204
    retried = await send(sandbox, general, digest("digest-w46"))

    assert retried == (404, {"message": "Unknown Message", "code": 10008})
    assert sandbox.messages(general) == []
    [violation] = sandbox.take_violations()
    assert violation.code == 10008


async def test_a_message_read_back_carries_no_nonce_as_discord_keeps_none(sandbox: Sandbox):
    """A read-back after a crash cannot find its message by nonce: Discord echoes the nonce only
    in the answer to the send and in its MESSAGE_CREATE."""
    hub = sandbox.add_guild("Hub")
    general = hub.channel("general")
    bot = MinimalBot()

    async with sandbox.connect(bot):
        channel = bot.get_channel(general.id)
        assert isinstance(channel, discord.TextChannel)
        sent = await channel.send("Weekly digest", nonce="digest-w46")
        fetched = await channel.fetch_message(sent.id)
        history = [message async for message in channel.history(limit=5)]

    assert sent.nonce == "digest-w46"
    assert fetched.nonce is None
    assert [(message.id, message.nonce) for message in history] == [(sent.id, None)]
