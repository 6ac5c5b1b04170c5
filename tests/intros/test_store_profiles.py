import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.digest.store.week import load_week
from bot.gigs.store.records import create_gig
from bot.instance import THIS_RUN
from bot.intros.form import IntroForm
from bot.intros.model import Availability, ProfileContent
from bot.intros.search import PAGE_SIZE
from bot.intros.store.alerts import matched_skills, queue_skill_alerts
from bot.intros.store.people import find_page, find_people_by_skill, headlines
from bot.intros.store.posts import claim_posting, unposted
from bot.intros.store.profiles import (
    get_draft,
    get_profile,
    mark_departed,
    mark_present,
    purge_departed,
    record_post,
    remove_profile,
    save_draft,
    save_profile,
    set_skill_alerts,
)
from bot.store import Store
from tests.intros.e2e import gig_terms

HUB = 1
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
async def store(store_database):
    async with Store.open(store_database) as store:
        yield store


def content(*skills: str, availability=Availability.OPEN_TO_WORK, headline="Designer"):
    return ProfileContent(
        headline=headline,
        about="",
        skills=skills,
        links=(),
        availability=availability,
    )


async def offered_skills(store):
    """The skills the weekly digest says the hub's members offer, with how many offer each."""
    week = await load_week(store, HUB, NOW, NOW, frozenset({"profiles"}))
    return {s.skill: s.offered for s in week.skills}


async def introduce(store, user_id, *skills, at=NOW, guild_id=HUB, run=THIS_RUN, **kwargs):
    profile, _ = await save_profile(
        store,
        guild_id,
        user_id,
        content(*skills, **kwargs),
        display_name=f"member {user_id}",
        locale="id",
        now=at,
        run=run,
    )
    return profile


async def test_saving_claims_the_post_and_takes_over_the_claim_of_a_run_that_died(store):
    await introduce(store, 7, "python", run="a run that died")
    assert await unposted(store) == []  # no hub with an introductions channel yet
    later = NOW + timedelta(seconds=5)
    _, claim = await save_profile(
        store, HUB, 7, content("python"), display_name="member 7", locale="id", now=later
    )
    assert claim is not None and claim.interrupted_at == NOW  # it may have posted already
    assert await claim_posting(store, HUB, 7, later) is None  # this run is on it
    await record_post(store, HUB, 7, channel_id=50, message_id=500)
    assert await claim_posting(store, HUB, 7, later, run="another run") is None  # posted


async def test_saving_again_replaces_the_profile_and_keeps_where_it_was_posted(store):
    await introduce(store, 7, "python", "seo")
    await record_post(store, HUB, 7, channel_id=50, message_id=500)
    later = NOW + timedelta(days=1)
    saved = await introduce(store, 7, "copywriting", at=later, headline="Writer")
    assert saved.skills == ("copywriting",)
    assert saved.content.headline == "Writer"
    assert (saved.post_channel_id, saved.post_message_id) == (50, 500)
    assert (saved.created_at, saved.updated_at) == (NOW, later)


async def test_ranking_puts_both_skills_first_then_availability_then_the_latest_update(store):
    await introduce(store, 1, "python", at=NOW + timedelta(hours=3))
    await introduce(store, 2, "python", "seo", availability=Availability.NOT_AVAILABLE)
    await introduce(store, 3, "seo", availability=Availability.OPEN_TO_COLLABORATE)
    await introduce(store, 4, "python", at=NOW + timedelta(hours=5))
    await introduce(store, 5, "copywriting")
    found = await find_people_by_skill(store, HUB, ["python", "seo"])
    assert [person.user_id for person in found] == [2, 4, 1, 3]
    assert found[0].matched_skills == ("python", "seo")
    only_collaborators = await find_people_by_skill(
        store, HUB, ["python", "seo"], availability=Availability.OPEN_TO_COLLABORATE
    )
    assert [person.user_id for person in only_collaborators] == [3]


async def test_pages_cover_three_hundred_profiles_once_each(store):
    for user_id in range(1, 301):
        skills = ("python", "seo") if user_id % 3 == 0 else ("python",)
        await introduce(store, user_id, *skills, at=NOW + timedelta(seconds=user_id))
    seen = []
    page = await find_page(store, HUB, ["python", "seo"])
    while True:
        seen.extend(person.user_id for person in page.people)
        if not page.has_next:
            break
        page = await find_page(store, HUB, ["python", "seo"], page=page.number + 1)
    assert page.count == 300 // PAGE_SIZE and page.total == 300
    assert sorted(seen) == list(range(1, 301))
    assert all(user_id % 3 == 0 for user_id in seen[:100])
    assert all(user_id % 3 != 0 for user_id in seen[100:])
    past_the_end = await find_page(store, HUB, ["python"], page=99)
    assert past_the_end.number == page.number


async def test_other_hubs_and_departed_members_are_not_found(store):
    await introduce(store, 1, "python")
    await introduce(store, 2, "python", guild_id=2)
    await introduce(store, 3, "python")
    assert await mark_departed(store, HUB, 3, NOW)
    assert not await mark_departed(store, HUB, 3, NOW)
    assert [p.user_id for p in await find_people_by_skill(store, HUB, ["python"])] == [1]
    assert await offered_skills(store) == {"python": 1}
    await mark_present(store, HUB, 3)
    assert len(await find_people_by_skill(store, HUB, ["python"])) == 2


async def test_departed_profiles_are_purged_after_thirty_days_with_all_they_left(store):
    await introduce(store, 1, "python")
    await introduce(store, 2, "python")
    await record_post(store, HUB, 1, channel_id=50, message_id=501)
    await mark_departed(store, HUB, 1, NOW)
    assert await purge_departed(store, NOW + timedelta(days=29)) == []
    purged = await purge_departed(store, NOW + timedelta(days=30, seconds=1))
    assert [(p.user_id, p.post_message_id) for p in purged] == [(1, 501)]
    assert await get_profile(store, HUB, 1) is None
    assert await get_profile(store, HUB, 2) is not None
    rows = await store.fetch_all("SELECT * FROM profile_skills WHERE user_id = 1")
    assert rows == []


async def test_removing_a_profile_leaves_no_trace(store):
    await introduce(store, 1, "python")
    await set_skill_alerts(store, HUB, 1, True)
    gig = await create_gig(store, guild_id=HUB, poster_id=2, terms=gig_terms("python"), now=NOW)
    async with store.transaction() as db:
        assert await queue_skill_alerts(db, gig.id, NOW) == 1
    await save_draft(store, HUB, 1, IntroForm(headline="draft"), NOW)
    removed = await remove_profile(store, HUB, 1, NOW)
    assert removed is not None and removed.user_id == 1
    for table in ("profiles", "profile_skills", "profile_drafts", "outbox"):
        assert await store.fetch_all(f"SELECT * FROM {table}") == [], table
    assert await remove_profile(store, HUB, 1, NOW) is None


async def test_drafts_are_kept_until_saved_or_a_week_old(store):
    form = IntroForm(headline="Half done", skills="pyhton")
    await save_draft(store, HUB, 1, form, NOW)
    assert await get_draft(store, HUB, 1) == form
    await purge_departed(store, NOW + timedelta(days=8))
    assert await get_draft(store, HUB, 1) is None
    await save_draft(store, HUB, 1, form, NOW)
    await introduce(store, 1, "python")
    assert await get_draft(store, HUB, 1) is None


async def test_what_other_features_read(store):
    await introduce(store, 1, "python", headline="Backend developer")
    await introduce(store, 2, "python", "seo", availability=Availability.OPEN_TO_COLLABORATE)
    await introduce(store, 3, "seo", availability=Availability.OPEN_TO_COLLABORATE)
    await introduce(
        store, 4, "seo", availability=Availability.OPEN_TO_COLLABORATE, at=NOW - timedelta(days=8)
    )
    assert await headlines(store, HUB, [1, 5]) == {1: "Backend developer"}
    collaborators = await find_people_by_skill(
        store,
        HUB,
        ["python", "seo"],
        availability=Availability.OPEN_TO_COLLABORATE,
        exclude=[3],
        limit=5,
    )
    assert [p.user_id for p in collaborators] == [2, 4]
    week = await load_week(
        store, HUB, NOW - timedelta(days=7), NOW + timedelta(hours=1), frozenset({"profiles"})
    )
    assert [i.author_id for i in week.new_intros] == [1, 2, 3]
    assert {s.skill: s.offered for s in week.skills} == {"python": 2, "seo": 3}


async def test_alert_recipients_are_opted_in_matching_members_but_never_the_poster(store):
    await introduce(store, 1, "python")
    await introduce(store, 2, "seo")
    await introduce(store, 3, "python", "seo")
    await introduce(store, 4, "copywriting")
    await introduce(store, 5, "python")
    for user_id in (1, 2, 3, 4):
        assert await set_skill_alerts(store, HUB, user_id, True)
    assert not await set_skill_alerts(store, HUB, 42, True)
    gig = await create_gig(
        store, guild_id=HUB, poster_id=1, terms=gig_terms("seo", "python"), now=NOW
    )
    async with store.transaction() as db:
        assert await queue_skill_alerts(db, gig.id, NOW) == 2
    rows = await store.fetch_all("SELECT user_id, detail FROM outbox ORDER BY user_id")
    assert [(row["user_id"], matched_skills(row["detail"])) for row in rows] == [
        (2, ("seo",)),
        (3, ("seo", "python")),
    ]
    async with store.transaction() as db:
        assert await queue_skill_alerts(db, gig.id, NOW) == 0  # owed once per gig and member


async def test_members_introducing_themselves_at_once_with_one_skill_are_all_saved(store):
    # On PostgreSQL their saves change one count of the skill's members and conflict: the
    # losers are run again, not refused.
    await asyncio.gather(*(introduce(store, user_id, "python") for user_id in range(1, 7)))
    assert await offered_skills(store) == {"python": 6}
    assert len(await find_people_by_skill(store, HUB, ["python"])) == 6
