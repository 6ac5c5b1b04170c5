"""The moderation queue for requests: sent there, approved or rejected with a reason."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Self

import discord

from bot.app import Mozaik
from bot.collab.model import (
    CollabRequest,
)
from bot.collab.rules import check_can_review, opened_on_approval
from bot.collab.store.delivery import release_queueing
from bot.collab.store.requests import (
    approve_request,
    record_queue_message,
    reject_request,
)
from bot.errors import Refusal
from bot.hubs.model import HubSettings
from bot.i18n import Locale, t
from bot.skills.store import hub_taxonomy
from bot.typed_text import checked_reason
from bot.ui import IdParts, PersistentButton, described, interaction_locale, send_private
from cogs._access import check_moderates
from cogs._forms import labelled
from cogs._limits import TITLE_MAX_IN_DISCORD, fit
from cogs._people import send_dm
from cogs._readback import message_nonce
from cogs.collab._answers import publish_request
from cogs.collab._embeds import (
    language,
    plain,
    request_embed,
    request_link,
    requester_note,
    thread_name,
)
from cogs.collab._posts import (
    CollabChannel,
    Interaction,
    Placement,
    collab_channel,
    made_once,
    moved_on,
    post_of,
    publish,
    shown_request,
    stored_request,
)
from cogs.collab._suggestions import suggestions

log = logging.getLogger(__name__)
REASON_MAX = 500
REASON_FORM = re.compile(r"collab:reason:(?P<request>[0-9]{1,18})")


async def send_to_queue(
    bot: Mozaik, hub: HubSettings, request: CollabRequest, *, interrupted_at: datetime | None = None
) -> None:
    """The pending request's message in the queue, with the moderators' buttons; made as
    `publish_request` makes a post: under its caller's claim, with a nonce, read back after a
    run that died (`interrupted_at`). The claim ends either way; a refusal is raised."""
    placed = await made_once(
        bot,
        hub.guild_id,
        hub.queue_channel_id,
        marked_by=review_id("approve", request.id),
        interrupted_at=interrupted_at,
        make=lambda channel: _post_to_queue(bot, hub, request, channel),
        release=lambda: release_queueing(bot.store, request.id),
    )
    channel_id, message_id, _ = placed
    await record_queue_message(bot.store, request.id, channel_id, message_id)


async def _post_to_queue(
    bot: Mozaik, hub: HubSettings, request: CollabRequest, channel: CollabChannel
) -> Placement:
    taxonomy = await hub_taxonomy(bot.store, hub.guild_id)
    view = described(
        *(
            ReviewButton(verb, request.id, t(language(hub.locale), f"collab.{verb}_button"))
            for verb in ("approve", "reject")
        )
    )
    return await publish(
        channel,
        thread_name(request),
        message_nonce("collab", "queue", request.id),
        content=t(language(hub.locale), "collab.queue_new", number=request.id),
        embed=request_embed(request, taxonomy, language(hub.locale)),
        view=view,
    )


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


def review_id(verb: str, request_id: int) -> str:
    """The custom id of a moderator's button, which marks the queue message as Mozaik's."""
    return f"collab:{verb}:{request_id}"


class ReviewButton(
    PersistentButton, template=r"collab:(?P<verb>approve|reject):(?P<request>[0-9]{1,18})"
):
    def __init__(self, verb: str, request_id: int, label: str) -> None:
        style = discord.ButtonStyle.success if verb == "approve" else discord.ButtonStyle.danger
        super().__init__(review_id(verb, request_id), label=label, style=style)
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
            await interaction.response.send_modal(reason_form(request.id, locale))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        # Refused before deciding, so nothing changes while the channel is missing.
        await collab_channel(bot, hub.guild_id, hub.collab_channel_id)
        now = bot.clock.now()
        opened = opened_on_approval(request, hub, now)
        approved = await approve_request(bot.store, request, now=now, expires_at=opened.expires_at)
        if approved is None:
            raise await moved_on(bot, request.id, check_can_review)
        moderator = plain(interaction.user.display_name)
        note = t(language(hub.locale), "collab.queue_approved", moderator=moderator)
        try:
            approved = await publish_request(bot, hub, approved)
        except (Refusal, discord.HTTPException):
            # Approved all the same: the catch-up posts it once the channel takes it.
            log.warning("could not post approved request %s", request.id, exc_info=True)
            await mark_queue_message(bot, approved, note)
            await send_private(
                interaction, t(locale, "collab.approved_unposted", number=request.id)
            )
            return
        await mark_queue_message(bot, approved, note)
        content, invites = await suggestions(bot, approved, approved.requester_locale)
        posted = requester_note(approved, "collab.approved_dm", link=request_link(approved))
        await send_dm(bot, approved.requester_id, content=f"{posted}\n\n{content}", **invites)
        await send_private(interaction, t(locale, "collab.approved", number=approved.id))


def reason_form(request_id: int, locale: Locale) -> discord.ui.Modal:
    """The moderator's reason for rejecting; answered by its custom id (`reason_submitted`)."""
    form = discord.ui.Modal(
        title=fit(t(locale, "collab.reject_title", number=request_id), TITLE_MAX_IN_DISCORD),
        custom_id=f"collab:reason:{request_id}",
    )
    form.stop()  # answered by custom id, so discord.py need not keep it
    reason: discord.ui.TextInput[Any] = discord.ui.TextInput(
        custom_id="reason", style=discord.TextStyle.paragraph, max_length=REASON_MAX
    )
    form.add_item(labelled(reason, locale, "collab.reject_reason"))
    return form


async def reason_submitted(
    interaction: Interaction, match: re.Match[str], values: Mapping[str, str]
) -> None:
    bot = interaction.client
    request = await stored_request(bot, int(match["request"]), interaction)
    hub = await bot.hub(request.guild_id)
    check_moderates(interaction.user, hub, Refusal("collab.moderators_only"))
    reason = plain(checked_reason(values.get("reason", "")))
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
