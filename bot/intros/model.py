"""What a member's profile is: the introduction they wrote and what the hub keeps about it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.gigs.model import Compensation
from bot.i18n import Locale

HEADLINE_MAX = 100
ABOUT_MAX = 1000
SKILLS_MIN = 1
SKILLS_MAX = 15
LINKS_MAX = 5
LINK_MAX = 200  # five of them fit in one embed field (1024 characters)
LOCATION_MAX = 100
LANGUAGES_MAX = 5
LANGUAGE_MAX = 30


class Availability(StrEnum):
    # Declared in the order people are ranked in: someone looking for work first.
    OPEN_TO_WORK = "open_to_work"
    OPEN_TO_COLLABORATE = "open_to_collaborate"
    NOT_AVAILABLE = "not_available"

    @property
    def rank(self) -> int:
        return list(Availability).index(self)


@dataclass(frozen=True)
class ProfileContent:
    """Everything a member writes in their introduction, checked and tidied."""

    headline: str
    about: str
    skills: tuple[str, ...]  # canonical skill slugs, in the member's order
    links: tuple[str, ...]  # https URLs
    availability: Availability
    rate: Compensation | None = None
    location: str | None = None
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    guild_id: int
    user_id: int
    content: ProfileContent
    display_name: str  # as the member was shown when they last saved, for lists without a lookup
    locale: Locale  # the member's language when they last saved: skill alerts are written in it
    skill_alerts: bool
    created_at: datetime
    updated_at: datetime
    post_channel_id: int | None = None  # the introduction's message, edited in place on updates
    post_message_id: int | None = None
    departed_at: datetime | None = None  # when the member was noticed to have left the server
    revision: int = 0  # counted up by every save: its post shows the one it was made from
    posts_lost: int = 0  # posts deleted in Discord and made again: part of the next one's nonce

    @property
    def skills(self) -> tuple[str, ...]:
        return self.content.skills
