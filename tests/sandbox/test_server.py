"""The sandbox end to end: a real discord.py client over a real websocket and HTTP on 127.0.0.1."""

import asyncio
import re
import threading
import time

import aiohttp
import discord
import pytest

from bot.sandbox import NoAnswer, Sandbox
from tests.support.sandbox import strict_sandbox

from .bots import MinimalBot, on_a_loop_of_its_own


def hello_bot() -> MinimalBot:
    bot = MinimalBot()

    @bot.tree.command(description="Say hello")
    async def hello(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(f"Hello {name}!")

    return bot


async def test_a_minimal_bot_gets_ready_syncs_and_answers_a_slash_command(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")

    async with sandbox.connect(hello_bot()) as bot:
        reply = await sandbox.slash(alice, "hello", name="Alice")

    assert bot.readies == 1
    assert [command["name"] for command in sandbox.registered_commands()] == ["hello"]
    assert reply.type == 4
    assert reply.content == "Hello Alice!"
    assert not reply.ephemeral
    assert sandbox.messages(hub.channel("general")) == [reply.message]


async def test_an_embed_title_over_256_characters_is_refused_once(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")
    bot = MinimalBot()
    refusals: list[int] = []

    @bot.tree.command(description="Announce")
    async def announce(interaction: discord.Interaction) -> None:
        try:
            await interaction.response.send_message(embed=discord.Embed(title="x" * 257))
        except discord.HTTPException as refused:
            refusals.append(refused.code)
            await interaction.response.send_message("Sorry, that did not work.")

    async with sandbox.connect(bot):
        reply = await sandbox.slash(alice, "announce")

    assert refusals == [50035]
    assert reply.content == "Sorry, that did not work."
    [violation] = sandbox.take_violations()
    assert (violation.status, violation.code) == (400, 50035)
    assert violation.path.endswith("/callback")
    assert "title" in violation.errors["data"]["embeds"]["0"]


async def test_a_second_answer_to_one_interaction_is_refused(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")

    async with sandbox.connect(hello_bot()):
        reply = await sandbox.slash(alice, "hello", name="Alice")
        interaction = reply.record
        url = f"{sandbox.api_base}/interactions/{interaction.id}/{interaction.token}/callback"
        async with (
            aiohttp.ClientSession() as http,
            http.post(url, json={"type": 4, "data": {"content": "again"}}) as second,
        ):
            answer = await second.json()

    assert (second.status, answer["code"]) == (400, 40060)
    [violation] = sandbox.take_violations()
    assert violation.code == 40060
    assert violation.body["message"] == "Interaction has already been acknowledged"
    assert reply.content == "Hello Alice!"


async def test_two_running_instances_answer_twice_and_the_second_is_refused(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")

    async with sandbox.connect(hello_bot()), sandbox.connect(hello_bot()):
        reply = await sandbox.slash(alice, "hello", name="Alice")
        await sandbox.wait_until(lambda: bool(sandbox.violations))

    assert reply.content == "Hello Alice!"
    assert [violation.code for violation in sandbox.take_violations()] == [40060]


async def test_an_answer_after_three_seconds_is_refused_as_unknown_interaction(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")
    bot = MinimalBot()
    proceed = asyncio.Event()
    outcome: list[int] = []

    @bot.tree.command(description="Slow")
    async def slow(interaction: discord.Interaction) -> None:
        await proceed.wait()
        try:
            await interaction.response.send_message("done")
        except discord.NotFound as refused:
            outcome.append(refused.code)

    async with sandbox.connect(bot):
        asking = asyncio.create_task(sandbox.slash(alice, "slow"))
        await sandbox.wait_delivered()
        sandbox.elapse(3.5)
        with pytest.raises(NoAnswer, match="not answered"):
            await asking
        proceed.set()
        await sandbox.wait_until(lambda: bool(outcome))

    assert outcome == [10062]
    [violation] = sandbox.take_violations()
    assert (violation.status, violation.code) == (404, 10062)
    # The test's report says how late: a slow bot, or Discord's clock moved by `elapse`.
    late = re.search(
        r"\(answered (\d+\.\d\d) s after it reached the bot, past the 3 s deadline\)$",
        str(violation),
    )
    assert late is not None and float(late[1]) >= 3.5, str(violation)


@pytest.mark.parametrize("own_loop", [True, False], ids=["bot_on_its_own_loop", "bot_on_ours"])
async def test_a_held_up_sandbox_counts_against_the_bot_only_on_a_shared_loop(
    sandbox: Sandbox, own_loop: bool
):
    """Short of CPU, the sandbox may read an answer seconds after it came. Discord is never that
    slow, so from a bot on an event loop of its own (a process of its own) the answer is in
    time; a bot on the sandbox's loop may be what held it up, so its answer is late."""
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")
    bot = MinimalBot()
    held = threading.Event()
    refused: list[int] = []

    @bot.tree.command(description="Hello")
    async def hello(interaction: discord.Interaction) -> None:
        await asyncio.to_thread(held.wait)  # answers once the sandbox is held up
        try:
            await interaction.response.send_message("hi")
        except discord.NotFound as refusal:
            refused.append(refusal.code)

    running = on_a_loop_of_its_own(sandbox, bot) if own_loop else sandbox.connect(bot)
    async with running:
        asking = asyncio.create_task(sandbox.slash(alice, "hello"))
        await sandbox.wait_delivered()
        held.set()
        time.sleep(3.5)  # noqa: ASYNC251 (on purpose: the sandbox's loop held up)
        if own_loop:
            assert (await asking).content == "hi"
        else:
            with pytest.raises(NoAnswer):  # by the deadline, or once the bot got to it
                await asking
            await sandbox.wait_until(lambda: bool(refused))

    assert refused == ([] if own_loop else [10062])
    assert [violation.code for violation in sandbox.take_violations()] == refused


async def test_after_a_dropped_gateway_the_bot_resumes_and_gets_what_it_missed(sandbox: Sandbox):
    hub = sandbox.add_guild("Hub")
    alice = hub.add_member("alice")

    async with sandbox.connect(hello_bot()) as bot:
        async with sandbox.gateway_outage():
            missed = await sandbox.post(alice, "hello while you were away")
            asking = asyncio.create_task(sandbox.slash(alice, "hello", name="again"))
            await asyncio.sleep(0)
            assert missed.id not in bot.seen_messages
        reply = await asking
        await sandbox.wait_until(lambda: missed.id in bot.seen_messages)

    assert bot.resumes == 1
    assert bot.readies == 1
    assert reply.content == "Hello again!"


async def test_the_strict_sandbox_fails_a_test_that_left_violations():
    with pytest.raises(pytest.fail.Exception, match="40060"):
        async with strict_sandbox() as sandbox:
            hub = sandbox.add_guild("Hub")
            alice = hub.add_member("alice")
            async with sandbox.connect(hello_bot()), sandbox.connect(hello_bot()):
                await sandbox.slash(alice, "hello", name="Alice")
                await sandbox.wait_until(lambda: bool(sandbox.violations))


async def test_discord_py_points_back_at_discord_once_the_client_is_closed(sandbox: Sandbox):
    sandbox.add_guild("Hub")

    def pointed_at() -> tuple[str, str]:
        return discord.http.Route.BASE, str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)

    before = pointed_at()
    async with sandbox.connect(MinimalBot()):
        during = pointed_at()

    assert during == (sandbox.api_base, sandbox.gateway_url)
    assert pointed_at() == before == ("https://discord.com/api/v10", "wss://gateway.discord.gg/")
