"""The demo hub the tour plays in, and how the tour speaks and keeps score."""

from __future__ import annotations

import re
import textwrap
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

import discord

from bot.sandbox import Channel, Guild, Member, Message, Reply, Sandbox

Act = Callable[["Stage"], Awaitable[None]]


@dataclass
class Stage:
    discord: Sandbox
    hub: Guild
    admin: Member
    moderator: Member
    ani: Member  # a designer, Indonesian Discord
    budi: Member  # a developer, Indonesian Discord
    claire: Member  # a writer, English Discord
    out: TextIO
    output_dir: Path
    failures: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, sandbox: Sandbox, out: TextIO, output_dir: Path) -> Stage:
        hub = sandbox.add_guild(
            "Mozaik Demo Hub",
            channels=[
                "general",
                "gigs",
                "gig-queue",
                "introductions",
                "partners",
                "digest",
                "audit-log",
            ],
            forums={"collab": ["project", "mentoring"]},
            roles={"Moderators": discord.Permissions(manage_messages=True)},
            locale="id",
        )
        return cls(
            discord=sandbox,
            hub=hub,
            admin=hub.owner,
            moderator=hub.add_member("maya (moderator)", roles=["Moderators"], locale="en-US"),
            ani=hub.add_member("ani", locale="id"),
            budi=hub.add_member("budi", locale="id"),
            claire=hub.add_member("claire", locale="en-GB"),
            out=out,
            output_dir=output_dir,
        )

    def channel(self, name: str) -> Channel:
        return self.hub.channel(name)

    async def play(self, act: Act) -> None:
        title = (act.__doc__ or act.__name__).strip().splitlines()[0]
        self.say(f"\n=== {title} ===")
        try:
            await act(self)
        except Exception as error:  # one act failing must not hide the others' results
            self.failures.append(f"{title}: {error!r}")
            self.say("  !! the act stopped: " + "".join(traceback.format_exception_only(error)))

    async def answer(self, reply: Reply, heading: str = "Mozaik answers") -> Message:
        """The message a reply ended in (also after a deferral), shown as its reader sees it."""
        message = await reply.wait_followup() if reply.deferred else reply.message
        if message is None:
            raise AssertionError("the interaction was answered without a message")
        privately = " (only they see it)" if message.ephemeral else ""
        self.show_message(message, heading + privately)
        return message

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def step(self, who: Member, action: str) -> None:
        self.say(f"\n> {who.name}: {action}")

    def expect(self, holds: bool, what: str) -> None:
        self.say(f"  {'ok ' if holds else 'FAIL'} {what}")
        if not holds:
            self.failures.append(what)

    def show_reply(self, reply: Reply) -> None:
        if reply.modal is not None:
            fields = ", ".join(str(f.get("label")) for f in reply.modal.fields)
            self.say(f"  [a form opens: {reply.modal.title!r} with {fields}]")
            return
        privately = " (only they see it)" if reply.ephemeral else ""
        if reply.message is not None:
            self.show_message(reply.message, f"Mozaik answers{privately}")

    def show_message(self, message: Message, heading: str) -> None:
        self.say(f"  {heading}:")
        body = self.readable(message.text.strip()) or "(no text)"
        self.say(textwrap.indent(_clip(body), "    | "))
        labels = [
            component.get("label") or component.get("placeholder") or component.get("custom_id")
            for row in message.components
            for component in row.get("components", [])
        ]
        if labels:
            self.say(f"    [buttons: {' | '.join(str(label) for label in labels)}]")

    def readable(self, text: str) -> str:
        """Mentions as the Discord client shows them: #channel, @Role, @member, dates."""

        def name(match: re.Match[str]) -> str:
            kind, snowflake = match.group(1), int(match.group(2))
            if kind == "#":
                found = self.hub.channels.get(snowflake) or self.discord.world.channels.get(
                    snowflake
                )
                return f"#{found.name}" if found else match.group(0)
            if kind == "@&":
                role = self.hub.roles.get(snowflake)
                return f"@{role.name}" if role else match.group(0)
            member = self.hub.members.get(snowflake)
            return f"@{member.name}" if member else match.group(0)

        text = re.sub(r"<(#|@&|@!?)(\d+)>", name, text)
        return re.sub(r"<t:(\d+)(?::\w)?>", _timestamp, text)

    def posts(self, channel: Channel) -> list[Message]:
        """What members and Mozaik posted in the channel, its pinned guide left out."""
        return [message for message in self.discord.messages(channel) if not message.pinned]

    def show_channel(self, channel: Channel, last: int = 1) -> None:
        for message in self.discord.messages(channel)[-last:]:
            self.show_message(message, f"#{channel.name} shows")

    def verdict(self) -> bool:
        violations = self.discord.violations
        self.say("\n=== The end ===")
        for violation in violations:
            self.say(f"  Discord would have refused: {violation}")
        for failure in self.failures:
            self.say(f"  not as expected: {failure}")
        passed = not violations and not self.failures
        self.say("Every step got the answer it expected." if passed else "The tour found problems.")
        return passed


def _timestamp(match: re.Match[str]) -> str:
    instant = datetime.fromtimestamp(int(match.group(1)), UTC)
    return instant.strftime("%Y-%m-%d %H:%M UTC")


def _clip(text: str, lines: int = 25) -> str:
    kept = text.splitlines()
    if len(kept) <= lines:
        return text
    return "\n".join([*kept[:lines], f"… ({len(kept) - lines} more lines)"])
