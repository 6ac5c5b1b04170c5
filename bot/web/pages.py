"""The board's pages, each like a cog's command: read the address, check the hub shows its board
(and the member opted in), read the stores, answer 304 when the reader's copy is current, render.

Nothing names a member unless they chose `/intro public on`; a closed or rejected gig answers
410 the moment it changes, as every page reads the store afresh.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from aiohttp import web

from bot.clock import Clock
from bot.config import Settings
from bot.gigs.model import Engagement, GigStatus, LocationType
from bot.gigs.search import GigFilters
from bot.gigs.store.board import Page, board
from bot.gigs.store.records import get_gig
from bot.hubs.store import get_hub
from bot.hubs.web_store import HubWeb, hub_web
from bot.i18n import t_plain
from bot.intros.store.public import public_names, public_profile
from bot.page_totals import COUNT_CAP, is_capped
from bot.reputation.store.cards import portfolio_reputation
from bot.skills import Taxonomy
from bot.skills.store import hub_taxonomy
from bot.store import Store
from bot.web.filters import BadQuery, BoardQuery, board_query
from bot.web.jobposting import job_posting
from bot.web.reader import Reader, reader_of
from bot.web.rendering import gig_view, link, render
from bot.web.validators import check_modified, entity_tag, stamp_headers
from bot.web_links import link_problem

PAGE_SIZE = 20
NEWEST_ON_HUB_PAGE = 5
TESTIMONIALS_ON_MEMBER_PAGE = 20
_ID_DIGITS = 19

STORE = web.AppKey("store", Store)
SETTINGS = web.AppKey("settings", Settings)
CLOCK = web.AppKey("clock", Clock)


class PageProblem(Exception):
    """A page that cannot be shown: `problem` names its texts (web.<problem>_title)."""

    def __init__(
        self,
        status: int,
        problem: str,
        hub: HubWeb | None = None,
        reader: Reader | None = None,
    ) -> None:
        super().__init__(problem)
        self.status, self.problem, self.hub, self.reader = status, problem, hub, reader


@dataclass(frozen=True)
class PublicMember:
    """A member who chose `/intro public on`: a page names them and links to their portfolio."""

    user_id: int
    name: str


@dataclass(frozen=True)
class Quote:
    """An approved testimonial as the portfolio page shows it: its writer named (and linked)
    only when they opted in too."""

    body: str
    writer: PublicMember | None


def hub_path(guild_id: int) -> str:
    return f"/hubs/{guild_id}"


def member_path(guild_id: int, user_id: int) -> str:
    return f"{hub_path(guild_id)}/members/{user_id}"


def _number(request: web.Request, name: str) -> int:
    text = request.match_info[name]
    if not (text.isascii() and text.isdigit()) or len(text) > _ID_DIGITS or int(text) >= 2**63:
        raise PageProblem(404, "not_found")
    return int(text)


async def public_hub(request: web.Request) -> tuple[HubWeb, Reader]:
    """The hub whose board is public, and its reader; 404 for any other."""
    store = request.app[STORE]
    hub = await hub_web(store, _number(request, "guild"))
    if hub is None or not hub.public:
        raise PageProblem(404, "not_found")
    settings = await get_hub(store, hub.guild_id, request.app[SETTINGS].hub_defaults)
    return hub, reader_of(request.query, settings.locale)


def hub_html(
    request: web.Request,
    template: str,
    hub: HubWeb,
    reader: Reader,
    path: str,
    *,
    tag: str,
    modified: datetime,
    **context: object,
) -> web.Response:
    """A page of the hub's board at `path`, rendered with the hub, sent with the tag and last
    change it was checked against."""
    body = render(template, reader, path, hub=hub, hub_path=hub_path(hub.guild_id), **context)
    response = web.Response(text=body, content_type="text/html", charset="utf-8")
    stamp_headers(response, tag, modified)
    return response


async def filtered(
    request: web.Request, hub: HubWeb, reader: Reader
) -> tuple[BoardQuery, Taxonomy, str]:
    """The board's filters in the address, the hub's skills, and the currency pay is in."""
    store = request.app[STORE]
    settings = await get_hub(store, hub.guild_id, request.app[SETTINGS].hub_defaults)
    taxonomy = await hub_taxonomy(store, hub.guild_id)
    try:
        return board_query(request.query, taxonomy, settings.currency), taxonomy, settings.currency
    except BadQuery:
        raise PageProblem(400, "bad_request", hub, reader) from None


async def board_read(
    request: web.Request, hub: HubWeb, filters: GigFilters, after: int | None, limit: int
) -> Page:
    store = request.app[STORE]
    now = request.app[CLOCK].now()
    return await board(store, hub.guild_id, filters, now, limit=limit, offset=0, after=after)


def page_tag(kind: str, hub: HubWeb, reader: Reader, page: Page, *extra: object) -> str:
    gigs = [(gig.id, gig.updated_at, gig.featured_until) for gig in page.gigs]
    return entity_tag(
        (kind, hub.name, hub.updated_at, reader, page.total, page.has_next, gigs, *extra)
    )


def newest_change(hub: HubWeb, page: Page) -> datetime:
    return max([hub.updated_at, *(gig.updated_at for gig in page.gigs)])


def total_text(reader: Reader, total: int, key: str) -> str:
    if is_capped(total):
        return t_plain(reader.locale, f"{key}_more", count=COUNT_CAP)
    return t_plain(reader.locale, key, count=total)


async def hub_page(request: web.Request) -> web.Response:
    hub, reader = await public_hub(request)
    page = await board_read(request, hub, GigFilters(), None, NEWEST_ON_HUB_PAGE)
    tag = page_tag("hub", hub, reader, page)
    modified = newest_change(hub, page)
    check_modified(request, tag, modified)
    taxonomy = await hub_taxonomy(request.app[STORE], hub.guild_id)
    now = request.app[CLOCK].now()
    return hub_html(
        request,
        "hub.html",
        hub,
        reader,
        hub_path(hub.guild_id),
        tag=tag,
        modified=modified,
        open_count=total_text(reader, page.total, "web.open_gigs"),
        gigs=[gig_view(gig, reader, taxonomy, now) for gig in page.gigs],
    )


async def board_page(request: web.Request) -> web.Response:
    hub, reader = await public_hub(request)
    query, taxonomy, currency = await filtered(request, hub, reader)
    page = await board_read(request, hub, query.filters, query.after, PAGE_SIZE)
    tag = page_tag("board", hub, reader, page, sorted(query.shown.items()), query.after)
    modified = newest_change(hub, page)
    check_modified(request, tag, modified)
    path = f"{hub_path(hub.guild_id)}/gigs"
    now = request.app[CLOCK].now()
    next_page = None
    if page.has_next and page.next_after is not None:
        next_page = link(path, {**query.shown, **reader.chosen, "after": page.next_after})
    first_page = link(path, {**query.shown, **reader.chosen}) if query.after else None
    locale = reader.locale
    return hub_html(
        request,
        "board.html",
        hub,
        reader,
        path,
        tag=tag,
        modified=modified,
        query={**query.shown, "after": query.after},
        shown=query.shown,
        currency=currency,
        work_types=[(e.value, t_plain(locale, f"gigs.engagement_{e.value}")) for e in Engagement],
        locations=[(w.value, t_plain(locale, f"gigs.location_{w.value}")) for w in LocationType],
        total=total_text(reader, page.total, "web.total"),
        gigs=[gig_view(gig, reader, taxonomy, now) for gig in page.gigs],
        next_page=next_page,
        first_page=first_page,
    )


async def gig_page(request: web.Request) -> web.Response:
    hub, reader = await public_hub(request)
    store = request.app[STORE]
    gig = await get_gig(store, _number(request, "gig"))
    if gig is None or gig.guild_id != hub.guild_id:
        raise PageProblem(404, "not_found", hub, reader)
    if gig.status in (GigStatus.CLOSED, GigStatus.REJECTED):
        raise PageProblem(410, "gone", hub, reader)
    if not gig.is_published:
        raise PageProblem(404, "not_found", hub, reader)
    profile = await public_profile(store, hub.guild_id, gig.poster_id)
    poster = None if profile is None else PublicMember(profile.user_id, profile.display_name)
    tag = entity_tag(("gig", hub.name, hub.updated_at, reader, gig.id, gig.updated_at, poster))
    modified = max(gig.updated_at, hub.updated_at)
    # Only the tag says a gig's page is current: its poster opting out changes no date.
    check_modified(request, tag, modified)
    taxonomy = await hub_taxonomy(store, hub.guild_id)
    root = request.app[SETTINGS].web.root
    path = f"{hub_path(hub.guild_id)}/gigs/{gig.id}"
    view = gig_view(gig, reader, taxonomy, request.app[CLOCK].now(), whole=True)
    posting = job_posting(
        gig,
        hub_name=hub.name,
        hub_url=root + hub_path(hub.guild_id),
        gig_url=root + path,
        skill_names=[skill.name for skill in view.skills],
        poster=None
        if poster is None
        else (poster.name, root + member_path(hub.guild_id, poster.user_id)),
    )
    return hub_html(
        request,
        "gig.html",
        hub,
        reader,
        path,
        tag=tag,
        modified=modified,
        gig=view,
        poster=poster,
        posting=posting,
    )


async def member_page(request: web.Request) -> web.Response:
    hub, reader = await public_hub(request)
    store = request.app[STORE]
    profile = await public_profile(store, hub.guild_id, _number(request, "member"))
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
