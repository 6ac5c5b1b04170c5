"""The reminder a letter of the outbox carries: the poster's gig expires within three days."""

from __future__ import annotations

from bot.app import Mozaik
from bot.gigs.model import GigStatus
from bot.gigs.store.claims import reminded_gig
from bot.gigs.store.records import get_gig
from bot.i18n import as_locale, t
from bot.outbox.model import Letter
from cogs._letters import Request, Written
from cogs._limits import CONTENT_MAX, fit
from cogs._markup import quoted
from cogs.gigs._buttons import reminder_buttons
from cogs.gigs._decisions import TITLE_IN_NOTES
from cogs.gigs._embeds import timestamp


async def write_gig_reminder(bot: Mozaik, letter: Letter, request: Request) -> Written | None:
    """The reminder, with Renew and Close, while the gig is open in the period it was owed for."""
    gig_id, renewals = reminded_gig(letter.item_id)
    gig = await get_gig(bot.store, gig_id)
    if gig is None or gig.status is not GigStatus.APPROVED or gig.renewals != renewals:
        return None  # closed or renewed meanwhile
    if gig.expires_at is None:
        return None
    hub = await bot.hub(gig.guild_id)
    locale = as_locale(letter.locale) or hub.locale
    text = t(
        locale,
        "gigs.dm_reminder",
        number=gig.id,
        title=quoted(gig.title, TITLE_IN_NOTES),
        when=timestamp(gig.expires_at),
        left=max(hub.max_renewals - gig.renewals, 0),
    )
    return Written([], reminder_buttons(gig.id, locale), content=fit(text, CONTENT_MAX))
