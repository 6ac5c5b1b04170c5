"""The `mozaik` command: run the bot, serve the public board, check settings, back up the database,
try the sandbox."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sqlite3
import sys
from contextlib import AsyncExitStack
from pathlib import Path

import discord

from bot.config import (
    TOKEN_VARIABLE,
    ConfigError,
    Settings,
    database_password,
    load_settings,
    with_shards,
)
from bot.database import PostgresAddress
from bot.instance import DatabaseInUse
from bot.logs import setup_logging
from bot.store import StoreUnavailable, backup_database

EXIT_USAGE = 2
DEFAULT_CONFIG = Path("config.toml")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "run"
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
