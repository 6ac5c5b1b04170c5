"""Exactly once across processes: two Mozaik processes, each serving one of two shards, on one
database. Twenty hubs, ten on each shard, are all due at the same minute, each with a few
members subscribed to their own weekly message; after the minute every hub has one digest for
its week and every subscriber one direct message. Also when one of the processes is SIGKILLed
while it sends, after a number of its posts and DMs drawn from the seed, and started again once
Discord's clock has moved past its memory of nonces: only Mozaik's reading back what it made
keeps a part or a letter from being sent twice.

The processes start just after the minute, so what fell due at it is what each finds at start
(its cron job fires at the minute itself, which the test cannot wait for round after round).
The sandbox's rate-limit windows are shortened by RATE_SCALE and the outbox's pace sped up by the
same factor, as in test_crash_fanout.py. The seed is printed; MOZAIK_PROCESS_SEED replays one.
"""

from __future__ import annotations

import asyncio
import os
import random
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config import HubDefaults
from bot.digest.compose import week_of
from bot.digest.schedule import clock_text, iso_week_key, schedule_of
from bot.digest.store.runs import subscribe
from bot.hubs.model import HubSettings, default_hub
from bot.hubs.store import save_hub
from bot.i18n import t
from bot.sandbox import Channel, Guild, Member, Message, Sandbox
from bot.sandbox.messages import NONCE_MEMORY
from bot.shards import shard_of
from bot.store import Store
from tests.digest.digest_seed import introduction, published_gig
from tests.support.outbox import scaled_pace
from tests.support.sandbox import strict_sandbox

from ._crash_harness import RestartableBot, chosen_seed, write_config

# Two rounds on every run (about 20 s); MOZAIK_PROCESS_ROUNDS=20 is the acceptance.
ROUNDS = int(os.environ.get("MOZAIK_PROCESS_ROUNDS", "2"))
SEED_VARIABLE = "MOZAIK_PROCESS_SEED"
SHARD_COUNT = 2
HUBS = 20  # placed on the shards in turn: ten each
SUBSCRIBERS = 3  # per hub
SKILL = "graphic-design"
# What one process makes for its hubs: a digest post each, and a DM to each subscriber.
MADE_PER_PROCESS = HUBS // SHARD_COUNT * (1 + SUBSCRIBERS)
RATE_SCALE = 0.01
PACE = scaled_pace(RATE_SCALE)  # the default 20 a second, in the shortened seconds
WITHIN = 30.0  # seconds for a round's posts and DMs, and for a killed process to die
FORGOTTEN = NONCE_MEMORY + timedelta(seconds=1)
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class DigestHub:
    """A hub whose digest is due, and the members subscribed to their own weekly message."""

    guild: Guild
    subscribers: tuple[Member, ...]

    @property
    def shard(self) -> int:
        return shard_of(self.guild.id, SHARD_COUNT)

    @property
    def digest(self) -> Channel:
        return self.guild.channel("digest")


def due_hubs(sandbox: Sandbox, round_number: int) -> list[DigestHub]:
    """HUBS guilds, placed on purpose on shard 0, 1, 0, ..., each with its subscribers."""
    hubs = []
    for number in range(HUBS):
        guild = sandbox.add_guild(
            f"Hub {round_number}.{number}",
            channels=("general", "gigs", "digest"),
            shard=(number % SHARD_COUNT, SHARD_COUNT),
        )
        readers = tuple(guild.add_member(f"reader{n}") for n in range(SUBSCRIBERS))
        hubs.append(DigestHub(guild, readers))
    return hubs


async def make_due(database: Path | str, hubs: list[DigestHub], due: datetime) -> None:
    """What the hubs' admins and members did before: the digest scheduled at `due` (UTC), a gig
    for the subscribers' skill published two days before, each subscriber introduced with it."""
    async with Store.open(database) as store:
        for hub in hubs:
            gigs = hub.guild.channel("gigs")
            await save_hub(store, scheduled_at(hub.guild, due), due - WEEK)
            await published_gig(
                store,
                hub.guild.id,
                "Labels for a coffee roaster",
                [SKILL],
                at=due - timedelta(days=2),
                channel_id=gigs.id,
                message_id=gigs.id + 1,  # its post: the digest links to it, nobody reads it
            )
            for reader in hub.subscribers:
                await introduction(
                    store, hub.guild.id, reader.id, "Designer", [SKILL], at=due - 10 * WEEK
                )
                await subscribe(store, hub.guild.id, reader.id, "en", due - WEEK)


def scheduled_at(guild: Guild, due: datetime) -> HubSettings:
    """The hub's settings, in English, its digest due weekly at `due`'s weekday and minute."""
    return replace(
        default_hub(guild.id, HubDefaults()),
        locale="en",
        timezone="UTC",
        digest_weekday=due.weekday(),
        digest_time=clock_text(due.time()),
        gigs_channel_id=guild.channel("gigs").id,
        digest_channel_id=guild.channel("digest").id,
    )


def week_mark(guild: Guild, due: datetime) -> str:
    """The mark a one-part digest of the week of `due` ends with, in the hub and in DMs."""
    iso_week = iso_week_key(schedule_of(scheduled_at(guild, due)), due)
    return t("en", "digest.mark", week=week_of(iso_week, "en"), part=1, parts=1)


def marks(messages: list[Message]) -> Counter[str]:
    """How many of the messages end with each week's mark (the last line of the last footer)."""
    return Counter(
        str(message.embeds[-1].get("footer", {}).get("text", "")).splitlines()[-1]
        for message in messages
        if message.embeds
    ) + Counter("(no embed)" for message in messages if not message.embeds)


class Processes:
    """Two `mozaik run` services on one database, serving shard 0 and shard 1 of two."""

    def __init__(self, sandbox: Sandbox, database: Path | str, folder: Path) -> None:
        config = write_config(folder, database=database, outbox_requests_per_second=PACE)
        self.bots = [
            RestartableBot(
                sandbox,
                config,
                folder / f"shard-{shard}.log",
                run_options=("--shards", str(shard), "--shard-count", str(SHARD_COUNT)),
            )
            for shard in range(SHARD_COUNT)
        ]

    async def start(self) -> None:
        # One after the other: a start waits for its own new gateway session.
        for bot in self.bots:
            await bot.start()

    async def stop(self) -> None:
        for bot in self.bots:
            await bot.stop()

    async def close(self) -> None:
        for bot in self.bots:
            await bot.close()

    def logs(self) -> str:
        return "\n".join(
            f"--- {bot.log.name}:\n" + "\n".join(bot.log.read_text().splitlines()[-15:])
            for bot in self.bots
        )


class KillSwitch:
    """SIGKILLs a process the moment Discord has made its `after`-th post or DM of a round:
    counted over the posts in its shard's guilds and the DMs to their members."""

    def __init__(self, sandbox: Sandbox) -> None:
        self._sandbox = sandbox
        self._shard_of_member: dict[int, int] = {}
        self._armed: tuple[RestartableBot, int, int] | None = None
        self._made = 0
        sandbox.world.subscribe(self._on_event)

    def arm(self, bot: RestartableBot, shard: int, after: int, hubs: list[DigestHub]) -> None:
        for hub in hubs:
            self._shard_of_member |= {reader.id: hub.shard for reader in hub.subscribers}
        self._armed, self._made = (bot, shard, after), 0

    def _on_event(self, event: str, payload: dict[str, Any], intent: int) -> None:
        if event != "MESSAGE_CREATE" or self._armed is None:
            return
        bot, shard, after = self._armed
        if self._shard_of(payload) == shard:
            self._made += 1
            if self._made == after:
                bot.kill_now()
                self._armed = None

    def _shard_of(self, payload: dict[str, Any]) -> int | None:
        if "guild_id" in payload:
            return shard_of(int(payload["guild_id"]), SHARD_COUNT)
        channel = self._sandbox.world.dm_channels.get(int(payload["channel_id"]))
        recipient = None if channel is None else channel.recipient
        return None if recipient is None else self._shard_of_member.get(recipient.id)


def everything_made(sandbox: Sandbox, hubs: list[DigestHub], shard: int | None = None) -> bool:
    """Whether every hub (of `shard`, if given) has its digest and every subscriber a DM."""
    return all(
        sandbox.messages(hub.digest) and all(sandbox.dms(reader) for reader in hub.subscribers)
        for hub in hubs
        if shard in (None, hub.shard)
    )


async def settled(database: Path | str) -> dict[str, Counter[str]]:
    """The digest runs and the outbox's letters by status: all 'sent' once nothing more will
    be sent."""
    async with Store.open(database) as store:
        runs = await store.fetch_all("SELECT status FROM digest_runs")
        letters = await store.fetch_all("SELECT status FROM outbox")
    return {
        "runs": Counter(row["status"] for row in runs),
        "letters": Counter(row["status"] for row in letters),
    }


async def wait_settled(database: Path | str, hubs_so_far: int) -> None:
    """Wait until every run and letter of the hubs so far is sent."""
    expected = {
        "runs": Counter(sent=hubs_so_far),
        "letters": Counter(sent=hubs_so_far * SUBSCRIBERS),
    }
    seen: dict[str, Counter[str]] = {}

    async def check() -> bool:
        seen.update(await settled(database))
        return seen == expected

    deadline = asyncio.get_running_loop().time() + WITHIN
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"still sending after {WITHIN} s: {seen}, expected {expected}")
        await asyncio.sleep(0.1)


def check_once_each(sandbox: Sandbox, hubs: list[DigestHub], due: datetime, context: str) -> None:
    """One digest per hub for the week of `due`, one DM of that week per subscriber."""
    for hub in hubs:
        mark = week_mark(hub.guild, due)
        posted = marks(sandbox.messages(hub.digest))
        assert posted == {mark: 1}, f"{context}: {hub.guild.name} (shard {hub.shard}): {posted}"
        for reader in hub.subscribers:
            sent = marks(sandbox.dms(reader))
            assert sent == {mark: 1}, f"{context}: {hub.guild.name}, {reader.name}: {sent}"


@dataclass(frozen=True)
class Kill:
    """A process SIGKILLed in the middle of its round: `switch` kills the one serving `shard`
    when Discord has made the `after`-th of its posts and DMs."""

    switch: KillSwitch
    shard: int
    after: int


async def a_round(
    sandbox: Sandbox,
    processes: Processes,
    database: Path | str,
    round_number: int,
    context: str,
    kill: Kill | None = None,
) -> None:
    """HUBS hubs due at the minute just begun, the two processes started after it (one of them
    killed and started again, with `kill`), and stopped once nothing more is owed."""
    hubs = due_hubs(sandbox, round_number)
    due = datetime.now(UTC).replace(second=0, microsecond=0)
    await make_due(database, hubs, due)
    try:
        if kill is not None:
            victim = processes.bots[kill.shard]
            kill.switch.arm(victim, kill.shard, kill.after, hubs)
        await processes.start()
        if kill is not None:
            await sandbox.wait_until(lambda: not victim.running, WITHIN)
            print(
                f"{context}: killed; every hub's runs and letters then: {await settled(database)}"
            )
            survivor = (kill.shard + 1) % SHARD_COUNT
            await sandbox.wait_until(lambda: everything_made(sandbox, hubs, survivor), WITHIN)
            sandbox.elapse(FORGOTTEN)  # Discord forgets every nonce of the dead run
            await victim.start()
        await sandbox.wait_until(lambda: everything_made(sandbox, hubs), WITHIN)
        await wait_settled(database, HUBS * round_number)
        await processes.stop()
    except (TimeoutError, AssertionError):
        print(f"{context}:\n{processes.logs()}")
        raise
    check_once_each(sandbox, hubs, due, context)


async def test_two_processes_post_each_hubs_digest_and_each_subscribers_dm_once(
    shared_database: Path | str, tmp_path: Path
):
    async with strict_sandbox(rate_scale=RATE_SCALE) as sandbox:
        processes = Processes(sandbox, shared_database, tmp_path)
        try:
            await a_round(sandbox, processes, shared_database, 1, "without a kill")
        finally:
            await processes.close()


@pytest.mark.long
async def test_a_process_killed_mid_send_and_started_again_still_sends_each_once(
    shared_database: Path | str, tmp_path: Path
):
    seed = chosen_seed(SEED_VARIABLE, "process test")
    rng = random.Random(seed)
    async with strict_sandbox(rate_scale=RATE_SCALE) as sandbox:
        processes = Processes(sandbox, shared_database, tmp_path)
        switch = KillSwitch(sandbox)
        try:
            for number in range(1, ROUNDS + 1):
                shard, after = rng.randrange(SHARD_COUNT), rng.randint(1, MADE_PER_PROCESS)
                context = f"seed {seed}, round {number}: shard {shard} killed after {after}"
                kill = Kill(switch, shard, after)
                await a_round(sandbox, processes, shared_database, number, context, kill)
        finally:
            await processes.close()
