"""/intro export: the member's JSON Resume document, sent to them by direct message (a letter
of the outbox)."""

from __future__ import annotations

import io
import json

import discord

from bot.app import Mozaik
from bot.collab.store.requests import get_request
from bot.errors import Refusal
from bot.gigs.store.records import get_gig
from bot.i18n import FALLBACK, as_locale, t
from bot.intros.store.profiles import get_profile
from bot.outbox.model import Kind, Letter, Status
from bot.reputation.model import EngagementKind, TestimonialStatus
from bot.reputation.resume import ResumeReference, ResumeWork, json_resume
from bot.reputation.store.endorsements import endorsed_skills
from bot.reputation.store.engagements import completed_of
from bot.reputation.store.exports import owe_export
from bot.reputation.store.testimonials import received_testimonials
from bot.skills.store import hub_taxonomy
from bot.ui import interaction_locale, send_private
from cogs._access import guild_id_of
from cogs._letters import Request, Written, send_now
from cogs._limits import FOOTER_MAX, fit
from cogs._people import member_name

REFERENCES_MAX = 100  # testimonials a document carries, the latest first


async def export_resume(interaction: discord.Interaction[Mozaik]) -> None:
    """Owe the member their document (a letter of the outbox, so a crash does not lose it) and
    send it at once, for they wait to hear whether it arrived."""
    bot = interaction.client
    guild_id = guild_id_of(interaction)
    user_id = interaction.user.id
    locale = await interaction_locale(interaction)
    if await get_profile(bot.store, guild_id, user_id) is None:
        raise Refusal("intros.no_profile_self", member=interaction.user.display_name)
    await interaction.response.defer(ephemeral=True, thinking=True)
    await owe_export(bot.store, guild_id, user_id, interaction.id, locale, bot.clock.now())
    status = await send_now(bot, Kind.RESUME_EXPORT, guild_id, interaction.id, user_id)
    closed = status is Status.CLOSED
    await send_private(
        interaction,
        t(locale, "reputation.export_dms_closed" if closed else "reputation.export_sent"),
    )


async def write_resume_export(bot: Mozaik, letter: Letter, request: Request) -> Written | None:
    """The document as the member's reputation is now, while they still have a profile; its
    footer names the moment it was asked for, by which it is found again in their DMs."""
    guild_id, user_id = letter.guild_id, letter.user_id
    profile = await get_profile(bot.store, guild_id, user_id)
    if profile is None:
        return None
    locale = as_locale(letter.locale) or FALLBACK
    guild = bot.get_guild(guild_id)
    hub_name = guild.name if guild else ""
    await request()  # names may be asked of Discord
    work = []
    for engagement in await completed_of(bot.store, guild_id, user_id):
        title = await _source_title(bot, engagement.kind, engagement.source_id)
        other = await member_name(bot, guild_id, engagement.other_side(user_id))
        work.append(
            ResumeWork(
                hub=hub_name,
                position=title,
                confirmed_on=(engagement.confirmed_at or engagement.asked_at).date(),
                summary=t(locale, f"reputation.export_work_{engagement.kind.value}", member=other),
            )
        )
    shown, _ = await received_testimonials(
        bot.store, guild_id, user_id, (TestimonialStatus.SHOWN,), limit=REFERENCES_MAX
    )
    references = [
        ResumeReference(await member_name(bot, guild_id, each.author_id), each.body)
        for each in shown
    ]
    taxonomy = await hub_taxonomy(bot.store, guild_id)
    skills = profile.content.skills
    document = json_resume(
        await member_name(bot, guild_id, user_id),
        profile.content,
        skill_names={slug: taxonomy.display_names([slug], locale)[0] for slug in skills},
        endorsed=await endorsed_skills(bot.store, guild_id, user_id),
        work=work,
        references=references,
        modified=bot.clock.now().date(),
    )
    data = json.dumps(document, ensure_ascii=False, indent=2).encode()
    embed = discord.Embed(description=t(locale, "reputation.export_dm", hub=hub_name))
    when = letter.created_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    embed.set_footer(
        text=fit(t(locale, "reputation.export_footer", hub=hub_name, when=when), FOOTER_MAX)
    )
    return Written([embed], files=[discord.File(io.BytesIO(data), filename="resume.json")])


async def _source_title(bot: Mozaik, kind: EngagementKind, source_id: int) -> str:
    if kind is EngagementKind.GIG:
        gig = await get_gig(bot.store, source_id)
        return gig.title if gig else f"#{source_id}"
    request = await get_request(bot.store, source_id)
    return request.title if request else f"#{source_id}"
