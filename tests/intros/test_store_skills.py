import asyncio
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bot.collab.model import CollabDraft, Kind, Status
from bot.collab.model import Compensation as CollabPay
from bot.collab.store.requests import create_request, get_request
from bot.gigs.model import (
    Compensation,
    PayPeriod,
)
from bot.gigs.store.records import create_gig, get_gig
from bot.intros.model import Availability, ProfileContent
from bot.intros.store.profiles import get_profile, save_profile
from bot.skills import HubSkill, hub_skill_slug, new_hub_alias, new_hub_merge, new_hub_skill
from bot.skills.store import (
    add_hub_alias,
    add_hub_skills,
    hub_taxonomy,
    hub_vocabulary,
    merge_hub_skills,
)
from bot.store import Store
from tests.gigs.factories import terms

HUB = 1
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
async def store(store_database):
    async with Store.open(store_database) as store:
        yield store


async def introduce(store, user_id, *skills):
    content = ProfileContent("Maker", "", skills, (), Availability.OPEN_TO_WORK)
    await save_profile(store, HUB, user_id, content, display_name="m", locale="en", now=NOW)


async def post_gig(store, *skills):
    gig_terms = terms(
        title="Label design",
        description="A label for our coffee.",
        skills=skills,
        compensation=Compensation("IDR", Decimal(1_000_000), None, PayPeriod.PROJECT),
    )
    return await create_gig(store, guild_id=HUB, poster_id=99, terms=gig_terms, now=NOW)


async def test_a_hub_skill_and_its_aliases_resolve_in_that_hub_only(store):
    taxonomy = await hub_taxonomy(store, HUB)
    added = new_hub_skill(taxonomy, "Kopi Roasting", ["sangrai kopi"], locale="id")
    await add_hub_skills(store, HUB, [added], added_by=5, now=NOW)
    hub = await hub_taxonomy(store, HUB)
    assert hub.resolve("kopi roasting") == hub.resolve("Sangrai Kopi") is not None
    assert (await hub_taxonomy(store, 2)).resolve("kopi roasting") is None


async def test_a_hubs_skills_added_at_once_keep_one_order_whatever_the_collation(store):
    # Code point order, SQLite's: a language's collation would put "c#" and "C++" elsewhere.
    added = [
        HubSkill(hub_skill_slug(name), name, (f"{name} dev", f"{name.lower()} pro"))
        for name in ("Cobol", "C++", "c#", "Çorba", "C")
    ]
    await add_hub_skills(store, HUB, added, added_by=5, now=NOW)
    vocabulary = await hub_vocabulary(store, HUB)
    assert [skill.slug for skill in vocabulary.skills] == sorted(s.slug for s in added)
    assert [alias.alias for alias in vocabulary.aliases] == sorted(
        alias for skill in added for alias in skill.aliases
    )


async def test_aliases_added_at_once_are_all_kept(store):
    # Each bumps the hub's one version: on PostgreSQL they conflict and the losers run again.
    taxonomy = await hub_taxonomy(store, HUB)
    names = ["ular", "py3", "piton", "cpython", "pyth", "snake"]
    aliases = [new_hub_alias(taxonomy, "python", name, locale="en") for name in names]
    await asyncio.gather(*(add_hub_alias(store, HUB, alias, NOW) for alias in aliases))
    vocabulary = await hub_vocabulary(store, HUB)
    assert {alias.alias for alias in vocabulary.aliases} == set(names)
    assert vocabulary.version == len(names)


async def test_the_taxonomy_is_cached_until_the_hub_changes_its_skills(store):
    first = await hub_taxonomy(store, HUB)
    assert await hub_taxonomy(store, HUB) is first
    await add_hub_alias(store, HUB, new_hub_alias(first, "python", "ular", locale="en"), NOW)
    changed = await hub_taxonomy(store, HUB)
    assert changed is not first
    assert changed.resolve("ular") == first.resolve("python")


async def test_merging_moves_every_profile_and_gig_once(store):
    await introduce(store, 1, "react", "nodejs")
    await introduce(store, 2, "javascript", "react")
    gig = await post_gig(store, "react", "typescript")
    both = await post_gig(store, "javascript", "react")
    taxonomy = await hub_taxonomy(store, HUB)
    counts = await merge_hub_skills(
        store, HUB, new_hub_merge(taxonomy, "ReactJS", "JavaScript", locale="en"), NOW
    )
    assert (counts.profiles, counts.gigs, counts.requests) == (2, 2, 0)
    assert (await get_profile(store, HUB, 1)).skills == ("javascript", "nodejs")
    assert (await get_profile(store, HUB, 2)).skills == ("javascript",)
    assert (await get_gig(store, gig.id)).terms.skills == ("javascript", "typescript")
    assert (await get_gig(store, both.id)).terms.skills == ("javascript",)
    merged = await hub_taxonomy(store, HUB)
    assert merged.resolve("react").slug == "javascript"


async def test_merging_moves_collaboration_requests_too(store):
    draft = CollabDraft(
        title="Co-founder for a coffee app",
        description="Looking for someone to build it with.",
        skills=("react", "seo"),
        kind=Kind.CO_FOUNDER,
        commitment="10 hours a week",
        compensation=CollabPay.EQUITY,
        partners_wanted=1,
    )
    request = await create_request(
        store, HUB, 99, draft, locale="en", status=Status.OPEN, now=NOW, expires_at=NOW
    )
    taxonomy = await hub_taxonomy(store, HUB)
    merge = new_hub_merge(taxonomy, "react", "javascript", locale="en")
    counts = await merge_hub_skills(store, HUB, merge, NOW)
    assert (counts.profiles, counts.gigs, counts.requests) == (0, 0, 1)
    assert set((await get_request(store, request.id)).skills) == {"javascript", "seo"}


async def test_merging_leaves_other_hubs_alone(store):
    await save_profile(
        store,
        2,
        1,
        ProfileContent("Maker", "", ("react",), (), Availability.OPEN_TO_WORK),
        display_name="m",
        locale="en",
        now=NOW,
    )
    taxonomy = await hub_taxonomy(store, HUB)
    await merge_hub_skills(
        store, HUB, new_hub_merge(taxonomy, "react", "javascript", locale="en"), NOW
    )
    assert (await get_profile(store, 2, 1)).skills == ("react",)
    assert (await hub_taxonomy(store, 2)).resolve("react").slug == "react"
