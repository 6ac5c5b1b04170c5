"""The board's pages, each like a cog's command: read the address, check the hub shows its board
(and the member opted in), read the stores, answer 304 when the reader's copy is current, render.
A member's portfolio page is `bot/web/portfolio.py`, the feeds `bot/web/feeds.py`.

Nothing names a member unless they chose `/intro public on`; a closed or rejected gig answers
410 the moment it changes, as every page reads the store afresh.
"""

from __future__ import annotations

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
from bot.intros.store.public import public_profile
from bot.page_totals import COUNT_CAP, is_capped
from bot.skills import Taxonomy
from bot.skills.store import hub_taxonomy
from bot.store import Store
from bot.web.filters import BadQuery, BoardQuery, board_query
from bot.web.jobposting import job_posting
from bot.web.reader import Reader, reader_of
from bot.web.rendering import gig_view, link, render
from bot.web.validators import check_modified, entity_tag, stamp_headers

PAGE_SIZE = 20
NEWEST_ON_HUB_PAGE = 5
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


def hub_path(guild_id: int) -> str:
    return f"/hubs/{guild_id}"


def member_path(guild_id: int, user_id: int) -> str:
    return f"{hub_path(guild_id)}/members/{user_id}"


def number_in_path(request: web.Request, name: str) -> int:
    text = request.match_info[name]
    if not (text.isascii() and text.isdigit()) or len(text) > _ID_DIGITS or int(text) >= 2**63:
        raise PageProblem(404, "not_found")
    return int(text)


async def public_hub(request: web.Request) -> tuple[HubWeb, Reader]:
    """The hub whose board is public, and its reader; 404 for any other."""
    store = request.app[STORE]
    hub = await hub_web(store, number_in_path(request, "guild"))
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
    gig = await get_gig(store, number_in_path(request, "gig"))
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
