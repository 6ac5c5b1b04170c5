"""A hub's settings: which channels it uses, who moderates it, its language, time and rules."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import WEEKDAYS, HubDefaults

CHANNEL_PURPOSES = ("gigs", "queue", "intros", "collab", "pairs", "digest", "audit")
# The channels whose members are shown a pinned guide to what they can do there.
GUIDED_PURPOSES = ("gigs", "intros", "collab")


@dataclass(frozen=True)
class HubSettings:
    guild_id: int
    locale: str
    timezone: str
    currency: str
    gig_expiry_days: int
    max_open_gigs_per_week: int
    duplicate_window_days: int
    post_cooldown_seconds: int
    max_renewals: int
    allow_new_skills: bool
    collab_expiry_days: int
    collab_via_queue: bool
    digest_weekday: int  # 0 = Monday, as datetime.weekday()
    digest_time: str  # "HH:MM" in the hub's timezone
    digest_quiet_note: bool
    gigs_channel_id: int | None = None
    queue_channel_id: int | None = None
    intros_channel_id: int | None = None
    collab_channel_id: int | None = None
    digest_channel_id: int | None = None
    audit_channel_id: int | None = None
    # A text channel for the partners' private threads where the collaboration channel is a forum.
    pairs_channel_id: int | None = None
    guides: bool = True  # whether /hub setup pins a guide in each feature channel
    # The trust gates (bot/hubs/trust.py); 0 turns each off.
    min_account_days: int = 0  # how old a member's Discord account must be to post
    min_member_hours: int = 0  # how long they must have been in the server
    reports_to_hold: int = 3  # distinct members' reports that send a published gig back
    blocked_domains: frozenset[str] = frozenset()  # IDNA ASCII; subdomains blocked too
    moderator_role_ids: frozenset[int] = frozenset()
    trusted_role_ids: frozenset[int] = frozenset()
    configured: bool = False  # False until the hub's admin has run /hub setup

    def channel_id(self, purpose: str) -> int | None:
        value: int | None = getattr(self, f"{purpose}_channel_id")
        return value


def default_hub(guild_id: int, defaults: HubDefaults) -> HubSettings:
    return HubSettings(
        guild_id=guild_id,
        locale=defaults.locale,
        timezone=defaults.timezone,
        currency=defaults.currency,
        gig_expiry_days=defaults.gig_expiry_days,
        max_open_gigs_per_week=defaults.max_open_gigs_per_week,
        duplicate_window_days=defaults.duplicate_window_days,
        post_cooldown_seconds=defaults.post_cooldown_seconds,
        max_renewals=defaults.max_renewals,
        allow_new_skills=defaults.allow_new_skills,
        collab_expiry_days=defaults.collab_expiry_days,
        collab_via_queue=defaults.collab_via_queue,
        digest_weekday=WEEKDAYS.index(defaults.digest_weekday),
        digest_time=defaults.digest_time,
        digest_quiet_note=defaults.digest_quiet_note,
    )
