"""The digest reads each section as the page it shows, and each subscriber's matches ranked in
SQL: over random small hubs, changed as the features change them, every section and every
subscriber's message shows what a plain reading of the whole week shows, in the same order and
with the same counts, and composes into the same digest."""

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.digest.compose import Reader, compose_digest, compose_personal
from bot.digest.rules import is_closing_soon, is_featured, is_new
from bot.digest.store.personal import personal_matches
from bot.digest.store.week import installed_features, load_week
from bot.digest.week import DigestWeek, Listing, SectionLimits, total_of
from bot.links import posted_link
from bot.store import Store
from bot.store.stamps import instant, stamp
from bot.store.tables import in_key_order, read_tables
from tests.intros import test_people_pages as people
from tests.support.database import ENGINES, RANDOM_HUBS, example_database, make_changes
from tests.support.postgres import PostgresServer, migrated_clone

START = datetime(2026, 11, 2, tzinfo=UTC)
END = START + timedelta(days=7)
HUBS = (1, 1, 2)  # hub 1 is read; hub 2 is there not to be
MEMBERS = (7, 8, 9)
SKILLS = ("python", "seo", "figma", "copywriting")
# Few distinct instants, on and around the week's bounds, so listings tie and sit on the edges.
TIMES = [stamp(t) for t in (START - timedelta(days=1), START, START + timedelta(days=3), END)]
EXPIRES = [stamp(END + timedelta(days=n)) for n in (-1, 0, 1, 7, 8)]
FEATURED = [None, stamp(END - timedelta(hours=1)), stamp(END), stamp(END + timedelta(days=2))]

skills = st.lists(st.sampled_from(SKILLS), max_size=3, unique=True)
gig = st.fixed_dictionaries(
    {
        "guild_id": st.sampled_from(HUBS),
        "poster_id": st.sampled_from(MEMBERS),
        "status": st.sampled_from(["approved", "approved", "approved", "closed", "pending"]),
        "published_at": st.sampled_from([*TIMES, *TIMES[1:3]]),  # mostly within the week
        "expires_at": st.sampled_from(EXPIRES),
        "featured_until": st.sampled_from(FEATURED),
        "posted": st.booleans(),
        "skills": skills,
    }
)
request = st.fixed_dictionaries(
    {
        "guild_id": st.sampled_from(HUBS),
        "requester_id": st.sampled_from(MEMBERS),
        "status": st.sampled_from(["open", "open", "matched", "closed"]),
        "posted_at": st.sampled_from(TIMES),
        "expires_at": st.sampled_from(EXPIRES),
        "skills": skills,
    }
)
profile = st.fixed_dictionaries(
    {
        "guild_id": st.sampled_from(HUBS),
        "created_at": st.sampled_from(TIMES),
        "departed": st.booleans(),
        "skills": skills,
    }
)
gig_id = st.integers(1, 25)
skill = st.sampled_from(SKILLS)
change = st.one_of(
    st.tuples(st.just("status"), st.tuples(st.sampled_from(["approved", "closed"]), gig_id)),
    st.tuples(st.just("drop skill"), st.tuples(gig_id, skill)),
    st.tuples(st.just("add skill"), st.tuples(skill, gig_id)),
    # The skill merged into, the one merged, and the first again (see CHANGES).
    st.tuples(st.just("merge skill"), st.tuples(skill, skill).map(lambda pair: (*pair, pair[0]))),
    st.tuples(st.just("delete"), st.tuples(gig_id)),
)
limits = st.builds(
    SectionLimits,
    featured=st.integers(1, 3),
    new_gigs=st.integers(1, 6),
    closing_soon=st.integers(1, 3),
    open_requests=st.integers(1, 3),
    new_intros=st.integers(1, 3),
)

CHANGES = {
    "status": "UPDATE gigs SET status = ? WHERE id = ?",
    "drop skill": "DELETE FROM gig_skills WHERE gig_id = ? AND skill = ?",
    "add skill": "INSERT INTO gig_skills (gig_id, skill, position)"
    " SELECT id, ?, 9 FROM gigs WHERE id = ? ON CONFLICT DO NOTHING",
    # SQLite's UPDATE OR IGNORE, in SQL both engines take: a gig holding both keeps the one.
    "merge skill": "UPDATE gig_skills SET skill = ? WHERE skill = ?"
    " AND gig_id NOT IN (SELECT gig_id FROM gig_skills WHERE skill = ?)",
    "delete": "DELETE FROM gigs WHERE id = ?",
}


async def build(store: Store, gigs: list[dict], requests: list[dict], profiles: list[dict]) -> None:
    async with store.transaction() as db:
        for number, g in enumerate(gigs, start=1):
            await db.execute(
                "INSERT INTO gigs (id, guild_id, poster_id, kind, status, title, description,"
                " engagement, pay_currency, pay_min_cents, pay_period, location, level,"
                " fingerprint, created_at, updated_at, submitted_at, published_at, expires_at,"
                " featured_until, message_channel_id, message_id) VALUES (?, ?, ?, 'hiring', ?,"
                " ?, 'd', 'project', 'IDR', 100, 'project', 'remote', 'mid', ?, ?, ?, ?, ?, ?,"
                " ?, ?, ?)",
                (number, g["guild_id"], g["poster_id"], g["status"], f"gig {number}",
                 f"f{number}", TIMES[0], TIMES[0], TIMES[0], g["published_at"], g["expires_at"],
                 g["featured_until"], 10 if g["posted"] else None, number if g["posted"] else None),
            )  # fmt: skip
            await db.executemany(
                "INSERT INTO gig_skills (gig_id, skill, position) VALUES (?, ?, ?)",
                [(number, s, n) for n, s in enumerate(g["skills"])],
            )
        for number, r in enumerate(requests, start=1):
            await db.execute(
                "INSERT INTO collab_requests (id, guild_id, requester_id, requester_locale, title,"
                " description, kind, commitment, compensation, partners_wanted, status,"
                " created_at, expires_at, posted_at, channel_id, message_id) VALUES (?, ?, ?,"
                " 'en', ?, 'd', 'buddy', 'weekends', 'unpaid', 1, ?, ?, ?, ?, 30, ?)",
                (number, r["guild_id"], r["requester_id"], f"request {number}", r["status"],
                 TIMES[0], r["expires_at"], r["posted_at"], number),
            )  # fmt: skip
            await db.executemany(
                "INSERT INTO collab_skills (request_id, skill) VALUES (?, ?)",
                [(number, s) for s in r["skills"]],
            )
        for number, p in enumerate(profiles, start=1):
            await db.execute(
                "INSERT INTO profiles (guild_id, user_id, display_name, locale, headline, about,"
                " availability, post_channel_id, post_message_id, created_at, updated_at,"
                " departed_at) VALUES (?, ?, 'n', 'en', ?, 'a', 'open_to_work', 20, ?, ?, ?, ?)",
                (p["guild_id"], number, f"intro {number}", number, p["created_at"],
                 p["created_at"], TIMES[-1] if p["departed"] else None),
            )  # fmt: skip
            await db.executemany(
                "INSERT INTO profile_skills (guild_id, user_id, skill, position)"
                " VALUES (?, ?, ?, ?)",
                [(p["guild_id"], number, s, n) for n, s in enumerate(p["skills"])],
            )


async def listings(store: Store, sql: str, skills_sql: str) -> list[Listing]:
    """Every row of `sql` in hub 1 as a listing (owner, author, title, posted, closes, channel,
    message, then the columns a test filters by), its skills from `skills_sql` in order."""
    held: dict[int, list[str]] = {}
    for owner, s in await store.fetch_all(skills_sql):
        held.setdefault(owner, []).append(s)
    return [
        Listing(
            row["title"],
            posted_link(1, row["channel"], row["message"]),
            tuple(held.get(row["owner"], ())),
            row["author"],
            instant(row["posted"]),
            instant(row["closes"]),
        )
        for row in await store.fetch_all(sql)
    ]


async def reference_week(store: Store) -> tuple[DigestWeek, list[Listing], list[Listing]]:
    """The week read plainly, every listing of every section: the digest before it read pages.
    With it the open requests posted in the week, which subscribers are matched to."""
    gigs = await listings(
        store,
        "SELECT id AS owner, poster_id AS author, title, published_at AS posted,"
        " expires_at AS closes, message_channel_id AS channel, message_id AS message,"
        " featured_until FROM gigs WHERE guild_id = 1 AND status = 'approved'"
        " ORDER BY published_at DESC, id DESC",
        "SELECT gig_id, skill FROM gig_skills ORDER BY gig_id, position",
    )
    featured_until = {
        row["title"]: instant(row["featured_until"])
        for row in await store.fetch_all("SELECT title, featured_until FROM gigs")
    }
    requests = await listings(
        store,
        "SELECT id AS owner, requester_id AS author, title, posted_at AS posted, NULL AS closes,"
        " channel_id AS channel, message_id AS message FROM collab_requests"
        f" WHERE guild_id = 1 AND status = 'open' AND expires_at > '{stamp(END)}'"
        " ORDER BY posted_at DESC, id DESC",
        "SELECT request_id, skill FROM collab_skills ORDER BY request_id, rowid",
    )
    intros = await listings(
        store,
        "SELECT user_id AS owner, user_id AS author, headline AS title, created_at AS posted,"
        " NULL AS closes, post_channel_id AS channel, post_message_id AS message FROM profiles"
        " WHERE guild_id = 1 AND departed_at IS NULL ORDER BY created_at DESC, user_id",
        "SELECT user_id, skill FROM profile_skills WHERE guild_id = 1 ORDER BY user_id, position",
    )
    week = DigestWeek(
        starts_at=START,
        ends_at=END,
        featured=tuple(g for g in gigs if is_featured(featured_until[g.title], END)),
        new_gigs=tuple(g for g in gigs if is_new(g.posted_at, START, END)),
        closing_soon=tuple(
            sorted(
                (g for g in gigs if is_closing_soon(g.closes_at, END)),
                key=lambda g: g.closes_at or END,
            )
        ),
        open_requests=tuple(requests),
        new_intros=tuple(i for i in intros if is_new(i.posted_at, START, END)),
    )
    new_requests = [r for r in requests if is_new(r.posted_at, START, END)]
    return week, list(week.new_gigs or ()), new_requests


def matching(found: list[Listing], wanted: set[str], member_id: int) -> list[Listing]:
    """A subscriber's matches as the digest chose them: most skills shared first, otherwise in
    the section's order; never the member's own."""
    shared = {listing.title: len(wanted.intersection(listing.skills)) for listing in found}
    kept = [x for x in found if shared[x.title] and x.author_id != member_id]
    return sorted(kept, key=lambda listing: -shared[listing.title])


def page_of(section: tuple[Listing, ...] | None, limit: int) -> tuple[tuple[Listing, ...], int]:
    assert section is not None
    return tuple(section[:limit]), total_of(section)


FreshStore = Callable[[str], AbstractAsyncContextManager[Store]]


@pytest.fixture(scope="session")
def reused_clone(postgres_server: PostgresServer, postgres_template: str) -> Iterator[str]:
    """The worker's one clone of its PostgreSQL template for `fresh_store`, emptied for each
    example: a CREATE DATABASE for each took 0.4 s."""
    with migrated_clone(postgres_server, postgres_template) as url:
        yield url


@pytest.fixture(scope="session")
def fresh_store(request: pytest.FixtureRequest) -> FreshStore:
    """A store as a fresh, migrated database of the named engine has it, for each Hypothesis
    example (the `store_database` fixture gives one per test)."""

    @asynccontextmanager
    async def fresh(engine: str) -> AsyncIterator[Store]:
        if engine == "sqlite":
            with example_database(request.getfixturevalue("migrated_template")) as path:
                async with Store.open(path) as store:
                    yield store
            return
        async with Store.open(request.getfixturevalue("reused_clone")) as store:
            # Children first, each table after those whose foreign keys point at it.
            tables = list(reversed(in_key_order(await read_tables(store))))
            async with store.transaction() as db:
                for table in tables:
                    await db.execute(f"DELETE FROM {table.name}")
            # A delete trigger writing a table already emptied would leave the example a row.
            left = [t.name for t in tables if await store.fetch_all(f"SELECT 1 FROM {t.name}")]
            assert not left, f"rows left after emptying the reused database: {left}"
            yield store

    return fresh


@pytest.mark.long
@pytest.mark.parametrize("engine", ENGINES)
@RANDOM_HUBS
@given(gigs=st.lists(gig, min_size=8, max_size=25), requests=st.lists(request, max_size=12),
       profiles=st.lists(profile, max_size=12), changes=st.lists(change, max_size=5),
       shown=limits, member=st.sampled_from((*MEMBERS, 10)),
       wanted=st.lists(st.sampled_from(SKILLS), min_size=1, max_size=3))  # fmt: skip
async def test_each_section_and_each_subscriber_get_the_whole_weeks_first_listings_and_count(
    fresh_store, engine, gigs, requests, profiles, changes, shown, member, wanted
):
    async with fresh_store(engine) as store:
        await build(store, gigs, requests, profiles)
        await make_changes(store, CHANGES, changes)
        features = await installed_features(store)
        week = await load_week(store, 1, START, END, features, shown)
        expected, new_gigs, new_requests = await reference_week(store)
        mine = await personal_matches(store, 1, START, END, set(wanted), member, shown)

    for name in ("featured", "new_gigs", "closing_soon", "open_requests", "new_intros"):
        limit = getattr(shown, name)
        assert page_of(getattr(week, name), limit) == page_of(getattr(expected, name), limit), name
    same_counts = DigestWeek(START, END, **{
        name: getattr(expected, name)
        for name in ("featured", "new_gigs", "closing_soon", "open_requests", "new_intros")
    }, skills=week.skills, counts=week.counts)  # fmt: skip
    reader = Reader("en", "UTC", limits=shown)
    assert compose_digest(week, reader) == compose_digest(same_counts, reader)

    gigs_for, requests_for = (
        tuple(matching(new_gigs, set(wanted), member)),
        tuple(matching(new_requests, set(wanted), member)),
    )
    assert page_of(mine[0], shown.new_gigs) == page_of(gigs_for, shown.new_gigs)
    assert page_of(mine[1], shown.open_requests) == page_of(requests_for, shown.open_requests)
    assert compose_personal("Hub", *mine, reader) == compose_personal(
        "Hub", gigs_for, requests_for, reader
    )


# On SQLite only: the hub is built and changed by tests/intros/test_people_pages.py, whose
# changes are written in SQLite's SQL (INSERT OR IGNORE, UPDATE OR IGNORE).
@RANDOM_HUBS
@given(profiles=people.hub, changes=st.lists(people.change, max_size=8))
async def test_the_skills_on_offer_count_the_members_still_in_the_hub_who_list_them(
    migrated_template, profiles, changes
):
    with example_database(migrated_template) as path:
        async with Store.open(path) as store:
            await people.build(store, profiles, changes)
            week = await load_week(store, 1, START, END, frozenset({"profiles"}))
            rows = await store.fetch_all(
                "SELECT s.skill, COUNT(*) FROM profile_skills AS s JOIN profiles AS p"
                " ON p.guild_id = s.guild_id AND p.user_id = s.user_id"
                " WHERE s.guild_id = 1 AND p.departed_at IS NULL GROUP BY s.skill"
            )
    assert {d.skill: d.offered for d in week.skills} == {skill: count for skill, count in rows}
