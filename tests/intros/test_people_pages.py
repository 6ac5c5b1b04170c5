"""Finding people reads `people_ranked`, kept by triggers: over random small hubs, changed in
every way a hub changes, it finds who a plain reading of the profiles finds, in the same order,
page after page. On each engine, but for the migration's own fill, which replays SQLite's script."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.intros.model import Availability
from bot.intros.search import PAGE_SIZE, Page, PersonMatch
from bot.intros.store.people import count_people_with_skills, find_page, find_people_by_skill
from bot.page_totals import COUNT_CAP
from bot.skills import Taxonomy
from bot.store import Store
from bot.store.stamps import instant, stamp
from cogs.intros._embeds import find_results
from tests.support.database import (
    RANDOM_HUBS,
    apply_migration_again,
    example_database,
    make_changes,
)

SKILLS = ("python", "seo", "figma", "copywriting")
HUBS = (1, 2)
MEMBERS = range(1, 26)
# Few distinct times, so members often tie on their latest update.
TIMES = [stamp(datetime(2026, 11, 1, tzinfo=UTC) + timedelta(hours=n)) for n in range(4)]

profile = st.fixed_dictionaries(
    {
        "availability": st.sampled_from(list(Availability)),
        "updated_at": st.sampled_from(TIMES),
        "departed": st.booleans(),
        "skills": st.lists(st.sampled_from(SKILLS), min_size=1, max_size=4, unique=True),
    }
)
hub = st.dictionaries(
    st.tuples(st.sampled_from(HUBS), st.sampled_from(MEMBERS)), profile, min_size=8, max_size=30
)
member = st.sampled_from(MEMBERS)
skill = st.sampled_from(SKILLS)
time = st.sampled_from(TIMES)
change = st.one_of(
    st.tuples(st.just("availability"), st.tuples(st.sampled_from(Availability).map(str), member)),
    st.tuples(st.just("updated"), st.tuples(time, member)),
    st.tuples(st.just("departed"), st.tuples(time, member)),
    st.tuples(st.just("back"), st.tuples(member)),
    st.tuples(st.just("drop skill"), st.tuples(member, skill)),
    st.tuples(
        st.just("add skill"), member.flatmap(lambda m: st.tuples(st.just(m), skill, st.just(m)))
    ),
    st.tuples(st.just("merge skill"), st.tuples(skill, skill).map(lambda s: (*s, s[0]))),
    st.tuples(st.just("remove"), st.tuples(member)),
)
asked = st.lists(st.sampled_from(SKILLS), min_size=1, max_size=3, unique=True)
wanted = st.one_of(
    st.none(),
    st.sampled_from(Availability),
    st.lists(st.sampled_from(Availability), min_size=1, max_size=2, unique=True),
)


# Changes as the features make them, in SQL: the triggers must follow each one.
CHANGES = {
    "availability": "UPDATE profiles SET availability = ? WHERE guild_id = 1 AND user_id = ?",
    "updated": "UPDATE profiles SET updated_at = ? WHERE guild_id = 1 AND user_id = ?",
    "departed": "UPDATE profiles SET departed_at = ? WHERE guild_id = 1 AND user_id = ?",
    "back": "UPDATE profiles SET departed_at = NULL WHERE guild_id = 1 AND user_id = ?",
    "drop skill": "DELETE FROM profile_skills WHERE guild_id = 1 AND user_id = ? AND skill = ?",
    "add skill": "INSERT INTO profile_skills (guild_id, user_id, skill, position)"
    " SELECT 1, ?, ?, 9 FROM profiles WHERE guild_id = 1 AND user_id = ? ON CONFLICT DO NOTHING",
    # A member who has both skills keeps the one they had (SQLite's UPDATE OR IGNORE).
    "merge skill": "UPDATE profile_skills SET skill = ? WHERE guild_id = 1 AND skill = ?"
    " AND NOT EXISTS (SELECT 1 FROM profile_skills AS o WHERE o.guild_id = profile_skills.guild_id"
    " AND o.user_id = profile_skills.user_id AND o.skill = ?)",
    "remove": "DELETE FROM profiles WHERE guild_id = 1 AND user_id = ?",
}


# One database per test, of each engine, emptied before each example: a database per example
# would cost PostgreSQL a CREATE DATABASE each time.
ON_EACH_ENGINE = settings(
    RANDOM_HUBS,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@asynccontextmanager
async def empty_hubs(database: Path | str) -> AsyncIterator[Store]:
    async with Store.open(database) as store:
        async with store.transaction() as db:
            for table in ("profile_skills", "profiles", "people_ranked"):
                await db.execute(f"DELETE FROM {table}")
        yield store


async def build(store: Store, profiles: dict, changes: list) -> None:
    async with store.transaction() as db:
        for (guild_id, user_id), p in profiles.items():
            await db.execute(
                "INSERT INTO profiles (guild_id, user_id, display_name, locale, headline, about,"
                " availability, created_at, updated_at, departed_at)"
                " VALUES (?, ?, ?, 'en', 'Headline', 'About', ?, ?, ?, ?)",
                (guild_id, user_id, f"m{user_id}", p["availability"].value, TIMES[0],
                 p["updated_at"], TIMES[0] if p["departed"] else None),
            )  # fmt: skip
            await db.executemany(
                "INSERT INTO profile_skills (guild_id, user_id, skill, position)"
                " VALUES (?, ?, ?, ?)",
                [(guild_id, user_id, skill, n) for n, skill in enumerate(p["skills"])],
            )
    await make_changes(store, CHANGES, changes)


async def reference(
    store: Store, skills: list[str], availability=None, exclude=()
) -> list[tuple[int, tuple[str, ...]]]:
    """The ranking rules read plainly: every present member of hub 1 with one of the skills."""
    profiles = await store.fetch_all(
        "SELECT user_id, availability, updated_at FROM profiles"
        " WHERE guild_id = 1 AND departed_at IS NULL"
    )
    held = await store.fetch_all("SELECT user_id, skill FROM profile_skills WHERE guild_id = 1")
    skills_of: dict[int, set[str]] = {}
    for row in held:
        skills_of.setdefault(row["user_id"], set()).add(row["skill"])
    if isinstance(availability, Availability):
        availability = [availability]
    found = []
    for row in profiles:
        matched = tuple(s for s in skills if s in skills_of.get(row["user_id"], set()))
        if not matched or row["user_id"] in exclude:
            continue
        if availability is not None and Availability(row["availability"]) not in availability:
            continue
        found.append((row, matched))
    found.sort(key=lambda f: f[0]["user_id"])
    found.sort(key=lambda f: f[0]["updated_at"], reverse=True)
    found.sort(key=lambda f: (-len(f[1]), Availability(f[0]["availability"]).rank))
    return [(row["user_id"], matched) for row, matched in found]


def shown(people: list[PersonMatch] | tuple[PersonMatch, ...]) -> list[tuple[int, tuple]]:
    return [(p.user_id, p.matched_skills) for p in people]


@ON_EACH_ENGINE
@given(profiles=hub, changes=st.lists(change, max_size=6), skills=asked, availability=wanted,
       exclude=st.lists(st.sampled_from(MEMBERS), max_size=3))  # fmt: skip
async def test_people_are_found_and_ranked_as_the_rules_say(
    store_database, profiles, changes, skills, availability, exclude
):
    async with empty_hubs(store_database) as store:
        await build(store, profiles, changes)
        expected = await reference(store, skills, availability, exclude)
        found = await find_people_by_skill(
            store, 1, skills, availability=availability, exclude=exclude, limit=100
        )
        assert shown(found) == expected
        for offset in range(0, len(expected) + 1, 3):
            part = await find_people_by_skill(
                store, 1, skills, availability=availability, exclude=exclude, limit=3,
                offset=offset,
            )  # fmt: skip
            assert shown(part) == expected[offset : offset + 3]
        rows = await store.fetch_all("SELECT user_id, updated_at FROM profiles WHERE guild_id = 1")
        updated = {row["user_id"]: instant(row["updated_at"]) for row in rows}
        assert all(p.updated_at == updated[p.user_id] for p in found)


@ON_EACH_ENGINE
@given(profiles=hub, changes=st.lists(change, max_size=6), skills=asked,
       availability=st.one_of(st.none(), st.sampled_from(Availability)))  # fmt: skip
async def test_pages_turned_one_after_another_show_everyone_once_in_order(
    store_database, profiles, changes, skills, availability
):
    async with empty_hubs(store_database) as store:
        await build(store, profiles, changes)
        expected = await reference(store, skills, availability)
        assert await count_people_with_skills(store, 1, skills, availability=availability) == len(
            expected
        )
        page = await find_page(store, 1, skills, availability=availability)
        seen = list(page.people)
        while page.has_next:
            assert len(page.people) == PAGE_SIZE
            page = await find_page(
                store, 1, skills, availability=availability, page=page.number + 1,
                after=page.people[-1],
            )  # fmt: skip
            seen += page.people
        assert shown(seen) == expected
        assert page.total == len(expected)


# On SQLite only (a file of its own): apply_migration_again replays SQLite's script, and
# the same migration on PostgreSQL would put back trigger functions later ones replaced.
@pytest.mark.long
@RANDOM_HUBS
@given(profiles=hub, skills=asked)
async def test_a_hub_from_before_the_ranking_table_is_ranked_the_same_once_migrated(
    migrated_template, profiles, skills
):
    with example_database(migrated_template) as path:
        async with Store.open(path) as store:
            await build(store, profiles, [])
            async with store.transaction() as db:
                await db.execute("DELETE FROM people_ranked")
            await apply_migration_again(store, "page_reads")
        async with Store.open(path) as store:
            expected = await reference(store, skills)
            found = await find_people_by_skill(store, 1, skills, limit=100)
            assert shown(found) == expected


def test_past_a_thousand_people_the_footer_says_more_than_in_both_languages():
    when = datetime(2026, 11, 1, tzinfo=UTC)
    person = PersonMatch(1, "Ana", "Designer", Availability.OPEN_TO_WORK, ("python",), when)
    page = Page(people=(person,), number=2, total=COUNT_CAP + 1, has_next=True)
    skills = Taxonomy.shipped()
    english = find_results(page, ["python"], {}, skills, "en").footer.text
    indonesian = find_results(page, ["python"], {}, skills, "id").footer.text
    assert english == "Page 3 · more than 1,000 found"
    assert indonesian == "Halaman 3 · lebih dari 1.000 orang ditemukan"
