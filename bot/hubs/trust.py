"""The trust gates a hub sets with /hub rules, held against scammers and throwaway accounts.

- **New accounts and newcomers**: a member posts gigs and collaboration requests only once their
  Discord account is `min_account_days` old (its age is in its id: Discord's snowflakes carry
  the millisecond they were made) and they have been in the server `min_member_hours`. 0 turns
  either off. The refusal says when they may post.
- **Reports**: a published gig that `reports_to_hold` distinct members reported since it was
  last approved goes back to the moderators (`GigAction.HOLD` in bot/gigs/curation.py).
- **Blocked link domains**: a link whose host is a blocked domain or one of its subdomains is
  refused in a gig, an introduction or a collaboration request, naming the domain.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.errors import Refusal
from bot.hubs.model import HubSettings
from bot.web_links import domain_name, link_domain

DISCORD_EPOCH_MS = 1_420_070_400_000
BLOCKED_DOMAINS_MAX = 50  # a hub's list fits one field of /hub show
DOMAIN_TYPED_MAX = 253  # the longest domain name; a longer text is none


def account_created_at(user_id: int) -> datetime:
    """When Discord made the account with this id (to the millisecond)."""
    return datetime.fromtimestamp(((user_id >> 22) + DISCORD_EPOCH_MS) / 1000, UTC)


def check_trusted_enough(
    hub: HubSettings, user_id: int, joined_at: datetime | None, now: datetime
) -> None:
    """Refuse a member whose account or time in the server is younger than the hub asks, saying
    when they may post. A member whose join time Discord did not send counts as joined now."""
    if hub.min_account_days:
        ready_at = account_created_at(user_id) + timedelta(days=hub.min_account_days)
        if ready_at > now:
            raise Refusal(
                "hubs.account_too_new", count=hub.min_account_days, ready_at=_unix(ready_at)
            )
    if hub.min_member_hours:
        ready_at = (joined_at or now) + timedelta(hours=hub.min_member_hours)
        if ready_at > now:
            raise Refusal(
                "hubs.member_too_new", count=hub.min_member_hours, ready_at=_unix(ready_at)
            )


def should_hold(reports_since_approval: int, hub: HubSettings) -> bool:
    """Whether a published gig's reports send it back to the moderators."""
    return hub.reports_to_hold > 0 and reports_since_approval >= hub.reports_to_hold


def checked_domain(text: str) -> str:
    """A domain an admin typed for the blocklist, as it is compared (IDNA ASCII, lower case);
    a pasted link counts as its domain."""
    typed = text.strip()
    domain = link_domain(typed) if "://" in typed else domain_name(typed)
    if domain is None:
        raise Refusal("hubs.bad_domain", domain=typed[:DOMAIN_TYPED_MAX])
    return domain


def with_blocked(hub: HubSettings, domain: str, *, block: bool) -> HubSettings:
    domains = hub.blocked_domains | {domain} if block else hub.blocked_domains - {domain}
    if len(domains) > BLOCKED_DOMAINS_MAX:
        raise Refusal("hubs.too_many_domains", limit=BLOCKED_DOMAINS_MAX)
    return replace(hub, blocked_domains=frozenset(domains))


def blocked_by(link: str, blocked: Iterable[str]) -> str | None:
    """The blocked domain `link` goes to (itself or a parent of its host), or None."""
    host = link_domain(link)
    if host is None:
        return None
    for domain in blocked:
        if host == domain or host.endswith(f".{domain}"):
            return domain
    return None


def check_links_allowed(links: Iterable[str], hub: HubSettings) -> None:
    """Refuse the first link that goes to one of the hub's blocked domains, naming it."""
    for link in links:
        domain = blocked_by(link, hub.blocked_domains)
        if domain is not None:
            raise Refusal("hubs.domain_blocked", domain=domain)


def _unix(instant: datetime) -> int:
    return int(instant.timestamp())
