"""What the testimonial commands do: /intro testimonial and /intro testimonials (the members'),
/gigmod testimonial remove (the moderators'); the cogs of those groups only parse and call."""

from __future__ import annotations

import discord

from bot.app import Mozaik
from bot.errors import Refusal
from bot.i18n import t
from bot.reputation.model import TESTIMONIAL_MAX, TestimonialStatus
from bot.reputation.rules import REMOVABLE, check_may_remove
from bot.reputation.store.engagements import completed_between
from bot.reputation.store.testimonials import (
    get_testimonial,
    move_testimonial,
    received_testimonials,
)
from bot.typed_text import checked_reason
from bot.ui import interaction_locale, send_private
from cogs._access import guild_id_of
from cogs._channels import audit
from cogs._limits import EMBED_DESCRIPTION_MAX, fit
from cogs._markup import quoted
from cogs.reputation._cards import reputation_changed
from cogs.reputation._testimonials import NO_PINGS, decide_buttons, testimonial_form, writable

MANAGED_MAX = 10  # testimonials listed by /intro testimonials, each with its buttons
QUOTED_IN_LIST = 200


async def start_testimonial(
    interaction: discord.Interaction[Mozaik], member: discord.Member
) -> None:
    """The testimonial form for `member`, if the two have confirmed work together."""
    bot = interaction.client
    guild_id = guild_id_of(interaction)
    engagement = await completed_between(bot.store, guild_id, interaction.user.id, member.id)
    if engagement is None or member.id == interaction.user.id:
        raise Refusal("reputation.no_shared_work")
    engagement = await writable(bot, engagement.id, interaction.user.id)
    locale = await interaction_locale(interaction)
    await interaction.response.send_modal(testimonial_form(engagement.id, locale))


async def manage_testimonials(interaction: discord.Interaction[Mozaik]) -> None:
    """The member's own testimonials, newest first, each with Show or Hide."""
    bot = interaction.client
    guild_id = guild_id_of(interaction)
    locale = await interaction_locale(interaction)
    received, total = await received_testimonials(
        bot.store, guild_id, interaction.user.id, REMOVABLE, limit=MANAGED_MAX
    )
    if not received:
        await send_private(interaction, t(locale, "reputation.manage_empty"))
        return
    lines = [
        t(
            locale,
            "reputation.manage_line",
            number=each.id,
            status=t(locale, f"reputation.status_{each.status.value}"),
            author=f"<@{each.author_id}>",
            testimonial=quoted(each.body, QUOTED_IN_LIST),
        )
        for each in received
    ]
    embed = discord.Embed(
        title=t(locale, "reputation.manage_title", count=total),
        description=fit("\n\n".join(lines), EMBED_DESCRIPTION_MAX),
    )
    await send_private(
        interaction, embed=embed, view=decide_buttons(received, locale), allowed_mentions=NO_PINGS
    )


async def remove_testimonial(
    interaction: discord.Interaction[Mozaik], number: int, reason: str
) -> None:
    """A moderator removes a testimonial of their hub for good, with a line in the audit log."""
    bot = interaction.client
    guild_id = guild_id_of(interaction)
    reason = checked_reason(reason)
    found = check_may_remove(await get_testimonial(bot.store, number), guild_id, number)
    removed = await move_testimonial(
        bot.store,
        found.id,
        TestimonialStatus.REMOVED,
        REMOVABLE,
        bot.clock.now(),
        removed_by=interaction.user.id,
        reason=reason,
    )
    if removed is None:
        raise Refusal("reputation.testimonial_removed")
    reputation_changed(bot, guild_id, removed.receiver_id)
    hub = await bot.hub(guild_id)
    await audit(
        bot,
        hub,
        t(
            hub.locale,
            "reputation.audit_removed",
            number=removed.id,
            author=f"<@{removed.author_id}>",
            receiver=f"<@{removed.receiver_id}>",
            moderator=f"<@{interaction.user.id}>",
            reason=quoted(reason, TESTIMONIAL_MAX),
        ),
    )
    locale = await interaction_locale(interaction)
    await send_private(interaction, t(locale, "reputation.removed", number=removed.id))
