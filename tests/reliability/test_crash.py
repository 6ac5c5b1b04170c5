"""Crash safety: Mozaik, in a process of its own, is SIGKILLed at random moments while members
post gigs, moderators approve them (two at once, sometimes) and members answer them. After every
kill the database is sound and holds every action whose success a member was shown, and no gig
was queued, published or decided twice. The seed is printed; MOZAIK_CRASH_SEED replays one.

The moments a random kill hits only now and then are then hit on purpose: the bot dies while
Discord handles its request to queue a submitted gig, to publish an approved one (before and
after Discord made the post) and to tell a poster of a member's interest.
"""

import asyncio
import os
import random
import re
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from bot.clock import ManualClock
from bot.config import load_settings
from bot.i18n import t
from bot.sandbox import Channel, Member, Message, NoAnswer, Reply, Sandbox, SandboxError, faults

from ._crash_harness import (
    Hub,
    RestartableBot,
    a_hub,
    gig_of,
    post_gig,
    posts_per_gig,
    pressable,
    queued_gig,
    run_upkeep,
    set_up,
    write_config,
)

ROUNDS = 20
SEED_VARIABLE = "MOZAIK_CRASH_SEED"
POSTS_PER_ROUND = 3
APPROVALS_PER_ROUND = 3
INTERESTS_PER_ROUND = 4
START_SPREAD = 0.6  # seconds over which a round's actions begin
KILL_WITHIN = 2.5  # seconds after the round began; a late kill finds the bot idle, as it may
SETTLE = 0.2  # for requests that reached the sandbox before the kill to be answered
TITLE = "Packaging for a coffee roaster"
IN_FLIGHT = 2.0  # how long Discord takes to answer a request the bot dies waiting for
BACK_WITHIN = 15.0  # seconds a restarted bot has to catch up

HUB_DEFAULTS = {"post_cooldown_seconds": 0, "max_open_gigs_per_week": 100}
INTEREST_ANSWERS = (
    "gigs.interest_sent",
    "gigs.interest_sent_in_thread",
    "gigs.interest_recorded",
    "gigs.interest_already",
)
GIG_NUMBER = re.compile(r"#(\d+)")
POST_LINK = re.compile(r"https://discord\.com/channels/\S+$")


@dataclass
class Attempt:
    """One thing a member does: post a gig (`title`), or press `gig:<kind>:<gig>` on `message`.

    `reply` is the bot's first answer, set as soon as Discord shows it."""

    kind: str  # "post", "approve" or "interest"
    member: Member
    title: str | None = None
    gig: int | None = None
    message: Message | None = None
    reply: Reply | None = None

    def shown_text(self) -> str | None:
        """What the member read once the bot had worked on it (after its deferral), if that
        came before the kill."""
        if self.reply is None or not self.reply.followups:
            return None
        return self.reply.followups[0].content


@dataclass
class Tally:
    shown: Counter[str] = field(default_factory=Counter)
    attempted: Counter[str] = field(default_factory=Counter)

    def __str__(self) -> str:
        return ", ".join(f"{kind} {self.shown[kind]}/{n}" for kind, n in self.attempted.items())


def a_bot(sandbox: Sandbox, folder: Path) -> RestartableBot:
    config = write_config(folder, database=folder / "mozaik.db", hub_defaults=HUB_DEFAULTS)
    return RestartableBot(sandbox, config, folder / "bot.log")


# What members do.


async def act(sandbox: Sandbox, attempt: Attempt, delay: float = 0.0) -> None:
    """The member does what `attempt` says, after `delay` seconds."""
    await asyncio.sleep(delay)
    if attempt.kind == "post":
        assert attempt.title is not None
        attempt.reply = await post_gig(sandbox, attempt.member, attempt.title)
    else:
        assert attempt.message is not None
        custom_id = f"gig:{attempt.kind}:{attempt.gig}"
        attempt.reply = await sandbox.click(attempt.member, attempt.message, custom_id)
        if attempt.reply.modal is not None:  # "I'm interested" asks for a note first
            note = {"note": f"{attempt.member.name} can start soon"}
            attempt.reply = await sandbox.submit_modal(attempt.member, attempt.reply, note)


def plan_round(sandbox: Sandbox, hub: Hub, rng: random.Random, round_number: int) -> list[Attempt]:
    """This round's attempts, chosen from what members can see right now."""
    planned = [
        Attempt("post", rng.choice(hub.posters), title=f"Round {round_number} gig {index}: labels")
        for index in range(POSTS_PER_ROUND)
    ]
    waiting = pressable(sandbox, hub.queue, "approve")
    for number in rng.sample(sorted(waiting), min(APPROVALS_PER_ROUND, len(waiting))):
        # Sometimes both moderators press Approve at once: one decision, not two.
        for moderator in rng.sample(hub.moderators, rng.choice((1, 2))):
            planned.append(Attempt("approve", moderator, gig=number, message=waiting[number]))
    published = pressable(sandbox, hub.gigs, "interest")
    pairs = [(fan, number) for fan in hub.fans for number in sorted(published)]
    for fan, number in rng.sample(pairs, min(INTERESTS_PER_ROUND, len(pairs))):
        planned.append(Attempt("interest", fan, gig=number, message=published[number]))
    return planned


async def burst_and_kill(
    sandbox: Sandbox, bot: RestartableBot, planned: list[Attempt], rng: random.Random
) -> None:
    """Members act at once; the bot dies at a random moment; members stop waiting for it."""
    tasks = [
        asyncio.create_task(act(sandbox, attempt, rng.uniform(0, START_SPREAD)))
        for attempt in planned
    ]
    await asyncio.sleep(rng.uniform(0, KILL_WITHIN))
    await bot.kill()
    for task in tasks:
        task.cancel()
    for outcome in await asyncio.gather(*tasks, return_exceptions=True):
        # NoAnswer: the bot died before answering; SandboxError: another member's action had
        # disabled the button meanwhile. Anything else is a failure of the test itself.
        if isinstance(outcome, Exception) and not isinstance(outcome, NoAnswer | SandboxError):
            raise outcome
    await asyncio.sleep(SETTLE)


# What must hold after every kill.


@dataclass
class Stored:
    """What the bot's database holds once the bot is dead."""

    gigs: dict[int, aiosqlite.Row]
    approvals: list[tuple[int, int]]  # (gig, moderator), one per approval applied
    interests: set[tuple[int, int]]  # (gig, member)


async def read_store(database: Path, context: str) -> Stored:
    async with aiosqlite.connect(database) as db:
        db.row_factory = aiosqlite.Row
        integrity = [row[0] for row in await db.execute_fetchall("PRAGMA integrity_check")]
        assert integrity == ["ok"], f"{context}: {integrity}"
        assert list(await db.execute_fetchall("PRAGMA foreign_key_check")) == [], context
        gigs = await db.execute_fetchall("SELECT * FROM gigs")
        approvals = await db.execute_fetchall(
            "SELECT gig_id, actor_id FROM gig_events WHERE action = 'approved'"
        )
        interests = await db.execute_fetchall("SELECT gig_id, user_id FROM gig_interests")
    return Stored(
        gigs={row["id"]: row for row in gigs},
        approvals=[(row[0], row[1]) for row in approvals],
        interests={(row[0], row[1]) for row in interests},
    )


def confirmed_gig(attempt: Attempt, hub: Hub) -> int | None:
    """The gig whose success the member was shown (submitted, approved, interest passed on)."""
    shown = attempt.shown_text()
    if shown is None:
        return None
    if attempt.kind == "post":
        found = GIG_NUMBER.search(shown)
        number = int(found[1]) if found else 0
        return number if shown == t("en", "gigs.submitted", number=number) else None
    number = attempt.gig
    if attempt.kind == "approve":
        link = POST_LINK.search(shown)
        answers = {
            t("en", "gigmod.approved", number=number, link=link[0] if link else ""),
            t("en", "gigmod.approved_not_published", number=number, channel=hub.gigs.mention),
        }
    else:
        answers = {t("en", key, number=number) for key in INTEREST_ANSWERS}
    return number if shown in answers else None


def check_shown_successes(
    stored: Stored, sandbox: Sandbox, hub: Hub, attempts: list[Attempt], context: str
) -> Tally:
    tally = Tally()
    for attempt in attempts:
        tally.attempted[attempt.kind] += 1
        number = confirmed_gig(attempt, hub)
        if number is None:
            continue
        tally.shown[attempt.kind] += 1
        said = f"{context}: {attempt.member.name} was told {attempt.shown_text()!r}"
        if attempt.kind == "post":
            assert number in stored.gigs, f"{said}, but there is no such gig"
            gig = stored.gigs[number]
            assert (gig["poster_id"], gig["title"]) == (attempt.member.id, attempt.title), said
        elif attempt.kind == "approve":
            assert stored.gigs[number]["status"] == "approved", said
            assert (number, attempt.member.id) in stored.approvals, said
            if POST_LINK.search(attempt.shown_text() or ""):
                posts = [m.id for m in sandbox.messages(hub.gigs) if gig_of(m, "report") == number]
                assert posts == [stored.gigs[number]["message_id"]], said
        else:
            assert (number, attempt.member.id) in stored.interests, said
    return tally


def check_nothing_twice(stored: Stored, sandbox: Sandbox, hub: Hub, context: str) -> None:
    approved = Counter(number for number, _ in stored.approvals)
    queued = Counter(gig_of(message, "approve") for message in sandbox.messages(hub.queue))
    published = posts_per_gig(sandbox, hub)
    posters = {member.id: member for member in hub.posters}
    for number, gig in stored.gigs.items():
        assert approved[number] <= 1, f"{context}: gig #{number} approved {approved[number]}x"
        assert queued[number] <= 1, f"{context}: gig #{number} queued {queued[number]}x"
        assert published[number] <= 1, f"{context}: gig #{number} published {published[number]}x"
        announcement = t("en", "gigs.dm_approved", number=number, title=gig["title"], link="")
        dms = sandbox.dms(posters[gig["poster_id"]])
        told = sum(message.content.startswith(announcement) for message in dms)
        assert told <= 1, f"{context}: the poster heard {told}x that gig #{number} is published"


def left_undone(stored: Stored, sandbox: Sandbox, hub: Hub) -> dict[str, list[int]]:
    """What the kills left half done, unseen by members: the crash windows still open."""
    queued = {gig_of(message, "approve") for message in sandbox.messages(hub.queue)}
    published = set(posts_per_gig(sandbox, hub))
    gigs = stored.gigs.items()
    return {
        "pending, not in the queue": [
            n for n, gig in gigs if gig["status"] == "pending" and n not in queued
        ],
        "approved, not published": [
            n for n, gig in gigs if gig["status"] == "approved" and n not in published
        ],
        "published, not recorded": [
            n for n, gig in gigs if n in published and gig["message_id"] is None
        ],
    }


async def test_twenty_kills_during_posts_approvals_and_interest_lose_and_repeat_nothing(
    sandbox: Sandbox, tmp_path: Path
):
    seed = int(os.environ.get(SEED_VARIABLE) or random.SystemRandom().randrange(2**32))
    print(f"\ncrash test seed: {seed} (replay with {SEED_VARIABLE}={seed})")
    rng = random.Random(seed)
    hub = a_hub(sandbox)
    bot = a_bot(sandbox, tmp_path)
    database = tmp_path / "mozaik.db"
    attempts: list[Attempt] = []
    began = time.monotonic()
    try:
        await bot.start()
        await set_up(sandbox, hub)
        for round_number in range(1, ROUNDS + 1):
            if not bot.running:
                await bot.start()
            planned = plan_round(sandbox, hub, rng, round_number)
            attempts += planned
            await burst_and_kill(sandbox, bot, planned, rng)
            context = f"seed {seed}, after kill {round_number}"
            stored = await read_store(database, context)
            tally = check_shown_successes(stored, sandbox, hub, attempts, context)
            check_nothing_twice(stored, sandbox, hub, context)
        await bot.start()  # once more after the last kill: it starts on what was left
    finally:
        await bot.close()
    elapsed = time.monotonic() - began
    stored = await read_store(database, f"seed {seed}, stopped")
    check_nothing_twice(stored, sandbox, hub, f"seed {seed}, stopped")
    print(f"{ROUNDS} kills in {elapsed:.1f} s ({elapsed / ROUNDS:.1f} s a round)")
    print(f"shown as done / attempted: {tally}")
    print(f"left half done by the kills: {left_undone(stored, sandbox, hub)}")
    assert bot.starts == ROUNDS + 1
    assert all(tally.shown[kind] for kind in ("post", "approve", "interest")), (
        f"seed {seed}: no kill came after a success of each kind; nothing was checked: {tally}"
    )


async def gig_in_queue(sandbox: Sandbox, hub: Hub, bot: RestartableBot) -> tuple[int, Message]:
    """The bot runs in a set-up hub and a member's gig waits in the queue: its number and
    queue message."""
    await bot.start()
    await set_up(sandbox, hub)
    number = await queued_gig(sandbox, hub, hub.posters[0], TITLE)
    return number, pressable(sandbox, hub.queue, "approve")[number]


async def dies_while_posting_in(
    sandbox: Sandbox, bot: RestartableBot, channel_id: int, action: Awaitable[Reply]
) -> None:
    """The member's `action` makes the bot post in the channel, and the bot dies while Discord
    handles that request, which fails: the message is never created."""
    slow_failure = replace(faults.server_error(503), delay=IN_FLIGHT)
    posting = sandbox.inject(f"POST /channels/{channel_id}/messages", slow_failure)
    assert (await action).deferred
    await sandbox.wait_until(lambda: posting.served == 1)
    await bot.kill()


async def comes_back(
    sandbox: Sandbox, bot: RestartableBot, done: Callable[[], bool], what: str
) -> None:
    """Restart the bot and give it a little while to finish what it left undone."""
    await bot.start()
    try:
        await sandbox.wait_until(done, BACK_WITHIN)
    except TimeoutError:
        pytest.fail(f"{BACK_WITHIN} s after the restart, {what}")


async def test_a_gig_submitted_as_the_bot_died_reaches_the_queue_when_it_is_back(
    sandbox: Sandbox, tmp_path: Path
):
    hub = a_hub(sandbox)
    bot = a_bot(sandbox, tmp_path)
    try:
        await bot.start()
        await set_up(sandbox, hub)
        submitting = post_gig(sandbox, hub.posters[0], TITLE)
        await dies_while_posting_in(sandbox, bot, hub.queue.id, submitting)
        assert sandbox.messages(hub.queue) == []

        await comes_back(
            sandbox,
            bot,
            lambda: bool(pressable(sandbox, hub.queue, "approve")),
            "the stored gig is still not in the queue",
        )
    finally:
        await bot.close()
    assert len(sandbox.messages(hub.queue)) == 1


async def test_a_gig_approved_as_the_bot_died_is_published_when_it_is_back(
    sandbox: Sandbox, tmp_path: Path
):
    hub = a_hub(sandbox)
    bot = a_bot(sandbox, tmp_path)
    try:
        number, waiting = await gig_in_queue(sandbox, hub, bot)
        approving = sandbox.click(hub.moderators[0], waiting, f"gig:approve:{number}")
        await dies_while_posting_in(sandbox, bot, hub.gigs.id, approving)
        assert sandbox.messages(hub.gigs) == []

        await comes_back(
            sandbox,
            bot,
            lambda: bool(sandbox.messages(hub.gigs)),
            f"gig #{number} is approved but unpublished",
        )
    finally:
        await bot.close()
    assert posts_per_gig(sandbox, hub) == {number: 1}
    assert pressable(sandbox, hub.queue, "approve") == {}, waiting.text


async def test_interest_recorded_as_the_bot_died_reaches_the_poster_once_it_is_back(
    sandbox: Sandbox, tmp_path: Path
):
    hub = a_hub(sandbox)
    poster, fan = hub.posters[0], hub.fans[0]
    bot = a_bot(sandbox, tmp_path)
    try:
        number, waiting = await gig_in_queue(sandbox, hub, bot)
        approving = await sandbox.click(hub.moderators[0], waiting, f"gig:approve:{number}")
        await approving.wait_followup()
        [post] = sandbox.messages(hub.gigs)
        [published] = sandbox.dms(poster)
        opened = await sandbox.click(fan, post, f"gig:interest:{number}")
        interested = sandbox.submit_modal(fan, opened, {"note": "I can start on Monday."})
        await dies_while_posting_in(sandbox, bot, published.channel.id, interested)

        await bot.start()
        # The fan saw no answer, so they press again.
        again = await (await sandbox.click(fan, post, f"gig:interest:{number}")).wait_followup()
    finally:
        await bot.close()
    told = [m for m in sandbox.dms(poster) if fan.mention in m.content]
    told += [m for thread in sandbox.threads(hub.gigs) for m in sandbox.messages(thread)]
    assert len(told) == 1, (
        f"the fan was told {again.content!r}; the poster heard of it {len(told)} times"
    )


async def test_a_post_discord_made_as_the_bot_died_is_not_published_a_second_time(
    sandbox: Sandbox, tmp_path: Path
):
    hub = a_hub(sandbox)
    bot = a_bot(sandbox, tmp_path)
    try:
        number, waiting = await gig_in_queue(sandbox, hub, bot)
        # Discord creates the post, and the bot dies before it hears so and records it.
        kill_on_first_message(sandbox, hub.gigs, bot)
        await sandbox.click(hub.moderators[0], waiting, f"gig:approve:{number}")
        await sandbox.wait_until(lambda: bool(sandbox.messages(hub.gigs)))
        await bot.kill()
    finally:
        await bot.close()
    assert posts_per_gig(sandbox, hub) == {number: 1}

    # Back, and later that day the daily upkeep retries the publications that failed.
    clock = ManualClock(datetime.now(UTC) + timedelta(hours=1))
    async with sandbox.run_bot(load_settings(bot.config), clock=clock) as running:
        await run_upkeep(running)
    assert posts_per_gig(sandbox, hub) == {number: 1}


def kill_on_first_message(sandbox: Sandbox, channel: Channel, bot: RestartableBot) -> None:
    """SIGKILL the bot the moment Discord creates a message in `channel`, before it answers."""
    killed = False

    def on_event(event: str, payload: dict[str, Any], intent: int) -> None:
        nonlocal killed
        if not killed and event == "MESSAGE_CREATE" and payload["channel_id"] == str(channel.id):
            killed = True
            bot.kill_now()

    sandbox.world.subscribe(on_event)
