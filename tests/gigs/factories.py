"""Plain gig data for the unit tests."""

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from bot.config import HubDefaults
from bot.errors import Refusal
from bot.gigs.drafts import GigDraft
from bot.gigs.model import (
    Compensation,
    Engagement,
    Gig,
    GigKind,
    GigStatus,
    GigTerms,
    Level,
    LocationType,
    PayPeriod,
)
from bot.gigs.validation import DraftContext
from bot.hubs.model import HubSettings, default_hub

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
GUILD = 1001
POSTER = 2001
KNOWN_SKILLS = {"python": "python", "desain grafis": "graphic-design", "figma": "figma"}


def hub(**changes) -> HubSettings:
    return replace(default_hub(GUILD, HubDefaults()), **changes)


def read_skills(text: str) -> tuple[str, ...]:
    names = [name.strip().casefold() for name in text.split(",") if name.strip()]
    if not names:
        raise Refusal("skills.too_few")
    unknown = [name for name in names if name not in KNOWN_SKILLS]
    if unknown:
        raise Refusal("skills.unknown", skill=unknown[0])
    return tuple(KNOWN_SKILLS[name] for name in names)


def context(now: datetime = NOW) -> DraftContext:
    return DraftContext(currency="IDR", timezone="Asia/Jakarta", now=now, read_skills=read_skills)


def draft(**changes) -> GigDraft:
    base = GigDraft(
        kind="hiring",
        engagement="project",
        location="remote",
        level="mid",
        title="Logo untuk kedai kopi",
        description="Kami butuh desainer untuk logo dan kemasan.",
        skills="desain grafis, figma",
        pay="5jt-8jt",
        apply="",
    )
    return replace(base, **changes)


def terms(**changes) -> GigTerms:
    base = GigTerms(
        kind=GigKind.HIRING,
        title="Logo untuk kedai kopi",
        description="Kami butuh desainer untuk logo dan kemasan.",
        skills=("graphic-design", "figma"),
        engagement=Engagement.PROJECT,
        compensation=Compensation("IDR", Decimal(5_000_000), Decimal(8_000_000), PayPeriod.PROJECT),
        location=LocationType.REMOTE,
        city=None,
        level=Level.MID,
        apply_by=None,
        apply_url=None,
        delivery_days=None,
    )
    return replace(base, **changes)


def gig(**changes) -> Gig:
    base = Gig(
        id=7,
        guild_id=GUILD,
        poster_id=POSTER,
        terms=terms(),
        status=GigStatus.PENDING,
        created_at=NOW,
        updated_at=NOW,
        submitted_at=NOW,
    )
    return replace(base, **changes)


def day(text: str) -> date:
    return date.fromisoformat(text)
