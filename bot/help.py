"""What a reader can do in a hub, by what they are there: the commands `/help` lists.

Everyone is a member and may post gigs; the hub's moderators (its moderator roles, or Manage
Server) curate; its admins (Manage Server) set it up. Each role's commands are named by their
English names; the text layer shows them as mentions in the reader's language.
"""

from __future__ import annotations

from enum import StrEnum


class Reader(StrEnum):
    MEMBER = "member"
    POSTER = "poster"
    MODERATOR = "moderator"
    ADMIN = "admin"


COMMANDS: dict[Reader, tuple[str, ...]] = {
    Reader.MEMBER: (
        "intro set",
        "intro find",
        "intro alerts",
        "intro testimonial",
        "intro testimonials",
        "intro export",
        "gig list",
        "gig search",
        "collab request",
        "collab list",
        "digest subscribe",
    ),
    Reader.POSTER: ("gig post", "gig mine", "gig applicants", "gig edit", "gig close"),
    Reader.MODERATOR: (
        "gigmod queue",
        "gigmod feature",
        "gigmod ban",
        "gigmod testimonial remove",
        "gigmod stats",
        "skills add",
        "digest preview",
        "digest schedule",
    ),
    Reader.ADMIN: ("hub setup", "hub role", "hub rules", "hub show"),
}


def readers(*, moderates: bool, admin: bool) -> tuple[Reader, ...]:
    """What someone is in a hub, in the order `/help` tells them."""
    found = [Reader.MEMBER, Reader.POSTER]
    if moderates or admin:
        found.append(Reader.MODERATOR)
    if admin:
        found.append(Reader.ADMIN)
    return tuple(found)
