"""The weekly digest in the sandbox: the real bot, its scheduler's jobs fired at chosen instants."""

import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from digest_seed import introduction, open_request, published_gig

from bot.clock import ManualClock
from bot.digest.publishing import DigestPublisher, message_nonce
from bot.digest.run_lease import lease_until
from bot.digest.store.runs import start_run
from bot.digest.store.week import installed_features
from bot.hubs.model import default_hub
from bot.hubs.store import save_hub
from bot.reputation.model import Answer, EngagementKind
from bot.reputation.store.engagements import answer, ask
from bot.sandbox import Sandbox
from bot.sandbox.permissions import MANAGE_MESSAGES
from bot.store import Store
from cogs.digest import SWEEP_JOB, hub_job_id
from tests.support.outbox import drained

JAKARTA_DUE = datetime(2026, 11, 9, 2, 0, tzinfo=UTC)  # Monday 9 November, 09:00 in Jakarta
WEEK = timedelta(days=7)


def a_hub(sandbox: Sandbox, shard: tuple[int, int] | None = None):
    return sandbox.add_guild(
        "Kreatif Jakarta",
        channels=("general", "gigs", "collab", "intros", "digest"),
        roles={"Moderators": MANAGE_MESSAGES},
        shard=shard,
    )


async def configure(settings, hub, **changes):
    """What /hub setup leaves behind: the hub's channels, moderators, language and timezone."""
    settings_row = replace(
        default_hub(hub.id, settings.hub_defaults),
        locale="en",
        gigs_channel_id=hub.channel("gigs").id,
        collab_channel_id=hub.channel("collab").id,
        intros_channel_id=hub.channel("intros").id,
        digest_channel_id=hub.channel("digest").id,
        moderator_role_ids=frozenset({hub.role("Moderators").id}),
        **changes,
    )
    async with Store.open(settings.database) as store:
        return await save_hub(store, settings_row, JAKARTA_DUE - 4 * WEEK)


async def confirmed_work(settings, hub, at):
    """A gig's poster named who did it and they confirmed, at `at`."""
    async with Store.open(settings.database) as store:
        (named,) = await ask(
            store, hub.id, EngagementKind.GIG, at.toordinal(), 11, [12], at, asker_says_yes=True
        )
        await answer(store, named, 12, Answer.YES, at, confirms=True)
        async with store.transaction() as db:
            # Members 11 and 12 are not on Discord: the news the confirmation owes is not sent.
            await db.execute("DELETE FROM outbox WHERE kind = 'work_confirmed'")


async def seed_week(settings, hub, due):
    """Two gigs and a request this week, an introduction; what the members posted."""
    monday = due - WEEK
    gigs, collab, intros = (hub.channel(name).id for name in ("gigs", "collab", "intros"))
    async with Store.open(settings.database) as store:
        await published_gig(
            store,
            hub.id,
            "Logo for a coffee roaster",
            ["graphic-design"],
            at=monday + timedelta(days=1),
            channel_id=gigs,
            message_id=7001,
        )
        await published_gig(
            store,
            hub.id,
            "Django API for a clinic",
            ["python", "django"],
            at=monday + timedelta(days=2),
            channel_id=gigs,
            message_id=7002,
        )
        await published_gig(
            store,
            hub.id,
            "Closing soon: photo shoot",
            ["photography"],
            at=monday - 3 * WEEK,
            channel_id=gigs,
            message_id=7003,
            expires_at=due + timedelta(days=2),
        )
        await open_request(
            store,
            hub.id,
            "Partner for a Python course",
            ["python"],
            at=monday + timedelta(days=3),
            channel_id=collab,
            message_id=7004,
        )
        await introduction(
            store,
            hub.id,
            4242,
            "Illustrator and animator",
            ["illustration"],
            at=monday + timedelta(days=4),
            channel_id=intros,
            message_id=7005,
        )


def digest_cog(bot):
    return bot.get_cog("DigestCog")


async def fire(bot, clock, guild_id, previous=None):
    """Move the clock to the hub's job's next fire time and run the job, as the scheduler does."""
    job = bot.scheduler.get_job(hub_job_id(guild_id))
    fire_at = job.trigger.get_next_fire_time(previous, previous or clock.now())
    clock.set(fire_at)
    await job.func(*job.args)
    return fire_at


def texts(messages):
    return "\n".join(message.text for message in messages)


async def test_the_job_fires_at_nine_in_jakarta_and_posts_the_weeks_digest_with_its_chart(
    sandbox, settings
):
    hub = a_hub(sandbox)
    await configure(settings, hub)
    await seed_week(settings, hub, JAKARTA_DUE)
    await confirmed_work(settings, hub, JAKARTA_DUE - timedelta(days=2))
    await confirmed_work(settings, hub, JAKARTA_DUE - 2 * WEEK)  # a week before: not counted
    clock = ManualClock(JAKARTA_DUE - timedelta(days=1))  # Sunday
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await digest_cog(bot).due_at_start
        assert await fire(bot, clock, hub.id) == JAKARTA_DUE  # 02:00 UTC
        [message] = sandbox.messages(hub.channel("digest"))
    titles = [embed["title"] for embed in message.embeds]
    assert titles == [
        "Weekly digest · week of Nov 2, 2026",
        "🆕 New gigs (2)",
        "⏳ Closing in the next 7 days (1)",
        "🤝 Open collaboration requests (1)",
        "👋 New introductions (1)",
    ]
    text = message.text
    gigs, collab, intros = (hub.channel(name).id for name in ("gigs", "collab", "intros"))
    link = f"https://discord.com/channels/{hub.id}"
    assert f"[Django API for a clinic]({link}/{gigs}/7002) · Python, Django" in text
    assert f"[Closing soon: photo shoot]({link}/{gigs}/7003)" in text
    assert f"[Partner for a Python course]({link}/{collab}/7004)" in text
    assert f"<@4242> · [Illustrator and animator]({link}/{intros}/7005)" in text
    assert (
        "Gigs posted: **2** · Filled: **0** · Collaborations matched: **0**"
        " · Work confirmed through the hub: **1**"
    ) in text
    [chart] = message.attachments
    assert chart.filename == "skills.png" and chart.data.startswith(b"\x89PNG")
    assert message.embeds[0]["image"]["url"].endswith("skills.png")
    assert message.pings.nobody


async def test_in_amsterdam_the_digest_stays_at_nine_local_across_the_october_change(
    sandbox, settings
):
    hub = a_hub(sandbox)
    await configure(settings, hub, timezone="Europe/Amsterdam")
    before_change = datetime(2026, 10, 19, 7, 0, tzinfo=UTC)  # 09:00 CEST
    await seed_week(settings, hub, before_change)
    clock = ManualClock(datetime(2026, 10, 18, tzinfo=UTC))
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await digest_cog(bot).due_at_start
        first = await fire(bot, clock, hub.id)
        second = await fire(bot, clock, hub.id, previous=first)
        digests = sandbox.messages(hub.channel("digest"))
    assert (first, second) == (before_change, datetime(2026, 10, 26, 8, 0, tzinfo=UTC))  # 09:00 CET
    assert [m.embeds[0]["title"] for m in digests] == [
        "Weekly digest · week of Oct 12, 2026",
        "Weekly digest · week of Oct 19, 2026",
    ]
    assert "Django API for a clinic" in digests[0].text and "Django" not in digests[1].text


async def test_three_hundred_new_gigs_are_split_within_limits_and_the_rest_counted(
    sandbox, settings
):
    hub = a_hub(sandbox)
    await configure(settings, hub)
    gigs = hub.channel("gigs").id
    async with Store.open(settings.database) as store:
        for number in range(300):
            await published_gig(
                store,
                hub.id,
                f"Senior product designer for a fintech onboarding redesign, batch {number}",
                ["ui-design", "ux-research", "figma", "prototyping", "design-systems"],
                at=JAKARTA_DUE - timedelta(days=6, minutes=number),
                channel_id=gigs,
                message_id=10**18 + number,
                expires_at=JAKARTA_DUE + timedelta(days=3),
                featured_until=JAKARTA_DUE + WEEK if number < 8 else None,
            )
    clock = ManualClock(JAKARTA_DUE)
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await digest_cog(bot).due_at_start
        digests = sandbox.messages(hub.channel("digest"))
    assert len(digests) >= 2
    assert all(len(m.embeds) <= 10 for m in digests)
    text, gig_list = texts(digests), sandbox.mention("gig list")
    assert "🆕 New gigs (300)" in text
    assert f"…and 280 more: {gig_list}" in text  # 20 new gigs listed
    assert f"…and 290 more: {gig_list}" in text  # 10 closing soon listed
    assert f"…and 3 more: {gig_list}" in text  # 5 of 8 featured listed
    assert [len(m.attachments) for m in digests] == [1] + [0] * (len(digests) - 1)
    assert sandbox.violations == []


async def test_a_digest_due_during_downtime_is_posted_once_on_start_and_never_again(
    sandbox, settings
):
    hub = a_hub(sandbox)
    await configure(settings, hub)
    await seed_week(settings, hub, JAKARTA_DUE)
    clock = ManualClock(JAKARTA_DUE + timedelta(hours=5))  # down over Monday morning
    for _ in range(2):  # a start, then a restart
        async with sandbox.run_bot(settings, clock=clock) as bot:
            await digest_cog(bot).due_at_start
            await digest_cog(bot).run_due_digests()  # the sweep, for good measure
        clock.advance(timedelta(minutes=3))
    assert len(sandbox.messages(hub.channel("digest"))) == 1
    sent = [
        e
        for e in sandbox.exchanges
        if e.method == "POST" and e.path.endswith(f"/channels/{hub.channel('digest').id}/messages")
    ]
    [body] = [e.sent for e in sent]
    payload = body if "nonce" in body else body["payload_json"]
    assert payload["nonce"] == message_nonce(hub.id, "2026-W46", 0)
    assert payload["enforce_nonce"] is True


async def test_sharded_bots_on_one_database_each_schedule_and_post_only_their_own_hubs(
    sandbox, settings
):
    east, west = a_hub(sandbox, shard=(0, 2)), a_hub(sandbox, shard=(1, 2))
    for hub in (east, west):
        await configure(settings, hub)
        await seed_week(settings, hub, JAKARTA_DUE)
    clock = ManualClock(JAKARTA_DUE + timedelta(hours=5))  # both due while nothing ran
    async with (
        sandbox.run_bot(settings, clock=clock, shards=[0], shard_count=2) as zero,
        sandbox.run_bot(settings, clock=clock, shards=[1], shard_count=2) as one,
    ):
        ran = {name: await digest_cog(bot).due_at_start for name, bot in (("0", zero), ("1", one))}
        for bot, own, other in ((zero, east, west), (one, west, east)):
            assert bot.scheduler.get_job(hub_job_id(own.id)) is not None
            assert bot.scheduler.get_job(hub_job_id(other.id)) is None

    assert [result.guild_id for result in ran["0"]] == [east.id]
    assert [result.guild_id for result in ran["1"]] == [west.id]
    assert len(sandbox.messages(east.channel("digest"))) == 1
    assert len(sandbox.messages(west.channel("digest"))) == 1


async def test_a_run_interrupted_before_its_first_message_is_finished_on_restart(sandbox, settings):
    hub = a_hub(sandbox)
    hub_settings = await configure(settings, hub)
    await seed_week(settings, hub, JAKARTA_DUE)
    async with Store.open(settings.database) as store:  # the bot died right after claiming the week
        await start_run(
            store,
            hub.id,
            "2026-W46",
            JAKARTA_DUE,
            hub_settings.digest_channel_id,
            await _composed(store, hub_settings),
            JAKARTA_DUE,
            owner="the-run-that-died",
            lease_until=lease_until(JAKARTA_DUE),
        )
    clock = ManualClock(JAKARTA_DUE + timedelta(minutes=10))
    async with sandbox.run_bot(settings, clock=clock) as bot:
        results = await digest_cog(bot).due_at_start
    assert [r.outcome for r in results] == ["posted", "already_done"]
    assert len(sandbox.messages(hub.channel("digest"))) == 1


async def _composed(store, hub):
    features = await installed_features(store)
    publisher = DigestPublisher(store, outbox=None, grace=timedelta(hours=24), features=features)
    return (await publisher.compose(hub, JAKARTA_DUE)).to_json()


async def test_beyond_the_grace_the_digest_is_not_posted_and_the_miss_is_logged(
    sandbox, settings, caplog
):
    hub = a_hub(sandbox)
    await configure(settings, hub)
    await seed_week(settings, hub, JAKARTA_DUE)
    clock = ManualClock(JAKARTA_DUE + timedelta(hours=25))
    with caplog.at_level(logging.WARNING, logger="bot.digest.publishing"):
        async with sandbox.run_bot(settings, clock=clock) as bot:
            await digest_cog(bot).due_at_start
    assert sandbox.messages(hub.channel("digest")) == []
    [missed] = [
        r.getMessage() for r in caplog.records if "beyond the grace period" in r.getMessage()
    ]
    assert "2026-W46" in missed and "1 day, 1:00:00 ago" in missed


async def test_subscribers_get_their_matches_by_dm_and_closed_dms_are_skipped(sandbox, settings):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice", locale="id")
    bob = hub.add_member("bob", accepts_dms=False)
    carol = hub.add_member("carol")
    await configure(settings, hub)
    await seed_week(settings, hub, JAKARTA_DUE)
    async with Store.open(settings.database) as store:
        past = JAKARTA_DUE - 10 * WEEK
        await introduction(store, hub.id, alice.id, "Backend developer", ["python"], at=past)
        await introduction(store, hub.id, bob.id, "Designer", ["graphic-design"], at=past)
        await introduction(store, hub.id, carol.id, "Writer", ["copywriting"], at=past)
    clock = ManualClock(JAKARTA_DUE - timedelta(hours=1))
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await digest_cog(bot).due_at_start
        for member in (alice, bob, carol):
            reply = await sandbox.slash(member, "digest subscribe")
            assert reply.ephemeral
        assert "Kamu sudah berlangganan sebelumnya" in reply_text(
            await sandbox.slash(alice, "digest subscribe")
        )
        await fire(bot, clock, hub.id)
        assert await drained(bot) == {"sent": 1, "closed": 1}  # Bob does not accept DMs
    [dm] = sandbox.dms(alice)
    assert dm.embeds[0]["title"] == "Yang cocok untukmu pekan ini di Kreatif Jakarta"
    assert "Django API for a clinic" in dm.text and "Partner for a Python course" in dm.text
    assert "coffee roaster" not in dm.text and "photo shoot" not in dm.text
    assert sandbox.dms(bob) == [] and sandbox.dms(carol) == []
    [refused] = sandbox.take_violations()
    assert refused.code == 50007
    assert len(sandbox.messages(hub.channel("digest"))) == 1


def reply_text(reply):
    return reply.content or (reply.message.text if reply.message else "")


async def test_moderators_preview_post_now_and_reschedule_and_members_cannot(sandbox, settings):
    hub = a_hub(sandbox)
    moderator = hub.add_member("mod", roles=["Moderators"])
    member = hub.add_member("member")
    await configure(settings, hub)
    await seed_week(settings, hub, JAKARTA_DUE)
    digest = hub.channel("digest")
    clock = ManualClock(JAKARTA_DUE - timedelta(days=1))
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await digest_cog(bot).due_at_start
        preview = await sandbox.slash(moderator, "digest preview")
        shown = await preview.wait_followup()
        assert shown.ephemeral and "as it would be posted now" in shown.text
        assert "Django API for a clinic" in shown.text
        assert shown.attachments[0].filename == "skills.png"
        assert sandbox.messages(digest) == []

        posted = await sandbox.slash(moderator, "digest now")
        assert "Posted the digest in" in (await posted.wait_followup()).text
        assert len(sandbox.messages(digest)) == 1
        await fire(bot, clock, hub.id)  # the weekly one still comes on Monday
        assert len(sandbox.messages(digest)) == 2

        changed = await sandbox.slash(
            moderator, "digest schedule", day="4", time="17:30", timezone="Europe/Amsterdam"
        )
        assert "every Friday at 17:30 (Europe/Amsterdam)" in reply_text(changed)
        job = bot.scheduler.get_job(hub_job_id(hub.id))
        friday = datetime(2026, 11, 13, 16, 30, tzinfo=UTC)  # 17:30 CET
        assert job.trigger.get_next_fire_time(None, clock.now()) == friday

        refused = await sandbox.slash(member, "digest now")
        assert refused.ephemeral
        assert reply_text(refused).startswith("Only the hub's moderators can preview the digest")
        bad = await sandbox.slash(moderator, "digest schedule", day="0", time="25:00")
        assert 'can\'t read "25:00" as a time' in reply_text(bad)
    assert len(sandbox.messages(digest)) == 2


async def test_a_hub_set_up_while_the_bot_runs_gets_its_job_from_the_sweep(sandbox, settings):
    hub = a_hub(sandbox)
    clock = ManualClock(JAKARTA_DUE + timedelta(hours=1))
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await digest_cog(bot).due_at_start
        assert bot.scheduler.get_job(hub_job_id(hub.id)) is None
        await configure(settings, hub)  # an admin ran /hub setup
        await seed_week(settings, hub, JAKARTA_DUE)
        sweep = bot.scheduler.get_job(SWEEP_JOB)
        await sweep.func(*sweep.args)
        job = bot.scheduler.get_job(hub_job_id(hub.id))
        assert job.trigger.get_next_fire_time(None, clock.now()) == JAKARTA_DUE + WEEK
        assert len(sandbox.messages(hub.channel("digest"))) == 1  # still due: posted


async def test_unloading_the_digest_removes_its_jobs(sandbox, settings):
    hub = a_hub(sandbox)
    await configure(settings, hub)
    async with sandbox.run_bot(settings, clock=ManualClock(JAKARTA_DUE)) as bot:
        await digest_cog(bot).due_at_start
        assert {job.id for job in bot.scheduler.get_jobs()} >= {SWEEP_JOB, hub_job_id(hub.id)}
        await bot.unload_extension("cogs.digest")
        assert [job.id for job in bot.scheduler.get_jobs() if job.id.startswith("digest:")] == []


async def test_a_time_zone_changed_in_hub_setup_moves_the_weekly_job_at_once(sandbox, settings):
    hub = a_hub(sandbox)
    await configure(settings, hub)
    clock = ManualClock(JAKARTA_DUE + timedelta(hours=1))
    async with sandbox.run_bot(settings, clock=clock) as bot:
        await digest_cog(bot).due_at_start
        await sandbox.slash(hub.owner, "hub setup", timezone="Europe/Amsterdam")
        job = bot.scheduler.get_job(hub_job_id(hub.id))
        amsterdam_monday_nine = datetime(2026, 11, 9, 8, 0, tzinfo=UTC)  # 09:00 CET, this Monday
        assert job.trigger.get_next_fire_time(None, clock.now()) == amsterdam_monday_nine
