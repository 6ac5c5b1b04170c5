"""/gigmod for moderators: the queue, featuring, removing, posting bans and the board's numbers."""

from __future__ import annotations

from datetime import date, timedelta

import discord
from discord import app_commands

from bot.app import Mozaik
from bot.errors import Refusal
from bot.gigs.curation import Actor
from bot.gigs.model import (
    CloseReason,
)
from bot.gigs.store.board import gig_counts, pending_gigs
from bot.gigs.store.posting import ban_poster, lift_ban
from bot.gigs.validation import end_of_day
from bot.hubs.model import HubSettings
from bot.i18n import t
from bot.links import jump_link
from bot.translator import command_text, localised_options, slash_command
from bot.typed_text import checked_reason
from bot.ui import OnlySome, interaction_locale
from cogs._access import actor_of, guild_id_of
from cogs._channels import audit
from cogs._groups import ModeratorGroup, group_texts
from cogs._markup import quoted
from cogs.gigs._decisions import close, feature, who
from cogs.gigs._embeds import (
    list_embed,
    stats_embed,
    timestamp,
)
from cogs.gigs._options import BAN_DAYS, GIG_NUMBER, STATS_DAYS
from cogs.reputation._commands import remove_testimonial


class GigModCog(ModeratorGroup, **group_texts("gigmod")):
    def refusal(self) -> OnlySome:
        return OnlySome("gigmod.moderators_only")

    async def _audit(
        self,
        interaction: discord.Interaction[Mozaik],
        hub: HubSettings,
        key: str,
        member: discord.Member,
        **params: str,
    ) -> None:
        """The audit log's line on what the moderator did to a member's posting."""
        actor = who(interaction.user.id, hub.locale)
        await audit(self.bot, hub, t(hub.locale, key, member=member.mention, actor=actor, **params))

    async def _moderator(self, interaction: discord.Interaction[Mozaik]) -> Actor:
        guild_id = guild_id_of(interaction)
        return actor_of(interaction, await self.bot.hub(guild_id))

    testimonial = app_commands.Group(
        name=command_text("gigmod.cmd.testimonial.name"),
        description=command_text("gigmod.cmd.testimonial.description"),
    )

    @testimonial.command(
        name=command_text("gigmod.cmd.testimonial.remove.name"),
        description=command_text("gigmod.cmd.testimonial.remove.description"),
    )
    @localised_options("gigmod.cmd.testimonial.remove", "number", "reason")
    async def testimonial_remove(
        self,
        interaction: discord.Interaction[Mozaik],
        number: app_commands.Range[int, 1],
        reason: app_commands.Range[str, 1, 300],
    ) -> None:
        await remove_testimonial(interaction, number, reason)

    @slash_command("gigmod.cmd.queue")
    async def queue(self, interaction: discord.Interaction[Mozaik]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = guild_id_of(interaction)
        locale = await interaction_locale(interaction)
        pending = await pending_gigs(self.bot.store, guild_id)
        lines = []
        for gig in pending:
            line = t(
                locale,
                "gigmod.queue_line",
                number=gig.id,
                title=quoted(gig.title, 80),
                poster=f"<@{gig.poster_id}>",
                when=timestamp(gig.created_at),
            )
            if gig.queue_channel_id and gig.queue_message_id:
                line += f" · {jump_link(gig.guild_id, gig.queue_channel_id, gig.queue_message_id)}"
            lines.append(line)
        embed = list_embed(
            t(locale, "gigmod.queue_title", count=len(pending)),
            lines or [t(locale, "gigmod.queue_empty")],
            locale,
        )
        await interaction.followup.send(embed=embed, ephemeral=True)

    @slash_command("gigmod.cmd.feature")
    @localised_options("gigmod.cmd.feature", "number", "until", "stop")
    async def feature(
        self,
        interaction: discord.Interaction[Mozaik],
        number: GIG_NUMBER,
        until: app_commands.Range[str, 8, 10] | None = None,
        stop: bool = False,
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = guild_id_of(interaction)
        hub = await self.bot.hub(guild_id)
        end = None
        if until is not None:
            try:
                end = end_of_day(date.fromisoformat(until.strip()), hub.timezone)
            except ValueError:
                raise Refusal("gigmod.feature_until_unreadable", text=until) from None
        locale = await interaction_locale(interaction)
        answer = await feature(
            self.bot,
            number,
            guild_id,
            await self._moderator(interaction),
            end,
            locale,
            stop=stop,
        )
        await interaction.followup.send(answer, ephemeral=True)

    @slash_command("gigmod.cmd.remove")
    @localised_options("gigmod.cmd.remove", "number", "reason")
    async def remove(
        self,
        interaction: discord.Interaction[Mozaik],
        number: GIG_NUMBER,
        reason: app_commands.Range[str, 1, 500],
    ) -> None:
        reason = checked_reason(reason)
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = guild_id_of(interaction)
        await close(
            self.bot,
            number,
            await self._moderator(interaction),
            CloseReason.REMOVED,
            guild_id=guild_id,
            note=reason,
        )
        locale = await interaction_locale(interaction)
        await interaction.followup.send(t(locale, "gigmod.removed", number=number), ephemeral=True)

    @slash_command("gigmod.cmd.ban")
    @localised_options("gigmod.cmd.ban", "member", "days", "reason")
    async def ban(
        self,
        interaction: discord.Interaction[Mozaik],
        member: discord.Member,
        reason: app_commands.Range[str, 1, 300],
        days: BAN_DAYS | None = None,
    ) -> None:
        reason = checked_reason(reason)
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = guild_id_of(interaction)
        hub = await self.bot.hub(guild_id)
        now = self.bot.clock.now()
        until = None if days is None else now + timedelta(days=days)
        await ban_poster(
            self.bot.store,
            guild_id=hub.guild_id,
            user_id=member.id,
            reason=reason,
            banned_by=interaction.user.id,
            now=now,
            until=until,
        )
        await self._audit(
            interaction,
            hub,
            "gigmod.audit_banned",
            member,
            reason=reason,
            until=timestamp(until, "D") if until else "∞",
        )
        locale = await interaction_locale(interaction)
        key = "gigmod.banned" if until else "gigmod.banned_forever"
        await interaction.followup.send(
            t(locale, key, member=member.mention, until=timestamp(until, "D") if until else ""),
            ephemeral=True,
        )

    @slash_command("gigmod.cmd.unban")
    @localised_options("gigmod.cmd.unban", "member")
    async def unban(self, interaction: discord.Interaction[Mozaik], member: discord.Member) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = guild_id_of(interaction)
        hub = await self.bot.hub(guild_id)
        lifted = await lift_ban(self.bot.store, hub.guild_id, member.id)
        locale = await interaction_locale(interaction)
        if lifted:
            await self._audit(interaction, hub, "gigmod.audit_unbanned", member)
        key = "gigmod.unbanned" if lifted else "gigmod.not_banned"
        await interaction.followup.send(t(locale, key, member=member.mention), ephemeral=True)

    @slash_command("gigmod.cmd.stats")
    @localised_options("gigmod.cmd.stats", "days")
    async def stats(self, interaction: discord.Interaction[Mozaik], days: STATS_DAYS = 30) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild_id = guild_id_of(interaction)
        now = self.bot.clock.now()
        counts = await gig_counts(self.bot.store, guild_id, now - timedelta(days=days), now)
        locale = await interaction_locale(interaction)
        await interaction.followup.send(embed=stats_embed(counts, days, locale), ephemeral=True)
