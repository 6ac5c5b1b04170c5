"""The `mozaik` command: run the bot, serve the public board, check settings, back up the database,
move it to another store, try the sandbox."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sqlite3
import sys
from contextlib import AsyncExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import discord

from bot.config import (
    TOKEN_VARIABLE,
    ConfigError,
    Settings,
    database_password,
    load_settings,
    with_shards,
)
from bot.database import PASSWORD_VARIABLE, Database, PostgresAddress, parse_database
from bot.instance import DatabaseInUse, check_not_served
from bot.logs import setup_logging
from bot.store import Store, StoreUnavailable, backup_database

if TYPE_CHECKING:
    from bot.store.moving import TableCheck

EXIT_USAGE = 2
DEFAULT_CONFIG = Path("config.toml")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "run"
    if command == "migrate-store":
        return _migrate_store(args.source, args.target)
    try:
        if command == "check-config":
            load_settings(args.path)
            print(f"{args.path}: ok")
            return 0
        settings = load_settings(_config_path(args))
        if command == "run":
            settings = with_shards(
                settings, getattr(args, "shards", None), getattr(args, "shard_count", None)
            )
    except ConfigError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    if command == "backup":
        return _backup(settings, args.destination)
    if command == "sandbox":
        from bot.sandbox.tour import run_tour

        return 0 if asyncio.run(run_tour(sys.stdout)) else 1
    if command == "web":
        return _web(settings)
    return _run(settings)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mozaik", description="Mozaik, the hub's opportunity market."
    )
    parser.add_argument(
        "--config", type=Path, help=f"settings file (default: {DEFAULT_CONFIG} if it exists)"
    )
    commands = parser.add_subparsers(dest="command")
    run = commands.add_parser("run", help="connect to Discord and serve the hubs (the default)")
    run.add_argument(
        "--shards", help="the shards this process serves, such as 0-3 (with --shard-count)"
    )
    run.add_argument("--shard-count", type=int, help="how many shards the bot runs in all")
    commands.add_parser("web", help="serve the public board of the hubs that turned it on")
    check = commands.add_parser("check-config", help="validate a settings file and exit")
    check.add_argument("path", type=Path, nargs="?", default=DEFAULT_CONFIG)
    backup = commands.add_parser("backup", help="copy the database safely, even while the bot runs")
    backup.add_argument("destination", type=Path)
    move = commands.add_parser(
        "migrate-store",
        help="copy every table of a database into a new, empty one (SQLite or PostgreSQL) "
        "and verify the copy",
    )
    move.add_argument("source", metavar="FROM", help="a database file or postgresql:// URL")
    move.add_argument("target", metavar="TO", help="the same, migrated first; it must hold no rows")
    commands.add_parser(
        "sandbox", help="try Mozaik without Discord: a guided tour in a local emulator"
    )
    return parser


def _config_path(args: argparse.Namespace) -> Path | None:
    if args.config is not None:
        return Path(args.config)
    return DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None


def _backup(settings: Settings, destination: Path) -> int:
    if isinstance(settings.database, PostgresAddress):
        print(
            f"{settings.database} is a PostgreSQL database: back it up with pg_dump",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if destination.exists():
        print(f"{destination} already exists; choose a new file", file=sys.stderr)
        return EXIT_USAGE
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        asyncio.run(backup_database(settings.database, destination))
    except FileNotFoundError:
        print(f"no database at {settings.database}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, sqlite3.Error) as error:
        print(f"could not write the copy to {destination}: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"backed up {settings.database} to {destination}")
    return 0


def _migrate_store(source_value: str, target_value: str) -> int:
    """Copy FROM into TO and print each table's check: 0 if every table came across the same,
    1 if one differs, 2 (with one line) if the move could not be made."""
    from bot.store.moving import DRIVER_ERRORS, MoveRefused

    try:
        source, target = parse_database(source_value), parse_database(target_value)
    except ValueError as error:
        print(f"migrate-store: {error}", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(source, Path) and not source.exists():
        print(f"no database at {source}", file=sys.stderr)
        return EXIT_USAGE
    if source == target:
        print(f"{source} is both FROM and TO: name another database", file=sys.stderr)
        return EXIT_USAGE
    try:
        checks = asyncio.run(_move(source, target, os.environ.get(PASSWORD_VARIABLE)))
    except (StoreUnavailable, DatabaseInUse, MoveRefused) as refused:
        print(refused, file=sys.stderr)
        return EXIT_USAGE
    except (OSError, *DRIVER_ERRORS) as error:  # a folder that does not exist, a lost server
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        print(f"could not move {source} to {target}: {reason}", file=sys.stderr)
        return EXIT_USAGE
    width = max(len(check.name) for check in checks)
    print(f"{'table':<{width}}  {'rows':>9}  checksum (SHA-256, first 16)")
    for check in checks:
        print(f"{check.name:<{width}}  {_verified(check)}")
    differing = [check.name for check in checks if not check.same]
    if differing:
        print(f"the copy differs in {', '.join(differing)}", file=sys.stderr)
        return 1
    print(f"moved {sum(c.source_rows for c in checks)} rows from {source} to {target}, verified")
    return 0


async def _move(source: Database, target: Database, password: str | None) -> list[TableCheck]:
    from bot.store.moving import move_store

    async with Store.open(source, password=password) as origin:
        await check_not_served(origin, source)  # a copy of a database still changing is unsound
        async with Store.open(target, password=password) as copy:
            return await move_store(origin, copy)


def _verified(check: TableCheck) -> str:
    if check.same:
        return f"{check.source_rows:>9}  {check.source_sum[:16]}  same"
    return (
        f"{check.source_rows:>9}  {check.source_sum[:16]}  DIFFERS: {check.target_rows} rows, "
        f"{check.target_sum[:16]}"
    )


def _run(settings: Settings) -> int:
    if settings.token is None:
        print(
            f"{TOKEN_VARIABLE} is not set: export the bot token to run Mozaik, "
            "or try it without Discord with `mozaik sandbox`.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    token = settings.token.get_secret_value()
    setup_logging(settings.log_level, secrets=_secrets(token, settings))
    try:
        asyncio.run(_serve(settings, token))
    except (DatabaseInUse, StoreUnavailable) as unusable:
        print(unusable, file=sys.stderr)
        return EXIT_USAGE
    except discord.LoginFailure:
        print(
            f"Discord refused the token in {TOKEN_VARIABLE}; check it and try again.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return 0


def _web(settings: Settings) -> int:
    from bot.web.server import run_web

    setup_logging(settings.log_level, secrets=_secrets(None, settings))
    print(f"public board on {settings.web.root}/hubs/<server id>", flush=True)
    try:
        asyncio.run(run_web(settings))
    except StoreUnavailable as unusable:
        print(unusable, file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:  # the port is taken, the address is not this machine's
        print(
            f"could not serve on {settings.web.host}:{settings.web.port}: {error}", file=sys.stderr
        )
        return EXIT_USAGE
    return 0


def _secrets(token: str | None, settings: Settings) -> list[str]:
    """What the logs must never show."""
    return [secret for secret in (token, database_password(settings)) if secret]


async def _serve(settings: Settings, token: str) -> None:
    from bot.app import open_bot

    async with open_bot(settings) as bot, AsyncExitStack() as beside:
        if settings.web.enabled:
            from bot.web.server import serving

            await beside.enter_async_context(serving(bot.store, settings, bot.clock))
        loop = asyncio.get_running_loop()
        closing: list[asyncio.Task[None]] = []  # held so the closing task is not collected early
        for stop_signal in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(
                stop_signal, lambda: closing.append(loop.create_task(bot.close()))
            )
        await bot.start(token)


if __name__ == "__main__":
    sys.exit(main())
