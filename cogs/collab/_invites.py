"""The invitation a letter of the outbox carries: a request's author invites a suggested member."""

from __future__ import annotations

from bot.app import Mozaik
from bot.collab.store.requests import get_request
from bot.i18n import FALLBACK, as_locale, t
from bot.outbox.model import Letter
from cogs._letters import Request, Written
from cogs._limits import CONTENT_MAX, fit
from cogs._people import member_name
from cogs.collab._embeds import plain, request_link


async def write_invite(bot: Mozaik, letter: Letter, request: Request) -> Written | None:
    """The invitation, naming the author, the hub and the request, with its link."""
    collab = await get_request(bot.store, letter.item_id)
    guild = bot.get_guild(letter.guild_id)
    if collab is None or guild is None:
        return None
    await request()  # the author's name may be asked of Discord
    text = t(
        as_locale(letter.locale) or FALLBACK,
        "collab.invite_dm",
        requester=plain(await member_name(bot, collab.guild_id, collab.requester_id)),
        hub=plain(guild.name),
        title=plain(collab.title),
        link=request_link(collab),
    )
    return Written([], content=fit(text, CONTENT_MAX))
