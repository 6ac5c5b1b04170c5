"""A member's draft becoming a gig: checked, held to the hub's rules and AutoMod's keywords,
stored, and then queued for the moderators or, from a trusted poster, published at once.

Editing a gig goes the same way and puts it back in the queue ("under review" on its post).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import discord

from bot.errors import Refusal
from bot.gigs.automod import KeywordRule, Outcome, screen
from bot.gigs.curation import Actor, GigAction, check_action
from bot.gigs.drafts import GigDraft
from bot.gigs.model import SKILLS_MAX, SKILLS_MIN, Gig, GigStatus, GigTerms
from bot.gigs.rules import check_may_post, check_not_banned, check_not_duplicate, fingerprint
from bot.gigs.store.posting import SubmittedText, posting_history
from bot.gigs.store.records import act, create_gig
from bot.gigs.validation import DraftContext, check_draft, links_of
from bot.hubs.model import HubSettings
from bot.hubs.pause import Change
from bot.hubs.pause_store import take_turn
from bot.hubs.trust import check_links_allowed
from bot.i18n import Locale, as_locale, t
from bot.instance import THIS_RUN
from bot.skills import HubSkill, Skill, Taxonomy, parse_skills
from bot.skills.store import add_hub_skills
from cogs._access import check_trust_gates, is_trusted
from cogs.gigs._decisions import after_approval, record_approval, record_in_audit_log
from cogs.gigs._lookup import refused_if_moved_on, require_gig
from cogs.gigs._posts import refresh_post, refresh_queue_message, send_to_queue, taxonomy_of

if TYPE_CHECKING:
    from bot.app import Mozaik

log = logging.getLogger(__name__)


@dataclass
class SkillReader:
    """Reads the skills field against the hub's taxonomy, remembering skills new to the hub."""

    taxonomy: Taxonomy
    allow_new: bool
    locale: Locale
    new: list[Skill] = field(default_factory=list)

    def __call__(self, text: str) -> tuple[str, ...]:
        skills = parse_skills(
            text,
            self.taxonomy,
            minimum=SKILLS_MIN,
            maximum=SKILLS_MAX,
            allow_new=self.allow_new,
            locale=self.locale,
        )
        self.new = [skill for skill in skills if skill not in self.taxonomy]
        return tuple(skill.slug for skill in skills)


def ensure_ready(hub: HubSettings) -> None:
    if hub.gigs_channel_id is None or hub.queue_channel_id is None:
        raise Refusal("gigs.hub_not_ready")


async def check_may_open_form(
    bot: Mozaik, hub: HubSettings, user: discord.User | discord.Member
) -> None:
    """What refuses a new gig before a word is typed: readiness, the trust gates, a ban, the
    cooldown, the limit."""
    ensure_ready(hub)
    check_trust_gates(user, hub, bot.clock.now())
    history = await posting_history(
        bot.store,
        guild_id=hub.guild_id,
        user_id=user.id,
        now=bot.clock.now(),
    )
    check_may_post(history, hub, bot.clock.now())


async def submit(
    bot: Mozaik,
    interaction: discord.Interaction[Any],
    draft: GigDraft,
    *,
    editing: int | None,
    locale: str,
) -> str:
    """Store the draft as a new gig (or as the new text of `editing`); the answer for the member.

    Any rule that refuses raises Refusal before anything is stored.
    """
    guild = interaction.guild
    if guild is None:
        raise Refusal("core.guild_only")
    hub = await bot.hub(guild.id)
    ensure_ready(hub)
    now = bot.clock.now()
    reader = SkillReader(
        await taxonomy_of(bot, guild.id), hub.allow_new_skills, as_locale(locale) or "en"
    )
    terms = check_draft(draft, DraftContext(hub.currency, hub.timezone, now, reader))
    text = SubmittedText(
        fingerprint(terms.title, terms.description), hub.duplicate_window_days, editing
    )
    history = await posting_history(
        bot.store, guild_id=guild.id, user_id=interaction.user.id, now=now, text=text
    )
    if editing is None:
        check_trust_gates(interaction.user, hub, now)
        check_may_post(history, hub, now)
    else:
        check_not_banned(history, now)
    check_not_duplicate(history)
    check_links_allowed(links_of(terms), hub)
    automod_unfinished = await _automod_unfinished(bot, interaction, hub, terms)
    if reader.new:
        hub_skills = [HubSkill(skill.slug, skill.name_en) for skill in reader.new]
        await add_hub_skills(bot.store, guild.id, hub_skills, interaction.user.id, now)
    if editing is None:
        gig = await create_gig(
            bot.store,
            guild_id=guild.id,
            poster_id=interaction.user.id,
            terms=terms,
            now=now,
            poster_locale=as_locale(locale),
        )
        before = None
    else:
        before = await require_gig(bot, editing, guild.id)
        check_action(before, GigAction.EDIT, Actor(interaction.user.id))
        # An edit goes back to the queue and the audit log: one per pause between posts.
        await take_turn(
            bot.store,
            guild.id,
            interaction.user.id,
            Change.GIG_EDIT,
            hub.post_cooldown_seconds,
            now,
        )
        columns: dict[str, object] = {
            "submitted_at": now,
            "decided_by": None,
            "decision_reason": None,
            "revision": before.revision + 1,
        }
        if before.status is not GigStatus.PENDING:
            # Back in the queue with a new message, claimed as a new gig is (create_gig).
            columns |= {
                "queue_channel_id": None,
                "queue_message_id": None,
                "queueing_since": now,
                "queueing_by": THIS_RUN,
            }
        with refused_if_moved_on(GigAction.EDIT):
            gig = await act(
                bot.store,
                editing,
                GigAction.EDIT,
                interaction.user.id,
                now,
                terms=terms,
                columns=columns,
                expected={"revision": before.revision},
            )
    if is_trusted(interaction, hub) and not automod_unfinished:
        return await _publish_trusted(bot, gig, hub, locale)
    await _queue(bot, gig, hub, before, automod_unfinished=automod_unfinished)
    await record_in_audit_log(
        bot, hub, gig, GigAction.SUBMIT if before is None else GigAction.EDIT, gig.poster_id
    )
    return t(locale, "gigs.submitted" if before is None else "gigs.resubmitted", number=gig.id)


async def _queue(
    bot: Mozaik, gig: Gig, hub: HubSettings, before: Gig | None, *, automod_unfinished: bool
) -> None:
    note = t(
        hub.locale,
        "gigmod.queue_new" if before is None else "gigmod.queue_edited",
        poster=f"<@{gig.poster_id}>",
        number=gig.id,
    )
    if automod_unfinished:
        note += "\n" + t(hub.locale, "gigmod.queue_automod_unfinished")
    if before is not None and before.status is GigStatus.PENDING:
        await refresh_queue_message(bot, gig, hub, note)  # still waiting: same message, new text
    else:
        await send_to_queue(bot, gig, hub, note)
    if gig.message_id is not None:
        await refresh_post(bot, gig, hub)  # the published post now says "under review"


async def _publish_trusted(bot: Mozaik, gig: Gig, hub: HubSettings, locale: str) -> str:
    """A trusted poster's gig skips the queue; the rules above still held it."""
    first_time = gig.published_at is None
    gig = await record_approval(bot, gig, hub, None, detail="trusted_poster")
    await after_approval(bot, gig, hub, None, locale, first_time=first_time, from_queue=False)
    gig = await require_gig(bot, gig.id)
    if gig.message_id is None:
        return t(locale, "gigs.trusted_not_published", number=gig.id)
    return t(locale, "gigs.published_trusted", number=gig.id)


async def _automod_unfinished(
    bot: Mozaik, interaction: discord.Interaction[Any], hub: HubSettings, terms: GigTerms
) -> bool:
    """Refuse text the server's AutoMod keyword rules would block, when Mozaik may read them.

    True when the check could not finish within its budget: then only a moderator may let the
    gig out, never Mozaik alone.
    """
    guild = interaction.guild
    if guild is None or not interaction.app_permissions.manage_guild:
        return False
    try:
        rules = await guild.fetch_automod_rules()
    except discord.HTTPException:
        log.warning("could not read the AutoMod rules of hub %s", guild.id, exc_info=True)
        return False
    member_roles = {role.id for role in getattr(interaction.user, "roles", ())}
    keyword_rules = [
        KeywordRule(
            keywords=rule.trigger.keyword_filter,
            patterns=rule.trigger.regex_patterns,
            allowed=rule.trigger.allow_list,
        )
        for rule in rules
        if rule.enabled
        and rule.event_type is discord.AutoModRuleEventType.message_send
        and rule.trigger.type is discord.AutoModRuleTriggerType.keyword
        and member_roles.isdisjoint(rule.exempt_role_ids)
        and hub.gigs_channel_id not in rule.exempt_channel_ids
    ]
    screening = await screen(
        [terms.title, terms.description, terms.city or ""],
        keyword_rules,
        budget=bot.settings.automod_budget_seconds,
    )
    if screening.outcome is Outcome.BLOCKED:
        raise Refusal("gigs.automod_blocked", word=screening.word)
    if screening.outcome is Outcome.UNFINISHED:
        log.warning("the AutoMod re-check of a gig in hub %s ran out of time", guild.id)
        return True
    return False
