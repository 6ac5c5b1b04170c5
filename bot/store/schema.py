"""The numbered migrations, and the one check before applying them: a database at a newer
schema than this code knows is refused, on either engine."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from importlib import resources
from importlib.resources.abc import Traversable

# The migrations, in SQLite's dialect; PostgreSQL runs them turned into its own
# (bot/store/dialect.py), each followed by what it does its own way, in the file of the same
# number and name in postgresql/ if there is one.
SQLITE_MIGRATIONS = resources.files(__package__).joinpath("migrations")
POSTGRESQL_OWN = SQLITE_MIGRATIONS.joinpath("postgresql")

Migration = tuple[int, str, str]  # number, name, script


class StoreUnavailable(Exception):
    """The database cannot be used; the message is one line naming it, never a password."""


def migrations() -> list[Migration]:
    """The migrations, in order, numbered 1..n."""
    found = sorted(_scripts(SQLITE_MIGRATIONS))
    versions = [version for version, _, _ in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..n without gaps, found {versions}")
    return found


def postgresql_own(known_migrations: Iterable[Migration]) -> dict[tuple[int, str], str]:
    """PostgreSQL's own statements by the number and name of the migration of
    `known_migrations` they belong to (RuntimeError for a file that names none)."""
    known = {(number, name) for number, name, _ in known_migrations}
    own = {(number, name): script for number, name, script in _scripts(POSTGRESQL_OWN)}
    if stray := sorted(own.keys() - known):
        raise RuntimeError(f"PostgreSQL statements for no migration: {stray}")
    return own


def _scripts(folder: Traversable) -> Iterable[Migration]:
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            number, _, name = entry.name.removesuffix(".sql").partition("_")
            yield int(number), name, entry.read_text(encoding="utf-8")


def check_known(database: object, version: int, known: Iterable[Migration]) -> None:
    """StoreUnavailable if `database` is at a schema newer than the last of `known`: code that
    does not know its tables could write rows the newer code would misread."""
    latest = max((number for number, _, _ in known), default=0)
    if version > latest:
        raise StoreUnavailable(
            f"{database}: the database is at schema version {version}, newer than this "
            f"Mozaik knows ({latest}); run the Mozaik that upgraded it"
        )


def statements(script: str) -> Iterable[str]:
    """Split a SQLite migration into statements; sqlite3.complete_statement keeps triggers
    whole."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                yield pending
            pending = ""
    if pending.strip() and not pending.strip().startswith("--"):
        raise RuntimeError(f"incomplete statement at the end of a migration: {pending[:80]!r}")
