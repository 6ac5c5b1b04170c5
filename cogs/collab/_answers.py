"""A request's post and the answers to it: "I'm in", the requester's accept or decline, and the
post kept showing where the request stands.

The buttons are persistent and carry the request (and member) in their custom ids; every click is
checked again against the stored request.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import Any, Self

import discord

from bot.app import Mozaik
from bot.collab.model import (
    CollabRequest,
    Status,
)
from bot.collab.rules import check_can_answer, check_can_decide, status_after_accept
from bot.collab.store.answers import (
    Decision,
    add_answer,
    decide_answer,
    get_answer,
    record_answer_thread,
    withdraw_answer,
)
from bot.collab.store.delivery import release_publication
from bot.collab.store.requests import record_post
from bot.errors import Refusal
from bot.hubs.model import HubSettings
from bot.i18n import Locale, t
from bot.intros.store.profiles import get_profile
from bot.skills.store import hub_taxonomy
from bot.ui import IdParts, PersistentButton, described, interaction_locale, send_private
from cogs._limits import CONTENT_MAX, fit
from cogs._people import member_name, send_dm
from cogs._readback import message_nonce
from cogs.collab._embeds import (
    answer_card,
    language,
    pair_thread_name,
    plain,
    request_embed,
    request_link,
    thread_name,
)
from cogs.collab._posts import (
    CollabChannel,
    Interaction,
    Placement,
    collab_channel,
    made_once,
    moved_on,
    numbered_request,
    only_pinging,
    open_pair_thread,
    post_of,
    publish,
    request_thread,
    shown_request,
    stored_request,
    wake_forum_post,
)

log = logging.getLogger(__name__)
# Decisions on one request's answers at once each take a place; a few tries see them all through.
DECIDE_ATTEMPTS = 3


def request_view(request: CollabRequest, locale: Locale) -> discord.ui.View | None:
    """The "I'm in" button while the request looks for partners; none once it is done."""
    if request.status is not Status.OPEN:
        return None
    return described(AnswerButton(request.id, t(locale, "collab.answer_button")))


async def publish_request(
    bot: Mozaik, hub: HubSettings, request: CollabRequest, *, interrupted_at: datetime | None = None
) -> CollabRequest:
    """Post the open request in the collaboration channel and remember where it is; the
    request with its place.

    Done under the claim its caller holds (taken as the request was stored or approved, or by
    the catch-up), with a nonce, and after a run that died while posting it (`interrupted_at`)
    only once its post is not found. The claim ends either way; a refusal is raised."""
    placed = await made_once(
        bot,
        hub.guild_id,
        hub.collab_channel_id,
        marked_by=answer_id(request.id),
        interrupted_at=interrupted_at,
        make=lambda channel: _post(bot, hub, request, channel),
        release=lambda: release_publication(bot.store, request.id),
    )
    channel_id, message_id, thread_id = placed
    await record_post(bot.store, request.id, channel_id, message_id, thread_id)
    return replace(request, channel_id=channel_id, message_id=message_id, thread_id=thread_id)


async def _post(
    bot: Mozaik, hub: HubSettings, request: CollabRequest, channel: CollabChannel
) -> Placement:
    taxonomy = await hub_taxonomy(bot.store, hub.guild_id)
    message: dict[str, Any] = {"embed": request_embed(request, taxonomy, language(hub.locale))}
    view = request_view(request, language(hub.locale))
    if view is not None:
        message["view"] = view
    nonce = message_nonce("collab", "post", request.id)
    return await publish(channel, thread_name(request), nonce, **message)


async def refresh_post(bot: Mozaik, request: CollabRequest) -> None:
    """Show the request's current state on its post (and take "I'm in" away once it is done)."""
    if request.channel_id is None or request.message_id is None:
        return
    embed, locale = await shown_request(bot, request)
    post = post_of(bot, request.guild_id, request.channel_id, request.message_id)
    try:
        if request.thread_id == request.channel_id:  # the request is a forum post
            await wake_forum_post(bot, request.channel_id)
        await post.edit(embed=embed, view=request_view(request, locale))
    except discord.HTTPException:
        # The post was deleted or is out of reach: the request's state is stored all the same.
        log.warning("could not update the post of request %s", request.id, exc_info=True)


def answer_id(request_id: int) -> str:
    """The custom id of the request's "I'm in" button, which marks its post as Mozaik's."""
    return f"collab:in:{request_id}"


class AnswerButton(PersistentButton, template=r"collab:in:(?P<request>[0-9]{1,18})"):
    def __init__(self, request_id: int, label: str) -> None:
        super().__init__(answer_id(request_id), label=label, style=discord.ButtonStyle.success)
        self.request_id = request_id

    @classmethod
    def from_parts(cls, parts: IdParts, label: str) -> Self:
        return cls(parts.number("request"), label)

    async def clicked(self, interaction: Interaction) -> None:
        bot = interaction.client
        locale = await interaction_locale(interaction)
        request = await stored_request(bot, self.request_id, interaction)
        user_id, now = interaction.user.id, bot.clock.now()
        check_can_answer(request, user_id, await get_answer(bot.store, request.id, user_id), now)
        if await add_answer(bot.store, request.id, user_id, locale=locale, now=now) is None:
            existing = await get_answer(bot.store, request.id, user_id)
            raise await moved_on(
                bot, request.id, lambda fresh: check_can_answer(fresh, user_id, existing, now)
            )
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            by_dm = await tell_requester(bot, request, interaction.user)
        except discord.HTTPException:
            # Unanswered, the member may try again later instead of being told "already answered".
            log.warning("could not reach the requester of %s", request.id, exc_info=True)
            await withdraw_answer(bot.store, request.id, interaction.user.id)
            raise Refusal("collab.requester_unreachable", number=request.id) from None
        requester = plain(await member_name(bot, request.guild_id, request.requester_id))
        key = "collab.answer_sent" if by_dm else "collab.answer_sent_in_thread"
        await send_private(interaction, t(locale, key, name=requester, number=request.id))


async def tell_requester(
    bot: Mozaik, request: CollabRequest, responder: discord.User | discord.Member
) -> bool:
    """Show the requester who answered, with Accept and Decline: by DM (True), or else in the
    request's thread, pinging only the requester (False)."""
    locale = request.requester_locale
    taxonomy = await hub_taxonomy(bot.store, request.guild_id)
    profile = await get_profile(bot.store, request.guild_id, responder.id)
    content = t(
        locale,
        "collab.answer_received",
        name=plain(responder.display_name),
        number=request.id,
        title=plain(request.title),
        link=request_link(request),
    )
    message: dict[str, Any] = {
        "embed": answer_card(profile, responder, taxonomy, locale),
        "view": decision_view(request.id, responder.id, locale),
    }
    if await send_dm(bot, request.requester_id, content=content, **message):
        return True
    thread = await request_thread(bot, request)
    await thread.send(
        f"<@{request.requester_id}> {content}",
        allowed_mentions=only_pinging(request.requester_id),
        **message,
    )
    return False


def decision_view(request_id: int, member_id: int, locale: Locale) -> discord.ui.View:
    return described(
        *(
            DecisionButton(verb, request_id, member_id, t(locale, f"collab.{verb}_button"))
            for verb in ("accept", "decline")
        )
    )


class DecisionButton(
    PersistentButton,
    template=r"collab:(?P<verb>accept|decline):(?P<request>[0-9]{1,18}):(?P<member>[0-9]{1,19})",
):
    def __init__(self, verb: str, request_id: int, member_id: int, label: str) -> None:
        style = discord.ButtonStyle.success if verb == "accept" else discord.ButtonStyle.secondary
        super().__init__(f"collab:{verb}:{request_id}:{member_id}", label=label, style=style)
        self.accept = verb == "accept"
        self.request_id = request_id
        self.member_id = member_id

    @classmethod
    def from_parts(cls, parts: IdParts, label: str) -> Self:
        return cls(parts.text("verb"), parts.number("request"), parts.number("member"), label)

    async def clicked(self, interaction: Interaction) -> None:
        bot = interaction.client
        locale = await interaction_locale(interaction)
        decision = await self._decide(bot, interaction.user.id)
        request = decision.request
        name = plain(await member_name(bot, request.guild_id, self.member_id))
        decided = t(
            locale, "collab.you_accepted" if self.accept else "collab.you_declined", name=name
        )
        original = interaction.message.content if interaction.message else ""
        await interaction.response.edit_message(
            content=fit(f"{original}\n\n{decided}".strip(), CONTENT_MAX), view=None
        )
        requester = plain(await member_name(bot, request.guild_id, request.requester_id))
        if self.accept:
            text = await bring_together(bot, decision, requester, name, locale)
        else:
            text = await let_down(bot, decision, requester, name, locale)
        await send_private(interaction, text)

    async def _decide(self, bot: Mozaik, decider_id: int) -> Decision:
        """The decision the rules allow on the request as it is: read and checked again when a
        decision on another answer changed it meanwhile (a request for two, both accepted at
        once), so that a refusal is the one it now deserves."""
        now = bot.clock.now()
        for _ in range(DECIDE_ATTEMPTS):
            request = await numbered_request(bot, self.request_id)
            answer = check_can_decide(
                request,
                await get_answer(bot.store, request.id, self.member_id),
                decider_id,
                accept=self.accept,
                now=now,
            )
            after = status_after_accept(request) if self.accept else None
            decision = await decide_answer(
                bot.store, request, answer.user_id, accepted_to=after, now=now
            )
            if decision is not None:
                return decision
        raise Refusal("core.already_handled")


async def bring_together(
    bot: Mozaik, decision: Decision, requester: str, partner: str, locale: Locale
) -> str:
    """After an acceptance: the pair's thread, the partner told, the post updated; what the
    requester reads."""
    request, answer = decision.request, decision.answer
    thread = await _open_thread_or_none(bot, request, answer.user_id)
    if thread is not None:
        await record_answer_thread(bot.store, request.id, answer.user_id, thread.id)
    await refresh_post(bot, request)
    where = thread.mention if thread else None
    await send_dm(
        bot,
        answer.user_id,
        content=t(
            answer.locale,
            "collab.accepted_dm" if thread else "collab.accepted_dm_no_thread",
            requester=requester,
            title=plain(request.title),
            thread=where,
        ),
    )
    key = "collab.accepted" if thread else "collab.accepted_no_thread"
    lines = [t(locale, key, name=partner, thread=where)]
    if decision.just_matched:
        lines.append(t(locale, "collab.now_matched", number=request.id))
    elif request.partners_missing:
        lines.append(t(locale, "collab.still_open", count=request.partners_missing))
    return "\n".join(lines)


async def let_down(
    bot: Mozaik, decision: Decision, requester: str, responder: str, locale: Locale
) -> str:
    """After a decline: the member told kindly, if they accept DMs; what the requester reads."""
    request, answer = decision.request, decision.answer
    told = await send_dm(
        bot,
        answer.user_id,
        content=t(
            answer.locale, "collab.declined_dm", requester=requester, title=plain(request.title)
        ),
    )
    return t(locale, "collab.declined" if told else "collab.declined_untold", name=responder)


async def _open_thread_or_none(
    bot: Mozaik, request: CollabRequest, member_id: int
) -> discord.Thread | None:
    """The pair's thread, named after the two of them and the request: private in the
    collaboration channel, or in the hub's pairs channel where the collaboration channel is a
    forum (which has only public posts). None (and a log line) when the channel will not have
    it: the acceptance stands, and both are told to reach out directly."""
    hub = await bot.hub(request.guild_id)
    try:
        channel = await collab_channel(bot, request.guild_id, hub.collab_channel_id)
        if isinstance(channel, discord.ForumChannel) and hub.pairs_channel_id is not None:
            channel = await collab_channel(bot, request.guild_id, hub.pairs_channel_id)
        opening = t(
            language(hub.locale),
            "collab.thread_opening",
            requester=f"<@{request.requester_id}>",
            partner=f"<@{member_id}>",
            number=request.id,
            title=plain(request.title),
            link=request_link(request),
        )
        names = [
            await member_name(bot, request.guild_id, user_id)
            for user_id in (request.requester_id, member_id)
        ]
        return await open_pair_thread(
            channel, pair_thread_name(request, *names), (request.requester_id, member_id), opening
        )
    except (Refusal, discord.HTTPException):
        log.warning("could not open a thread for request %s", request.id, exc_info=True)
        return None
