"""The PostgreSQL migrations' triggers and keyword index do what SQLite's do: the same changes,
made on a migrated database of each engine, leave the same rows in the tables the triggers keep
(people_ranked, skills_offered, board_skills), and the same keywords find the same published
gigs in the same order, accents and case folded, words matched as prefixes."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import asyncpg

from bot.gigs.search import fts_query
from bot.store import Store
from tests.test_schema_engines import migrate_postgres

STAMP = "2026-11-02T09:00:00.000000+00:00"
LATER = "2026-11-03T09:00:00.000000+00:00"
GUILD = 10**18  # past 32 bits, as Discord's ids are

PROFILE = (
    "INSERT INTO profiles (guild_id, user_id, display_name, locale, headline, about, availability,"
    " created_at, updated_at) VALUES (?, ?, 'Member', 'en', 'Headline', 'About', ?, ?, ?)"
)
GIG = (
    "INSERT INTO gigs (id, guild_id, poster_id, kind, status, title, description, engagement,"
    " pay_currency, pay_min_cents, pay_period, location, level, fingerprint, created_at,"
    " updated_at, submitted_at) VALUES (?, ?, 7, 'hiring', ?, ?, ?, 'project', 'IDR', 100,"
    " 'project', 'remote', 'mid', ?, ?, ?, ?)"
)
# The texts of the gig search tests (tests/gigs/test_store.py, tests/gigs/test_e2e_board.py).
TEXTS = [
    ("Desainer grafis untuk kafe", "Logo dan menu."),
    ("Backend developer", "Python, FastAPI; kantor dekat kafé di Bandung."),
    ("Copywriter", "Tulisan untuk Instagram."),
    ("Desainer grafis untuk kedai kopi", "Butuh desain logo dan kemasan yang hangat."),
    ("Senior Python developer", "Build APIs for a café in Jakarta."),
    ("Penulis konten Instagram", "Menulis caption untuk UMKM makanan."),
    ("Video editor", "Edit Reels untuk kafe di Bandung."),
]
QUERIES = [
    "desain",
    "DESAINER",
    "KAFÉ",
    "cafe kafe",
    "café kafe",
    "instagram",
    "python",
    "penulis",
    "menulis caption",
    "kemas",
    "logo",
    "astronaut",
    "rahasia",
]

CHANGES: list[tuple[str, tuple[object, ...]]] = [
    (PROFILE, (GUILD, 1, "open_to_work", STAMP, STAMP)),
    (PROFILE, (GUILD, 2, "not_available", STAMP, STAMP)),
    (PROFILE, (GUILD, 3, "open_to_collaborate", STAMP, STAMP)),
    *(
        (
            "INSERT INTO profile_skills (guild_id, user_id, skill, position) VALUES (?, ?, ?, ?)",
            (GUILD, user, skill, position),
        )
        for user, skills in ((1, ["python", "design"]), (2, ["python"]), (3, ["design", "sql"]))
        for position, skill in enumerate(skills)
    ),
    (
        "INSERT INTO endorsements (guild_id, endorser_id, member_id, skill, at)"
        " VALUES (?, 1, 3, 'design', ?)",
        (GUILD, STAMP),
    ),
    (
        "UPDATE profiles SET availability = 'open_to_work', updated_at = ? WHERE user_id = 2",
        (LATER,),
    ),
    ("UPDATE profiles SET departed_at = ? WHERE user_id = 3", (LATER,)),
    ("UPDATE profile_skills SET skill = 'py' WHERE user_id = 1 AND skill = 'python'", ()),
    *(
        (GIG, (number, GUILD, "approved", title, text, f"print {number}", STAMP, STAMP, STAMP))
        for number, (title, text) in enumerate(TEXTS, start=1)
    ),
    (GIG, (99, GUILD, "pending", "Desain rahasia", "masih antre", "secret", STAMP, STAMP, STAMP)),
    *(
        ("INSERT INTO gig_skills (gig_id, skill, position) VALUES (?, ?, 0)", (gig, skill))
        for gig, skill in ((1, "design"), (2, "python"), (5, "python"), (99, "design"))
    ),
    ("UPDATE gigs SET published_at = ?, pay_max_cents = 500 WHERE id = 2", (LATER,)),
    ("UPDATE gigs SET status = 'closed' WHERE id = 5", ()),
    ("UPDATE gigs SET title = 'Desain kemasan', status = 'approved' WHERE id = 99", ()),
    ("DELETE FROM gigs WHERE id = 7", ()),
]
KEPT = {
    "people_ranked": "guild_id, skill, unendorsed, availability_rank, updated_at, user_id",
    "skills_offered": "guild_id, skill, members",
    "board_skills": "guild_id, skill, published_at, gig_id, pay_top_cents",
}
READS = {
    table: f"SELECT {columns} FROM {table} ORDER BY {columns}" for table, columns in KEPT.items()
}


def numbered(sql: str) -> str:
    """`?` placeholders as PostgreSQL's $1, $2, ..."""
    counter = itertools.count(1)
    return re.sub(r"\?", lambda _: f"${next(counter)}", sql)


def tsquery(text: str) -> str:
    """FTS5's query of bot/gigs/search.py (any word, each as a prefix) in tsquery's words."""
    return " | ".join(f"{word}:*" for word in dict.fromkeys(re.findall(r"\w+", text)))


async def sqlite_outcome(path: Path) -> tuple[dict[str, list[tuple]], list[list[int]]]:
    async with Store.open(path) as store:
        for sql, params in CHANGES:
            async with store.transaction() as db:
                await db.execute(sql, params)
        kept = {
            table: [tuple(row) for row in await store.fetch_all(sql)]
            for table, sql in READS.items()
        }
        found = [
            [
                row[0]
                for row in await store.fetch_all(
                    "SELECT rowid FROM gigs_fts WHERE gigs_fts MATCH ?"
                    " ORDER BY bm25(gigs_fts, 4.0, 1.0), rowid DESC",
                    (fts_query(query),),
                )
            ]
            for query in QUERIES
        ]
    return kept, found


async def postgres_outcome(url: str) -> tuple[dict[str, list[tuple]], list[list[int]]]:
    await migrate_postgres(url)
    db = await asyncpg.connect(url)
    try:
        for sql, params in CHANGES:
            await db.execute(numbered(sql), *params)
        kept = {table: [tuple(row) for row in await db.fetch(sql)] for table, sql in READS.items()}
        # Title and description weighed 4 to 1, as the bm25 weights above, and the rank divided
        # by the gig's length (normalization 2), as bm25 favours the shorter of two matches.
        found = [
            [
                row[0]
                for row in await db.fetch(
                    "SELECT id FROM gigs, to_tsquery('simple', mozaik_unaccent($1)) AS q"
                    " WHERE status = 'approved' AND mozaik_gig_search(title, description) @@ q"
                    " ORDER BY ts_rank('{0, 0, 0.25, 1}', mozaik_gig_search(title, description),"
                    " q, 2) DESC, id DESC",
                    tsquery(query),
                )
            ]
            for query in QUERIES
        ]
    finally:
        await db.close()
    return kept, found


async def test_the_same_changes_leave_the_same_rows_and_find_the_same_gigs(tmp_path, postgres_url):
    sqlite_kept, sqlite_found = await sqlite_outcome(tmp_path / "mozaik.db")
    postgres_kept, postgres_found = await postgres_outcome(postgres_url)
    assert all(sqlite_kept.values()), "a table the triggers keep stayed empty"
    assert postgres_kept == sqlite_kept
    assert dict(zip(QUERIES, postgres_found, strict=True)) == dict(
        zip(QUERIES, sqlite_found, strict=True)
    )
    assert sqlite_found[QUERIES.index("KAFÉ")] == [1, 2]  # the title's word first
