"""A hub's week, written through the gig, profile and collaboration stores as those features do."""

from datetime import datetime, timedelta
from decimal import Decimal

from bot.collab.model import CollabDraft, Compensation, Kind, Status
from bot.collab.store import requests as collab
from bot.gigs.curation import GigAction
from bot.gigs.model import (
    Compensation as Pay,
)
from bot.gigs.model import (
    Engagement,
    GigKind,
    GigTerms,
    Level,
    LocationType,
    PayPeriod,
)
from bot.gigs.store import claims, records
from bot.intros.model import Availability, ProfileContent
from bot.intros.store import profiles
from bot.store.stamps import stamp

MODERATOR = 900


async def published_gig(
    store,
    guild_id,
    title,
    skills,
    *,
    at: datetime,
    poster_id=500,
    channel_id=None,
    message_id=None,
    expires_at: datetime | None = None,
    featured_until: datetime | None = None,
):
    """A gig posted and approved at `at`, published as message_id in channel_id."""
    terms = GigTerms(
        kind=GigKind.HIRING,
        title=title,
        description=f"{title}: details inside.",
        skills=tuple(skills),
        engagement=Engagement.PROJECT,
        compensation=Pay("IDR", Decimal(5_000_000), None, PayPeriod.PROJECT),
        location=LocationType.REMOTE,
        city=None,
        level=Level.MID,
        apply_by=None,
        apply_url=None,
        delivery_days=None,
    )
    gig = await records.create_gig(
        store, guild_id=guild_id, poster_id=poster_id, terms=terms, now=at
    )
    expires_at = expires_at or at + timedelta(days=30)
    await records.act(
        store,
        gig.id,
        GigAction.APPROVE,
        MODERATOR,
        at,
        columns={"published_at": stamp(at), "expires_at": stamp(expires_at)},
    )
    if featured_until is not None:
        await records.act(
            store,
            gig.id,
            GigAction.FEATURE,
            MODERATOR,
            at,
            columns={"featured_until": stamp(featured_until)},
        )
    if message_id is not None:
        post = claims.Publication(channel_id, channel_id, message_id)
        await claims.record_publication(store, gig.id, post, at)
    return gig


async def close_gig_as_filled(store, gig, at: datetime):
    await records.act(
        store,
        gig.id,
        GigAction.CLOSE,
        gig.poster_id,
        at,
        columns={"closed_at": stamp(at), "close_reason": "filled"},
    )


async def introduction(
    store, guild_id, user_id, headline, skills, *, at: datetime, channel_id=None, message_id=None
):
    content = ProfileContent(
        headline=headline,
        about=f"{headline}, happy to help.",
        skills=tuple(skills),
        links=(),
        availability=Availability.OPEN_TO_WORK,
    )
    await profiles.save_profile(
        store, guild_id, user_id, content, display_name=f"member{user_id}", locale="en", now=at
    )
    if message_id is not None:
        await profiles.record_post(store, guild_id, user_id, channel_id, message_id)


async def open_request(
    store,
    guild_id,
    title,
    skills,
    *,
    at: datetime,
    requester_id=600,
    channel_id=None,
    message_id=None,
):
    draft = CollabDraft(
        title=title,
        description=f"{title}: let's talk.",
        skills=tuple(skills),
        kind=Kind.PROJECT_PARTNER,
        commitment="a few hours a week",
        compensation=Compensation.TO_DISCUSS,
        partners_wanted=1,
    )
    request = await collab.create_request(
        store,
        guild_id,
        requester_id,
        draft,
        locale="en",
        status=Status.OPEN,
        now=at,
        expires_at=at + timedelta(days=30),
    )
    if message_id is not None:
        await collab.record_post(store, request.id, channel_id, message_id, None)
    return request
