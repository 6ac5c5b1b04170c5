"""The forms: the gig form (post and edit), the member's note with their interest, and the
moderators' reason form.

A form is answered by its custom id, not by an object kept in memory: `gigform:<draft>` names
the draft in the store that holds the command's choices (and, after a refusal, what the member
typed), `giginterest:<gig>` the gig a member answers, `gigreason:<click>:<gig>` the moderator's
decision. So a form submitted after a restart
still works, and a form the member closed without sending leaves nothing behind in memory.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

import discord

from bot.app import Mozaik
from bot.errors import Refusal
from bot.gigs.curation import GigAction
from bot.gigs.drafts import GigDraft
from bot.gigs.model import DESCRIPTION_MAX, NOTE_MAX, TITLE_MAX, CloseReason
from bot.gigs.rules import Banned
from bot.gigs.store.drafts import forget_draft, get_draft, keep_draft, update_draft
from bot.gigs.store.responses import Application
from bot.gigs.validation import checked_note
from bot.i18n import as_locale, t
from bot.typed_text import checked_reason
from bot.ui import interaction_locale
from cogs._access import actor_of, guild_id_of
from cogs._forms import answer_form, labelled, offer_form_again
from cogs._limits import CONTENT_MAX, HINT_MAX, TITLE_MAX_IN_DISCORD, fit
from cogs.gigs._buttons import Click, draft_buttons
from cogs.gigs._decisions import close, decline, who
from cogs.gigs._embeds import timestamp
from cogs.gigs._responses import express_interest
from cogs.gigs._submission import submit
from cogs.gigs._telling import mark_report_handled

log = logging.getLogger(__name__)

GIG_FORM = re.compile(r"gigform:(?P<draft>\d{1,18})")
INTEREST_FORM = re.compile(r"giginterest:(?P<gig>\d{1,18})")
REASON_FORM = re.compile(r"gigreason:(?P<click>reject|changes|remove):(?P<gig>\d{1,18})")
REASON_MAX = 500
FIELD_LIMITS = {
    "title": TITLE_MAX,
    "description": DESCRIPTION_MAX,
    "skills": 400,
    "pay": 100,
    "apply": 300,
}


def _form(title: str, custom_id: str) -> discord.ui.Modal:
    form = discord.ui.Modal(title=fit(title, TITLE_MAX_IN_DISCORD), custom_id=custom_id)
    form.stop()  # answered by custom id (see form_submitted), so discord.py need not keep it
    return form


def _add_field(
    form: discord.ui.Modal,
    locale: str,
    key: str,
    custom_id: str,
    value: str | None,
    limit: int,
    *,
    paragraph: bool = False,
    required: bool = True,
) -> None:
    text_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
        custom_id=custom_id,
        style=discord.TextStyle.paragraph if paragraph else discord.TextStyle.short,
        placeholder=fit(t(locale, f"{key}_placeholder"), HINT_MAX),
        default=(value or "")[:limit] or None,
        required=required,
        max_length=limit,
    )
    form.add_item(labelled(text_input, locale, key))


def gig_form(draft: GigDraft, locale: str, draft_id: int, editing: int | None) -> discord.ui.Modal:
    """Title, description, skills, pay, and apply-by/link: the five things only text can say.
    The choices (kind, engagement, location, level, period, currency) come with the command."""
    if editing is None:
        form = _form(t(locale, "gigs.form_title_new"), f"gigform:{draft_id}")
    else:
        form = _form(t(locale, "gigs.form_title_edit", number=editing), f"gigform:{draft_id}")
    typed = {
        "title": draft.title,
        "description": draft.description,
        "skills": draft.skills,
        "pay": draft.pay,
        "apply": draft.apply,
    }
    for name, value in typed.items():
        _add_field(
            form,
            locale,
            f"gigs.form_{name}",
            name,
            value,
            FIELD_LIMITS[name],
            paragraph=name == "description",
            required=name != "apply",
        )
    return form


async def open_gig_form(
    interaction: discord.Interaction[Mozaik],
    draft: GigDraft,
    *,
    editing: int | None = None,
    draft_id: int | None = None,
) -> None:
    """Show the gig form; the draft holding the command's choices is kept first."""
    guild_id = guild_id_of(interaction)
    bot = interaction.client
    if draft_id is None:
        draft_id = await keep_draft(
            bot.store,
            guild_id=guild_id,
            user_id=interaction.user.id,
            draft=draft,
            now=bot.clock.now(),
            gig_id=editing,
        )
    locale = await interaction_locale(interaction)
    await interaction.response.send_modal(gig_form(draft, locale, draft_id, editing))


def interest_form(gig_id: int, locale: str) -> discord.ui.Modal:
    """ "I'm interested", with a short note for the poster if the member likes."""
    form = _form(t(locale, "gigs.interest_form_title", number=gig_id), f"giginterest:{gig_id}")
    _add_field(
        form, locale, "gigs.form_note", "note", None, NOTE_MAX, paragraph=True, required=False
    )
    return form


def reason_form(click: Click, gig_id: int, locale: str) -> discord.ui.Modal:
    form = _form(
        t(locale, f"gigmod.reason_title_{click.value}", number=gig_id),
        f"gigreason:{click.value}:{gig_id}",
    )
    text_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
        custom_id="reason",
        style=discord.TextStyle.paragraph,
        placeholder=fit(t(locale, f"gigmod.reason_placeholder_{click.value}"), HINT_MAX),
        max_length=REASON_MAX,
    )
    form.add_item(
        discord.ui.Label(
            text=fit(t(locale, "gigmod.reason_label"), TITLE_MAX_IN_DISCORD),
            component=text_input,
        )
    )
    return form


async def form_submitted(interaction: discord.Interaction[Mozaik]) -> None:
    """Answer a submitted gig or reason form; other interactions are not ours to answer."""
    await answer_form(
        interaction,
        {
            GIG_FORM: _gig_form_submitted,
            INTEREST_FORM: _interest_submitted,
            REASON_FORM: _reason_submitted,
        },
    )


async def _gig_form_submitted(
    interaction: discord.Interaction[Mozaik], match: re.Match[str], values: Mapping[str, str]
) -> None:
    draft_id = int(match["draft"])
    await interaction.response.defer(ephemeral=True, thinking=True)
    bot = interaction.client
    locale = await interaction_locale(interaction)
    kept = await get_draft(bot.store, draft_id)
    if kept is None or kept.user_id != interaction.user.id:
        raise Refusal("gigs.draft_gone")
    draft = kept.draft.with_form(
        title=values.get("title", ""),
        description=values.get("description", ""),
        skills=values.get("skills", ""),
        pay=values.get("pay", ""),
        apply=values.get("apply", ""),
    )
    try:
        answer = await submit(bot, interaction, draft, editing=kept.gig_id, locale=locale)
    except Banned:
        raise  # answered as it is: the member, not the form, is refused
    except Refusal as refusal:
        # Nothing typed is lost: the refusal comes with a button that reopens the form.
        await update_draft(bot.store, draft_id, draft, bot.clock.now())
        reopen = draft_buttons(draft_id, locale)
        await offer_form_again(interaction, refusal, locale, reopen, note_key="gigs.draft_kept")
        return
    await forget_draft(bot.store, draft_id)
    await interaction.followup.send(fit(answer, CONTENT_MAX), ephemeral=True)


async def _interest_submitted(
    interaction: discord.Interaction[Mozaik], match: re.Match[str], values: Mapping[str, str]
) -> None:
    """The member's interest with their note. Nothing typed needs keeping: a note is never
    refused (one that shows nothing is no note), and a gig that closed meanwhile takes none."""
    await interaction.response.defer(ephemeral=True, thinking=True)
    guild_id = guild_id_of(interaction)
    locale = await interaction_locale(interaction)
    application = Application(
        interaction.user.id,
        note=checked_note(values.get("note", "")),
        locale=as_locale(interaction.locale.value),
    )
    answer = await express_interest(
        interaction.client, int(match["gig"]), guild_id, application, locale
    )
    await interaction.followup.send(fit(answer, CONTENT_MAX), ephemeral=True)


async def _reason_submitted(
    interaction: discord.Interaction[Mozaik], match: re.Match[str], values: Mapping[str, str]
) -> None:
    click, gig_id = Click(match["click"]), int(match["gig"])
    await interaction.response.defer(ephemeral=True, thinking=True)
    bot = interaction.client
    guild_id = guild_id_of(interaction)
    hub = await bot.hub(guild_id)
    actor = actor_of(interaction, hub)
    if not actor.is_moderator:
        raise Refusal("gigmod.moderators_only")
    locale = await interaction_locale(interaction)
    reason = checked_reason(values.get("reason", ""))
    if click is Click.REMOVE:
        await close(bot, gig_id, actor, CloseReason.REMOVED, guild_id=guild_id, note=reason)
        note = t(
            hub.locale,
            "gigmod.report_removed",
            moderator=who(actor.user_id, hub.locale),
            when=timestamp(bot.clock.now()),
        )
        await mark_report_handled(bot, interaction.message, gig_id, hub, note)
        answer = t(locale, "gigmod.removed", number=gig_id)
    else:
        action = GigAction.REJECT if click is Click.REJECT else GigAction.REQUEST_CHANGES
        answer = await decline(bot, gig_id, guild_id, actor, action, reason, locale)
    await interaction.followup.send(fit(answer, CONTENT_MAX), ephemeral=True)
