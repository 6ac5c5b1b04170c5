"""The board as members browse it: /gig list (filters) and /gig search (words), page by page.

A page's buttons carry the filters or the words, so paging needs nothing kept in memory; the
board's next-page button also carries the gig the next page starts after.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.errors import Refusal
from bot.gigs.search import QUERY_MAX, GigFilters
from bot.gigs.store.board import board, search
from bot.i18n import t
from cogs.gigs._buttons import list_query, page_buttons, parse_list_query
from cogs.gigs._embeds import board_embed

if TYPE_CHECKING:
    from bot.app import Mozaik

PAGE_SIZE = 10
LIST, FIND = "list", "find"


async def list_page(
    bot: Mozaik,
    guild_id: int,
    filters: GigFilters,
    page: int,
    locale: str,
    after: int | None = None,
) -> tuple[discord.Embed, discord.ui.View]:
    found = await board(
        bot.store,
        guild_id,
        filters,
        bot.clock.now(),
        limit=PAGE_SIZE,
        offset=page * PAGE_SIZE,
        after=after,
    )
    heading = t(locale, "gigs.list_title")
    embed = board_embed(heading, found, page, PAGE_SIZE, locale, bot.clock.now())
    buttons = page_buttons(
        LIST, page, found.has_next, found.next_after, list_query(filters), locale
    )
    return embed, buttons


async def search_page(
    bot: Mozaik, guild_id: int, words: str, page: int, locale: str
) -> tuple[discord.Embed, discord.ui.View]:
    words = words[:QUERY_MAX]
    found = await search(bot.store, guild_id, words, limit=PAGE_SIZE, offset=page * PAGE_SIZE)
    if found is None:
        raise Refusal("gigs.search_empty")
    heading = t(locale, "gigs.search_title", query=words)
    embed = board_embed(heading, found, page, PAGE_SIZE, locale, bot.clock.now())
    return embed, page_buttons(FIND, page, found.has_next, None, words, locale)


async def page_from_button(
    bot: Mozaik, guild_id: int, mode: str, page: int, after: int | None, query: str, locale: str
) -> tuple[discord.Embed, discord.ui.View]:
    """The page a button asks for; `after` is checked by the store (a gig of this hub)."""
    if mode == LIST:
        hub = await bot.hub(guild_id)
        filters = parse_list_query(query, hub.currency)
        return await list_page(bot, guild_id, filters, page, locale, after)
    return await search_page(bot, guild_id, query, page, locale)
