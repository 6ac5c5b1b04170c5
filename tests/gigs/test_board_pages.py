"""The board reads `board_skills` and the covering index `gigs_board`, and search ranks its newest
matches: over random small hubs, changed in every way a gig changes, each finds what a plain
reading of the gigs finds, in the same order, page by page and following the next-page key.

The random hubs are SQLite files, one per example (a PostgreSQL database per example would cost
more than the example), and search's reference ranking is FTS5's own bm25: the PostgreSQL
board and search are held to the same order by tests/gigs/test_store.py and
tests/test_engines_alike.py; the count's cap below runs on both engines."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.gigs.model import Engagement, GigStatus, LocationType
from bot.gigs.money import to_cents
from bot.gigs.search import GigFilters
from bot.gigs.store.board import board, search
from bot.page_totals import COUNT_CAP
from bot.store import Store
from bot.store.stamps import stamp
from cogs.gigs._embeds import board_embed
from tests.support.database import (
    RANDOM_HUBS,
    apply_migration_again,
    example_database,
    make_changes,
)

NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
SKILLS = ("python", "seo", "figma")
HUBS = (1, 2)
# Few distinct times, so gigs often tie on when they were published.
TIMES = [stamp(NOW - timedelta(days=n)) for n in range(4)]
FEATURED = [None, stamp(NOW - timedelta(hours=1)), stamp(NOW + timedelta(days=2))]
WORDS = ("logo", "design", "developer", "desk", "bandung", "react")
STATUSES = (GigStatus.APPROVED, GigStatus.APPROVED, GigStatus.CLOSED, GigStatus.PENDING)

gig = st.fixed_dictionaries(
    {
        "guild_id": st.sampled_from(HUBS),
        "status": st.sampled_from(STATUSES),
        "published_at": st.sampled_from(TIMES),
        "featured_until": st.sampled_from(FEATURED),
        "engagement": st.sampled_from([Engagement.PROJECT, Engagement.HOURLY]),
        "location": st.sampled_from([LocationType.REMOTE, LocationType.ONSITE]),
        "currency": st.sampled_from(["IDR", "USD"]),
        "pay_min": st.integers(1, 5),
        "pay_more": st.one_of(st.none(), st.integers(0, 5)),
        "skills": st.lists(st.sampled_from(SKILLS), max_size=3, unique=True),
        "title": st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join),
        "description": st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join),
    }
)
gig_id = st.integers(1, 30)
skill = st.sampled_from(SKILLS)
change = st.one_of(
    st.tuples(st.just("status"), st.tuples(st.sampled_from(STATUSES).map(str), gig_id)),
    st.tuples(st.just("featured"), st.tuples(st.sampled_from(FEATURED), gig_id)),
    st.tuples(st.just("engagement"), st.tuples(st.just(Engagement.HOURLY.value), gig_id)),
    st.tuples(st.just("pay"), st.tuples(st.integers(1, 9).map(lambda n: n * 100), gig_id)),
    st.tuples(st.just("drop skill"), st.tuples(gig_id, skill)),
    st.tuples(st.just("add skill"), st.tuples(skill, gig_id)),
    st.tuples(st.just("merge skill"), st.tuples(skill, skill)),
    st.tuples(st.just("delete"), st.tuples(gig_id)),
)
filters = st.builds(
    GigFilters,
    skill=st.one_of(st.none(), st.sampled_from(SKILLS)),
    engagement=st.one_of(st.none(), st.sampled_from([Engagement.PROJECT, Engagement.HOURLY])),
    location=st.one_of(st.none(), st.just(LocationType.REMOTE)),
    min_pay=st.one_of(st.none(), st.integers(1, 6).map(Decimal)),
    currency=st.just("IDR"),
)


# Changes as the features make them, in SQL: the triggers must follow each one.
CHANGES = {
    "status": "UPDATE gigs SET status = ? WHERE id = ?",
    "featured": "UPDATE gigs SET featured_until = ? WHERE id = ?",
    "engagement": "UPDATE gigs SET engagement = ? WHERE id = ?",
    "pay": "UPDATE gigs SET pay_max_cents = NULL, pay_min_cents = ? WHERE id = ?",
    "drop skill": "DELETE FROM gig_skills WHERE gig_id = ? AND skill = ?",
    "add skill": "INSERT OR IGNORE INTO gig_skills (gig_id, skill, position)"
    " SELECT id, ?, 9 FROM gigs WHERE id = ?",
    "merge skill": "UPDATE OR IGNORE gig_skills SET skill = ? WHERE skill = ?",
    "delete": "DELETE FROM gigs WHERE id = ?",
}


async def build(store: Store, gigs: list[dict], changes: list) -> None:
    async with store.transaction() as db:
        for gig_id, g in enumerate(gigs, start=1):
            pay_min = to_cents(Decimal(g["pay_min"]))
            pay_max = None if g["pay_more"] is None else pay_min + to_cents(Decimal(g["pay_more"]))
            await db.execute(
                "INSERT INTO gigs (id, guild_id, poster_id, kind, status, title, description,"
                " engagement, pay_currency, pay_min_cents, pay_max_cents, pay_period, location,"
                " level, fingerprint, created_at, updated_at, submitted_at, published_at,"
                " featured_until) VALUES (?, ?, 7, 'hiring', ?, ?, ?, ?, ?, ?, ?, 'project', ?,"
                " 'mid', ?, ?, ?, ?, ?, ?)",
                (gig_id, g["guild_id"], g["status"].value, g["title"], g["description"],
                 g["engagement"].value, g["currency"], pay_min, pay_max, g["location"].value,
                 f"f{gig_id}", TIMES[-1], TIMES[-1], TIMES[-1], g["published_at"],
                 g["featured_until"]),
            )  # fmt: skip
            await db.executemany(
                "INSERT INTO gig_skills (gig_id, skill, position) VALUES (?, ?, ?)",
                [(gig_id, skill, n) for n, skill in enumerate(g["skills"])],
            )
    await make_changes(store, CHANGES, changes)


async def board_reference(store: Store, wanted: GigFilters) -> list[int]:
    """The board's rules read plainly: hub 1's published gigs, featured first, then newest."""
    rows = await store.fetch_all("SELECT * FROM gigs WHERE guild_id = 1 AND status = 'approved'")
    held = await store.fetch_all("SELECT gig_id, skill FROM gig_skills")
    skills: dict[int, set[str]] = {}
    for row in held:
        skills.setdefault(row["gig_id"], set()).add(row["skill"])

    def matches(row) -> bool:
        top = row["pay_max_cents"] or row["pay_min_cents"]
        return (
            (wanted.skill is None or wanted.skill in skills.get(row["id"], set()))
            and (wanted.engagement is None or row["engagement"] == wanted.engagement.value)
            and (wanted.location is None or row["location"] == wanted.location.value)
            and (
                wanted.min_pay is None
                or (row["pay_currency"] == wanted.currency and top >= to_cents(wanted.min_pay))
            )
        )

    found = sorted(
        (row for row in rows if matches(row)),
        key=lambda row: (row["published_at"], row["id"]),
        reverse=True,
    )
    featured = [r["id"] for r in found if r["featured_until"] and r["featured_until"] > stamp(NOW)]
    return featured + [r["id"] for r in found if r["id"] not in featured]


@pytest.mark.long
@RANDOM_HUBS
@given(gigs=st.lists(gig, min_size=5, max_size=30), changes=st.lists(change, max_size=6),
       wanted=filters, size=st.integers(1, 4))  # fmt: skip
async def test_the_board_shows_the_published_gigs_the_filters_match_in_order(
    migrated_template, gigs, changes, wanted, size
):
    with example_database(migrated_template) as path:
        async with Store.open(path) as store:
            await build(store, gigs, changes)
            expected = await board_reference(store, wanted)
            by_number, by_key = [], []
            after = None
            for number in range(len(expected) // size + 2):
                page = await board(store, 1, wanted, NOW, limit=size, offset=number * size)
                by_number += [g.id for g in page.gigs]
                assert page.total == len(expected)
                assert page.has_next == ((number + 1) * size < len(expected))
                keyed = await board(
                    store, 1, wanted, NOW, limit=size, offset=number * size, after=after
                )
                by_key += [g.id for g in keyed.gigs]
                after = keyed.next_after
            assert by_number == expected
            assert by_key == expected


@pytest.mark.long
@RANDOM_HUBS
@given(gigs=st.lists(gig, min_size=5, max_size=30), changes=st.lists(change, max_size=6),
       words=st.lists(st.sampled_from([*WORDS, "de", "xyz"]), min_size=1, max_size=3))  # fmt: skip
async def test_search_finds_every_gig_holding_a_word_best_match_first(
    migrated_template, gigs, changes, words
):
    with example_database(migrated_template) as path:
        async with Store.open(path) as store:
            await build(store, gigs, changes)
            rows = await store.fetch_all(
                "SELECT id, title, description FROM gigs WHERE guild_id = 1 AND status = 'approved'"
            )
            holding = {
                row["id"]
                for row in rows
                if any(
                    token.startswith(word)
                    for token in re.findall(r"\w+", f"{row['title']} {row['description']}")
                    for word in words
                )
            }
            # The ranking itself is SQLite's bm25 over every match, read without a horizon.
            query = " OR ".join(f'"{word}"*' for word in dict.fromkeys(words))
            ranked = await store.fetch_all(
                "SELECT g.id FROM gigs_fts CROSS JOIN gigs g ON g.id = gigs_fts.rowid"
                " WHERE gigs_fts MATCH ? AND g.guild_id = 1 AND g.status = 'approved'"
                " ORDER BY bm25(gigs_fts, 4.0, 1.0), g.id DESC",
                (query,),
            )
            expected = [row["id"] for row in ranked]
            assert set(expected) == holding
            found = []
            for offset in range(0, len(expected) + 1, 4):
                page = await search(store, 1, " ".join(words), limit=4, offset=offset)
                assert page.total == len(expected)
                found += [g.id for g in page.gigs]
            assert found == expected


async def test_past_a_thousand_gigs_the_board_counts_no_further_and_says_more_than(
    store_database,
):
    one = {
        "guild_id": 1, "status": GigStatus.APPROVED, "published_at": TIMES[0],
        "featured_until": None, "engagement": Engagement.PROJECT,
        "location": LocationType.REMOTE, "currency": "IDR", "pay_min": 1, "pay_more": None,
        "skills": ["python"], "title": "logo design", "description": "",
    }  # fmt: skip
    many = [one] * (COUNT_CAP + 5)
    async with Store.open(store_database) as store:
        await build(store, many, [])
        page = await board(store, 1, GigFilters(), NOW, limit=10, offset=0)
        found = await search(store, 1, " ".join(WORDS), limit=10, offset=0)
    assert page.total == found.total == COUNT_CAP + 1 and page.has_next and found.has_next
    english = board_embed("Gigs", page, 0, 10, "en", NOW).footer.text
    indonesian = board_embed("Gig", page, 0, 10, "id", NOW).footer.text
    assert english == "Page 1 · more than 1,000 gigs"
    assert indonesian == "Halaman 1 · lebih dari 1.000 gig"


@pytest.mark.long
@RANDOM_HUBS
@given(gigs=st.lists(gig, min_size=5, max_size=30), wanted=filters)
async def test_a_board_from_before_the_skill_table_shows_the_same_once_migrated(
    migrated_template, gigs, wanted
):
    with example_database(migrated_template) as path:
        async with Store.open(path) as store:
            await build(store, gigs, [])
            async with store.transaction() as db:
                await db.execute("DELETE FROM board_skills")
            await apply_migration_again(store, "page_reads")
        async with Store.open(path) as store:
            expected = await board_reference(store, wanted)
            page = await board(store, 1, wanted, NOW, limit=100, offset=0)
            assert [g.id for g in page.gigs] == expected
