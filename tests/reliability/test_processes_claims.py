"""Exactly once across processes, for one piece of work: ten claims at once of one gig's
publication, five from each of two processes on one database, and one claim wins; and two
acceptances at once of a collaboration request's last place, one matched and the other answered
politely in the requester's language, never with "something went wrong"."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.config import Settings
from bot.i18n import t
from bot.sandbox import Member, Message, Sandbox
from bot.sandbox.components import interactive
from bot.store import Store
from tests.collab.e2e import request
from tests.digest.digest_seed import published_gig
from tests.support.hub import a_hub, set_up_hub
from tests.support.reading import fields, show
from tests.support.replies import click

from ._claim_process import CLAIMS, SHARD_COUNT
from ._crash_harness import REPOSITORY

LAUNCHER = Path(__file__).with_name("_claim_process.py")
GUILD_ID = 4_000_000_000_000_000
WITHIN = 30.0  # seconds for a process to open the store, and to claim


async def claiming_process(
    database: Path | str, shard: int, gig_id: int
) -> asyncio.subprocess.Process:
    """A run holding `shard`, ready to claim the gig's publication CLAIMS times at once."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(LAUNCHER),
        str(database),
        str(shard),
        str(gig_id),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
        cwd=REPOSITORY,
    )


async def said(run: asyncio.subprocess.Process, what: str) -> list[str]:
    """The next line the process printed, in words; what it printed on stderr if it ended."""
    assert run.stdout is not None and run.stderr is not None
    line = await asyncio.wait_for(run.stdout.readline(), WITHIN)
    assert line, f"the process ended before saying {what}: {(await run.stderr.read()).decode()}"
    return line.decode().split()


async def tell(run: asyncio.subprocess.Process, line: str) -> None:
    assert run.stdin is not None
    run.stdin.write(f"{line}\n".encode())
    await run.stdin.drain()


async def test_ten_claims_at_once_of_one_publication_from_two_processes_one_wins(
    shared_database: Path | str,
):
    async with Store.open(shared_database) as store:
        # Approved, its post not made yet: the work a claim is for.
        gig = await published_gig(
            store, GUILD_ID, "Labels for a coffee roaster", ["graphic-design"], at=datetime.now(UTC)
        )
    runs = [await claiming_process(shared_database, shard, gig.id) for shard in range(SHARD_COUNT)]
    try:
        ready = await asyncio.gather(*(said(run, "ready") for run in runs))
        assert ready == [["ready"]] * SHARD_COUNT, ready
        await asyncio.gather(*(tell(run, "go") for run in runs))  # both at once
        printed = await asyncio.gather(*(said(run, "what it won") for run in runs))
        # The runs let their leases go and end; their pipes read to the end and closed.
        stopping = asyncio.gather(*(run.communicate(b"stop\n") for run in runs))
        left = await asyncio.wait_for(stopping, WITHIN)
    finally:
        for run in runs:
            if run.returncode is None:
                run.kill()
    print(printed)
    assert [run.returncode for run in runs] == [0] * SHARD_COUNT, left
    won = {run_id: int(count) for _, count, _, run_id in printed}
    assert sum(won.values()) == 1, f"{CLAIMS} claims in each process: {won}"
    async with Store.open(shared_database) as store:
        row = await store.fetch_one("SELECT publishing_by FROM gigs WHERE id = ?", (gig.id,))
    assert row is not None and won[row["publishing_by"]] == 1, "the winner holds the claim"


def request_number(post: Message) -> int:
    """The request a post's "I'm in" button is for (collab:in:<number>)."""
    [answer] = interactive(post.components)
    return int(str(answer["custom_id"]).rsplit(":", 1)[1])


async def test_two_acceptances_at_once_of_the_last_place_match_one_and_refuse_the_other_kindly(
    sandbox: Sandbox, shared_database: Path | str
):
    hub = a_hub(sandbox)
    alice = hub.add_member("alice", locale="id")  # she reads Mozaik in Indonesian
    bob, carol = hub.add_member("bob"), hub.add_member("carol")
    async with sandbox.run_bot(Settings(database=shared_database)):
        await set_up_hub(sandbox, hub)
        await request(sandbox, alice)  # one partner wanted
        [post] = sandbox.messages(hub.channel("collab"))
        number = request_number(post)
        answered: list[Member] = [bob, carol]
        for member in answered:
            await click(sandbox, member, post, "I'm in")
        notices = sandbox.dms(alice)
        assert len(notices) == len(answered)

        clicks = await asyncio.gather(
            *(
                sandbox.click(alice, notice, f"collab:accept:{number}:{member.id}")
                for notice, member in zip(notices, answered, strict=True)
            )
        )
        # The accepted one's click updates the notice, then tells her privately.
        await sandbox.wait_until(lambda: any(reply.followups for reply in clicks))
        answers = [reply.followups[0] if reply.followups else reply.message for reply in clicks]
        for answer in answers:
            assert answer is not None
            show("alice (privately), after both acceptances", answer)

    texts = [answer.text for answer in answers if answer is not None]
    assert not any(t("id", "core.unexpected") in text for text in texts), texts
    matched = t("id", "collab.now_matched", number=number)
    refused = t("id", "collab.already_matched", number=number)
    assert sorted(text.endswith(matched) for text in texts) == [False, True], texts
    assert refused in texts, texts
    assert fields(post)["Status"] == "Matched"
