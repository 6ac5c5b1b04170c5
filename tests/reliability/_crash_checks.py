"""What the crash test checks after every kill: what members were shown as done is stored and
visible, and nothing (a queue message, a post, an approval, a note) was made twice; at the end,
what the kills left half done is done.

Members act on gigs (post, approve, interest), collaboration requests (request, review: a
moderator's Approve) and introductions (intro: /intro set, a first post or an update).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.i18n import t
from bot.sandbox import Member, Message, Reply, Sandbox
from bot.sandbox.components import interactive
from bot.store import Row, Store

from ._crash_harness import Hub, gig_of, posts_per_gig

INTEREST_ANSWERS = (
    "gigs.interest_sent",
    "gigs.interest_sent_in_thread",
    "gigs.interest_recorded",
    "gigs.interest_already",
)
NUMBER = re.compile(r"#(\d+)")
POST_LINK = re.compile(r"https://discord\.com/channels/\S+$")


@dataclass
class Attempt:
    """One thing a member does: post a gig or request (`title`), write an introduction
    (`title`: its headline), or press the `gig:<kind>:<gig>` (review: `collab:approve:<gig>`)
    button on `message`. `reply` is the bot's first answer, set as soon as Discord shows it."""

    kind: str  # "post", "approve", "interest", "request", "review" or "intro"
    member: Member
    title: str | None = None
    gig: int | None = None  # the gig, or request, the button acts on
    message: Message | None = None
    reply: Reply | None = None

    def shown_text(self) -> str | None:
        """What the member read once the bot had worked on it (after its deferral), if that
        came before the kill."""
        if self.reply is None or not self.reply.followups:
            return None
        return self.reply.followups[0].content


@dataclass
class Tally:
    shown: Counter[str] = field(default_factory=Counter)
    attempted: Counter[str] = field(default_factory=Counter)

    def __str__(self) -> str:
        return ", ".join(f"{kind} {self.shown[kind]}/{n}" for kind, n in self.attempted.items())


# What members see.


def request_of(message: Message, click: str) -> int | None:
    """The request of the message's `collab:<click>:<number>` button, if it has one."""
    for component in interactive(message.components):
        parts = str(component.get("custom_id", "")).split(":")
        if parts[:2] == ["collab", click]:
            return int(parts[2])
    return None


def pending_reviews(sandbox: Sandbox, hub: Hub) -> dict[int, Message]:
    """Per request, the queue message whose Approve a moderator can still press."""
    found = {}
    for message in sandbox.messages(hub.queue):
        number = request_of(message, "approve")
        if number is not None:
            found[number] = message
    return found


def intro_of(message: Message) -> int | None:
    """The member whose introduction the message is: its card names them first."""
    if len(message.embeds) != 1:
        return None
    first = str(message.embeds[0].get("description", "")).split("\n", 1)[0]
    found = re.fullmatch(r"<@(\d+)>", first)
    return int(found[1]) if found else None


# What the database holds once the bot is dead.


@dataclass
class Stored:
    gigs: dict[int, Row]
    approvals: list[tuple[int, int]]  # (gig, moderator), one per approval applied
    interests: set[tuple[int, int]]  # (gig, member)
    requests: dict[int, Row]
    profiles: dict[int, Row]  # by member


async def read_store(database: Path | str, context: str) -> Stored:
    async with Store.open(database) as store:
        if store.dialect == "sqlite":  # a file a kill may leave torn; PostgreSQL keeps its own
            integrity = [row[0] for row in await store.fetch_all("PRAGMA integrity_check")]
            assert integrity == ["ok"], f"{context}: {integrity}"
            assert await store.fetch_all("PRAGMA foreign_key_check") == [], context
        gigs = await store.fetch_all("SELECT * FROM gigs")
        approvals = await store.fetch_all(
            "SELECT gig_id, actor_id FROM gig_events WHERE action = 'approved'"
        )
        interests = await store.fetch_all("SELECT gig_id, user_id FROM gig_interests")
        requests = await store.fetch_all("SELECT * FROM collab_requests")
        profiles = await store.fetch_all("SELECT * FROM profiles")
    return Stored(
        gigs={row["id"]: row for row in gigs},
        approvals=[(row[0], row[1]) for row in approvals],
        interests={(row[0], row[1]) for row in interests},
        requests={row["id"]: row for row in requests},
        profiles={row["user_id"]: row for row in profiles},
    )


# What must hold after every kill.


def confirmed(attempt: Attempt, hub: Hub) -> int | None:
    """What the member was shown done (the gig, request, or for an introduction the member),
    if they were."""
    shown = attempt.shown_text()
    if shown is None:
        return None
    found = NUMBER.search(shown)
    number = int(found[1]) if found else 0
    link = POST_LINK.search(shown)
    answers = {
        "post": {t("en", "gigs.submitted", number=number)},
        "request": {t("en", "collab.queued", number=number)},
        "approve": {
            t("en", "gigmod.approved", number=attempt.gig, link=link[0] if link else ""),
            t("en", "gigmod.approved_not_published", number=attempt.gig, channel=hub.gigs.mention),
        },
        "interest": {t("en", key, number=attempt.gig) for key in INTEREST_ANSWERS},
        "review": {
            t("en", "collab.approved", number=attempt.gig),
            t("en", "collab.approved_unposted", number=attempt.gig),
        },
    }
    if attempt.kind == "intro":
        channel = hub.channel("intros").mention
        told = (t("en", f"intros.{key}", channel=channel) for key in ("posted", "updated"))
        return attempt.member.id if any(shown.startswith(text) for text in told) else None
    if shown not in answers[attempt.kind]:
        return None
    return number if attempt.kind in ("post", "request") else attempt.gig


def check_shown_successes(
    stored: Stored, sandbox: Sandbox, hub: Hub, attempts: list[Attempt], context: str
) -> Tally:
    tally = Tally()
    for attempt in attempts:
        tally.attempted[attempt.kind] += 1
        number = confirmed(attempt, hub)
        if number is None:
            continue
        tally.shown[attempt.kind] += 1
        said = f"{context}: {attempt.member.name} was told {attempt.shown_text()!r}"
        if attempt.kind in ("post", "request"):
            rows = stored.gigs if attempt.kind == "post" else stored.requests
            assert number in rows, f"{said}, but there is no such {attempt.kind}"
            row = rows[number]
            poster = row["poster_id"] if attempt.kind == "post" else row["requester_id"]
            assert (poster, row["title"]) == (attempt.member.id, attempt.title), said
        elif attempt.kind == "approve":
            assert stored.gigs[number]["status"] == "approved", said
            assert (number, attempt.member.id) in stored.approvals, said
            if POST_LINK.search(attempt.shown_text() or ""):
                posts = [m.id for m in sandbox.messages(hub.gigs) if gig_of(m, "report") == number]
                assert posts == [stored.gigs[number]["message_id"]], said
        elif attempt.kind == "review":
            assert stored.requests[number]["status"] == "open", said
            if attempt.shown_text() == t("en", "collab.approved", number=number):
                posts = [
                    m.id for m in sandbox.messages(hub.collab) if request_of(m, "in") == number
                ]
                assert posts == [stored.requests[number]["message_id"]], said
        elif attempt.kind == "intro":
            assert number in stored.profiles, f"{said}, but there is no profile"
            posts = [m.id for m in sandbox.messages(hub.intros) if intro_of(m) == number]
            row = stored.profiles[number]
            assert posts == [row["post_message_id"]], (
                f"{said}: posts {posts}, stored {row['post_message_id']}"
            )
        else:
            assert (number, attempt.member.id) in stored.interests, said
    return tally


def check_nothing_twice(stored: Stored, sandbox: Sandbox, hub: Hub, context: str) -> None:
    approved = Counter(number for number, _ in stored.approvals)
    queued = Counter(gig_of(message, "approve") for message in sandbox.messages(hub.queue))
    published = posts_per_gig(sandbox, hub)
    posters = {member.id: member for member in hub.posters}
    for number, gig in stored.gigs.items():
        assert approved[number] <= 1, f"{context}: gig #{number} approved {approved[number]}x"
        assert queued[number] <= 1, f"{context}: gig #{number} queued {queued[number]}x"
        assert published[number] <= 1, f"{context}: gig #{number} published {published[number]}x"
        announcement = t("en", "gigs.dm_approved", number=number, title=gig["title"], link="")
        dms = sandbox.dms(posters[gig["poster_id"]])
        told = sum(message.content.startswith(announcement) for message in dms)
        assert told <= 1, f"{context}: the poster heard {told}x that gig #{number} is published"
    in_queue = Counter(request_of(message, "approve") for message in sandbox.messages(hub.queue))
    posted = Counter(request_of(message, "in") for message in sandbox.messages(hub.collab))
    for number in stored.requests:
        assert in_queue[number] <= 1, f"{context}: request #{number} queued {in_queue[number]}x"
        assert posted[number] <= 1, f"{context}: request #{number} posted {posted[number]}x"
    introduced = Counter(intro_of(message) for message in sandbox.messages(hub.intros))
    for member, count in introduced.items():
        assert count <= 1, f"{context}: member {member} has {count} introduction posts"


def left_undone(stored: Stored, sandbox: Sandbox, hub: Hub) -> dict[str, list[int]]:
    """What the kills left half done, unseen by members: the crash windows still open."""
    queued = {gig_of(message, "approve") for message in sandbox.messages(hub.queue)}
    published = set(posts_per_gig(sandbox, hub))
    gigs = stored.gigs.items()
    requests = stored.requests.items()
    in_queue = {request_of(message, "approve") for message in sandbox.messages(hub.queue)}
    posted = {request_of(message, "in") for message in sandbox.messages(hub.collab)}
    introduced = {intro_of(message) for message in sandbox.messages(hub.intros)}
    return {
        "pending, not in the queue": [
            n for n, gig in gigs if gig["status"] == "pending" and n not in queued
        ],
        "approved, not published": [
            n for n, gig in gigs if gig["status"] == "approved" and n not in published
        ],
        "published, not recorded": [
            n for n, gig in gigs if n in published and gig["message_id"] is None
        ],
        "request pending, not in the queue": [
            n for n, row in requests if row["status"] == "pending" and n not in in_queue
        ],
        "request open, not posted": [
            n for n, row in requests if row["status"] == "open" and n not in posted
        ],
        "request posted, not recorded": [
            n for n, row in requests if n in posted and row["message_id"] is None
        ],
        "introduction saved, not posted": [
            member for member in stored.profiles if member not in introduced
        ],
        "introduction posted, not up to date": [
            member
            for member, row in stored.profiles.items()
            if row["posted_revision"] != row["revision"]
        ],
    }
