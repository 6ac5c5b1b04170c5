"""The permission matrix's vocabulary: who acts, what they may expect, and how a row is judged.

An outcome is one of: allowed; refused with a catalog text the actor reads in their language;
or hidden (Discord's client does not offer the command to them at all).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.i18n import LOCALES, base_key, catalog
from bot.sandbox import Reply, SandboxError

from ._world import ACTOR_LOCALES, World, says, settled

ACTORS = ("member", "owner", "moderator", "admin", "banned")
"""member: anyone in the hub; owner: the poster or requester of what is acted on; moderator: of
the hub's moderator role; admin: Manage Server (and Manage Messages, as admins have); banned:
banned from posting gigs."""

_SOURCES = ("bot", "cogs")
# Refusal("area.key", …) and its kinds (Banned("gigs.banned", …)): a class given a catalog key.
_REFUSAL_CALL = re.compile(r'\b[A-Z]\w*\(\s*"([a-z]+\.[a-z_]+)"')
_STATE_REFUSALS = re.compile(r"_STATE_REFUSALS = \{(.*?)\}", re.DOTALL)
# A function choosing a refusal, up to the next definition at the top level.
_REFUSAL_FUNCTION = re.compile(
    r"\ndef \w*refusal\w*\(.*?(?=\n(?:async def |def |class |@)|\Z)", re.DOTALL
)
_KEY = re.compile(r'"([a-z]+\.[a-z_]+)"')
# A template with hardly any words of its own would match any answer at all.
_SHORTEST_TEMPLATE = 12


def refusal_keys() -> frozenset[str]:
    """The catalog texts Mozaik raises as a Refusal, read from its source: the keys of
    `Refusal("...")` calls, the gig states' refusals (and the functions that choose them), and
    the command tree's errors. (Keys
    spelled by f-strings are left out: they are the forms' own checks, not permissions.)"""
    root = Path(__file__).resolve().parents[2]
    # A text with plural forms counts by its "other" form.
    known = {base_key(key): text for key, text in catalog("en").items() if "#one" not in key}
    keys = {"core.cooldown", "core.not_allowed", "core.admins_only", "core.guild_only"}
    keys.add("core.unexpected")
    for source in itertools.chain.from_iterable((root / top).rglob("*.py") for top in _SOURCES):
        text = source.read_text(encoding="utf-8")
        keys.update(key for key in _REFUSAL_CALL.findall(text) if key in known)
        for block in _STATE_REFUSALS.findall(text) + _REFUSAL_FUNCTION.findall(text):
            keys.update(k for k in _KEY.findall(block) if k in known)
    return frozenset(k for k in keys if len(_literal(known[k])) >= _SHORTEST_TEMPLATE)


def _literal(template: str) -> str:
    return re.sub(r"\{[^}]*\}", "", template)


REFUSALS = refusal_keys()


@dataclass(frozen=True)
class Outcome:
    name: str
    key: str | None = None

    def __str__(self) -> str:
        return self.name if self.key is None else f"{self.name} ({self.key})"


ALLOWED = Outcome("allowed")
HIDDEN = Outcome("hidden")


def refused(key: str) -> Outcome:
    return Outcome("refused", key)


def everyone() -> dict[str, Outcome]:
    return dict.fromkeys(ACTORS, ALLOWED)


def only(*allowed: str, otherwise: Outcome) -> dict[str, Outcome]:
    unknown = set(allowed) - set(ACTORS)
    assert not unknown, f"no such actors: {unknown}"
    return {actor: ALLOWED if actor in allowed else otherwise for actor in ACTORS}


def everyone_but(actor: str, outcome: Outcome) -> dict[str, Outcome]:
    return {**everyone(), actor: outcome}


Prepare = Callable[[World, Any, Any], Awaitable[Any]]
Perform = Callable[[World, Any, Any], Awaitable[Reply]]


@dataclass(frozen=True)
class Action:
    """Something a member can do: a command, a button or a form.

    `prepare(world, actor, owner)` makes what the action needs (a gig of `owner`'s, say) and
    returns it; `perform(world, actor, target)` does it and returns the bot's answer. `kinds`
    names the buttons or forms it exercises (see `button_kind`, `form_kind`).
    """

    name: str
    expected: dict[str, Outcome]
    perform: Perform
    prepare: Prepare | None = None
    command: str | None = None
    kinds: tuple[str, ...] = ()


@dataclass
class Result:
    outcome: Outcome
    text: str
    refusals: frozenset[str] = frozenset()
    """The refusals the answer reads as, in any language."""


async def attempt(world: World, action: Action, actor: Any, target: Any) -> Result:
    """Perform the action and tell what became of it, from what the actor was shown."""
    try:
        reply = await action.perform(world, actor, target)
    except SandboxError as hidden:
        if " does not see /" in str(hidden):
            return Result(HIDDEN, str(hidden))
        raise
    return await attempt_reply(world, reply)


async def attempt_slash(world: World, actor: Any, command: str, **options: Any) -> Result:
    return await attempt_reply(world, await world.sandbox.slash(actor, command, **options))


async def attempt_reply(world: World, reply: Reply) -> Result:
    """What an answer amounts to: a form (allowed), a refusal, or anything else (allowed)."""
    if reply.modal is not None:
        return Result(ALLOWED, "")
    message = await settled(reply)
    text = "" if message is None else message.text
    keys = frozenset(k for k in REFUSALS if any(says(text, k, locale) for locale in LOCALES))
    return Result(refused(min(keys)) if keys else ALLOWED, text, keys)


def judge(result: Result, expected: Outcome, actor: str) -> None:
    """The outcome is the expected one; a refusal says why in the actor's own language."""
    if expected.name != "refused" or result.outcome.name != "refused":
        assert result.outcome == expected, (
            f"expected {expected}, got {result.outcome}: {result.text!r}"
        )
        return
    assert expected.key in result.refusals, f"expected {expected}, got {result.text!r}"
    locale = ACTOR_LOCALES[actor]
    assert says(result.text, expected.key, locale), (
        f"the refusal is not in the actor's language ({locale}): {result.text!r}"
    )


_DIGITS = re.compile(r"\d+")
_RANDOM_ID = re.compile(r"[0-9a-f]{32}")


def button_kind(custom_id: str) -> str:
    """What a button does, from its custom id: "gig:approve:12:x" is "gig:approve"."""
    return ":".join(_DIGITS.sub("#", part) for part in custom_id.split(":")[:2])


def form_kind(custom_id: str, fields: list[str]) -> str:
    """What a form is: its custom id's kind (unless discord.py made it up) and its fields."""
    named = "" if _RANDOM_ID.fullmatch(custom_id) else button_kind(custom_id) + " "
    return f"{named}[{', '.join(sorted(fields))}]"
