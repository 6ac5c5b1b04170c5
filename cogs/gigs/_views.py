"""What a click or a submitted form does: the persistent buttons (dynamic items, read back from
their custom ids after any restart) and the forms.

Every click checks again, from the store and the member's current roles, that it is allowed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, Self

import discord

from bot.app import Mozaik
from bot.errors import Refusal
from bot.gigs.curation import GigAction, check_action
from bot.gigs.drafts import GigDraft
from bot.gigs.model import DESCRIPTION_MAX, TITLE_MAX, CloseReason, ReportReason
from bot.i18n import t
from bot.store.gig_drafts import forget_draft, get_draft, keep_draft
from bot.store.gigs import record_filled_via_hub, require_gig
from bot.ui import MozaikModal, answers_errors, interaction_locale
from cogs.gigs._access import actor_of
from cogs.gigs._board import page_from_button
from cogs.gigs._buttons import (
    DRAFT_BUTTON,
    GIG_BUTTON,
    PAGE_BUTTON,
    Click,
    close_reason_buttons,
    draft_buttons,
    filled_via_hub_buttons,
    reminder_buttons,
    report_buttons,
    report_reason_buttons,
)
from cogs.gigs._decisions import approve, close, decline, renew, who
from cogs.gigs._embeds import CONTENT_MAX, fit, timestamp
from cogs.gigs._responses import express_interest, report
from cogs.gigs._submission import submit

log = logging.getLogger(__name__)

REASON_MAX = 500
SKILLS_FIELD_MAX = 400
PAY_FIELD_MAX = 100
APPLY_FIELD_MAX = 300

Handler = Callable[[discord.Interaction[Mozaik], int, str | None], Awaitable[None]]


# The gig form.


class GigForm(MozaikModal):
    """Title, description, skills, pay, and apply-by/link: the five things only text can say.

    The choices (kind, engagement, location, level, period, currency) come with the command.
    """

    def __init__(
        self,
        draft: GigDraft,
        locale: str,
        *,
        editing: int | None = None,
        draft_id: int | None = None,
    ) -> None:
        key = "gig.form_title_new" if editing is None else "gig.form_title_edit"
        super().__init__(title=fit(t(locale, key, number=editing or 0), 45), timeout=None)
        self.draft = draft
        self.locale = locale
        self.editing = editing
        self.draft_id = draft_id
        self.title_input = self._field("title", draft.title, TITLE_MAX)
        self.description_input = self._field(
            "description", draft.description, DESCRIPTION_MAX, style=discord.TextStyle.paragraph
        )
        self.skills_input = self._field("skills", draft.skills, SKILLS_FIELD_MAX)
        self.pay_input = self._field("pay", draft.pay, PAY_FIELD_MAX)
        self.apply_input = self._field("apply", draft.apply, APPLY_FIELD_MAX, required=False)

    def _field(
        self,
        name: str,
        value: str,
        limit: int,
        *,
        style: discord.TextStyle = discord.TextStyle.short,
        required: bool = True,
    ) -> discord.ui.TextInput[Any]:
        text_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id=name,
            style=style,
            placeholder=fit(t(self.locale, f"gig.form_{name}_placeholder"), 100),
            default=value[:limit] or None,
            required=required,
            max_length=limit,
        )
        self.add_item(
            discord.ui.Label(
                text=fit(t(self.locale, f"gig.form_{name}"), 45),
                description=fit(t(self.locale, f"gig.form_{name}_hint"), 100),
                component=text_input,
            )
        )
        return text_input

    async def on_submit(self, interaction: discord.Interaction[Mozaik], /) -> None:  # type: ignore[override]
        await interaction.response.defer(ephemeral=True, thinking=True)
        draft = self.draft.with_form(
            title=self.title_input.value,
            description=self.description_input.value,
            skills=self.skills_input.value,
            pay=self.pay_input.value,
            apply=self.apply_input.value,
        )
        bot = interaction.client
        try:
            answer = await submit(bot, interaction, draft, editing=self.editing, locale=self.locale)
        except Refusal as refusal:
            await self._keep(interaction, draft, refusal)
            return
        if self.draft_id is not None:
            await forget_draft(bot.store, self.draft_id)
        await interaction.followup.send(fit(answer, CONTENT_MAX), ephemeral=True)

    async def _keep(
        self, interaction: discord.Interaction[Mozaik], draft: GigDraft, refusal: Refusal
    ) -> None:
        """Nothing typed is lost: the refusal comes with a button that reopens the form."""
        assert interaction.guild_id is not None
        bot = interaction.client
        if self.draft_id is not None:
            await forget_draft(bot.store, self.draft_id)
        draft_id = await keep_draft(
            bot.store,
            guild_id=interaction.guild_id,
            user_id=interaction.user.id,
            draft=draft,
            now=bot.clock.now(),
            gig_id=self.editing,
        )
        text = (
            t(self.locale, refusal.key, **refusal.params)
            + "\n\n"
            + t(self.locale, "gig.draft_kept")
        )
        await interaction.followup.send(
            fit(text, CONTENT_MAX), view=draft_buttons(draft_id, self.locale), ephemeral=True
        )


class ReasonForm(MozaikModal):
    """The reason a moderator gives for rejecting, asking for changes or removing a gig."""

    def __init__(self, click: Click, gig_id: int, locale: str) -> None:
        super().__init__(
            title=fit(t(locale, f"gigmod.reason_title_{click.value}", number=gig_id), 45),
            timeout=None,
        )
        self.click = click
        self.gig_id = gig_id
        self.locale = locale
        self.reason: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="reason",
            style=discord.TextStyle.paragraph,
            placeholder=fit(t(locale, f"gigmod.reason_placeholder_{click.value}"), 100),
            max_length=REASON_MAX,
        )
        self.add_item(
            discord.ui.Label(text=fit(t(locale, "gigmod.reason_label"), 45), component=self.reason)
        )

    async def on_submit(self, interaction: discord.Interaction[Mozaik], /) -> None:  # type: ignore[override]
        await interaction.response.defer(ephemeral=True, thinking=True)
        bot = interaction.client
        assert interaction.guild_id is not None
        hub = await bot.hub(interaction.guild_id)
        actor = actor_of(interaction, hub)
        reason = self.reason.value.strip()
        if self.click is Click.REMOVE:
            await close(
                bot,
                self.gig_id,
                actor,
                CloseReason.REMOVED,
                guild_id=interaction.guild_id,
                note=reason,
            )
            answer = t(self.locale, "gigmod.removed", number=self.gig_id)
            await _mark_report_handled(interaction, "gigmod.report_removed", actor.user_id)
        else:
            action = GigAction.REJECT if self.click is Click.REJECT else GigAction.REQUEST_CHANGES
            answer = await decline(
                bot, self.gig_id, interaction.guild_id, actor, action, reason, self.locale
            )
        await interaction.followup.send(fit(answer, CONTENT_MAX), ephemeral=True)


async def _mark_report_handled(
    interaction: discord.Interaction[Mozaik], key: str, moderator_id: int | None
) -> None:
    """Show on the report's queue message who handled it; its buttons are then disabled."""
    message = interaction.message
    if message is None or interaction.guild_id is None:
        return
    hub = await interaction.client.hub(interaction.guild_id)
    match = GIG_BUTTON.fullmatch(_first_custom_id(message))
    if match is None:
        return
    note = t(
        hub.locale,
        key,
        moderator=who(moderator_id, hub.locale),
        when=timestamp(interaction.client.clock.now()),
    )
    try:
        await message.edit(
            content=fit(f"{message.content}\n{note}", CONTENT_MAX),
            view=report_buttons(int(match["gig"]), hub.locale, handled=True),
            allowed_mentions=discord.AllowedMentions.none(),
        )
    except discord.HTTPException:
        log.warning("could not mark a report handled", exc_info=True)


def _first_custom_id(message: discord.Message) -> str:
    for row in message.components:
        for component in getattr(row, "children", ()):
            custom_id = getattr(component, "custom_id", None)
            if custom_id:
                return str(custom_id)
    return ""


# Persistent buttons.


class GigButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=GIG_BUTTON):
    """Every button on a gig: `gig:<click>:<number>[:<option>]`."""

    def __init__(self, click: Click, gig_id: int, option: str | None = None) -> None:
        custom_id = f"gig:{click.value}:{gig_id}" + (f":{option}" if option else "")
        super().__init__(discord.ui.Button(custom_id=custom_id))
        self.click = click
        self.gig_id = gig_id
        self.option = option

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        return cls(Click(match["click"]), int(match["gig"]), match["option"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await self._clicked(interaction)

    @answers_errors
    async def _clicked(self, interaction: discord.Interaction[Mozaik]) -> None:
        await _HANDLERS[self.click](interaction, self.gig_id, self.option)


async def _moderator_guard(interaction: discord.Interaction[Mozaik]) -> None:
    if interaction.guild_id is None:
        raise Refusal("core.guild_only")
    hub = await interaction.client.hub(interaction.guild_id)
    if not actor_of(interaction, hub).is_moderator:
        raise Refusal("core.not_allowed")


async def _on_approve(interaction: discord.Interaction[Mozaik], gig_id: int, _: str | None) -> None:
    await interaction.response.defer(ephemeral=True, thinking=True)
    await _moderator_guard(interaction)
    assert interaction.guild_id is not None
    hub = await interaction.client.hub(interaction.guild_id)
    locale = await interaction_locale(interaction)
    answer = await approve(
        interaction.client, gig_id, interaction.guild_id, actor_of(interaction, hub), locale
    )
    await interaction.followup.send(fit(answer, CONTENT_MAX), ephemeral=True)


def _asks_reason(click: Click, action: GigAction) -> Handler:
    async def ask(interaction: discord.Interaction[Mozaik], gig_id: int, _: str | None) -> None:
        await _moderator_guard(interaction)
        assert interaction.guild_id is not None
        hub = await interaction.client.hub(interaction.guild_id)
        gig = await require_gig(interaction.client.store, gig_id, interaction.guild_id)
        check_action(gig, action, actor_of(interaction, hub))
        locale = await interaction_locale(interaction)
        await interaction.response.send_modal(ReasonForm(click, gig_id, locale))

    return ask


async def _on_interest(
    interaction: discord.Interaction[Mozaik], gig_id: int, _: str | None
) -> None:
    await interaction.response.defer(ephemeral=True, thinking=True)
    if interaction.guild_id is None:
        raise Refusal("core.guild_only")
    locale = await interaction_locale(interaction)
    answer = await express_interest(
        interaction.client, gig_id, interaction.guild_id, interaction.user.id, locale
    )
    await interaction.followup.send(fit(answer, CONTENT_MAX), ephemeral=True)


async def _on_report(interaction: discord.Interaction[Mozaik], gig_id: int, _: str | None) -> None:
    if interaction.guild_id is None:
        raise Refusal("core.guild_only")
    hub = await interaction.client.hub(interaction.guild_id)
    gig = await require_gig(interaction.client.store, gig_id, interaction.guild_id)
    check_action(gig, GigAction.REPORT, actor_of(interaction, hub))
    locale = await interaction_locale(interaction)
    await interaction.response.send_message(
        t(locale, "gig.report_why", number=gig_id),
        view=report_reason_buttons(gig_id, locale),
        ephemeral=True,
    )


async def _on_report_as(
    interaction: discord.Interaction[Mozaik], gig_id: int, option: str | None
) -> None:
    await interaction.response.defer(ephemeral=True, thinking=True)
    if interaction.guild_id is None:
        raise Refusal("core.guild_only")
    locale = await interaction_locale(interaction)
    answer = await report(
        interaction.client,
        gig_id,
        interaction.guild_id,
        interaction.user.id,
        ReportReason(option or ""),
        locale,
    )
    await interaction.followup.send(fit(answer, CONTENT_MAX), ephemeral=True)


async def _on_dismiss(interaction: discord.Interaction[Mozaik], gig_id: int, _: str | None) -> None:
    await _moderator_guard(interaction)
    await interaction.response.defer(ephemeral=True, thinking=True)
    await _mark_report_handled(interaction, "gigmod.report_dismissed", interaction.user.id)
    locale = await interaction_locale(interaction)
    await interaction.followup.send(t(locale, "gigmod.dismissed", number=gig_id), ephemeral=True)


async def _on_renew(interaction: discord.Interaction[Mozaik], gig_id: int, _: str | None) -> None:
    await interaction.response.defer(ephemeral=True, thinking=True)
    locale = await interaction_locale(interaction)
    gig = await require_gig(interaction.client.store, gig_id)
    hub = await interaction.client.hub(gig.guild_id)
    answer = await renew(interaction.client, gig_id, actor_of(interaction, hub), locale)
    await _answered_reminder(interaction, gig_id, locale)
    await interaction.followup.send(fit(answer, CONTENT_MAX), ephemeral=True)


async def _on_close(interaction: discord.Interaction[Mozaik], gig_id: int, _: str | None) -> None:
    gig = await require_gig(interaction.client.store, gig_id)
    hub = await interaction.client.hub(gig.guild_id)
    check_action(gig, GigAction.CLOSE, actor_of(interaction, hub))
    locale = await interaction_locale(interaction)
    await interaction.response.send_message(
        t(locale, "gig.close_how", number=gig_id),
        view=close_reason_buttons(gig_id, locale),
        ephemeral=True,
    )


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
    gig = await require_gig(interaction.client.store, gig_id)
    hub = await interaction.client.hub(gig.guild_id)
    await close(interaction.client, gig_id, actor_of(interaction, hub), reason)
    if reason is CloseReason.FILLED:
        return t(locale, "gig.closed_filled", number=gig_id), filled_via_hub_buttons(gig_id, locale)
    return t(locale, "gig.closed_withdrawn", number=gig_id), None


async def _answered_reminder(
    interaction: discord.Interaction[Mozaik], gig_id: int, locale: str
) -> None:
    """A reminder's Renew and Close are spent once either is used (only on the DM itself)."""
    message = interaction.message
    if message is None or interaction.guild_id is not None or message.flags.ephemeral:
        return
    try:
        await message.edit(view=reminder_buttons(gig_id, locale, answered=True))
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
        raise Refusal("gig.not_yours", number=gig_id)
    await interaction.response.edit_message(
        content=t(locale, "gig.thanks_filled_via_hub" if option == "yes" else "gig.thanks_filled"),
        view=None,
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


class DraftButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=DRAFT_BUTTON
):
    """ "Edit and resend": reopens the form with exactly what the member typed."""

    def __init__(self, draft_id: int) -> None:
        super().__init__(discord.ui.Button(custom_id=f"gigdraft:{draft_id}"))
        self.draft_id = draft_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        return cls(int(match["draft"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await self._clicked(interaction)

    @answers_errors
    async def _clicked(self, interaction: discord.Interaction[Mozaik]) -> None:
        kept = await get_draft(interaction.client.store, self.draft_id)
        if kept is None or kept.user_id != interaction.user.id:
            raise Refusal("gig.draft_gone")
        locale = await interaction_locale(interaction)
        await interaction.response.send_modal(
            GigForm(kept.draft, locale, editing=kept.gig_id, draft_id=kept.id)
        )


class PageButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=PAGE_BUTTON):
    """Previous and next on /gig list and /gig search."""

    def __init__(self, mode: str, page: int, query: str) -> None:
        super().__init__(discord.ui.Button(custom_id=f"gigs:{mode}:{page}:{query}"))
        self.mode = mode
        self.page = page
        self.query = query

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        return cls(match["mode"], int(match["page"]), match["query"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await self._clicked(interaction)

    @answers_errors
    async def _clicked(self, interaction: discord.Interaction[Mozaik]) -> None:
        if interaction.guild_id is None:
            raise Refusal("core.guild_only")
        await interaction.response.defer()
        locale = await interaction_locale(interaction)
        embed, view = await page_from_button(
            interaction.client, interaction.guild_id, self.mode, self.page, self.query, locale
        )
        await interaction.edit_original_response(embed=embed, view=view)


DYNAMIC_ITEMS = (GigButton, DraftButton, PageButton)
