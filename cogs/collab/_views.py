"""The collaboration request's form, buttons and the work each click sets off.

Every button is a persistent `DynamicItem` whose custom id carries the request (and member): it
keeps working after a restart, and every click is checked again against the stored request.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Self

import discord

from bot.collab.drafts import checked_draft
from bot.collab.model import (
    COMMITMENT_MAX,
    DESCRIPTION_MAX,
    SKILLS_MAX,
    SKILLS_MIN,
    TITLE_MAX,
    CollabRequest,
    Status,
)
from bot.collab.rules import check_can_review, check_request_cooldown, expiry_from
from bot.collab.store import (
    Decision,
    add_answer,
    add_invite,
    approve_request,
    create_request,
    decide_answer,
    discard_request,
    get_request,
    last_request_at,
    record_answer_thread,
    record_post,
    record_queue_message,
    reject_request,
    withdraw_answer,
)
from bot.errors import Refusal
from bot.hubs.model import HubSettings
from bot.hubs.roles import is_moderator
from bot.i18n import Locale, t
from bot.intros.search import PersonMatch
from bot.intros.store import collaborators_for, get_profile
from bot.skills import HubSkill, Taxonomy, parse_skills
from bot.skills.store import add_hub_skills, hub_taxonomy
from bot.typed_text import checked_reason
from bot.ui import MozaikModal, MozaikView, answers_errors, interaction_locale, send_private
from cogs._forms import offer_form_again
from cogs._limits import BUTTON_LABEL_MAX, CONTENT_MAX, fit
from cogs.collab._embeds import (
    answer_card,
    language,
    plain,
    request_embed,
    request_link,
    thread_name,
)
from cogs.collab._posts import (
    collab_channel,
    member_name,
    only_pinging,
    open_pair_thread,
    post_of,
    publish,
    request_thread,
    send_dm,
    wake_forum_post,
)
from cogs.intros._embeds import skill_names

if TYPE_CHECKING:
    from bot.app import Mozaik

log = logging.getLogger(__name__)

Interaction = discord.Interaction["Mozaik"]
REASON_MAX = 500
SKILLS_TEXT_MAX = 400
FORM_KEPT_SECONDS = 3600


# --- the form -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormValues:
    """Everything a member put into a request so far, kept to offer the form again."""

    kind: str
    compensation: str
    partners_wanted: int
    title: str = ""
    description: str = ""
    skills: str = ""
    commitment: str = ""


async def check_may_request(bot: Mozaik, hub: HubSettings, member_id: int) -> None:
    """Refuse before the form opens when the hub cannot take requests, or not yet from this
    member: nothing typed in vain. Checked again when the form comes back."""
    if hub.collab_channel_id is None:
        raise Refusal("collab.no_channel")
    if hub.collab_via_queue and hub.queue_channel_id is None:
        raise Refusal("collab.no_queue")
    last = await last_request_at(bot.store, hub.guild_id, member_id)
    check_request_cooldown(last, hub.post_cooldown_seconds, bot.clock.now())


class RequestForm(MozaikModal):
    def __init__(self, values: FormValues, locale: Locale) -> None:
        super().__init__(title=t(locale, "collab.form_title"))
        self.values = values
        self.title_text = self._field(
            locale, "title", values.title, max_length=TITLE_MAX, style=discord.TextStyle.short
        )
        self.description_text = self._field(
            locale, "description", values.description, max_length=DESCRIPTION_MAX
        )
        self.skills_text = self._field(locale, "skills", values.skills, max_length=SKILLS_TEXT_MAX)
        self.commitment_text = self._field(
            locale,
            "commitment",
            values.commitment,
            max_length=COMMITMENT_MAX,
            style=discord.TextStyle.short,
        )

    def _field(
        self,
        locale: Locale,
        name: str,
        default: str,
        *,
        max_length: int,
        style: discord.TextStyle = discord.TextStyle.paragraph,
    ) -> discord.ui.TextInput[Self]:
        text_input: discord.ui.TextInput[Self] = discord.ui.TextInput(
            custom_id=name,
            style=style,
            max_length=max_length,
            default=default or None,
            placeholder=t(locale, f"collab.form_{name}_placeholder"),
        )
        self.add_item(
            discord.ui.Label(
                text=t(locale, f"collab.form_{name}"),
                description=t(locale, f"collab.form_{name}_hint"),
                component=text_input,
            )
        )
        return text_input

    async def on_submit(self, interaction: Interaction, /) -> None:  # type: ignore[override]
        values = replace(
            self.values,
            title=self.title_text.value,
            description=self.description_text.value,
            skills=self.skills_text.value,
            commitment=self.commitment_text.value,
        )
        try:
            await submit_request(interaction, values)
        except Refusal as refusal:
            locale = await interaction_locale(interaction)
            reopen = ReopenForm(values, locale)
            await offer_form_again(
                interaction, refusal, locale, reopen, note_key="collab.form_kept"
            )


class ReopenForm(MozaikView):
    """One button under a refusal: the form again, filled in with what was typed."""

    def __init__(self, values: FormValues, locale: Locale) -> None:
        super().__init__(timeout=FORM_KEPT_SECONDS)
        self.values = values
        self.locale = locale
        self.reopen.label = t(locale, "collab.form_reopen")

    @discord.ui.button(style=discord.ButtonStyle.primary)
    async def reopen(self, interaction: Interaction, button: discord.ui.Button[Self]) -> None:
        await interaction.response.send_modal(RequestForm(self.values, self.locale))


async def submit_request(interaction: Interaction, values: FormValues) -> None:
    bot = interaction.client
    assert interaction.guild_id is not None
    guild_id, author = interaction.guild_id, interaction.user
    hub = await bot.hub(guild_id)
    await check_may_request(bot, hub, author.id)
    locale = await interaction_locale(interaction)
    taxonomy = await hub_taxonomy(bot.store, guild_id)
    skills = parse_skills(
        values.skills,
        taxonomy,
        minimum=SKILLS_MIN,
        maximum=SKILLS_MAX,
        allow_new=hub.allow_new_skills,
        locale=locale,
    )
    draft = checked_draft(
        title=values.title,
        description=values.description,
        skills=[skill.slug for skill in skills],
        kind=values.kind,
        commitment=values.commitment,
        compensation=values.compensation,
        partners_wanted=values.partners_wanted,
    )
    await interaction.response.defer(ephemeral=True, thinking=True)
    now = bot.clock.now()
    new_skills = [HubSkill(s.slug, s.name_en) for s in skills if s not in taxonomy]
    await add_hub_skills(bot.store, guild_id, new_skills, author.id, now)
    request = await create_request(
        bot.store,
        guild_id,
        author.id,
        draft,
        locale=locale,
        status=Status.PENDING if hub.collab_via_queue else Status.OPEN,
        now=now,
        expires_at=expiry_from(now, hub.collab_expiry_days),
    )
    try:
        if hub.collab_via_queue:
            await send_to_queue(bot, hub, request)
        else:
            request = await publish_request(bot, hub, request)
    except (Refusal, discord.HTTPException):
        await discard_request(bot.store, request.id)
        raise
    if hub.collab_via_queue:
        await send_private(interaction, t(locale, "collab.queued", number=request.id))
        return
    content, invites = await suggestions(bot, request, locale)
    posted = t(locale, "collab.posted", number=request.id, link=request_link(request))
    await send_private(interaction, f"{posted}\n\n{content}", **invites)


# --- publishing and refreshing the request's post -----------------------------------------------


def request_view(request: CollabRequest, locale: Locale) -> discord.ui.View | None:
    """The "I'm in" button while the request looks for partners; none once it is done."""
    if request.status is not Status.OPEN:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(AnswerButton(request.id, t(locale, "collab.answer_button")))
    return view


async def publish_request(bot: Mozaik, hub: HubSettings, request: CollabRequest) -> CollabRequest:
    """Post an open request in the hub's collaboration channel and remember where it is."""
    placed = await post_request(bot, hub, request)
    assert placed.channel_id is not None and placed.message_id is not None
    await record_post(bot.store, request.id, placed.channel_id, placed.message_id, placed.thread_id)
    return placed


async def post_request(bot: Mozaik, hub: HubSettings, request: CollabRequest) -> CollabRequest:
    """Post the request in the collaboration channel; the request with its place (not stored)."""
    channel = await collab_channel(bot, hub.guild_id, hub.collab_channel_id)
    taxonomy = await hub_taxonomy(bot.store, hub.guild_id)
    message: dict[str, Any] = {"embed": request_embed(request, taxonomy, language(hub.locale))}
    view = request_view(request, language(hub.locale))
    if view is not None:
        message["view"] = view
    channel_id, message_id, thread_id = await publish(channel, thread_name(request), **message)
    return replace(request, channel_id=channel_id, message_id=message_id, thread_id=thread_id)


async def refresh_post(bot: Mozaik, request: CollabRequest) -> None:
    """Show the request's current state on its post (and take "I'm in" away once it is done)."""
    if request.channel_id is None or request.message_id is None:
        return
    hub = await bot.hub(request.guild_id)
    taxonomy = await hub_taxonomy(bot.store, request.guild_id)
    post = post_of(bot, request.guild_id, request.channel_id, request.message_id)
    try:
        if request.thread_id == request.channel_id:  # the request is a forum post
            await wake_forum_post(bot, request.channel_id)
        await post.edit(
            embed=request_embed(request, taxonomy, language(hub.locale)),
            view=request_view(request, language(hub.locale)),
        )
    except discord.HTTPException:
        # The post was deleted or is out of reach: the request's state is stored all the same.
        log.warning("could not update the post of request %s", request.id, exc_info=True)


# --- suggestions and invitations --------------------------------------------------------------


async def suggestions(
    bot: Mozaik, request: CollabRequest, locale: Locale
) -> tuple[str, dict[str, discord.ui.View]]:
    """Up to five members open to collaborate with the wanted skills, by name, with a button to
    invite each: the text, and the view to send with it (none when nobody matches)."""
    people = await collaborators_for(
        bot.store, request.guild_id, request.skills, exclude=[request.requester_id]
    )
    if not people:
        return t(locale, "collab.no_suggestions"), {}
    taxonomy = await hub_taxonomy(bot.store, request.guild_id)
    lines = [_suggestion_line(person, taxonomy, locale) for person in people]
    view = discord.ui.View(timeout=None)
    for person in people:
        label = fit(t(locale, "collab.invite_button", name=person.display_name), BUTTON_LABEL_MAX)
        view.add_item(InviteButton(request.id, person.user_id, label))
    return t(locale, "collab.suggestions", people="\n".join(lines)), {"view": view}


def _suggestion_line(person: PersonMatch, taxonomy: Taxonomy, locale: Locale) -> str:
    skills = ", ".join(skill_names(person.matched_skills, taxonomy, locale))
    return f"• {plain(fit(person.display_name, 80))} ({plain(skills)})"


class InviteButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"collab:invite:(?P<request>[0-9]{1,18}):(?P<member>[0-9]{1,19})",
):
    def __init__(self, request_id: int, member_id: int, label: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"collab:invite:{request_id}:{member_id}",
            )
        )
        self.request_id = request_id
        self.member_id = member_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        return cls(int(match["request"]), int(match["member"]), _label_of(item))

    @answers_errors
    async def callback(self, interaction: Interaction) -> None:
        bot = interaction.client
        locale = await interaction_locale(interaction)
        request = await _request(bot, self.request_id, interaction)
        guild = bot.get_guild(request.guild_id)
        if guild is None or not await _present(guild, self.member_id):
            raise Refusal("collab.member_gone")
        await add_invite(
            bot.store, request.id, interaction.user.id, self.member_id, bot.clock.now()
        )
        hub = await bot.hub(request.guild_id)
        profile = await get_profile(bot.store, request.guild_id, self.member_id)
        their_locale = profile.locale if profile else language(hub.locale)
        text = t(
            their_locale,
            "collab.invite_dm",
            requester=plain(await member_name(bot, request.guild_id, request.requester_id)),
            hub=plain(guild.name),
            title=plain(request.title),
            link=request_link(request),
        )
        name = plain(await member_name(bot, request.guild_id, self.member_id))
        sent = await send_dm(bot, self.member_id, content=text)
        key = "collab.invited" if sent else "collab.invite_dms_closed"
        await send_private(interaction, t(locale, key, name=name))


async def _present(guild: discord.Guild, member_id: int) -> bool:
    if guild.get_member(member_id) is not None:
        return True
    try:
        await guild.fetch_member(member_id)
    except discord.NotFound:
        return False
    return True


# --- answering: "I'm in", accept, decline -----------------------------------------------------


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"collab:in:(?P<request>[0-9]{1,18})",
):
    def __init__(self, request_id: int, label: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.success, custom_id=f"collab:in:{request_id}"
            )
        )
        self.request_id = request_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        return cls(int(match["request"]), _label_of(item))

    @answers_errors
    async def callback(self, interaction: Interaction) -> None:
        bot = interaction.client
        locale = await interaction_locale(interaction)
        request = await _request(bot, self.request_id, interaction)
        await add_answer(
            bot.store,
            self.request_id,
            interaction.user.id,
            locale=locale,
            now=bot.clock.now(),
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
    view = discord.ui.View(timeout=None)
    for verb in ("accept", "decline"):
        view.add_item(
            DecisionButton(verb, request_id, member_id, t(locale, f"collab.{verb}_button"))
        )
    return view


class DecisionButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"collab:(?P<verb>accept|decline):(?P<request>[0-9]{1,18}):(?P<member>[0-9]{1,19})",
):
    def __init__(self, verb: str, request_id: int, member_id: int, label: str) -> None:
        style = discord.ButtonStyle.success if verb == "accept" else discord.ButtonStyle.secondary
        super().__init__(
            discord.ui.Button(
                label=label, style=style, custom_id=f"collab:{verb}:{request_id}:{member_id}"
            )
        )
        self.accept = verb == "accept"
        self.request_id = request_id
        self.member_id = member_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        return cls(match["verb"], int(match["request"]), int(match["member"]), _label_of(item))

    @answers_errors
    async def callback(self, interaction: Interaction) -> None:
        bot = interaction.client
        locale = await interaction_locale(interaction)
        decision = await decide_answer(
            bot.store,
            self.request_id,
            self.member_id,
            interaction.user.id,
            accept=self.accept,
            now=bot.clock.now(),
        )
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
    """The pair's thread; None (and a log line) when the collaboration channel will not have it:
    the acceptance stands, and both are told to reach out directly."""
    hub = await bot.hub(request.guild_id)
    try:
        channel = await collab_channel(bot, request.guild_id, hub.collab_channel_id)
        opening = t(
            language(hub.locale),
            "collab.thread_opening",
            requester=f"<@{request.requester_id}>",
            partner=f"<@{member_id}>",
            number=request.id,
            title=plain(request.title),
            link=request_link(request),
        )
        return await open_pair_thread(
            channel, thread_name(request), (request.requester_id, member_id), opening
        )
    except (Refusal, discord.HTTPException):
        log.warning("could not open a thread for request %s", request.id, exc_info=True)
        return None


# --- the moderation queue ---------------------------------------------------------------------


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
    hub = await bot.hub(request.guild_id)
    taxonomy = await hub_taxonomy(bot.store, request.guild_id)
    review = post_of(bot, request.guild_id, request.queue_channel_id, request.queue_message_id)
    try:
        await review.edit(
            content=note, embed=request_embed(request, taxonomy, language(hub.locale)), view=None
        )
    except discord.HTTPException:
        log.warning("could not update the queue message of request %s", request.id, exc_info=True)


def is_hub_moderator(hub: HubSettings, user: discord.User | discord.Member) -> bool:
    return isinstance(user, discord.Member) and is_moderator(
        hub, [role.id for role in user.roles], user.guild_permissions.manage_guild
    )


def check_moderator(hub: HubSettings, user: discord.User | discord.Member) -> None:
    if not is_hub_moderator(hub, user):
        raise Refusal("core.not_allowed")


class ReviewButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"collab:(?P<verb>approve|reject):(?P<request>[0-9]{1,18})",
):
    def __init__(self, verb: str, request_id: int, label: str) -> None:
        style = discord.ButtonStyle.success if verb == "approve" else discord.ButtonStyle.danger
        super().__init__(
            discord.ui.Button(label=label, style=style, custom_id=f"collab:{verb}:{request_id}")
        )
        self.approve = verb == "approve"
        self.request_id = request_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        return cls(match["verb"], int(match["request"]), _label_of(item))

    @answers_errors
    async def callback(self, interaction: Interaction) -> None:
        bot = interaction.client
        request = await _request(bot, self.request_id, interaction)
        hub = await bot.hub(request.guild_id)
        check_moderator(hub, interaction.user)
        check_can_review(request)
        locale = await interaction_locale(interaction)
        if not self.approve:
            await interaction.response.send_modal(RejectForm(request.id, locale))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        now = bot.clock.now()
        expires_at = expiry_from(now, hub.collab_expiry_days)
        opened = replace(request, status=Status.OPEN, posted_at=now, expires_at=expires_at)
        placed = await post_request(bot, hub, opened)
        assert placed.channel_id is not None and placed.message_id is not None
        try:
            await approve_request(bot.store, request.id, now=now, expires_at=expires_at)
        except Refusal:
            # Another moderator decided first: the copy just posted must not stay.
            await post_of(bot, placed.guild_id, placed.channel_id, placed.message_id).delete()
            raise
        await record_post(
            bot.store, request.id, placed.channel_id, placed.message_id, placed.thread_id
        )
        approved = placed
        moderator = plain(interaction.user.display_name)
        await mark_queue_message(
            bot, approved, t(language(hub.locale), "collab.queue_approved", moderator=moderator)
        )
        requester_locale = approved.requester_locale
        content, invites = await suggestions(bot, approved, requester_locale)
        posted = t(
            requester_locale,
            "collab.approved_dm",
            number=approved.id,
            title=plain(approved.title),
            link=request_link(approved),
        )
        await send_dm(bot, approved.requester_id, content=f"{posted}\n\n{content}", **invites)
        await send_private(interaction, t(locale, "collab.approved", number=approved.id))


class RejectForm(MozaikModal):
    def __init__(self, request_id: int, locale: Locale) -> None:
        super().__init__(title=fit(t(locale, "collab.reject_title", number=request_id), 45))
        self.request_id = request_id
        self.reason: discord.ui.TextInput[Self] = discord.ui.TextInput(
            custom_id="reason", style=discord.TextStyle.paragraph, max_length=REASON_MAX
        )
        self.add_item(
            discord.ui.Label(
                text=t(locale, "collab.reject_reason"),
                description=t(locale, "collab.reject_reason_hint"),
                component=self.reason,
            )
        )

    async def on_submit(self, interaction: Interaction, /) -> None:  # type: ignore[override]
        bot = interaction.client
        request = await _request(bot, self.request_id, interaction)
        hub = await bot.hub(request.guild_id)
        check_moderator(hub, interaction.user)
        reason = plain(checked_reason(self.reason.value))
        rejected = await reject_request(bot.store, request.id, now=bot.clock.now())
        moderator = plain(interaction.user.display_name)
        await mark_queue_message(
            bot,
            rejected,
            t(language(hub.locale), "collab.queue_rejected", moderator=moderator, reason=reason),
        )
        told = await send_dm(
            bot,
            rejected.requester_id,
            content=t(
                rejected.requester_locale,
                "collab.rejected_dm",
                number=rejected.id,
                title=plain(rejected.title),
                reason=reason,
            ),
        )
        locale = await interaction_locale(interaction)
        key = "collab.rejected" if told else "collab.rejected_untold"
        await send_private(interaction, t(locale, key, number=rejected.id))


# --- shared -----------------------------------------------------------------------------------


def _label_of(item: discord.ui.Item[Any]) -> str:
    """The label a clicked button was sent with, kept when it is rebuilt from its custom id."""
    return (item.label if isinstance(item, discord.ui.Button) else None) or ""


async def _request(bot: Mozaik, request_id: int, interaction: Interaction) -> CollabRequest:
    """The request a button or form names; from a server, only that server's own requests
    (buttons in a member's DMs are checked by who clicks them)."""
    request = await get_request(bot.store, request_id)
    here = interaction.guild_id
    if request is None or (here is not None and here != request.guild_id):
        raise Refusal("collab.not_found", number=request_id)
    return request


PERSISTENT_ITEMS: Sequence[type[discord.ui.DynamicItem[Any]]] = (
    AnswerButton,
    DecisionButton,
    InviteButton,
    ReviewButton,
)
