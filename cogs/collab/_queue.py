"""The moderation queue for requests: sent there, approved or rejected with a reason."""

from __future__ import annotations

import logging
from typing import Self

import discord

from bot.app import Mozaik
from bot.collab.model import (
    CollabRequest,
)
from bot.collab.rules import check_can_review, opened_on_approval
from bot.collab.store.requests import (
    approve_request,
    record_post,
    record_queue_message,
    reject_request,
)
from bot.errors import Refusal
from bot.hubs.model import HubSettings
from bot.i18n import Locale, t
from bot.skills.store import hub_taxonomy
from bot.typed_text import checked_reason
from bot.ui import IdParts, MozaikModal, PersistentButton, interaction_locale, send_private
from cogs._access import check_moderates
from cogs._forms import labelled
from cogs._limits import fit
from cogs._people import send_dm
from cogs.collab._answers import post_request
from cogs.collab._embeds import (
    language,
    plain,
    request_embed,
    request_link,
    requester_note,
    thread_name,
)
from cogs.collab._posts import (
    Interaction,
    collab_channel,
    moved_on,
    post_of,
    publish,
    shown_request,
    stored_request,
)
from cogs.collab._suggestions import suggestions

log = logging.getLogger(__name__)
REASON_MAX = 500


async def send_to_queue(bot: Mozaik, hub: HubSettings, request: CollabRequest) -> None:
    channel = await collab_channel(bot, hub.guild_id, hub.queue_channel_id)
    taxonomy = await hub_taxonomy(bot.store, hub.guild_id)
    view = discord.ui.View(timeout=None)
    for verb in ("approve", "reject"):
        view.add_item(
            ReviewButton(verb, request.id, t(language(hub.locale), f"collab.{verb}_button"))
        )
    channel_id, message_id, _ = await publish(
        channel,
        thread_name(request),
        content=t(language(hub.locale), "collab.queue_new", number=request.id),
        embed=request_embed(request, taxonomy, language(hub.locale)),
        view=view,
    )
    await record_queue_message(bot.store, request.id, channel_id, message_id)


async def mark_queue_message(bot: Mozaik, request: CollabRequest, note: str) -> None:
    """Replace the moderators' buttons with what became of the request."""
    if request.queue_channel_id is None or request.queue_message_id is None:
        return
    embed, _ = await shown_request(bot, request)
    review = post_of(bot, request.guild_id, request.queue_channel_id, request.queue_message_id)
    try:
        await review.edit(content=note, embed=embed, view=None)
    except discord.HTTPException:
        log.warning("could not update the queue message of request %s", request.id, exc_info=True)


class ReviewButton(
    PersistentButton, template=r"collab:(?P<verb>approve|reject):(?P<request>[0-9]{1,18})"
):
    def __init__(self, verb: str, request_id: int, label: str) -> None:
        style = discord.ButtonStyle.success if verb == "approve" else discord.ButtonStyle.danger
        super().__init__(f"collab:{verb}:{request_id}", label=label, style=style)
        self.approve = verb == "approve"
        self.request_id = request_id

    @classmethod
    def from_parts(cls, parts: IdParts, label: str) -> Self:
        return cls(parts.text("verb"), parts.number("request"), label)

    async def clicked(self, interaction: Interaction) -> None:
        bot = interaction.client
        request = await stored_request(bot, self.request_id, interaction)
        hub = await bot.hub(request.guild_id)
        check_moderates(interaction.user, hub, Refusal("collab.moderators_only"))
        check_can_review(request)
        locale = await interaction_locale(interaction)
        if not self.approve:
            await interaction.response.send_modal(RejectForm(request.id, locale))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        now = bot.clock.now()
        opened = opened_on_approval(request, hub, now)
        placed = await post_request(bot, hub, opened)
        assert placed.channel_id is not None and placed.message_id is not None
        if await approve_request(bot.store, request, now=now, expires_at=opened.expires_at) is None:
            # Another moderator decided first: the copy just posted must not stay.
            await post_of(bot, placed.guild_id, placed.channel_id, placed.message_id).delete()
            raise await moved_on(bot, request.id, check_can_review)
        await record_post(
            bot.store, request.id, placed.channel_id, placed.message_id, placed.thread_id
        )
        approved = placed
        moderator = plain(interaction.user.display_name)
        await mark_queue_message(
            bot, approved, t(language(hub.locale), "collab.queue_approved", moderator=moderator)
        )
        content, invites = await suggestions(bot, approved, approved.requester_locale)
        posted = requester_note(approved, "collab.approved_dm", link=request_link(approved))
        await send_dm(bot, approved.requester_id, content=f"{posted}\n\n{content}", **invites)
        await send_private(interaction, t(locale, "collab.approved", number=approved.id))


class RejectForm(MozaikModal):
    def __init__(self, request_id: int, locale: Locale) -> None:
        super().__init__(title=fit(t(locale, "collab.reject_title", number=request_id), 45))
        self.request_id = request_id
        self.reason: discord.ui.TextInput[Self] = discord.ui.TextInput(
            custom_id="reason", style=discord.TextStyle.paragraph, max_length=REASON_MAX
        )
        self.add_item(labelled(self.reason, locale, "collab.reject_reason"))

    async def on_submit(self, interaction: Interaction, /) -> None:  # type: ignore[override]
        bot = interaction.client
        request = await stored_request(bot, self.request_id, interaction)
        hub = await bot.hub(request.guild_id)
        check_moderates(interaction.user, hub, Refusal("collab.moderators_only"))
        reason = plain(checked_reason(self.reason.value))
        check_can_review(request)
        rejected = await reject_request(bot.store, request, now=bot.clock.now())
        if rejected is None:
            raise await moved_on(bot, request.id, check_can_review)
        moderator = plain(interaction.user.display_name)
        await mark_queue_message(
            bot,
            rejected,
            t(language(hub.locale), "collab.queue_rejected", moderator=moderator, reason=reason),
        )
        told = await send_dm(
            bot,
            rejected.requester_id,
            content=requester_note(rejected, "collab.rejected_dm", reason=reason),
        )
        locale = await interaction_locale(interaction)
        key = "collab.rejected" if told else "collab.rejected_untold"
        await send_private(interaction, t(locale, key, number=rejected.id))
