"""Telling people about a gig: its poster by DM, its thread, the note on a handled report."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

from bot.gigs.model import Gig
from bot.gigs.store.claims import (
    record_thread,
)
from bot.hubs.model import HubSettings
from cogs._channels import channel_by_id
from cogs._limits import CONTENT_MAX, fit
from cogs.gigs._buttons import (
    report_buttons,
)
from cogs.gigs._posts import NO_PINGS, thread_name

if TYPE_CHECKING:
    from bot.app import Mozaik

log = logging.getLogger(__name__)

DMS_CLOSED = 50007  # Discord: "Cannot send messages to this user"


@dataclass(frozen=True)
class Extras:
    """What goes with a message's text: its buttons, its embed, and the `nonce` of a message
    that must not arrive twice after a crash (see message_nonce)."""

    view: discord.ui.View | None = None
    embed: discord.Embed | None = None
    nonce: str | None = None

    def to_send(self) -> dict[str, Any]:
        """Only what there is: discord.py refuses None."""
        fields = {"view": self.view, "embed": self.embed, "nonce": self.nonce}
        return {name: value for name, value in fields.items() if value is not None}


TEXT_ONLY = Extras()


async def tell_poster(bot: Mozaik, gig: Gig, text: str, extras: Extras = TEXT_ONLY) -> bool:
    """A direct message to the gig's poster; False when it could not be delivered."""
    try:
        user = bot.get_user(gig.poster_id) or await bot.fetch_user(gig.poster_id)
        await user.send(fit(text, CONTENT_MAX), allowed_mentions=NO_PINGS, **extras.to_send())
    except discord.HTTPException as error:
        if error.code != DMS_CLOSED:
            log.warning("could not message the poster of gig %s", gig.id, exc_info=True)
        return False
    return True


async def say_in_thread(
    bot: Mozaik, gig: Gig, text: str, ping: int, extras: Extras = TEXT_ONLY
) -> bool:
    """Write in the gig's discussion thread (started on its post if needed), pinging only
    the member `ping`."""
    thread = await _discussion_thread(bot, gig)
    if thread is None:
        return False
    try:
        await thread.send(
            fit(text, CONTENT_MAX),
            allowed_mentions=discord.AllowedMentions(
                everyone=False, roles=False, users=[discord.Object(ping)]
            ),
            **extras.to_send(),
        )
    except discord.HTTPException:
        log.warning("could not write in the thread of gig %s", gig.id, exc_info=True)
        return False
    return True


async def _discussion_thread(bot: Mozaik, gig: Gig) -> discord.Thread | None:
    if gig.thread_id is not None:
        thread = await channel_by_id(bot, gig.thread_id)
        return thread if isinstance(thread, discord.Thread) else None
    channel = await channel_by_id(bot, gig.message_channel_id)
    if not isinstance(channel, discord.TextChannel) or gig.message_id is None:
        return None
    try:
        thread = await channel.get_partial_message(gig.message_id).create_thread(
            name=thread_name(gig)
        )
    except discord.HTTPException:
        log.warning("could not start a thread on gig %s", gig.id, exc_info=True)
        return None
    await record_thread(bot.store, gig.id, thread.id)
    return thread


async def mark_report_handled(
    bot: Mozaik, message: discord.Message | None, gig_id: int, hub: HubSettings, note: str
) -> None:
    """Say on a report's queue message who handled it; its buttons are then disabled."""
    if message is None:
        return
    try:
        await message.edit(
            content=fit(f"{message.content}\n{note}", CONTENT_MAX),
            view=report_buttons(gig_id, hub.locale, disabled=True),
            allowed_mentions=NO_PINGS,
        )
    except discord.HTTPException:
        log.warning("could not mark the report on gig %s handled", gig_id, exc_info=True)
