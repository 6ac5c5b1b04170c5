"""`mozaik sandbox`: the real bot in the local Discord, with a demo hub, toured as people use it.

Each act plays one feature the way its members and moderators would, prints every step and what
the channels show, and checks that each step got the answer it expects. The tour succeeds only
when every expectation held and Discord would have refused nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from bot.database import Database, parse_database
from bot.sandbox import Sandbox
from bot.sandbox.tour._stage import Act, Stage
from bot.sandbox.tour.collab import collaboration
from bot.sandbox.tour.digest import weekly_digest
from bot.sandbox.tour.gigs import gig_board
from bot.sandbox.tour.help import asking_for_help
from bot.sandbox.tour.hubs import set_up_the_hub
from bot.sandbox.tour.intros import introductions
from bot.sandbox.tour.reputation import confirmed_work
from bot.sandbox.tour.web import public_board


def acts() -> list[Act]:
    return [
        set_up_the_hub,
        asking_for_help,
        introductions,
        gig_board,
        confirmed_work,
        collaboration,
        weekly_digest,
    ]


async def run_tour(out: TextIO, database: Database | None = None) -> bool:
    """Play every act; `database` (a throwaway file by default) keeps what the hub did."""
    with tempfile.TemporaryDirectory(prefix="mozaik-sandbox-") as folder:
        workdir = Path(folder)
        async with Sandbox() as discord:
            stage = Stage.build(discord, out, output_dir=Path.cwd() / "sandbox-output")
            settings = Settings(database=parse_database(database or workdir / "mozaik.db"))
            stage.say("Starting Mozaik in a local Discord (nothing leaves this machine).")
            async with discord.run_bot(settings) as bot:
                for act in [*acts(), public_board(bot.store, bot.clock, settings)]:
                    await stage.play(act)
            return stage.verdict()
