"""A member's portfolio page: their introduction, each skill with the confirmed counterparts who
endorsed it, and the testimonials they approved, each writer named only if they opted in too.

Shown only for a member who chose `/intro public on` and is still in the hub.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from aiohttp import web

from bot.intros.store.public import public_names, public_profile
from bot.reputation.store.cards import portfolio_reputation
from bot.skills import Taxonomy
from bot.skills.store import hub_taxonomy
from bot.web.pages import (
    STORE,
    PageProblem,
    PublicMember,
    hub_html,
    member_path,
    number_in_path,
    public_hub,
)
from bot.web.reader import Reader
from bot.web.validators import check_modified, entity_tag
from bot.web_links import link_problem

TESTIMONIALS_ON_MEMBER_PAGE = 20


@dataclass(frozen=True)
class Quote:
    """An approved testimonial as the portfolio page shows it: its writer named (and linked)
    only when they opted in too."""

    body: str
    writer: PublicMember | None


async def member_page(request: web.Request) -> web.Response:
    hub, reader = await public_hub(request)
    store = request.app[STORE]
    profile = await public_profile(store, hub.guild_id, number_in_path(request, "member"))
    if profile is None:
        raise PageProblem(404, "not_found", hub, reader)
    reputation = await portfolio_reputation(
        store, hub.guild_id, profile.user_id, limit=TESTIMONIALS_ON_MEMBER_PAGE
    )
    writers = await public_names(
        store, hub.guild_id, {each.author_id for each in reputation.testimonials}
    )
    testimonials = [
        Quote(
            each.body,
            PublicMember(each.author_id, writers[each.author_id])
            if each.author_id in writers
            else None,
        )
        for each in reputation.testimonials
    ]
    endorsed = sorted(reputation.endorsed.items())
    # A testimonial hidden or a writer opting out changes no date left on the page: the tag says.
    tag = entity_tag(
        (
            "member",
            hub.name,
            hub.updated_at,
            reader,
            profile.updated_at,
            endorsed,
            reputation.shown,
            [(each.id, each.decided_at) for each in reputation.testimonials],
            testimonials,
        )
    )
    modified = max(
        [
            profile.updated_at,
            hub.updated_at,
            *(each.decided_at or each.written_at for each in reputation.testimonials),
        ]
    )
    check_modified(request, tag, modified)
    taxonomy = await hub_taxonomy(store, hub.guild_id)
    path = member_path(hub.guild_id, profile.user_id)
    member = {
        "name": profile.display_name,
        "headline": profile.content.headline,
        "skills": endorsed_skills(taxonomy, profile.skills, reputation.endorsed, reader),
        "links": [url for url in profile.content.links if link_problem(url) is None],
        "testimonials": testimonials,
        "more_testimonials": max(reputation.shown - len(testimonials), 0),
    }
    return hub_html(
        request, "member.html", hub, reader, path, tag=tag, modified=modified, member=member
    )


def endorsed_skills(
    taxonomy: Taxonomy, slugs: Iterable[str], endorsed: Mapping[str, int], reader: Reader
) -> list[tuple[str, int]]:
    """Each skill named once in the reader's language, with how many confirmed counterparts
    endorsed it (two merged skills answering for one name: the larger count, never the sum,
    which could count one counterpart twice)."""
    counts: dict[str, int] = {}
    for slug in slugs:
        [name] = taxonomy.display_names([slug], reader.locale)
        counts[name] = max(counts.get(name, 0), endorsed.get(slug, 0))
    return list(counts.items())
