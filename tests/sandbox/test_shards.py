"""The sandbox shards as Discord does: a session gets the guilds and events of its shard only,
DMs go to shard 0, a bad shard pair is refused with 4010, and one shard can lose its connection
while the others stay."""

import json

import aiohttp
import pytest

from bot.sandbox import Sandbox
from bot.shards import shard_of
from tests.support.sandbox import strict_sandbox

from .bots import ShardBot


def test_a_guild_is_placed_on_the_shard_asked_for(sandbox: Sandbox):
    guilds = [sandbox.add_guild(f"Hub {n}", shard=(n % 4, 4)) for n in range(8)]

    assert [shard_of(guild.id, 4) for guild in guilds] == [0, 1, 2, 3, 0, 1, 2, 3]
    assert len({guild.id for guild in guilds}) == 8


async def test_interactions_reach_only_their_guilds_shard_and_dms_reach_shard_0(
    sandbox: Sandbox,
):
    first = sandbox.add_guild("First", shard=(0, 2))
    second = sandbox.add_guild("Second", shard=(1, 2))
    alice = first.add_member("alice")
    bob = second.add_member("bob")

    async with (
        sandbox.connect(ShardBot([0], 2)) as zero,
        sandbox.connect(ShardBot([1], 2)) as one,
    ):
        on_first = await sandbox.slash(alice, "where")
        on_second = await sandbox.slash(bob, "where")
        in_dms = await sandbox.slash(bob.user, "where")

        assert {guild.id for guild in zero.guilds} == {first.id}
        assert {guild.id for guild in one.guilds} == {second.id}
    assert on_first.content == "shards [0]"
    assert on_second.content == "shards [1]"
    assert in_dms.content == "shards [0]", "a DM reaches shard 0, whoever sent it"


async def test_a_client_without_a_count_starts_the_recommended_shards():
    async with strict_sandbox(recommended_shards=3) as sandbox:
        guilds = [sandbox.add_guild(f"Hub {n}", shard=(n, 3)) for n in range(3)]
        async with sandbox.connect(ShardBot()) as bot:
            assert bot.shard_count == 3
            assert {guild.id: guild.shard_id for guild in bot.guilds} == {
                guild.id: n for n, guild in enumerate(guilds)
            }


async def test_an_outage_of_one_shard_leaves_the_others_connected(sandbox: Sandbox):
    first = sandbox.add_guild("First", shard=(0, 2))
    second = sandbox.add_guild("Second", shard=(1, 2))
    alice = first.add_member("alice")
    bob = second.add_member("bob")

    async with sandbox.connect(ShardBot([0, 1], 2)) as bot:
        async with sandbox.gateway_outage(shard=1):
            said_on_zero = await sandbox.post(alice, "still here")
            await sandbox.wait_until(lambda: said_on_zero.id in bot.seen_messages)
            said_on_one = await sandbox.post(bob, "missed, then replayed")
            assert said_on_one.id not in bot.seen_messages
        await sandbox.wait_until(lambda: said_on_one.id in bot.seen_messages)
        assert bot.resumed_shards == [1]


@pytest.mark.parametrize("shard", [[2, 2], [0, 0], [-1, 2], [0], "0,2", [0, 2.5]], ids=repr)
async def test_an_invalid_shard_pair_is_closed_with_4010(sandbox: Sandbox, shard):
    close_code = await _identify(sandbox, shard)

    assert close_code == 4010


async def test_a_shard_count_other_than_the_live_sessions_is_closed_with_4010(sandbox: Sandbox):
    sandbox.add_guild("Hub")
    async with sandbox.connect(ShardBot([0], 2)):
        assert await _identify(sandbox, [1, 3]) == 4010


async def _identify(sandbox: Sandbox, shard: object) -> int | None:
    """IDENTIFY over a bare websocket with `shard`; the close code the gateway answers with."""
    identify = {
        "op": 2,
        "d": {"token": sandbox.token, "intents": 1, "shard": shard, "properties": {}},
    }
    async with aiohttp.ClientSession() as session, session.ws_connect(sandbox.gateway_url) as ws:
        hello = await ws.receive_json()
        assert hello["op"] == 10
        await ws.send_str(json.dumps(identify))
        closed = await ws.receive()
        return ws.close_code if closed.type == aiohttp.WSMsgType.CLOSE else None
