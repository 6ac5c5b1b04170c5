import asyncio
import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from digest_limits import limit_violations
from digest_processes import serving
from digest_seed import introduction, open_request, published_gig

from bot.config import HubDefaults
from bot.digest.compose import Digest
from bot.digest.outbox import ChannelRefused
from bot.digest.publishing import (
    DigestPublisher,
    Outcome,
    message_nonce,
)
from bot.digest.recognition import PostedMessage
from bot.digest.run_lease import RUN_LEASE
from bot.digest.store.runs import get_run, subscribe
from bot.digest.store.week import installed_features
from bot.hubs.store import get_hub, save_hub
from bot.store import Store

GUILD, DIGEST_CHANNEL = 111, 40
DUE = datetime(2026, 11, 9, 2, 0, tzinfo=UTC)  # Monday 09:00 in Jakarta, the default schedule
GRACE = timedelta(hours=24)
ALICE, BOB, CAROL = 7, 8, 9


class Crash(Exception):
    """The process dying: whatever was under way stops here."""


class FakeDiscord:
    """The digest channel as Discord behaves: a nonce sent again returns the message it made
    (until `forget_nonces`), and what was sent can be read back, without its nonce."""

    def __init__(self):
        self.channel: list[tuple[int, object, bytes | None]] = []
        self.by_nonce: dict[str, int] = {}
        self.crash_after_next_post = False
        self.history_reads = 0
        self.refusing = False  # the channel's permissions taken away
        self.stalling: asyncio.Event | None = None  # the next post waits for it once made
        self.stalled = asyncio.Event()
        self.reported: list[tuple[int, str]] = []

    async def post(self, channel_id, message, chart, nonce):
        if self.refusing:
            raise ChannelRefused("50013 Missing Permissions")
        if nonce is not None and nonce in self.by_nonce:
            return self.by_nonce[nonce]
        self.channel.append((channel_id, message, chart))
        message_id = 5000 + len(self.channel)
        if nonce is not None:
            self.by_nonce[nonce] = message_id
        if self.crash_after_next_post:
            self.crash_after_next_post = False
            raise Crash
        if self.stalling is not None:  # the process stalls before it can record the part
            resumed, self.stalling = self.stalling, None
            self.stalled.set()
            await resumed.wait()
        return message_id

    async def channel_history(self, channel_id, since):
        self.history_reads += 1
        return [
            PostedMessage(5000 + number, True, message.embeds)
            for number, (channel, message, _) in enumerate(self.channel, start=1)
            if channel == channel_id
        ]

    def forget_nonces(self):
        """Back after Discord's few minutes of nonce memory."""
        self.by_nonce.clear()

    async def report_refused(self, hub, channel_id, iso_week):
        self.reported.append((channel_id, iso_week))

    def hub_name(self, guild_id):
        return "Kreatif Jakarta"


@pytest.fixture
async def store(store_database):
    async with Store.open(store_database) as store:
        yield store


@pytest.fixture
async def hub(store):
    hub = replace(
        await get_hub(store, GUILD, HubDefaults()), digest_channel_id=DIGEST_CHANNEL, locale="en"
    )
    return await save_hub(store, hub, DUE - timedelta(days=30))


async def seed_week(store):
    monday = DUE - timedelta(days=7)
    await published_gig(
        store,
        GUILD,
        "Logo for a coffee roaster",
        ["graphic-design"],
        at=monday + timedelta(days=1),
        channel_id=10,
        message_id=1001,
    )
    await published_gig(
        store,
        GUILD,
        "Django API for a clinic",
        ["python", "django"],
        at=monday + timedelta(days=2),
        channel_id=10,
        message_id=1002,
    )
    await open_request(
        store,
        GUILD,
        "Partner for a Python course",
        ["python"],
        at=monday + timedelta(days=3),
        channel_id=30,
        message_id=3001,
    )
    await introduction(
        store, GUILD, ALICE, "Backend developer", ["python"], at=monday - timedelta(days=60)
    )
    await introduction(
        store, GUILD, BOB, "Designer", ["graphic-design"], at=monday - timedelta(days=60)
    )
    await introduction(
        store,
        GUILD,
        CAROL,
        "Writer",
        ["copywriting"],
        at=monday + timedelta(days=4),
        channel_id=20,
        message_id=2001,
    )


async def publisher(store, discord, **options):
    return DigestPublisher(
        store, discord, grace=GRACE, features=await installed_features(store), **options
    )


async def test_the_due_run_posts_the_digest_with_its_chart_once(store, hub):
    await seed_week(store)
    discord = FakeDiscord()
    result = await (await publisher(store, discord)).run_digest(hub, DUE)
    assert result.outcome is Outcome.POSTED and result.iso_week == "2026-W46"
    assert [channel for channel, _, _ in discord.channel] == [DIGEST_CHANNEL]
    _, message, chart = discord.channel[0]
    assert chart.startswith(b"\x89PNG") and message.chart
    assert limit_violations((message,)) == []
    text = "\n".join(embed.get("description", "") for embed in message.embeds)
    assert "[Django API for a clinic](https://discord.com/channels/111/10/1002)" in text
    assert "[Partner for a Python course](https://discord.com/channels/111/30/3001)" in text
    assert "<@9> · [Writer](https://discord.com/channels/111/20/2001)" in text
    run = await get_run(store, GUILD, "2026-W46")
    assert run.status == "sent" and run.message_ids == {0: result.message_ids[0]}
    again = await (await publisher(store, discord)).run_digest(hub, DUE + timedelta(minutes=5))
    assert again.outcome is Outcome.ALREADY_DONE and len(discord.channel) == 1


async def test_a_refusing_channel_is_reported_once_and_the_digest_posted_once_it_takes_it(
    store, hub
):
    await seed_week(store)
    discord = FakeDiscord()
    discord.refusing = True
    publishing = await publisher(store, discord)
    first = await publishing.run_digest(hub, DUE)
    swept = await publishing.run_due_digests([hub], DUE + timedelta(minutes=15))
    assert first.outcome is Outcome.CHANNEL_REFUSED
    assert [r.outcome for r in swept] == [Outcome.CHANNEL_REFUSED]
    assert discord.reported == [(DIGEST_CHANNEL, "2026-W46")]
    assert discord.channel == []

    discord.refusing = False
    later = await publishing.run_due_digests([hub], DUE + timedelta(minutes=30))
    again = await publishing.run_due_digests([hub], DUE + timedelta(minutes=45))
    assert [r.outcome for r in later] == [Outcome.POSTED, Outcome.ALREADY_DONE]
    assert [r.outcome for r in again] == [Outcome.ALREADY_DONE]
    assert len(discord.channel) == 1 and len(discord.reported) == 1


async def test_a_digest_due_during_downtime_is_posted_once_on_start_within_the_grace(store, hub):
    await seed_week(store)
    discord = FakeDiscord()
    started = DUE + timedelta(hours=20)
    first = await (await publisher(store, discord)).run_due_digests([hub], started)
    second = await (await publisher(store, discord)).run_due_digests(
        [hub], started + timedelta(minutes=1)
    )
    assert [r.outcome for r in first] == [Outcome.POSTED]
    assert [r.outcome for r in second] == [Outcome.ALREADY_DONE]
    assert len(discord.channel) == 1


async def test_a_crash_between_sending_and_recording_still_posts_once(store, hub):
    await seed_week(store)
    discord = FakeDiscord()
    discord.crash_after_next_post = True
    with pytest.raises(Crash):
        await (await publisher(store, discord)).run_digest(hub, DUE)
    run = await get_run(store, GUILD, "2026-W46")
    assert run.status == "sending" and run.message_ids == {}  # Discord has it; we don't know

    restarted = await (await publisher(store, discord)).run_due_digests(
        [hub], DUE + timedelta(minutes=2)
    )
    # The interrupted run is finished; the hub's due run is then that same, finished one.
    assert [r.outcome for r in restarted] == [Outcome.POSTED, Outcome.ALREADY_DONE]
    assert len(discord.channel) == 1  # the same nonce brought back the same message
    run = await get_run(store, GUILD, "2026-W46")
    assert run.status == "sent" and run.message_ids == {0: 5001}
    assert discord.by_nonce[message_nonce(GUILD, "2026-W46", 0)] == 5001


async def test_back_after_discord_forgot_the_nonce_the_digest_is_found_not_posted_again(store, hub):
    await seed_week(store)
    discord = FakeDiscord()
    discord.crash_after_next_post = True
    with pytest.raises(Crash):
        await (await publisher(store, discord)).run_digest(hub, DUE)
    discord.forget_nonces()

    restarted = await (await publisher(store, discord)).run_due_digests(
        [hub], DUE + timedelta(hours=3)
    )
    assert [r.outcome for r in restarted] == [Outcome.POSTED, Outcome.ALREADY_DONE]
    assert len(discord.channel) == 1
    assert (await get_run(store, GUILD, "2026-W46")).message_ids == {0: 5001}


async def test_an_uninterrupted_run_does_not_read_the_channel_back(store, hub):
    await seed_week(store)
    await subscribe(store, GUILD, ALICE, "en", DUE)
    discord = FakeDiscord()
    await (await publisher(store, discord)).run_digest(hub, DUE)
    assert discord.history_reads == 0 and len((await owed_letters(store))[ALICE]) == 1


async def test_beyond_the_grace_nothing_is_posted_and_the_miss_is_logged(store, hub, caplog):
    await seed_week(store)
    discord = FakeDiscord()
    with caplog.at_level(logging.WARNING, logger="bot.digest.publishing"):
        results = await (await publisher(store, discord)).run_due_digests(
            [hub], DUE + GRACE + timedelta(minutes=1)
        )
        again = await (await publisher(store, discord)).run_due_digests(
            [hub], DUE + GRACE + timedelta(hours=1)
        )
    assert [r.outcome for r in results] == [Outcome.MISSED]
    assert [r.outcome for r in again] == [Outcome.ALREADY_DONE]
    assert discord.channel == []
    missed = [r for r in caplog.records if "beyond the grace period" in r.getMessage()]
    assert len(missed) == 1 and "2026-W46" in missed[0].getMessage()


async def test_an_interrupted_run_found_after_the_grace_is_closed_as_missed(store, hub, caplog):
    await seed_week(store)
    discord = FakeDiscord()
    discord.crash_after_next_post = True
    with pytest.raises(Crash):
        await (await publisher(store, discord)).run_digest(hub, DUE)
    with caplog.at_level(logging.WARNING):
        results = await (await publisher(store, discord)).run_due_digests(
            [hub], DUE + timedelta(days=2)
        )
    assert Outcome.MISSED in [r.outcome for r in results]
    assert (await get_run(store, GUILD, "2026-W46")).status == "missed"


async def owed_letters(store):
    """The subscribers' own messages the runs owe: (member, the part as composed), by member."""
    rows = await store.fetch_all(
        "SELECT user_id, detail FROM outbox WHERE kind = 'personal_digest'"
        " ORDER BY user_id, item_id"
    )
    owed = {}
    for row in rows:
        [message] = Digest.from_json(row["detail"]).messages
        owed.setdefault(row["user_id"], []).append(message)
    return owed


async def test_subscribers_are_owed_only_what_matches_their_skills_once_a_week(store, hub):
    await seed_week(store)
    for member in (ALICE, BOB, CAROL):
        await subscribe(store, GUILD, member, "en", DUE - timedelta(days=1))
    discord = FakeDiscord()
    result = await (await publisher(store, discord)).run_digest(hub, DUE)
    assert result.direct_messages == 2
    owed = await owed_letters(store)
    assert set(owed) == {ALICE, BOB}  # Carol's copywriting matches nothing this week
    [message] = owed[ALICE]
    text = "\n".join(embed.get("description", "") for embed in message.embeds)
    assert "Django API for a clinic" in text and "Partner for a Python course" in text
    assert "coffee roaster" not in text
    await (await publisher(store, discord)).run_due_digests([hub], DUE + timedelta(hours=1))
    assert await owed_letters(store) == owed


async def test_a_quiet_week_posts_a_short_note_or_nothing_as_the_hub_chose(store, hub):
    discord = FakeDiscord()
    result = await (await publisher(store, discord)).run_digest(hub, DUE)
    assert result.outcome is Outcome.POSTED
    [(_, message, chart)] = discord.channel
    assert chart is None and message.embeds[0]["description"].startswith("A quiet week")

    silent = await save_hub(store, replace(hub, digest_quiet_note=False), DUE)
    next_week = await (await publisher(store, discord)).run_digest(silent, DUE + timedelta(days=7))
    assert next_week.outcome is Outcome.QUIET and len(discord.channel) == 1


async def test_a_run_that_died_before_finishing_owes_its_subscribers_once(store, hub):
    await seed_week(store)
    await subscribe(store, GUILD, ALICE, "id", DUE)
    discord = FakeDiscord()
    discord.crash_after_next_post = True
    with pytest.raises(Crash):
        await (await publisher(store, discord)).run_digest(hub, DUE)
    assert await owed_letters(store) == {}
    discord.forget_nonces()  # back much later

    result = await (await publisher(store, discord)).run_due_digests(
        [hub], DUE + timedelta(hours=2)
    )
    assert [r.direct_messages for r in result] == [1, 0]
    assert len(discord.channel) == 1
    assert (await get_run(store, GUILD, "2026-W46")).status == "sent"
    # Marked, so the outbox finds it in the member's DMs if it dies while sending it.
    [[message]] = (await owed_letters(store)).values()
    assert message.embeds[0]["url"] == "https://discord.com/channels/111"
    footer = message.embeds[-1]["footer"]["text"]
    assert footer.endswith("Ringkasan Mozaik · pekan mulai 9 Nov 2026 · 1/1")


async def test_a_hub_without_a_digest_channel_is_left_alone_without_warnings(store, hub, caplog):
    await seed_week(store)
    no_channel = await save_hub(store, replace(hub, digest_channel_id=None), DUE)
    discord = FakeDiscord()
    with caplog.at_level(logging.WARNING):
        late = await (await publisher(store, discord)).run_digest(no_channel, DUE + 2 * GRACE)
        due = await (await publisher(store, discord)).run_digest(no_channel, DUE)
    assert (late.outcome, due.outcome) == (Outcome.NO_CHANNEL, Outcome.NO_CHANNEL)
    assert discord.channel == [] and caplog.records == []
    assert await get_run(store, GUILD, "2026-W46") is None


# Two processes on one database: runs "run-a" and "run-b" of Mozaik.


async def test_a_run_another_process_is_sending_is_left_to_it_until_its_lease_expires(store, hub):
    await seed_week(store)
    await subscribe(store, GUILD, ALICE, "en", DUE)
    discord = FakeDiscord()
    discord.crash_after_next_post = True  # a's post made, then a stalls for good
    a = await publisher(store, discord, owner="run-a")
    b = await publisher(store, discord, owner="run-b")
    await serving(store, "run-a", "run-b", at=DUE)
    with pytest.raises(Crash):
        await a.run_digest(hub, DUE)

    soon = DUE + RUN_LEASE / 2
    await serving(store, "run-a", "run-b", at=soon)
    assert [r.outcome for r in await b.run_due_digests([hub], soon)] == [Outcome.ELSEWHERE]
    assert len(discord.channel) == 1 and await owed_letters(store) == {}

    expired = DUE + RUN_LEASE + timedelta(seconds=1)
    await serving(store, "run-a", "run-b", at=expired)
    taken_over = await b.run_due_digests([hub], expired)
    assert [r.outcome for r in taken_over] == [Outcome.POSTED, Outcome.ALREADY_DONE]
    assert len(discord.channel) == 1 and list(await owed_letters(store)) == [ALICE]


async def test_an_owner_that_stalled_past_its_lease_stops_without_writing(store, hub):
    await seed_week(store)
    await subscribe(store, GUILD, ALICE, "en", DUE)
    discord = FakeDiscord()
    discord.stalling = resume = asyncio.Event()
    a = await publisher(store, discord, owner="run-a")
    b = await publisher(store, discord, owner="run-b")
    await serving(store, "run-a", "run-b", at=DUE)
    stalled = asyncio.create_task(a.run_digest(hub, DUE))
    await asyncio.wait_for(discord.stalled.wait(), 5)

    expired = DUE + RUN_LEASE + timedelta(seconds=1)
    await serving(store, "run-a", "run-b", at=expired)
    finished = await b.run_due_digests([hub], expired)
    assert [r.outcome for r in finished] == [Outcome.POSTED, Outcome.ALREADY_DONE]
    owed = await owed_letters(store)
    assert list(owed) == [ALICE]

    resume.set()  # a's post returns, past its lease: b has taken the run over and finished it
    assert (await stalled).outcome is Outcome.ELSEWHERE
    assert len(discord.channel) == 1 and await owed_letters(store) == owed
    run = await get_run(store, GUILD, "2026-W46")
    assert (run.status, run.message_ids) == ("sent", {0: 5001})
