"""Bad input never breaks Mozaik: generated text through every text field of every form and
command of the running bot.

For every example: no unhandled exception (nothing logged as an error), nothing Discord would
refuse, nobody pinged by anything Mozaik writes (the hub's bot may mention everyone, and one of
its roles may be mentioned by anyone, so a leak would be heard). A refused input gets exactly the
refusal Mozaik's own rules give it, in the member's language; an accepted one is stored exactly
as those rules normalise it, and shown so.

One bot serves every example of a module; each example acts as a member nobody has seen, so no
cooldown, weekly limit or earlier answer gets in the way. Every field gets 200 examples through
the bot (three and a half minutes for the module on one core), and the rules behind the forms
and options get 200 more directly (`test_*_rules_*`). MOZAIK_SANDBOX_EXAMPLES=N changes the
number through the bot, for a quicker run while working on a feature.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bot.collab.model import COMMITMENT_MAX
from bot.collab.model import DESCRIPTION_MAX as REQUEST_DESCRIPTION_MAX
from bot.collab.model import TITLE_MAX as REQUEST_TITLE_MAX
from bot.collab.store.requests import requests_by
from bot.config import HubDefaults
from bot.digest.schedule import parse_clock_time
from bot.errors import Refusal
from bot.gigs.drafts import GigDraft, draft_of
from bot.gigs.model import DESCRIPTION_MAX, NOTE_MAX, TITLE_MAX, GigStatus
from bot.gigs.money import checked_currency
from bot.gigs.search import fts_query
from bot.gigs.store.board import gigs_of
from bot.gigs.store.posting import posting_ban
from bot.gigs.store.records import get_gig
from bot.gigs.store.responses import interest_of
from bot.gigs.validation import check_before_form, checked_note, end_of_day
from bot.hubs.model import HubSettings, default_hub
from bot.hubs.rules import checked_currency as hub_checked_currency
from bot.hubs.rules import checked_timezone, matching_timezones
from bot.hubs.store import save_hub
from bot.hubs.trust import checked_domain, with_blocked
from bot.i18n import LOCALES, Locale, as_locale, catalog, placeholders, t
from bot.intros.form import IntroForm, form_for
from bot.intros.model import ABOUT_MAX, HEADLINE_MAX
from bot.intros.store.profiles import get_profile
from bot.reputation import model as reputation
from bot.reputation.model import TESTIMONIAL_MAX
from bot.reputation.rules import testimonial_text as typed_testimonial
from bot.reputation.store.testimonials import get_testimonial
from bot.sandbox import Member, Message, Reply
from bot.sandbox.permissions import BOT_DEFAULT, MANAGE_GUILD, MENTION_EVERYONE
from bot.skills import Taxonomy, new_hub_alias, new_hub_merge, new_hub_skill, split_skill_list
from bot.skills.store import hub_taxonomy
from bot.typed_text import checked_reason, cleaned, visible
from cogs._markup import literal, quoted
from cogs.collab._embeds import plain
from cogs.skills._choices import chosen_skill
from tests.support.reading import unescaped

from . import _forged as forged
from . import _oracles as oracles
from . import _reputation as rep
from ._matrix import REFUSALS
from ._targets import (
    GigTarget,
    custom_ids,
    finished,
    in_channel,
    pending_gig,
    published_gig,
    queued_request,
    reported_gig,
)
from ._texts import DISCORD_TEXT_MAX, typed_text, with_lone_surrogate
from ._world import (
    A_GIG,
    A_REQUEST,
    AN_INTRO,
    DRAFT_FIELDS,
    GIG_CHOICES,
    REQUEST_CHOICES,
    World,
    answer_text,
    draft_fields,
    running_world,
    says,
    settled,
)

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.long]

DEFAULTS = HubDefaults(
    post_cooldown_seconds=0,
    max_open_gigs_per_week=100,
    duplicate_window_days=0,
    collab_via_queue=True,
)
EXAMPLES = 200
SANDBOX_EXAMPLES = int(os.environ.get("MOZAIK_SANDBOX_EXAMPLES", EXAMPLES))

# No shrinking through the bot: each step would go through it again; the failing example is
# shown as found, and its blob replays it.
THROUGH_BOT = settings(
    max_examples=SANDBOX_EXAMPLES,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
DIRECT = settings(
    max_examples=EXAMPLES,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
LANGUAGES = st.sampled_from(["en-US", "id"])
# The rules alone: a hub as its defaults make it, with the skills Mozaik ships.
HUB = default_hub(1, DEFAULTS)
SHIPPED = Taxonomy.shipped()
SOMEONE, SOME_ROLE, SOME_CHANNEL = 1_000_000_000_000_000_001, 1_000_000_000_000_000_002, 3


def any_text(max_size: int, *, min_size: int = 0) -> st.SearchStrategy[str]:
    return typed_text(
        max_size, min_size=min_size, user=SOMEONE, role=SOME_ROLE, channel=SOME_CHANNEL
    )


# Thousands of forms through one hub as fast as the bot answers, which no hub's members do: every
# rate-limit window a hundredth of Discord's (5 posts per 50 ms in a channel), the counts its own.
RATE_SCALE = 0.01


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(world_database: Path | str) -> AsyncIterator[World]:
    async with running_world(
        world_database,
        DEFAULTS,
        bot_permissions=BOT_DEFAULT | MENTION_EVERYONE,
        rate_scale=RATE_SCALE,
    ) as world:
        yield world


def text(world: World, max_size: int, *, min_size: int = 0) -> st.SearchStrategy[str]:
    return typed_text(
        max_size,
        min_size=min_size,
        user=world["member"].id,
        role=world.hub.role("Everyone here").id,
        channel=world.channel("gigs").id,
    )


def language(member: Member) -> Locale:
    return as_locale(member.locale) or "en"


def shows(message: Message, value: str) -> bool:
    """Whether the message shows `value` whole, or its beginning where it had to be cut."""
    return value in message.text or (
        value[: len(value) // 2] in message.text and "…" in message.text
    )


async def answered(world: World, reply: Reply) -> str:
    return answer_text(await settled(reply))


def refused_as(answer: str, refusal: Refusal, locale: Locale) -> None:
    expected = oracles.refusal_text(refusal, locale)
    assert expected in answer, f"expected the refusal {refusal.key}: {expected!r}, got {answer!r}"


# --- the gig form ---------------------------------------------------------------------------------

GIG_FIELDS = {"title": TITLE_MAX, "description": DESCRIPTION_MAX, "skills": 400, "pay": 100}
GIG_FIELDS_OPTIONAL = {"apply": 300}


@pytest.mark.parametrize("field", [*GIG_FIELDS, *GIG_FIELDS_OPTIONAL])
@THROUGH_BOT
@given(data=st.data())
async def test_gig_form_field(world: World, field: str, data: st.DataObject) -> None:
    limit = {**GIG_FIELDS, **GIG_FIELDS_OPTIONAL}[field]
    member = world.new_member("poster", locale=data.draw(LANGUAGES, label="language"))
    typed = data.draw(text(world, limit, min_size=int(field in GIG_FIELDS)), label=field)
    # A word of its own in the other text field: no example copies another member's gig.
    other = "title" if field == "description" else "description"
    form = {**A_GIG, other: f"{A_GIG[other]} {world.fresh_word()}", field: typed}
    locale = language(member)
    hub = await world.bot.hub(world.hub.id)
    taxonomy = await hub_taxonomy(world.bot.store, world.hub.id)
    expected = oracles.gig_terms(GIG_CHOICES, form, hub, taxonomy, datetime.now(UTC), locale)
    async with world.example():
        opened = await world.sandbox.slash(member, "gig post", **GIG_CHOICES)
        answer = await answered(world, await world.sandbox.submit_modal(member, opened, form))

        gigs = await gigs_of(world.bot.store, world.hub.id, member.id)
        if isinstance(expected, Refusal):
            refused_as(answer, expected, locale)
            assert not gigs
        else:
            assert [gig.terms for gig in gigs] == [expected], answer
            queued = in_channel(world, world.channel("queue"), f"gig:approve:{gigs[0].id}")
            for shown in (expected.title, expected.description):
                assert shows(queued, shown)


@pytest.mark.parametrize("field", [*GIG_FIELDS, *GIG_FIELDS_OPTIONAL])
@DIRECT
@given(data=st.data())
async def test_gig_form_rules_refuse_politely_or_keep_what_was_typed(
    field: str, data: st.DataObject
) -> None:
    """The form's rules, 200 examples each: a refusal both languages can say; accepted text
    trimmed only, within its limit; and the edit form, filled from the stored gig, gives the
    same gig again."""
    limit = {**GIG_FIELDS, **GIG_FIELDS_OPTIONAL}[field]
    typed = data.draw(any_text(limit), label=field)
    hub, taxonomy = HUB, SHIPPED
    now = datetime.now(UTC)
    expected = oracles.gig_terms(GIG_CHOICES, {**A_GIG, field: typed}, hub, taxonomy, now, "en")
    if isinstance(expected, Refusal):
        sayable(expected)
        return
    assert len(expected.title) <= TITLE_MAX and len(expected.description) <= DESCRIPTION_MAX
    if field in ("title", "description"):
        assert getattr(expected, field) == cleaned(typed).strip()
    names = [taxonomy.get(slug).name("en") for slug in expected.skills]  # type: ignore[union-attr]
    again = draft_of(expected, names)
    form = {
        name: getattr(again, name) for name in ("title", "description", "skills", "pay", "apply")
    }
    choices = {name: getattr(again, DRAFT_FIELDS.get(name, name)) for name in GIG_CHOICES}
    choices |= {"period": again.period, "currency": again.currency}
    assert oracles.gig_terms(choices, form, hub, taxonomy, now, "en") == expected


def sayable(refusal: Refusal) -> None:
    """A refusal both languages have words for, with every placeholder given."""
    for locale in LOCALES:
        texts = catalog(locale)
        text_ = texts.get(refusal.key) or texts[f"{refusal.key}#other"]  # or its plural forms
        assert placeholders(text_) <= set(refusal.params), (refusal.key, refusal.params)
        t(locale, refusal.key, **refusal.params)


# --- the introduction form ---------------------------------------------------------------------

INTRO_FIELDS = {"headline": HEADLINE_MAX, "about": ABOUT_MAX, "skills": 1000}
INTRO_FIELDS_OPTIONAL = {"links": 1500, "details": 500}


@pytest.mark.parametrize("field", [*INTRO_FIELDS, *INTRO_FIELDS_OPTIONAL])
@THROUGH_BOT
@given(data=st.data())
async def test_introduction_form_field(world: World, field: str, data: st.DataObject) -> None:
    limit = {**INTRO_FIELDS, **INTRO_FIELDS_OPTIONAL}[field]
    member = world.new_member("intro", locale=data.draw(LANGUAGES, label="language"))
    required = field in ("headline", "skills")
    typed = data.draw(text(world, limit, min_size=int(required)), label=field)
    values = {**AN_INTRO, field: typed}
    locale = language(member)
    hub = await world.bot.hub(world.hub.id)
    taxonomy = await hub_taxonomy(world.bot.store, world.hub.id)
    expected = oracles.introduction(IntroForm(**values), hub, taxonomy, locale)
    async with world.example():
        opened = await world.sandbox.slash(member, "intro set")
        answer = await answered(world, await world.sandbox.submit_modal(member, opened, values))

        profile = await get_profile(world.bot.store, world.hub.id, member.id)
        if isinstance(expected, Refusal):
            refused_as(answer, expected, locale)
            assert profile is None
        else:
            assert profile is not None and profile.content == expected.content, answer
            post = world.sandbox.messages(world.channel("intros"))[-1]
            for shown in (expected.content.headline, expected.content.about):
                assert shows(post, shown)


@pytest.mark.parametrize("field", [*INTRO_FIELDS, *INTRO_FIELDS_OPTIONAL])
@DIRECT
@given(data=st.data())
async def test_introduction_rules_refuse_politely_or_keep_what_was_typed(
    field: str, data: st.DataObject
) -> None:
    limit = {**INTRO_FIELDS, **INTRO_FIELDS_OPTIONAL}[field]
    typed = data.draw(any_text(limit), label=field)
    hub, taxonomy = HUB, SHIPPED
    expected = oracles.introduction(IntroForm(**{**AN_INTRO, field: typed}), hub, taxonomy, "en")
    if isinstance(expected, Refusal):
        sayable(expected)
        return
    content = expected.content
    assert len(content.headline) <= HEADLINE_MAX and len(content.about) <= ABOUT_MAX
    if field == "headline":
        assert content.headline == " ".join(cleaned(typed).split())
    if field == "about":
        assert content.about == (cleaned(typed).strip() if visible(cleaned(typed)) else "")
    names = [taxonomy.get(slug).name("en") for slug in content.skills]  # type: ignore[union-attr]
    again = form_for(content, "en", names)
    assert oracles.introduction(again, hub, taxonomy, "en") == expected


# --- the collaboration request form -------------------------------------------------------------

REQUEST_FIELDS = {
    "title": REQUEST_TITLE_MAX,
    "description": REQUEST_DESCRIPTION_MAX,
    "skills": 400,
    "commitment": COMMITMENT_MAX,
}


@pytest.mark.parametrize("field", REQUEST_FIELDS)
@THROUGH_BOT
@given(data=st.data())
async def test_request_form_field(world: World, field: str, data: st.DataObject) -> None:
    member = world.new_member("requester", locale=data.draw(LANGUAGES, label="language"))
    typed = data.draw(text(world, REQUEST_FIELDS[field], min_size=1), label=field)
    form = {**A_REQUEST, field: typed}
    locale = language(member)
    hub = await world.bot.hub(world.hub.id)
    taxonomy = await hub_taxonomy(world.bot.store, world.hub.id)
    expected = oracles.collaboration(REQUEST_CHOICES, form, hub, taxonomy, locale)
    async with world.example():
        opened = await world.sandbox.slash(member, "collab request", **REQUEST_CHOICES)
        answer = await answered(world, await world.sandbox.submit_modal(member, opened, form))

        requests = await requests_by(world.bot.store, world.hub.id, member.id)
        if isinstance(expected, Refusal):
            refused_as(answer, expected, locale)
            assert not requests
        else:
            assert len(requests) == 1, answer
            stored = requests[0]
            kept = (stored.title, stored.description, stored.skills, stored.commitment)
            assert kept == (
                expected.title,
                expected.description,
                expected.skills,
                expected.commitment,
            )
            queued = in_channel(world, world.channel("queue"), f"collab:approve:{stored.id}")
            for shown in (expected.title, expected.description):
                assert shows(queued, shown)


@pytest.mark.parametrize("field", REQUEST_FIELDS)
@DIRECT
@given(data=st.data())
async def test_request_rules_refuse_politely_or_keep_what_was_typed(
    field: str, data: st.DataObject
) -> None:
    typed = data.draw(any_text(REQUEST_FIELDS[field]), label=field)
    hub, taxonomy = HUB, SHIPPED
    form = {**A_REQUEST, field: typed}
    expected = oracles.collaboration(REQUEST_CHOICES, form, hub, taxonomy, "en")
    if isinstance(expected, Refusal):
        sayable(expected)
        return
    assert len(expected.title) <= REQUEST_TITLE_MAX
    assert len(expected.description) <= REQUEST_DESCRIPTION_MAX
    if field == "title":
        assert expected.title == " ".join(cleaned(typed).split())
    again = {
        "title": expected.title,
        "description": expected.description,
        "skills": A_REQUEST["skills"] if field != "skills" else form["skills"],
        "commitment": expected.commitment,
    }
    assert oracles.collaboration(REQUEST_CHOICES, again, hub, taxonomy, "en") == expected


# --- the moderators' reasons ----------------------------------------------------------------------


# The moderator's reasons: what each button's form does to the gig, from where the button is.
GIG_REASONS = {
    "reject": (pending_gig, GigStatus.REJECTED),
    "changes": (pending_gig, GigStatus.CHANGES_REQUESTED),
    "remove": (reported_gig, GigStatus.CLOSED),
}


@pytest.mark.parametrize("click", GIG_REASONS)
@THROUGH_BOT
@given(data=st.data())
async def test_a_moderators_reason_on_a_gig(world: World, click: str, data: st.DataObject) -> None:
    """Whatever the reason says, the decision is made and the poster reads the reason; a reason
    that shows nothing is refused, and the gig stays as it was."""
    reason = data.draw(text(world, 500, min_size=1), label="reason")
    expected = oracles.reason(reason)
    target, status = GIG_REASONS[click]
    poster = world.new_member("poster")
    gig = await target(world, poster)
    before = (await gigs_of(world.bot.store, world.hub.id, poster.id))[0].status
    queued = in_channel(world, world.channel("queue"), gig.button(click))
    async with world.example():
        opened = await world.sandbox.click(world.curator, queued, gig.button(click))
        answer = await answered(
            world, await world.sandbox.submit_modal(world.curator, opened, {"reason": reason})
        )

        gigs = await gigs_of(world.bot.store, world.hub.id, poster.id)
        if isinstance(expected, Refusal):
            refused_as(answer, expected, language(world.curator))
            assert gigs[0].status is before, answer
        else:
            assert gigs[0].status is status, answer
            assert shows(world.sandbox.dms(poster)[-1], expected)


# One published gig takes every example's interest (each from a member nobody has seen).
_ANSWERED: dict[int, GigTarget] = {}


async def gig_to_answer(world: World) -> GigTarget:
    if id(world) not in _ANSWERED:
        _ANSWERED[id(world)] = await published_gig(world, world.new_member("poster"))
    return _ANSWERED[id(world)]


@THROUGH_BOT
@given(data=st.data())
async def test_an_interest_note(world: World, data: st.DataObject) -> None:
    """Whatever the note says, the interest is recorded and the poster reads the note as typed
    (escaped, pinging nobody, in its own direction); a note that shows nothing is no note."""
    note = data.draw(text(world, NOTE_MAX), label="note")
    expected = oracles.note(note)
    member = world.new_member("applicant", locale=data.draw(LANGUAGES, label="language"))
    gig = await gig_to_answer(world)
    post = in_channel(world, world.channel("gigs"), gig.button("interest"))
    async with world.example():
        opened = await world.sandbox.click(member, post, gig.button("interest"))
        answer = await answered(
            world, await world.sandbox.submit_modal(member, opened, {"note": note})
        )

        assert says(answer, "gigs.interest_sent", language(member)), answer
        stored = await interest_of(world.bot.store, gig.number, member.id)
        assert stored is not None and stored.note == expected
        told = world.sandbox.dms(gig.poster)[-1]
        assert member.mention in told.content
        if expected is None:
            assert not says(told.content, "gigs.interest_note", "en")
        else:
            assert shows(told, quoted(expected, NOTE_MAX))


@DIRECT
@given(typed=any_text(NOTE_MAX * 2))
async def test_note_rules_keep_what_shows_and_refuse_nothing(typed: str) -> None:
    """A note never refuses the interest: one that shows nothing is none, any other is kept
    trimmed, within what Discord's form allows."""
    kept = checked_note(typed)
    if not visible(typed[: NOTE_MAX + len(typed) - len(typed.lstrip())]):
        assert kept is None
    else:
        assert kept is not None and visible(kept) and kept == kept.strip()
        assert len(kept) <= NOTE_MAX and typed.strip().startswith(kept)


@THROUGH_BOT
@given(data=st.data())
async def test_a_testimonial(world: World, data: st.DataObject) -> None:
    """Whatever a testimonial says, it is refused politely (nothing to read, too long) or kept
    as typed and shown to its receiver escaped, pinging nobody."""
    typed = data.draw(text(world, TESTIMONIAL_MAX), label="testimonial")
    refusal = refusal_of(lambda: typed_testimonial(cleaned(typed)))
    author = world.new_member("author", locale=data.draw(LANGUAGES, label="language"))
    engagement = await rep.confirmed_owner(world, author, author)
    async with world.example():
        answer = await answered(
            world,
            await forged.submit(
                world.sandbox,
                author,
                f"rep:testimonial:{engagement.id}",
                {"testimonial": typed},
            ),
        )
        assert not says(answer, "core.unexpected", language(author)), answer
        if refusal is not None:
            assert says(answer, refusal.key, language(author)), answer
            return
        assert says(answer, "reputation.testimonial_sent", language(author)), answer
        told = world.sandbox.dms(world.hub.members[engagement.asker_id])[-1]
        assert shows(told, quoted(typed_testimonial(cleaned(typed)), TESTIMONIAL_MAX))


@DIRECT
@given(typed=any_text(TESTIMONIAL_MAX * 2))
async def test_testimonial_rules_refuse_politely_or_keep_what_shows(typed: str) -> None:
    refusal = refusal_of(lambda: typed_testimonial(typed))
    if refusal is not None:
        sayable(refusal)
    else:
        kept = typed_testimonial(typed)
        assert kept == typed.strip() and 0 < len(kept) <= TESTIMONIAL_MAX


@THROUGH_BOT
@given(data=st.data())
async def test_a_request_rejection_reason(world: World, data: st.DataObject) -> None:
    reason = data.draw(text(world, 500, min_size=1), label="reason")
    expected = oracles.reason(reason)
    request = await queued_request(world, world.new_member("requester"))
    queued = in_channel(world, world.channel("queue"), request.button("reject"))
    async with world.example():
        opened = await world.sandbox.click(world.curator, queued, request.button("reject"))
        answer = await answered(
            world, await world.sandbox.submit_modal(world.curator, opened, {"reason": reason})
        )

        stored = (await requests_by(world.bot.store, world.hub.id, request.requester.id))[0]
        if isinstance(expected, Refusal):
            refused_as(answer, expected, language(world.curator))
            assert stored.status.value == "pending", answer
            return
        assert stored.status.value == "rejected", answer
        review = in_channel_of(world, stored.queue_message_id)
        assert not custom_ids(review)
        # Shown with its markdown and mentions escaped: it reads as typed, and pings nobody.
        shown = plain(expected)
        assert shows(review, shown)
        assert shows(world.sandbox.dms(request.requester)[-1], shown)


def in_channel_of(world: World, message_id: int | None) -> Message:
    queue = world.channel("queue")
    return next(m for m in world.sandbox.messages(queue) if m.id == message_id)


# --- command options --------------------------------------------------------------------------


def option_limits(world: World, command: str, option: str) -> tuple[int, int]:
    """The option's length limits as registered with Discord (4000 where it sets none)."""
    group, *names = command.split()
    found = next(c for c in world.sandbox.registered_commands() if c["name"] == group)
    for name in [*names, option]:  # down through a subcommand group, if any, to the option
        found = next(o for o in found.get("options", []) if o["name"] == name)
    return found.get("min_length", 1), found.get("max_length", DISCORD_TEXT_MAX)


@dataclass(frozen=True)
class Rules:
    """What a command's rules read: the hub's settings and skills."""

    hub: HubSettings
    taxonomy: Taxonomy


Rule = Callable[[Rules, str, Locale, Mapping[str, Any]], Refusal | None]


# The command's other options for one example, given the member who acts in it.
Others = Callable[[World, Member], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class Option:
    """A text option of a command, who uses it, its other options, and what Mozaik's rules say
    of a typed value (None: accepted)."""

    command: str
    option: str
    actor: str  # "member", "moderator" or "admin": a fresh one each example
    others: Others
    rule: Rule
    stored: Callable[[World, Mapping[str, Any], str], Awaitable[None]] | None = None

    @property
    def name(self) -> str:
        return f"/{self.command} {self.option}"


def given_options(**options: Any) -> Others:
    async def others(world: World, actor: Member) -> dict[str, Any]:
        return dict(options)

    return others


def refusal_of(check: Callable[[], object]) -> Refusal | None:
    try:
        check()
    except Refusal as refusal:
        return refusal
    return None


def optional(rule: Rule) -> Rule:
    """An optional option left empty once the characters nobody types are gone is not given."""

    def blank_or(
        rules: Rules, typed: str, locale: Locale, others: Mapping[str, Any]
    ) -> Refusal | None:
        return rule(rules, typed, locale, others) if typed else None

    return blank_or


def reason_rule(
    rules: Rules, typed: str, locale: Locale, others: Mapping[str, Any]
) -> Refusal | None:
    return refusal_of(lambda: checked_reason(typed))


def city_rule(
    rules: Rules, typed: str, locale: Locale, others: Mapping[str, Any]
) -> Refusal | None:
    draft = GigDraft(**draft_fields({**GIG_CHOICES, "location": "onsite"}), city=typed)
    return refusal_of(lambda: check_before_form(draft))


def currency_rule(
    rules: Rules, typed: str, locale: Locale, others: Mapping[str, Any]
) -> Refusal | None:
    return refusal_of(lambda: checked_currency(typed.upper()))


def search_rule(
    rules: Rules, typed: str, locale: Locale, others: Mapping[str, Any]
) -> Refusal | None:
    return refusal_of(lambda: fts_query(typed))


def until_rule(
    rules: Rules, typed: str, locale: Locale, others: Mapping[str, Any]
) -> Refusal | None:
    try:
        end = end_of_day(date.fromisoformat(typed.strip()), rules.hub.timezone)
    except ValueError:
        return Refusal("gigmod.feature_until_unreadable", text=typed)
    return Refusal("gigmod.feature_until_past") if end <= datetime.now(UTC) else None


def find_rule(
    rules: Rules, typed: str, locale: Locale, others: Mapping[str, Any]
) -> Refusal | None:
    return refusal_of(lambda: chosen_skill(rules.taxonomy, typed, locale))


def new_skill_rule(
    rules: Rules, typed: str, locale: Locale, others: Mapping[str, Any]
) -> Refusal | None:
    name = others.get("name", typed)
    aliases = split_skill_list(others.get("aliases", typed if "name" in others else ""))
    return refusal_of(lambda: new_hub_skill(rules.taxonomy, name, aliases, locale=locale))


def alias_rule(
    rules: Rules, typed: str, locale: Locale, others: Mapping[str, Any]
) -> Refusal | None:
    skill, alias = others.get("skill", typed), others.get("alias", typed)
    return refusal_of(lambda: new_hub_alias(rules.taxonomy, skill, alias, locale=locale))


def merge_rule(
    rules: Rules, typed: str, locale: Locale, others: Mapping[str, Any]
) -> Refusal | None:
    merged, into = others.get("from", typed), others.get("into", typed)
    return refusal_of(lambda: new_hub_merge(rules.taxonomy, merged, into, locale=locale))


def request_skill_rule(
    rules: Rules, typed: str, locale: Locale, others: Mapping[str, Any]
) -> Refusal | None:
    taxonomy = rules.taxonomy
    if taxonomy.get(typed) is None and taxonomy.resolve(typed) is None:
        return Refusal("collab.unknown_skill", skill=typed)
    return None


def time_rule(
    rules: Rules, typed: str, locale: Locale, others: Mapping[str, Any]
) -> Refusal | None:
    return refusal_of(lambda: parse_clock_time(typed))


def timezone_rule(
    rules: Rules, typed: str, locale: Locale, others: Mapping[str, Any]
) -> Refusal | None:
    return refusal_of(lambda: checked_timezone(typed))


def hub_currency_rule(
    rules: Rules, typed: str, locale: Locale, others: Mapping[str, Any]
) -> Refusal | None:
    return refusal_of(lambda: hub_checked_currency(typed))


def block_rule(
    rules: Rules, typed: str, locale: Locale, others: Mapping[str, Any]
) -> Refusal | None:
    return refusal_of(lambda: with_blocked(rules.hub, checked_domain(typed), block=True))


def unblock_rule(
    rules: Rules, typed: str, locale: Locale, others: Mapping[str, Any]
) -> Refusal | None:
    return refusal_of(lambda: checked_domain(typed))


async def blocked_then_unblocked(world: World, others: Mapping[str, Any], typed: str) -> None:
    """The domain is on the hub's blocklist as typed normalises it; taken off again, so the
    world's hub keeps room for the next example."""
    hub = await world.bot.hub(world.hub.id)
    domain = checked_domain(typed)
    assert domain in hub.blocked_domains
    await save_hub(world.bot.store, with_blocked(hub, domain, block=False), datetime.now(UTC))


async def a_published_gig(world: World, actor: Member) -> dict[str, Any]:
    """The same published gig for every example: featuring it again only moves the date."""
    if "number" not in _SHARED:
        _SHARED["number"] = (await published_gig(world, world.new_member("featured"))).number
    return {"number": _SHARED["number"]}


async def someone_to_ban(world: World, actor: Member) -> dict[str, Any]:
    return {"member": world.new_member("banned")}


async def a_new_skill(world: World, actor: Member) -> dict[str, Any]:
    return {"name": f"Craft {world.fresh_word()}"}


async def ban_stored(world: World, others: Mapping[str, Any], typed: str) -> None:
    ban = await posting_ban(world.bot.store, world.hub.id, others["member"].id)
    assert ban is not None and ban.reason == typed.strip()


async def their_gig_on_site(world: World, actor: Member) -> dict[str, Any]:
    """A gig of the actor's own, published, to edit (to a place on site, for a city)."""
    return {"number": (await published_gig(world, actor)).number, "location": "onsite"}


async def their_gig(world: World, actor: Member) -> dict[str, Any]:
    return {"number": (await published_gig(world, actor)).number}


async def a_gig_to_remove(world: World, actor: Member) -> dict[str, Any]:
    return {"number": (await published_gig(world, world.new_member("removed"))).number}


async def removed(world: World, others: Mapping[str, Any], typed: str) -> None:
    gig = await get_gig(world.bot.store, others["number"])
    assert gig is not None and gig.status is GigStatus.CLOSED


async def a_testimonial_to_remove(world: World, actor: Member) -> dict[str, Any]:
    written = await rep.testimonial_for_owner(world, actor, world.new_member("receiver"))
    return {"number": written.id}


async def removed_testimonial(world: World, others: Mapping[str, Any], typed: str) -> None:
    found = await get_testimonial(world.bot.store, others["number"])
    assert found is not None and found.status is reputation.TestimonialStatus.REMOVED


_SHARED: dict[str, int] = {}
DAY = {"day": "0"}
OPTIONS = [
    Option(
        "gig post",
        "city",
        "member",
        given_options(**{**GIG_CHOICES, "location": "onsite"}),
        city_rule,
    ),
    Option("gig post", "currency", "member", given_options(**GIG_CHOICES), optional(currency_rule)),
    Option("gig edit", "city", "member", their_gig_on_site, city_rule),
    Option("gig edit", "currency", "member", their_gig, optional(currency_rule)),
    Option("gig list", "skill", "member", given_options(), optional(find_rule)),
    Option("gig search", "query", "member", given_options(), search_rule),
    Option("gigmod feature", "until", "moderator", a_published_gig, until_rule),
    Option("gigmod ban", "reason", "moderator", someone_to_ban, reason_rule, ban_stored),
    Option("gigmod remove", "reason", "moderator", a_gig_to_remove, reason_rule, removed),
    Option(
        "gigmod testimonial remove",
        "reason",
        "moderator",
        a_testimonial_to_remove,
        reason_rule,
        removed_testimonial,
    ),
    Option("intro find", "skill", "member", given_options(), find_rule),
    Option("intro find", "skill2", "member", given_options(skill="Python"), optional(find_rule)),
    Option("skills add", "name", "moderator", given_options(), new_skill_rule),
    Option("skills add", "aliases", "moderator", a_new_skill, new_skill_rule),
    Option("skills alias", "skill", "moderator", given_options(alias="Unused alias"), alias_rule),
    Option("skills alias", "alias", "moderator", given_options(skill="Python"), alias_rule),
    Option("skills merge", "from", "moderator", given_options(into="Python"), merge_rule),
    Option(
        "skills merge", "into", "moderator", given_options(**{"from": "Copywriting"}), merge_rule
    ),
    Option("collab list", "skill", "member", given_options(), optional(request_skill_rule)),
    Option("digest schedule", "time", "moderator", given_options(**DAY), time_rule),
    Option(
        "digest schedule",
        "timezone",
        "moderator",
        given_options(**DAY, time="09:00"),
        timezone_rule,
    ),
    Option("hub setup", "timezone", "admin", given_options(), timezone_rule),
    Option("hub setup", "currency", "admin", given_options(), hub_currency_rule),
    Option(
        "hub rules", "block-domain", "admin", given_options(), block_rule, blocked_then_unblocked
    ),
    Option("hub rules", "unblock-domain", "admin", given_options(), unblock_rule),
]
# The longest text Discord lets through where a command sets no limit of its own.
UNLIMITED = DISCORD_TEXT_MAX


def someone(world: World, kind: str, locale: str) -> Member:
    """A member nobody has seen, with the standing `kind` needs."""
    if kind == "moderator":
        return world.new_member("moderator", locale=locale, roles=["Moderators"])
    if kind == "admin":
        return world.new_member("admin", locale=locale, permissions=MANAGE_GUILD)
    return world.new_member("member", locale=locale)


@pytest.mark.parametrize("option", OPTIONS, ids=[option.name for option in OPTIONS])
@THROUGH_BOT
@given(data=st.data())
async def test_command_option(world: World, option: Option, data: st.DataObject) -> None:
    member = someone(world, option.actor, data.draw(LANGUAGES, label="language"))
    locale = language(member)
    shortest, longest = option_limits(world, option.command, option.option)
    typed = data.draw(text(world, longest, min_size=shortest), label=option.option)
    others = await option.others(world, member)
    rules = Rules(
        await world.bot.hub(world.hub.id), await hub_taxonomy(world.bot.store, world.hub.id)
    )
    expected = option.rule(rules, cleaned(typed), locale, others)

    async with world.example():
        reply = await world.sandbox.slash(
            member, option.command, **{**others, option.option: typed}
        )
        if reply.modal is not None:
            assert expected is None, f"the form opened despite {expected.key}"  # type: ignore[union-attr]
        else:
            answer = await answered(world, reply)
            assert not says(answer, "core.unexpected", locale), answer
            if expected is None:
                assert not [key for key in REFUSALS if says(answer, key, locale)], answer
            else:
                assert says(answer, expected.key, locale), (
                    f"expected {expected.key}, got {answer!r}"
                )
        if expected is None and option.stored is not None:
            await option.stored(world, others, cleaned(typed))


@pytest.mark.parametrize("option", OPTIONS, ids=[option.name for option in OPTIONS])
@DIRECT
@given(data=st.data())
async def test_command_option_rules_refuse_politely(option: Option, data: st.DataObject) -> None:
    """The rules behind each option, 200 examples each: accepted, or refused with words both
    languages have; never an exception of another kind."""
    others = {
        "name": "Brand new craft",
        "from": "Copywriting",
        "into": "Python",
        "skill": "Python",
        "alias": "Unused alias",
    }
    others = {name: value for name, value in others.items() if name != option.option}
    typed = data.draw(any_text(UNLIMITED, min_size=1), label=option.option)
    refusal = option.rule(Rules(HUB, SHIPPED), typed, "en", others)
    if refusal is not None:
        sayable(refusal)


AUTOCOMPLETED = [
    ("gig post", "currency", "member", GIG_CHOICES),
    ("gig edit", "currency", "member", {"number": 1}),
    ("gig list", "skill", "member", {}),
    ("intro find", "skill", "member", {}),
    ("intro find", "skill2", "member", {"skill": "Python"}),
    ("skills alias", "skill", "moderator", {"alias": "Unused alias"}),
    ("skills merge", "from", "moderator", {"into": "Python"}),
    ("skills merge", "into", "moderator", {"from": "Copywriting"}),
    ("collab list", "skill", "member", {}),
    ("digest schedule", "timezone", "moderator", {"day": "0", "time": "09:00"}),
    ("hub setup", "timezone", "admin", {}),
]


@pytest.mark.parametrize(
    ("command", "option", "actor", "others"),
    AUTOCOMPLETED,
    ids=[f"/{command} {option}" for command, option, _, _ in AUTOCOMPLETED],
)
@THROUGH_BOT
@given(data=st.data())
async def test_autocomplete(
    world: World, command: str, option: str, actor: str, others: dict[str, Any], data: st.DataObject
) -> None:
    """Whatever is being typed, the suggestions come (at most 25, as Discord takes them)."""
    member = someone(world, actor, data.draw(LANGUAGES, label="language"))
    _, longest = option_limits(world, command, option)
    typed = data.draw(text(world, longest), label="typed")

    async with world.example():
        choices = await world.sandbox.autocomplete(member, command, option, typed, **others)
        assert len(choices) <= 25


@DIRECT
@given(typed=any_text(100))
async def test_time_zone_suggestions_for_any_text(typed: str) -> None:
    """The suggestions' rule, 200 examples of up to 100 characters (more than any zone's name
    and than the option takes): at most 25 names, each a real time zone."""
    names = matching_timezones(typed)
    assert len(names) <= 25
    assert all(checked_timezone(name) == name for name in names)


# --- lone surrogates ------------------------------------------------------------------------------

SURROGATE_FIELDS = [
    ("gig post", "title"),
    ("gig post", "description"),
    ("intro set", "headline"),
    ("collab request", "title"),
]
SURROGATE_OPTIONS = [("gig search", "query", {}), ("skills add", "name", {})]


@pytest.mark.parametrize(
    ("command", "field"), SURROGATE_FIELDS, ids=["/".join(f) for f in SURROGATE_FIELDS]
)
@THROUGH_BOT
@given(data=st.data())
async def test_a_lone_surrogate_in_a_form(
    world: World, command: str, field: str, data: st.DataObject
) -> None:
    """JSON can carry "\\ud800", and discord.py hands it over as it is: Mozaik answers, in the
    member's language, and logs no error (whether it keeps the text or refuses it)."""
    member = world.new_member("surrogate", locale=data.draw(LANGUAGES, label="language"))
    typed = with_lone_surrogate(
        data.draw(st.text(max_size=40), label="text"), data.draw(st.integers(0, 40), label="at")
    )
    form, choices = {
        "gig post": (A_GIG, GIG_CHOICES),
        "intro set": (AN_INTRO, {}),
        "collab request": (A_REQUEST, REQUEST_CHOICES),
    }[command]

    async with world.example():
        opened = await world.sandbox.slash(member, command, **choices)
        submitted = await world.sandbox.submit_modal(member, opened, {**form, field: typed})
        answer = await answered(world, submitted)
        assert answer and not says(answer, "core.unexpected", language(member)), answer


@pytest.mark.parametrize(
    ("command", "option", "others"),
    SURROGATE_OPTIONS,
    ids=[f"{c} {o}" for c, o, _ in SURROGATE_OPTIONS],
)
@THROUGH_BOT
@given(data=st.data())
async def test_a_lone_surrogate_in_an_option(
    world: World, command: str, option: str, others: dict[str, Any], data: st.DataObject
) -> None:
    member = someone(world, "moderator", data.draw(LANGUAGES, label="language"))
    typed = with_lone_surrogate(
        data.draw(st.text(min_size=1, max_size=40), label="text"),
        data.draw(st.integers(0, 40), label="at"),
    )

    async with world.example():
        answer = await answered(
            world, await world.sandbox.slash(member, command, **{**others, option: typed})
        )
        assert answer and not says(answer, "core.unexpected", language(member)), answer


# --- text at arrival, case by case: invisible text, blank reasons, non-links, markup, direction -

INVISIBLE_ONLY = "\u200b\ufeff\u2060\u00ad\u200d\u3164\u2800"
FORMS = {
    "gig post": (A_GIG, GIG_CHOICES),
    "intro set": (AN_INTRO, {}),
    "collab request": (A_REQUEST, REQUEST_CHOICES),
}
ARRIVAL = [
    ("gig post", "title", INVISIBLE_ONLY, "gigs.title_missing"),
    ("gig post", "description", " \u200b\x85 ", "gigs.description_missing"),
    ("gig post", "apply", "https://1.00", "gigs.link_invalid"),
    ("gig post", "description", "Brief at https://. today", "gigs.link_invalid"),
    ("gig post", "description", "Admin at https://10.0.0.1/login", "gigs.link_invalid"),
    ("intro set", "headline", INVISIBLE_ONLY, "intros.headline_missing"),
    ("intro set", "links", "https://1.00", "intros.link_invalid"),
    ("intro set", "links", "https://localhost:8080/me", "intros.link_invalid"),
    ("intro set", "links", "https://bank.com@evil.example", "intros.link_invalid"),
    ("collab request", "title", INVISIBLE_ONLY, "collab.title_empty"),
]


@pytest.mark.parametrize(
    ("command", "field", "typed", "key"),
    ARRIVAL,
    ids=[f"{c}/{f}/{k}" for c, f, _, k in ARRIVAL],
)
async def test_what_shows_nothing_or_links_nowhere_is_refused_and_nothing_is_kept(
    world: World, command: str, field: str, typed: str, key: str
) -> None:
    member = world.new_member("arrival")
    form, choices = FORMS[command]
    async with world.example():
        opened = await world.sandbox.slash(member, command, **choices)
        answer = await answered(
            world, await world.sandbox.submit_modal(member, opened, {**form, field: typed})
        )
        assert says(answer, key, "en"), f"expected {key}, got {answer!r}"
    assert not await gigs_of(world.bot.store, world.hub.id, member.id)
    assert await get_profile(world.bot.store, world.hub.id, member.id) is None
    assert not await requests_by(world.bot.store, world.hub.id, member.id)


BLANK_REASONS = ["   ", "\u200b\u2060", "\n\t\u00ad"]


@pytest.mark.parametrize("reason", BLANK_REASONS, ids=repr)
async def test_a_blank_reason_is_refused_and_nothing_is_decided(world: World, reason: str) -> None:
    gig = await pending_gig(world, world.new_member("poster"))
    request = await queued_request(world, world.new_member("requester"))
    banned = world.new_member("banned")
    async with world.example():
        for button in (gig.button("reject"), request.button("reject")):
            queued = in_channel(world, world.channel("queue"), button)
            opened = await world.sandbox.click(world.curator, queued, button)
            answer = await answered(
                world, await world.sandbox.submit_modal(world.curator, opened, {"reason": reason})
            )
            assert says(answer, "core.reason_blank", "en"), answer
        ban = await world.sandbox.slash(world.curator, "gigmod ban", member=banned, reason=reason)
        assert says(await answered(world, ban), "core.reason_blank", "en")
    assert (await get_gig(world.bot.store, gig.number)).status is GigStatus.PENDING  # type: ignore[union-attr]
    stored = await requests_by(world.bot.store, world.hub.id, request.requester.id)
    assert stored[0].status.value == "pending"
    assert await posting_ban(world.bot.store, world.hub.id, banned.id) is None


BREAKERS = ["Ends in a backslash \\", "A ` backtick", "Closes ] early", "[Fake](https://x.example)"]


async def test_titles_that_would_break_the_list_read_as_typed_and_keep_their_links(
    world: World,
) -> None:
    """/gig list shows each title as its post's link: a title's `\\`, backtick or bracket
    stays text, and a right-to-left override in one reorders nothing after it."""
    member = world.new_member("breaker")
    titles = [*BREAKERS, "\u202eOverride never closed"]
    for title in titles:
        poster = world.new_member("poster")
        opened = await world.sandbox.slash(poster, "gig post", **GIG_CHOICES)
        await finished(await world.sandbox.submit_modal(poster, opened, {**A_GIG, "title": title}))
        number = (await gigs_of(world.bot.store, world.hub.id, poster.id))[0].id
        queued = in_channel(world, world.channel("queue"), f"gig:approve:{number}")
        await finished(await world.sandbox.click(world.curator, queued, f"gig:approve:{number}"))
    async with world.example():
        listed = await finished(await world.sandbox.slash(member, "gig list"))
    lines = listed.embeds[0]["description"].splitlines()
    for title in titles:
        [line] = [line for line in lines if literal(title) in line]
        # One link per line: its label opens once and closes once, right before its address.
        assert unescaped(line, "[") == [line.index("[")], line
        assert unescaped(line, "]") == [line.index("](https://discord.com/channels/")], line
        assert unescaped(line, "`") == [], line
    [override] = [line for line in lines if "Override never closed" in line]
    assert "\u2068\u202eOverride never closed\u2069" in override
