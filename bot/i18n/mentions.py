"""Commands named in a text, shown as Discord command mentions a member can click.

A catalog never types a command: it writes a marker with the command's English name, `</gig post>`,
and the text layer turns it into `</gig post:1234>` with the id Discord gave the command when it
was registered (Discord shows the name in the reader's own language). Until the ids are known, as
in a text composed away from a running bot, the marker becomes the command's name in the text's
language in code formatting (`/gig pasang`). Where Discord renders no markdown (embed footers,
titles, labels) the name is written plain.

The ids belong to the running bot, which registers them with `use_command_ids` when it starts; a
context variable carries them to every task the bot runs, so two bots in one process (as in the
tests) never see each other's ids.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from functools import cache

from bot.i18n.catalogs import Locale, catalog

MARKER = re.compile(r"</([a-z][\w-]*(?: [\w-]+){0,2})>")
_COMMAND_NAME_KEY = re.compile(r"^\w+\.cmd(\.\w+)*\.name$")

_command_ids: ContextVar[dict[str, int] | None] = ContextVar("mozaik_command_ids", default=None)


def use_command_ids(ids: dict[str, int]) -> None:
    """Mentions in this task and the tasks it starts use these ids: top-level command name -> id.

    The dict is kept, not copied, so ids filled in later (after a sync) reach every task."""
    _command_ids.set(ids)


@cache
def command_keys() -> dict[str, str]:
    """Every command's full English name -> its catalog key ("gig post" -> "gigs.cmd.post"), whose
    `.name` and `.description` name and describe it. (An option's key reads as one more level of
    command, and is never looked up.)"""
    english = catalog("en")
    found: dict[str, str] = {}
    for key in english:
        if _COMMAND_NAME_KEY.match(key):
            command = key.removesuffix(".name")
            found[" ".join(english[f"{level}.name"] for level in _levels(command))] = command
    return found


@cache
def command_names(locale: Locale) -> dict[str, str]:
    """Every command's full English name -> its full name in `locale` ("gig pasang")."""
    local = catalog(locale)
    return {
        english: " ".join(local[f"{level}.name"] for level in _levels(key))
        for english, key in command_keys().items()
    }


def _levels(key: str) -> list[str]:
    """ "gigs.cmd.post" -> ["gigs.cmd", "gigs.cmd.post"]: the keys naming each word of a command."""
    area, _, path = key.partition(".cmd")
    words = path.split(".")[1:]
    return [".".join([f"{area}.cmd", *words[:depth]]) for depth in range(len(words) + 1)]


def fill_mentions(text: str, locale: Locale, *, markdown: bool = True) -> str:
    """`text` with each `</command>` marker as a clickable mention, or the command's name."""
    if "</" not in text:
        return text
    ids = _command_ids.get() or {}

    def mention(match: re.Match[str]) -> str:
        name = match[1]
        command_id = ids.get(name.split(" ")[0])
        if markdown and command_id is not None:
            return f"</{name}:{command_id}>"
        local = command_names(locale).get(name, name)
        return f"`/{local}`" if markdown else f"/{local}"

    return MARKER.sub(mention, text)
