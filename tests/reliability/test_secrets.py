"""The token stays secret end to end: Mozaik started as `mozaik run`, logging at DEBUG, logs in
with it, meets a failing request and an unexpected exception, and nothing it logs, prints or
sends contains the token; nor does a failed login's output, nor `mozaik backup`'s output or copy.

The sandbox's token (`sandbox.<random>`) is the recognisable fake: it is unique to each sandbox,
so finding it, or its random part, anywhere means it leaked.
"""

import asyncio
import json
import sys
from pathlib import Path

from bot.config import Settings
from bot.i18n import t
from bot.sandbox import Sandbox, faults

from ._crash_harness import (
    BotProcess,
    a_hub,
    pressable,
    process_environment,
    queued_gig,
    set_up,
    write_config,
)

WRONG_TOKEN = "MTA5ODc2NTQzMjEw.GhIjKl.an-old-token-an-operator-left-in-the-environment"


def leaks(token: str, text: str) -> list[str]:
    """The forms of `token` found in `text`: whole, or its secret part on its own."""
    secret = token.split(".")[-1]
    return [form for form in (token, secret) if form in text]


async def test_the_token_is_in_nothing_mozaik_logs_prints_or_sends_while_it_runs_at_debug(
    sandbox: Sandbox, tmp_path: Path, database: Path | str
):
    hub = a_hub(sandbox)
    poster = hub.posters[0]
    config = write_config(tmp_path, database=database, log_level="DEBUG")
    log = tmp_path / "mozaik.log"
    bot = await BotProcess.spawn(sandbox, config, log)
    try:
        await bot.start()  # logs in: REST calls and IDENTIFY carry the token
        await set_up(sandbox, hub)
        number = await queued_gig(sandbox, hub, poster, "Packaging for a coffee roaster")

        # A failing request: Discord refuses the post in the gigs channel.
        sandbox.inject(f"POST /channels/{hub.gigs.id}/messages", faults.missing_permissions())
        waiting = pressable(sandbox, hub.queue, "approve")[number]
        approving = await sandbox.click(hub.moderators[0], waiting, f"gig:approve:{number}")
        approved = await approving.wait_followup()
        assert approved.content == t(
            "en", "gigmod.approved_not_published", number=number, channel=hub.gigs.mention
        )

        # An unexpected exception: Discord refuses the bot's first answer to a command.
        sandbox.inject("POST /interactions/*/*/callback", faults.missing_permissions())
        apology = await sandbox.slash(poster, "gig mine")
        assert apology.content == t("en", "core.unexpected")
    finally:
        await bot.stop()

    logged = log.read_text(encoding="utf-8")
    # What the log must show for the scan to mean something: DEBUG, the login, the failure
    # with Discord's answer, the exception with its traceback.
    for evidence in (
        " DEBUG ",
        "logging in using static token",
        f"refused gig {number}: 403 Forbidden (error code: 50013): Missing Permissions",
        "unexpected error in an interaction",
        "Traceback (most recent call last)",
    ):
        assert evidence in logged, f"the log lacks {evidence!r}:\n{logged[-3000:]}"
    assert leaks(sandbox.token, logged) == []
    sent = json.dumps([exchange.sent for exchange in sandbox.exchanges], default=repr)
    assert leaks(sandbox.token, sent) == [], "a message Mozaik sent contains the token"
    for message in sandbox.dms(poster):
        assert leaks(sandbox.token, message.text) == []


async def test_a_refused_login_prints_no_token(
    sandbox: Sandbox, tmp_path: Path, database: Path | str
):
    config = write_config(tmp_path, database=database, log_level="DEBUG")
    log = tmp_path / "mozaik.log"
    bot = await BotProcess.spawn(sandbox, config, log, token=WRONG_TOKEN)
    try:
        await bot.release()
        status = await bot.exited()
    finally:
        await bot.kill()
    refused = sandbox.take_violations()
    assert [(v.method, v.path, v.status) for v in refused] == [("GET", "/users/@me", 401)]

    printed = log.read_text(encoding="utf-8")
    assert status == 2, printed[-3000:]
    assert "Discord refused the token in DISCORD_TOKEN" in printed
    assert "Traceback" not in printed
    assert leaks(WRONG_TOKEN, printed) == []


async def test_mozaik_backup_prints_and_copies_no_token(sandbox: Sandbox, tmp_path: Path):
    # SQLite's own backup (PostgreSQL's is pg_dump): a file of its own, on either run.
    database = tmp_path / "mozaik.db"
    hub = a_hub(sandbox)
    async with sandbox.run_bot(Settings(database=database)):  # a database Mozaik has used
        await set_up(sandbox, hub)
    config = write_config(tmp_path, database=database, log_level="DEBUG")
    copy = tmp_path / "backups" / "mozaik-copy.db"
    copy.parent.mkdir()

    backup = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bot", "--config", str(config), "backup", str(copy)),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env=process_environment(sandbox),
        cwd=tmp_path,
    )
    output, _ = await backup.communicate()
    printed = output.decode()

    assert backup.returncode == 0, printed
    assert printed.strip() == f"backed up {database} to {copy}"
    assert leaks(sandbox.token, printed) == []
    copied = copy.read_bytes()
    assert copied.startswith(b"SQLite format 3")
    assert leaks(sandbox.token, copied.decode("latin-1")) == []
