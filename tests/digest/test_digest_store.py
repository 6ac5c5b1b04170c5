import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from digest_seed import close_gig_as_filled, introduction, open_request, published_gig

from bot.config import HubDefaults
from bot.digest.run_lease import lease_until
from bot.digest.store.runs import (
    finish_run,
    get_run,
    record_part,
    start_run,
    subscribe,
    subscribers,
    unfinished_runs,
    unsubscribe,
)
from bot.digest.store.week import installed_features, load_week, member_skills
from bot.hubs.store import get_hub, save_hub
from bot.store import Store

GUILD = 111
GIGS, INTROS, COLLAB = 10, 20, 30
END = datetime(2026, 11, 9, 2, 0, tzinfo=UTC)  # Monday 09:00 in Jakarta
START = END - timedelta(days=7)


def day(n, hour=5):
    """A time on day n of the week (0 is the Monday it starts)."""
    return START + timedelta(days=n, hours=hour)


@pytest.fixture
async def store(store_database):
    async with Store.open(store_database) as store:
        await save_hub(store, replace(await get_hub(store, GUILD, HubDefaults())), START)
        yield store


async def test_every_feature_is_found_installed(store):
    assert await installed_features(store) == {"gigs", "profiles", "collab", "reputation"}


async def test_the_week_is_read_from_what_the_features_stored(store):
    new = await published_gig(
        store,
        GUILD,
        "Logo for a coffee roaster",
        ["graphic-design", "illustration"],
        at=day(1),
        channel_id=GIGS,
        message_id=1001,
    )
    await published_gig(
        store,
        GUILD,
        "Shopify theme fixes",
        ["web-development"],
        at=START - timedelta(days=20),
        channel_id=GIGS,
        message_id=1002,
        expires_at=END + timedelta(days=3),
        featured_until=END + timedelta(days=10),
    )
    filled = await published_gig(store, GUILD, "Product photos", ["photography"], at=day(2))
    await close_gig_as_filled(store, filled, day(4))
    await published_gig(store, GUILD, "Old and open", ["seo"], at=START - timedelta(days=40))
    await published_gig(store, 999, "Another hub's gig", ["seo"], at=day(1))
    await introduction(
        store,
        GUILD,
        7,
        "Illustrator and animator",
        ["illustration", "animation"],
        at=day(3),
        channel_id=INTROS,
        message_id=2001,
    )
    await introduction(
        store, GUILD, 8, "Photographer", ["photography"], at=START - timedelta(days=30)
    )
    recent = await open_request(
        store,
        GUILD,
        "Co-founder for a batik shop",
        ["marketing"],
        at=day(5),
        channel_id=COLLAB,
        message_id=3001,
    )
    await open_request(store, GUILD, "Study buddy for AWS", ["aws"], at=START - timedelta(days=9))

    week = await load_week(store, GUILD, START, END, frozenset({"gigs", "profiles", "collab"}))

    assert [g.title for g in week.new_gigs] == ["Logo for a coffee roaster"]
    assert week.new_gigs[0].url == "https://discord.com/channels/111/10/1001"
    assert week.new_gigs[0].skills == ("graphic-design", "illustration")
    assert week.new_gigs[0].author_id == new.poster_id
    assert [g.title for g in week.featured] == ["Shopify theme fixes"]
    assert [g.title for g in week.closing_soon] == ["Shopify theme fixes"]
    assert week.closing_soon[0].closes_at == END + timedelta(days=3)
    assert [(i.author_id, i.title) for i in week.new_intros] == [(7, "Illustrator and animator")]
    assert week.new_intros[0].url == "https://discord.com/channels/111/20/2001"
    assert [r.title for r in week.open_requests] == [recent.title, "Study buddy for AWS"]
    assert week.open_requests[0].url == "https://discord.com/channels/111/30/3001"
    assert (week.counts.posted, week.counts.filled, week.counts.matched) == (2, 1, 0)
    demand = {s.skill: (s.asked, s.offered) for s in week.skills}
    assert demand["illustration"] == (1, 1)
    assert demand["photography"] == (1, 1)
    assert demand["animation"] == (0, 1)
    assert "seo" not in demand
    assert await member_skills(store, GUILD, 7) == {"illustration", "animation"}


async def test_each_listing_carries_its_own_skills_in_their_order(store):
    await published_gig(store, GUILD, "Brand refresh", ["seo", "graphic-design"], at=day(1))
    await published_gig(store, GUILD, "Landing page", ["web-development"], at=day(2))
    await introduction(store, GUILD, 7, "Animator", ["animation", "illustration"], at=day(3))
    await introduction(store, 999, 7, "Elsewhere", ["photography"], at=day(3))
    await open_request(store, GUILD, "Zine partner", ["illustration", "writing"], at=day(4))

    week = await load_week(store, GUILD, START, END, frozenset({"gigs", "profiles", "collab"}))

    assert [(g.title, g.skills) for g in week.new_gigs] == [
        ("Landing page", ("web-development",)),
        ("Brand refresh", ("seo", "graphic-design")),
    ]
    assert [i.skills for i in week.new_intros] == [("animation", "illustration")]
    assert [r.skills for r in week.open_requests] == [("illustration", "writing")]


async def test_a_feature_not_installed_leaves_its_sections_out(store):
    week = await load_week(store, GUILD, START, END, frozenset({"gigs"}))
    assert week.new_gigs == () and week.new_intros is None and week.open_requests is None
    assert week.counts.matched is None


A, B = "run-a", "run-b"  # two processes' runs of Mozaik (bot/instance.py THIS_RUN)


async def test_a_week_has_one_run_whose_parts_are_recorded_as_they_are_sent(store):
    lease = lease_until(END)
    assert await start_run(store, GUILD, "2026-W46", END, 40, "{}", END, owner=A, lease_until=lease)
    assert not await start_run(
        store, GUILD, "2026-W46", END, 40, "{}", END, owner=B, lease_until=lease
    )
    started = await get_run(store, GUILD, "2026-W46")
    assert await record_part(store, started, 0, 5001, owner=A, lease_until=lease)
    run = await get_run(store, GUILD, "2026-W46")
    assert (run.status, run.message_ids, run.due_at) == ("sending", {0: 5001}, END)
    assert [r.iso_week for r in await unfinished_runs(store)] == ["2026-W46"]
    assert await finish_run(store, run, "sent", END, owner=A)
    assert (await get_run(store, GUILD, "2026-W46")).status == "sent"
    assert await unfinished_runs(store) == []


async def test_members_subscribe_once_and_can_stop(store):
    assert await subscribe(store, GUILD, 7, "id", END)
    assert not await subscribe(store, GUILD, 7, "en", END)
    assert [(s.user_id, s.locale) for s in await subscribers(store, GUILD)] == [(7, "en")]
    assert await unsubscribe(store, GUILD, 7)
    assert not await unsubscribe(store, GUILD, 7)
    assert await subscribers(store, GUILD) == []


async def test_two_clicks_at_once_subscribe_the_member_once(store):
    clicks = await asyncio.gather(*(subscribe(store, GUILD, 7, "en", END) for _ in range(5)))
    assert sorted(clicks) == [False] * 4 + [True]
    assert [s.user_id for s in await subscribers(store, GUILD)] == [7]
