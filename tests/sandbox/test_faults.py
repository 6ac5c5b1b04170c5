"""Faults on demand: rate limits, server errors, refusals and delays, as discord.py meets them."""

import aiohttp
import discord
import pytest

from bot.sandbox import Sandbox, faults

from .bots import MinimalBot


def sending_bot() -> MinimalBot:
    bot = MinimalBot()

    @bot.tree.command(description="Post in this channel")
    async def post(interaction: discord.Interaction) -> None:
        assert isinstance(interaction.channel, discord.TextChannel)
        await interaction.response.defer(ephemeral=True)
        try:
            await interaction.channel.send("New gig")
        except discord.HTTPException as refused:
            await interaction.followup.send(f"refused {refused.status} {refused.code}")
        else:
            await interaction.followup.send("posted")

    return bot


async def test_a_rate_limit_is_waited_out_by_discord_py(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")
    limited = sandbox.inject(
        "POST /channels/{channel_id}/messages", faults.rate_limited(0.01), times=2
    )

    async with sandbox.connect(sending_bot()):
        reply = await sandbox.slash(alice, "post")
        result = await reply.wait_followup()

    assert result.content == "posted"
    assert (limited.served, limited.remaining) == (2, 0)
    statuses = [e.status for e in sandbox.exchanges if e.method == "POST" and "/messages" in e.path]
    assert statuses == [429, 429, 200]
    assert [message.content for message in sandbox.messages(hub.channel("general"))] == ["New gig"]
    assert sandbox.violations == []


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (faults.missing_permissions(), "refused 403 50013"),
        (faults.cannot_message_user(), "refused 403 50007"),
    ],
)
async def test_an_injected_refusal_reaches_the_bot(sandbox: Sandbox, fault, expected):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")
    sandbox.inject("POST /channels/*/messages", fault)

    async with sandbox.connect(sending_bot()):
        reply = await sandbox.slash(alice, "post")
        result = await reply.wait_followup()

    assert result.content == expected
    assert sandbox.messages(hub.channel("general")) == []


async def test_server_errors_and_delays_are_served_as_asked(sandbox: Sandbox):
    sandbox.inject("GET /users/@me", faults.server_error(502))
    sandbox.inject("GET /gateway/bot", faults.delay(0.01))
    headers = {"Authorization": f"Bot {sandbox.token}"}

    async with aiohttp.ClientSession(headers=headers) as http:
        async with http.get(f"{sandbox.api_base}/users/@me") as failing:
            assert failing.status == 502
        async with http.get(f"{sandbox.api_base}/users/@me") as recovered:
            assert recovered.status == 200
        async with http.get(f"{sandbox.api_base}/gateway/bot") as late:
            assert (await late.json())["url"] == sandbox.gateway_url

    assert [exchange.fault for exchange in sandbox.exchanges] == ["server error 502", None, None]
