"""Who did a gig filled through the hub: the poster names them, each named member is asked.

After "Yes, through this hub" the poster gets a select of the gig's applicants and, in the hub's
server, a select of any member. The selects carry only the gig's number
(`rep:name:12:applicants`); the choice is forged until checked: the chooser must be the poster
of a gig closed as filled, and each value must be a member of the gig's hub (not a bot).
"""

from __future__ import annotations

import logging
import re
from typing import Any, Self

import discord

from bot.app import Mozaik
from bot.errors import Refusal
from bot.gigs.curation import found_in_hub
from bot.gigs.model import Gig
from bot.gigs.store.records import get_gig
from bot.gigs.store.responses import interests_in
from bot.i18n import Locale, pick_locale, t
from bot.outbox.model import Kind, Status
from bot.reputation.model import NAMED_MAX, EngagementKind
from bot.reputation.rules import check_may_name, members_to_name
from bot.reputation.store.engagements import ask
from bot.ui import ID_MAX, IdParts, PersistentSelect, interaction_locale, send_private
from cogs._letters import send_now
from cogs._limits import CONTENT_MAX, fit
from cogs._people import hub_member, member_name
from cogs.reputation._asking import NO_PINGS

log = logging.getLogger(__name__)

SELECT_OPTIONS_MAX = 25  # Discord's limit on a select's options
_NAME_SELECT = r"rep:name:(?P<gig>\d{1,18}):(?P<how>applicants|member)"


async def who_did_it(bot: Mozaik, gig: Gig, locale: Locale, *, in_server: bool) -> discord.ui.View:
    """The selects the poster names who did the gig with: its applicants, and any member when
    the question is asked in the hub's server (a DM's member select would find nobody)."""
    view = discord.ui.View(timeout=None)
    interests = (await interests_in(bot.store, gig.id))[:SELECT_OPTIONS_MAX]
    if interests:
        options = [
            discord.SelectOption(
                label=fit(await member_name(bot, gig.guild_id, i.user_id), 100),
                value=str(i.user_id),
            )
            for i in interests
        ]
        applicants = discord.ui.Select[Any](
            options=options, max_values=min(NAMED_MAX, len(options))
        )
        view.add_item(NameSelect.of(applicants, gig.id, "applicants", locale))
    if in_server:
        any_member = discord.ui.UserSelect[Any](max_values=NAMED_MAX)
        view.add_item(NameSelect.of(any_member, gig.id, "member", locale))
    view.stop()  # answered by the registered dynamic item, not kept in memory
    return view


def _user_ids(values: list[str]) -> list[int]:
    """The user ids a select sent, each read as an id or refused as forged."""
    if not all(re.fullmatch(r"\d{1,19}", v) and 0 < int(v) <= ID_MAX for v in values):
        raise Refusal("core.button_unknown")
    return [int(v) for v in values]


class NameSelect(PersistentSelect, template=_NAME_SELECT):
    """Either select of `who_did_it`, read back from its custom id after any restart."""

    def __init__(self, item: discord.ui.Item[Any], gig_id: int) -> None:
        super().__init__(item)
        self.gig_id = gig_id

    @classmethod
    def of(
        cls,
        menu: discord.ui.Select[Any] | discord.ui.UserSelect[Any],
        gig_id: int,
        how: str,
        locale: Locale,
    ) -> Self:
        """`menu` as the select of who did the gig `how` says: among its applicants, or any
        member."""
        menu.custom_id = f"rep:name:{gig_id}:{how}"
        menu.placeholder = t(locale, f"reputation.name_{how}")
        return cls(menu, gig_id)

    @classmethod
    def from_parts(cls, parts: IdParts, item: discord.ui.Item[Any]) -> Self:
        return cls(item, parts.number("gig"))

    async def chosen(self, interaction: discord.Interaction[Mozaik], values: list[str]) -> None:
        await name_members(interaction, self.gig_id, _user_ids(values))


async def name_members(
    interaction: discord.Interaction[Mozaik], gig_id: int, chosen: list[int]
) -> None:
    """Record who the poster named and, in the same transaction, owe each of them the DM that
    asks them to confirm."""
    bot = interaction.client
    gig = found_in_hub(await get_gig(bot.store, gig_id), gig_id, interaction.guild_id)
    check_may_name(gig, interaction.user.id)
    locale = await interaction_locale(interaction)
    in_hub = [m for m in chosen if await _is_person_in_hub(bot, gig.guild_id, m)]
    named = members_to_name(gig.poster_id, chosen, in_hub)
    await interaction.response.defer(ephemeral=True, thinking=True)
    hub = await bot.hub(gig.guild_id)
    member_locale = pick_locale(None, hub.locale)  # a member's own language is not known here
    asked = await ask(
        bot.store,
        gig.guild_id,
        EngagementKind.GIG,
        gig.id,
        gig.poster_id,
        named,
        bot.clock.now(),
        asker_says_yes=True,
        asking=dict.fromkeys(named, member_locale),
    )
    # Sent at once, so the poster hears who could not be reached; if Mozaik dies first, the
    # outbox sends them when it is back.
    unreached = []
    for engagement in asked:
        member_id = engagement.member_id
        sent = await send_now(bot, Kind.WORK_QUESTION, gig.guild_id, engagement.id, member_id)
        if sent is Status.CLOSED:
            unreached.append(member_id)
    mentions = ", ".join(f"<@{m}>" for m in named)
    text = t(locale, "reputation.named", members=mentions, number=gig.id)
    if unreached:
        text += "\n" + t(
            locale, "reputation.named_unreached", members=", ".join(f"<@{m}>" for m in unreached)
        )
    await send_private(interaction, fit(text, CONTENT_MAX), allowed_mentions=NO_PINGS)


async def _is_person_in_hub(bot: Mozaik, guild_id: int, user_id: int) -> bool:
    member = await hub_member(bot, guild_id, user_id)
    return member is not None and not member.bot
