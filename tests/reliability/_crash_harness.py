"""What the crash, fault and secrets tests share: a hub where members post and answer gigs, and
Mozaik in a process of its own against the sandbox in the test's process, started as
`mozaik run` starts it (see _bot_process.py), killed without warning, started again.

The sandbox keeps its state (channels, messages, registered commands) across the bot's restarts,
and the bot keeps its database, so a test can compare what members saw with what was stored.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import bot
from bot.app import Mozaik
from bot.i18n import t
from bot.sandbox import Channel, Guild, Member, Message, Reply, Sandbox
from bot.sandbox.components import interactive
from bot.sandbox.permissions import MANAGE_MESSAGES
from cogs.gigs import UPKEEP_JOB

LAUNCHER = Path(__file__).with_name("_bot_process.py")
REPOSITORY = Path(bot.__file__).resolve().parents[1]
CONNECT_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0
GIG_CHOICES = {"kind": "hiring", "work_type": "project", "location": "remote", "level": "mid"}


# The hub.


@dataclass
class Hub:
    guild: Guild
    moderators: list[Member]
    posters: list[Member]
    fans: list[Member]

    def channel(self, name: str) -> Channel:
        return self.guild.channel(name)

    @property
    def queue(self) -> Channel:
        return self.guild.channel("queue")

    @property
    def gigs(self) -> Channel:
        return self.guild.channel("gigs")

    @property
    def audit(self) -> Channel:
        return self.guild.channel("audit")

    @property
    def collab(self) -> Channel:
        return self.guild.channel("collab")

    @property
    def intros(self) -> Channel:
        return self.guild.channel("intros")


def a_hub(sandbox: Sandbox, *, channels: tuple[str, ...] = ()) -> Hub:
    """A guild with gigs, queue and audit channels (and `channels`), two moderators, four
    members who post gigs and six who answer them."""
    guild = sandbox.add_guild(
        "Hub",
        channels=("general", "gigs", "queue", "audit", *channels),
        roles={"Moderators": MANAGE_MESSAGES, "Trusted": 0},
    )
    return Hub(
        guild,
        moderators=[guild.add_member(f"mod{i}", roles=["Moderators"]) for i in range(2)],
        posters=[guild.add_member(f"poster{i}") for i in range(4)],
        fans=[guild.add_member(f"fan{i}") for i in range(6)],
    )


async def set_up(sandbox: Sandbox, hub: Hub, **options: Channel | bool) -> None:
    """What the admin does first: gigs, queue and audit channels (and the channels and settings
    of `options`), English, and the moderators' and trusted posters' roles."""
    guild = hub.guild
    for name in ("gigs", "queue", "audit"):
        options.setdefault(name, guild.channel(name))
    await sandbox.slash(guild.owner, "hub setup", language="en", guides=False, **options)
    for role, purpose in (("Moderators", "moderator"), ("Trusted", "trusted")):
        await sandbox.slash(
            guild.owner, "hub role", role=guild.role(role), **{"as": purpose, "action": "add"}
        )


def gig_form(title: str) -> dict[str, str]:
    return {
        "title": title,
        "description": f"{title}: a logo, a label and the bags, for a shop opening in Bandung.",
        "skills": "Graphic Design, Packaging Design",
        "pay": "5jt-8jt",
        "apply": "",
    }


def request_form(title: str) -> dict[str, str]:
    return {
        "title": title,
        "description": f"{title}: a shop opening in Bandung needs its brand and its bags.",
        "skills": "Graphic Design, Packaging Design",
        "commitment": "5",
    }


def intro_form(headline: str) -> dict[str, str]:
    return {"headline": headline, "about": "", "skills": "Graphic Design", "details": ""}


async def request_partner(sandbox: Sandbox, member: Member, title: str) -> Reply:
    """The member runs /collab request and submits the form; the (deferred) answer."""
    opened = await sandbox.slash(
        member, "collab request", kind="project_partner", compensation="paid"
    )
    assert opened.modal is not None, opened.content
    return await sandbox.submit_modal(member, opened, request_form(title))


async def introduce(sandbox: Sandbox, member: Member, headline: str) -> Reply:
    """The member runs /intro set and submits the form; the (deferred) answer."""
    opened = await sandbox.slash(member, "intro set")
    assert opened.modal is not None, opened.content
    return await sandbox.submit_modal(member, opened, intro_form(headline))


async def post_gig(sandbox: Sandbox, member: Member, title: str) -> Reply:
    """The member runs /gig post and submits the form; the (deferred) answer."""
    opened = await sandbox.slash(member, "gig post", **GIG_CHOICES)
    assert opened.modal is not None, opened.content
    return await sandbox.submit_modal(member, opened, gig_form(title))


async def queued_gig(sandbox: Sandbox, hub: Hub, poster: Member, title: str) -> int:
    """The poster submits a gig and is told it is with the moderators; its number."""
    submitted = await (await post_gig(sandbox, poster, title)).wait_followup()
    number = gig_of(sandbox.messages(hub.queue)[-1], "approve")
    assert number is not None
    assert submitted.content == t("en", "gigs.submitted", number=number)
    return number


async def run_upkeep(mozaik: Mozaik) -> None:
    """The gigs' daily job, run as the scheduler runs it when its time comes."""
    upkeep = mozaik.scheduler.get_job(UPKEEP_JOB)
    await upkeep.func(*upkeep.args)


def gig_of(message: Message, click: str, *, pressable: bool = False) -> int | None:
    """The gig of the message's `gig:<click>:<number>` button (only an enabled one if
    `pressable`), if it has one."""
    for component in interactive(message.components):
        parts = str(component.get("custom_id", "")).split(":")
        if parts[:2] == ["gig", click] and not (pressable and component.get("disabled")):
            return int(parts[2])
    return None


def pressable(sandbox: Sandbox, channel: Channel, click: str) -> dict[int, Message]:
    """Per gig, the message of `channel` whose `gig:<click>:<gig>` button a member can press."""
    found = {}
    for message in sandbox.messages(channel):
        number = gig_of(message, click, pressable=True)
        if number is not None:
            found[number] = message
    return found


def posts_per_gig(sandbox: Sandbox, hub: Hub) -> Counter[int | None]:
    """How many posts each gig has in the gigs channel."""
    return Counter(gig_of(message, "report") for message in sandbox.messages(hub.gigs))


def chosen_seed(variable: str, test: str) -> int:
    """A seeded test's seed: `variable`'s value, to replay a run, else a fresh one; printed."""
    seed = int(os.environ.get(variable) or random.SystemRandom().randrange(2**32))
    print(f"\n{test} seed: {seed} (replay with {variable}={seed})")
    return seed


# The bot in a process of its own.


def write_config(
    folder: Path,
    *,
    database: Path | str,
    log_level: str = "INFO",
    hub_defaults: Mapping[str, int | str | bool] | None = None,
    **more: float | str | bool,
) -> Path:
    """A config.toml as an operator writes it (the token stays in the environment); `database`
    as `Settings.database` takes it, a path or a server's URL; `more`: further top-level
    settings."""
    lines = [f"database = {str(database)!r}", f"log_level = {log_level!r}"]
    lines += [f"{key} = {_toml(value)}" for key, value in more.items()]
    if hub_defaults:
        lines.append("[hub_defaults]")
        for key, value in hub_defaults.items():
            lines.append(f"{key} = {_toml(value)}")
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _toml(value: float | str | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def process_environment(sandbox: Sandbox, token: str | None = None) -> dict[str, str]:
    """What the launcher reads: the sandbox's URLs and the token, as an operator exports it."""
    return {
        **os.environ,
        "PYTHONPATH": str(REPOSITORY),
        "DISCORD_TOKEN": token or sandbox.token,
        "SANDBOX_API": sandbox.api_base,
        "SANDBOX_GATEWAY": sandbox.gateway_url,
    }


class BotProcess:
    """One `mozaik --config CONFIG run` child process; everything it prints goes to `log`.

    `spawn` starts the process, which imports the bot and waits; `start` lets it run.
    """

    def __init__(self, sandbox: Sandbox, process: asyncio.subprocess.Process, log: Path) -> None:
        self.sandbox = sandbox
        self.log = log
        self._process = process

    @classmethod
    async def spawn(
        cls,
        sandbox: Sandbox,
        config: Path,
        log: Path,
        *,
        token: str | None = None,
        run_options: Sequence[str] = (),
    ) -> BotProcess:
        """The process, importing the bot; `token` is DISCORD_TOKEN (the sandbox's if None),
        `run_options` what follows `run` (`--shards 0-1 --shard-count 4`)."""
        with log.open("ab") as output:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                str(LAUNCHER),
                "--config",
                str(config),
                "run",
                *run_options,
                stdin=asyncio.subprocess.PIPE,
                stdout=output,
                stderr=output,
                env=process_environment(sandbox, token),
                cwd=config.parent,
            )
        return cls(sandbox, process, log)

    @property
    def running(self) -> bool:
        return self._process.returncode is None

    async def release(self) -> None:
        """Let the process go on from its imports to `mozaik run`."""
        assert self._process.stdin is not None
        self._process.stdin.write(b"run\n")
        await self._process.stdin.drain()

    async def start(self) -> None:
        """Let the bot run and wait until it is connected to the gateway, ready for members.

        It connects after `setup_hook` (extensions loaded, commands synced), and every
        interaction dispatched afterwards reaches discord.py after the guilds it refers to.
        """
        known = set(self.sandbox.gateway.sessions)
        process = self._process
        await self.release()

        def connected_or_gone() -> bool:
            return process.returncode is not None or any(
                session.connection is not None
                for session_id, session in self.sandbox.gateway.sessions.items()
                if session_id not in known
            )

        await self.sandbox.wait_until(connected_or_gone, CONNECT_TIMEOUT)
        if process.returncode is not None:
            raise RuntimeError(
                f"the bot exited with {process.returncode} before connecting:\n{self.log_tail()}"
            )

    async def exited(self) -> int:
        """Wait for the process to end by itself; its exit status."""
        return await asyncio.wait_for(self._process.wait(), CONNECT_TIMEOUT)

    def kill_now(self) -> None:
        """SIGKILL: no clean-up, no last write, as when the process crashes or is killed. (Not
        a power loss: what SQLite already handed to the operating system still reaches the disk.)
        Sent at once, also from code that cannot await (a sandbox event sink)."""
        if self._process.returncode is None:
            self._process.send_signal(signal.SIGKILL)

    async def kill(self) -> None:
        self.kill_now()
        await self._process.wait()

    async def stop(self) -> int:
        """SIGTERM, as a service manager stops it; the exit status. A bot still running
        STOP_TIMEOUT seconds later is killed, and that is an error."""
        if self._process.returncode is None:
            self._process.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self._process.wait(), STOP_TIMEOUT)
        except TimeoutError:
            await self.kill()
            raise RuntimeError(
                f"the bot did not stop within {STOP_TIMEOUT} s of SIGTERM:\n{self.log_tail()}"
            ) from None

    def log_tail(self, lines: int = 40) -> str:
        """The end of what the bot printed, for failure messages."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


class RestartableBot:
    """The bot as an operator's service: started, killed, started again on the same database.

    The next process is spawned as soon as one starts, so a restart does not wait for imports.
    `run_options` follow `run` in every start (`--shards 1 --shard-count 2`).
    """

    def __init__(
        self, sandbox: Sandbox, config: Path, log: Path, run_options: Sequence[str] = ()
    ) -> None:
        self.sandbox = sandbox
        self.config = config
        self.log = log
        self.run_options = tuple(run_options)
        self.starts = 0
        self._current: BotProcess | None = None
        self._next: BotProcess | None = None

    @property
    def running(self) -> bool:
        return self._current is not None and self._current.running

    async def start(self) -> None:
        assert not self.running, "the bot is already running"
        current = self._next or await self._spawn()
        self._current, self._next = current, None
        self.starts += 1
        await current.start()
        self._next = await self._spawn()

    def kill_now(self) -> None:
        if self._current is not None:
            self._current.kill_now()

    async def kill(self) -> None:
        if self._current is not None:
            await self._current.kill()

    async def stop(self) -> None:
        """Stop the running bot as a service manager would; the spare stays warm for a start."""
        if self._current is not None:
            await self._current.stop()

    async def close(self) -> None:
        """Stop the running bot as a service manager would, and the spare."""
        try:
            if self._current is not None:
                await self._current.stop()
        finally:
            if self._next is not None:
                await self._next.kill()
                self._next = None

    async def _spawn(self) -> BotProcess:
        return await BotProcess.spawn(
            self.sandbox, self.config, self.log, run_options=self.run_options
        )
