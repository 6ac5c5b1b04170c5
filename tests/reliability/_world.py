"""One running Mozaik in the sandbox, shared by every test of a module: a hub set up by its admin,
the people who act in it, and what the reliability tests read back from it.

Starting the bot and setting up the hub takes a while; a module's tests keep one and give each
test (or each generated example) targets of its own instead of a fresh hub.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import re
from collections.abc import AsyncIterator, Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.app import Mozaik
from bot.config import HubDefaults, Settings
from bot.i18n import LOCALES, Locale, as_locale, base_key, catalog
from bot.sandbox import Guild, Member, Message, Reply, Sandbox
from bot.sandbox.permissions import BOT_DEFAULT, MANAGE_GUILD, MANAGE_MESSAGES
from tests.support.database import dumped
from tests.support.outbox import scaled_pace

CHANNELS = ("general", "gigs", "queue", "audit", "intros", "collab", "digest")

# What each kind of person speaks: refusals must come back in the actor's own language.
ACTOR_LOCALES = {
    "member": "id",
    "owner": "en-US",
    "moderator": "id",
    "admin": "en-GB",
    "banned": "id",
}

A_GIG = {
    "title": "Logo for a coffee shop",
    "description": "Our coffee shop in Bandung needs a logo.",
    "skills": "Graphic Design",
    "pay": "5jt",
    "apply": "",
}
GIG_CHOICES = {"kind": "hiring", "work_type": "project", "location": "remote", "level": "mid"}
# A /gig post option as the member types it, and the gig draft's field it fills.
DRAFT_FIELDS = {"work_type": "engagement"}
A_REQUEST = {
    "title": "Developer for a bakery's website",
    "description": "A bakery wants a new site; I design, I need someone to build it.",
    "skills": "Web development",
    "commitment": "5",
}
REQUEST_CHOICES = {"kind": "project_partner", "compensation": "paid"}
AN_INTRO = {
    "headline": "Backend developer for small shops",
    "about": "",
    "skills": "Python",
    "links": "",
    "details": "",
}


class ErrorLog(logging.Handler):
    """Keeps every ERROR (or worse) logged while the bot runs: each is an unexpected failure."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[str]:
        taken = [f"{r.name}: {r.getMessage()}\n{_traceback(r)}" for r in self.records]
        self.records.clear()
        return taken


def _traceback(record: logging.LogRecord) -> str:
    if record.exc_info is None:
        return ""
    return logging.Formatter().formatException(record.exc_info)


@contextlib.contextmanager
def error_log() -> Iterator[ErrorLog]:
    handler = ErrorLog()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


@dataclass(frozen=True)
class Mark:
    exchanges: int
    records: int


class World:
    """The sandbox, the running bot, the hub and the people in it.

    (A plain class: Hypothesis prints a dataclass argument field by field, the whole sandbox.)
    """

    def __init__(
        self,
        sandbox: Sandbox,
        bot: Mozaik,
        hub: Guild,
        database: Path | str,
        errors: ErrorLog,
        actors: dict[str, Member],
        curator: Member,
    ) -> None:
        self.sandbox = sandbox
        self.bot = bot
        self.hub = hub
        self.database = database
        self.errors = errors
        self.actors = actors
        self.curator = curator
        """A moderator who prepares what the tests act on (approving, reviewing); never an actor."""
        self._names = itertools.count(1)

    def __repr__(self) -> str:
        return f"<World {self.hub.name} {self.database}>"

    def __getitem__(self, actor: str) -> Member:
        return self.actors[actor]

    def channel(self, name: str) -> Any:
        return self.hub.channel(name)

    def new_member(self, prefix: str = "m", *, locale: str = "en-US", **options: Any) -> Member:
        """A member nobody has seen yet: no cooldown, no weekly limit, no history."""
        return self.hub.add_member(f"{prefix}{next(self._names)}", locale=locale, **options)

    def fresh_word(self) -> str:
        """A word nobody used yet ("bx", "cx", ...): skill names take no digits."""
        number, word = next(self._names), ""
        while True:
            number, digit = divmod(number, 26)
            word = chr(ord("a") + digit) + word
            if not number:
                return word + "x"

    async def dump(self) -> str:
        """Every row of the database, but for the running bot's lease on it (renewed every ten
        seconds, bot/instance.py: a sign of life, not a change anyone made)."""
        return await dumped(self.bot.store, leave_out={"instance_lease"})

    def messages(self) -> list[Message]:
        """Every message the bot has written anywhere: channels, threads, DMs, and the private
        answers that live only on their interaction."""
        found: dict[int, Message] = {}
        world = self.sandbox.world
        for channel in [*world.channels.values(), *world.dm_channels.values()]:
            found.update(channel.messages)
        for record in self.sandbox.interactions.records.values():
            for message in [record.original, *record.followups]:
                if message is not None:
                    found[message.id] = message
        return [m for m in found.values() if m.author is self.sandbox.bot_user]

    def mark(self) -> Mark:
        """Where the record stands now; `pings_since` reads what came after."""
        return Mark(len(self.sandbox.exchanges), len(self.sandbox.interactions.records))

    def pings_since(self, mark: Mark, allowed: Collection[int] = ()) -> list[str]:
        """Every message written since `mark` that notified anyone but `allowed` users, as
        Discord would have."""
        found: list[str] = []
        for exchange in self.sandbox.exchanges[mark.exchanges :]:
            answer = exchange.answer
            if not isinstance(answer, dict):
                continue
            users = {int(user["id"]) for user in answer.get("mentions") or []}
            if (
                users - set(allowed)
                or answer.get("mention_roles")
                or answer.get("mention_everyone")
            ):
                found.append(f"{exchange.method} {exchange.path}: {answer.get('content')!r}")
        records = itertools.islice(self.sandbox.interactions.records.values(), mark.records, None)
        for record in records:
            for message in [record.original, *record.followups]:
                if message is None:
                    continue
                pings = message.pings
                if pings.users - set(allowed) or pings.roles or pings.everyone:
                    found.append(f"{message!r} pinged {pings}")
        return found

    def check_clean(self) -> None:
        """Nothing Discord would refuse and nothing logged as an error, since the last check."""
        problems = self._problems()
        assert not problems, "\n".join(problems)

    def _problems(self) -> list[str]:
        violations = self.sandbox.take_violations()
        errors = self.errors.take()
        problems = []
        if violations:
            problems.append("Discord would have refused:\n" + "\n".join(map(str, violations)))
        if errors:
            problems.append("logged as errors:\n" + "\n".join(errors))
        return problems

    @contextlib.asynccontextmanager
    async def example(self, *, may_ping: Collection[Member] = ()) -> AsyncIterator[Mark]:
        """One example: it starts from a clean record, and ends with nothing Discord would
        refuse, nothing logged as an error and nobody pinged but `may_ping` (whom Mozaik calls
        on purpose). A failure inside carries what Discord refused and what was logged."""
        self._problems()
        mark = self.mark()
        try:
            yield mark
        except Exception as failure:
            for problem in self._problems():
                failure.add_note(problem)
            raise
        self.check_clean()
        pinged = self.pings_since(mark, allowed={member.id for member in may_ping})
        assert not pinged, "Mozaik pinged someone:\n" + "\n".join(pinged)


def draft_fields(options: Mapping[str, Any]) -> dict[str, Any]:
    """Command options renamed to the gig draft's fields."""
    return {DRAFT_FIELDS.get(name, name): value for name, value in options.items()}


@contextlib.asynccontextmanager
async def running_world(
    database: Path | str,
    defaults: HubDefaults | None = None,
    *,
    bot_permissions: int = BOT_DEFAULT,
    rate_scale: float = 1.0,
) -> AsyncIterator[World]:
    """A hub with every channel set, a moderators' role, and one person of each kind: a member,
    the owner of whatever the tests act on, a moderator, an admin and a posting-banned member.
    Its "Everyone here" role may be mentioned by anyone: a ping to it would be heard.
    `rate_scale` shortens every rate-limit window (see `bot.sandbox.ratelimits`), counts kept, for
    a world whose members do in minutes what a hub's do in weeks. The outbox's pace is scaled by
    the same factor, so its letters keep the same share of the (shortened) global limit."""
    settings = Settings(
        database=database,
        hub_defaults=defaults or HubDefaults(),
        outbox_requests_per_second=scaled_pace(rate_scale),
    )
    with error_log() as errors:
        async with Sandbox(rate_scale=rate_scale) as sandbox:
            hub = sandbox.add_guild(
                "Hub",
                channels=CHANNELS,
                roles={"Moderators": MANAGE_MESSAGES, "Trusted": 0},
                bot_permissions=bot_permissions,
            )
            hub.add_role("Everyone here", mentionable=True)
            actors = {
                "member": hub.add_member("mia", locale=ACTOR_LOCALES["member"]),
                "owner": hub.add_member("olga", locale=ACTOR_LOCALES["owner"]),
                "moderator": hub.add_member(
                    "mod", roles=["Moderators"], locale=ACTOR_LOCALES["moderator"]
                ),
                # An admin manages the server and its messages, so /gigmod is shown to them.
                "admin": hub.add_member(
                    "ada", permissions=MANAGE_GUILD | MANAGE_MESSAGES, locale=ACTOR_LOCALES["admin"]
                ),
                "banned": hub.add_member("ben", locale=ACTOR_LOCALES["banned"]),
            }
            curator = hub.add_member("cura", roles=["Moderators"])
            async with sandbox.run_bot(settings) as bot:
                world = World(sandbox, bot, hub, database, errors, actors, curator)
                await _set_up(world)
                world.check_clean()
                yield world


async def _set_up(world: World) -> None:
    sandbox, hub = world.sandbox, world.hub
    channels = {name: hub.channel(name) for name in CHANNELS if name != "general"}
    await sandbox.slash(hub.owner, "hub setup", language="en", guides=False, **channels)
    await sandbox.slash(
        hub.owner, "hub role", role=hub.role("Moderators"), **{"as": "moderator", "action": "add"}
    )
    await sandbox.slash(
        hub.owner, "hub role", role=hub.role("Trusted"), **{"as": "trusted", "action": "add"}
    )
    banned = await sandbox.slash(world.curator, "gigmod ban", member=world["banned"], reason="Spam")
    await settled(banned)
    # The start's catch-up (after loading the chart library, seconds on a busy machine) or the
    # next sweep would otherwise decide this week's digest, as missed when its hour is past, in
    # the middle of a test comparing the database before and after a refused action. Decided
    # now, the catch-up and the sweeps find nothing left to write.
    digest = world.bot.get_cog("DigestCog")
    await digest.due_at_start
    await digest.run_due_digests()


async def settled(reply: Reply) -> Message | None:
    """The message an answer ended in, waiting for the follow-up of a deferred one."""
    if reply.deferred:
        return await reply.wait_followup()
    return reply.message


def answer_text(message: Message | None) -> str:
    return "" if message is None else message.text


# --- telling refusals from answers ------------------------------------------------------------


def _template_pattern(text: str) -> re.Pattern[str]:
    """A catalog text as a pattern: its placeholders match anything, a command it names matches
    the command's mention (or its name, before the ids are known)."""
    parts = re.split(r"(\{[a-z_]+(?:![rsa])?(?::[^}]*)?\}|</[^>]+>)", text)

    def pattern(part: str) -> str:
        if part.startswith("</"):
            return rf"(?:{re.escape(part[:-1])}:\d+>|`/[^`]+`)"
        return ".*?" if part.startswith("{") else re.escape(part)

    return re.compile("".join(pattern(part) for part in parts), re.DOTALL)


@functools.cache
def _forms(language: Locale, key: str) -> tuple[re.Pattern[str], ...]:
    """The patterns of `key`'s texts (each plural form's) in `language`: built once, as the
    reliability suites ask for the same few keys thousands of times."""
    texts = catalog(language).items()
    return tuple(_template_pattern(text) for known, text in texts if base_key(known) == key)


def says(text: str, key: str, locale: str) -> bool:
    """Whether `text` contains the catalog text `key` of `locale`, whatever its placeholders."""
    language = as_locale(locale) or "en"
    return any(form.search(text) is not None for form in _forms(language, key))


def language_of(text: str, key: str) -> set[str]:
    """The languages in which `text` contains the catalog text `key`."""
    return {locale for locale in LOCALES if says(text, key, locale)}
