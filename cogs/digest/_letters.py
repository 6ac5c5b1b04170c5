"""One part of a subscriber's own weekly digest, as a letter of the outbox carries it."""

from __future__ import annotations

from bot.app import Mozaik
from bot.digest.compose import Digest
from bot.outbox.model import Letter
from cogs._letters import Request, Written
from cogs.digest._render import embeds_of


async def write_personal_digest(bot: Mozaik, letter: Letter, request: Request) -> Written:
    """The part as composed when the week's run owed it (marked with the week and the part)."""
    [message] = Digest.from_json(letter.detail).messages
    return Written(embeds_of(message))
