"""Testimonials: the form one side of a confirmed engagement writes in, the receiver's Approve
and Hide, and the list they manage them from.

Every button and form carries only a number (`rep:write:12`, `rep:decide:7:show`) and is
forged until checked: the writer must be one side of that confirmed engagement (and still in
its hub), the decider the testimonial's receiver.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Self

import discord

from bot.app import Mozaik
from bot.errors import Refusal
from bot.i18n import Locale, pick_locale, t
from bot.outbox.model import Kind, Status
from bot.reputation.model import TESTIMONIAL_MAX, Engagement, Testimonial, TestimonialStatus
from bot.reputation.rules import RECEIVER_MOVES, check_may_decide, check_may_write, testimonial_text
from bot.reputation.store.engagements import get_engagement
from bot.reputation.store.testimonials import (
    get_testimonial,
    move_testimonial,
    write_testimonial,
)
from bot.ui import IdParts, PersistentButton, interaction_locale, send_private
from cogs._forms import labelled
from cogs._letters import send_now
from cogs._limits import BUTTON_LABEL_MAX, CONTENT_MAX, TITLE_MAX_IN_DISCORD, fit
from cogs._people import is_member
from cogs.reputation._cards import reputation_changed

NO_PINGS = discord.AllowedMentions.none()
TESTIMONIAL_FORM = re.compile(r"rep:testimonial:(?P<engagement>\d{1,18})")
_DECISIONS = {"show": TestimonialStatus.SHOWN, "hide": TestimonialStatus.HIDDEN}


async def writable(bot: Mozaik, engagement_id: int, author_id: int) -> Engagement:
    """The confirmed engagement the author writes about, checked as the rules say."""
    engagement = await get_engagement(bot.store, engagement_id)
    receiver = engagement.other_side(author_id) if engagement else 0
    engagement = check_may_write(engagement, author_id, receiver, bot.clock.now())
    if not await is_member(bot, engagement.guild_id, author_id):
        raise Refusal("reputation.no_shared_work")
    return engagement


def testimonial_form(engagement_id: int, locale: Locale) -> discord.ui.Modal:
    form = discord.ui.Modal(
        title=fit(t(locale, "reputation.form_title"), TITLE_MAX_IN_DISCORD),
        custom_id=f"rep:testimonial:{engagement_id}",
    )
    form.stop()  # answered by custom id (see testimonial_submitted)
    body: discord.ui.TextInput[Any] = discord.ui.TextInput(
        custom_id="testimonial", style=discord.TextStyle.paragraph, max_length=TESTIMONIAL_MAX
    )
    form.add_item(labelled(body, locale, "reputation.form_testimonial"))
    return form


class WriteButton(PersistentButton, template=r"rep:write:(?P<engagement>\d{1,18})"):
    def __init__(self, engagement_id: int, label: str = "") -> None:
        super().__init__(
            f"rep:write:{engagement_id}",
            label=fit(label, BUTTON_LABEL_MAX) or None,
            style=discord.ButtonStyle.primary,
        )
        self.engagement_id = engagement_id

    @classmethod
    def from_parts(cls, parts: IdParts, label: str) -> Self:
        return cls(parts.number("engagement"), label)

    async def clicked(self, interaction: discord.Interaction[Mozaik]) -> None:
        engagement = await writable(interaction.client, self.engagement_id, interaction.user.id)
        locale = await interaction_locale(interaction)
        await interaction.response.send_modal(testimonial_form(engagement.id, locale))


async def testimonial_submitted(
    interaction: discord.Interaction[Mozaik], match: re.Match[str], values: Mapping[str, str]
) -> None:
    """Keep the testimonial, waiting, and, in the same transaction, owe its receiver the DM
    that asks them to approve it."""
    bot = interaction.client
    author = interaction.user.id
    engagement = await writable(bot, int(match["engagement"]), author)
    body = testimonial_text(values.get("testimonial", ""))
    receiver = engagement.other_side(author)
    locale = await interaction_locale(interaction)
    await interaction.response.defer(ephemeral=True, thinking=True)
    hub = await bot.hub(engagement.guild_id)
    written = await write_testimonial(
        bot.store,
        engagement.guild_id,
        engagement.id,
        author,
        receiver,
        body,
        bot.clock.now(),
        locale=pick_locale(None, hub.locale),  # the receiver's own language is not known
    )
    if written is None:
        raise Refusal("reputation.testimonial_written_already")
    # Sent at once, so the author hears whether it arrived; if Mozaik dies first, the outbox
    # sends it when it is back.
    status = await send_now(bot, Kind.TESTIMONIAL_REQUEST, written.guild_id, written.id, receiver)
    closed = status is Status.CLOSED
    key = "reputation.testimonial_kept" if closed else "reputation.testimonial_sent"
    await send_private(
        interaction, t(locale, key, member=f"<@{receiver}>"), allowed_mentions=NO_PINGS
    )


def decide_buttons(
    testimonials: Sequence[Testimonial], locale: Locale, *, waiting: bool = False
) -> discord.ui.View:
    """Approve and Hide for a testimonial waiting; otherwise Show or Hide for each one listed."""
    view = discord.ui.View(timeout=None)
    for testimonial in testimonials:
        for verb, to in _DECISIONS.items():
            if testimonial.status not in RECEIVER_MOVES[to]:
                continue
            key = f"reputation.button_{'approve' if waiting and verb == 'show' else verb}"
            label = (
                t(locale, key) if waiting else t(locale, key + "_numbered", number=testimonial.id)
            )
            view.add_item(DecideButton(testimonial.id, verb, label))
    view.stop()
    return view


class DecideButton(
    PersistentButton, template=r"rep:decide:(?P<testimonial>\d{1,18}):(?P<verb>show|hide)"
):
    def __init__(self, testimonial_id: int, verb: str, label: str = "") -> None:
        style = discord.ButtonStyle.success if verb == "show" else discord.ButtonStyle.secondary
        super().__init__(
            f"rep:decide:{testimonial_id}:{verb}",
            label=fit(label, BUTTON_LABEL_MAX) or None,
            style=style,
        )
        self.testimonial_id = testimonial_id
        self.to = _DECISIONS[verb]

    @classmethod
    def from_parts(cls, parts: IdParts, label: str) -> Self:
        return cls(parts.number("testimonial"), parts.text("verb"), label)

    async def clicked(self, interaction: discord.Interaction[Mozaik]) -> None:
        bot = interaction.client
        user_id = interaction.user.id
        found = check_may_decide(
            await get_testimonial(bot.store, self.testimonial_id), user_id, self.to
        )
        if not await is_member(bot, found.guild_id, user_id):
            raise Refusal("reputation.not_your_testimonial")
        moved = await move_testimonial(
            bot.store, found.id, self.to, RECEIVER_MOVES[self.to], bot.clock.now()
        )
        if moved is None:
            check_may_decide(await get_testimonial(bot.store, found.id), user_id, self.to)
            raise Refusal("reputation.testimonial_unchanged")
        reputation_changed(bot, moved.guild_id, moved.receiver_id)
        locale = await interaction_locale(interaction)
        said = t(locale, f"reputation.testimonial_now_{moved.status.value}", number=moved.id)
        if interaction.message is not None and interaction.message.flags.ephemeral:
            await send_private(interaction, said)
            return
        original = interaction.message.content if interaction.message else ""
        await interaction.response.edit_message(
            content=fit(f"{original}\n\n{said}".strip(), CONTENT_MAX),
            view=decide_buttons([moved], locale),
            allowed_mentions=NO_PINGS,
        )
