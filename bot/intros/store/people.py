"""Finding people by skill, for /intro find and collaboration suggestions, and the headlines
/gig applicants shows; ranked as bot/intros/search.py says. A member who left is never found.

People are found a page at a time from `people_ranked` (migration 011).

`people_ranked` holds one row per skill of each present member, in ranking order within the
skill (endorsed first, then availability, then the latest update, then the member), so a page is
read from the front of a skill's range and stops: what it costs does not grow with the number of
members.

Asking for several skills, people with more of them come first. Each group (members with k of
the n skills) is read as streams, one per skill, each already in ranking order, and SQLite
merges the streams' first rows. Members with all n skills come from the rarest skill's range
alone; a member with fewer is read from the range of the first asked skill they have, so no one
is listed twice. A page after another starts after its last person (keyset), so page 500 costs
what page 1 does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from bot.intros.model import Availability
from bot.intros.search import PAGE_SIZE, Page, PersonMatch, page_count
from bot.store import Dialect, Store
from bot.store.counts import capped, capped_count
from bot.store.stamps import instant, stamp

_ORDER = "unendorsed, availability_rank, updated_at DESC, user_id"

# The few words each engine says its own way: the skills a person matched, as one text; and
# the join of a page to its profiles, which SQLite is told to read page first (CROSS JOIN)
# while PostgreSQL's planner finds that order itself.
_MATCHED: dict[Dialect, str] = {
    "sqlite": "group_concat(x.skill, char(31))",
    "postgresql": "string_agg(x.skill, chr(31))",
}
_PAGE_JOIN: dict[Dialect, str] = {"sqlite": "CROSS JOIN", "postgresql": "JOIN"}


@dataclass(frozen=True)
class _Stream:
    """Members with `matches` of the asked skills, read along one skill's range."""

    matches: int
    skill: str
    condition: str  # SQL about the row `r`, with ? placeholders only
    params: tuple[object, ...]


async def find_people_by_skill(
    store: Store,
    guild_id: int,
    skills: Sequence[str],
    *,
    availability: Availability | Collection[Availability] | None = None,
    exclude: Collection[int] = (),
    limit: int = PAGE_SIZE,
    offset: int = 0,
    after: PersonMatch | None = None,
) -> list[PersonMatch]:
    """Present members with at least one of `skills`, best match first, after `after` if given.

    Ranked by how many of the skills they have, then availability (open to work first), then
    the most recently updated profile.
    """
    asked = tuple(dict.fromkeys(skills))
    if not asked:
        return []
    where, params = _filters(guild_id, availability, exclude)
    sql, page_params = await _page(store, guild_id, asked, where, params, limit, offset, after)
    rows = await store.fetch_all(sql, page_params)
    return [_person(row, asked) for row in rows]


async def count_people_with_skills(
    store: Store,
    guild_id: int,
    skills: Sequence[str],
    *,
    availability: Availability | None = None,
) -> int:
    """Present members with at least one of `skills`, exact up to COUNT_CAP (then COUNT_CAP + 1)."""
    sql, params = _counting(guild_id, tuple(dict.fromkeys(skills)), availability)
    return await capped_count(store, sql, params)


async def find_page(
    store: Store,
    guild_id: int,
    skills: Sequence[str],
    *,
    availability: Availability | None = None,
    page: int = 0,
    after: PersonMatch | None = None,
) -> Page:
    """Page `page` of `find_people_by_skill`, with the total.

    With `after`, the last person of the page before, the page starts after them; without,
    it is counted from the first page, and a page past the end shows the last one.
    """
    asked = tuple(dict.fromkeys(skills))
    number, offset = page, 0
    if after is None and page > 0:
        total = await count_people_with_skills(store, guild_id, asked, availability=availability)
        number = max(0, min(page, page_count(total) - 1))
        offset = number * PAGE_SIZE
    where, params = _filters(guild_id, availability, ())
    sql, page_params = await _page(
        store, guild_id, asked, where, params, PAGE_SIZE + 1, offset, after
    )
    counting, count_params = _counting(guild_id, asked, availability)
    # The total and the page in one read: the total's row stands alone when no one is found.
    rows = await store.fetch_all(
        f"SELECT t.total, q.* FROM (SELECT ({capped(counting)}) AS total) AS t"  # noqa: S608 - only ? placeholders are inserted
        f" LEFT JOIN ({sql}) AS q ON TRUE"
        " ORDER BY q.matches DESC, q.unendorsed, q.ranked_availability, q.updated_at DESC,"
        " q.user_id",
        (*count_params, *page_params),
    )
    people = [_person(row, asked) for row in rows if row["user_id"] is not None]
    return Page(
        people=tuple(people[:PAGE_SIZE]),
        number=number,
        total=int(rows[0]["total"]),
        has_next=len(people) > PAGE_SIZE,
    )


def _counting(
    guild_id: int, asked: tuple[str, ...], availability: Availability | None
) -> tuple[str, list[object]]:
    where, params = _filters(guild_id, availability, ())
    return (
        f"SELECT DISTINCT r.user_id FROM people_ranked AS r"  # noqa: S608 - only ? placeholders are inserted
        f" WHERE {where} AND r.skill IN ({marks(asked)})",
        [*params, *asked],
    )


async def _page(
    store: Store,
    guild_id: int,
    asked: tuple[str, ...],
    where: str,
    params: Sequence[object],
    limit: int,
    offset: int,
    after: PersonMatch | None,
) -> tuple[str, list[object]]:
    """SQL for `limit` people after `offset` (or after `after`), best first, with their rows."""
    arms: list[str] = []
    arm_params: list[object] = []
    for stream in await _streams(store, asked, where, params):
        for key, key_params in _after(stream, after):
            arms.append(
                "SELECT * FROM (SELECT CAST(? AS BIGINT) AS matches,"  # noqa: S608 - only ? placeholders are inserted
                " r.unendorsed, r.availability_rank, r.updated_at, r.user_id"
                f" FROM people_ranked AS r WHERE {where} AND r.skill = ?{stream.condition}{key}"
                f" ORDER BY r.{_ORDER.replace(', ', ', r.')} LIMIT ?) AS arm"
            )
            arm_params += [stream.matches, *params, stream.skill, *stream.params, *key_params]
            arm_params.append(offset + limit)
    return (
        f"WITH found AS ({' UNION ALL '.join(arms)}),"  # noqa: S608 - only ? placeholders are inserted
        f" page AS (SELECT * FROM found ORDER BY matches DESC, {_ORDER} LIMIT ? OFFSET ?)"
        " SELECT page.matches, page.unendorsed, page.availability_rank AS ranked_availability,"
        " p.user_id,"
        " p.display_name, p.headline, p.availability, p.updated_at,"
        f" (SELECT {_MATCHED[store.dialect]} FROM profile_skills AS x"
        " WHERE x.guild_id = p.guild_id AND x.user_id = p.user_id"
        f" AND x.skill IN ({marks(asked)})) AS matched"
        f" FROM page {_PAGE_JOIN[store.dialect]} profiles AS p"
        " ON p.guild_id = ? AND p.user_id = page.user_id"
        f" ORDER BY page.matches DESC, page.{_ORDER.replace(', ', ', page.')}",
        [*arm_params, limit, offset, *asked, guild_id],
    )


def _person(row: sqlite3.Row, asked: tuple[str, ...]) -> PersonMatch:
    order = {skill: n for n, skill in enumerate(asked)}
    return PersonMatch(
        user_id=row["user_id"],
        display_name=row["display_name"],
        headline=row["headline"],
        availability=Availability(row["availability"]),
        matched_skills=tuple(sorted(row["matched"].split("\x1f"), key=order.__getitem__)),
        updated_at=instant(row["updated_at"]),
        endorsed=not row["unendorsed"],
    )


async def headlines(store: Store, guild_id: int, user_ids: Iterable[int]) -> dict[int, str]:
    """The headline of each of these members who has a profile (for /gig applicants)."""
    wanted = list(dict.fromkeys(user_ids))
    if not wanted:
        return {}
    rows = await store.fetch_all(
        "SELECT user_id, headline FROM profiles"  # noqa: S608 - only ? placeholders are inserted
        f" WHERE guild_id = ? AND user_id IN ({marks(wanted)})",
        (guild_id, *wanted),
    )
    return {row["user_id"]: row["headline"] for row in rows}


async def _streams(
    store: Store, asked: tuple[str, ...], where: str, params: Sequence[object]
) -> list[_Stream]:
    if len(asked) == 1:
        return [_Stream(1, asked[0], "", ())]
    size = capped(f"SELECT 1 FROM people_ranked AS r WHERE {where} AND r.skill = ?")  # noqa: S608 - only ? placeholders are inserted
    sizes = await store.fetch_one(
        "SELECT " + ", ".join(f"({size})" for _ in asked),
        [value for skill in asked for value in (*params, skill)],
    )
    assert sizes is not None
    rarest = min(range(len(asked)), key=lambda n: (sizes[n], n))
    others = [skill for n, skill in enumerate(asked) if n != rarest]
    streams = [_Stream(len(asked), asked[rarest], "".join(_has(1) for _ in others), tuple(others))]
    for matches in range(len(asked) - 1, 0, -1):
        for n, skill in enumerate(asked):
            rest = asked[:n] + asked[n + 1 :]
            condition = f" AND ({_holding(len(rest))}) = ?"
            values: list[object] = [*rest, matches - 1]
            if n and matches > 1:  # listed under the first asked skill they have
                condition += f" AND ({_holding(n)}) = 0"
                values += asked[:n]
            streams.append(_Stream(matches, skill, condition, tuple(values)))
    return streams


def _has(count: int) -> str:
    return f" AND ({_holding(count)}) > 0"


def _holding(count: int) -> str:
    """SQL: how many of `count` skills (placeholders) the row's member has."""
    return (
        "SELECT COUNT(*) FROM profile_skills AS x WHERE x.guild_id = r.guild_id"  # noqa: S608 - only ? placeholders are inserted
        f" AND x.user_id = r.user_id AND x.skill IN ({marks(range(count))})"
    )


def _after(stream: _Stream, after: PersonMatch | None) -> list[tuple[str, tuple[object, ...]]]:
    """Conditions reading the part of the stream that comes after `after`, in order."""
    if after is None or stream.matches < len(after.matched_skills):
        return [("", ())]
    if stream.matches > len(after.matched_skills):
        return []
    rank, updated = after.availability.rank, stamp(after.updated_at)
    unendorsed = int(not after.endorsed)
    same = " AND r.unendorsed = ?"
    return [
        (
            f"{same} AND r.availability_rank = ? AND r.updated_at = ? AND r.user_id > ?",
            (unendorsed, rank, updated, after.user_id),
        ),
        (f"{same} AND r.availability_rank = ? AND r.updated_at < ?", (unendorsed, rank, updated)),
        (f"{same} AND r.availability_rank > ?", (unendorsed, rank)),
        (" AND r.unendorsed > ?", (unendorsed,)),
    ]


def _filters(
    guild_id: int,
    availability: Availability | Collection[Availability] | None,
    exclude: Collection[int],
) -> tuple[str, list[object]]:
    clauses = ["r.guild_id = ?"]
    params: list[object] = [guild_id]
    if availability is not None:
        wanted = [availability] if isinstance(availability, Availability) else list(availability)
        clauses.append(f"r.availability_rank IN ({marks(wanted)})")
        params.extend(a.rank for a in wanted)
    if exclude:
        clauses.append(f"r.user_id NOT IN ({marks(exclude)})")
        params.extend(exclude)
    return " AND ".join(clauses), params


def marks(values: Collection[object]) -> str:
    return ", ".join("?" for _ in values)
