"""What a click does: the persistent buttons, dynamic items read back from their custom ids
after any restart (the forms they open are in _forms.py).

Every click checks again, from the store and the member's current roles, that it is allowed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Self

import discord

from bot.app import Mozaik
from bot.errors import Refusal
from bot.gigs.curation import Actor, GigAction, check_action
from bot.gigs.model import CloseReason, ReportReason
from bot.gigs.store.drafts import get_draft
from bot.gigs.store.records import record_filled_via_hub
from bot.gigs.store.responses import Application, interest_of
from bot.i18n import t
from bot.ui import IdParts, PersistentButton, interaction_locale
from cogs._access import actor_of, guild_id_of
from cogs._limits import CONTENT_MAX, fit
from cogs.gigs._applicants import ApplicantButton
from cogs.gigs._board import page_from_button
from cogs.gigs._buttons import (
    DRAFT_BUTTON,
    GIG_BUTTON,
    PAGE_BUTTON,
    Click,
    close_reason_buttons,
    filled_via_hub_buttons,
    gig_custom_id,
    is_known_click,
    reminder_buttons,
    report_reason_buttons,
)
from cogs.gigs._decisions import approve, close, renew, who
from cogs.gigs._embeds import timestamp
from cogs.gigs._forms import interest_form, open_gig_form, reason_form
from cogs.gigs._lookup import require_gig
from cogs.gigs._responses import express_interest, report
from cogs.gigs._telling import mark_report_handled
from cogs.reputation._naming import who_did_it

log = logging.getLogger(__name__)

Handler = Callable[[discord.Interaction[Mozaik], int, str | None], Awaitable[None]]


class GigButton(PersistentButton, template=GIG_BUTTON):
    """Every button on a gig: `gig:<click>:<number>[:<option>]`."""

    def __init__(self, click: Click, gig_id: int, option: str | None = None) -> None:
        super().__init__(gig_custom_id(click, gig_id, option))
        self.click = click
        self.gig_id = gig_id
        self.option = option

    @classmethod
    def from_parts(cls, parts: IdParts, label: str) -> Self:
        return cls(Click(parts.text("click")), parts.number("gig"), parts.optional("option"))

    async def clicked(self, interaction: discord.Interaction[Mozaik]) -> None:
        if not is_known_click(self.click, self.option):
            raise Refusal("core.button_unknown")
        await _HANDLERS[self.click](interaction, self.gig_id, self.option)


async def _moderator_guard(interaction: discord.Interaction[Mozaik]) -> None:
    guild_id = guild_id_of(interaction)
    hub = await interaction.client.hub(guild_id)
    if not actor_of(interaction, hub).is_moderator:
        raise Refusal("gigmod.moderators_only")


async def _on_approve(interaction: discord.Interaction[Mozaik], gig_id: int, _: str | None) -> None:
    await interaction.response.defer(ephemeral=True, thinking=True)
    await _moderator_guard(interaction)
    guild_id = guild_id_of(interaction)
    hub = await interaction.client.hub(guild_id)
    locale = await interaction_locale(interaction)
    answer = await approve(interaction.client, gig_id, guild_id, actor_of(interaction, hub), locale)
    await interaction.followup.send(fit(answer, CONTENT_MAX), ephemeral=True)


def _asks_reason(click: Click, action: GigAction) -> Handler:
    async def ask(interaction: discord.Interaction[Mozaik], gig_id: int, _: str | None) -> None:
        await _moderator_guard(interaction)
        guild_id = guild_id_of(interaction)
        hub = await interaction.client.hub(guild_id)
        gig = await require_gig(interaction.client, gig_id, guild_id)
        check_action(gig, action, actor_of(interaction, hub))
        locale = await interaction_locale(interaction)
        await interaction.response.send_modal(reason_form(click, gig_id, locale))

    return ask


async def _on_interest(
    interaction: discord.Interaction[Mozaik], gig_id: int, _: str | None
) -> None:
    """The form for a note, once the member may answer the gig; a member who already answered
    is told so (and the poster told now, if they never were) without a form."""
    bot = interaction.client
    gig = await require_gig(bot, gig_id, guild_id_of(interaction))
    check_action(gig, GigAction.INTEREST, Actor(interaction.user.id))
    locale = await interaction_locale(interaction)
    if await interest_of(bot.store, gig.id, interaction.user.id) is None:
        await interaction.response.send_modal(interest_form(gig.id, locale))
        return
    await interaction.response.defer(ephemeral=True, thinking=True)
    application = Application(interaction.user.id)
    answer = await express_interest(bot, gig.id, gig.guild_id, application, locale)
    await interaction.followup.send(fit(answer, CONTENT_MAX), ephemeral=True)


async def _ask_reason(
    interaction: discord.Interaction[Mozaik],
    gig_id: int,
    action: GigAction,
    question: str,
    reason_buttons: Callable[[int, str], discord.ui.View],
) -> None:
    """Ask why, with a button for each reason, once the member may take `action` at all."""
    gig = await require_gig(interaction.client, gig_id, interaction.guild_id)
    hub = await interaction.client.hub(gig.guild_id)
    check_action(gig, action, actor_of(interaction, hub))
    locale = await interaction_locale(interaction)
    await interaction.response.send_message(
        t(locale, question, number=gig_id), view=reason_buttons(gig_id, locale), ephemeral=True
    )


async def _on_report(interaction: discord.Interaction[Mozaik], gig_id: int, _: str | None) -> None:
    guild_id_of(interaction)
    await _ask_reason(
        interaction, gig_id, GigAction.REPORT, "gigs.report_why", report_reason_buttons
    )


async def _on_report_as(
    interaction: discord.Interaction[Mozaik], gig_id: int, option: str | None
) -> None:
    await interaction.response.defer(ephemeral=True, thinking=True)
    guild_id = guild_id_of(interaction)
    locale = await interaction_locale(interaction)
    answer = await report(
        interaction.client,
        gig_id,
        guild_id,
        interaction.user.id,
        ReportReason(option or ""),
        locale,
    )
    await interaction.followup.send(fit(answer, CONTENT_MAX), ephemeral=True)


async def _on_dismiss(interaction: discord.Interaction[Mozaik], gig_id: int, _: str | None) -> None:
    await _moderator_guard(interaction)
    await interaction.response.defer(ephemeral=True, thinking=True)
    guild_id = guild_id_of(interaction)
    hub = await interaction.client.hub(guild_id)
    await require_gig(interaction.client, gig_id, guild_id)
    note = t(
        hub.locale,
        "gigmod.report_dismissed",
        moderator=who(interaction.user.id, hub.locale),
        when=timestamp(interaction.client.clock.now()),
    )
    await mark_report_handled(interaction.client, interaction.message, gig_id, hub, note)
    locale = await interaction_locale(interaction)
    await interaction.followup.send(t(locale, "gigmod.dismissed", number=gig_id), ephemeral=True)


async def _on_renew(interaction: discord.Interaction[Mozaik], gig_id: int, _: str | None) -> None:
    await interaction.response.defer(ephemeral=True, thinking=True)
    locale = await interaction_locale(interaction)
    gig = await require_gig(interaction.client, gig_id, interaction.guild_id)
    hub = await interaction.client.hub(gig.guild_id)
    answer = await renew(interaction.client, gig_id, actor_of(interaction, hub), locale)
    await _answered_reminder(interaction, gig_id, locale)
    await interaction.followup.send(fit(answer, CONTENT_MAX), ephemeral=True)


async def _on_close(interaction: discord.Interaction[Mozaik], gig_id: int, _: str | None) -> None:
    await _ask_reason(interaction, gig_id, GigAction.CLOSE, "gigs.close_how", close_reason_buttons)


async def _on_close_as(
    interaction: discord.Interaction[Mozaik], gig_id: int, option: str | None
) -> None:
    await interaction.response.defer(ephemeral=True, thinking=True)
    locale = await interaction_locale(interaction)
    text, view = await close_by_poster(interaction, gig_id, CloseReason(option or ""), locale)
    await _answered_reminder(interaction, gig_id, locale)
    if view is None:
        await interaction.followup.send(text, ephemeral=True)
    else:
        await interaction.followup.send(text, view=view, ephemeral=True)


async def close_by_poster(
    interaction: discord.Interaction[Mozaik], gig_id: int, reason: CloseReason, locale: str
) -> tuple[str, discord.ui.View | None]:
    """Close the poster's gig; a filled gig asks whether it was filled through the hub."""
    gig = await require_gig(interaction.client, gig_id, interaction.guild_id)
    hub = await interaction.client.hub(gig.guild_id)
    await close(interaction.client, gig_id, actor_of(interaction, hub), reason)
    if reason is CloseReason.FILLED:
        return t(locale, "gigs.closed_filled", number=gig_id), filled_via_hub_buttons(
            gig_id, locale
        )
    return t(locale, "gigs.closed_withdrawn", number=gig_id), None


async def _answered_reminder(
    interaction: discord.Interaction[Mozaik], gig_id: int, locale: str
) -> None:
    """A reminder's Renew and Close are spent once either is used (only on the DM itself)."""
    message = interaction.message
    if message is None or interaction.guild_id is not None or message.flags.ephemeral:
        return
    try:
        await message.edit(view=reminder_buttons(gig_id, locale, disabled=True))
    except discord.HTTPException:
        log.warning("could not update the reminder of gig %s", gig_id, exc_info=True)


async def _on_filled_via_hub(
    interaction: discord.Interaction[Mozaik], gig_id: int, option: str | None
) -> None:
    locale = await interaction_locale(interaction)
    recorded = await record_filled_via_hub(
        interaction.client.store, gig_id, interaction.user.id, option == "yes"
    )
    if not recorded:
        raise Refusal("gigs.not_yours", number=gig_id)
    if option != "yes":
        await interaction.response.edit_message(content=t(locale, "gigs.thanks_filled"), view=None)
        return
    # Filled through the hub: the poster names who did it, for both sides' reputation.
    gig = await require_gig(interaction.client, gig_id)
    view = await who_did_it(
        interaction.client, gig, locale, in_server=interaction.guild_id is not None
    )
    await interaction.response.edit_message(
        content=t(locale, "gigs.thanks_filled_via_hub")
        + "\n\n"
        + t(locale, "reputation.who_did_it"),
        view=view,
    )


_HANDLERS: dict[Click, Handler] = {
    Click.APPROVE: _on_approve,
    Click.REJECT: _asks_reason(Click.REJECT, GigAction.REJECT),
    Click.REQUEST_CHANGES: _asks_reason(Click.REQUEST_CHANGES, GigAction.REQUEST_CHANGES),
    Click.INTEREST: _on_interest,
    Click.REPORT: _on_report,
    Click.REPORT_AS: _on_report_as,
    Click.REMOVE: _asks_reason(Click.REMOVE, GigAction.REMOVE),
    Click.DISMISS: _on_dismiss,
    Click.RENEW: _on_renew,
    Click.CLOSE: _on_close,
    Click.CLOSE_AS: _on_close_as,
    Click.FILLED_VIA_HUB: _on_filled_via_hub,
}


class DraftButton(PersistentButton, template=DRAFT_BUTTON):
    """The "Edit and resend" button: reopens the form with exactly what the member typed."""

    def __init__(self, draft_id: int) -> None:
        super().__init__(f"gigdraft:{draft_id}")
        self.draft_id = draft_id

    @classmethod
    def from_parts(cls, parts: IdParts, label: str) -> Self:
        return cls(parts.number("draft"))

    async def clicked(self, interaction: discord.Interaction[Mozaik]) -> None:
        kept = await get_draft(interaction.client.store, self.draft_id)
        if kept is None or kept.user_id != interaction.user.id:
            raise Refusal("gigs.draft_gone")
        await open_gig_form(interaction, kept.draft, editing=kept.gig_id, draft_id=kept.id)


class PageButton(PersistentButton, template=PAGE_BUTTON):
    """Previous and next on /gig list and /gig search."""

    def __init__(self, mode: str, page: int, after: int | None, query: str) -> None:
        start = f"{page}" if after is None else f"{page}.{after}"
        super().__init__(f"gigs:{mode}:{start}:{query}")
        self.mode = mode
        self.page = page
        self.after = after
        self.query = query

    @classmethod
    def from_parts(cls, parts: IdParts, label: str) -> Self:
        after = None if parts.optional("after") is None else parts.number("after")
        return cls(parts.text("mode"), int(parts.text("page")), after, parts.text("query"))

    async def clicked(self, interaction: discord.Interaction[Mozaik]) -> None:
        guild_id = guild_id_of(interaction)
        await interaction.response.defer()
        locale = await interaction_locale(interaction)
        embed, view = await page_from_button(
            interaction.client,
            guild_id,
            self.mode,
            self.page,
            self.after,
            self.query,
            locale,
        )
        await interaction.edit_original_response(embed=embed, view=view)


DYNAMIC_ITEMS = (GigButton, DraftButton, PageButton, ApplicantButton)
