"""A hub as the e2e tests meet it: a guild with a channel for each feature, then set up as its
admin would set it up first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.sandbox import Guild, Sandbox
from bot.sandbox.permissions import MANAGE_MESSAGES

# What /hub setup names each channel for; the channels are called after the purpose.
PURPOSES = ("gigs", "queue", "audit", "intros", "collab")
ROLES = {"Moderators": "moderator", "Trusted": "trusted"}


def a_hub(
    sandbox: Sandbox, *, forums: Mapping[str, Sequence[str]] | None = None, **options: Any
) -> Guild:
    """A guild with #general, a channel for each purpose and the moderators' and trusted
    posters' roles. A channel named in `forums` is a forum with those tags instead."""
    forums = dict(forums or {})
    texts = [name for name in ("general", *PURPOSES) if name not in forums]
    # Moderators manage messages, as on most servers: /gigmod and /skills are shown to them.
    roles = {"Moderators": MANAGE_MESSAGES, "Trusted": 0}
    return sandbox.add_guild("Hub", channels=texts, forums=forums, roles=roles, **options)


async def set_up_hub(
    sandbox: Sandbox, hub: Guild, language: str = "en", *, guides: bool = False, **channels: str
) -> None:
    """What an admin does first: a channel for each purpose (`collab="collab-forum"` picks
    another; `pairs="general"` names one for a forum hub's private pair threads), the hub's
    language, and the moderators' and trusted posters' roles. The guides Mozaik would pin in
    the feature channels are left out unless `guides`, so the channels show only what a test
    does."""
    chosen = {purpose: hub.channel(channels.get(purpose, purpose)) for purpose in PURPOSES}
    chosen |= {p: hub.channel(name) for p, name in channels.items() if p not in PURPOSES}
    setup = await sandbox.slash(hub.owner, "hub setup", language=language, guides=guides, **chosen)
    assert setup.ephemeral, setup.content
    for role, purpose in ROLES.items():
        await sandbox.slash(
            hub.owner, "hub role", role=hub.role(role), **{"as": purpose, "action": "add"}
        )
