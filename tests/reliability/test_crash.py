"""Crash safety: Mozaik, in a process of its own, is SIGKILLed at random moments while members
post gigs, moderators approve them (two at once, sometimes) and members answer them, ask for
collaborators (reviewed in the queue) and write or update their introductions. After every kill
the database is sound and holds every action whose success a member was shown, and nothing was
queued, published, decided or told twice; once back, Mozaik finishes what the kills left half
done. Before every restart Discord's clock moves past its nonce memory, so a nonce no longer
dedupes a repeated send: only Mozaik's reading back what it had made does. The seed is printed;
MOZAIK_CRASH_SEED replays one.

The moments a random kill hits only now and then are then hit on purpose: the bot dies while
Discord handles its request to queue a submitted gig, to publish an approved one (before and
after Discord made the post), to tell a poster of a member's interest, and just after Discord
made a request's post or a member's introduction.
"""

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.config import load_settings
from bot.sandbox import Channel, Message, NoAnswer, Reply, Sandbox, SandboxError, faults
from bot.sandbox.messages import NONCE_MEMORY

from ._crash_checks import (
    Attempt,
    check_nothing_twice,
    check_shown_successes,
    intro_of,
    left_undone,
    pending_reviews,
    read_store,
    request_of,
)
from ._crash_harness import (
    Hub,
    RestartableBot,
    a_hub,
    chosen_seed,
    introduce,
    post_gig,
    posts_per_gig,
    pressable,
    queued_gig,
    request_partner,
    run_upkeep,
    set_up,
    write_config,
)

ROUNDS = 20
SEED_VARIABLE = "MOZAIK_CRASH_SEED"
POSTS_PER_ROUND = 2
APPROVALS_PER_ROUND = 2
INTERESTS_PER_ROUND = 3
REQUESTS_PER_ROUND = 2
REVIEWS_PER_ROUND = 2
INTROS_PER_ROUND = 2
START_SPREAD = 0.6  # seconds over which a round's actions begin
KILL_WITHIN = 2.5  # seconds after the round began; a late kill finds the bot idle, as it may
SETTLE = 0.2  # for requests that reached the sandbox before the kill to be answered
TITLE = "Packaging for a coffee roaster"
IN_FLIGHT = 2.0  # how long Discord takes to answer a request the bot dies waiting for
BACK_WITHIN = 15.0  # seconds a restarted bot has to catch up
# Past Discord's memory of nonces: a message sent again after the restart is made again unless
# Mozaik finds the one it made before.
FORGOTTEN = NONCE_MEMORY + timedelta(seconds=1)

HUB_DEFAULTS = {"post_cooldown_seconds": 0, "max_open_gigs_per_week": 100}


def a_bot(sandbox: Sandbox, folder: Path, database: Path | str) -> RestartableBot:
    config = write_config(folder, database=database, hub_defaults=HUB_DEFAULTS)
    return RestartableBot(sandbox, config, folder / "bot.log")


async def restart(sandbox: Sandbox, bot: RestartableBot) -> None:
    """Start the bot again once Discord has forgotten the nonces of what it sent before."""
    sandbox.elapse(FORGOTTEN)
    await bot.start()


async def set_up_everything(sandbox: Sandbox, hub: Hub) -> None:
    """Gigs, requests reviewed in the queue, introductions."""
    await set_up(sandbox, hub, collab=hub.collab, intros=hub.intros, **{"collab-review": True})


# What members do.


async def act(sandbox: Sandbox, attempt: Attempt, delay: float = 0.0) -> None:
    """The member does what `attempt` says, after `delay` seconds."""
    await asyncio.sleep(delay)
    member, title = attempt.member, attempt.title
    if attempt.kind == "post":
        assert title is not None
        attempt.reply = await post_gig(sandbox, member, title)
    elif attempt.kind == "request":
        assert title is not None
        attempt.reply = await request_partner(sandbox, member, title)
    elif attempt.kind == "intro":
        assert title is not None
        attempt.reply = await introduce(sandbox, member, title)
    else:
        assert attempt.message is not None
        prefix = "collab:approve" if attempt.kind == "review" else f"gig:{attempt.kind}"
        custom_id = f"{prefix}:{attempt.gig}"
        attempt.reply = await sandbox.click(member, attempt.message, custom_id)
        if attempt.reply.modal is not None:  # "I'm interested" asks for a note first
            note = {"note": f"{member.name} can start soon"}
            attempt.reply = await sandbox.submit_modal(member, attempt.reply, note)


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
    for index, fan in enumerate(rng.sample(hub.fans, REQUESTS_PER_ROUND)):
        title = f"Round {round_number} request {index}: a partner"
        planned.append(Attempt("request", fan, title=title))
    reviews = pending_reviews(sandbox, hub)
    for number in rng.sample(sorted(reviews), min(REVIEWS_PER_ROUND, len(reviews))):
        for moderator in rng.sample(hub.moderators, rng.choice((1, 2))):
            planned.append(Attempt("review", moderator, gig=number, message=reviews[number]))
    # One introduction per member a round, a first one or an update.
    for member in rng.sample(hub.posters + hub.fans, INTROS_PER_ROUND):
        headline = f"Round {round_number}: {member.name} designs labels"
        planned.append(Attempt("intro", member, title=headline))
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


def nothing_left(undone: dict[str, list[int]]) -> bool:
    return not any(undone.values())


@pytest.mark.long
async def test_twenty_kills_during_gigs_requests_and_introductions_lose_and_repeat_nothing(
    sandbox: Sandbox, tmp_path: Path, database: Path | str
):
    seed = chosen_seed(SEED_VARIABLE, "crash test")
    rng = random.Random(seed)
    hub = a_hub(sandbox, channels=("collab", "intros"))
    bot = a_bot(sandbox, tmp_path, database)
    attempts: list[Attempt] = []
    began = time.monotonic()
    try:
        await bot.start()
        await set_up_everything(sandbox, hub)
        for round_number in range(1, ROUNDS + 1):
            if not bot.running:
                await restart(sandbox, bot)
            planned = plan_round(sandbox, hub, rng, round_number)
            attempts += planned
            await burst_and_kill(sandbox, bot, planned, rng)
            context = f"seed {seed}, after kill {round_number}"
            stored = await read_store(database, context)
            tally = check_shown_successes(stored, sandbox, hub, attempts, context)
            check_nothing_twice(stored, sandbox, hub, context)
        undone = left_undone(stored, sandbox, hub)
        await restart(sandbox, bot)  # once more after the last kill: it catches up
        done = await caught_up(sandbox, hub, database)
    finally:
        await bot.close()
    elapsed = time.monotonic() - began
    stored = await read_store(database, f"seed {seed}, stopped")
    check_nothing_twice(stored, sandbox, hub, f"seed {seed}, stopped")
    check_shown_successes(stored, sandbox, hub, attempts, f"seed {seed}, stopped")
    print(f"{ROUNDS} kills in {elapsed:.1f} s ({elapsed / ROUNDS:.1f} s a round)")
    print(f"shown as done / attempted: {tally}")
    print(f"left half done by the kills: {undone}")
    print(f"after the last restart: {left_undone(stored, sandbox, hub)}")
    assert done, f"seed {seed}: {BACK_WITHIN} s after the last restart, still undone"
    assert bot.starts == ROUNDS + 1
    kinds = ("post", "approve", "interest", "request", "review", "intro")
    assert all(tally.shown[kind] for kind in kinds), (
        f"seed {seed}: no kill came after a success of each kind; nothing was checked: {tally}"
    )


async def caught_up(sandbox: Sandbox, hub: Hub, database: Path | str) -> bool:
    """Whether the restarted bot finishes within BACK_WITHIN what the kills left half done."""
    deadline = time.monotonic() + BACK_WITHIN
    while time.monotonic() < deadline:
        if nothing_left(left_undone(await read_store(database, "catching up"), sandbox, hub)):
            return True
        await asyncio.sleep(0.5)
    return False


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
    await restart(sandbox, bot)
    try:
        await sandbox.wait_until(done, BACK_WITHIN)
    except TimeoutError:
        pytest.fail(f"{BACK_WITHIN} s after the restart, {what}")


async def test_a_gig_submitted_as_the_bot_died_reaches_the_queue_when_it_is_back(
    sandbox: Sandbox, tmp_path: Path, database: Path | str
):
    hub = a_hub(sandbox)
    bot = a_bot(sandbox, tmp_path, database)
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
    sandbox: Sandbox, tmp_path: Path, database: Path | str
):
    hub = a_hub(sandbox)
    bot = a_bot(sandbox, tmp_path, database)
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
    sandbox: Sandbox, tmp_path: Path, database: Path | str
):
    hub = a_hub(sandbox)
    poster, fan = hub.posters[0], hub.fans[0]
    bot = a_bot(sandbox, tmp_path, database)
    try:
        number, waiting = await gig_in_queue(sandbox, hub, bot)
        approving = await sandbox.click(hub.moderators[0], waiting, f"gig:approve:{number}")
        await approving.wait_followup()
        [post] = sandbox.messages(hub.gigs)
        [published] = sandbox.dms(poster)
        opened = await sandbox.click(fan, post, f"gig:interest:{number}")
        interested = sandbox.submit_modal(fan, opened, {"note": "I can start on Monday."})
        await dies_while_posting_in(sandbox, bot, published.channel.id, interested)

        await restart(sandbox, bot)
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
    sandbox: Sandbox, tmp_path: Path, database: Path | str
):
    hub = a_hub(sandbox)
    bot = a_bot(sandbox, tmp_path, database)
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
    sandbox.elapse(FORGOTTEN)
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


async def test_a_request_post_discord_made_as_the_bot_died_is_not_posted_a_second_time(
    sandbox: Sandbox, tmp_path: Path, database: Path | str
):
    hub = a_hub(sandbox, channels=("collab", "intros"))
    bot = a_bot(sandbox, tmp_path, database)
    try:
        await bot.start()
        await set_up_everything(sandbox, hub)
        await (await request_partner(sandbox, hub.fans[0], TITLE)).wait_followup()
        [(number, waiting)] = pending_reviews(sandbox, hub).items()
        # The moderator approves; Discord makes the post and the bot dies before recording it.
        kill_on_first_message(sandbox, hub.collab, bot)
        await sandbox.click(hub.moderators[0], waiting, f"collab:approve:{number}")
        await sandbox.wait_until(lambda: bool(sandbox.messages(hub.collab)))
        await bot.kill()
        [post] = sandbox.messages(hub.collab)

        await comes_back(
            sandbox,
            bot,
            lambda: (
                not pending_reviews(sandbox, hub) and bool(waiting.content.startswith("Approved"))
            ),
            f"request #{number}'s queue message still offers Approve",
        )
    finally:
        await bot.close()
    assert [request_of(message, "in") for message in sandbox.messages(hub.collab)] == [number]
    stored = await read_store(database, "after the restart")
    assert stored.requests[number]["message_id"] == post.id


async def test_an_introduction_discord_posted_as_the_bot_died_is_not_posted_a_second_time(
    sandbox: Sandbox, tmp_path: Path, database: Path | str
):
    hub = a_hub(sandbox, channels=("collab", "intros"))
    member = hub.fans[0]
    bot = a_bot(sandbox, tmp_path, database)
    try:
        await bot.start()
        await set_up_everything(sandbox, hub)
        kill_on_first_message(sandbox, hub.intros, bot)
        await introduce(sandbox, member, "Labels and bags")
        await sandbox.wait_until(lambda: bool(sandbox.messages(hub.intros)))
        await bot.kill()
        [post] = sandbox.messages(hub.intros)

        await restart(sandbox, bot)
        assert await caught_up(sandbox, hub, database), "the post is still not recorded"
        # The member saw no answer, so they send the form again: the same post, updated.
        again = await (await introduce(sandbox, member, "Labels, bags and boxes")).wait_followup()
    finally:
        await bot.close()
    assert again.content.startswith(f"Your introduction in {hub.intros.mention} is updated")
    assert [intro_of(message) for message in sandbox.messages(hub.intros)] == [member.id]
    assert post.embed["title"] == "Labels, bags and boxes"
    stored = await read_store(database, "after the restart")
    assert stored.profiles[member.id]["post_message_id"] == post.id
