"""/hub: the admin's set-up of a hub: channels, moderator roles, language, time, currency, and
the guides pinned in its feature channels (_guides.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import discord
from discord import app_commands

from bot.app import Mozaik
from bot.errors import Refusal
from bot.hubs.model import CHANNEL_PURPOSES, GUIDED_PURPOSES, HubSettings
from bot.hubs.rules import (
    checked_currency,
    checked_timezone,
    with_channels,
    with_role,
)
from bot.hubs.store import save_hub
from bot.hubs.trust import DOMAIN_TYPED_MAX, checked_domain, with_blocked
from bot.hubs.web_store import HubWeb, hub_web, save_hub_web
from bot.i18n import t
from bot.timezones import TIMEZONE_MAX
from bot.translator import choice, localised_options, slash_command
from bot.ui import interaction_locale, send_private
from cogs._access import guild_id_of
from cogs._groups import FeatureGroup, group_texts
from cogs._limits import FIELD_VALUE_MAX, fit
from cogs._timezones import timezone_choices
from cogs.hubs._guides import keep_guides

TextOrForum = discord.TextChannel | discord.ForumChannel

# What the bot needs in a channel to do its work there; forums also need to manage their posts.
COLLAB_DAYS_MAX = 365  # as in the settings file

RULE_OPTIONS = (
    "gigs_per_week",
    "cooldown",
    "expiry_days",
    "renewals",
    "repeat_days",
    "account_days",
    "server_hours",
    "hold_reports",
    "block_domain",
    "unblock_domain",
)
ACCOUNT_DAYS_MAX = 365
SERVER_HOURS_MAX = 2_160  # ninety days
HOLD_REPORTS_MAX = 50

NEEDED_EVERYWHERE = ("view_channel", "send_messages", "embed_links", "read_message_history")
# A forum's posts are threads, and so are the discussions Mozaik opens under gigs and requests.
NEEDED_IN_FORUMS = ("create_public_threads", "send_messages_in_threads", "manage_threads")
NEEDED_FOR_THREADS = ("create_public_threads", "send_messages_in_threads")
NEEDED_BY_PURPOSE = {
    "collab": ("create_private_threads",),  # partners meet privately where Mozaik may
    "pairs": ("create_private_threads", "send_messages_in_threads"),
    "digest": ("attach_files",),  # the week's chart
}
NEEDED_FOR_GUIDES = ("pin_messages",)  # in a text channel; a forum's pinned post is managed


@app_commands.default_permissions(manage_guild=True)
class HubCog(FeatureGroup, **group_texts("hubs")):
    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        """Only whoever manages the server changes or reads the hub's settings.

        The default permissions only hide /hub: a server admin can open it to anyone in Server
        Settings -> Integrations. (A check decorator on a group class is never run.)
        """
        if not interaction.permissions.manage_guild:
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    @slash_command("hubs.cmd.setup")
    @localised_options(
        "hubs.cmd.setup",
        *CHANNEL_PURPOSES,
        "locale",
        "timezone",
        "currency",
        "collab_review",
        "collab_days",
        "quiet_note",
        "guides",
        "web",
    )
    @app_commands.autocomplete(timezone=timezone_choices)
    @app_commands.choices(
        locale=[choice("hubs.choice_locale_en", "en"), choice("hubs.choice_locale_id", "id")]
    )
    async def setup(
        self,
        interaction: discord.Interaction[Mozaik],
        gigs: TextOrForum | None = None,
        queue: discord.TextChannel | None = None,
        intros: discord.TextChannel | None = None,
        collab: TextOrForum | None = None,
        pairs: discord.TextChannel | None = None,
        digest: discord.TextChannel | None = None,
        audit: discord.TextChannel | None = None,
        locale: app_commands.Choice[str] | None = None,
        timezone: app_commands.Range[str, 1, TIMEZONE_MAX] | None = None,
        currency: app_commands.Range[str, 3, 3] | None = None,
        collab_review: bool | None = None,
        collab_days: app_commands.Range[int, 1, COLLAB_DAYS_MAX] | None = None,
        quiet_note: bool | None = None,
        guides: bool | None = None,
        web: bool | None = None,
    ) -> None:
        guild_id = guild_id_of(interaction)
        hub = await self.bot.hub(guild_id)
        channels = {
            "gigs": gigs,
            "queue": queue,
            "intros": intros,
            "collab": collab,
            "pairs": pairs,
            "digest": digest,
            "audit": audit,
        }
        hub = with_channels(hub, {p: c.id for p, c in channels.items() if c is not None})
        hub = _with_chosen(
            hub,
            locale=None if locale is None else locale.value,
            timezone=None if timezone is None else checked_timezone(timezone),
            currency=None if currency is None else checked_currency(currency),
            collab_via_queue=collab_review,
            collab_expiry_days=collab_days,
            digest_quiet_note=quiet_note,
            guides=guides,
        )
        await self._save(interaction, hub, guides=True, web=web)

    @slash_command("hubs.cmd.role")
    @localised_options("hubs.cmd.role", "role", "purpose", "action")
    @app_commands.choices(
        purpose=[
            choice("hubs.choice_moderator", "moderator"),
            choice("hubs.choice_trusted", "trusted"),
        ],
        action=[choice("hubs.choice_add", "add"), choice("hubs.choice_remove", "remove")],
    )
    async def role(
        self,
        interaction: discord.Interaction[Mozaik],
        role: discord.Role,
        purpose: app_commands.Choice[str],
        action: app_commands.Choice[str],
    ) -> None:
        guild_id = guild_id_of(interaction)
        hub = await self.bot.hub(guild_id)
        hub = with_role(hub, role.id, purpose.value, add=action.value == "add")
        await self._save(interaction, hub)

    @slash_command("hubs.cmd.rules")
    @localised_options("hubs.cmd.rules", *RULE_OPTIONS)
    async def rules(
        self,
        interaction: discord.Interaction[Mozaik],
        gigs_per_week: app_commands.Range[int, 1, 100] | None = None,
        cooldown: app_commands.Range[int, 0, 86_400] | None = None,
        expiry_days: app_commands.Range[int, 1, 365] | None = None,
        renewals: app_commands.Range[int, 0, 52] | None = None,
        repeat_days: app_commands.Range[int, 0, 365] | None = None,
        account_days: app_commands.Range[int, 0, ACCOUNT_DAYS_MAX] | None = None,
        server_hours: app_commands.Range[int, 0, SERVER_HOURS_MAX] | None = None,
        hold_reports: app_commands.Range[int, 0, HOLD_REPORTS_MAX] | None = None,
        block_domain: app_commands.Range[str, 1, DOMAIN_TYPED_MAX] | None = None,
        unblock_domain: app_commands.Range[str, 1, DOMAIN_TYPED_MAX] | None = None,
    ) -> None:
        """The hub's posting rules and trust gates; the ranges are those the settings file
        allows. The blocklist lives here, beside the other gates, as it guards introductions and
        requests as well as gigs, and it is the admin's to set."""
        guild_id = guild_id_of(interaction)
        hub = await self.bot.hub(guild_id)
        hub = _with_chosen(
            hub,
            max_open_gigs_per_week=gigs_per_week,
            post_cooldown_seconds=cooldown,
            gig_expiry_days=expiry_days,
            max_renewals=renewals,
            duplicate_window_days=repeat_days,
            min_account_days=account_days,
            min_member_hours=server_hours,
            reports_to_hold=hold_reports,
        )
        if block_domain is not None:
            hub = with_blocked(hub, checked_domain(block_domain), block=True)
        if unblock_domain is not None:
            hub = with_blocked(hub, checked_domain(unblock_domain), block=False)
        await self._save(interaction, hub)

    @slash_command("hubs.cmd.show")
    async def show(self, interaction: discord.Interaction[Mozaik]) -> None:
        guild_id = guild_id_of(interaction)
        await self._show(interaction, await self.bot.hub(guild_id), saved=False)

    async def _save(
        self,
        interaction: discord.Interaction[Mozaik],
        hub: HubSettings,
        *,
        guides: bool = False,
        web: bool | None = None,
    ) -> None:
        """Keep the admin's change, tell the rest of Mozaik (the digest follows a new time zone
        at once), show the admin the hub as it now is, then pin or update the guides if
        `guides`. The server's name is kept for the public board's pages, which have no Discord
        to ask."""
        now = self.bot.clock.now()
        hub = await save_hub(self.bot.store, hub, now)
        if interaction.guild is not None:
            await save_hub_web(
                self.bot.store, hub.guild_id, public=web, name=interaction.guild.name, now=now
            )
        self.bot.dispatch("hub_saved", hub)
        await self._show(interaction, hub, saved=True)
        if guides:  # once answered: Discord waits three seconds for the answer, no more
            await keep_guides(self.bot, hub)

    async def _show(
        self, interaction: discord.Interaction[Mozaik], hub: HubSettings, *, saved: bool
    ) -> None:
        locale = await interaction_locale(interaction)
        guild = interaction.guild
        if guild is None:
            raise Refusal("core.guild_only")
        embed = discord.Embed(title=t(locale, "hubs.settings_title", hub=guild.name))
        lines = []
        for purpose in CHANNEL_PURPOSES:
            channel_id = hub.channel_id(purpose)
            where = f"<#{channel_id}>" if channel_id else t(locale, "hubs.not_set")
            lines.append(f"{t(locale, f'hubs.purpose_{purpose}')}: {where}")
        embed.add_field(name=t(locale, "hubs.channels"), value="\n".join(lines), inline=False)
        embed.add_field(
            name=t(locale, "hubs.roles"),
            value="\n".join(
                f"{t(locale, f'hubs.choice_{purpose}')}: {_mentions(role_ids, locale)}"
                for purpose, role_ids in (
                    ("moderator", hub.moderator_role_ids),
                    ("trusted", hub.trusted_role_ids),
                )
            ),
            inline=False,
        )
        embed.add_field(
            name=t(locale, "hubs.language"), value=t(locale, f"hubs.locale_{hub.locale}")
        )
        embed.add_field(name=t(locale, "hubs.timezone"), value=hub.timezone)
        embed.add_field(name=t(locale, "hubs.currency"), value=hub.currency)
        quiet = t(locale, "hubs.quiet_note_on" if hub.digest_quiet_note else "hubs.quiet_note_off")
        embed.add_field(
            name=t(locale, "hubs.digest_schedule"),
            value=f"{t(locale, f'digest.day_{hub.digest_weekday}')} {hub.digest_time}; {quiet}",
        )
        embed.add_field(
            name=t(locale, "hubs.posting_rules"),
            value=t(
                locale,
                "hubs.posting_rules_text",
                per_week=hub.max_open_gigs_per_week,
                cooldown=hub.post_cooldown_seconds,
                days=hub.gig_expiry_days,
                renewals=hub.max_renewals,
                repeat=hub.duplicate_window_days,
            ),
            inline=False,
        )
        embed.add_field(name=t(locale, "hubs.trust_gates"), value=_gates(hub, locale), inline=False)
        review = "hubs.collab_review_on" if hub.collab_via_queue else "hubs.collab_review_off"
        embed.add_field(
            name=t(locale, "hubs.collab_review"),
            value=t(locale, review, days=hub.collab_expiry_days),
        )
        embed.add_field(
            name=t(locale, "hubs.guides"),
            value=t(locale, "hubs.guides_on" if hub.guides else "hubs.guides_off"),
        )
        embed.add_field(
            name=t(locale, "hubs.web_board"),
            value=self._web_line(await hub_web(self.bot.store, hub.guild_id), locale),
            inline=False,
        )
        # The re-check reads the server's AutoMod rules, which Discord shows only to Manage Server.
        recheck = interaction.app_permissions.manage_guild
        embed.add_field(
            name=t(locale, "hubs.automod_recheck"),
            value=t(locale, "hubs.automod_recheck_on" if recheck else "hubs.automod_recheck_off"),
            inline=False,
        )
        warnings = _permission_warnings(guild, hub, locale)
        if warnings:
            embed.add_field(
                name=t(locale, "hubs.warnings"), value="\n".join(warnings), inline=False
            )
        content = t(locale, "hubs.saved") if saved else None
        await send_private(interaction, content, embed=embed)

    def _web_line(self, web: HubWeb | None, locale: str) -> str:
        if web is None or not web.public:
            return t(locale, "hubs.web_off")
        url = f"{self.bot.settings.web.root}/hubs/{web.guild_id}"
        served = self.bot.settings.web.enabled
        return t(locale, "hubs.web_on" if served else "hubs.web_on_not_served", url=url)


def _gates(hub: HubSettings, locale: str) -> str:
    domains = ", ".join(f"`{domain}`" for domain in sorted(hub.blocked_domains))
    text = t(
        locale,
        "hubs.trust_gates_text",
        account_days=hub.min_account_days,
        server_hours=hub.min_member_hours,
        reports=hub.reports_to_hold,
        domains=domains or t(locale, "hubs.not_set"),
    )
    return fit(text, FIELD_VALUE_MAX)


def _mentions(role_ids: frozenset[int], locale: str) -> str:
    return ", ".join(f"<@&{role_id}>" for role_id in sorted(role_ids)) or t(locale, "hubs.not_set")


def _permission_warnings(guild: discord.Guild, hub: HubSettings, locale: str) -> list[str]:
    """One line per configured channel that is gone or where the bot lacks what it needs, and
    the channel a forum hub still needs for its pairs' private threads."""
    warnings = []
    collab = guild.get_channel(hub.collab_channel_id) if hub.collab_channel_id else None
    if isinstance(collab, discord.ForumChannel) and hub.pairs_channel_id is None:
        warnings.append(t(locale, "hubs.pairs_needed", forum=f"<#{collab.id}>"))
    for purpose in CHANNEL_PURPOSES:
        channel_id = hub.channel_id(purpose)
        if channel_id is None:
            continue
        channel = guild.get_channel(channel_id)
        if channel is None:
            warnings.append(
                t(locale, "hubs.channel_missing", purpose=t(locale, f"hubs.purpose_{purpose}"))
            )
            continue
        permissions = channel.permissions_for(guild.me)
        forum = isinstance(channel, discord.ForumChannel)
        needed = _needed(purpose, forum, guided=hub.guides and purpose in GUIDED_PURPOSES)
        missing = [n for n in needed if not getattr(permissions, n)]
        if missing:
            # A forum's threads are its posts, and Discord names their permissions so there.
            labels = [
                f"hubs.permission_{n}{'_forum' if n in NEEDED_IN_FORUMS and forum else ''}"
                for n in missing
            ]
            warnings.append(
                t(
                    locale,
                    "hubs.channel_lacks",
                    channel=f"<#{channel_id}>",
                    permissions=", ".join(t(locale, label) for label in labels),
                )
            )
    return warnings


def _needed(purpose: str, forum: bool, *, guided: bool) -> tuple[str, ...]:
    threads: tuple[str, ...]
    if forum:
        threads = NEEDED_IN_FORUMS
    else:
        threads = NEEDED_FOR_THREADS if purpose in ("gigs", "collab") else ()
    pins = NEEDED_FOR_GUIDES if guided and not forum else ()
    return NEEDED_EVERYWHERE + threads + NEEDED_BY_PURPOSE.get(purpose, ()) + pins


async def setup(bot: Mozaik) -> None:
    await bot.add_cog(HubCog(bot))


def _with_chosen(hub: HubSettings, **chosen: Any) -> HubSettings:
    """The hub with the settings the admin chose; an option left out (None) keeps its value."""
    return replace(hub, **{field: value for field, value in chosen.items() if value is not None})
