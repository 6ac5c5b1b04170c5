"""The skill alert a letter of the outbox carries: a published gig asks for the member's skills."""

from __future__ import annotations

import discord

from bot.app import Mozaik
from bot.gigs.model import GigStatus
from bot.gigs.store.records import get_gig
from bot.i18n import FALLBACK, as_locale, t
from bot.intros.store.alerts import matched_skills
from bot.links import jump_link
from bot.outbox.model import Letter
from bot.skills.store import hub_taxonomy
from cogs._letters import Request, Written
from cogs.intros._embeds import skill_alert
from cogs.intros._members import MemberLookups


async def write_skill_alert(bot: Mozaik, letter: Letter, request: Request) -> Written | None:
    """The alert, while the gig is open and the member still in the hub."""
    gig = await get_gig(bot.store, letter.item_id)
    guild = bot.get_guild(letter.guild_id)
    if gig is None or guild is None or gig.status is not GigStatus.APPROVED:
        return None
    if gig.message_channel_id is None or gig.message_id is None:
        return None
    # Without the members intent a member who left is noticed on look-up (cogs/intros/_members).
    members = getattr(bot.get_cog("IntroCog"), "members", None)
    if guild.get_member(letter.user_id) is None and isinstance(members, MemberLookups):
        await request()
        _, departed = await members.look_up(guild, [letter.user_id])
        if departed:
            return None
    locale = as_locale(letter.locale) or FALLBACK
    link = jump_link(letter.guild_id, gig.message_channel_id, gig.message_id)
    embed = skill_alert(
        title=gig.title,
        hub=guild.name,
        matched=matched_skills(letter.detail),
        taxonomy=await hub_taxonomy(bot.store, letter.guild_id),
        locale=locale,
    )
    embed.url = link  # with the footer, how the alert is recognised in the member's DMs
    view = discord.ui.View()
    view.add_item(discord.ui.Button(label=t(locale, "intros.alert_open"), url=link))
    return Written([embed], view)
