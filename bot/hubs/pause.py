"""How often a member may change what Mozaik has already made public.

Editing a gig sends it back to the moderators (a new queue message, a line in the audit log, its
post marked "under review"); updating an introduction edits its post. Unbounded, either floods a
channel and the audit log, so each waits the hub's pause between posts (`post_cooldown_seconds`,
set with /hub rules) after the member's last change of the same kind.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from bot.errors import Refusal


class Change(enum.Enum):
    GIG_EDIT = "gig_edit"
    INTRO_UPDATE = "intro_update"


def ready_at(last_change: datetime, pause_seconds: int) -> datetime:
    return last_change + timedelta(seconds=pause_seconds)


def check_ready(last_change: datetime | None, pause_seconds: int, now: datetime) -> None:
    """Refused, with when it may be done again, while the pause after the last change lasts."""
    if last_change is None or not pause_seconds:
        return
    ready = ready_at(last_change, pause_seconds)
    if ready > now:
        raise Refusal("core.change_cooldown", ready_at=int(ready.timestamp()))
