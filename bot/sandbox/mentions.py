"""Who a message would ping, by Discord's rules.

Only the content can ping, never embeds. Without `allowed_mentions`, everything in the content is
parsed; with it, only what its `parse` list or its explicit `users`/`roles` lists allow. Role pings
also need the role to be mentionable (or the author to hold Mention Everyone), and @everyone/@here
need Mention Everyone. Replies ping the replied-to author only when `replied_user` allows it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

_USER = re.compile(r"<@!?(\d+)>")
_ROLE = re.compile(r"<@&(\d+)>")
_EVERYONE = re.compile(r"@(everyone|here)\b")


@dataclass(frozen=True)
class Pings:
    """Whom a stored message notified."""

    users: frozenset[int] = frozenset()
    roles: frozenset[int] = frozenset()
    everyone: bool = False

    @property
    def nobody(self) -> bool:
        return not (self.users or self.roles or self.everyone)

    def __bool__(self) -> bool:
        return not self.nobody


NOBODY = Pings()


def compute_pings(
    content: str,
    allowed_mentions: Mapping[str, Any] | None,
    *,
    mentionable_role_ids: Collection[int],
    can_mention_everyone: bool,
    replied_user_id: int | None = None,
) -> Pings:
    """The pings of `content` under `allowed_mentions` (None when the request had none)."""
    users_in_content = {int(found) for found in _USER.findall(content)}
    roles_in_content = {int(found) for found in _ROLE.findall(content)}
    everyone_in_content = _EVERYONE.search(content) is not None

    if allowed_mentions is None:
        parse = {"users", "roles", "everyone"}
        listed_users: set[int] = set()
        listed_roles: set[int] = set()
        replied = True
    else:
        parse = set(allowed_mentions.get("parse") or ())
        listed_users = {int(user) for user in allowed_mentions.get("users") or ()}
        listed_roles = {int(role) for role in allowed_mentions.get("roles") or ()}
        replied = bool(allowed_mentions.get("replied_user", False))

    users = users_in_content if "users" in parse else users_in_content & listed_users
    if replied and replied_user_id is not None:
        users = users | {replied_user_id}
    roles = roles_in_content if "roles" in parse else roles_in_content & listed_roles
    if not can_mention_everyone:
        roles = roles & set(mentionable_role_ids)
    everyone = everyone_in_content and "everyone" in parse and can_mention_everyone
    return Pings(users=frozenset(users), roles=frozenset(roles), everyone=everyone)
