"""Finding people by skill, for /intro find and collaboration suggestions, and the headlines
/gig applicants shows; ranked as bot/intros/search.py says. A member who left is never found."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from bot.intros.model import Availability
from bot.intros.search import (
    PAGE_SIZE,
    Page,
    PersonMatch,
    page_count,
)
from bot.store import Store
from bot.store.stamps import instant

# Availability in ranking order, as SQL; built from the enum, never from input.
_AVAILABILITY_RANK = (
    "CASE p.availability "
    + " ".join(f"WHEN '{a.value}' THEN {a.rank}" for a in Availability)
    + " END"
)


async def find_people_by_skill(
    store: Store,
    guild_id: int,
    skills: Sequence[str],
    *,
    availability: Availability | Collection[Availability] | None = None,
    exclude: Collection[int] = (),
    limit: int = PAGE_SIZE,
    offset: int = 0,
) -> list[PersonMatch]:
    """Present members with at least one of `skills`, best match first.

    Ranked by how many of the skills they have, then availability (open to work first), then
    the most recently updated profile.
    """
    where, params = _search_filter(guild_id, skills, availability, exclude)
    # CROSS JOIN: read the skill's range of profile_skills, then each member's row; left to
    # itself, SQLite reads every profile of the hub and looks each one's skills up.
    rows = await store.fetch_all(
        "SELECT p.user_id, p.display_name, p.headline, p.availability, p.updated_at,"  # noqa: S608 - only ? placeholders are inserted
        " group_concat(s.skill, char(31)) AS matched, COUNT(*) AS matches"
        " FROM profile_skills AS s CROSS JOIN profiles AS p"
        " ON p.guild_id = s.guild_id AND p.user_id = s.user_id"
        f" WHERE {where} GROUP BY p.user_id"
        f" ORDER BY matches DESC, {_AVAILABILITY_RANK}, p.updated_at DESC, p.user_id"
        " LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    order = {skill: n for n, skill in enumerate(skills)}
    return [
        PersonMatch(
            user_id=row["user_id"],
            display_name=row["display_name"],
            headline=row["headline"],
            availability=Availability(row["availability"]),
            matched_skills=tuple(sorted(row["matched"].split("\x1f"), key=order.__getitem__)),
            updated_at=instant(row["updated_at"]),
        )
        for row in rows
    ]


async def count_people_with_skills(
    store: Store,
    guild_id: int,
    skills: Sequence[str],
    *,
    availability: Availability | None = None,
) -> int:
    where, params = _search_filter(guild_id, skills, availability, ())
    row = await store.fetch_one(
        "SELECT COUNT(DISTINCT s.user_id) FROM profile_skills AS s CROSS JOIN profiles AS p"  # noqa: S608 - only ? placeholders are inserted
        " ON p.guild_id = s.guild_id AND p.user_id = s.user_id"
        f" WHERE {where}",
        params,
    )
    assert row is not None
    return int(row[0])


async def find_page(
    store: Store,
    guild_id: int,
    skills: Sequence[str],
    *,
    availability: Availability | None = None,
    page: int = 0,
) -> Page:
    """One page of `find_people_by_skill`; a page past the end shows the last one."""
    total = await count_people_with_skills(store, guild_id, skills, availability=availability)
    number = max(0, min(page, page_count(total) - 1))
    people = await find_people_by_skill(
        store, guild_id, skills, availability=availability, offset=number * PAGE_SIZE
    )
    return Page(people=tuple(people), number=number, total=total)


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


def _search_filter(
    guild_id: int,
    skills: Sequence[str],
    availability: Availability | Collection[Availability] | None,
    exclude: Collection[int],
) -> tuple[str, list[object]]:
    clauses = [f"s.guild_id = ? AND s.skill IN ({marks(skills)}) AND p.departed_at IS NULL"]
    params: list[object] = [guild_id, *skills]
    if availability is not None:
        wanted = [availability] if isinstance(availability, Availability) else list(availability)
        clauses.append(f"p.availability IN ({marks(wanted)})")
        params.extend(a.value for a in wanted)
    if exclude:
        clauses.append(f"p.user_id NOT IN ({marks(exclude)})")
        params.extend(exclude)
    return " AND ".join(clauses), params


def marks(values: Collection[object]) -> str:
    return ", ".join("?" for _ in values)
